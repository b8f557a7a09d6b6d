// A zero PAD of height and width folds into the convolution that reads it, or into a VALID pool
// (which then counts the padded zeros: include_pad).
// RUN: mnet-opt %s -split-input-file -mnet-fold-pad | FileCheck %s

// CHECK-LABEL: func.func @folds
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x4xf32>
// CHECK-NOT: mnet.pad
// CHECK: mnet.depthwise_conv2d %[[X]], %{{.+}} {activation = #mnet.activation<relu6>, depth_multiplier = 1 : i64, dilations = array<i64: 1, 1>, padding = array<i64: 0, 1, 2, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x4x5x4xf32>
// CHECK: mnet.conv2d %[[X]], %{{.+}} {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 2, 2, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<2x3x3x4xf32>) -> tensor<1x10x8x2xf32>
func.func @folds(%x: tensor<1x8x8x4xf32>, %wd: tensor<1x3x3x4xf32>, %wc: tensor<2x3x3x4xf32>) -> (tensor<1x4x5x4xf32>, tensor<1x10x8x2xf32>) {
  %p = mnet.pad %x {low = array<i64: 0, 0, 1, 0>, high = array<i64: 0, 1, 0, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x9x9x4xf32>
  %d = mnet.depthwise_conv2d %p, %wd {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<relu6>} : (tensor<1x9x9x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x4x5x4xf32>
  %q = mnet.pad %x {low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 1, 0, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x8x4xf32>
  %c = mnet.conv2d %q, %wc {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, activation = #mnet.activation<none>} : (tensor<1x10x8x4xf32>, tensor<2x3x3x4xf32>) -> tensor<1x10x8x2xf32>
  return %d, %c : tensor<1x4x5x4xf32>, tensor<1x10x8x2xf32>
}

// -----

// Kept: a non-zero value, channel padding, a pad with two readers.
// CHECK-LABEL: func.func @keeps
// CHECK-COUNT-3: mnet.pad
func.func @keeps(%x: tensor<1x8x8x4xf32>, %wd: tensor<1x3x3x4xf32>, %w6: tensor<1x3x3x6xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x8x8x6xf32>, tensor<1x8x8x4xf32>, tensor<1x10x10x4xf32>) {
  %p = mnet.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>, value = -1.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x10x4xf32>
  %a = mnet.depthwise_conv2d %p, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x10x10x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  %c = mnet.pad %x {low = array<i64: 0, 1, 1, 1>, high = array<i64: 0, 1, 1, 1>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x10x6xf32>
  %b = mnet.depthwise_conv2d %c, %w6 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x10x10x6xf32>, tensor<1x3x3x6xf32>) -> tensor<1x8x8x6xf32>
  %t = mnet.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x10x4xf32>
  %u = mnet.depthwise_conv2d %t, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x10x10x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  return %a, %b, %u, %t : tensor<1x8x8x4xf32>, tensor<1x8x8x6xf32>, tensor<1x8x8x4xf32>, tensor<1x10x10x4xf32>
}

// -----

// Pools: a VALID pool takes the pad with include_pad; a pool that already counts its padding
// adds more; a SAME pool (ignoring its padded taps) keeps the pad, as does a nonzero pad.
// CHECK-LABEL: func.func @pools
// CHECK-SAME: (%[[X:.+]]: tensor<1x8x8x4xf32>
// CHECK-NEXT: %[[A:.+]] = mnet.avg_pool2d %[[X]] {activation = #mnet.activation<relu>, include_pad, kernel = array<i64: 3, 3>, padding = array<i64: 1, 2, 0, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x4xf32> -> tensor<1x5x4x4xf32>
// CHECK-NEXT: %[[M:.+]] = mnet.max_pool2d %[[X]] {activation = #mnet.activation<none>, include_pad, kernel = array<i64: 2, 2>, padding = array<i64: 2, 1, 1, 0>, strides = array<i64: 2, 2>} : tensor<1x8x8x4xf32> -> tensor<1x5x4x4xf32>
// CHECK-NEXT: %[[P:.+]] = mnet.pad %[[X]]
// CHECK-NEXT: mnet.max_pool2d %[[P]] {activation = #mnet.activation<none>, kernel = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>}
// CHECK-NEXT: %[[Q:.+]] = mnet.pad %[[X]]
// CHECK-NEXT: mnet.avg_pool2d %[[Q]] {activation = #mnet.activation<none>, kernel
func.func @pools(%x: tensor<1x8x8x4xf32>) -> (tensor<1x5x4x4xf32>, tensor<1x5x4x4xf32>, tensor<1x5x5x4xf32>, tensor<1x4x4x4xf32>) {
  %p = mnet.pad %x {low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 2, 1, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x11x9x4xf32>
  %a = mnet.avg_pool2d %p {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu>} : tensor<1x11x9x4xf32> -> tensor<1x5x4x4xf32>
  %q = mnet.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 0, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x9x4xf32>
  %m = mnet.max_pool2d %q {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 0, 0>, include_pad, activation = #mnet.activation<none>} : tensor<1x10x9x4xf32> -> tensor<1x5x4x4xf32>
  %r = mnet.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 0, 0, 0>, value = 0.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x9x9x4xf32>
  %s = mnet.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>, activation = #mnet.activation<none>} : tensor<1x9x9x4xf32> -> tensor<1x5x5x4xf32>
  %t = mnet.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>, value = -1.0 : f32} : tensor<1x8x8x4xf32> -> tensor<1x10x10x4xf32>
  %u = mnet.avg_pool2d %t {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : tensor<1x10x10x4xf32> -> tensor<1x4x4x4xf32>
  return %a, %m, %s, %u : tensor<1x5x4x4xf32>, tensor<1x5x4x4xf32>, tensor<1x5x5x4xf32>, tensor<1x4x4x4xf32>
}

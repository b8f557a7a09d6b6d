// A residual add, or a hard-swish, after a packed convolution becomes its epilogue.
// RUN: mnet-opt %s -split-input-file -mnet-fuse-epilogue -mlir-print-debuginfo -mlir-print-local-scope | FileCheck %s

// CHECK-LABEL: func.func @residual
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x4x2xf32> {{.*}}, %[[R:[^:]+]]: tensor<1x4x4x3xf32>
func.func @residual(%x: tensor<1x4x4x2xf32>, %r: tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> {
  %w = mnet.const dense<1.0> : tensor<1x3x4xf32>
  // CHECK: %[[Y:.+]] = mnet.packed_conv2d %[[X]], %{{.+}} residual %[[R]] {activation = #mnet.activation<relu6>, {{.*}}residual_activation = #mnet.activation<relu>, {{.*}}} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("sum")
  // CHECK-NOT: mnet.add
  // CHECK: return %[[Y]]
  %c = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32> loc("conv")
  // The convolution on the right-hand side works as well.
  %s = mnet.add %r, %c {activation = #mnet.activation<relu>} : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("sum")
  return %s : tensor<1x4x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @hard_swish
func.func @hard_swish(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = mnet.const dense<1.0> : tensor<1x3x4xf32>
  // CHECK: %[[Y:.+]] = mnet.packed_conv2d {{.+}} {activation = #mnet.activation<none>, {{.*}}hard_swish, {{.*}}} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>{{.*}}
  // CHECK-NOT: mnet.hard_swish
  // CHECK: return %[[Y]]
  %c = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  %h = mnet.hard_swish %c : tensor<1x4x4x3xf32>
  return %h : tensor<1x4x4x3xf32>
}

// -----

// A depthwise convolution takes a following hard-swish as well.
// CHECK-LABEL: func.func @depthwise_hard_swish
func.func @depthwise_hard_swish(%x: tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32> {
  %w = mnet.const dense<1.0> : tensor<1x3x3x8xf32>
  // CHECK: %[[Y:.+]] = mnet.depthwise_conv2d {{.+}} {activation = #mnet.activation<none>, {{.*}}hard_swish, {{.*}}} : (tensor<1x4x4x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x4x4x8xf32> loc("hs")
  // CHECK-NOT: mnet.hard_swish
  // CHECK: return %[[Y]]
  %d = mnet.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x4x4x8xf32> loc("dw")
  %h = mnet.hard_swish %d : tensor<1x4x4x8xf32> loc("hs")
  return %h : tensor<1x4x4x8xf32>
}

// Not when the depthwise result is read elsewhere too.
// CHECK-LABEL: func.func @depthwise_shared
// CHECK: mnet.depthwise_conv2d
// CHECK-NOT: hard_swish,
// CHECK: mnet.hard_swish
func.func @depthwise_shared(%x: tensor<1x4x4x8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  %w = mnet.const dense<1.0> : tensor<1x3x3x8xf32>
  %d = mnet.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %h = mnet.hard_swish %d : tensor<1x4x4x8xf32>
  return %h, %d : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

// -----

// Not fused: the convolution's value is used twice; the add broadcasts; the residual is
// computed after the convolution; the convolution already has an epilogue.
// CHECK-LABEL: func.func @keeps
func.func @keeps(%x: tensor<1x4x4x2xf32>, %r: tensor<1x4x4x3xf32>, %b: tensor<1x1x1x3xf32>) -> (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) {
  %w = mnet.const dense<1.0> : tensor<1x3x4xf32>
  %c1 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  // CHECK: mnet.add
  %s1 = mnet.add %c1, %r {activation = #mnet.activation<none>} : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %c2 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  // CHECK: mnet.add
  %s2 = mnet.add %c2, %b {activation = #mnet.activation<none>} : (tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x3xf32>
  %c3 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  %late = mnet.hard_swish %r : tensor<1x4x4x3xf32>
  // CHECK: mnet.add
  %s3 = mnet.add %c3, %late {activation = #mnet.activation<none>} : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %c4 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, hard_swish} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  // CHECK: mnet.add
  %s4 = mnet.add %c4, %r {activation = #mnet.activation<none>} : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %s1, %s2, %s3, %c1 : tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>
}

// Convolutions with constant weights become packed_conv2d: filter and bias in blocks of NR
// output channels, [blocks, 1 + KH*KW*IC, NR], bias row first, zeros past the last channel.
// RUN: mnet-opt %s -split-input-file -mnet-pack-weights="vector-width=2 max-vectors=2" | FileCheck %s

// 3 output channels, width 2: NR = 4 (two vectors), one block; filter OHWI [3,1,1,2].
// CHECK-LABEL: func.func @packs
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
func.func @packs(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  // CHECK: %[[W:.+]] = mnet.const dense<{{\[\[\[}}1.000000e-01, 2.000000e-01, 3.000000e-01, 0.000000e+00], [1.000000e+00, 3.000000e+00, 5.000000e+00, 0.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 0.000000e+00]]]> : tensor<1x3x4xf32>
  // CHECK-NOT: mnet.const
  // CHECK: %[[Y:.+]] = mnet.packed_conv2d %[[X]], %[[W]] {activation = #mnet.activation<relu6>, dilations = array<i64: 1, 1>, kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<1x3x4xf32>) -> tensor<1x4x4x3xf32>
  // CHECK-NOT: mnet.conv2d
  // CHECK: return %[[Y]]
  %w = mnet.const dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]]]> : tensor<3x1x1x2xf32>
  %b = mnet.const dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %y = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// 7 output channels: blocks of NR = 4 (two blocks of 2 vectors pad them to 8, as four blocks
// of one vector would; the tie goes to the wider block); a 2x1 strided, padded window, no
// bias (zero row). Rows: bias, then (ky, kx, ic) = (0,0,0), (1,0,0); channel o's weights are
// o*10 + tap.
// CHECK-LABEL: func.func @blocks
// CHECK: %[[W:.+]] = mnet.const dense<{{\[\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+01, 2.000000e+01, 3.000000e+01], [1.000000e+00, 1.100000e+01, 2.100000e+01, 3.100000e+01]], {{\[\[}}0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [4.000000e+01, 5.000000e+01, 6.000000e+01, 0.000000e+00], [4.100000e+01, 5.100000e+01, 6.100000e+01, 0.000000e+00]]]> : tensor<2x3x4xf32>
// CHECK: mnet.packed_conv2d %arg0, %[[W]] {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, kernel = array<i64: 2, 1>, padding = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x4x4x1xf32>, tensor<2x3x4xf32>) -> tensor<1x2x4x7xf32>
func.func @blocks(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x4x7xf32> {
  %w = mnet.const dense<[[[[0.0]], [[1.0]]], [[[10.0]], [[11.0]]], [[[20.0]], [[21.0]]], [[[30.0]], [[31.0]]], [[[40.0]], [[41.0]]], [[[50.0]], [[51.0]]], [[[60.0]], [[61.0]]]]> : tensor<7x2x1x1xf32>
  %y = mnet.conv2d %x, %w {strides = array<i64: 2, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x1xf32>, tensor<7x2x1x1xf32>) -> tensor<1x2x4x7xf32>
  return %y : tensor<1x2x4x7xf32>
}

// -----

// 5 output channels: three blocks of one vector (6 channels) pad less than two of two (8).
// CHECK-LABEL: func.func @narrow
// CHECK: mnet.const dense<{{\[\[\[}}0.000000e+00, 0.000000e+00], [1.000000e+00, 2.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00], [3.000000e+00, 4.000000e+00]], {{\[\[}}0.000000e+00, 0.000000e+00], [5.000000e+00, 0.000000e+00]]]> : tensor<3x2x2xf32>
// CHECK: mnet.packed_conv2d {{.+}} -> tensor<1x1x1x5xf32>
func.func @narrow(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x5xf32> {
  %w = mnet.const dense<[[[[1.0]]], [[[2.0]]], [[[3.0]]], [[[4.0]]], [[[5.0]]]]> : tensor<5x1x1x1xf32>
  %y = mnet.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x1x1x1xf32>, tensor<5x1x1x1xf32>) -> tensor<1x1x1x5xf32>
  return %y : tensor<1x1x1x5xf32>
}

// -----

// Non-constant weights, and windows of more than 64 taps, stay convolutions.
// CHECK-LABEL: func.func @keeps
func.func @keeps(%x: tensor<1x9x9x2xf32>, %v: tensor<3x1x1x2xf32>) -> (tensor<1x9x9x3xf32>, tensor<1x1x1x3xf32>) {
  // CHECK: mnet.conv2d %{{.+}}, %arg1
  %d = mnet.conv2d %x, %v {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x9x9x2xf32>, tensor<3x1x1x2xf32>) -> tensor<1x9x9x3xf32>
  // CHECK: mnet.conv2d {{.+}} tensor<3x9x9x2xf32>
  %w9 = mnet.const dense<1.0> : tensor<3x9x9x2xf32>
  %k = mnet.conv2d %x, %w9 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x9x9x2xf32>, tensor<3x9x9x2xf32>) -> tensor<1x1x1x3xf32>
  // CHECK-NOT: mnet.packed_conv2d
  return %d, %k : tensor<1x9x9x3xf32>, tensor<1x1x1x3xf32>
}

// -----

// A fully connected layer with constant weights is a 1x1 convolution over its rows, between
// reshapes (which cost nothing).
// CHECK-LABEL: func.func @fully_connected
// CHECK-SAME: (%[[X:.+]]: tensor<1x5x2xf32>)
// CHECK: %[[X4:.+]] = mnet.reshape %[[X]] : tensor<1x5x2xf32> -> tensor<1x1x5x2xf32>
// Two outputs fit one vector of 2: NR = 2.
// CHECK: %[[W:.+]] = mnet.const dense<{{\[\[\[}}5.000000e-01, -5.000000e-01], [1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]]> : tensor<1x3x2xf32>
// CHECK: %[[Y4:.+]] = mnet.packed_conv2d %[[X4]], %[[W]] {activation = #mnet.activation<relu>, dilations = array<i64: 1, 1>, kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x5x2xf32>, tensor<1x3x2xf32>) -> tensor<1x1x5x2xf32>
// CHECK: %[[Y:.+]] = mnet.reshape %[[Y4]] : tensor<1x1x5x2xf32> -> tensor<1x5x2xf32>
// CHECK: return %[[Y]]
func.func @fully_connected(%x: tensor<1x5x2xf32>) -> tensor<1x5x2xf32> {
  %w = mnet.const dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = mnet.const dense<[0.5, -0.5]> : tensor<2xf32>
  %y = mnet.fully_connected %x, %w, %b {activation = #mnet.activation<relu>} : (tensor<1x5x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x5x2xf32>
  return %y : tensor<1x5x2xf32>
}

// 1x1, stride-1, unpadded convolutions with constant weights become pointwise products with
// the filter packed [in_channels, out_channels]; anything else is left alone.
// RUN: mnet-opt %s -split-input-file -mnet-pack-weights | FileCheck %s

// CHECK-LABEL: func.func @packs
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x2xf32>)
func.func @packs(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  // CHECK-DAG: %[[W:.+]] = mnet.const dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
  // CHECK-DAG: %[[B:.+]] = mnet.const dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf32>
  // CHECK: %[[Y:.+]] = mnet.pointwise_conv2d %[[X]], %[[W]], %[[B]] {activation = #mnet.activation<relu6>} : (tensor<1x4x4x2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  // CHECK-NOT: mnet.conv2d
  // CHECK: return %[[Y]]
  %w = mnet.const dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[5.0, 6.0]]]]> : tensor<3x1x1x2xf32>
  %b = mnet.const dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %y = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x4x4x3xf32>
  return %y : tensor<1x4x4x3xf32>
}

// -----

// CHECK-LABEL: func.func @keeps
func.func @keeps(%x: tensor<1x4x4x2xf32>, %v: tensor<3x1x1x2xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) {
  %w = mnet.const dense<1.0> : tensor<3x1x1x2xf32>
  %w3 = mnet.const dense<1.0> : tensor<3x3x3x2xf32>
  // Strided, 3x3, and non-constant weights stay convolutions.
  // CHECK: mnet.conv2d {{.+}} strides = array<i64: 2, 2>
  %s = mnet.conv2d %x, %w {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>) -> tensor<1x2x2x3xf32>
  // CHECK: mnet.conv2d {{.+}} tensor<3x3x3x2xf32>
  %k = mnet.conv2d %x, %w3 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>) -> tensor<1x4x4x3xf32>
  // CHECK: mnet.conv2d %{{.+}}, %arg1
  %d = mnet.conv2d %x, %v {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>) -> tensor<1x4x4x3xf32>
  // CHECK-NOT: mnet.pointwise_conv2d
  return %s, %k, %d : tensor<1x2x2x3xf32>, tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>
}

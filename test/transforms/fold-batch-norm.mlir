// Per-channel MUL/ADD/SUB by constants after a convolution fold into its weights and bias.
// RUN: mnet-opt %s -split-input-file -mnet-fold-batch-norm | FileCheck %s

// conv -> mul [C] -> add [C] (constant first) with RELU6: each output channel's weights and
// bias scaled (OHWI: the channel is the filter's outermost dimension), then the bias shifted:
// (0.5, 1) * (2, -1) + (0.25, 0.5) = (1.25, -0.5); the add's activation moves to the conv.
// CHECK-LABEL: func.func @conv_mul_add
// CHECK-NEXT: %[[W:.+]] = mnet.const dense<{{\[\[\[\[}}2.000000e+00, 4.000000e+00]]], {{\[\[\[}}-3.000000e+00, -4.000000e+00]]]]> : tensor<2x1x1x2xf32>
// CHECK-NEXT: %[[B:.+]] = mnet.const dense<[1.250000e+00, -5.000000e-01]> : tensor<2xf32>
// CHECK-NEXT: %[[Y:.+]] = mnet.conv2d %arg0, %[[W]], %[[B]] {activation = #mnet.activation<relu6>
// CHECK-NEXT: return %[[Y]]
func.func @conv_mul_add(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32> {
  %w = mnet.const dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]]]> : tensor<2x1x1x2xf32>
  %b = mnet.const dense<[0.5, 1.0]> : tensor<2xf32>
  %y = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %s = mnet.const dense<[2.0, -1.0]> : tensor<2xf32>
  %m = mnet.mul %y, %s {activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<2xf32>) -> tensor<1x4x4x2xf32>
  %t = mnet.const dense<[0.25, 0.5]> : tensor<2xf32>
  %a = mnet.add %t, %m {activation = #mnet.activation<relu6>} : (tensor<2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %a : tensor<1x4x4x2xf32>
}

// -----

// depthwise without a bias -> mul [1,1,1,C] -> sub [C]: the weights scaled along the filter's
// innermost dimension, and a bias made: -(0.5, -1) = (-0.5, 1). A scalar MUL scales every
// channel of a conv without a bias, which stays without one.
// CHECK-LABEL: func.func @depthwise_mul_sub
// CHECK-NEXT: %[[W:.+]] = mnet.const dense<{{\[\[\[\[}}3.000000e+00, -2.000000e+00], [3.000000e+00, -2.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-NEXT: %[[B:.+]] = mnet.const dense<[-5.000000e-01, 1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT: %[[D:.+]] = mnet.depthwise_conv2d %arg0, %[[W]], %[[B]] {activation = #mnet.activation<relu>
// CHECK-NEXT: %[[V:.+]] = mnet.const dense<5.000000e-01> : tensor<2x1x1x2xf32>
// CHECK-NEXT: %[[Y:.+]] = mnet.conv2d %[[D]], %[[V]] {activation = #mnet.activation<none>
// CHECK-NEXT: return %[[Y]]
func.func @depthwise_mul_sub(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x3x2xf32> {
  %w = mnet.const dense<1.0> : tensor<1x1x2x2xf32>
  %d = mnet.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x4x4x2xf32>, tensor<1x1x2x2xf32>) -> tensor<1x4x3x2xf32>
  %s = mnet.const dense<[[[[3.0, -2.0]]]]> : tensor<1x1x1x2xf32>
  %m = mnet.mul %d, %s {activation = #mnet.activation<none>} : (tensor<1x4x3x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x4x3x2xf32>
  %t = mnet.const dense<[0.5, -1.0]> : tensor<2xf32>
  %u = mnet.sub %m, %t {activation = #mnet.activation<relu>} : (tensor<1x4x3x2xf32>, tensor<2xf32>) -> tensor<1x4x3x2xf32>
  %v = mnet.const dense<1.0> : tensor<2x1x1x2xf32>
  %y = mnet.conv2d %u, %v {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x3x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x3x2xf32>
  %h = mnet.const dense<0.5> : tensor<f32>
  %z = mnet.mul %h, %y {activation = #mnet.activation<none>} : (tensor<f32>, tensor<1x4x3x2xf32>) -> tensor<1x4x3x2xf32>
  return %z : tensor<1x4x3x2xf32>
}

// -----

// Left alone: the conv has its own activation (the MUL would come after the clamp); the conv
// result has a second user; the other operand is not a constant; the constant varies along
// width, not channels; the constant is subtracted from (c - conv).
// CHECK-LABEL: func.func @keeps
// CHECK-COUNT-5: mnet.{{mul|sub}}
func.func @keeps(%x: tensor<1x2x2x2xf32>, %q: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = mnet.const dense<1.0> : tensor<2x1x1x2xf32>
  %b = mnet.const dense<0.0> : tensor<2xf32>
  %s = mnet.const dense<[2.0, 3.0]> : tensor<2xf32>
  %sw = mnet.const dense<[[[2.0], [3.0]]]> : tensor<1x2x1xf32>
  %y1 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m1 = mnet.mul %y1, %s {activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y2 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m2 = mnet.mul %y2, %s {activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %y3 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m3 = mnet.mul %y3, %q {activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %y4 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m4 = mnet.mul %y4, %sw {activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<1x2x1xf32>) -> tensor<1x2x2x2xf32>
  %y5 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %m5 = mnet.sub %s, %y5 {activation = #mnet.activation<none>} : (tensor<2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %m1, %m2, %y2, %m3, %m4, %m5 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// Round trip: every mnet op prints and parses back to the same IR.
// RUN: mnet-opt %s | mnet-opt | FileCheck %s

// CHECK-LABEL: func.func @convolutions
func.func @convolutions(%x: tensor<1x9x9x8xf32>) -> (tensor<1x5x5x16xf32>, tensor<1x9x9x16xf32>, tensor<1x16xf32>) {
  %w = mnet.const dense<0.5> : tensor<16x3x3x8xf32>
  %b = mnet.const dense<[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0]> : tensor<16xf32>
  %dw = mnet.const dense<0.25> : tensor<1x3x3x16xf32>
  %fw = mnet.const dense<1.0> : tensor<16x648xf32>
  // CHECK: %[[C:.+]] = mnet.conv2d %{{.+}}, %{{.+}}, %{{.+}} {activation = #mnet.activation<relu6>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x9x9x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>) -> tensor<1x5x5x16xf32>
  %c = mnet.conv2d %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, activation = #mnet.activation<relu6>} : (tensor<1x9x9x8xf32>, tensor<16x3x3x8xf32>, tensor<16xf32>) -> tensor<1x5x5x16xf32>
  // CHECK: mnet.depthwise_conv2d %{{.+}}, %{{.+}} {activation = #mnet.activation<none>, depth_multiplier = 2 : i64, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x9x9x8xf32>, tensor<1x3x3x16xf32>) -> tensor<1x9x9x16xf32>
  %d = mnet.depthwise_conv2d %x, %dw {strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, padding = array<i64: 2, 2, 2, 2>, depth_multiplier = 2 : i64, activation = #mnet.activation<none>} : (tensor<1x9x9x8xf32>, tensor<1x3x3x16xf32>) -> tensor<1x9x9x16xf32>
  // CHECK: mnet.fully_connected %{{.+}}, %{{.+}} {activation = #mnet.activation<relu>} : (tensor<1x9x9x8xf32>, tensor<16x648xf32>) -> tensor<1x16xf32>
  %f = mnet.fully_connected %x, %fw {activation = #mnet.activation<relu>} : (tensor<1x9x9x8xf32>, tensor<16x648xf32>) -> tensor<1x16xf32>
  return %c, %d, %f : tensor<1x5x5x16xf32>, tensor<1x9x9x16xf32>, tensor<1x16xf32>
}

// CHECK-LABEL: func.func @elementwise
func.func @elementwise(%a: tensor<1x4x4x8xf32>, %s: tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32> {
  // CHECK: mnet.add %{{.+}}, %{{.+}} {activation = #mnet.activation<relu_n1_to_1>} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %0 = mnet.add %a, %s {activation = #mnet.activation<relu_n1_to_1>} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: mnet.sub
  %1 = mnet.sub %0, %a {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: mnet.mul
  %2 = mnet.mul %1, %s {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: mnet.maximum
  %3 = mnet.maximum %2, %a {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: mnet.minimum
  %4 = mnet.minimum %3, %s {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: mnet.clamp %{{.+}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x4x4x8xf32>
  %5 = mnet.clamp %4 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x4x8xf32>
  // CHECK: mnet.logistic %{{.+}} : tensor<1x4x4x8xf32>
  %6 = mnet.logistic %5 : tensor<1x4x4x8xf32>
  // CHECK: mnet.tanh
  %7 = mnet.tanh %6 : tensor<1x4x4x8xf32>
  // CHECK: mnet.hard_swish
  %8 = mnet.hard_swish %7 : tensor<1x4x4x8xf32>
  return %8 : tensor<1x4x4x8xf32>
}

// include_pad (a folded zero PAD) allows a window of padding only.
// CHECK-LABEL: func.func @pool_include_pad
func.func @pool_include_pad(%x: tensor<1x4x4x8xf32>) -> tensor<1x3x3x8xf32> {
  // CHECK: mnet.max_pool2d %{{.+}} {activation = #mnet.activation<none>, include_pad, kernel = array<i64: 2, 2>, padding = array<i64: 2, 0, 2, 0>, strides = array<i64: 2, 2>} : tensor<1x4x4x8xf32> -> tensor<1x3x3x8xf32>
  %0 = mnet.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 0, 2, 0>, include_pad, activation = #mnet.activation<none>} : tensor<1x4x4x8xf32> -> tensor<1x3x3x8xf32>
  return %0 : tensor<1x3x3x8xf32>
}

// CHECK-LABEL: func.func @pooling_and_shapes
func.func @pooling_and_shapes(%x: tensor<1x8x8x16xf32>, %y: tensor<1x8x8x8xf32>) -> (tensor<1x1000xf32>, tensor<1x16x16x24xf32>) {
  // CHECK: mnet.avg_pool2d %{{.+}} {activation = #mnet.activation<none>, kernel = array<i64: 3, 3>, padding = array<i64: 0, 1, 0, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x16xf32> -> tensor<1x4x4x16xf32>
  %a = mnet.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>, activation = #mnet.activation<none>} : tensor<1x8x8x16xf32> -> tensor<1x4x4x16xf32>
  // CHECK: mnet.max_pool2d
  %m = mnet.max_pool2d %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : tensor<1x4x4x16xf32> -> tensor<1x2x2x16xf32>
  // CHECK: mnet.mean %{{.+}} {axes = array<i64: 1, 2>, keep_dims = false} : tensor<1x2x2x16xf32> -> tensor<1x16xf32>
  %g = mnet.mean %m {axes = array<i64: 1, 2>, keep_dims = false} : tensor<1x2x2x16xf32> -> tensor<1x16xf32>
  // CHECK: mnet.pad %{{.+}} {high = array<i64: 0, 984>, low = array<i64: 0, 0>, value = -1.500000e+00 : f32} : tensor<1x16xf32> -> tensor<1x1000xf32>
  %p = mnet.pad %g {low = array<i64: 0, 0>, high = array<i64: 0, 984>, value = -1.5 : f32} : tensor<1x16xf32> -> tensor<1x1000xf32>
  // CHECK: mnet.softmax %{{.+}} {beta = 5.000000e-01 : f32} : tensor<1x1000xf32>
  %s = mnet.softmax %p {beta = 0.5 : f32} : tensor<1x1000xf32>
  // CHECK: mnet.concat %{{.+}}, %{{.+}} {axis = 3 : i64} : (tensor<1x8x8x16xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x24xf32>
  %c = mnet.concat %x, %y {axis = 3 : i64} : (tensor<1x8x8x16xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x24xf32>
  // CHECK: mnet.resize_bilinear %{{.+}} {align_corners = false, half_pixel_centers = true} : tensor<1x8x8x24xf32> -> tensor<1x16x16x24xf32>
  %r = mnet.resize_bilinear %c {align_corners = false, half_pixel_centers = true} : tensor<1x8x8x24xf32> -> tensor<1x16x16x24xf32>
  // CHECK: mnet.resize_nearest
  %n = mnet.resize_nearest %r {align_corners = true, half_pixel_centers = false} : tensor<1x16x16x24xf32> -> tensor<1x16x16x24xf32>
  // CHECK: mnet.reshape %{{.+}} : tensor<1x1000xf32> -> tensor<1x1x1x1000xf32>
  %q = mnet.reshape %s : tensor<1x1000xf32> -> tensor<1x1x1x1000xf32>
  %back = mnet.reshape %q : tensor<1x1x1x1000xf32> -> tensor<1x1000xf32>
  return %back, %n : tensor<1x1000xf32>, tensor<1x16x16x24xf32>
}

// CHECK-LABEL: func.func @upsampling
func.func @upsampling(%x: tensor<1x8x8x16xf32>, %w: tensor<4x3x3x16xf32>, %b: tensor<4xf32>) -> (tensor<1x16x16x4xf32>, tensor<1x16x16x4xf32>) {
  // CHECK: mnet.transpose_conv2d %{{.+}}, %{{.+}}, %{{.+}} {activation = #mnet.activation<none>, padding = array<i64: 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<4x3x3x16xf32>, tensor<4xf32>) -> tensor<1x16x16x4xf32>
  %t = mnet.transpose_conv2d %x, %w, %b {strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x16xf32>, tensor<4x3x3x16xf32>, tensor<4xf32>) -> tensor<1x16x16x4xf32>
  // CHECK: mnet.depth_to_space %{{.+}} {block_size = 2 : i64} : tensor<1x8x8x16xf32> -> tensor<1x16x16x4xf32>
  %d = mnet.depth_to_space %x {block_size = 2 : i64} : tensor<1x8x8x16xf32> -> tensor<1x16x16x4xf32>
  return %t, %d : tensor<1x16x16x4xf32>, tensor<1x16x16x4xf32>
}

// CHECK-LABEL: func.func @half_weights
func.func @half_weights() -> tensor<2xf32> {
  %h = mnet.const dense<[1.0, -2.0]> : tensor<2xf16>
  // CHECK: mnet.dequantize %{{.+}} : tensor<2xf16> -> tensor<2xf32>
  %f = mnet.dequantize %h : tensor<2xf16> -> tensor<2xf32>
  return %f : tensor<2xf32>
}

// CHECK-LABEL: func.func @squeeze_excite
func.func @squeeze_excite(%x: tensor<1x4x4x8xf32>, %w1: tensor<8x2xf32>, %b1: tensor<2xf32>, %w2: tensor<2x8xf32>, %b2: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  // CHECK: mnet.squeeze_excite %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}, %{{.+}} {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  %0 = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK: gate = #mnet.gate<sigmoid>
  %1 = mnet.squeeze_excite %0, %w1, %b1, %w2, %b2 {activation = #mnet.activation<none>, gate = #mnet.gate<sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %1 : tensor<1x4x4x8xf32>
}

// MobileNetV3's squeeze-excite chain (mean, 1x1 conv, 1x1 conv, gate, channel multiply)
// becomes one mnet.squeeze_excite with input-major ([in, out]) weights.
// RUN: mnet-opt %s -split-input-file -mnet-fuse-squeeze-excite -mlir-print-local-scope -mlir-print-debuginfo | FileCheck %s

// The hard sigmoid as the importer writes TFLite's ADD 3, RELU6, MUL 1/6. C = 3, R = 2: the
// squeeze filter [[1, 2, 3], [4, 5, 6]] becomes [[1, 4], [2, 5], [3, 6]], the excite filter
// [[7, 8], [9, 10], [11, 12]] becomes [[7, 9, 11], [8, 10, 12]].
// CHECK-LABEL: func.func @hard_sigmoid
// CHECK-SAME: (%[[X:[^:]+]]: tensor<1x4x5x3xf32>
// CHECK-DAG: %[[W1:.+]] = mnet.const dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG: %[[B1:.+]] = mnet.const dense<[5.000000e-01, -5.000000e-01]> : tensor<2xf32>
// CHECK-DAG: %[[W2:.+]] = mnet.const dense<{{\[\[}}7.000000e+00, 9.000000e+00, 1.100000e+01], [8.000000e+00, 1.000000e+01, 1.200000e+01]]> : tensor<2x3xf32>
// CHECK-DAG: %[[B2:.+]] = mnet.const dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK: %[[Y:.+]] = mnet.squeeze_excite %[[X]], %[[W1]], %[[B1]], %[[W2]], %[[B2]] {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x4x5x3xf32>, tensor<3x2xf32>, tensor<2xf32>, tensor<2x3xf32>, tensor<3xf32>) -> tensor<1x4x5x3xf32> loc("se/Mul")
// CHECK-NOT: mnet.mean
// CHECK-NOT: mnet.conv2d
// CHECK-NOT: mnet.add
// CHECK-NOT: mnet.clamp
// CHECK-NOT: mnet.mul
// CHECK: return %[[Y]]
func.func @hard_sigmoid(%x: tensor<1x4x5x3xf32>) -> tensor<1x4x5x3xf32> {
  %m = mnet.mean %x {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x4x5x3xf32> -> tensor<1x1x1x3xf32>
  %w1 = mnet.const dense<[[[[1.0, 2.0, 3.0]]], [[[4.0, 5.0, 6.0]]]]> : tensor<2x1x1x3xf32>
  %b1 = mnet.const dense<[0.5, -0.5]> : tensor<2xf32>
  %s = mnet.conv2d %m, %w1, %b1 {activation = #mnet.activation<relu>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x3xf32>, tensor<2x1x1x3xf32>, tensor<2xf32>) -> tensor<1x1x1x2xf32>
  %w2 = mnet.const dense<[[[[7.0, 8.0]]], [[[9.0, 10.0]]], [[[11.0, 12.0]]]]> : tensor<3x1x1x2xf32>
  %b2 = mnet.const dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %e = mnet.conv2d %s, %w2, %b2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x1x1x3xf32>
  %three = mnet.const dense<3.0> : tensor<f32>
  %t = mnet.add %e, %three {activation = #mnet.activation<none>} : (tensor<1x1x1x3xf32>, tensor<f32>) -> tensor<1x1x1x3xf32>
  %u = mnet.clamp %t {max = 6.0 : f32, min = 0.0 : f32} : tensor<1x1x1x3xf32>
  %sixth = mnet.const dense<0.166666672> : tensor<f32>
  %g = mnet.mul %u, %sixth {activation = #mnet.activation<none>} : (tensor<1x1x1x3xf32>, tensor<f32>) -> tensor<1x1x1x3xf32>
  %y = mnet.mul %x, %g {activation = #mnet.activation<none>} : (tensor<1x4x5x3xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x5x3xf32> loc("se/Mul")
  return %y : tensor<1x4x5x3xf32>
}

// -----

// The other spellings: RELU6 fused into the ADD, constants on the left, the scale on the
// left of the multiply; no biases (zeros); a sigmoid gate; the squeeze's activation kept.
// CHECK-LABEL: func.func @spellings
// CHECK: mnet.squeeze_excite {{.+}} {activation = #mnet.activation<relu6>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x2x2x4xf32>, tensor<4x1xf32>, tensor<1xf32>, tensor<1x4xf32>, tensor<4xf32>) -> tensor<1x2x2x4xf32>
// CHECK: mnet.squeeze_excite {{.+}} {activation = #mnet.activation<none>, gate = #mnet.gate<sigmoid>}
// CHECK-NOT: mnet.conv2d
// CHECK-NOT: mnet.logistic
func.func @spellings(%x: tensor<1x2x2x4xf32>) -> (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>) {
  %m = mnet.mean %x {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x2x2x4xf32> -> tensor<1x1x1x4xf32>
  %w1 = mnet.const dense<0.5> : tensor<1x1x1x4xf32>
  %s = mnet.conv2d %m, %w1 {activation = #mnet.activation<relu6>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32>
  %w2 = mnet.const dense<0.25> : tensor<4x1x1x1xf32>
  %e = mnet.conv2d %s, %w2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x1x1x4xf32>
  %three = mnet.const dense<3.0> : tensor<1x1x1x4xf32>
  %t = mnet.add %three, %e {activation = #mnet.activation<relu6>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %sixth = mnet.const dense<0.166666672> : tensor<f32>
  %g = mnet.mul %sixth, %t {activation = #mnet.activation<none>} : (tensor<f32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x4xf32>
  %y = mnet.mul %g, %x {activation = #mnet.activation<none>} : (tensor<1x1x1x4xf32>, tensor<1x2x2x4xf32>) -> tensor<1x2x2x4xf32>

  %m2 = mnet.mean %y {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x2x2x4xf32> -> tensor<1x1x1x4xf32>
  %s2 = mnet.conv2d %m2, %w1 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32>
  %e2 = mnet.conv2d %s2, %w2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x1x1x4xf32>
  %g2 = mnet.logistic %e2 : tensor<1x1x1x4xf32>
  %y2 = mnet.mul %y, %g2 {activation = #mnet.activation<none>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x2x4xf32>
  return %y, %y2 : tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>
}

// -----

// Not fused: ADD 2.5 is no hard sigmoid; the squeezed vector is used elsewhere too; the mean
// is of another tensor than the one scaled.
// CHECK-LABEL: func.func @keeps
// CHECK-NOT: mnet.squeeze_excite
// CHECK: return
func.func @keeps(%x: tensor<1x2x2x4xf32>, %z: tensor<1x2x2x4xf32>) -> (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1x2x2x4xf32>) {
  %w1 = mnet.const dense<0.5> : tensor<1x1x1x4xf32>
  %w2 = mnet.const dense<0.25> : tensor<4x1x1x1xf32>
  %sixth = mnet.const dense<0.166666672> : tensor<f32>
  %m = mnet.mean %x {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x2x2x4xf32> -> tensor<1x1x1x4xf32>
  %s = mnet.conv2d %m, %w1 {activation = #mnet.activation<relu>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32>
  %e = mnet.conv2d %s, %w2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x1x1x4xf32>
  %not3 = mnet.const dense<2.5> : tensor<f32>
  %t = mnet.add %e, %not3 {activation = #mnet.activation<relu6>} : (tensor<1x1x1x4xf32>, tensor<f32>) -> tensor<1x1x1x4xf32>
  %g = mnet.mul %t, %sixth {activation = #mnet.activation<none>} : (tensor<1x1x1x4xf32>, tensor<f32>) -> tensor<1x1x1x4xf32>
  %y = mnet.mul %x, %g {activation = #mnet.activation<none>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x2x4xf32>

  %ma = mnet.mean %x {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x2x2x4xf32> -> tensor<1x1x1x4xf32>
  %sa = mnet.conv2d %ma, %w1 {activation = #mnet.activation<relu>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32>
  %ea = mnet.conv2d %sa, %w2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x1x1x4xf32>
  %ga = mnet.logistic %ea : tensor<1x1x1x4xf32>
  %ya = mnet.mul %x, %ga {activation = #mnet.activation<none>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x2x4xf32>

  %mb = mnet.mean %z {axes = array<i64: 1, 2>, keep_dims = true} : tensor<1x2x2x4xf32> -> tensor<1x1x1x4xf32>
  %sb = mnet.conv2d %mb, %w1 {activation = #mnet.activation<relu>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x1x1x1xf32>
  %eb = mnet.conv2d %sb, %w2 {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<4x1x1x1xf32>) -> tensor<1x1x1x4xf32>
  %gb = mnet.logistic %eb : tensor<1x1x1x4xf32>
  %yb = mnet.mul %x, %gb {activation = #mnet.activation<none>} : (tensor<1x2x2x4xf32>, tensor<1x1x1x4xf32>) -> tensor<1x2x2x4xf32>
  return %y, %ya, %sa, %yb : tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x1x1x1xf32>, tensor<1x2x2x4xf32>
}

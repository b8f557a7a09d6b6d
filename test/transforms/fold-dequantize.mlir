// Float16 constants behind mnet.dequantize become exact float32 constants.
// RUN: mnet-opt %s -mnet-fold-dequantize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @folds
func.func @folds() -> tensor<4xf32> {
  // CHECK: %[[C:.+]] = mnet.const dense<[1.000000e+00, -2.500000e+00, 6.550400e+04, 5.96046448E-8]> : tensor<4xf32>
  // CHECK-NOT: mnet.dequantize
  // CHECK-NOT: f16
  // CHECK: return %[[C]]
  %h = mnet.const dense<[1.0, -2.5, 65504.0, 5.96046448E-8]> : tensor<4xf16>
  %f = mnet.dequantize %h : tensor<4xf16> -> tensor<4xf32>
  return %f : tensor<4xf32>
}

// -----

// A shared half constant is widened once per use and then dropped.
// CHECK-LABEL: func.func @shared
func.func @shared(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // CHECK-NOT: f16
  %h = mnet.const dense<[0.5, 0.25]> : tensor<2xf16>
  %a = mnet.dequantize %h : tensor<2xf16> -> tensor<2xf32>
  %b = mnet.dequantize %h : tensor<2xf16> -> tensor<2xf32>
  %y = mnet.add %x, %a {activation = #mnet.activation<none>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %z = mnet.mul %x, %b {activation = #mnet.activation<none>} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y, %z : tensor<2xf32>, tensor<2xf32>
}

// Folders: reshapes of constants and chains of reshapes fold.
// RUN: mnet-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @reshape_chain
// CHECK-SAME: (%[[X:.+]]: tensor<1x1x1x8xf32>)
func.func @reshape_chain(%x: tensor<1x1x1x8xf32>) -> tensor<8xf32> {
  // CHECK: %[[R:.+]] = mnet.reshape %[[X]] : tensor<1x1x1x8xf32> -> tensor<8xf32>
  // CHECK-NEXT: return %[[R]]
  %a = mnet.reshape %x : tensor<1x1x1x8xf32> -> tensor<1x8xf32>
  %b = mnet.reshape %a : tensor<1x8xf32> -> tensor<8xf32>
  return %b : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_constant
func.func @reshape_constant() -> tensor<2x2xf32> {
  // CHECK: %[[C:.+]] = mnet.const dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  // CHECK-NEXT: return %[[C]]
  %c = mnet.const dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %r = mnet.reshape %c : tensor<4xf32> -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// With pair-max-vectors, a convolution whose plain blocks would be one vector or mostly
// padding gets the k-pair layout (mnet.packed_conv2d's k_pairs, runtime simd/igemm.h) when the
// pass's estimate says it does at least 5% less work.
// RUN: mnet-opt %s -split-input-file -mnet-pack-weights="vector-width=8 max-vectors=1 pair-max-vectors=3" \
// RUN:   -mlir-print-elementsattrs-with-hex-if-larger=1000 | FileCheck %s

// 10 channels, 15 input channels, vectors of 8 floats. Plain: two blocks of one vector, one
// broadcast per multiply-add (2 x 15 x 1.25 = 37.5 vector steps a pixel). k-pairs: one block
// of 3 vectors (12 channels), 8 steps of input pairs (3 x 8 + 7 for the epilogue = 31).
// Vectors 0 and 1 hold channels 0-7, in groups of four lanes: vector 0 channels 0, 1, 4, 5,
// vector 1 channels 2, 3, 6, 7 (their pair_sum is channels 0-7 in order); the odd vector 2
// holds channels 8 and 9 (and 10, 11: padding), two lanes each. Bias row: the bias in the
// first lane of each pair. Weight rows: input channels (2s, 2s + 1); the last of the odd 15
// has zeros in its second lanes. Channel o's weight of input channel i is 100 o + i.
// CHECK-LABEL: func.func @pairs
// CHECK: %[[W:.+]] = mnet.const dense<{{\[\[}}[5.000000e-01, 0.000000e+00, 1.500000e+00, 0.000000e+00, 4.500000e+00, 0.000000e+00, 5.500000e+00, 0.000000e+00, 2.500000e+00, 0.000000e+00, 3.500000e+00, 0.000000e+00, 6.500000e+00, 0.000000e+00, 7.500000e+00, 0.000000e+00, 8.500000e+00, 0.000000e+00, 9.500000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], [0.000000e+00, 1.000000e+00, 1.000000e+02, 1.010000e+02, 4.000000e+02, 4.010000e+02, 5.000000e+02, 5.010000e+02, 2.000000e+02, 2.010000e+02, 3.000000e+02, 3.010000e+02, 6.000000e+02, 6.010000e+02, 7.000000e+02, 7.010000e+02, 8.000000e+02, 8.010000e+02, 9.000000e+02, 9.010000e+02, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00], {{.*}}, [1.400000e+01, 0.000000e+00, 1.140000e+02, 0.000000e+00, 4.140000e+02, 0.000000e+00, 5.140000e+02, 0.000000e+00, 2.140000e+02, 0.000000e+00, 3.140000e+02, 0.000000e+00, 6.140000e+02, 0.000000e+00, 7.140000e+02, 0.000000e+00, 8.140000e+02, 0.000000e+00, 9.140000e+02, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]]]> : tensor<1x9x24xf32>
// CHECK: mnet.packed_conv2d %arg0, %[[W]] {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, k_pairs = 8 : i64, kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x15xf32>, tensor<1x9x24xf32>) -> tensor<1x2x3x10xf32>
func.func @pairs(%x: tensor<1x2x3x15xf32>) -> tensor<1x2x3x10xf32> {
  %w = mnet.const dense<[[[[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0]]], [[[100.0, 101.0, 102.0, 103.0, 104.0, 105.0, 106.0, 107.0, 108.0, 109.0, 110.0, 111.0, 112.0, 113.0, 114.0]]], [[[200.0, 201.0, 202.0, 203.0, 204.0, 205.0, 206.0, 207.0, 208.0, 209.0, 210.0, 211.0, 212.0, 213.0, 214.0]]], [[[300.0, 301.0, 302.0, 303.0, 304.0, 305.0, 306.0, 307.0, 308.0, 309.0, 310.0, 311.0, 312.0, 313.0, 314.0]]], [[[400.0, 401.0, 402.0, 403.0, 404.0, 405.0, 406.0, 407.0, 408.0, 409.0, 410.0, 411.0, 412.0, 413.0, 414.0]]], [[[500.0, 501.0, 502.0, 503.0, 504.0, 505.0, 506.0, 507.0, 508.0, 509.0, 510.0, 511.0, 512.0, 513.0, 514.0]]], [[[600.0, 601.0, 602.0, 603.0, 604.0, 605.0, 606.0, 607.0, 608.0, 609.0, 610.0, 611.0, 612.0, 613.0, 614.0]]], [[[700.0, 701.0, 702.0, 703.0, 704.0, 705.0, 706.0, 707.0, 708.0, 709.0, 710.0, 711.0, 712.0, 713.0, 714.0]]], [[[800.0, 801.0, 802.0, 803.0, 804.0, 805.0, 806.0, 807.0, 808.0, 809.0, 810.0, 811.0, 812.0, 813.0, 814.0]]], [[[900.0, 901.0, 902.0, 903.0, 904.0, 905.0, 906.0, 907.0, 908.0, 909.0, 910.0, 911.0, 912.0, 913.0, 914.0]]]]> : tensor<10x1x1x15xf32>
  %b = mnet.const dense<[0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5]> : tensor<10xf32>
  %y = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x3x15xf32>, tensor<10x1x1x15xf32>, tensor<10xf32>) -> tensor<1x2x3x10xf32>
  return %y : tensor<1x2x3x10xf32>
}

// -----

// The same channels over 3 input channels: the pairs' epilogue outweighs what they save
// (plain 7.5, k-pairs 3 x 2 + 7 = 13): plain blocks of one vector.
// CHECK-LABEL: func.func @plain
// CHECK: mnet.const {{.+}} : tensor<2x4x8xf32>
// CHECK: mnet.packed_conv2d %arg0, %{{.+}} {activation = #mnet.activation<none>, dilations = array<i64: 1, 1>, kernel = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x3x3xf32>, tensor<2x4x8xf32>) -> tensor<1x2x3x10xf32>
func.func @plain(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x10xf32> {
  %w = mnet.const dense<1.0> : tensor<10x1x1x3xf32>
  %y = mnet.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x3x3xf32>, tensor<10x1x1x3xf32>) -> tensor<1x2x3x10xf32>
  return %y : tensor<1x2x3x10xf32>
}

// -----

// A fully connected layer is packed the same way (here 10 outputs of 15 inputs, as above).
// CHECK-LABEL: func.func @fully_connected
// CHECK: mnet.packed_conv2d {{.+}} k_pairs = 8 : i64{{.+}} : (tensor<1x1x4x15xf32>, tensor<1x9x24xf32>) -> tensor<1x1x4x10xf32>
func.func @fully_connected(%x: tensor<4x15xf32>) -> tensor<4x10xf32> {
  %w = mnet.const dense<1.0> : tensor<10x15xf32>
  %y = mnet.fully_connected %x, %w {activation = #mnet.activation<none>} : (tensor<4x15xf32>, tensor<10x15xf32>) -> tensor<4x10xf32>
  return %y : tensor<4x10xf32>
}

// Depth-first fusion marks [expand ->] depthwise -> 1x1 chains as one block; the block's last
// op records its scratch: a ring of KH expanded rows (when the expansion is fused) plus one
// depthwise output row, in bytes.
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows | FileCheck %s
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="min-bytes=100000" | FileCheck %s --check-prefix=BIG
// With 2 tasks each band of rows has its own ring and row: twice the scratch. A block gets
// one band per min-task-macs multiply-accumulates (at most `tasks`), here 2 or 1.
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="tasks=2 min-task-macs=1" | FileCheck %s --check-prefix=TASKS
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="tasks=2 min-task-macs=4000" | FileCheck %s --check-prefix=FEW
// Chains: a block whose expansion is the previous block's projection joins that block when the
// tensor between them is big enough and the chain's weights are small enough.
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="chain-min-bytes=8192 chain-max-weight-bytes=1000" | FileCheck %s --check-prefix=CHAIN
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="chain-min-bytes=8193 chain-max-weight-bytes=1000" | FileCheck %s --check-prefix=NOCHAIN
// RUN: mnet-opt %s -split-input-file -mnet-fuse-rows="chain-min-bytes=8192 chain-max-weight-bytes=879" | FileCheck %s --check-prefix=NOCHAIN

// Inverted residual block: 1x1 expand 4 -> 8, depthwise 3x3 stride 2 (8x8 -> 4x4), 1x1 project
// 8 -> 4. Scratch: (3 rows x 8 x 8 + 4 x 8) floats = 224 floats = 896 bytes.
// CHECK-LABEL: func.func @inverted_residual
// CHECK: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64{{.+}} -> tensor<1x8x8x8xf32>
// CHECK: mnet.depthwise_conv2d {{.+}}mnet.row_group = 0 : i64{{.+}} -> tensor<1x4x4x8xf32>
// CHECK: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 896 : i64{{.+}} -> tensor<1x4x4x4xf32>
// The tensors are 1 KiB or 2 KiB: too small for a 100000-byte threshold.
// BIG-LABEL: func.func @inverted_residual
// BIG-NOT: mnet.row_group
// TASKS-LABEL: func.func @inverted_residual
// TASKS: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 1792 : i64, mnet.tasks = 2 : i64{{.+}} -> tensor<1x4x4x4xf32>
// 2048 + 1152 + 512 = 3712 multiply-accumulates: less than 4000, one band.
// FEW-LABEL: func.func @inverted_residual
// FEW: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 896 : i64, mnet.tasks = 1 : i64{{.+}} -> tensor<1x4x4x4xf32>
func.func @inverted_residual(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> {
  %we = mnet.const dense<1.0> : tensor<1x5x8xf32>
  %e = mnet.packed_conv2d %x, %we {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x8x8x4xf32>, tensor<1x5x8xf32>) -> tensor<1x8x8x8xf32>
  %wd = mnet.const dense<1.0> : tensor<1x3x3x8xf32>
  %d = mnet.depthwise_conv2d %e, %wd {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 1, 0, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<relu6>} : (tensor<1x8x8x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %wp = mnet.const dense<1.0> : tensor<1x9x4xf32>
  %y = mnet.packed_conv2d %d, %wp {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x9x4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A depthwise-separable pair whose input has other users: the depthwise reads its input
// tensor directly; scratch is one depthwise row (8 x 4 floats = 128 bytes).
// CHECK-LABEL: func.func @separable
// CHECK: mnet.depthwise_conv2d {{.+}}mnet.row_group = 0 : i64
// CHECK: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 128 : i64
// TASKS-LABEL: func.func @separable
// TASKS: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 256 : i64, mnet.tasks = 2 : i64
// FEW-LABEL: func.func @separable
// FEW: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 128 : i64, mnet.tasks = 1 : i64
func.func @separable(%x: tensor<1x8x8x4xf32>) -> (tensor<1x8x8x6xf32>, tensor<1x8x8x4xf32>) {
  %wd = mnet.const dense<1.0> : tensor<1x5x5x4xf32>
  %d = mnet.depthwise_conv2d %x, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 2, 2, 2, 2>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x5x5x4xf32>) -> tensor<1x8x8x4xf32>
  %wp = mnet.const dense<1.0> : tensor<1x5x6xf32>
  %y = mnet.packed_conv2d %d, %wp {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x5x6xf32>) -> tensor<1x8x8x6xf32>
  return %y, %x : tensor<1x8x8x6xf32>, tensor<1x8x8x4xf32>
}

// -----

// Not fused: the depthwise result has a second user (squeeze-excite reads it), a dilated
// depthwise, and a 3x3 consumer.
// CHECK-LABEL: func.func @keeps
// CHECK-NOT: mnet.row_group
func.func @keeps(%x: tensor<1x8x8x4xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>, tensor<1x6x6x4xf32>) {
  %wd = mnet.const dense<1.0> : tensor<1x3x3x4xf32>
  %wp = mnet.const dense<1.0> : tensor<1x5x4xf32>
  %d = mnet.depthwise_conv2d %x, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  %y = mnet.packed_conv2d %d, %wp {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x5x4xf32>) -> tensor<1x8x8x4xf32>
  %dd = mnet.depthwise_conv2d %x, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x4x4x4xf32>
  %yd = mnet.packed_conv2d %dd, %wp {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x4x4x4xf32>, tensor<1x5x4xf32>) -> tensor<1x4x4x4xf32>
  %d3 = mnet.depthwise_conv2d %x, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 1 : i64, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x6x6x4xf32>
  %w33 = mnet.const dense<1.0> : tensor<1x37x4xf32>
  %y3 = mnet.packed_conv2d %d3, %w33 {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, activation = #mnet.activation<none>} : (tensor<1x6x6x4xf32>, tensor<1x37x4xf32>) -> tensor<1x6x6x4xf32>
  return %y, %d, %yd, %y3 : tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>, tensor<1x4x4x4xf32>, tensor<1x6x6x4xf32>
}

// -----

// MobileNetV1's ladder: depthwise -> 1x1 -> depthwise (stride 2) -> 1x1. The 16x16x8 tensor
// between the pairs takes 8192 bytes; the weights 144 + 160 + 288 + 288 = 880 bytes.
// Unchained (the default, or below either threshold): two blocks; the second depthwise reads
// the first block's result, one row of scratch each (16x4 and 8x8 floats).
// Chained: one block; its first 1x1 has no scratch of its own and the leader's holds both
// stages: 16x4 + (3x16x8 + 8x8) floats = 512 floats = 2048 bytes.
// CHECK-LABEL: func.func @ladder
// CHECK: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 256 : i64{{.+}} -> tensor<1x16x16x8xf32>
// CHECK: mnet.packed_conv2d {{.+}}mnet.row_group = 1 : i64, mnet.scratch_bytes = 256 : i64{{.+}} -> tensor<1x8x8x8xf32>
// NOCHAIN-LABEL: func.func @ladder
// NOCHAIN: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 256 : i64{{.+}} -> tensor<1x16x16x8xf32>
// NOCHAIN: mnet.packed_conv2d {{.+}}mnet.row_group = 1 : i64, mnet.scratch_bytes = 256 : i64{{.+}} -> tensor<1x8x8x8xf32>
// CHAIN-LABEL: func.func @ladder
// CHAIN: mnet.depthwise_conv2d {{.+}}mnet.row_group = 0 : i64{{.+}} -> tensor<1x16x16x4xf32>
// CHAIN: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, padding{{.+}} -> tensor<1x16x16x8xf32>
// CHAIN: mnet.depthwise_conv2d {{.+}}mnet.row_group = 0 : i64{{.+}} -> tensor<1x8x8x8xf32>
// CHAIN: mnet.packed_conv2d {{.+}}mnet.row_group = 0 : i64, mnet.scratch_bytes = 2048 : i64, mnet.tasks = 1 : i64, padding{{.+}} -> tensor<1x8x8x8xf32>
func.func @ladder(%x: tensor<1x16x16x4xf32>) -> tensor<1x8x8x8xf32> {
  %wd1 = mnet.const dense<1.0> : tensor<1x3x3x4xf32>
  %d1 = mnet.depthwise_conv2d %x, %wd1 {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<relu6>} : (tensor<1x16x16x4xf32>, tensor<1x3x3x4xf32>) -> tensor<1x16x16x4xf32>
  %wp1 = mnet.const dense<1.0> : tensor<1x5x8xf32>
  %p1 = mnet.packed_conv2d %d1, %wp1 {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x16x16x4xf32>, tensor<1x5x8xf32>) -> tensor<1x16x16x8xf32>
  %wd2 = mnet.const dense<1.0> : tensor<1x3x3x8xf32>
  %d2 = mnet.depthwise_conv2d %p1, %wd2 {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 1, 0, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<relu6>} : (tensor<1x16x16x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x8x8x8xf32>
  %wp2 = mnet.const dense<1.0> : tensor<1x9x8xf32>
  %p2 = mnet.packed_conv2d %d2, %wp2 {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>} : (tensor<1x8x8x8xf32>, tensor<1x9x8xf32>) -> tensor<1x8x8x8xf32>
  return %p2 : tensor<1x8x8x8xf32>
}

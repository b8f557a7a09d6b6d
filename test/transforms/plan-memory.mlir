// Static arena planning: live ranges, reuse, reshape aliasing, outputs in place.
// RUN: mnet-opt %s -split-input-file -mnet-plan-memory | FileCheck %s
// RUN: mnet-opt %s -split-input-file -mnet-plan-memory=alignment=256 | FileCheck %s --check-prefix=ALIGN

// A chain: each buffer dies when the next op has read it, so two buffers suffice and the
// third intermediate reuses the first one's offset. The result goes to the output.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: mnet.arena_alignment = 64 : i64, mnet.arena_size = 128 : i64
// ALIGN-LABEL: func.func @chain
// ALIGN-SAME: mnet.arena_alignment = 256 : i64, mnet.arena_size = 512 : i64
func.func @chain(%x: tensor<1x16xf32>) -> tensor<1x16xf32> {
  // CHECK: mnet.clamp {{.+}} mnet.arena_offset = 0 : i64
  %a = mnet.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x16xf32>
  // CHECK-NEXT: mnet.tanh {{.+}} {mnet.arena_offset = 64 : i64}
  %b = mnet.tanh %a : tensor<1x16xf32>
  // CHECK-NEXT: mnet.logistic {{.+}} {mnet.arena_offset = 0 : i64}
  %c = mnet.logistic %b : tensor<1x16xf32>
  // CHECK-NEXT: mnet.hard_swish
  // CHECK-NOT: mnet.arena_offset
  // CHECK-SAME: tensor<1x16xf32>
  %d = mnet.hard_swish %c : tensor<1x16xf32>
  return %d : tensor<1x16xf32>
}

// -----

// A reshape aliases its input: %a stays live until its reshape's reader (%m), so %a, %b
// and %m are all live there (128 + 128 + 64 bytes); %t then reuses %a's place.
// CHECK-LABEL: func.func @alias
// CHECK-SAME: mnet.arena_size = 320 : i64
func.func @alias(%x: tensor<1x32xf32>) -> tensor<1x16xf32> {
  // CHECK: mnet.tanh {{.+}} {mnet.arena_offset = 0 : i64} : tensor<1x32xf32>
  %a = mnet.tanh %x : tensor<1x32xf32>
  // CHECK-NEXT: mnet.reshape
  // CHECK-NOT: mnet.arena_offset
  // CHECK-SAME: -> tensor<2x16xf32>
  %r = mnet.reshape %a : tensor<1x32xf32> -> tensor<2x16xf32>
  // CHECK-NEXT: mnet.mean {{.+}} mnet.arena_offset = 128 : i64
  %b = mnet.mean %a {axes = array<i64: 0>, keep_dims = true} : tensor<1x32xf32> -> tensor<1x32xf32>
  // CHECK-NEXT: mnet.mean {{.+}} mnet.arena_offset = 256 : i64
  %m = mnet.mean %r {axes = array<i64: 0>, keep_dims = true} : tensor<2x16xf32> -> tensor<1x16xf32>
  %s = mnet.reshape %b : tensor<1x32xf32> -> tensor<2x16xf32>
  // CHECK: mnet.mean {{.+}} mnet.arena_offset = 0 : i64
  %t = mnet.mean %s {axes = array<i64: 0>, keep_dims = true} : tensor<2x16xf32> -> tensor<1x16xf32>
  %u = mnet.add %m, %t {activation = #mnet.activation<none>} : (tensor<1x16xf32>, tensor<1x16xf32>) -> tensor<1x16xf32>
  return %u : tensor<1x16xf32>
}

// -----

// Constants and inputs take no arena; a model that needs none reports 0.
// CHECK-LABEL: func.func @no_arena
// CHECK-SAME: mnet.arena_size = 0 : i64
func.func @no_arena(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %c = mnet.const dense<1.0> : tensor<1x4xf32>
  %y = mnet.add %x, %c {activation = #mnet.activation<relu>} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %y : tensor<1x4xf32>
}

// -----

// A fused block (mnet-fuse-rows) runs as one step at its last op: its inner values get no
// buffer, its input %a stays live until that op (the block reads it row by row), so the
// block's result cannot reuse %a's place, and its scratch is live only at that step.
// %a: 256 bytes at 0; the result %y: 256 bytes at 256; scratch 100 -> 128 bytes at 512.
// CHECK-LABEL: func.func @fused_block
// CHECK-SAME: mnet.arena_size = 640 : i64
func.func @fused_block(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  // CHECK: mnet.clamp {{.+}}mnet.arena_offset = 0 : i64
  %a = mnet.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4x4x4xf32>
  %we = mnet.const dense<1.0> : tensor<1x5x8xf32>
  // CHECK: mnet.packed_conv2d
  // CHECK-NOT: mnet.arena_offset
  // CHECK-SAME: mnet.row_group = 0
  %e = mnet.packed_conv2d %a, %we {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<relu6>, mnet.row_group = 0 : i64} : (tensor<1x4x4x4xf32>, tensor<1x5x8xf32>) -> tensor<1x4x4x8xf32>
  %wd = mnet.const dense<1.0> : tensor<1x3x3x8xf32>
  // CHECK: mnet.depthwise_conv2d
  // CHECK-NOT: mnet.arena_offset
  // CHECK-SAME: mnet.row_group = 0
  %d = mnet.depthwise_conv2d %e, %wd {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>, depth_multiplier = 1 : i64, activation = #mnet.activation<relu6>, mnet.row_group = 0 : i64} : (tensor<1x4x4x8xf32>, tensor<1x3x3x8xf32>) -> tensor<1x4x4x8xf32>
  %wp = mnet.const dense<1.0> : tensor<1x9x4xf32>
  // CHECK: mnet.packed_conv2d {{.+}}mnet.arena_offset = 256 : i64, mnet.row_group = 0 : i64, mnet.scratch_bytes = 100 : i64, mnet.scratch_offset = 512 : i64
  %y = mnet.packed_conv2d %d, %wp {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, mnet.row_group = 0 : i64, mnet.scratch_bytes = 100 : i64} : (tensor<1x4x4x8xf32>, tensor<1x9x4xf32>) -> tensor<1x4x4x4xf32>
  // The model output goes straight to the caller's buffer.
  // CHECK: mnet.tanh %{{[0-9]+}} : tensor<1x4x4x4xf32>
  %t = mnet.tanh %y : tensor<1x4x4x4xf32>
  return %t : tensor<1x4x4x4xf32>
}

// -----

// A squeeze-excite writes over its input when nothing else reads it (mnet.in_place, no
// buffer of its own; %a stays live until %t has read the result), else into a buffer of its
// own. Each gets C + R = 8 + 2 floats of scratch (64 bytes at alignment 64) while it runs.
// %a (512 bytes) at 0 with the first scratch at 512; %b at 512; %c's scratch at 1024 and %c
// itself at 0, %a's place, free once %b has read %s.
// CHECK-LABEL: func.func @squeeze_excite
// CHECK-SAME: mnet.arena_size = 1088 : i64
func.func @squeeze_excite(%x: tensor<1x4x4x8xf32>, %w1: tensor<8x2xf32>, %b1: tensor<2xf32>, %w2: tensor<2x8xf32>, %b2: tensor<8xf32>) -> (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) {
  // CHECK: mnet.tanh {{.+}} {mnet.arena_offset = 0 : i64}
  %a = mnet.tanh %x : tensor<1x4x4x8xf32>
  // CHECK-NEXT: mnet.squeeze_excite {{.+}} {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>, mnet.in_place, mnet.scratch_offset = 512 : i64}
  %s = mnet.squeeze_excite %a, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK-NEXT: mnet.tanh {{.+}} {mnet.arena_offset = 512 : i64}
  %b = mnet.tanh %s : tensor<1x4x4x8xf32>
  // %b is read again below: this one needs its own buffer.
  // CHECK-NEXT: mnet.squeeze_excite {{.+}} {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>, mnet.arena_offset = 0 : i64, mnet.scratch_offset = 1024 : i64}
  %c = mnet.squeeze_excite %b, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  // CHECK-NEXT: mnet.add {{.+}} {activation = #mnet.activation<none>} :
  %d = mnet.add %c, %b {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  // The caller's input cannot be written over.
  // CHECK-NEXT: mnet.squeeze_excite {{.+}} {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>, mnet.scratch_offset = {{[0-9]+}} : i64}
  %e = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %d, %e : tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>
}

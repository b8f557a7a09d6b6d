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

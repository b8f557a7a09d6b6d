//===- Passes.td - mnet dialect passes --------------------*- tablegen -*-===//
#ifndef MNET_TRANSFORMS_PASSES_TD
#define MNET_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Constant folding
//===----------------------------------------------------------------------===//

def MNetFoldDequantizePass : Pass<"mnet-fold-dequantize", "func::FuncOp"> {
  let summary = "Widens float16 weights to float32 constants at compile time";
  let description = [{
    Replaces every `mnet.dequantize` of a constant with an f32 `mnet.const` holding the exact
    widened values (TFLite's float16-quantized models store weights this way). Without this
    pass (`mnetc --weights=f16`) the weights stay half-size and are widened at run time.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
}

//===----------------------------------------------------------------------===//
// Weight packing
//===----------------------------------------------------------------------===//

def MNetPackWeightsPass : Pass<"mnet-pack-weights", "func::FuncOp"> {
  let summary = "Stores constant weights in the layout their kernel streams";
  let description = [{
    Every `mnet.conv2d` with a constant f32 filter (and a constant bias or none) and at most
    64 taps becomes an `mnet.packed_conv2d`: the filter and bias packed at compile time into
    blocks of NR output channels (see the op), so the register-tiled kernel reads each step's
    weights as NR contiguous floats. NR is `vector-width` times the fewest vectors, at most
    `max-vectors`, that cover the output channels; both come from the target description.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "floats per vector register of the target">,
    Option<"maxVectors", "max-vectors", "int64_t", /*default=*/"2",
           "most vectors of output channels in one register tile">,
  ];
}

//===----------------------------------------------------------------------===//
// Epilogue fusion
//===----------------------------------------------------------------------===//

def MNetFuseEpiloguePass : Pass<"mnet-fuse-epilogue", "func::FuncOp"> {
  let summary = "Folds a residual add or a hard-swish into the producing packed convolution";
  let description = [{
    `mnet.add(conv, r)` (either operand order, no broadcasting) where `conv` is an
    `mnet.packed_conv2d` used only there becomes the convolution with `residual` r and the
    add's activation as `residual_activation`; `mnet.hard_swish(conv)` becomes the
    convolution with `hard_swish`. Either way the intermediate tensor disappears: one pass
    over memory fewer, and no arena space for it.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
}

//===----------------------------------------------------------------------===//
// Memory planning
//===----------------------------------------------------------------------===//

def MNetPlanMemoryPass : Pass<"mnet-plan-memory", "func::FuncOp"> {
  let summary = "Assigns every intermediate tensor an offset in one static arena";
  let description = [{
    Liveness-based static planning. Constants live in the weights, function inputs in the
    caller's buffers, returned values in the caller's output buffers, and `mnet.reshape`
    results alias their input. Every other result gets a byte offset
    (`mnet.arena_offset` on its op); buffers whose live ranges overlap never overlap in memory.
    Placement is greedy, largest buffer first, at the lowest offset that fits (as TFLite
    Micro's planner does), and the function gets `mnet.arena_size` (the exact bytes the
    caller must provide) and `mnet.arena_alignment`.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "byte alignment of the arena and of every buffer in it">,
  ];
}

#endif // MNET_TRANSFORMS_PASSES_TD

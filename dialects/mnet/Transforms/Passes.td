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
    A 1x1, stride-1, unpadded `mnet.conv2d` with a constant filter [N, 1, 1, K] becomes an
    `mnet.pointwise_conv2d` whose filter is the constant transposed to [K, N], packed at
    compile time so the run-time kernel reads contiguous output-channel rows.
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

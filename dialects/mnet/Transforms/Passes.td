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

def MNetFoldBatchNormPass : Pass<"mnet-fold-batch-norm", "func::FuncOp"> {
  let summary = "Folds per-channel MUL/ADD/SUB by constants into the convolution before them";
  let description = [{
    A batch normalization the converter left unfolded reaches TFLite as MUL and ADD by
    per-channel constants after a convolution. `mnet.mul`, `mnet.add` or `mnet.sub` of an
    `mnet.conv2d` or `mnet.depthwise_conv2d` result (used only there, constant filter and
    bias, no activation of its own) by a constant of one value or one per output channel
    becomes part of the convolution: MUL scales each output channel's weights and bias, ADD
    and SUB shift its bias, and the op's fused activation becomes the convolution's. The
    tensor in between and its pass over memory disappear. Results may differ from TFLite's by
    rounding: TFLite multiplies the convolution's sums, mnetc the weights.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
}

//===----------------------------------------------------------------------===//
// Padding folding
//===----------------------------------------------------------------------===//

def MNetFoldPadPass : Pass<"mnet-fold-pad", "func::FuncOp"> {
  let summary = "Folds a zero PAD of height and width into the convolution or pool that reads it";
  let description = [{
    `mnet.pad` with value 0 on the spatial dimensions only, read only by an `mnet.conv2d` or
    `mnet.depthwise_conv2d`, becomes part of that op's padding (taps outside the input read
    zero either way). Keras' ZeroPadding2D before strided convolutions, as in MobileNetV1 and
    V2 exports, then costs neither a copy nor a tensor.

    Read by an `mnet.avg_pool2d` or `mnet.max_pool2d` without padding of its own (VALID), the pad
    becomes the pool's padding with `include_pad`: the zeros still count in the average and
    take part in the maximum, as they did as a tensor. A pool with SAME padding ignores its
    padded taps, so a pad before it stays.
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
    weights as NR contiguous floats. An `mnet.fully_connected` with constant weights becomes
    the same op over its rows, between free reshapes. NR is `vector-width` times the number
    of vectors, at most `max-vectors`, whose blocks pad the output channels least (ties go to
    the wider block); both come from the target description. With `pair-max-vectors` > 0 a
    layer whose blocks would be mostly padding or a single vector (24 or 16 channels on
    AVX-512) gets the k-pair layout instead, in blocks of at most that many vectors, when an
    estimate of the work per pixel says it does at least 5% less.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
  let options = [
    Option<"vectorWidth", "vector-width", "int64_t", /*default=*/"16",
           "floats per vector register of the target">,
    Option<"maxVectors", "max-vectors", "int64_t", /*default=*/"2",
           "most vectors of output channels in one register tile">,
    Option<"pairMaxVectors", "pair-max-vectors", "int64_t", /*default=*/"0",
           "most vectors of a k-pair register tile (0: no k-pair layout)">,
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
    convolution with `hard_swish`, and so does `mnet.hard_swish` of an
    `mnet.depthwise_conv2d` used only there. Either way the intermediate tensor disappears: one pass
    over memory fewer, and no arena space for it.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
}

//===----------------------------------------------------------------------===//
// Squeeze-excite fusion
//===----------------------------------------------------------------------===//

def MNetFuseSqueezeExcitePass : Pass<"mnet-fuse-squeeze-excite", "func::FuncOp"> {
  let summary = "Folds MobileNetV3's squeeze-excite chain into one mnet.squeeze_excite";
  let description = [{
    Finds `mnet.mul(x, g)` (either operand order) where g, of shape [1, 1, 1, C], is a gate
    of a 1x1 `mnet.conv2d` of a 1x1 `mnet.conv2d` of `mnet.mean(x)` over height and width
    (kept dims), with constant weights: the gate is `mnet.logistic`, or the hard sigmoid as
    TFLite models spell it, ADD 3 then RELU6 (fused or an `mnet.clamp` to [0, 6]) then MUL
    by 1/6. Every intermediate must have no other use. The chain becomes one
    `mnet.squeeze_excite` with the weights as [R, C] constants: six ops, five intermediate
    tensors and one pass over x fewer, and the planner may compute the result in place.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
}

//===----------------------------------------------------------------------===//
// Depth-first fusion
//===----------------------------------------------------------------------===//

def MNetFuseRowsPass : Pass<"mnet-fuse-rows", "func::FuncOp"> {
  let summary = "Runs convolution -> depthwise -> 1x1 chains row by row through a ring buffer";
  let description = [{
    Finds, in batch-1 models, a 3x3 or 5x5 `mnet.depthwise_conv2d` (multiplier 1, no
    dilation) whose only user is a 1x1 `mnet.packed_conv2d` (MobileNet's depthwise-separable
    pair, or the depthwise and projection of an inverted residual block), together with the
    `mnet.packed_conv2d` producing its input when the depthwise is that convolution's only
    user (the expansion). The ops are marked as one block (`mnet.row_group`); the emitter
    computes it one output row at a time: the expansion fills a ring buffer of KH rows just
    ahead of the depthwise, which writes one row that the projection consumes at once. The
    expanded and depthwise tensors never exist in full; the block's last op records the
    scratch it needs (`mnet.scratch_bytes`) for mnet-plan-memory.

    Only blocks whose expanded tensor (the depthwise input when fused with its producer,
    else the depthwise output) takes at least `min-bytes` are fused: small late layers stay
    in cache anyway. The target description sets it.

    Blocks chain: when a block's expansion is the projection of the block before it, the
    tensor between them takes at least `chain-min-bytes` (it would not stay in the cache) and
    the weights of the whole chain take at most `chain-max-weight-bytes` (they are all read
    for every output row), the second block joins the first (MobileNetV1's pointwise ->
    depthwise -> pointwise ... ladder). The emitter then pulls each stage's input rows from
    the stage before, each stage with its own ring and row; the scratch is their sum.

    With `tasks` > 1 the emitter splits a block's output rows into up to that many bands
    run in parallel, one per `min-task-macs` multiply-accumulates of the block, each band
    with its own ring and row: the leader's `mnet.tasks` says how many, and the scratch
    holds that many copies.
  }];
  let dependentDialects = ["::mlir::mnet::MNetDialect"];
  let options = [
    Option<"minBytes", "min-bytes", "int64_t", /*default=*/"0",
           "smallest intermediate tensor (bytes) worth fusing away">,
    Option<"chainMinBytes", "chain-min-bytes", "int64_t", /*default=*/"-1",
           "smallest tensor between two blocks worth chaining them (-1: never)">,
    Option<"chainMaxWeightBytes", "chain-max-weight-bytes", "int64_t", /*default=*/"0",
           "most weight bytes a chain of blocks may read per output row">,
    Option<"tasks", "tasks", "int64_t", /*default=*/"1",
           "most parallel tasks (bands of rows) per block, each with its own scratch">,
    Option<"minTaskMacs", "min-task-macs", "int64_t", /*default=*/"1048576",
           "smallest work (multiply-accumulates) worth a band of its own">,
  ];
}

//===----------------------------------------------------------------------===//
// Memory planning
//===----------------------------------------------------------------------===//

def MNetPlanMemoryPass : Pass<"mnet-plan-memory", "func::FuncOp"> {
  let summary = "Assigns every intermediate tensor an offset in one static arena";
  let description = [{
    Liveness-based static planning. Constants live in the weights, function inputs in the
    caller's buffers, returned values in the caller's output buffers, and `mnet.reshape`
    results alias their input, as does an `mnet.squeeze_excite` whose input has no other
    reader and is an arena buffer (it gets `mnet.in_place` and writes over its input). Ops
    that need working memory get it as well (`mnet.scratch_offset`): fused blocks
    (`mnet.scratch_bytes`) and squeeze-excites. Every other result gets a byte offset
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

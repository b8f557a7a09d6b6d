//===- PackWeights.cpp - weights in their kernel's layout ----------------===//
//
// mnet.conv2d with constant weights -> mnet.packed_conv2d, the filter and bias packed into
// blocks of NR output channels (layout in MNetOps.td, kernel in runtime simd/igemm.h).
//
//===----------------------------------------------------------------------===//
#include "dialects/mnet/Transforms/Passes.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETPACKWEIGHTSPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// The kernel's indirection table holds at most this many taps (runtime simd/igemm.h).
constexpr int64_t kMaxTaps = 64;

struct PackWeightsPass : mlir::mnet::impl::MNetPackWeightsPassBase<PackWeightsPass> {
  using MNetPackWeightsPassBase::MNetPackWeightsPassBase;

  /// NR for `oc` output channels: the number of vectors, at most max-vectors, whose blocks pad
  /// the channels least (the kernel computes the padding too); on a tie the wider block, whose
  /// tile reads each input value for more channels. AVX-512: 144 channels -> 3 blocks of 48,
  /// not 5 of 32; 160 -> 5 of 32.
  int64_t blockWidth(int64_t oc) const {
    int64_t best = vectorWidth, bestPadded = -1;
    for (int64_t vectors = 1; vectors <= maxVectors; ++vectors) {
      int64_t nr = vectors * vectorWidth, padded = (oc + nr - 1) / nr * nr;
      if (bestPadded < 0 || padded <= bestPadded)
        best = nr, bestPadded = padded;
    }
    return best;
  }

  /// The packed_conv2d filter constant for `oc` output channels of `k` weights each (in
  /// (ky, kx, ic) order, as OHWI stores them) and their biases.
  Value packFilter(OpBuilder &builder, Location loc, ArrayRef<float> filter, ArrayRef<float> bias,
                   int64_t oc, int64_t k) {
    int64_t nr = blockWidth(oc);
    int64_t blocks = (oc + nr - 1) / nr, rows = 1 + k;
    SmallVector<float> packed(blocks * rows * nr, 0.f);
    for (int64_t o = 0; o < oc; ++o) {
      float *column = packed.data() + (o / nr) * rows * nr + o % nr;
      column[0] = bias[o];
      for (int64_t i = 0; i < k; ++i)
        column[(1 + i) * nr] = filter[o * k + i];
    }
    auto type = RankedTensorType::get({blocks, rows, nr}, builder.getF32Type());
    return builder.create<ConstOp>(loc, DenseElementsAttr::get(type, ArrayRef(packed)));
  }

  /// Replaces `op` by `result` and drops its weight constants if nothing else uses them.
  static void replace(Operation *op, Value result, ArrayRef<Value> weights) {
    op->getResult(0).replaceAllUsesWith(result);
    op->erase();
    for (Value value : weights)
      if (value && value.use_empty())
        value.getDefiningOp()->erase();
  }

  void runOnOperation() override {
    if (vectorWidth < 1 || maxVectors < 1) {
      getOperation().emitError("mnet-pack-weights needs vector-width and max-vectors >= 1");
      return signalPassFailure();
    }
    getOperation().walk([&](Operation *op) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        packConv(conv);
      else if (auto fc = dyn_cast<FullyConnectedOp>(op))
        packFullyConnected(fc);
    });
  }

  void packConv(Conv2DOp conv) {
    ArrayRef<int64_t> shape = conv.getFilter().getType().getShape(); // [OC, KH, KW, IC]
    int64_t oc = shape[0], kh = shape[1], kw = shape[2], ic = shape[3];
    auto filter = f32ConstantValues(conv.getFilter());
    FailureOr<SmallVector<float>> bias = SmallVector<float>(oc, 0.f);
    if (conv.getBias())
      bias = f32ConstantValues(conv.getBias());
    if (failed(filter) || failed(bias) || kh * kw > kMaxTaps)
      return;
    OpBuilder builder(conv);
    Value weights = packFilter(builder, conv.getFilter().getLoc(), *filter, *bias, oc, kh * kw * ic);
    auto packed = builder.create<PackedConv2DOp>(
        conv.getLoc(), conv.getType(), conv.getInput(), weights, /*residual=*/Value(),
        builder.getDenseI64ArrayAttr({kh, kw}), conv.getStridesAttr(), conv.getDilationsAttr(),
        conv.getPaddingAttr(), conv.getActivationAttr(), /*residual_activation=*/nullptr,
        /*hard_swish=*/nullptr);
    replace(conv, packed, {conv.getFilter(), conv.getBias()});
  }

  /// A fully connected layer is a 1x1 convolution over `batch` pixels: reshape the input to
  /// [1, 1, batch, K], convolve, reshape back (reshapes cost nothing at run time).
  void packFullyConnected(FullyConnectedOp fc) {
    ArrayRef<int64_t> shape = fc.getFilter().getType().getShape(); // [N, K]
    int64_t n = shape[0], k = shape[1];
    int64_t batch = fc.getInput().getType().getNumElements() / k;
    auto filter = f32ConstantValues(fc.getFilter());
    FailureOr<SmallVector<float>> bias = SmallVector<float>(n, 0.f);
    if (fc.getBias())
      bias = f32ConstantValues(fc.getBias());
    if (failed(filter) || failed(bias))
      return;
    OpBuilder builder(fc);
    Location loc = fc.getLoc();
    auto f32 = builder.getF32Type();
    Value input = builder.create<ReshapeOp>(loc, RankedTensorType::get({1, 1, batch, k}, f32),
                                            fc.getInput());
    Value weights = packFilter(builder, fc.getFilter().getLoc(), *filter, *bias, n, k);
    Value conv = builder.create<PackedConv2DOp>(
        loc, RankedTensorType::get({1, 1, batch, n}, f32), input, weights, /*residual=*/Value(),
        builder.getDenseI64ArrayAttr({1, 1}), builder.getDenseI64ArrayAttr({1, 1}),
        builder.getDenseI64ArrayAttr({1, 1}), builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
        fc.getActivationAttr(), /*residual_activation=*/nullptr, /*hard_swish=*/nullptr);
    Value result = builder.create<ReshapeOp>(loc, fc.getType(), conv);
    replace(fc, result, {fc.getFilter(), fc.getBias()});
  }
};

} // namespace

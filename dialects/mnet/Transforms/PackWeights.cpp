//===- PackWeights.cpp - weights in their kernel's layout ----------------===//
//
// mnet.conv2d with constant weights -> mnet.packed_conv2d, the filter and bias packed into
// blocks of NR output channels, or in the k-pair layout (layouts in MNetOps.td, kernel in
// runtime simd/igemm.h).
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

  /// Estimated work per output pixel of a layer with `oc` channels and `taps` x `ic` weights
  /// each, in multiply-adds of one vector: in blocks of `vectors` vectors of `oc` channels
  /// each (k-pair layout when `pairs`). A tile of one vector broadcasts an input value for
  /// each multiply-add, which costs about a quarter more (measured on AVX-512: 1x1 layers of
  /// 16 channels ran at 80-87% of the rate of 32); the k-pair epilogue adds three shuffles and
  /// adds per pair of vectors, four for an odd one.
  double cost(int64_t oc, int64_t taps, int64_t ic, int64_t vectors, bool pairs) const {
    int64_t channels = pairs ? vectors * vectorWidth / 2 : vectors * vectorWidth;
    int64_t blocks = (oc + channels - 1) / channels;
    int64_t steps = packedSteps(taps, ic, pairs);
    double work = static_cast<double>(blocks * vectors * steps) * (vectors == 1 ? 1.25 : 1.0);
    if (pairs)
      work += static_cast<double>(blocks * (vectors / 2 * 3 + vectors % 2 * 4));
    return work;
  }

  /// The packed_conv2d filter constant for `oc` output channels of `taps` x `ic` weights each
  /// (in (ky, kx, ic) order, as OHWI stores them) and their biases, in the layout of blockWidth
  /// or, when the estimate says it does at least 5% less work, the k-pair layout (the op's
  /// k_pairs attribute, returned in `kPairs`).
  Value packFilter(OpBuilder &builder, Location loc, ArrayRef<float> filter, ArrayRef<float> bias,
                   int64_t oc, int64_t taps, int64_t ic, IntegerAttr &kPairs) {
    int64_t nr = blockWidth(oc), k = taps * ic;
    double best = 0.95 * cost(oc, taps, ic, nr / vectorWidth, false);
    int64_t pairVectors = 0;
    for (int64_t vectors = 1; vectors <= pairMaxVectors; ++vectors)
      if (double c = cost(oc, taps, ic, vectors, true); c < best)
        best = c, pairVectors = vectors;
    if (pairVectors > 0) {
      kPairs = builder.getI64IntegerAttr(vectorWidth);
      return packPairs(builder, loc, filter, bias, oc, taps, ic, pairVectors);
    }
    kPairs = nullptr;
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

  /// The k-pair layout (MNetOps.td, runtime simd/igemm.h) in blocks of `vectors` vectors.
  Value packPairs(OpBuilder &builder, Location loc, ArrayRef<float> filter, ArrayRef<float> bias,
                  int64_t oc, int64_t taps, int64_t ic, int64_t vectors) {
    int64_t w = vectorWidth, width = vectors * w, channels = width / 2;
    int64_t blocks = (oc + channels - 1) / channels, steps = (ic + 1) / 2; // per tap
    int64_t rows = 1 + packedSteps(taps, ic, /*kPairs=*/true);
    SmallVector<float> packed(blocks * rows * width, 0.f);
    for (int64_t o = 0; o < oc; ++o) {
      // Channel r of its block: in the vector pair m, or the odd last vector.
      int64_t r = o % channels, m = r / w, within = r % w, lane;
      int64_t vector = 2 * m;
      if (vector + 1 < vectors) {
        vector += within % 4 / 2;
        lane = within / 4 * 4 + within % 2 * 2;
      } else {
        lane = 2 * within;
      }
      float *column = packed.data() + (o / channels) * rows * width + vector * w + lane;
      column[0] = bias[o];
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t i = 0; i < ic; ++i)
          column[(1 + t * steps + i / 2) * width + i % 2] = filter[(o * taps + t) * ic + i];
    }
    auto type = RankedTensorType::get({blocks, rows, width}, builder.getF32Type());
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
    if (pairMaxVectors > 0 && vectorWidth % 4 != 0) {
      getOperation().emitError("mnet-pack-weights: the k-pair layout needs a vector width "
                               "that is a multiple of 4");
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
    IntegerAttr kPairs;
    Value weights =
        packFilter(builder, conv.getFilter().getLoc(), *filter, *bias, oc, kh * kw, ic, kPairs);
    auto packed = builder.create<PackedConv2DOp>(
        conv.getLoc(), conv.getType(), conv.getInput(), weights, /*residual=*/Value(),
        builder.getDenseI64ArrayAttr({kh, kw}), conv.getStridesAttr(), conv.getDilationsAttr(),
        conv.getPaddingAttr(), conv.getActivationAttr(), /*residual_activation=*/nullptr,
        /*hard_swish=*/nullptr, kPairs);
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
    IntegerAttr kPairs;
    Value weights = packFilter(builder, fc.getFilter().getLoc(), *filter, *bias, n, 1, k, kPairs);
    Value conv = builder.create<PackedConv2DOp>(
        loc, RankedTensorType::get({1, 1, batch, n}, f32), input, weights, /*residual=*/Value(),
        builder.getDenseI64ArrayAttr({1, 1}), builder.getDenseI64ArrayAttr({1, 1}),
        builder.getDenseI64ArrayAttr({1, 1}), builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
        fc.getActivationAttr(), /*residual_activation=*/nullptr, /*hard_swish=*/nullptr, kPairs);
    Value result = builder.create<ReshapeOp>(loc, fc.getType(), conv);
    replace(fc, result, {fc.getFilter(), fc.getBias()});
  }
};

} // namespace

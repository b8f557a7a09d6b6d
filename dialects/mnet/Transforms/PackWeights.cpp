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

/// The f32 values of a constant operand, or failure if it is not one.
FailureOr<SmallVector<float>> constantValues(Value value) {
  auto constant = value ? value.getDefiningOp<ConstOp>() : nullptr;
  auto values = constant ? dyn_cast<DenseFPElementsAttr>(constant.getValue()) : nullptr;
  if (!values || !values.getElementType().isF32())
    return failure();
  return SmallVector<float>(values.getValues<float>());
}

struct PackWeightsPass : mlir::mnet::impl::MNetPackWeightsPassBase<PackWeightsPass> {
  using MNetPackWeightsPassBase::MNetPackWeightsPassBase;

  void runOnOperation() override {
    if (vectorWidth < 1 || maxVectors < 1) {
      getOperation().emitError("mnet-pack-weights needs vector-width and max-vectors >= 1");
      return signalPassFailure();
    }
    getOperation().walk([&](Conv2DOp conv) {
      ArrayRef<int64_t> shape = conv.getFilter().getType().getShape(); // [OC, KH, KW, IC]
      int64_t oc = shape[0], kh = shape[1], kw = shape[2], ic = shape[3];
      auto filter = constantValues(conv.getFilter());
      FailureOr<SmallVector<float>> bias = SmallVector<float>(oc, 0.f);
      if (conv.getBias())
        bias = constantValues(conv.getBias());
      if (failed(filter) || failed(bias) || kh * kw > kMaxTaps)
        return;

      int64_t vectors = std::min<int64_t>(maxVectors, (oc + vectorWidth - 1) / vectorWidth);
      int64_t nr = vectors * vectorWidth;
      int64_t blocks = (oc + nr - 1) / nr, rows = 1 + kh * kw * ic;
      SmallVector<float> packed(blocks * rows * nr, 0.f);
      for (int64_t o = 0; o < oc; ++o) {
        float *column = packed.data() + (o / nr) * rows * nr + o % nr;
        column[0] = (*bias)[o];
        for (int64_t k = 0; k < kh * kw * ic; ++k) // (ky, kx, ic) order, as in OHWI
          column[(1 + k) * nr] = (*filter)[o * kh * kw * ic + k];
      }

      OpBuilder builder(conv);
      auto type = RankedTensorType::get({blocks, rows, nr}, builder.getF32Type());
      Value weights = builder.create<ConstOp>(conv.getFilter().getLoc(),
                                              DenseElementsAttr::get(type, ArrayRef(packed)));
      auto packedConv = builder.create<PackedConv2DOp>(
          conv.getLoc(), conv.getType(), conv.getInput(), weights, /*residual=*/Value(),
          builder.getDenseI64ArrayAttr({kh, kw}), conv.getStridesAttr(), conv.getDilationsAttr(),
          conv.getPaddingAttr(), conv.getActivationAttr(), /*residual_activation=*/nullptr,
          /*hard_swish=*/nullptr);
      conv.replaceAllUsesWith(packedConv.getResult());
      SmallVector<Value> old = {conv.getFilter(), conv.getBias()};
      conv.erase();
      for (Value value : old)
        if (value && value.use_empty())
          value.getDefiningOp()->erase();
    });
  }
};

} // namespace

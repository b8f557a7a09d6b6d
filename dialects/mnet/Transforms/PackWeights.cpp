//===- PackWeights.cpp - weights in their kernel's layout ----------------===//
#include "dialects/mnet/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETPACKWEIGHTSPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// Whether `conv` is a plain matrix product over pixels.
bool isPointwise(Conv2DOp conv) {
  ArrayRef<int64_t> filter = conv.getFilter().getType().getShape();
  auto ones = [](ArrayRef<int64_t> values) {
    return llvm::all_of(values, [](int64_t v) { return v == 1; });
  };
  return filter[1] == 1 && filter[2] == 1 && ones(conv.getStrides()) &&
         ones(conv.getDilations()) &&
         llvm::all_of(conv.getPadding(), [](int64_t p) { return p == 0; });
}

struct PackWeightsPass : mlir::mnet::impl::MNetPackWeightsPassBase<PackWeightsPass> {
  void runOnOperation() override {
    getOperation().walk([](Conv2DOp conv) {
      auto constant = conv.getFilter().getDefiningOp<ConstOp>();
      auto weights = constant ? dyn_cast<DenseFPElementsAttr>(constant.getValue()) : nullptr;
      if (!weights || !weights.getElementType().isF32() || !isPointwise(conv))
        return;
      // [N, 1, 1, K] -> [K, N]
      int64_t n = conv.getFilter().getType().getShape()[0];
      int64_t k = conv.getFilter().getType().getShape()[3];
      SmallVector<float> source(weights.getValues<float>());
      SmallVector<float> packed(source.size());
      for (int64_t o = 0; o < n; ++o)
        for (int64_t i = 0; i < k; ++i)
          packed[i * n + o] = source[o * k + i];
      auto type = RankedTensorType::get({k, n}, weights.getElementType());
      OpBuilder builder(conv);
      Value filter =
          builder.create<ConstOp>(constant.getLoc(), DenseElementsAttr::get(type, ArrayRef(packed)));
      Value result = builder.create<PointwiseConv2DOp>(conv.getLoc(), conv.getType(),
                                                       conv.getInput(), filter, conv.getBias(),
                                                       conv.getActivationAttr());
      conv.replaceAllUsesWith(result);
      conv.erase();
      if (constant.use_empty())
        constant.erase();
    });
  }
};

} // namespace

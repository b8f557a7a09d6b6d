//===- FoldDequantize.cpp - float16 weights to float32 constants ---------===//
#include "dialects/mnet/Transforms/Passes.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFOLDDEQUANTIZEPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

struct FoldDequantizePass : mlir::mnet::impl::MNetFoldDequantizePassBase<FoldDequantizePass> {
  void runOnOperation() override {
    getOperation().walk([](DequantizeOp op) {
      auto constant = op.getInput().getDefiningOp<ConstOp>();
      auto half = constant ? dyn_cast<DenseFPElementsAttr>(constant.getValue()) : nullptr;
      if (!half)
        return;
      // float16 -> float32 is exact.
      auto single = half.mapValues(Float32Type::get(op.getContext()), [](const APFloat &value) {
        APFloat widened = value;
        bool losesInfo = false;
        widened.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &losesInfo);
        return widened.bitcastToAPInt();
      });
      OpBuilder builder(op);
      op.replaceAllUsesWith(builder.create<ConstOp>(op.getLoc(), single).getResult());
      op.erase();
      if (constant.use_empty())
        constant.erase();
    });
  }
};

} // namespace

//===- FuseEpilogue.cpp - residual adds and hard-swish into convolutions -===//
// (hard-swish also into depthwise convolutions)
#include "dialects/mnet/Transforms/Passes.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFUSEEPILOGUEPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// A packed convolution whose result has no other use and no fused epilogue yet.
PackedConv2DOp fusibleProducer(Value value) {
  auto conv = value.getDefiningOp<PackedConv2DOp>();
  if (!conv || !conv->hasOneUse() || conv.getResidual() || conv.getHardSwish())
    return nullptr;
  return conv;
}

struct FuseEpiloguePass : mlir::mnet::impl::MNetFuseEpiloguePassBase<FuseEpiloguePass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (auto add = dyn_cast<AddOp>(op)) {
        for (auto [convSide, otherSide] : {std::pair{0, 1}, std::pair{1, 0}}) {
          PackedConv2DOp conv = fusibleProducer(add->getOperand(convSide));
          Value residual = add->getOperand(otherSide);
          if (!conv || residual.getType() != add.getType() ||
              conv.getType() != add.getType() || residual == conv.getResult())
            continue;
          // The residual must exist before the convolution runs.
          if (Operation *def = residual.getDefiningOp();
              def && def->getBlock() == conv->getBlock() && conv->isBeforeInBlock(def))
            continue;
          conv.getResidualMutable().assign(residual);
          conv.setResidualActivationAttr(add.getActivationAttr());
          conv->setLoc(add.getLoc()); // the fused value is the add's tensor
          add.replaceAllUsesWith(conv.getResult());
          add.erase();
          return;
        }
        return;
      }
      if (auto hardSwish = dyn_cast<HardSwishOp>(op)) {
        Operation *producer = fusibleProducer(hardSwish.getInput());
        if (auto dw = hardSwish.getInput().getDefiningOp<DepthwiseConv2DOp>();
            dw && dw->hasOneUse() && !dw.getHardSwish()) {
          dw.setHardSwish(true);
          producer = dw;
        } else if (producer) {
          cast<PackedConv2DOp>(producer).setHardSwish(true);
        } else {
          return;
        }
        producer->setLoc(hardSwish.getLoc()); // the fused value is the hard-swish's tensor
        hardSwish.replaceAllUsesWith(producer->getResult(0));
        hardSwish.erase();
      }
    });
  }
};

} // namespace

//===- FoldPad.cpp - zero padding into convolutions ----------------------===//
#include "dialects/mnet/Transforms/Passes.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFOLDPADPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// Folds `pad` into `conv` (conv2d or depthwise_conv2d) if it only pads H and W with zeros.
template <typename ConvOp>
LogicalResult foldInto(ConvOp conv) {
  auto pad = conv.getInput().template getDefiningOp<PadOp>();
  if (!pad || !pad->hasOneUse() || !pad.getValue().isZero())
    return failure();
  ArrayRef<int64_t> low = pad.getLow(), high = pad.getHigh();
  if (low.size() != 4 || low[0] || high[0] || low[3] || high[3])
    return failure();
  ArrayRef<int64_t> p = conv.getPadding(); // [top, bottom, left, right]
  SmallVector<int64_t> padding = {p[0] + low[1], p[1] + high[1], p[2] + low[2], p[3] + high[2]};
  conv.setPadding(padding);
  conv.getInputMutable().assign(pad.getInput());
  pad.erase();
  return success();
}

struct FoldPadPass : mlir::mnet::impl::MNetFoldPadPassBase<FoldPadPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      if (auto conv = dyn_cast<Conv2DOp>(op))
        (void)foldInto(conv);
      else if (auto dw = dyn_cast<DepthwiseConv2DOp>(op))
        (void)foldInto(dw);
    });
  }
};

} // namespace

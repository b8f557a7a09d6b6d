//===- FoldPad.cpp - zero padding into convolutions and pools -------------===//
#include "dialects/mnet/Transforms/Passes.h"

#include "llvm/ADT/TypeSwitch.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFOLDPADPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// The pad `windowed` (a convolution or pool) reads if it only pads H and W with zeros and has
/// no other reader.
template <typename WindowOp>
PadOp foldablePad(WindowOp windowed) {
  auto pad = windowed.getInput().template getDefiningOp<PadOp>();
  if (!pad || !pad->hasOneUse() || !pad.getValue().isZero())
    return {};
  ArrayRef<int64_t> low = pad.getLow(), high = pad.getHigh();
  if (low.size() != 4 || low[0] || high[0] || low[3] || high[3])
    return {};
  return pad;
}

/// Adds `pad`'s rows and columns to `windowed`'s padding and reads the pad's input instead.
template <typename WindowOp>
void fold(WindowOp windowed, PadOp pad) {
  ArrayRef<int64_t> low = pad.getLow(), high = pad.getHigh();
  ArrayRef<int64_t> p = windowed.getPadding(); // [top, bottom, left, right]
  SmallVector<int64_t> padding = {p[0] + low[1], p[1] + high[1], p[2] + low[2], p[3] + high[2]};
  windowed.setPadding(padding);
  windowed.getInputMutable().assign(pad.getInput());
  pad.erase();
}

/// A convolution's padded taps read zeros: any zero pad folds.
template <typename ConvOp>
void foldIntoConv(ConvOp conv) {
  if (PadOp pad = foldablePad(conv))
    fold(conv, pad);
}

/// A pool ignores its own padded taps, while a PAD's zeros take part in the window (they count
/// in an average and can be a maximum). So a pad folds only into a pool without padding of its
/// own (VALID), or one that already counts its padding, and sets include_pad.
template <typename PoolOp>
void foldIntoPool(PoolOp pool) {
  PadOp pad = foldablePad(pool);
  if (!pad || (!pool.getIncludePad() && llvm::any_of(pool.getPadding(), [](int64_t p) {
                 return p != 0;
               })))
    return;
  fold(pool, pad);
  pool.setIncludePad(true);
}

struct FoldPadPass : mlir::mnet::impl::MNetFoldPadPassBase<FoldPadPass> {
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      llvm::TypeSwitch<Operation *>(op)
          .Case<Conv2DOp, DepthwiseConv2DOp>([](auto conv) { foldIntoConv(conv); })
          .Case<AvgPool2DOp, MaxPool2DOp>([](auto pool) { foldIntoPool(pool); });
    });
  }
};

} // namespace

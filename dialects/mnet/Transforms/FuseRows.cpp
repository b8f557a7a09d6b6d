//===- FuseRows.cpp - depth-first fusion of depthwise-separable blocks ---===//
#include "dialects/mnet/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFUSEROWSPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

int64_t bytesOf(Value v) { return cast<RankedTensorType>(v.getType()).getNumElements() * 4; }

/// The row kernel handles this depthwise convolution (runtime simd/dwconv.h).
bool isRowDepthwise(DepthwiseConv2DOp dw) {
  ArrayRef<int64_t> in = dw.getInput().getType().getShape();
  ArrayRef<int64_t> filter = dw.getFilter().getType().getShape();
  return in[0] == 1 && dw.getDepthMultiplier() == 1 &&
         llvm::all_of(dw.getDilations(), [](int64_t d) { return d == 1; }) &&
         filter[1] == filter[2] && (filter[1] == 3 || filter[1] == 5);
}

/// Whether only constants lie strictly between `first` and `last` (same block, in order).
bool onlyConstantsBetween(Operation *first, Operation *last) {
  for (Operation *op = first->getNextNode(); op && op != last; op = op->getNextNode())
    if (!isa<ConstOp>(op))
      return false;
  return true;
}

struct FuseRowsPass : mlir::mnet::impl::MNetFuseRowsPassBase<FuseRowsPass> {
  using MNetFuseRowsPassBase::MNetFuseRowsPassBase;

  void runOnOperation() override {
    int64_t nextGroup = 0;
    getOperation().walk([&](DepthwiseConv2DOp dw) {
      if (!isRowDepthwise(dw) || !dw->hasOneUse() || dw->hasAttr(kRowGroupAttr))
        return;
      auto project = dyn_cast<PackedConv2DOp>(*dw->getUsers().begin());
      if (!project || project.getInput() != dw.getResult() || !project.isPointwise() ||
          project.getResidual() == dw.getResult() || !onlyConstantsBetween(dw, project))
        return;
      auto expand = dw.getInput().getDefiningOp<PackedConv2DOp>();
      if (expand && (!expand->hasOneUse() || expand.getResidual() ||
                     expand.getInput().getType().getShape()[0] != 1 ||
                     expand->hasAttr(kRowGroupAttr) || !onlyConstantsBetween(expand, dw)))
        expand = nullptr;
      // The tensor the block no longer materializes in full.
      int64_t saved = expand ? bytesOf(dw.getInput()) : bytesOf(dw.getResult());
      if (saved < minBytes)
        return;

      ArrayRef<int64_t> in = dw.getInput().getType().getShape();  // [1, H, W, C]
      ArrayRef<int64_t> out = dw.getResult().getType().getShape(); // [1, OH, OW, C]
      int64_t kh = dw.getFilter().getType().getShape()[1];
      int64_t ring = expand ? kh * in[2] * in[3] : 0;
      int64_t macs = 0;
      for (Operation *op : {expand.getOperation(), dw.getOperation(), project.getOperation()})
        if (op)
          macs += multiplyAccumulates(op);
      int64_t bands = layerTasks(macs, std::max<int64_t>(tasks, 1), minTaskMacs);
      int64_t scratch = bands * (ring + out[2] * out[3]) * 4;

      OpBuilder builder(dw.getContext());
      auto id = builder.getI64IntegerAttr(nextGroup++);
      for (Operation *op : {expand.getOperation(), dw.getOperation(), project.getOperation()})
        if (op)
          op->setAttr(kRowGroupAttr, id);
      project->setAttr(kScratchBytesAttr, builder.getI64IntegerAttr(scratch));
      project->setAttr(kTasksAttr, builder.getI64IntegerAttr(bands));
    });
  }
};

} // namespace

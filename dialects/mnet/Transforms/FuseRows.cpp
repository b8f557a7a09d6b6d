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

/// Bytes of the constant operands (weights, bias) `op` reads.
int64_t weightBytes(Operation *op) {
  int64_t bytes = 0;
  for (Value v : op->getOperands())
    if (v.getDefiningOp<ConstOp>()) {
      auto type = cast<RankedTensorType>(v.getType());
      bytes += type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
    }
  return bytes;
}

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

  /// What a block marked so far needs: scratch floats per band, work, weights.
  struct Block {
    int64_t bandFloats = 0, macs = 0, weights = 0;
  };

  void runOnOperation() override {
    int64_t nextGroup = 0;
    llvm::DenseMap<int64_t, Block> blocks;
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
                     !onlyConstantsBetween(expand, dw)))
        expand = nullptr;
      // The block's ops besides those of the block it chains onto.
      SmallVector<Operation *, 3> ops = {dw, project};
      int64_t macs = multiplyAccumulates(dw) + multiplyAccumulates(project);
      int64_t weights = weightBytes(dw) + weightBytes(project);
      // An expansion that is already another block's projection: chain onto that block when
      // the tensor between them would not fit the cache and the chain's weights would.
      Block chained;
      IntegerAttr group;
      if (expand && expand->hasAttr(kRowGroupAttr)) {
        group = expand->getAttrOfType<IntegerAttr>(kRowGroupAttr);
        chained = blocks.lookup(group.getInt());
        if (chainMinBytes < 0 || !expand->hasAttr(kScratchBytesAttr) ||
            bytesOf(expand.getResult()) < chainMinBytes ||
            chained.weights + weights > chainMaxWeightBytes) {
          expand = nullptr;
          group = {};
          chained = {};
        }
      } else if (expand) {
        ops.insert(ops.begin(), expand);
        macs += multiplyAccumulates(expand);
        weights += weightBytes(expand);
      }
      // The tensor the block no longer materializes in full.
      int64_t saved = expand ? bytesOf(dw.getInput()) : bytesOf(dw.getResult());
      if (saved < minBytes)
        return;

      ArrayRef<int64_t> in = dw.getInput().getType().getShape();  // [1, H, W, C]
      ArrayRef<int64_t> out = dw.getResult().getType().getShape(); // [1, OH, OW, C]
      int64_t kh = dw.getFilter().getType().getShape()[1];
      Block block{chained.bandFloats + (expand ? kh * in[2] * in[3] : 0) + out[2] * out[3],
                  chained.macs + macs, chained.weights + weights};
      int64_t bands = layerTasks(block.macs, std::max<int64_t>(tasks, 1), minTaskMacs);

      OpBuilder builder(dw.getContext());
      if (group) { // the old leader becomes a member
        expand->removeAttr(kScratchBytesAttr);
        expand->removeAttr(kTasksAttr);
      } else {
        group = builder.getI64IntegerAttr(nextGroup++);
      }
      blocks[group.getInt()] = block;
      for (Operation *op : ops)
        op->setAttr(kRowGroupAttr, group);
      project->setAttr(kScratchBytesAttr, builder.getI64IntegerAttr(bands * block.bandFloats * 4));
      project->setAttr(kTasksAttr, builder.getI64IntegerAttr(bands));
    });
  }
};

} // namespace

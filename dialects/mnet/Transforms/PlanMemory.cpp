//===- PlanMemory.cpp - static arena planning ----------------------------===//
#include "dialects/mnet/Transforms/Passes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETPLANMEMORYPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

struct Buffer {
  Operation *op;       // defines the buffer's value, or owns the scratch
  StringRef attr;      // where the offset goes on `op`
  int64_t bytes;       // rounded up to the alignment
  int64_t first, last; // live range in op indices, inclusive
  int64_t offset = -1;
};

/// A fused block (mnet-fuse-rows) runs as one step at its leader: the op carrying the
/// scratch size. Its other ops have no buffers, and whatever they read stays live until then.
bool isFusedMember(Operation &op) {
  return op.hasAttr(kRowGroupAttr) && !op.hasAttr(kScratchBytesAttr);
}

/// The value whose storage `v` uses: reshapes alias their input, and so do ops computed in
/// place.
Value storageRoot(Value v) {
  for (;;) {
    if (auto reshape = v.getDefiningOp<ReshapeOp>())
      v = reshape.getInput();
    else if (Operation *def = v.getDefiningOp(); def && def->hasAttr(kInPlaceAttr))
      v = def->getOperand(0);
    else
      return v;
  }
}

/// A squeeze-excite can write its result over its input when nothing else reads the input
/// and the input is an arena buffer of its own (not the caller's, not a constant, not a view).
bool canRunInPlace(SqueezeExciteOp op, Operation *terminator) {
  Value in = op.getInput();
  Operation *def = in.getDefiningOp();
  return in.hasOneUse() && def && !isa<ConstOp, ReshapeOp>(def) &&
         !llvm::is_contained(terminator->getOperands(), op.getResult());
}

struct PlanMemoryPass : mlir::mnet::impl::MNetPlanMemoryPassBase<PlanMemoryPass> {
  using MNetPlanMemoryPassBase::MNetPlanMemoryPassBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (alignment < 1 || (alignment & (alignment - 1))) {
      func.emitError() << "arena alignment must be a power of two, got " << alignment;
      return signalPassFailure();
    }
    if (!func.getBody().hasOneBlock()) {
      func.emitError("expected a single-block function");
      return signalPassFailure();
    }
    Block &body = func.getBody().front();
    Operation *terminator = body.getTerminator();

    // Which values need an arena buffer, and over which ops they are live.
    llvm::DenseMap<Operation *, int64_t> index;
    SmallVector<Buffer> buffers;
    llvm::DenseMap<Value, size_t> bufferOf;
    llvm::DenseMap<Attribute, int64_t> groupStep; // fused block id -> its leader's index
    for (auto [i, op] : llvm::enumerate(body.getOperations()))
      if (op.hasAttr(kRowGroupAttr) && op.hasAttr(kScratchBytesAttr))
        groupStep[op.getAttr(kRowGroupAttr)] = i;
    auto roundUp = [&](int64_t bytes) { return (bytes + alignment - 1) / alignment * alignment; };
    for (auto [i, op] : llvm::enumerate(body.getOperations())) {
      index[&op] = i;
      op.removeAttr(kArenaOffsetAttr);
      op.removeAttr(kScratchOffsetAttr);
      op.removeAttr(kInPlaceAttr);
      if (Attribute group = op.getAttr(kRowGroupAttr)) {
        auto step = groupStep.find(group);
        if (step == groupStep.end()) {
          op.emitError("fused block without a leader");
          return signalPassFailure();
        }
        index[&op] = step->second;
      }
      if (int64_t scratch = scratchBytes(op))
        buffers.push_back({&op, kScratchOffsetAttr, roundUp(scratch), static_cast<int64_t>(i),
                           static_cast<int64_t>(i)});
      if (auto se = dyn_cast<SqueezeExciteOp>(op); se && canRunInPlace(se, terminator))
        op.setAttr(kInPlaceAttr, UnitAttr::get(op.getContext()));
      if (&op == terminator || isa<ConstOp, ReshapeOp>(op) || op.getNumResults() != 1 ||
          isFusedMember(op) || op.hasAttr(kInPlaceAttr))
        continue;
      Value result = op.getResult(0);
      if (llvm::is_contained(terminator->getOperands(), result))
        continue; // written straight into the caller's output buffer
      auto type = cast<RankedTensorType>(result.getType());
      int64_t bytes = type.getNumElements() * ((type.getElementTypeBitWidth() + 7) / 8);
      bufferOf[result] = buffers.size();
      buffers.push_back({&op, kArenaOffsetAttr, roundUp(bytes), static_cast<int64_t>(i),
                         static_cast<int64_t>(i)});
    }
    for (Operation &op : body)
      for (Value operand : op.getOperands()) {
        auto it = bufferOf.find(storageRoot(operand));
        if (it != bufferOf.end())
          buffers[it->second].last = std::max(buffers[it->second].last, index[&op]);
      }

    // Largest first, each at the lowest offset clear of every placed buffer it is live with.
    SmallVector<size_t> order;
    for (size_t i = 0; i < buffers.size(); ++i)
      order.push_back(i);
    llvm::stable_sort(order, [&](size_t a, size_t b) {
      return buffers[a].bytes != buffers[b].bytes ? buffers[a].bytes > buffers[b].bytes
                                                  : buffers[a].first < buffers[b].first;
    });
    SmallVector<const Buffer *> placed;
    int64_t arenaSize = 0;
    for (size_t id : order) {
      Buffer &buffer = buffers[id];
      SmallVector<const Buffer *> conflicts;
      for (const Buffer *other : placed)
        if (other->first <= buffer.last && buffer.first <= other->last)
          conflicts.push_back(other);
      llvm::sort(conflicts, [](const Buffer *a, const Buffer *b) { return a->offset < b->offset; });
      int64_t offset = 0;
      for (const Buffer *other : conflicts) {
        if (offset + buffer.bytes <= other->offset)
          break;
        offset = std::max(offset, other->offset + other->bytes);
      }
      buffer.offset = offset;
      placed.push_back(&buffer);
      arenaSize = std::max(arenaSize, offset + buffer.bytes);
    }

    OpBuilder builder(func.getContext());
    for (const Buffer &buffer : buffers)
      buffer.op->setAttr(buffer.attr, builder.getI64IntegerAttr(buffer.offset));
    func->setAttr(kArenaSizeAttr, builder.getI64IntegerAttr(arenaSize));
    func->setAttr(kArenaAlignmentAttr, builder.getI64IntegerAttr(alignment));
  }
};

} // namespace

//===- Passes.h - mnet dialect passes ---------------------------*- C++ -*-===//
#ifndef MNET_TRANSFORMS_PASSES_H
#define MNET_TRANSFORMS_PASSES_H

#include "dialects/mnet/IR/MNetOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::mnet {

/// Attribute names the planner writes and the emitters read.
inline constexpr llvm::StringLiteral kArenaOffsetAttr = "mnet.arena_offset";
inline constexpr llvm::StringLiteral kArenaSizeAttr = "mnet.arena_size";
inline constexpr llvm::StringLiteral kArenaAlignmentAttr = "mnet.arena_alignment";

/// Depth-first fusion (mnet-fuse-rows): every op of a fused block carries the block's id; the
/// block's last op (its leader, whose result is the block's) also carries the scratch bytes
/// its ring buffer and row buffer need, and the planner adds where they live.
inline constexpr llvm::StringLiteral kRowGroupAttr = "mnet.row_group";
inline constexpr llvm::StringLiteral kScratchBytesAttr = "mnet.scratch_bytes";
inline constexpr llvm::StringLiteral kScratchOffsetAttr = "mnet.scratch_offset";
/// On an op whose result shares its input's buffer (mnet-plan-memory decides).
inline constexpr llvm::StringLiteral kInPlaceAttr = "mnet.in_place";
/// On a fused block's leader: the bands its rows are split into (each with its own scratch).
inline constexpr llvm::StringLiteral kTasksAttr = "mnet.tasks";

/// Scratch memory `op` needs while it runs (0 for none): a fused block's rings and rows (on its
/// leader), squeeze-excite's vectors. mnet-plan-memory places it at kScratchOffsetAttr.
inline int64_t scratchBytes(Operation &op) {
  if (auto scratch = op.getAttrOfType<IntegerAttr>(kScratchBytesAttr))
    return scratch.getInt();
  if (auto se = dyn_cast<SqueezeExciteOp>(op))
    return se.getScratchBytes();
  return 0;
}

#define GEN_PASS_DECL
#include "dialects/mnet/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/mnet/Transforms/Passes.h.inc"

} // namespace mlir::mnet

#endif // MNET_TRANSFORMS_PASSES_H

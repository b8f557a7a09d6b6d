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

#define GEN_PASS_DECL
#include "dialects/mnet/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "dialects/mnet/Transforms/Passes.h.inc"

} // namespace mlir::mnet

#endif // MNET_TRANSFORMS_PASSES_H

//===- Report.h - what a compiled model costs -------------------*- C++ -*-===//
//
// mnetc --report=FILE.json and the summary line after every compile: per layer its op, fused
// block, shapes, multiply-accumulates, weight bytes and where its result lives in the arena;
// totals for the model. Read from the module after the pipeline, so every figure is the one the
// generated code has (packed weights as stored, the planner's offsets).
//
//===----------------------------------------------------------------------===//
#ifndef MNET_COMPILER_REPORT_H
#define MNET_COMPILER_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace mnetc {

struct ReportTotals {
  int64_t layers = 0, fusedBlocks = 0;
  int64_t macs = 0, weightBytes = 0, arenaBytes = 0;
};

/// Facts about the compile that the module does not hold.
struct ReportContext {
  std::string model, target, source, header;
  int64_t sourceBytes = 0, headerBytes = 0;
};

/// The layer at the peak of the arena's use: while it runs, the buffers that are live (its
/// inputs and result where they are in the arena, tensors kept for later layers, its scratch)
/// sum to the most bytes. No plan's arena is smaller than that sum.
struct PeakLayer {
  std::string name, op;
  int64_t liveBytes = 0;
};
PeakLayer peakLayer(mlir::ModuleOp module);

/// The report as JSON text: {"model", "target", "source", "header", "arena_alignment",
/// "totals": {...}, "layers": [...]}, one layer a line.
std::string reportJson(mlir::ModuleOp module, const ReportContext &context);

/// The totals alone (also what the JSON's "totals" holds, less the file sizes).
ReportTotals reportTotals(mlir::ModuleOp module);

/// One line: "mnetc: wrote model.cc and model.h for T: N layers (B fused blocks), M MACs,
/// weights W bytes, arena A bytes".
void printSummary(llvm::raw_ostream &os, mlir::ModuleOp module, const ReportContext &context);

} // namespace mnetc

#endif // MNET_COMPILER_REPORT_H

//===- Report.h - what a compiled model costs -------------------*- C++ -*-===//
//
// mnetc --report=FILE.json (or .html) and the summary line after every compile: per layer its
// op, fused block, shapes, multiply-accumulates, weight bytes and where its result lives in the
// arena; totals for the model. Read from the module after the pipeline, so every figure is the
// one the generated code has (packed weights as stored, the planner's offsets).
//
//===----------------------------------------------------------------------===//
#ifndef MNET_COMPILER_REPORT_H
#define MNET_COMPILER_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mnetc {

struct ReportTotals {
  int64_t layers = 0, fusedBlocks = 0;
  int64_t macs = 0, weightBytes = 0, arenaBytes = 0;
};

/// Facts about the compile that the module does not hold.
struct ReportContext {
  std::string model, target, source, header;
  int64_t sourceBytes = 0, headerBytes = 0;
  /// The weights blob (mnetc --weights=separate); empty when the weights are in the source.
  std::string weights;
  int64_t weightsFileBytes = 0;
};

/// One layer of the report, in execution order: what the JSON lists and the HTML draws.
struct ReportLayer {
  std::string name, op;
  int64_t fusedGroup = -1;                  // the fused block's id, -1 outside one
  std::vector<std::vector<int64_t>> inputs; // shapes of the operands that are not weights
  std::vector<int64_t> output;
  int64_t macs = 0, weightBytes = 0;
  /// Where the result lives: "arena" (its own buffer), "in_place" (its input's), "output" (the
  /// caller's), "fused_rows" (a fused block's ring or row buffer) or "view" (another's bytes).
  std::string buffer;
  int64_t arenaOffset = -1, arenaBytes = 0; // the result's arena buffer, if it has one
  int64_t scratchOffset = -1, scratchBytes = 0;
  /// The step the layer runs in, as layer indices: the layer alone, or all the layers of its
  /// fused block (the block runs as one step, its layers a row band at a time).
  int64_t stepFirst = 0, stepLast = 0;
  /// The last layer index at which the result's arena buffer is live: the last step that reads
  /// it, also through reshapes and in-place results, which share its bytes (the planner's view).
  /// The buffer is live over [stepFirst, lastLive]; the scratch over [stepFirst, stepLast].
  int64_t lastLive = 0;
};
/// The layers of the model's function, as the planner left them (none without one).
std::vector<ReportLayer> reportLayers(mlir::ModuleOp module);

/// The layer at the peak of the arena's use: while it runs, the buffers that are live (its
/// inputs and result where they are in the arena, tensors kept for later layers, its scratch)
/// sum to the most bytes. No plan's arena is smaller than that sum. A fused block's peak is
/// named by its last layer.
struct PeakLayer {
  std::string name, op;
  int64_t liveBytes = 0;
  int64_t index = -1; // into reportLayers()
};
PeakLayer peakLayer(mlir::ModuleOp module);
/// The same, from the layers reportLayers() read.
PeakLayer peakLayer(const std::vector<ReportLayer> &layers);

/// The report as JSON text: {"model", "target", "source", "header", "arena_alignment",
/// "totals": {...}, "layers": [...]}, one layer a line.
std::string reportJson(mlir::ModuleOp module, const ReportContext &context);

/// The report as one self-contained HTML page (inline CSS and SVG, nothing fetched): the
/// totals, the arena's use over the layers (each buffer a rectangle from the layer that writes
/// it to its last reader, at its offset; each scratch for its layer; the peak marked) and a
/// row per layer with bars for its MACs and weights. Every name from the model is escaped.
std::string reportHtml(mlir::ModuleOp module, const ReportContext &context);

/// The report for --report=FILE: HTML when FILE ends in .html or .htm (any case), else JSON.
std::string formatReport(llvm::StringRef fileName, mlir::ModuleOp module,
                         const ReportContext &context);

/// The totals alone (also what the JSON's "totals" holds, less the file sizes).
ReportTotals reportTotals(mlir::ModuleOp module);

/// 1234567 as "1,234,567".
std::string withThousands(int64_t n);

/// One line: "mnetc: wrote model.cc and model.h for T: N layers (B fused blocks), M MACs,
/// weights W bytes, arena A bytes".
void printSummary(llvm::raw_ostream &os, mlir::ModuleOp module, const ReportContext &context);

} // namespace mnetc

#endif // MNET_COMPILER_REPORT_H

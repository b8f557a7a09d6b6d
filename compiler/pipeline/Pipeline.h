//===- Pipeline.h - mnetc's pass pipeline and compile entry -----*- C++ -*-===//
#ifndef MNET_COMPILER_PIPELINE_H
#define MNET_COMPILER_PIPELINE_H

#include "compiler/targets/Targets.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include <functional>
#include <string>
#include <vector>

namespace mnetc {

struct PipelineOptions {
  int64_t alignment = 64;
  /// Keep float16 weights half-size (widened at run time) instead of folding them to float32.
  bool halfWeights = false;
  /// The target's vector width in floats and widest register tile (see Target).
  int64_t vectorWidth = 16;
  int64_t maxVectors = 2;
  /// Widest k-pair register tile in vectors; 0: no k-pair layout (Target::gemmMaxPairVectors).
  int64_t pairMaxVectors = 0;
  /// Smallest intermediate tensor that depth-first fusion removes; < 0 turns fusion off.
  int64_t fuseMinBytes = 0;
  /// Smallest tensor between two fused blocks worth chaining them (the target's cache); their
  /// weights may take half of it (or chainMaxWeightBytes when >= 0). < 0: no chains.
  int64_t chainMinBytes = -1;
  int64_t chainMaxWeightBytes = -1;
  /// Parallel tasks each heavy layer is split into (the emitted code's thread count).
  int64_t tasks = 1;
  /// Smallest work (multiply-accumulates) worth a task of its own (Target::minTaskMacs).
  int64_t minTaskMacs = 1 << 20;
};

/// The pipeline options a target implies.
PipelineOptions pipelineOptionsFor(const Target &target, bool halfWeights, int64_t tasks = 1);

/// Folding (float16 weights, reshapes of constants), clean-up, weight packing, epilogue fusion,
/// then static memory planning.
void buildCompilePipeline(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers the pipeline as `mnet-compile` for mnet-opt.
void registerCompilePipeline();

/// The plans mnetc tries, in order, for a model that must fit `ramBudget` arena bytes: the
/// target's own, then every block fused at whatever tensor size, then every chain of blocks
/// whatever its weights (each smaller in memory, and usually slower, than the one before).
std::vector<PipelineOptions> plansWithinBudget(const PipelineOptions &base);

/// Runs the pipeline with `options` (see below for the rest); `beforePass`, when given, is
/// called with each pass's argument (e.g. "mnet-fuse-rows") before it runs.
mlir::LogicalResult
runCompilePipeline(mlir::ModuleOp module, const PipelineOptions &options,
                   bool applyCommandLineOptions, mlir::TimingScope *timing = nullptr,
                   std::function<void(llvm::StringRef)> beforePass = nullptr);

/// Runs the pipeline for `target` on an imported module; with `applyCommandLineOptions`,
/// honours the MLIR pass-manager command-line options (IR printing), which the driver must
/// have registered. With `timing`, each pass is timed under it.
mlir::LogicalResult runCompilePipeline(mlir::ModuleOp module, const Target &target,
                                       bool halfWeights, int64_t tasks,
                                       bool applyCommandLineOptions,
                                       mlir::TimingScope *timing = nullptr);

struct TensorInfo {
  std::string name;
  std::vector<int64_t> shape;
  int64_t elements() const {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    return n;
  }
};

/// The signature of an imported model's @main.
std::vector<TensorInfo> modelInputs(mlir::ModuleOp module);
std::vector<TensorInfo> modelOutputs(mlir::ModuleOp module);

/// The arena bytes mnet-plan-memory chose for @main (0 before planning).
int64_t arenaSize(mlir::ModuleOp module);

/// A C identifier made from `name` (letters, digits, '_'; never starting with a digit).
std::string cIdentifier(llvm::StringRef name);

/// Writes `contents` to `path` through a temporary file in the same folder and a rename,
/// so that readers never see a partial file.
mlir::LogicalResult writeFileAtomically(llvm::StringRef path, llvm::StringRef contents,
                                        std::string &error);

} // namespace mnetc

#endif // MNET_COMPILER_PIPELINE_H

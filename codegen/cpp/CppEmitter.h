//===- CppEmitter.h - scheduled mnet IR to standalone C++ -------*- C++ -*-===//
#ifndef MNET_CODEGEN_CPP_CPPEMITTER_H
#define MNET_CODEGEN_CPP_CPPEMITTER_H

#include "compiler/targets/Targets.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <functional>
#include <string>

namespace mnetc {

struct CppEmitOptions {
  /// Prefix of every exported symbol and macro (a C identifier, e.g. "mobilenet_v2").
  std::string prefix;
  /// The header's file name, as the source includes it.
  std::string headerName;
  /// The model file it came from, for the banner.
  std::string modelName;
  const Target *target = nullptr;
  /// Float16 weights stay half-size and are widened at run time (mnet.dequantize is kept).
  bool halfWeights = false;
  /// Weights go to a blob of their own (mnetc --weights=separate) that every run is given,
  /// instead of `const` arrays in the source: a retrained model with the same layout updates
  /// them without recompiling the code (docs/weights-format.md).
  bool separateWeights = false;
  /// Heavy layers are split into this many tasks for the application's parallel-for (must
  /// match the pipeline's `tasks`: fused blocks' scratch holds one copy per task).
  int tasks = 1;
  /// For compileToCpp, not the emitter: the most arena bytes the plan may take (mnetc
  /// --ram-budget); 0 for no limit.
  int64_t ramBudget = 0;
  /// For compileToCpp, not the emitter: called as each stage starts (the import, each pass,
  /// the emission) with its name (mnetc --progress).
  std::function<void(llvm::StringRef stage)> progress;
};

/// Writes the header and the source of `@main`, which must have been planned by
/// mnet-plan-memory. The source compiles on its own: the runtime kernels are pasted in.
/// With `options.separateWeights` the weights blob goes to `weights` (required then).
mlir::LogicalResult emitCpp(mlir::ModuleOp module, const CppEmitOptions &options,
                            llvm::raw_ostream &header, llvm::raw_ostream &source,
                            llvm::raw_ostream *weights = nullptr);

/// The weights blob's fixed header (docs/weights-format.md): magic, format version,
/// alignment, layout fingerprint, size and checksum, then zeros up to kWeightsHeaderBytes.
constexpr char kWeightsMagic[8] = {'M', 'N', 'E', 'T', 'W', 'G', 'T', '\0'};
constexpr uint32_t kWeightsFormatVersion = 1;
constexpr int64_t kWeightsHeaderBytes = 64;

} // namespace mnetc

#endif // MNET_CODEGEN_CPP_CPPEMITTER_H

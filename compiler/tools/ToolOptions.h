//===- ToolOptions.h - options mnetc and mnet-run share -----------*- C++ -*-===//
// Included once by each driver's main file.
#ifndef MNET_COMPILER_TOOLS_TOOLOPTIONS_H
#define MNET_COMPILER_TOOLS_TOOLOPTIONS_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"

#include <cstdint>

namespace mnetc {

/// The tools' own options: --help shows these; MLIR's and LLVM's are listed by --help-hidden.
static llvm::cl::OptionCategory toolCategory("mnetc options");

enum class Weights { F32, F16, Separate };

static llvm::cl::list<Weights> weightsOption(
    "weights",
    llvm::cl::desc("how weights are stored (a comma-separated list, e.g. f16,separate)"),
    llvm::cl::CommaSeparated,
    llvm::cl::values(
        clEnumValN(Weights::F32, "f32",
                   "float16 weights (TFLite DEQUANTIZE of float16 constants) widened to "
                   "float32 at compile time (default)"),
        clEnumValN(Weights::F16, "f16",
                   "float16 weights kept half-size, widened at run time (F16C, NEON or "
                   "portable code)"),
        clEnumValN(Weights::Separate, "separate",
                   "in a blob of their own (model.weights beside model.cc) that every run is "
                   "given: a retrained model of the same layout updates them without "
                   "recompiling the code")),
    llvm::cl::cat(toolCategory));

/// --weights=f16 (the last of f32/f16 given wins).
inline bool halfWeights() {
  bool half = false;
  for (Weights w : weightsOption)
    if (w != Weights::Separate)
      half = w == Weights::F16;
  return half;
}

/// --weights=separate.
inline bool separateWeights() { return llvm::is_contained(weightsOption, Weights::Separate); }

static llvm::cl::opt<unsigned> threadsOption(
    "num-threads",
    llvm::cl::desc("split each heavy layer into this many tasks for the application's "
                   "parallel-for (<prefix>_run_parallel; fused blocks get one scratch each)"),
    llvm::cl::init(1), llvm::cl::cat(toolCategory));

static llvm::cl::opt<uint64_t> ramBudgetOption(
    "ram-budget",
    llvm::cl::desc("most arena bytes the model may use: plans with more fusion until one fits, "
                   "or fails naming the smallest arena possible"),
    llvm::cl::value_desc("bytes"), llvm::cl::init(0), llvm::cl::cat(toolCategory));

/// --ram-budget as CppEmitOptions::ramBudget wants it (0: none).
inline int64_t ramBudget() {
  return ramBudgetOption > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX
                                                            : static_cast<int64_t>(ramBudgetOption);
}

} // namespace mnetc

#endif // MNET_COMPILER_TOOLS_TOOLOPTIONS_H

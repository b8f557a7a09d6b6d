//===- HalideEmitter.h - scheduled mnet IR to a Halide 14 generator -*- C++ -*-===//
//
// The Halide backend (mnetc --emit=halide). The generator's algorithm is the model's ops; its
// schedule is the decisions mnetc's pipeline made for the C++ backend: fused blocks
// (mnet.row_group) become compute_at/store_at with a folded ring of rows, a packed
// convolution's register tile (NR channels by MR pixels) becomes split/vectorize/unroll, and
// tasks become parallel bands of rows. The generator is plain C++ against Halide.h; mnetc never
// links libHalide (it carries LLVM 14): scripts/halide-build.sh builds and runs it.
//
//===----------------------------------------------------------------------===//
#ifndef MNET_CODEGEN_HALIDE_HALIDEEMITTER_H
#define MNET_CODEGEN_HALIDE_HALIDEEMITTER_H

#include "compiler/targets/Targets.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace mnetc {

struct HalideEmitOptions {
  /// The generator's registered name and the default function name (a C identifier).
  std::string name;
  /// The model file it came from, for the banner.
  std::string modelName;
  /// Default of the generator's `weights` parameter: where the weights file is read from when
  /// the generator runs (the blob written beside the generator).
  std::string weightsPath;
  const Target *target = nullptr;
  /// Parallel tasks per heavy layer (Halide's thread pool runs them); 1: no parallel loops.
  int tasks = 1;
};

/// Writes the Halide generator of `@main` (after mnetc's pipeline, without the k-pair layout or
/// float16 weights) to `generator` and the weights it reads, float32 one constant after
/// another, to `weights`. Fails with an error on the op when an op has no Halide lowering.
mlir::LogicalResult emitHalide(mlir::ModuleOp module, const HalideEmitOptions &options,
                               llvm::raw_ostream &generator, std::string &weights);

/// Halide's target string for an mnetc target ("x86-64-linux-avx2-...", "arm-64-linux").
std::string halideTargetString(const Target &target);

} // namespace mnetc

#endif // MNET_CODEGEN_HALIDE_HALIDEEMITTER_H

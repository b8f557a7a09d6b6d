//===- Compile.h - TFLite bytes to C++ text, the whole job ------*- C++ -*-===//
#ifndef MNET_COMPILER_COMPILE_H
#define MNET_COMPILER_COMPILE_H

#include "codegen/cpp/CppEmitter.h"
#include "codegen/halide/HalideEmitter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/Timing.h"

#include <string>

namespace mnetc {

struct CompiledCpp {
  mlir::OwningOpRef<mlir::ModuleOp> module; // after the pipeline
  std::string header, source;
  std::string weights; // the blob, with CppEmitOptions::separateWeights
};

/// Imports `bytes` (read from `fileName`), runs the pipeline for `options.target` and emits
/// C++. On failure returns failure and sets `error` to messages naming the file, op and tensor.
/// `applyCommandLineOptions`: see runCompilePipeline. With `timing`, the import, each pass and
/// the emission are timed under it.
mlir::LogicalResult compileToCpp(mlir::MLIRContext &context, llvm::StringRef fileName,
                                 llvm::ArrayRef<uint8_t> bytes, const CppEmitOptions &options,
                                 bool applyCommandLineOptions, CompiledCpp &result,
                                 std::string &error, mlir::TimingScope *timing = nullptr);

struct CompiledHalide {
  mlir::OwningOpRef<mlir::ModuleOp> module; // after the pipeline
  std::string generator; // the Halide generator's C++ source
  std::string weights;   // the float32 weights it reads
};

/// Imports `bytes` and runs the pipeline for `options.target` without the k-pair layout,
/// then emits a Halide generator (mnetc --emit=halide). Errors as compileToCpp's.
mlir::LogicalResult compileToHalide(mlir::MLIRContext &context, llvm::StringRef fileName,
                                    llvm::ArrayRef<uint8_t> bytes,
                                    const HalideEmitOptions &options, CompiledHalide &result,
                                    std::string &error);

} // namespace mnetc

#endif // MNET_COMPILER_COMPILE_H

//===- TFLiteImporter.h - TFLite flatbuffer to the mnet dialect -*- C++ -*-===//
#ifndef MNET_COMPILER_IMPORT_TFLITEIMPORTER_H
#define MNET_COMPILER_IMPORT_TFLITEIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mnetc {

/// Verifies `bytes` with the flatbuffers Verifier and imports subgraph 0 as `func.func @main`
/// of mnet ops, with TFLite tensor names as locations. On failure returns null and sets
/// `error` to every problem found, one per line, each naming `fileName` and, where there is
/// one, the op index, its TFLite op name and its output tensor.
mlir::OwningOpRef<mlir::ModuleOp> importTFLite(mlir::MLIRContext *context,
                                               llvm::StringRef fileName,
                                               llvm::ArrayRef<uint8_t> bytes,
                                               std::string &error);

} // namespace mnetc

#endif // MNET_COMPILER_IMPORT_TFLITEIMPORTER_H

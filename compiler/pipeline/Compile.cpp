//===- Compile.cpp - TFLite bytes to C++ text ----------------------------===//
#include "compiler/pipeline/Compile.h"

#include "compiler/import/TFLiteImporter.h"
#include "compiler/pipeline/Pipeline.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mnetc {

LogicalResult compileToCpp(MLIRContext &context, llvm::StringRef fileName,
                           llvm::ArrayRef<uint8_t> bytes, const CppEmitOptions &options,
                           bool applyCommandLineOptions, CompiledCpp &result, std::string &error,
                           TimingScope *timing) {
  TimingScope untimed; // its nested scopes time nothing
  TimingScope &root = timing ? *timing : untimed;
  {
    TimingScope importTiming = root.nest("import TFLite");
    result.module = importTFLite(&context, fileName, bytes, error);
  }
  if (!result.module)
    return failure();

  // Errors from passes and the emitter name the TFLite tensor their op writes.
  std::vector<std::string> messages;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // let warnings and remarks through to the default handler
    std::string where;
    if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
      where = "tensor '" + name.getName().str() + "': ";
    messages.push_back(fileName.str() + ": " + where + diag.str());
    return success();
  });
  llvm::raw_string_ostream header(result.header), source(result.source);
  TimingScope passTiming = root.nest("passes");
  LogicalResult ok = runCompilePipeline(*result.module, *options.target, options.halfWeights,
                                        options.tasks, applyCommandLineOptions, &passTiming);
  passTiming.stop();
  if (succeeded(ok)) {
    TimingScope emitTiming = root.nest("emit C++");
    ok = emitCpp(*result.module, options, header, source);
  }
  if (failed(ok)) {
    error = llvm::join(messages, "\n");
    if (error.empty())
      error = fileName.str() + ": compilation failed";
    return failure();
  }
  return success();
}

} // namespace mnetc

//===- Compile.cpp - TFLite bytes to C++ text ----------------------------===//
#include "compiler/pipeline/Compile.h"

#include "compiler/import/TFLiteImporter.h"
#include "compiler/pipeline/Pipeline.h"
#include "compiler/pipeline/Report.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <functional>
#include <limits>

using namespace mlir;

namespace mnetc {

namespace {
/// Errors from passes and emitters, each naming the file and the TFLite tensor its op writes.
class Messages {
public:
  explicit Messages(llvm::StringRef fileName) : fileName(fileName.str()) {}
  LogicalResult collect(Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // let warnings and remarks through to the default handler
    std::string where;
    if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
      where = "tensor '" + name.getName().str() + "': ";
    messages.push_back(fileName + ": " + where + diag.str());
    return success();
  }
  LogicalResult fail(std::string &error) const {
    error = llvm::join(messages, "\n");
    if (error.empty())
      error = fileName + ": compilation failed";
    return failure();
  }

private:
  std::string fileName;
  std::vector<std::string> messages;
};

/// Imports `bytes` and runs the pipeline; with a RAM budget, plans are tried from `base`
/// towards the smallest, each on a fresh import, until one fits.
LogicalResult lowerModule(MLIRContext &context, llvm::StringRef fileName,
                          llvm::ArrayRef<uint8_t> bytes, const PipelineOptions &base,
                          int64_t ramBudget,
                          const std::function<void(llvm::StringRef)> &progressFn,
                          bool applyCommandLineOptions, TimingScope &root, Messages &messages,
                          OwningOpRef<ModuleOp> &module, std::string &error) {
  std::vector<PipelineOptions> plans =
      ramBudget > 0 ? plansWithinBudget(base) : std::vector<PipelineOptions>{base};
  int64_t smallest = std::numeric_limits<int64_t>::max();
  PeakLayer smallestPeak;
  bool fits = false;
  auto progress = [&](const llvm::Twine &stage) {
    if (progressFn)
      progressFn(stage.str());
  };
  for (size_t i = 0; i < plans.size() && !fits; ++i) {
    if (plans.size() > 1)
      progress(llvm::formatv("plan {0} of {1} for the RAM budget", i + 1, plans.size()));
    {
      progress("import " + fileName);
      TimingScope importTiming = root.nest("import TFLite");
      module = importTFLite(&context, fileName, bytes, error);
    }
    if (!module)
      return failure();
    ScopedDiagnosticHandler handler(&context,
                                    [&](Diagnostic &diag) { return messages.collect(diag); });
    TimingScope passTiming = root.nest("passes");
    std::function<void(llvm::StringRef)> beforePass;
    if (progressFn)
      beforePass = [&](llvm::StringRef pass) { progress("pass " + pass); };
    if (failed(runCompilePipeline(*module, plans[i], applyCommandLineOptions, &passTiming,
                                  beforePass)))
      return messages.fail(error);
    int64_t arena = reportTotals(*module).arenaBytes;
    fits = ramBudget <= 0 || arena <= ramBudget;
    if (!fits && arena < smallest) {
      smallest = arena;
      smallestPeak = peakLayer(*module);
    }
  }
  if (!fits) {
    error = llvm::formatv("{0}: no plan fits the RAM budget of {1} bytes: the smallest arena "
                          "mnetc can plan is {2} bytes (every block fused and chained); at its "
                          "peak, layer '{3}' ({4}) runs with {5} bytes live. "
                          "Use --ram-budget={2} or more.",
                          fileName, ramBudget, smallest, smallestPeak.name, smallestPeak.op,
                          smallestPeak.liveBytes);
    return failure();
  }
  return success();
}
} // namespace

LogicalResult compileToCpp(MLIRContext &context, llvm::StringRef fileName,
                           llvm::ArrayRef<uint8_t> bytes, const CppEmitOptions &options,
                           bool applyCommandLineOptions, CompiledCpp &result, std::string &error,
                           TimingScope *timing) {
  TimingScope untimed; // its nested scopes time nothing
  TimingScope &root = timing ? *timing : untimed;
  Messages messages(fileName);
  PipelineOptions base = pipelineOptionsFor(*options.target, options.halfWeights, options.tasks);
  if (failed(lowerModule(context, fileName, bytes, base, options.ramBudget, options.progress,
                         applyCommandLineOptions, root, messages, result.module, error)))
    return failure();

  ScopedDiagnosticHandler handler(&context,
                                  [&](Diagnostic &diag) { return messages.collect(diag); });
  if (options.progress)
    options.progress("emit C++");
  TimingScope emitTiming = root.nest("emit C++");
  llvm::raw_string_ostream header(result.header), source(result.source),
      weights(result.weights);
  if (failed(emitCpp(*result.module, options, header, source,
                     options.separateWeights ? &weights : nullptr)))
    return messages.fail(error);
  return success();
}

LogicalResult compileToHalide(MLIRContext &context, llvm::StringRef fileName,
                              llvm::ArrayRef<uint8_t> bytes, const HalideEmitOptions &options,
                              CompiledHalide &result, std::string &error) {
  TimingScope untimed;
  Messages messages(fileName);
  // The C++ backend's plan, but float32 weights and plain blocks of channels: the generator
  // reads every weight in the packed layout's plain form (no k-pairs, no float16).
  PipelineOptions base = pipelineOptionsFor(*options.target, /*halfWeights=*/false, options.tasks);
  base.pairMaxVectors = 0;
  if (failed(lowerModule(context, fileName, bytes, base, /*ramBudget=*/0, nullptr,
                         /*applyCommandLineOptions=*/false, untimed, messages, result.module,
                         error)))
    return failure();
  ScopedDiagnosticHandler handler(&context,
                                  [&](Diagnostic &diag) { return messages.collect(diag); });
  llvm::raw_string_ostream generator(result.generator);
  if (failed(emitHalide(*result.module, options, generator, result.weights)))
    return messages.fail(error);
  return success();
}

} // namespace mnetc

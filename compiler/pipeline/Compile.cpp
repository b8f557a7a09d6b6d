//===- Compile.cpp - TFLite bytes to C++ text ----------------------------===//
#include "compiler/pipeline/Compile.h"

#include "compiler/import/TFLiteImporter.h"
#include "compiler/pipeline/Pipeline.h"
#include "compiler/pipeline/Report.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;

namespace mnetc {

LogicalResult compileToCpp(MLIRContext &context, llvm::StringRef fileName,
                           llvm::ArrayRef<uint8_t> bytes, const CppEmitOptions &options,
                           bool applyCommandLineOptions, CompiledCpp &result, std::string &error,
                           TimingScope *timing) {
  TimingScope untimed; // its nested scopes time nothing
  TimingScope &root = timing ? *timing : untimed;

  // Errors from passes and the emitter name the TFLite tensor their op writes.
  std::vector<std::string> messages;
  auto collect = [&](Diagnostic &diag) -> LogicalResult {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return failure(); // let warnings and remarks through to the default handler
    std::string where;
    if (auto name = dyn_cast<NameLoc>(diag.getLocation()))
      where = "tensor '" + name.getName().str() + "': ";
    messages.push_back(fileName.str() + ": " + where + diag.str());
    return success();
  };
  auto failWithMessages = [&] {
    error = llvm::join(messages, "\n");
    if (error.empty())
      error = fileName.str() + ": compilation failed";
    return failure();
  };

  // With a RAM budget, plans are tried from the target's own towards the smallest, each on a
  // fresh import, until one fits.
  PipelineOptions base = pipelineOptionsFor(*options.target, options.halfWeights, options.tasks);
  std::vector<PipelineOptions> plans =
      options.ramBudget > 0 ? plansWithinBudget(base) : std::vector<PipelineOptions>{base};
  int64_t smallest = std::numeric_limits<int64_t>::max();
  PeakLayer smallestPeak;
  bool fits = false;
  auto progress = [&](const llvm::Twine &stage) {
    if (options.progress)
      options.progress(stage.str());
  };
  for (size_t i = 0; i < plans.size() && !fits; ++i) {
    if (plans.size() > 1)
      progress(llvm::formatv("plan {0} of {1} for the RAM budget", i + 1, plans.size()));
    {
      progress("import " + fileName);
      TimingScope importTiming = root.nest("import TFLite");
      result.module = importTFLite(&context, fileName, bytes, error);
    }
    if (!result.module)
      return failure();
    ScopedDiagnosticHandler handler(&context, collect);
    TimingScope passTiming = root.nest("passes");
    std::function<void(llvm::StringRef)> beforePass;
    if (options.progress)
      beforePass = [&](llvm::StringRef pass) { progress("pass " + pass); };
    if (failed(runCompilePipeline(*result.module, plans[i], applyCommandLineOptions,
                                  &passTiming, beforePass)))
      return failWithMessages();
    int64_t arena = reportTotals(*result.module).arenaBytes;
    fits = options.ramBudget <= 0 || arena <= options.ramBudget;
    if (!fits && arena < smallest) {
      smallest = arena;
      smallestPeak = peakLayer(*result.module);
    }
  }
  if (!fits) {
    error = llvm::formatv("{0}: no plan fits the RAM budget of {1} bytes: the smallest arena "
                          "mnetc can plan is {2} bytes (every block fused and chained); at its "
                          "peak, layer '{3}' ({4}) runs with {5} bytes live. "
                          "Use --ram-budget={2} or more.",
                          fileName, options.ramBudget, smallest, smallestPeak.name,
                          smallestPeak.op, smallestPeak.liveBytes);
    return failure();
  }

  ScopedDiagnosticHandler handler(&context, collect);
  progress("emit C++");
  TimingScope emitTiming = root.nest("emit C++");
  llvm::raw_string_ostream header(result.header), source(result.source),
      weights(result.weights);
  if (failed(emitCpp(*result.module, options, header, source,
                     options.separateWeights ? &weights : nullptr)))
    return failWithMessages();
  return success();
}

} // namespace mnetc

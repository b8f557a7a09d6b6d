//===- mnetc.cpp - TFLite model in, standalone C++ out -------------------===//
//
//   mnetc model.tflite -target=armv8 -o model.cc      writes model.cc and model.h
//   mnetc model.tflite --emit=mlir                    prints the imported IR
//   mnetc model.tflite --emit=halide -target=T -o model_generator.cpp
//                                                     a Halide generator and its weights
//   mnetc --list-targets
//
//===----------------------------------------------------------------------===//
#include "compiler/pipeline/Compile.h"
#include "compiler/import/TFLiteImporter.h"
#include "compiler/pipeline/Pipeline.h"
#include "compiler/pipeline/Report.h"
#include "compiler/targets/Targets.h"
#include "compiler/tools/ToolOptions.h"

#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Pass.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace llvm;

namespace {

enum class Emit { Cpp, Mlir, Halide };

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.tflite>"), cl::cat(mnetc::toolCategory));
cl::opt<std::string> outputFile("o", cl::desc("output file (model.cc; the header goes beside it "
                                              "as model.h); '-' for stdout with --emit=mlir"),
                                cl::value_desc("file"), cl::cat(mnetc::toolCategory));
cl::opt<std::string> targetName("target", cl::desc("target to emit code for (--list-targets)"),
                                cl::init("generic"), cl::cat(mnetc::toolCategory));
cl::opt<std::string> modelName("name",
                               cl::desc("prefix of the generated symbols (default: the output "
                                        "file's name)"),
                               cl::cat(mnetc::toolCategory));
cl::opt<Emit> emit("emit", cl::desc("what to write"), cl::init(Emit::Cpp),
                   cl::values(clEnumValN(Emit::Cpp, "cpp", "C++ source and header (default)"),
                              clEnumValN(Emit::Mlir, "mlir", "the imported mnet IR"),
                              clEnumValN(Emit::Halide, "halide",
                                         "a Halide 14 generator with mnetc's schedule "
                                         "(model_generator.cpp) and its weights beside it "
                                         "(model_generator.weights.f32); see "
                                         "scripts/halide-build.sh")),
                   cl::cat(mnetc::toolCategory));
cl::opt<std::string> reportFile(
    "report",
    cl::desc("also write a report: per layer its op, fused block, shapes, MACs, weight bytes "
             "and arena offset; totals. JSON, or a page with the arena's use over the layers "
             "when the name ends in .html"),
    cl::value_desc("file.json|file.html"), cl::cat(mnetc::toolCategory));
cl::opt<bool> quiet("quiet", cl::desc("no summary line after the compile"),
                    cl::cat(mnetc::toolCategory));
cl::opt<bool> progress("progress",
                       cl::desc("print each stage (import, each pass, emission, writing) as it "
                                "starts, with the seconds since the start (to stderr)"),
                       cl::cat(mnetc::toolCategory));
cl::opt<bool> listTargets("list-targets", cl::desc("list the targets and exit"), cl::cat(mnetc::toolCategory));
cl::opt<bool> printCxxFlags("print-cxxflags",
                            cl::desc("print the flags the target's generated code must be "
                                     "compiled with (besides -std=c++17 -O2) and exit"),
                            cl::cat(mnetc::toolCategory));

cl::opt<bool> printHalideTarget("print-halide-target",
                                cl::desc("print the Halide target string --emit=halide builds "
                                         "the target's code for, and exit"),
                                cl::cat(mnetc::toolCategory));

int error(const Twine &message) {
  WithColor::error(errs(), "mnetc") << message << "\n";
  return 1;
}

/// --emit=halide: the generator and its weights, both or neither.
int emitHalideGenerator(mlir::MLIRContext &context, ArrayRef<uint8_t> bytes,
                        const mnetc::Target &target) {
  if (mnetc::halfWeights() || mnetc::separateWeights() || mnetc::ramBudget() > 0 ||
      !reportFile.empty())
    return error("--emit=halide takes none of --weights, --ram-budget and --report");
  SmallString<256> generator(outputFile.empty()
                                 ? sys::path::stem(inputFile).str() + "_generator.cpp"
                                 : outputFile.getValue());
  if (generator == "-")
    return error("--emit=halide writes files: give -o model_generator.cpp");
  SmallString<256> weights(generator);
  sys::path::replace_extension(weights, ".weights.f32");
  SmallString<256> weightsAbsolute(weights);
  sys::fs::make_absolute(weightsAbsolute);
  mnetc::HalideEmitOptions options;
  options.name = mnetc::cIdentifier(modelName.empty() ? sys::path::stem(inputFile)
                                                      : StringRef(modelName));
  options.modelName = sys::path::filename(inputFile).str();
  options.weightsPath = weightsAbsolute.str().str();
  options.target = &target;
  options.tasks = static_cast<int>(mnetc::threadsOption);
  mnetc::CompiledHalide compiled;
  std::string compileError;
  if (failed(mnetc::compileToHalide(context, inputFile, bytes, options, compiled, compileError)))
    return error(compileError);
  std::string writeError;
  if (failed(mnetc::writeFileAtomically(weights, compiled.weights, writeError)))
    return error(writeError);
  if (failed(mnetc::writeFileAtomically(generator, compiled.generator, writeError))) {
    sys::fs::remove(weights);
    return error(writeError);
  }
  if (!quiet)
    outs() << "mnetc: " << inputFile << " -> " << generator << " (Halide generator '"
           << options.name << "', target " << mnetc::halideTargetString(target) << ") and "
           << weights << " (" << compiled.weights.size() << " bytes)\n";
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // Passes are registered so that --mlir-print-ir-after=<pass> and friends can name them.
  mlir::mnet::registerMNetPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  cl::SetVersionPrinter([](raw_ostream &os) { os << "mnetc " << MNET_VERSION_STRING << "\n"; });
  cl::HideUnrelatedOptions(mnetc::toolCategory);
  // LLVM's own --time-passes (linked in) becomes ours: the time of each stage and pass.
  if (cl::Option *timePasses = cl::getRegisteredOptions().lookup("time-passes")) {
    timePasses->setDescription("print the time of each stage and pass (to stderr)");
    timePasses->addCategory(mnetc::toolCategory);
    timePasses->setHiddenFlag(cl::NotHidden);
  }
  cl::ParseCommandLineOptions(
      argc, argv,
      "mnetc: compiles a TFLite model to standalone C++\n\n"
      "  mnetc model.tflite -target=armv8 -o model.cc     (writes model.cc and model.h)\n\n"
      "MLIR's IR printing and timing flags (--mlir-print-ir-after-all, --mlir-timing, ...)\n"
      "also work; --help-hidden lists them.\n");

  if (listTargets) {
    for (const mnetc::Target &target : mnetc::allTargets())
      outs() << format("  %-14s", target.name.str().c_str()) << target.description << "\n";
    return 0;
  }
  if (printCxxFlags) {
    const mnetc::Target *target = mnetc::lookupTarget(targetName);
    if (!target)
      return error("unknown target '" + targetName + "' (see --list-targets)");
    outs() << target->cxxFlags << "\n";
    return 0;
  }
  if (printHalideTarget) {
    const mnetc::Target *target = mnetc::lookupTarget(targetName);
    if (!target)
      return error("unknown target '" + targetName + "' (see --list-targets)");
    outs() << mnetc::halideTargetString(*target) << "\n";
    return 0;
  }
  if (inputFile.empty())
    return error("no input model (usage: mnetc model.tflite -target=T -o model.cc)");
  const mnetc::Target *target = mnetc::lookupTarget(targetName);
  if (!target)
    return error("unknown target '" + targetName + "' (see --list-targets)");

  auto file = MemoryBuffer::getFile(inputFile, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return error("cannot read '" + inputFile + "': " + file.getError().message());
  ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
                          (*file)->getBufferSize());

  mlir::MLIRContext context;
  if (emit == Emit::Mlir) {
    std::string importError;
    auto module = mnetc::importTFLite(&context, inputFile, bytes, importError);
    if (!module)
      return error(importError);
    std::string text;
    raw_string_ostream os(text);
    module->print(os);
    if (outputFile.empty() || outputFile == "-") {
      outs() << text;
      return 0;
    }
    std::string writeError;
    return failed(mnetc::writeFileAtomically(outputFile, text, writeError)) ? error(writeError) : 0;
  }

  if (emit == Emit::Halide)
    return emitHalideGenerator(context, bytes, *target);

  SmallString<256> source(outputFile.empty() ? sys::path::stem(inputFile).str() + ".cc"
                                             : outputFile.getValue());
  SmallString<256> header(source), weights(source);
  sys::path::replace_extension(header, ".h");
  sys::path::replace_extension(weights, ".weights");
  if (header == source)
    return error("output '" + source + "' would be overwritten by its header; use a .cc name");
  if (weights == source)
    return error("output '" + source + "' would be overwritten by its weights; use a .cc name");
  for (StringRef output : {source.str(), header.str(), weights.str()})
    if (!reportFile.empty() && sys::path::remove_leading_dotslash(reportFile) ==
                                   sys::path::remove_leading_dotslash(output))
      return error("--report='" + reportFile + "' would overwrite an output of the compile");

  mnetc::CppEmitOptions options;
  options.prefix =
      mnetc::cIdentifier(modelName.empty() ? sys::path::stem(source) : StringRef(modelName));
  options.headerName = sys::path::filename(header).str();
  options.modelName = sys::path::filename(inputFile).str();
  options.target = target;
  options.halfWeights = mnetc::halfWeights();
  options.separateWeights = mnetc::separateWeights();
  options.tasks = static_cast<int>(mnetc::threadsOption);
  options.ramBudget = mnetc::ramBudget();
  const auto start = std::chrono::steady_clock::now();
  auto say = [&](StringRef stage) {
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    errs() << format("mnetc: %7.2f s  ", elapsed.count()) << stage << "\n";
  };
  if (progress)
    options.progress = say;
  // --time-passes (or MLIR's --mlir-timing): the report prints when `timing` goes away.
  mlir::DefaultTimingManager timing;
  mlir::applyDefaultTimingManagerCLOptions(timing);
  if (llvm::TimePassesIsEnabled)
    timing.setEnabled(true);
  mlir::TimingScope rootTiming = timing.getRootScope();
  mnetc::CompiledCpp compiled;
  std::string compileError;
  if (failed(mnetc::compileToCpp(context, inputFile, bytes, options, /*applyCommandLineOptions=*/true,
                                 compiled, compileError, &rootTiming)))
    return error(compileError);
  if (progress)
    say("write files");
  mlir::TimingScope writeTiming = rootTiming.nest("write files");

  mnetc::ReportContext report;
  report.model = inputFile;
  report.target = target->name.str();
  report.source = source.str().str();
  report.header = header.str().str();
  report.sourceBytes = static_cast<int64_t>(compiled.source.size());
  report.headerBytes = static_cast<int64_t>(compiled.header.size());
  if (options.separateWeights) {
    report.weights = weights.str().str();
    report.weightsFileBytes = static_cast<int64_t>(compiled.weights.size());
  }
  std::string reportText;
  if (!reportFile.empty())
    reportText = mnetc::formatReport(reportFile, *compiled.module, report);

  // All files or none: a failed write removes the ones this run wrote before it.
  std::vector<std::pair<std::string, const std::string *>> files = {
      {header.str().str(), &compiled.header}, {source.str().str(), &compiled.source}};
  if (options.separateWeights)
    files.push_back({weights.str().str(), &compiled.weights});
  if (!reportFile.empty())
    files.push_back({reportFile, &reportText});
  std::string writeError;
  for (size_t i = 0; i < files.size(); ++i)
    if (failed(mnetc::writeFileAtomically(files[i].first, *files[i].second, writeError))) {
      for (size_t j = 0; j < i; ++j)
        sys::fs::remove(files[j].first);
      return error(writeError);
    }
  writeTiming.stop();
  if (progress)
    say("done");
  if (!quiet) {
    mnetc::printSummary(outs(), *compiled.module, report);
    outs().flush(); // before the timing report on stderr
  }
  return 0;
}

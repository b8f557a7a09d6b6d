//===- mnet-fuzz.cpp - libFuzzer target: bytes through the whole compiler ===//
//
// Every input runs as a .tflite file through mnetc's whole job: flatbuffers verification,
// import, the pass pipeline and C++ emission (compileToCpp, what `mnetc` runs). Built only in
// sanitizer builds (cmake -DMNET_SANITIZE=ON; `make fuzz`), with clang's
// -fsanitize=fuzzer,address,undefined: a crash, a sanitizer report, a leak, a hang past
// -timeout or memory past -rss_limit_mb is a finding. An error message is not: bad input must
// fail cleanly, and that is all this checks, besides two invariants below.
//
// The input's first byte, taken modulo the target count, picks the target, the weight type,
// the task count and whether weights go to a blob of their own,
// so mutations explore every target's packing and tiling; the model is the whole input (the
// byte is also part of the flatbuffer's root offset, which the Verifier checks like any other).
//
//===----------------------------------------------------------------------===//
#include "compiler/pipeline/Compile.h"
#include "compiler/targets/Targets.h"

#include "mlir/IR/MLIRContext.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::ArrayRef<mnetc::Target> targets = mnetc::allTargets();
  const unsigned pick = size ? data[0] : 0;
  mnetc::CppEmitOptions options;
  options.prefix = "fuzz";
  options.headerName = "fuzz.h";
  options.modelName = "fuzz.tflite";
  options.target = &targets[pick % targets.size()];
  options.halfWeights = (pick / targets.size()) % 2 == 1;
  options.tasks = 1 + (pick / (2 * targets.size())) % 2;
  options.separateWeights = (pick / (4 * targets.size())) % 2 == 1;

  // A fresh context per input: nothing one input interns can change how the next one runs.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  mnetc::CompiledCpp result;
  std::string error;
  const bool ok = mlir::succeeded(mnetc::compileToCpp(context, "fuzz.tflite", {data, size},
                                                      options, /*applyCommandLineOptions=*/false,
                                                      result, error));
  // A failure always says why; a success always produces both files.
  if (!ok && error.empty()) {
    std::fprintf(stderr, "mnet-fuzz: compilation failed without an error message\n");
    std::abort();
  }
  if (ok && (result.header.empty() || result.source.empty() ||
             (options.separateWeights && result.weights.empty()))) {
    std::fprintf(stderr, "mnet-fuzz: compilation succeeded with an empty output file\n");
    std::abort();
  }
  return 0;
}

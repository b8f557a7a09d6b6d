//===- mnet-run.cpp - compile, build and run a model ---------------------===//
//
//   mnet-run [-target=T] [--runs N] MODEL.tflite INPUT0.bin [INPUT1.bin ...] OUTDIR
//
// Compiles the model with mnetc's pipeline, builds the emitted code with a small harness
// (armv8: cross-compiled and run under qemu-aarch64), runs it, and writes
// OUTDIR/output_K.bin (raw float32) and OUTDIR/outputs.json (names, shapes, latency, arena).
//
//===----------------------------------------------------------------------===//
#include "compiler/pipeline/Compile.h"
#include "compiler/pipeline/Pipeline.h"
#include "compiler/pipeline/Report.h"
#include "compiler/targets/Targets.h"
#include "compiler/tools/ToolOptions.h"
#include "codegen/cpp/ThreadPoolSource.inc"

#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace llvm;

namespace {

cl::list<std::string> positional(cl::Positional, cl::OneOrMore,
                                 cl::desc("MODEL.tflite INPUT0.bin [INPUT1.bin ...] OUTDIR"),
    cl::cat(mnetc::toolCategory));
cl::opt<std::string> targetName("target", cl::desc("target (see mnetc --list-targets)"),
                                cl::init("generic"),
    cl::cat(mnetc::toolCategory));
cl::opt<unsigned> runs("runs", cl::desc("timed runs after one warm-up run"), cl::init(1),
    cl::cat(mnetc::toolCategory));
cl::opt<std::string> workDir("work-dir",
                             cl::desc("keep the generated and built files in this folder"),
    cl::cat(mnetc::toolCategory));
cl::opt<std::string> extraFlags("cxxflags",
                               cl::desc("extra flags for building the generated code and harness "
                                        "(e.g. \"-Wall -Wextra -Werror -fsanitize=undefined\")"),
    cl::cat(mnetc::toolCategory));
cl::opt<std::string> weightsFile(
    "weights-file",
    cl::desc("with --weights=separate: run with this weights blob instead of the one the "
             "compile wrote (one from another compile of a model with the same layout)"),
    cl::value_desc("file"), cl::cat(mnetc::toolCategory));
cl::opt<bool> profile(
    "profile",
    cl::desc("time every layer (through the generated code's MNET_LAYER_BEGIN/END hooks) and "
             "print each one's median with its MACs; also in outputs.json"),
    cl::cat(mnetc::toolCategory));
enum class Backend { Cpp, Halide };
cl::opt<Backend> backend(
    "backend", cl::desc("which code to build and run"), cl::init(Backend::Cpp),
    cl::values(clEnumValN(Backend::Cpp, "cpp", "mnetc's C++ (default)"),
               clEnumValN(Backend::Halide, "halide",
                          "the Halide generator (mnetc --emit=halide), built with Halide 14 by "
                          "scripts/halide-build.sh")),
    cl::cat(mnetc::toolCategory));
cl::opt<std::string> autoscheduler(
    "autoscheduler",
    cl::desc("with --backend=halide: schedule with Halide's Adams2019, Li2018 or Mullapudi2016 "
             "instead of mnetc's"),
    cl::cat(mnetc::toolCategory));
cl::opt<unsigned> timeoutSeconds("timeout", cl::desc("seconds one step may take"),
                                 cl::init(900),
    cl::cat(mnetc::toolCategory));

int fail(const Twine &message) {
  WithColor::error(errs(), "mnet-run") << message << "\n";
  return 1;
}

/// With --profile, the header model.cc is compiled with (-include): its layer hooks call the
/// harness.
constexpr const char *kProfileHooks =
    "// mnet-run --profile: the generated code's layer hooks call the harness.\n"
    "extern \"C\" void mnet_profile_begin(int layer);\n"
    "extern \"C\" void mnet_profile_end(int layer);\n"
    "#define MNET_LAYER_BEGIN(layer) mnet_profile_begin(layer)\n"
    "#define MNET_LAYER_END(layer) mnet_profile_end(layer)\n";

/// The harness: reads inputs, runs the model `runs` times after a warm-up, writes outputs,
/// prints "median_ms min_ms" on stdout, then with `layers` > 0 (--profile) a line
/// "layer I MEDIAN_MS" for every layer that ran. With threads > 1 it runs the model's tasks on
/// mnet/thread_pool.h's pool of that many threads.
std::string harnessSource(StringRef prefix, size_t numInputs, size_t numOutputs,
                          unsigned threads, bool separateWeights, size_t layers) {
  std::string P = prefix.upper();
  std::string s;
  raw_string_ostream os(s);
  os << "// mnet-run's harness for " << prefix << ".\n"
     << "#include \"model.h\"\n#include <algorithm>\n#include <chrono>\n#include <cstdio>\n"
     << "#include <cstdlib>\n#include <string>\n#include <vector>\n"
     << (threads > 1 ? "#include \"mnet_thread_pool.h\"\n" : "") << "\n"
     << "static double median_of(std::vector<double> v) {\n"
     << "  if (v.empty()) return 0.0;\n"
     << "  std::sort(v.begin(), v.end());\n"
     << "  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);\n"
     << "}\n";
  // The layer hooks record each timed run's layer times (the warm-up's are dropped).
  if (layers)
    os << "static std::vector<std::vector<double>> layer_ms(" << layers << ");\n"
       << "static std::chrono::steady_clock::time_point layer_start;\n"
       << "static bool recording = false;\n"
       << "extern \"C\" void mnet_profile_begin(int) { layer_start = std::chrono::steady_clock::now(); }\n"
       << "extern \"C\" void mnet_profile_end(int layer) {\n"
       << "  const auto end = std::chrono::steady_clock::now();\n"
       << "  if (recording) layer_ms[layer].push_back(std::chrono::duration<double, std::milli>(end - layer_start).count());\n"
       << "}\n";
  os << "\n"
     << "static bool io(const char* path, void* data, size_t bytes, bool write) {\n"
     << "  FILE* f = std::fopen(path, write ? \"wb\" : \"rb\");\n"
     << "  if (!f) { std::fprintf(stderr, \"cannot open %s\\n\", path); return false; }\n"
     << "  size_t n = write ? std::fwrite(data, 1, bytes, f) : std::fread(data, 1, bytes, f);\n"
     << "  std::fclose(f);\n"
     << "  if (n != bytes) std::fprintf(stderr, \"short %s on %s\\n\", write ? \"write\" : \"read\", path);\n"
     << "  return n == bytes;\n}\n\n"
     << "int main(int argc, char** argv) {\n"
     << "  if (argc != " << numInputs + 3 + separateWeights << ") return 64;\n"
     << "  const int runs = std::atoi(argv[1]);\n"
     << "  const std::string outdir = argv[argc - 1];\n";
  // The weights blob (last argument before OUTDIR) is read into aligned memory and checked
  // as an application would: once, before the first run.
  if (separateWeights)
    os << "  const char* weights_path = argv[argc - 2];\n"
       << "  FILE* wf = std::fopen(weights_path, \"rb\");\n"
       << "  if (!wf) { std::fprintf(stderr, \"cannot open %s\\n\", weights_path); return 1; }\n"
       << "  std::fseek(wf, 0, SEEK_END);\n"
       << "  const size_t weights_size = static_cast<size_t>(std::ftell(wf));\n"
       << "  std::rewind(wf);\n"
       << "  void* weights = std::aligned_alloc(" << P << "_WEIGHTS_ALIGNMENT, (weights_size + "
       << P << "_WEIGHTS_ALIGNMENT) / " << P << "_WEIGHTS_ALIGNMENT * " << P
       << "_WEIGHTS_ALIGNMENT);\n"
       << "  const size_t weights_read = std::fread(weights, 1, weights_size, wf);\n"
       << "  std::fclose(wf);\n"
       << "  if (weights_read != weights_size) { std::fprintf(stderr, \"short read on %s\\n\", "
          "weights_path); return 1; }\n"
       << "  if (int rc = " << prefix << "_check_weights(weights, weights_size)) {\n"
       << "    std::fprintf(stderr, \"" << prefix
       << "_check_weights(%s) returned %d\\n\", weights_path, rc);\n"
       << "    return 1;\n  }\n";
  for (size_t i = 0; i < numInputs; ++i)
    os << "  std::vector<float> in" << i << "(" << P << "_INPUT" << i << "_SIZE);\n"
       << "  if (!io(argv[" << i + 2 << "], in" << i << ".data(), " << P << "_INPUT" << i
       << "_BYTES, false)) return 1;\n";
  for (size_t i = 0; i < numOutputs; ++i)
    os << "  std::vector<float> out" << i << "(" << P << "_OUTPUT" << i << "_SIZE);\n";
  os << "  const size_t align = " << P << "_ARENA_ALIGNMENT;\n"
     << "  const size_t arena_bytes = (" << P << "_ARENA_SIZE + align - 1) / align * align + align;\n"
     << "  void* arena = std::aligned_alloc(align, arena_bytes);\n"
     << (threads > 1 ? "  mnet::ThreadPool pool(" + std::to_string(threads) + ");\n" : "")
     << "  std::vector<double> ms;\n"
     << "  for (int r = -1; r < runs; ++r) {\n"
     << (layers ? "    recording = r >= 0;\n" : "")
     << "    auto t0 = std::chrono::steady_clock::now();\n"
     << "    int rc = " << prefix << (threads > 1 ? "_run_parallel(" : "_run(");
  for (size_t i = 0; i < numInputs; ++i)
    os << "in" << i << ".data(), ";
  for (size_t i = 0; i < numOutputs; ++i)
    os << "out" << i << ".data(), ";
  os << (separateWeights ? "arena, weights" : "arena")
     << (threads > 1 ? ", mnet::ThreadPool::parallel_for, &pool);\n" : ");\n")
     << "    auto t1 = std::chrono::steady_clock::now();\n"
     << "    if (rc != 0) { std::fprintf(stderr, \"" << prefix << "_run returned %d\\n\", rc); return 1; }\n"
     << "    if (r >= 0) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());\n"
     << "  }\n"
     << "  std::free(arena);\n" << (separateWeights ? "  std::free(weights);\n" : "");
  for (size_t i = 0; i < numOutputs; ++i)
    os << "  if (!io((outdir + \"/output_" << i << ".bin\").c_str(), out" << i << ".data(), " << P
       << "_OUTPUT" << i << "_BYTES, true)) return 1;\n";
  os << "  std::printf(\"%.6f %.6f\\n\", median_of(ms),\n"
     << "              ms.empty() ? 0.0 : *std::min_element(ms.begin(), ms.end()));\n";
  if (layers)
    os << "  for (size_t i = 0; i < layer_ms.size(); ++i)\n"
       << "    if (!layer_ms[i].empty()) std::printf(\"layer %zu %.6f\\n\", i, median_of(layer_ms[i]));\n";
  os << "  return 0;\n}\n";
  return s;
}

/// The Halide backend's harness: the same command line and output as harnessSource's, around
/// the generated pipeline `name` (Halide runtime buffers over the NHWC data, dims reversed).
std::string halideHarnessSource(StringRef name, ArrayRef<mnetc::TensorInfo> inputs,
                                ArrayRef<mnetc::TensorInfo> outputs, unsigned threads) {
  auto sizes = [](const mnetc::TensorInfo &info) {
    SmallVector<std::string> dims;
    for (size_t i = info.shape.size(); i-- > 0;)
      dims.push_back(std::to_string(info.shape[i]));
    return "std::vector<int>{" + join(dims, ", ") + "}";
  };
  std::string s;
  raw_string_ostream os(s);
  os << "// mnet-run's harness for the Halide pipeline " << name << ".\n"
     << "#include \"" << name << ".h\"\n#include \"HalideBuffer.h\"\n#include \"HalideRuntime.h\"\n"
     << "#include <algorithm>\n#include <chrono>\n#include <cstdio>\n#include <cstdlib>\n"
     << "#include <string>\n#include <vector>\n\n"
     << "static double median_of(std::vector<double> v) {\n"
     << "  if (v.empty()) return 0.0;\n  std::sort(v.begin(), v.end());\n"
     << "  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);\n}\n\n"
     << "static bool io(const char* path, void* data, size_t bytes, bool write) {\n"
     << "  FILE* f = std::fopen(path, write ? \"wb\" : \"rb\");\n"
     << "  if (!f) { std::fprintf(stderr, \"cannot open %s\\n\", path); return false; }\n"
     << "  size_t n = write ? std::fwrite(data, 1, bytes, f) : std::fread(data, 1, bytes, f);\n"
     << "  std::fclose(f);\n  return n == bytes;\n}\n\n"
     << "int main(int argc, char** argv) {\n"
     << "  if (argc != " << inputs.size() + 3 << ") return 64;\n"
     << "  const int runs = std::atoi(argv[1]);\n"
     << "  const std::string outdir = argv[argc - 1];\n"
     << "  halide_set_num_threads(" << std::max(threads, 1u) << ");\n";
  for (auto [i, info] : llvm::enumerate(inputs))
    os << "  std::vector<float> in" << i << "(" << info.elements() << ");\n"
       << "  if (!io(argv[" << i + 2 << "], in" << i << ".data(), " << info.elements() * 4
       << ", false)) return 1;\n"
       << "  Halide::Runtime::Buffer<float> b_in" << i << "(in" << i << ".data(), " << sizes(info)
       << ");\n";
  for (auto [i, info] : llvm::enumerate(outputs))
    os << "  std::vector<float> out" << i << "(" << info.elements() << ");\n"
       << "  Halide::Runtime::Buffer<float> b_out" << i << "(out" << i << ".data(), "
       << sizes(info) << ");\n";
  os << "  std::vector<double> ms;\n"
     << "  for (int r = -1; r < runs; ++r) {\n"
     << "    auto t0 = std::chrono::steady_clock::now();\n"
     << "    int rc = " << name << "(";
  for (size_t i = 0; i < inputs.size(); ++i)
    os << "b_in" << i << ".raw_buffer(), ";
  for (size_t i = 0; i < outputs.size(); ++i)
    os << (i ? ", " : "") << "b_out" << i << ".raw_buffer()";
  os << ");\n    auto t1 = std::chrono::steady_clock::now();\n"
     << "    if (rc != 0) { std::fprintf(stderr, \"" << name << " returned %d\\n\", rc); return 1; }\n"
     << "    if (r >= 0) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());\n"
     << "  }\n";
  for (auto [i, info] : llvm::enumerate(outputs))
    os << "  if (!io((outdir + \"/output_" << i << ".bin\").c_str(), out" << i << ".data(), "
       << info.elements() * 4 << ", true)) return 1;\n";
  os << "  std::printf(\"%.6f %.6f\\n\", median_of(ms),\n"
     << "              ms.empty() ? 0.0 : *std::min_element(ms.begin(), ms.end()));\n"
     << "  return 0;\n}\n";
  return s;
}

/// Runs `args`; stdout to `stdoutFile` when given. Fails with the command in the message.
bool runStep(ArrayRef<std::string> args, StringRef stdoutFile, std::string &error) {
  SmallVector<StringRef> refs(args.begin(), args.end());
  std::optional<StringRef> redirects[] = {std::nullopt, std::nullopt, std::nullopt};
  if (!stdoutFile.empty())
    redirects[1] = stdoutFile;
  std::string message;
  int rc = sys::ExecuteAndWait(args[0], refs, std::nullopt, redirects, timeoutSeconds, 0,
                               &message);
  if (rc == 0)
    return true;
  error = "'" + join(args, " ") + "' " +
          (rc < 0 ? "failed: " + (message.empty() ? "timed out or crashed" : message)
                  : "exited with " + std::to_string(rc));
  return false;
}

std::string findTool(ArrayRef<StringRef> names) {
  for (StringRef name : names)
    if (auto path = sys::findProgramByName(name))
      return *path;
  return "";
}

/// The compiler for the target's code: $MNET_CXX, the cross g++, or the host's clang++.
std::string findCompiler(const mnetc::Target &target) {
  if (const char *env = std::getenv("MNET_CXX"))
    return findTool({env});
  if (!target.crossTriple.empty())
    return findTool({(target.crossTriple + "-g++").str()});
  return findTool({"clang++-19", "clang++", "c++"});
}

/// scripts/halide-build.sh: $MNET_HALIDE_BUILD, else beside the source tree of a build-tree
/// tool (build/bin/ -> scripts/), else in an install's share/mnetc.
std::string halideBuildScript(const char *argv0) {
  if (const char *env = std::getenv("MNET_HALIDE_BUILD"))
    return env;
  std::string exe = sys::fs::getMainExecutable(argv0, reinterpret_cast<void *>(&findTool));
  SmallString<256> bin(sys::path::parent_path(exe));
  for (StringRef relative : {"../../scripts/halide-build.sh", "../share/mnetc/halide-build.sh"}) {
    SmallString<256> candidate(bin);
    sys::path::append(candidate, relative);
    if (sys::fs::exists(candidate))
      return std::string(candidate);
  }
  return "";
}

std::string jsonString(StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      out += formatv("\\u{0:x4}", static_cast<int>(c)).str();
      continue;
    }
    out += c;
  }
  return out + "\"";
}

/// The MACs of the step layer `index` times: its fused block's (all of its layers) or its own.
int64_t macsOfStep(const std::vector<mnetc::ReportLayer> &layers, size_t index) {
  int64_t macs = 0;
  for (int64_t i = layers[index].stepFirst; i <= layers[index].stepLast; ++i)
    macs += layers[i].macs;
  return macs;
}

/// One line a timed layer: its index, name (a fused block's ops), MACs, median ms, GMAC/s and
/// share of the whole run.
void printProfile(raw_ostream &os, const std::vector<mnetc::ReportLayer> &layers,
                  const std::vector<double> &layerMs, double totalMs) {
  os << "layer  name                                                 op                         "
        "MACs        ms   GMAC/s  share\n";
  double sum = 0;
  for (auto [i, layer] : llvm::enumerate(layers)) {
    if (layerMs[i] < 0)
      continue;
    sum += layerMs[i];
    std::string op = layer.fusedGroup >= 0
                         ? formatv("block {0}-{1}", layer.stepFirst, layer.stepLast).str()
                         : layer.op;
    int64_t macs = macsOfStep(layers, i);
    double gmacs = layerMs[i] > 0 ? macs / (layerMs[i] * 1e6) : 0;
    std::string name = layer.name.size() > 52 ? "..." + layer.name.substr(layer.name.size() - 49)
                                               : layer.name;
    os << format("%5zu  %-52s %-18s %12lld %9.4f %8.1f %5.1f%%\n", i, name.c_str(), op.c_str(),
                 static_cast<long long>(macs), layerMs[i], gmacs,
                 totalMs > 0 ? 100 * layerMs[i] / totalMs : 0.0);
  }
  os << format("       %-52s %31s %9.4f (run median %.4f ms)\n",
               static_cast<const char *>("sum of layers"), static_cast<const char *>(""), sum,
               totalMs);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(mnetc::toolCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "mnet-run: compiles a TFLite model with mnetc, builds and runs it\n");
  if (positional.size() < 3)
    return fail("usage: mnet-run [-target=T] [--runs N] MODEL.tflite INPUT0.bin [...] OUTDIR");
  const mnetc::Target *target = mnetc::lookupTarget(targetName);
  if (!target)
    return fail("unknown target '" + targetName + "' (see mnetc --list-targets)");
#if defined(__x86_64__)
  if (target->name == "x86-64-avx512" && !__builtin_cpu_supports("avx512f"))
    return fail("this host cannot run x86-64-avx512 code (no AVX-512F)");
  if (target->name == "x86-64-avx2" && !__builtin_cpu_supports("avx2"))
    return fail("this host cannot run x86-64-avx2 code (no AVX2)");
#endif
  std::string modelPath = positional.front();
  std::string outDir = positional[positional.size() - 1];
  std::vector<std::string> inputs(positional.begin() + 1, positional.end() - 1);

  auto file = MemoryBuffer::getFile(modelPath, false, false);
  if (!file)
    return fail("cannot read '" + modelPath + "': " + file.getError().message());
  ArrayRef<uint8_t> bytes(reinterpret_cast<const uint8_t *>((*file)->getBufferStart()),
                          (*file)->getBufferSize());

  mnetc::CppEmitOptions options;
  options.prefix = "model";
  options.headerName = "model.h";
  options.modelName = sys::path::filename(modelPath).str();
  options.target = target;
  options.halfWeights = mnetc::halfWeights();
  options.separateWeights = mnetc::separateWeights();
  if (!weightsFile.empty() && !options.separateWeights)
    return fail("--weights-file needs --weights=separate");
  options.tasks = static_cast<int>(mnetc::threadsOption);
  options.ramBudget = mnetc::ramBudget();
  bool halide = backend == Backend::Halide;
  if (!halide && !autoscheduler.empty())
    return fail("--autoscheduler needs --backend=halide");
  if (halide && (options.halfWeights || options.separateWeights || options.ramBudget || profile))
    return fail("--backend=halide takes none of --weights, --ram-budget and --profile");
  mlir::MLIRContext context;
  mnetc::CompiledCpp compiled;
  mnetc::CompiledHalide compiledHalide;
  mnetc::HalideEmitOptions halideOptions;
  halideOptions.name = "model";
  halideOptions.modelName = options.modelName;
  halideOptions.weightsPath = "model_generator.weights.f32"; // given explicitly when built
  halideOptions.target = target;
  halideOptions.tasks = options.tasks;
  std::string error;
  if (halide ? failed(mnetc::compileToHalide(context, modelPath, bytes, halideOptions,
                                             compiledHalide, error))
             : failed(mnetc::compileToCpp(context, modelPath, bytes, options,
                                          /*applyCommandLineOptions=*/false, compiled, error)))
    return fail(error);
  mlir::ModuleOp module = halide ? *compiledHalide.module : *compiled.module;
  std::vector<mnetc::TensorInfo> modelInputs = mnetc::modelInputs(module);
  std::vector<mnetc::TensorInfo> modelOutputs = mnetc::modelOutputs(module);
  if (inputs.size() != modelInputs.size())
    return fail(modelPath + " has " + Twine(modelInputs.size()) + " input(s), " +
                Twine(inputs.size()) + " input file(s) given");
  for (auto [path, info] : llvm::zip(inputs, modelInputs)) {
    uint64_t size = 0;
    if (std::error_code ec = sys::fs::file_size(path, size))
      return fail("cannot read input '" + path + "': " + ec.message());
    if (size != static_cast<uint64_t>(info.elements()) * 4)
      return fail("input '" + path + "' has " + Twine(size) + " bytes; model input '" +
                  info.name + "' needs " + Twine(info.elements() * 4) +
                  " (float32, NHWC, shape [" +
                  join(map_range(info.shape, [](int64_t d) { return std::to_string(d); }), ",") +
                  "])");
  }

  // Where the generated and built files go.
  SmallString<256> work(workDir);
  bool temporary = work.empty();
  if (temporary) {
    if (std::error_code ec = sys::fs::createUniqueDirectory("mnet-run", work))
      return fail("cannot create a work folder: " + ec.message());
  } else if (std::error_code ec = sys::fs::create_directories(work)) {
    return fail("cannot create '" + work + "': " + ec.message());
  }
  if (std::error_code ec = sys::fs::create_directories(outDir))
    return fail("cannot create '" + outDir + "': " + ec.message());
  auto cleanup = make_scope_exit([&] {
    if (temporary)
      sys::fs::remove_directories(work);
  });
  auto path = [&](StringRef name) {
    SmallString<256> p(work);
    sys::path::append(p, name);
    return std::string(p);
  };
  std::vector<mnetc::ReportLayer> layers;
  if (profile)
    layers = mnetc::reportLayers(module);
  std::string cxx = findCompiler(*target);
  if (cxx.empty())
    return fail("no C++ compiler for target " + target->name +
                (target->crossTriple.empty() ? "" : " (install g++-" + target->crossTriple + ")"));
  if (halide) {
    std::string generator = path("model_generator.cpp"), weights = path("model_generator.weights.f32");
    std::string harness =
        halideHarnessSource("model", modelInputs, modelOutputs, mnetc::threadsOption);
    for (auto [file, text] : {std::pair<std::string, StringRef>{generator, compiledHalide.generator},
                              {weights, compiledHalide.weights},
                              {path("harness.cc"), harness}})
      if (failed(mnetc::writeFileAtomically(file, text, error)))
        return fail(error);
    std::string script = halideBuildScript(argv[0]);
    if (script.empty())
      return fail("cannot find scripts/halide-build.sh (set MNET_HALIDE_BUILD to its path)");
    std::vector<std::string> build = {findTool({"bash"}), script, generator, path("halide"),
                                      "--target=" + mnetc::halideTargetString(*target),
                                      "--weights=" + weights};
    if (!autoscheduler.empty()) {
      // The machine the code runs on: its threads and the target's per-core cache (Halide's
      // default assumes 16 cores and 16 MB, and on one thread schedules V2 2.7x slower).
      build.push_back("--autoscheduler=" + autoscheduler);
      build.push_back(formatv("--machine-params={0},{1},40", std::max(1u, mnetc::threadsOption.getValue()),
                              target->cacheBytes)
                          .str());
    }
    if (!runStep(build, path("halide-build.log"), error))
      return fail(error);
    std::vector<std::string> link = {cxx, "-std=c++17", "-O2", "-I", path("halide"), "-I",
                                     "/usr/include/halide14", path("harness.cc"),
                                     path("halide/model.a"), "-o", path("model_run"), "-ldl",
                                     "-lpthread"};
    for (StringRef flag : split(extraFlags, ' '))
      if (!flag.empty())
        link.push_back(flag.str());
    if (!runStep(link, "", error))
      return fail(error);
  } else {
  std::string harness = harnessSource("model", modelInputs.size(), modelOutputs.size(),
                                      mnetc::threadsOption, options.separateWeights,
                                      layers.size());
  for (auto [name, text] : {std::pair<StringRef, StringRef>{"model.h", compiled.header},
                            {"model.cc", compiled.source},
                            {"model.weights", compiled.weights},
                            {"harness.cc", harness},
                            {"mnet_thread_pool.h", kThreadPoolSource},
                            {"mnet_profile_hooks.h", kProfileHooks}})
    if (failed(mnetc::writeFileAtomically(path(name), text, error)))
      return fail(error);

  // Build: each translation unit separately (so ccache can help), then link.
  std::string ccache = std::getenv("MNET_NO_CCACHE") ? "" : findTool({"ccache"});
  SmallVector<std::string> flags = {"-std=c++17", "-O2"};
  SmallVector<std::string> linkFlags;
  for (StringRef flag : split(target->cxxFlags, ' '))
    if (!flag.empty())
      flags.push_back(flag.str());
  if (mnetc::threadsOption > 1) { // the harness's thread pool
    flags.push_back("-pthread");
    linkFlags.push_back("-pthread");
  }
  for (StringRef flag : split(extraFlags, ' '))
    if (!flag.empty()) {
      flags.push_back(flag.str());
      linkFlags.push_back(flag.str());
    }
  for (StringRef unit : {"model", "harness"}) {
    std::vector<std::string> args;
    if (!ccache.empty())
      args.push_back(ccache);
    args.push_back(cxx);
    args.insert(args.end(), flags.begin(), flags.end());
    if (profile && unit == "model")
      args.insert(args.end(), {"-include", path("mnet_profile_hooks.h")});
    args.insert(args.end(), {"-I", std::string(work), "-c", path((unit + ".cc").str()), "-o",
                             path((unit + ".o").str())});
    if (!runStep(args, "", error))
      return fail(error);
  }
  std::vector<std::string> link = {cxx, path("model.o"), path("harness.o"), "-o", path("model_run")};
  link.insert(link.end(), linkFlags.begin(), linkFlags.end());
  if (!runStep(link, "", error))
    return fail(error);
  }

  // Run.
  std::vector<std::string> args;
  if (!target->crossTriple.empty()) {
    std::string qemu = findTool({"qemu-aarch64"});
    if (qemu.empty())
      return fail("qemu-aarch64 is needed to run " + target->name + " code on this host");
    const char *prefix = std::getenv("MNET_QEMU_LD_PREFIX");
    args = {qemu, "-L", prefix ? prefix : ("/usr/" + target->crossTriple).str()};
  }
  args.push_back(path("model_run"));
  args.push_back(std::to_string(runs));
  args.insert(args.end(), inputs.begin(), inputs.end());
  if (options.separateWeights)
    args.push_back(weightsFile.empty() ? path("model.weights") : weightsFile.getValue());
  args.push_back(outDir);
  std::string timing = path("timing.txt");
  if (!runStep(args, timing, error))
    return fail(error);
  double median = 0, min = 0;
  auto timingText = MemoryBuffer::getFile(timing);
  if (!timingText ||
      std::sscanf((*timingText)->getBuffer().str().c_str(), "%lf %lf", &median, &min) != 2)
    return fail("the harness printed no timing");
  // --profile: "layer I MS" lines after the timing.
  std::vector<double> layerMs(layers.size(), -1.0);
  if (profile) {
    SmallVector<StringRef> lines;
    (*timingText)->getBuffer().split(lines, '\n', -1, false);
    for (StringRef line : lines) {
      unsigned index = 0;
      double ms = 0;
      if (std::sscanf(line.str().c_str(), "layer %u %lf", &index, &ms) == 2 &&
          index < layerMs.size())
        layerMs[index] = ms;
    }
  }

  // outputs.json
  int64_t arena = halide ? 0 : mnetc::arenaSize(module); // Halide allocates its own
  std::string json;
  raw_string_ostream os(json);
  os << "{\n  \"model\": " << jsonString(modelPath) << ",\n  \"target\": "
     << jsonString(target->name) << ",\n  \"backend\": "
     << jsonString(halide ? (autoscheduler.empty() ? "halide" : "halide-" + autoscheduler)
                          : std::string("cpp"))
     << ",\n  \"outputs\": [";
  for (auto [i, info] : llvm::enumerate(modelOutputs))
    os << (i ? "," : "") << "\n    {\"name\": " << jsonString(info.name) << ", \"shape\": ["
       << join(map_range(info.shape, [](int64_t d) { return std::to_string(d); }), ", ")
       << "], \"file\": \"output_" << i << ".bin\"}";
  os << "\n  ],\n  \"runs\": " << runs.getValue() << ",\n  \"latency_ms\": {\"median\": "
     << formatv("{0:f4}", median) << ", \"min\": " << formatv("{0:f4}", min)
     << "},\n  \"arena_bytes\": " << arena;
  if (profile) {
    os << ",\n  \"layers\": [";
    bool first = true;
    for (auto [i, layer] : llvm::enumerate(layers)) {
      if (layerMs[i] < 0)
        continue; // no code of its own: a view, or a layer inside a fused block
      os << (first ? "" : ",") << "\n    {\"index\": " << i << ", \"name\": "
         << jsonString(layer.name) << ", \"op\": " << jsonString(layer.op)
         << ", \"fused_block\": " << layer.fusedGroup << ", \"macs\": "
         << macsOfStep(layers, i) << ", \"median_ms\": " << formatv("{0:f6}", layerMs[i])
         << "}";
      first = false;
    }
    os << "\n  ]";
  }
  os << "\n}\n";
  SmallString<256> jsonPath(outDir);
  sys::path::append(jsonPath, "outputs.json");
  if (failed(mnetc::writeFileAtomically(jsonPath, json, error)))
    return fail(error);
  outs() << "mnet-run: " << modelPath << " on " << target->name << ": median "
         << formatv("{0:f3}", median) << " ms, min " << formatv("{0:f3}", min) << " ms over "
         << runs.getValue() << " run(s); arena " << arena << " bytes; outputs in " << outDir
         << "\n";
  if (profile)
    printProfile(outs(), layers, layerMs, median);
  return 0;
}

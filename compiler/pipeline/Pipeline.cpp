//===- Pipeline.cpp - mnetc's pass pipeline ------------------------------===//
#include "compiler/pipeline/Pipeline.h"

#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <limits>

using namespace mlir;

namespace mnetc {

PipelineOptions pipelineOptionsFor(const Target &target, bool halfWeights, int64_t tasks) {
  PipelineOptions options;
  options.alignment = target.alignment;
  options.halfWeights = halfWeights;
  options.vectorWidth = target.vectorWidth;
  options.maxVectors = target.gemmMaxVectors;
  options.pairMaxVectors = target.gemmMaxPairVectors;
  options.fuseMinBytes = target.cacheBytes / 2;
  options.chainMinBytes = target.cacheBytes;
  options.tasks = tasks;
  options.minTaskMacs = target.minTaskMacs;
  return options;
}

std::vector<PipelineOptions> plansWithinBudget(const PipelineOptions &base) {
  PipelineOptions allFused = base;
  allFused.fuseMinBytes = 0;
  PipelineOptions allChained = allFused;
  allChained.chainMinBytes = 0;
  allChained.chainMaxWeightBytes = std::numeric_limits<int64_t>::max();
  return {base, allFused, allChained};
}

void buildCompilePipeline(OpPassManager &pm, const PipelineOptions &options) {
  if (!options.halfWeights)
    pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFoldDequantizePass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFuseSqueezeExcitePass());
  // After squeeze-excite fusion: its hard-sigmoid (ADD 3 with RELU6, then MUL 1/6) after a 1x1
  // would otherwise fold into that convolution and hide the pattern.
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFoldBatchNormPass());
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFoldPadPass());
  mlir::mnet::MNetPackWeightsPassOptions pack;
  pack.vectorWidth = options.vectorWidth;
  pack.maxVectors = options.maxVectors;
  pack.pairMaxVectors = options.pairMaxVectors;
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetPackWeightsPass(pack));
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFuseEpiloguePass());
  if (options.fuseMinBytes >= 0) {
    mlir::mnet::MNetFuseRowsPassOptions rows;
    rows.minBytes = options.fuseMinBytes;
    rows.chainMinBytes = options.chainMinBytes;
    rows.chainMaxWeightBytes = options.chainMaxWeightBytes >= 0 ? options.chainMaxWeightBytes
                                                                 : options.chainMinBytes / 2;
    rows.tasks = options.tasks;
    rows.minTaskMacs = options.minTaskMacs;
    pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetFuseRowsPass(rows));
  }
  mlir::mnet::MNetPlanMemoryPassOptions plan;
  plan.alignment = options.alignment;
  pm.addNestedPass<func::FuncOp>(mlir::mnet::createMNetPlanMemoryPass(plan));
}

namespace {
struct CompilePipelineCLOptions : PassPipelineOptions<CompilePipelineCLOptions> {
  Option<int64_t> alignment{*this, "alignment", llvm::cl::desc("arena alignment in bytes"),
                            llvm::cl::init(64)};
  Option<bool> halfWeights{*this, "half-weights",
                           llvm::cl::desc("keep float16 weights, widened at run time"),
                           llvm::cl::init(false)};
  Option<int64_t> vectorWidth{*this, "vector-width",
                              llvm::cl::desc("floats per vector register of the target"),
                              llvm::cl::init(16)};
  Option<int64_t> maxVectors{*this, "max-vectors",
                             llvm::cl::desc("most vectors of output channels in a register tile"),
                             llvm::cl::init(2)};
  Option<int64_t> pairMaxVectors{*this, "pair-max-vectors",
                                 llvm::cl::desc("most vectors of a k-pair register tile (0: no "
                                                "k-pair layout)"),
                                 llvm::cl::init(0)};
  Option<int64_t> fuseMinBytes{*this, "fuse-min-bytes",
                               llvm::cl::desc("smallest tensor depth-first fusion removes "
                                              "(-1: no fusion)"),
                               llvm::cl::init(0)};
  Option<int64_t> chainMinBytes{*this, "chain-min-bytes",
                                llvm::cl::desc("smallest tensor between two fused blocks worth "
                                               "chaining them; their weights may take half of "
                                               "it (-1: no chains)"),
                                llvm::cl::init(-1)};
  Option<int64_t> tasks{*this, "tasks",
                        llvm::cl::desc("parallel tasks per heavy layer (fused blocks get one "
                                       "scratch each)"),
                        llvm::cl::init(1)};
  Option<int64_t> minTaskMacs{*this, "min-task-macs",
                              llvm::cl::desc("smallest work (multiply-accumulates) worth a task"),
                              llvm::cl::init(1 << 20)};
};
} // namespace

void registerCompilePipeline() {
  PassPipelineRegistration<CompilePipelineCLOptions>(
      "mnet-compile", "mnetc's pipeline: folding, clean-up, packing, fusion, memory planning",
      [](OpPassManager &pm, const CompilePipelineCLOptions &cl) {
        PipelineOptions options;
        options.alignment = cl.alignment;
        options.halfWeights = cl.halfWeights;
        options.vectorWidth = cl.vectorWidth;
        options.maxVectors = cl.maxVectors;
        options.pairMaxVectors = cl.pairMaxVectors;
        options.fuseMinBytes = cl.fuseMinBytes;
        options.chainMinBytes = cl.chainMinBytes;
        options.tasks = cl.tasks;
        options.minTaskMacs = cl.minTaskMacs;
        buildCompilePipeline(pm, options);
      });
}

namespace {
/// Tells `beforePass` the name of each pass (not the adaptors that run nested pipelines).
class BeforePass : public PassInstrumentation {
public:
  explicit BeforePass(std::function<void(llvm::StringRef)> fn) : fn(std::move(fn)) {}
  void runBeforePass(Pass *pass, Operation *) override {
    if (!pass->getArgument().empty())
      fn(pass->getArgument());
  }

private:
  std::function<void(llvm::StringRef)> fn;
};
} // namespace

LogicalResult runCompilePipeline(ModuleOp module, const PipelineOptions &options,
                                 bool applyCommandLineOptions, TimingScope *timing,
                                 std::function<void(llvm::StringRef)> beforePass) {
  PassManager pm(module->getContext());
  if (applyCommandLineOptions && failed(applyPassManagerCLOptions(pm)))
    return failure();
  if (timing)
    pm.enableTiming(*timing);
  if (beforePass)
    pm.addInstrumentation(std::make_unique<BeforePass>(std::move(beforePass)));
  buildCompilePipeline(pm, options);
  return pm.run(module);
}

LogicalResult runCompilePipeline(ModuleOp module, const Target &target, bool halfWeights,
                                 int64_t tasks, bool applyCommandLineOptions,
                                 TimingScope *timing) {
  return runCompilePipeline(module, pipelineOptionsFor(target, halfWeights, tasks),
                            applyCommandLineOptions, timing);
}

static std::vector<TensorInfo> describe(TypeRange types, ArrayAttr attrs) {
  std::vector<TensorInfo> result;
  for (auto [i, type] : llvm::enumerate(types)) {
    TensorInfo info;
    if (attrs)
      if (auto dict = dyn_cast<DictionaryAttr>(attrs[i]))
        if (auto name = dict.getAs<StringAttr>(mlir::mnet::kTensorNameAttr))
          info.name = name.str();
    auto shape = cast<RankedTensorType>(type).getShape();
    info.shape.assign(shape.begin(), shape.end());
    result.push_back(info);
  }
  return result;
}

std::vector<TensorInfo> modelInputs(ModuleOp module) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  return describe(func.getArgumentTypes(), func.getArgAttrsAttr());
}

std::vector<TensorInfo> modelOutputs(ModuleOp module) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  return describe(func.getResultTypes(), func.getResAttrsAttr());
}

int64_t arenaSize(ModuleOp module) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  auto size = func ? func->getAttrOfType<IntegerAttr>(mlir::mnet::kArenaSizeAttr) : IntegerAttr();
  return size ? size.getInt() : 0;
}

std::string cIdentifier(llvm::StringRef name) {
  std::string id;
  for (char c : name)
    id += llvm::isAlnum(c) ? c : '_';
  if (id.empty() || llvm::isDigit(id[0]))
    id = "model_" + id;
  return id;
}

LogicalResult writeFileAtomically(llvm::StringRef path, llvm::StringRef contents,
                                  std::string &error) {
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  int fd = -1;
  llvm::SmallString<256> temp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, temp)) {
    error = "cannot create '" + temp.str().str() + "': " + ec.message();
    return failure();
  }
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.close();
    if (os.has_error()) {
      error = "cannot write '" + temp.str().str() + "': " + os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(temp);
      return failure();
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, path)) {
    error = "cannot write '" + path.str() + "': " + ec.message();
    llvm::sys::fs::remove(temp);
    return failure();
  }
  return success();
}

} // namespace mnetc

//===- Report.cpp - what a compiled model costs ----------------------------===//
#include "compiler/pipeline/Report.h"

#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::mnet;
using llvm::json::Array;
using llvm::json::Object;

namespace mnetc {
namespace {

int64_t bytesOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return 0;
  return tensor.getNumElements() * ((tensor.getElementTypeBitWidth() + 7) / 8);
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

int64_t product(ArrayRef<int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims)
    n *= d;
  return n;
}

/// Multiply-accumulates of the convolutions, fully connected layers and squeeze-excite 1x1s
/// (what TFLite's benchmark tools and mnet-make-model --stats count); 0 for other ops.
int64_t macsOf(Operation *op) {
  return llvm::TypeSwitch<Operation *, int64_t>(op)
      .Case([](PackedConv2DOp conv) {
        ArrayRef<int64_t> k = conv.getKernel();
        return product(shapeOf(conv.getOutput())) * k[0] * k[1] * shapeOf(conv.getInput())[3];
      })
      .Case([](Conv2DOp conv) { // filter [OC, KH, KW, IC]
        ArrayRef<int64_t> f = shapeOf(conv.getFilter());
        return product(shapeOf(conv.getOutput())) * f[1] * f[2] * f[3];
      })
      .Case([](DepthwiseConv2DOp dw) { // filter [1, KH, KW, OC]
        ArrayRef<int64_t> f = shapeOf(dw.getFilter());
        return product(shapeOf(dw.getOutput())) * f[1] * f[2];
      })
      .Case([](TransposeConv2DOp tc) { // each input value meets every filter tap
        ArrayRef<int64_t> f = shapeOf(tc.getFilter());
        return product(shapeOf(tc.getInput())) * f[0] * f[1] * f[2];
      })
      .Case([](FullyConnectedOp fc) { // filter [N, K]
        return product(shapeOf(fc.getOutput())) * shapeOf(fc.getFilter())[1];
      })
      .Case([](SqueezeExciteOp se) {
        return shapeOf(se.getInput())[0] *
               (product(shapeOf(se.getSqueeze())) + product(shapeOf(se.getExcite())));
      })
      .Default([](Operation *) { return int64_t{0}; });
}

/// The function the importer made (the one the planner sized).
func::FuncOp modelFunction(ModuleOp module) {
  func::FuncOp found;
  module.walk([&](func::FuncOp func) {
    if (!found && func->hasAttr(kArenaSizeAttr))
      found = func;
  });
  return found;
}

/// The ops that are layers: all but constants and the return.
template <typename Fn>
void forEachLayer(func::FuncOp func, Fn fn) {
  for (Operation &op : func.getBody().front())
    if (isLayer(op))
      fn(op);
}

int64_t intAttr(Operation *op, StringRef name, int64_t otherwise = -1) {
  auto attr = op->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getInt() : otherwise;
}

/// Where the op's result lives: its own arena buffer, its input's (in place), the caller's
/// output buffer, a fused block's ring or row buffer, or nowhere (a view of another buffer).
StringRef bufferOf(Operation &op) {
  if (llvm::any_of(op.getUsers(), [](Operation *user) { return isa<func::ReturnOp>(user); }))
    return "output";
  if (op.hasAttr(kArenaOffsetAttr))
    return "arena";
  if (op.hasAttr(kInPlaceAttr))
    return "in_place";
  if (op.hasAttr(kRowGroupAttr))
    return "fused_rows";
  return "view";
}

} // namespace

std::string withThousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

ReportTotals reportTotals(ModuleOp module) {
  ReportTotals totals;
  func::FuncOp func = modelFunction(module);
  if (!func)
    return totals;
  llvm::DenseSet<int64_t> groups;
  forEachLayer(func, [&](Operation &op) {
    ++totals.layers;
    totals.macs += macsOf(&op);
    if (int64_t group = intAttr(&op, kRowGroupAttr); group >= 0)
      groups.insert(group);
  });
  func.walk([&](ConstOp c) { totals.weightBytes += bytesOf(c.getType()); });
  totals.fusedBlocks = static_cast<int64_t>(groups.size());
  totals.arenaBytes = intAttr(func, kArenaSizeAttr, 0);
  return totals;
}

std::vector<ReportLayer> reportLayers(ModuleOp module) {
  std::vector<ReportLayer> layers;
  func::FuncOp func = modelFunction(module);
  if (!func)
    return layers;
  llvm::DenseMap<Operation *, int64_t> index;
  std::vector<Operation *> ops;
  forEachLayer(func, [&](Operation &op) {
    index[&op] = static_cast<int64_t>(ops.size());
    ops.push_back(&op);
  });
  int64_t last = static_cast<int64_t>(ops.size()) - 1;

  // A fused block runs as one step: from its first layer to its last (its leader).
  llvm::DenseMap<int64_t, std::pair<int64_t, int64_t>> groupSteps;
  for (auto [i, op] : llvm::enumerate(ops))
    if (int64_t group = intAttr(op, kRowGroupAttr); group >= 0)
      groupSteps.try_emplace(group, i, i).first->second.second = i;

  for (auto [i, op] : llvm::enumerate(ops)) {
    ReportLayer layer;
    auto name = dyn_cast<NameLoc>(op->getLoc());
    layer.name = name ? name.getName().str() : std::string();
    layer.op = op->getName().stripDialect().str();
    layer.fusedGroup = intAttr(op, kRowGroupAttr);
    for (Value operand : op->getOperands()) {
      if (operand.getDefiningOp<ConstOp>())
        layer.weightBytes += bytesOf(operand.getType());
      else
        layer.inputs.push_back(shapeOf(operand).vec());
    }
    layer.output = shapeOf(op->getResult(0)).vec();
    layer.macs = macsOf(op);
    layer.buffer = bufferOf(*op).str();
    layer.arenaOffset = intAttr(op, kArenaOffsetAttr);
    layer.arenaBytes = layer.buffer == "arena" ? bytesOf(op->getResult(0).getType()) : 0;
    layer.scratchBytes = scratchBytes(*op);
    layer.scratchOffset = layer.scratchBytes ? intAttr(op, kScratchOffsetAttr) : -1;
    layer.stepFirst = layer.stepLast = static_cast<int64_t>(i);
    if (layer.fusedGroup >= 0)
      std::tie(layer.stepFirst, layer.stepLast) = groupSteps[layer.fusedGroup];
    layers.push_back(std::move(layer));
  }

  // A buffer stays live until the last step that reads it, directly or through the reshapes
  // and in-place results that share its bytes; returned through one, until the end.
  for (auto [i, op] : llvm::enumerate(ops)) {
    ReportLayer &layer = layers[i];
    layer.lastLive = layer.stepLast;
    if (layer.arenaOffset < 0)
      continue;
    SmallVector<Value> sharing = {op->getResult(0)};
    while (!sharing.empty()) {
      Value value = sharing.pop_back_val();
      for (OpOperand &use : value.getUses()) {
        Operation *user = use.getOwner();
        if (isa<func::ReturnOp>(user))
          layer.lastLive = last;
        else if (auto it = index.find(user); it != index.end())
          layer.lastLive = std::max(layer.lastLive, layers[it->second].stepLast);
        if (use.getOperandNumber() == 0 && (isa<ReshapeOp>(user) || user->hasAttr(kInPlaceAttr)))
          sharing.push_back(user->getResult(0));
      }
    }
  }
  return layers;
}

PeakLayer peakLayer(const std::vector<ReportLayer> &layers) {
  PeakLayer peak;
  // Live bytes per layer index: a difference array of the buffers' and scratches' spans.
  std::vector<int64_t> live(layers.size() + 1, 0);
  for (const ReportLayer &layer : layers) {
    if (layer.arenaOffset >= 0) {
      live[layer.stepFirst] += layer.arenaBytes;
      live[layer.lastLive + 1] -= layer.arenaBytes;
    }
    if (layer.scratchOffset >= 0) {
      live[layer.stepFirst] += layer.scratchBytes;
      live[layer.stepLast + 1] -= layer.scratchBytes;
    }
  }
  int64_t sum = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    sum += live[i];
    // A fused block is one step, named by its last layer: its other layers show the same sum.
    if (layers[i].stepLast == static_cast<int64_t>(i) && sum > peak.liveBytes)
      peak = {layers[i].name, layers[i].op, sum, static_cast<int64_t>(i)};
  }
  return peak;
}

PeakLayer peakLayer(ModuleOp module) { return peakLayer(reportLayers(module)); }

std::string reportJson(ModuleOp module, const ReportContext &context) {
  auto shapeJson = [](ArrayRef<int64_t> shape) {
    Array a;
    for (int64_t d : shape)
      a.push_back(d);
    return a;
  };
  Array layers;
  for (const ReportLayer &l : reportLayers(module)) {
    Object layer;
    layer["name"] = l.name;
    layer["op"] = l.op;
    layer["fused_group"] =
        l.fusedGroup >= 0 ? llvm::json::Value(l.fusedGroup) : llvm::json::Value(nullptr);
    Array inputs;
    for (const std::vector<int64_t> &input : l.inputs)
      inputs.push_back(shapeJson(input));
    layer["inputs"] = std::move(inputs);
    layer["output"] = shapeJson(l.output);
    layer["macs"] = l.macs;
    layer["weight_bytes"] = l.weightBytes;
    layer["buffer"] = l.buffer;
    layer["arena_offset"] =
        l.arenaOffset >= 0 ? llvm::json::Value(l.arenaOffset) : llvm::json::Value(nullptr);
    layer["arena_bytes"] = l.arenaBytes;
    if (l.scratchBytes) {
      layer["scratch_offset"] = l.scratchOffset;
      layer["scratch_bytes"] = l.scratchBytes;
    }
    layers.push_back(std::move(layer));
  }
  ReportTotals t = reportTotals(module);
  func::FuncOp func = modelFunction(module);
  llvm::json::Value totals = Object{{"layers", t.layers},
                                    {"fused_blocks", t.fusedBlocks},
                                    {"macs", t.macs},
                                    {"weight_bytes", t.weightBytes},
                                    {"arena_bytes", t.arenaBytes},
                                    {"source_bytes", context.sourceBytes},
                                    {"header_bytes", context.headerBytes},
                                    {"weights_file_bytes", context.weightsFileBytes}};
  // Compact values, one key (and one layer) a line: readable, and greppable.
  std::string text;
  llvm::raw_string_ostream os(text);
  auto field = [&](StringRef key, const llvm::json::Value &value) {
    os << "  " << llvm::json::Value(key.str()) << ": " << value << ",\n";
  };
  os << "{\n";
  field("model", context.model);
  field("target", context.target);
  field("source", context.source);
  field("header", context.header);
  field("weights", context.weights.empty() ? llvm::json::Value(nullptr)
                                           : llvm::json::Value(context.weights));
  field("arena_alignment", func ? intAttr(func, kArenaAlignmentAttr, 0) : 0);
  field("totals", totals);
  os << "  \"layers\": [";
  for (size_t i = 0; i < layers.size(); ++i)
    os << (i ? ",\n    " : "\n    ") << layers[i];
  os << "\n  ]\n}\n";
  return text;
}

std::string formatReport(StringRef fileName, ModuleOp module, const ReportContext &context) {
  StringRef extension = llvm::sys::path::extension(fileName);
  if (extension.equals_insensitive(".html") || extension.equals_insensitive(".htm"))
    return reportHtml(module, context);
  return reportJson(module, context);
}

void printSummary(llvm::raw_ostream &os, ModuleOp module, const ReportContext &context) {
  ReportTotals t = reportTotals(module);
  std::string files = context.weights.empty()
                          ? context.source + " and " + context.header
                          : context.source + ", " + context.header + " and " + context.weights;
  os << llvm::formatv("mnetc: wrote {0} for {1}: {2} layer{3} ({4} fused block{5}), "
                      "{6} MACs, weights {7} bytes, arena {8} bytes\n",
                      files, context.target, t.layers,
                      t.layers == 1 ? "" : "s", t.fusedBlocks, t.fusedBlocks == 1 ? "" : "s",
                      withThousands(t.macs), withThousands(t.weightBytes),
                      withThousands(t.arenaBytes));
}

} // namespace mnetc

//===- Report.cpp - what a compiled model costs ----------------------------===//
#include "compiler/pipeline/Report.h"

#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

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
    if (!isa<ConstOp, func::ReturnOp>(op))
      fn(op);
}

int64_t intAttr(Operation *op, StringRef name, int64_t otherwise = -1) {
  auto attr = op->getAttrOfType<IntegerAttr>(name);
  return attr ? attr.getInt() : otherwise;
}

Array shapeJson(ArrayRef<int64_t> shape) {
  Array a;
  for (int64_t d : shape)
    a.push_back(d);
  return a;
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

std::string withThousands(int64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

} // namespace

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

PeakLayer peakLayer(ModuleOp module) {
  PeakLayer peak;
  func::FuncOp func = modelFunction(module);
  if (!func)
    return peak;
  // Each arena buffer is live from the layer that writes it to its last reader; scratch only
  // while its layer runs.
  llvm::DenseMap<Operation *, int64_t> index;
  std::vector<Operation *> layers;
  llvm::DenseMap<int64_t, int64_t> groupEnd; // a fused block runs as one step: its last op's
  forEachLayer(func, [&](Operation &op) {
    index[&op] = static_cast<int64_t>(layers.size());
    if (int64_t group = intAttr(&op, kRowGroupAttr); group >= 0)
      groupEnd[group] = index[&op];
    layers.push_back(&op);
  });
  for (Operation *op : layers)
    if (int64_t group = intAttr(op, kRowGroupAttr); group >= 0)
      index[op] = groupEnd[group];
  std::vector<int64_t> live(layers.size() + 1, 0); // a difference array over layer indices
  for (Operation *op : layers) {
    int64_t first = index[op];
    if (op->hasAttr(kArenaOffsetAttr)) {
      int64_t last = first;
      for (Operation *user : op->getUsers())
        if (auto it = index.find(user); it != index.end())
          last = std::max(last, it->second);
      int64_t bytes = bytesOf(op->getResult(0).getType());
      live[first] += bytes;
      live[last + 1] -= bytes;
    }
    if (op->hasAttr(kScratchOffsetAttr)) {
      live[first] += scratchBytes(*op);
      live[first + 1] -= scratchBytes(*op);
    }
  }
  int64_t sum = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    sum += live[i];
    if (sum > peak.liveBytes) {
      auto name = dyn_cast<NameLoc>(layers[i]->getLoc());
      peak = {name ? name.getName().str() : std::string(),
              layers[i]->getName().stripDialect().str(), sum};
    }
  }
  return peak;
}

std::string reportJson(ModuleOp module, const ReportContext &context) {
  Array layers;
  if (func::FuncOp func = modelFunction(module)) {
    forEachLayer(func, [&](Operation &op) {
      Object layer;
      auto name = dyn_cast<NameLoc>(op.getLoc());
      layer["name"] = name ? name.getName().str() : std::string();
      layer["op"] = op.getName().stripDialect().str();
      int64_t group = intAttr(&op, kRowGroupAttr);
      layer["fused_group"] = group >= 0 ? llvm::json::Value(group) : llvm::json::Value(nullptr);
      Array inputs;
      int64_t weightBytes = 0;
      for (Value operand : op.getOperands()) {
        if (operand.getDefiningOp<ConstOp>())
          weightBytes += bytesOf(operand.getType());
        else
          inputs.push_back(shapeJson(shapeOf(operand)));
      }
      layer["inputs"] = std::move(inputs);
      layer["output"] = shapeJson(shapeOf(op.getResult(0)));
      layer["macs"] = macsOf(&op);
      layer["weight_bytes"] = weightBytes;
      StringRef buffer = bufferOf(op);
      layer["buffer"] = buffer.str();
      int64_t offset = intAttr(&op, kArenaOffsetAttr);
      layer["arena_offset"] = offset >= 0 ? llvm::json::Value(offset) : llvm::json::Value(nullptr);
      layer["arena_bytes"] = buffer == "arena" ? bytesOf(op.getResult(0).getType()) : 0;
      if (int64_t scratch = scratchBytes(op)) {
        layer["scratch_offset"] = intAttr(&op, kScratchOffsetAttr);
        layer["scratch_bytes"] = scratch;
      }
      layers.push_back(std::move(layer));
    });
  }
  ReportTotals t = reportTotals(module);
  func::FuncOp func = modelFunction(module);
  llvm::json::Value totals = Object{{"layers", t.layers},
                                    {"fused_blocks", t.fusedBlocks},
                                    {"macs", t.macs},
                                    {"weight_bytes", t.weightBytes},
                                    {"arena_bytes", t.arenaBytes},
                                    {"source_bytes", context.sourceBytes},
                                    {"header_bytes", context.headerBytes}};
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
  field("arena_alignment", func ? intAttr(func, kArenaAlignmentAttr, 0) : 0);
  field("totals", totals);
  os << "  \"layers\": [";
  for (size_t i = 0; i < layers.size(); ++i)
    os << (i ? ",\n    " : "\n    ") << layers[i];
  os << "\n  ]\n}\n";
  return text;
}

void printSummary(llvm::raw_ostream &os, ModuleOp module, const ReportContext &context) {
  ReportTotals t = reportTotals(module);
  os << llvm::formatv("mnetc: wrote {0} and {1} for {2}: {3} layer{4} ({5} fused block{6}), "
                      "{7} MACs, weights {8} bytes, arena {9} bytes\n",
                      context.source, context.header, context.target, t.layers,
                      t.layers == 1 ? "" : "s", t.fusedBlocks, t.fusedBlocks == 1 ? "" : "s",
                      withThousands(t.macs), withThousands(t.weightBytes),
                      withThousands(t.arenaBytes));
}

} // namespace mnetc

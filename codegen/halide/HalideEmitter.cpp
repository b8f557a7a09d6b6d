//===- HalideEmitter.cpp - scheduled mnet IR to a Halide 14 generator ----===//
//
// Every tensor is a Func over (c, x, y, n) for NHWC, in general its dims innermost first
// (c is the last MLIR dim). Weights are Buffers filled from the weights file at generate()
// time, so the compiled pipeline embeds them bit for bit. The schedule (schedule_mnet) follows
// the pipeline's decisions:
//   * a packed convolution is computed in register tiles of NR channels (its packing's block)
//     by MR pixels of a row (Target::gemmTilePixels), the accumulator a vectorized, unrolled
//     Func at the tile's loop with the reduction outside it;
//   * a fused block (mnet.row_group) runs row by row: its last projection is computed in bands
//     of rows (mnet.tasks, in parallel), the other ops at its row loop, and a stage that a
//     depthwise convolution reads stored per band in a ring of rows (fold_storage);
//   * every other layer is computed whole (compute_root), vectorized along channels, its rows
//     split across threads when the layer is worth tasks (mnetc --num-threads).
//
//===----------------------------------------------------------------------===//
#include "codegen/halide/HalideEmitter.h"

#include "dialects/mnet/IR/MNetOps.h"
#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <cstdio>
#include <map>

using namespace mlir;
using namespace mlir::mnet;

namespace mnetc {

std::string halideTargetString(const Target &target) {
  if (target.name == "x86-64-avx512")
    return "x86-64-linux-avx-avx2-avx512-avx512_skylake-f16c-fma-sse41";
  if (target.name == "x86-64-avx2")
    return "x86-64-linux-avx-avx2-f16c-fma-sse41";
  if (target.name == "armv8")
    return "arm-64-linux";
  return "x86-64-linux-sse41"; // generic: the x86-64 baseline Halide's codegen assumes
}

namespace {

std::string floatExpr(float value) {
  if (std::isnan(value))
    return "Expr(NAN)";
  if (std::isinf(value))
    return value < 0 ? "Expr(-INFINITY)" : "Expr(INFINITY)";
  char text[40];
  std::snprintf(text, sizeof(text), "Expr(%af)", static_cast<double>(value));
  return text;
}

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }
int64_t elementsOf(Value v) { return cast<RankedTensorType>(v.getType()).getNumElements(); }

std::string commentText(StringRef text) {
  std::string out;
  for (char c : text)
    out += (static_cast<unsigned char>(c) < 0x20 || c == '\\') ? '_' : c;
  return out;
}

std::string tensorName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return commentText(name.getName());
  return "";
}

/// The Func's pure vars for a tensor of `rank` dims, innermost (the last MLIR dim) first.
constexpr const char *kVarNames[] = {"c", "x", "y", "n", "d4", "d5"};
constexpr int kMaxRank = 6;

std::string varList(size_t rank) {
  SmallVector<StringRef> vars;
  for (size_t i = 0; i < rank; ++i)
    vars.push_back(kVarNames[i]);
  return llvm::join(vars, ", ");
}

/// Sizes innermost first, as a braced list.
std::string sizesInnermostFirst(ArrayRef<int64_t> shape) {
  SmallVector<std::string> sizes;
  for (size_t i = shape.size(); i-- > 0;)
    sizes.push_back(std::to_string(shape[i]));
  return "{" + llvm::join(sizes, ", ") + "}";
}

std::string activate(const std::string &e, Activation act) {
  switch (act) {
  case Activation::Relu:
    return "max(" + e + ", 0.0f)";
  case Activation::Relu6:
    return "clamp(" + e + ", 0.0f, 6.0f)";
  case Activation::ReluN1To1:
    return "clamp(" + e + ", -1.0f, 1.0f)";
  case Activation::None:
    break;
  }
  return e;
}

/// `var * stride + offset`, written plainly.
std::string axisExpr(const char *var, int64_t stride, int64_t offset) {
  std::string e = var;
  if (stride != 1)
    e += " * " + std::to_string(stride);
  if (offset > 0)
    e += " + " + std::to_string(offset);
  else if (offset < 0)
    e += " - " + std::to_string(-offset);
  return e;
}

std::string hardSwish(const std::string &e) {
  return "hard_swish(" + e + ")";
}

class Emitter {
public:
  Emitter(func::FuncOp func, const HalideEmitOptions &options)
      : func(func), options(options), V(options.target->vectorWidth) {}

  LogicalResult emit(raw_ostream &os, std::string &weights);

private:
  /// The Func (or Buffer) name a value is read through.
  std::string &nameOf(Value v) { return names[v]; }
  std::string call(Value v, const std::string &args) { return nameOf(v) + "(" + args + ")"; }
  /// A constant's data appended to the blob; returns the Buffer's name. `shape` is the
  /// Buffer's, outermost first, and `values` row-major over it.
  std::string addBuffer(ArrayRef<float> values, ArrayRef<int64_t> shape, StringRef hint);
  /// The constant operand `v`'s Buffer in its own shape.
  FailureOr<std::string> constantBuffer(Value v, Operation *user);
  /// A Func reading `v` with zero outside [0, W) x [0, H) (NHWC), or `v` itself unpadded.
  std::string padded(Value v, bool isPadded);
  LogicalResult emitOp(Operation *op);
  void scheduleRoot(Operation *op, const std::string &f);
  void scheduleConvTile(PackedConv2DOp conv, const std::string &f, const std::string &acc,
                        const std::string &rdom);
  void scheduleGroup(int64_t group);
  /// Vector factor for an innermost extent: the target's width, halved until it fits
  /// (ShiftInwards needs extent >= factor); 0 below 4.
  int64_t vectorFactor(int64_t extent) const {
    int64_t f = V;
    while (f > 4 && f > extent)
      f /= 2;
    return f <= extent ? f : 0;
  }
  /// `.vectorize(c, f)` for an update stage over `extent` channels: an update cannot be
  /// recomputed (ShiftInwards), and Halide's RoundUp would read weights past their end, so a
  /// partial last vector is guarded.
  std::string vectorizeUpdate(int64_t extent) const {
    int64_t f = vectorFactor(extent);
    if (!f)
      return "";
    return ".vectorize(c, " + std::to_string(f) +
           (extent % f ? ", TailStrategy::GuardWithIf)" : ")");
  }
  bool parallelWorthy(Operation *op) const {
    if (options.tasks <= 1)
      return false;
    int64_t macs = multiplyAccumulates(op);
    if (macs == 0) // elementwise and data movement: about one op per element
      macs = elementsOf(op->getResult(0));
    return layerTasks(macs, options.tasks, options.target->minTaskMacs) > 1;
  }

  func::FuncOp func;
  const HalideEmitOptions &options;
  int64_t V;
  llvm::DenseMap<Value, std::string> names;
  std::string defs, sched; // generate()'s algorithm and schedule_mnet()'s body
  llvm::raw_string_ostream d{defs}, s{sched};
  std::string blob;
  int64_t counter = 0;
  int64_t layers = 0; // layers emitted so far (mnet::isLayer; as mnetc --report counts them)
  /// Per packed convolution: its Func, accumulator and reduction domain names.
  struct Conv {
    std::string f, acc, rdom;
  };
  llvm::DenseMap<Operation *, Conv> convs;
  /// Fused blocks: group id -> ops in order.
  std::map<int64_t, SmallVector<Operation *>> groups;
};

std::string Emitter::addBuffer(ArrayRef<float> values, ArrayRef<int64_t> shape, StringRef hint) {
  std::string name = (hint + std::to_string(counter++)).str();
  int64_t offset = static_cast<int64_t>(blob.size() / 4);
  blob.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float));
  d << "    const Buffer<float> " << name << " = weights_buffer(blob, " << offset << ", "
    << sizesInnermostFirst(shape) << ", \"" << name << "\");\n";
  return name;
}

FailureOr<std::string> Emitter::constantBuffer(Value v, Operation *user) {
  auto it = names.find(v);
  if (it != names.end())
    return it->second;
  FailureOr<SmallVector<float>> values = f32ConstantValues(v);
  if (failed(values))
    return user->emitError("the Halide backend needs this op's weights as float32 constants");
  std::string name = addBuffer(*values, shapeOf(v), "w");
  names[v] = name;
  return name;
}

std::string Emitter::padded(Value v, bool isPadded) {
  if (!isPadded)
    return nameOf(v);
  auto shape = shapeOf(v); // [N, H, W, C]
  std::string name = "pad" + std::to_string(counter++);
  d << "    Func " << name << " = BoundaryConditions::constant_exterior(" << nameOf(v)
    << ", 0.0f, {{Expr(), Expr()}, {0, " << shape[2] << "}, {0, " << shape[1]
    << "}, {Expr(), Expr()}});\n";
  return name;
}

LogicalResult Emitter::emitOp(Operation *op) {
  if (!isLayer(*op))
    return success();
  int64_t layer = layers++;
  for (Value result : op->getResults())
    if (cast<RankedTensorType>(result.getType()).getRank() > kMaxRank)
      return op->emitError("the Halide backend supports tensors of at most 6 dims");
  Value out = op->getResult(0);
  auto r = shapeOf(out);
  std::string f = "f" + std::to_string(counter++);
  std::string vars = varList(r.size());
  d << "\n    // " << op->getName().stripDialect() << " -> '" << tensorName(op) << "' ["
    << llvm::join(llvm::map_range(r, [](int64_t e) { return std::to_string(e); }), ",")
    << "]\n    Func " << f << "(\"" << f << "\");\n";
  names[out] = f;
  // Non-constant operands must have Funcs by now (constants get Buffers on demand).
  auto operand = [&](Value v) -> std::string {
    if (v.getDefiningOp<ConstOp>()) {
      auto buffer = constantBuffer(v, op);
      return succeeded(buffer) ? *buffer : std::string();
    }
    return nameOf(v);
  };

  LogicalResult result =
      llvm::TypeSwitch<Operation *, LogicalResult>(op)
          .Case([&](PackedConv2DOp conv) -> LogicalResult {
            if (conv.getKPairs())
              return conv.emitError("the Halide backend does not read the k-pair layout");
            auto in = shapeOf(conv.getInput());
            auto fs = shapeOf(conv.getFilter()); // [blocks, 1 + KH*KW*IC, NR]
            auto k = conv.getKernel(), st = conv.getStrides(), dl = conv.getDilations(),
                 p = conv.getPadding();
            int64_t nr = fs[2], ic = in[3];
            auto w = constantBuffer(conv.getFilter(), op);
            if (failed(w))
              return failure();
            std::string src = padded(conv.getInput(), conv.isPadded());
            std::string acc = "acc" + f.substr(1), rdom = "r" + f.substr(1);
            bool window = k[0] != 1 || k[1] != 1;
            std::string wc = llvm::formatv("c % {0}", nr), wb = llvm::formatv("c / {0}", nr);
            auto coord = [&](const char *var, const char *rv, int64_t stride, int64_t dil,
                             int64_t pad) {
              std::string e = std::string(var) + (stride != 1 ? " * " + std::to_string(stride) : "");
              if (window)
                e += std::string(" + ") + rdom + "." + rv +
                     (dil != 1 ? " * " + std::to_string(dil) : "");
              if (pad)
                e += " - " + std::to_string(pad);
              return e;
            };
            std::string row = window ? llvm::formatv("1 + ({0}.z * {1} + {0}.y) * {2} + {0}.x",
                                                     rdom, k[1], ic)
                                           .str()
                                     : "1 + " + rdom + ".x";
            d << "    Func " << acc << "(\"" << acc << "\");\n"
              << "    RDom " << rdom << "(0, " << ic
              << (window ? llvm::formatv(", 0, {0}, 0, {1}", k[1], k[0]).str() : "") << ", \""
              << rdom << "\");\n"
              << "    " << acc << "(c, x, y, n) = " << *w << "(" << wc << ", 0, " << wb << ");\n"
              << "    " << acc << "(c, x, y, n) += " << src << "(" << rdom << ".x, "
              << coord("x", "y", st[1], dl[1], p[2]) << ", " << coord("y", "z", st[0], dl[0], p[0])
              << ", n) * " << *w << "(" << wc << ", " << row << ", " << wb << ");\n";
            std::string e = activate(acc + "(c, x, y, n)", conv.getActivation());
            if (Value res = conv.getResidual()) {
              // Clamped: the tile computes whole blocks of NR channels (RoundUp).
              e = activate(e + " + " + nameOf(res) + "(min(c, " + std::to_string(r[3] - 1) +
                               "), x, y, n)",
                           conv.getResidualActivation().value_or(Activation::None));
            } else if (conv.getHardSwish()) {
              e = hardSwish(e);
            }
            d << "    " << f << "(c, x, y, n) = " << e << ";\n";
            convs[op] = {f, acc, rdom};
            return success();
          })
          .Case([&](Conv2DOp conv) -> LogicalResult {
            auto in = shapeOf(conv.getInput()), fs = shapeOf(conv.getFilter()); // OHWI
            auto st = conv.getStrides(), dl = conv.getDilations(), p = conv.getPadding();
            auto w = constantBuffer(conv.getFilter(), op);
            if (failed(w))
              return failure();
            std::string bias = conv.getBias() ? operand(conv.getBias()) + "(c)" : "0.0f";
            std::string src = padded(conv.getInput(), llvm::any_of(p, [](int64_t v) { return v; }));
            std::string rdom = "r" + f.substr(1);
            d << "    RDom " << rdom << "(0, " << in[3] << ", 0, " << fs[2] << ", 0, " << fs[1]
              << ", \"" << rdom << "\");\n"
              << "    " << f << "(c, x, y, n) = " << activate(
                     llvm::formatv("{0} + sum({1}({2}.x, x * {3} + {2}.y * {4} - {5}, y * {6} + "
                                   "{2}.z * {7} - {8}, n) * {9}({2}.x, {2}.y, {2}.z, c))",
                                   bias, src, rdom, st[1], dl[1], p[2], st[0], dl[0], p[0], *w)
                         .str(),
                     conv.getActivation())
              << ";\n";
            return success();
          })
          .Case([&](TransposeConv2DOp conv) -> LogicalResult {
            auto in = shapeOf(conv.getInput()), fs = shapeOf(conv.getFilter()); // OHWI
            auto st = conv.getStrides(), p = conv.getPadding();                // [top, left]
            auto w = constantBuffer(conv.getFilter(), op);
            if (failed(w))
              return failure();
            std::string bias = conv.getBias() ? operand(conv.getBias()) + "(c)" : "0.0f";
            std::string src = padded(conv.getInput(), true), rdom = "r" + f.substr(1);
            // Output (x, y) takes input pixel (dx / sx, dy / sy) through tap (kx, ky) when
            // dx = x + pad_left - kx is a multiple of the stride inside the input (same for y).
            d << "    RDom " << rdom << "(0, " << in[3] << ", 0, " << fs[2] << ", 0, " << fs[1]
              << ", \"" << rdom << "\");\n"
              << llvm::formatv("    {{\n      Expr dx = {0}, dy = {1};\n"
                               "      Expr inside = dx >= 0 && dx % {2} == 0 && dx / {2} < {3} && "
                               "dy >= 0 && dy % {4} == 0 && dy / {4} < {5};\n",
                               axisExpr("x", 1, p[1]) + " - " + rdom + ".y",
                               axisExpr("y", 1, p[0]) + " - " + rdom + ".z", st[1], in[2],
                               st[0], in[1])
              << "      " << f << "(c, x, y, n) = "
              << activate(bias + " + sum(select(inside, " + src + "(" + rdom +
                              ".x, dx / " + std::to_string(st[1]) + ", dy / " +
                              std::to_string(st[0]) + ", n) * " + *w + "(" + rdom + ".x, " +
                              rdom + ".y, " + rdom + ".z, c), 0.0f))",
                          conv.getActivation())
              << ";\n    }\n";
            return success();
          })
          .Case([&](DepthwiseConv2DOp conv) -> LogicalResult {
            auto fs = shapeOf(conv.getFilter()); // [1, KH, KW, C*M]
            auto st = conv.getStrides(), dl = conv.getDilations(), p = conv.getPadding();
            int64_t m = conv.getDepthMultiplier();
            auto w = constantBuffer(conv.getFilter(), op);
            if (failed(w))
              return failure();
            std::string src = padded(conv.getInput(), llvm::any_of(p, [](int64_t v) { return v; }));
            std::string e = conv.getBias() ? operand(conv.getBias()) + "(c)" : "0.0f";
            std::string ch = m == 1 ? "c" : "c / " + std::to_string(m);
            for (int64_t ky = 0; ky < fs[1]; ++ky)
              for (int64_t kx = 0; kx < fs[2]; ++kx)
                e += llvm::formatv("\n        + {0}({1}, {2}, {3}, n) * {4}(c, {5}, {6}, 0)", src,
                                   ch, axisExpr("x", st[1], kx * dl[1] - p[2]),
                                   axisExpr("y", st[0], ky * dl[0] - p[0]), *w, kx, ky)
                         .str();
            e = activate(e, conv.getActivation());
            if (conv.getHardSwish())
              e = hardSwish(e);
            d << "    " << f << "(c, x, y, n) = " << e << ";\n";
            return success();
          })
          .Case([&](FullyConnectedOp fc) -> LogicalResult {
            auto fs = shapeOf(fc.getFilter()); // [N, K]
            auto values = f32ConstantValues(fc.getFilter());
            if (failed(values))
              return fc.emitError("the Halide backend needs this op's weights as float32 "
                                  "constants");
            // Stored transposed, [K][N]: the vectorized channels read contiguous weights.
            SmallVector<float> t(values->size());
            for (int64_t o = 0; o < fs[0]; ++o)
              for (int64_t k = 0; k < fs[1]; ++k)
                t[k * fs[0] + o] = (*values)[o * fs[1] + k];
            std::string w = addBuffer(t, {fs[1], fs[0]}, "w");
            std::string rdom = "r" + f.substr(1);
            // Output (..., o): o is c, the row b the linear index of the outer dims.
            std::string lin = r.size() > 1 ? "linear_index({" + vars.substr(3) + "}, " +
                                                 sizesInnermostFirst(r.drop_back()) + ")"
                                           : "Expr(0)";
            std::string bias = fc.getBias() ? operand(fc.getBias()) + "(c)" : "0.0f";
            d << "    RDom " << rdom << "(0, " << fs[1] << ", \"" << rdom << "\");\n"
              << "    {\n      Expr b = " << lin << ";\n"
              << "      " << f << "(" << vars << ") = " << bias << ";\n"
              << "      " << f << "(" << vars << ") += at_linear(" << nameOf(fc.getInput())
              << ", " << sizesInnermostFirst(shapeOf(fc.getInput())) << ", b * " << fs[1]
              << " + " << rdom << ") * " << w << "(c, " << rdom << ");\n    }\n";
            if (fc.getActivation() != Activation::None) {
              std::string g = f + "_act";
              d << "    Func " << g << "(\"" << g << "\");\n"
                << "    " << g << "(" << vars << ") = "
                << activate(f + "(" + vars + ")", fc.getActivation()) << ";\n";
              names[out] = g;
              s << "    " << f << ".compute_root();\n";
            }
            return success();
          })
          .Case<AddOp, SubOp, MulOp, MaximumOp, MinimumOp>([&](auto binary) {
            auto arg = [&](Value v) {
              auto shape = shapeOf(v);
              SmallVector<std::string> idx;
              for (size_t i = 0; i < shape.size(); ++i) // innermost first
                idx.push_back(shape[shape.size() - 1 - i] == 1 ? "0" : kVarNames[i]);
              return operand(v) + "(" + llvm::join(idx, ", ") + ")";
            };
            std::string a = arg(binary.getLhs()), b = arg(binary.getRhs());
            std::string e = llvm::TypeSwitch<Operation *, std::string>(op)
                                .Case([&](AddOp) { return a + " + " + b; })
                                .Case([&](SubOp) { return a + " - " + b; })
                                .Case([&](MulOp) { return a + " * " + b; })
                                .Case([&](MaximumOp) { return "max(" + a + ", " + b + ")"; })
                                .Default([&](Operation *) { return "min(" + a + ", " + b + ")"; });
            d << "    " << f << "(" << vars << ") = " << activate(e, binary.getActivation())
              << ";\n";
            return success();
          })
          .Case([&](ClampOp clamp) {
            d << "    " << f << "(" << vars << ") = clamp(" << call(clamp.getInput(), vars) << ", "
              << floatExpr(clamp.getMin().convertToFloat()) << ", "
              << floatExpr(clamp.getMax().convertToFloat()) << ");\n";
            return success();
          })
          .Case<LogisticOp, TanhOp, HardSwishOp>([&](auto unary) {
            std::string x = call(unary.getInput(), vars);
            std::string e = isa<LogisticOp>(op) ? "1.0f / (1.0f + exp(-" + x + "))"
                            : isa<TanhOp>(op)   ? "tanh(" + x + ")"
                                                : hardSwish(x);
            d << "    " << f << "(" << vars << ") = " << e << ";\n";
            return success();
          })
          .Case<AvgPool2DOp, MaxPool2DOp>([&](auto pool) {
            auto in = shapeOf(pool.getInput());
            auto k = pool.getKernel(), st = pool.getStrides(), p = pool.getPadding();
            bool avg = isa<AvgPool2DOp>(op);
            bool anyPad = llvm::any_of(p, [](int64_t v) { return v; });
            std::string rdom = "r" + f.substr(1);
            std::string x0 = llvm::formatv("x * {0} - {1}", st[1], p[2]).str(),
                        y0 = llvm::formatv("y * {0} - {1}", st[0], p[0]).str();
            d << "    RDom " << rdom << "(0, " << k[1] << ", 0, " << k[0] << ", \"" << rdom
              << "\");\n";
            std::string tap = "(c, " + x0 + " + " + rdom + ".x, " + y0 + " + " + rdom + ".y, n)";
            std::string e;
            if (pool.getIncludePad() || !anyPad) {
              std::string src = padded(pool.getInput(), anyPad);
              e = avg ? llvm::formatv("sum({0}{1}) * {2}", src, tap,
                                      floatExpr(1.0f / static_cast<float>(k[0] * k[1])))
                            .str()
                      : "maximum(" + src + tap + ")";
            } else {
              // Padded taps take no part: the average divides by the taps inside.
              std::string src = "pool_in" + f.substr(1);
              d << "    Func " << src << " = BoundaryConditions::constant_exterior("
                << nameOf(pool.getInput()) << ", " << (avg ? "0.0f" : "-INFINITY")
                << ", {{Expr(), Expr()}, {0, " << in[2] << "}, {0, " << in[1]
                << "}, {Expr(), Expr()}});\n";
              std::string count =
                  llvm::formatv("cast<float>((min({0} + {1}, {2}) - max({0}, 0)) * (min({3} + "
                                "{4}, {5}) - max({3}, 0)))",
                                x0, k[1], in[2], y0, k[0], in[1])
                      .str();
              e = avg ? "sum(" + src + tap + ") / " + count : "maximum(" + src + tap + ")";
            }
            d << "    " << f << "(c, x, y, n) = " << activate(e, pool.getActivation()) << ";\n";
            return success();
          })
          .Case([&](MeanOp mean) {
            auto in = shapeOf(mean.getInput());
            ArrayRef<int64_t> axes = mean.getAxes();
            std::string rdom = "r" + f.substr(1);
            SmallVector<std::string> extents;
            int64_t count = 1;
            for (int64_t a : axes) {
              extents.push_back("0, " + std::to_string(in[a]));
              count *= in[a];
            }
            // Input dim i (MLIR order): the reduction's var when reduced, else the next
            // output var (output dims innermost first: out rank - 1 - MLIR index).
            SmallVector<std::string> idx(in.size());
            size_t o = 0;
            for (size_t i = 0; i < in.size(); ++i) {
              auto pos = llvm::find(axes, static_cast<int64_t>(i));
              if (pos != axes.end()) {
                idx[i] = rdom + "[" + std::to_string(pos - axes.begin()) + "]";
                if (mean.getKeepDims())
                  ++o;
              } else {
                idx[i] = kVarNames[r.size() - 1 - o++];
              }
            }
            std::reverse(idx.begin(), idx.end());
            d << "    RDom " << rdom << "(" << llvm::join(extents, ", ") << ", \"" << rdom
              << "\");\n"
              << "    " << f << "(" << vars << ") = sum(" << call(mean.getInput(), llvm::join(idx, ", "))
              << ") * " << floatExpr(1.0f / static_cast<float>(count)) << ";\n";
            return success();
          })
          .Case([&](SqueezeExciteOp se) -> LogicalResult {
            auto in = shapeOf(se.getInput());                  // [N, H, W, C]
            int64_t rr = shapeOf(se.getSqueeze())[1];          // squeeze [C, R]
            auto sq = constantBuffer(se.getSqueeze(), op);     // Buffer (R, C): sq(r, c)
            auto sb = constantBuffer(se.getSqueezeBias(), op);
            auto ex = constantBuffer(se.getExcite(), op);      // Buffer (C, R): ex(c, r)
            auto eb = constantBuffer(se.getExciteBias(), op);
            if (failed(sq) || failed(sb) || failed(ex) || failed(eb))
              return failure();
            std::string b = f.substr(1), x = nameOf(se.getInput());
            std::string gate = se.getGate() == Gate::HardSigmoid
                                   ? "clamp(v + 3.0f, 0.0f, 6.0f) * (1.0f / 6.0f)"
                                   : "1.0f / (1.0f + exp(-v))";
            d << llvm::formatv(
                "    Func mean{0}(\"mean{0}\"), sq{0}(\"sq{0}\"), gate{0}(\"gate{0}\");\n"
                "    RDom rhw{0}(0, {1}, 0, {2}, \"rhw{0}\"), rc{0}(0, {3}, \"rc{0}\"), "
                "rr{0}(0, {4}, \"rr{0}\");\n"
                "    mean{0}(c, n) = sum({5}(c, rhw{0}.x, rhw{0}.y, n)) * {6};\n"
                "    sq{0}(c, n) = {7}(c);\n"
                "    sq{0}(c, n) += {8}(c, rc{0}) * mean{0}(rc{0}, n);\n"
                "    {{\n      Expr v = {9}(c) + sum({10}(c, rr{0}) * {11});\n"
                "      gate{0}(c, n) = {12};\n    }\n"
                "    {13}(c, x, y, n) = {5}(c, x, y, n) * gate{0}(c, n);\n",
                b, in[2], in[1], in[3], rr, x, floatExpr(1.0f / static_cast<float>(in[1] * in[2])),
                *sb, *sq, *eb, *ex, activate("sq" + b + "(rr" + b + ", n)", se.getActivation()),
                gate, f);
            int64_t vc = vectorFactor(in[3]), vr = vectorFactor(rr);
            s << "    mean" << b << ".compute_root()";
            if (vc)
              s << ".vectorize(c, " << vc << ")";
            s << ";\n    sq" << b << ".compute_root()";
            if (vr)
              s << ".vectorize(c, " << vr << ");\n    sq" << b << ".update().reorder(c, rc" << b
                << ")" << vectorizeUpdate(rr);
            s << ";\n    gate" << b << ".compute_root()" << (vc ? ".vectorize(c, " + std::to_string(vc) + ")" : "")
              << ";\n";
            return success();
          })
          .Case([&](SoftmaxOp softmax) {
            std::string rdom = "r" + f.substr(1);
            std::string outer = r.size() > 1 ? vars.substr(3) : ""; // all but c
            std::string rest = outer.empty() ? "" : ", " + outer;
            d << llvm::formatv(
                "    RDom {0}(0, {1}, \"{0}\");\n"
                "    Func {2}_max(\"{2}_max\"), {2}_exp(\"{2}_exp\"), {2}_sum(\"{2}_sum\");\n"
                "    {2}_max({6}) = maximum({3}({0}{4}));\n"
                "    {2}_exp({5}) = exp(({3}({5}) - {2}_max({6})) * {7});\n"
                "    {2}_sum({6}) = sum({2}_exp({0}{4}));\n"
                "    {2}({5}) = {2}_exp({5}) / {2}_sum({6});\n",
                rdom, r.back(), f, nameOf(softmax.getInput()), rest, vars, outer,
                floatExpr(softmax.getBeta().convertToFloat()));
            s << "    " << f << "_max.compute_root();\n    " << f << "_exp.compute_root();\n    "
              << f << "_sum.compute_root();\n";
            return success();
          })
          .Case([&](PadOp pad) {
            auto in = shapeOf(pad.getInput());
            auto low = pad.getLow();
            SmallVector<std::string> idx, region;
            for (size_t i = 0; i < in.size(); ++i) { // innermost first
              size_t m = in.size() - 1 - i;
              idx.push_back(std::string(kVarNames[i]) +
                            (low[m] ? " - " + std::to_string(low[m]) : ""));
              region.push_back("{0, " + std::to_string(in[m]) + "}");
            }
            d << "    " << f << "(" << vars << ") = BoundaryConditions::constant_exterior("
              << nameOf(pad.getInput()) << ", "
              << floatExpr(pad.getValue().convertToFloat()) << ", {" << llvm::join(region, ", ")
              << "})(" << llvm::join(idx, ", ") << ");\n";
            return success();
          })
          .Case([&](ReshapeOp reshape) {
            d << "    " << f << "(" << vars << ") = at_linear(" << operand(reshape.getInput())
              << ", " << sizesInnermostFirst(shapeOf(reshape.getInput())) << ", linear_index({"
              << vars << "}, " << sizesInnermostFirst(r) << "));\n";
            return success();
          })
          .Case([&](ConcatOp concat) {
            int64_t axis = concat.getAxis();
            const char *v = kVarNames[r.size() - 1 - axis];
            std::string e;
            int64_t start = 0;
            SmallVector<std::string> parts;
            for (Value input : concat.getInputs()) {
              SmallVector<std::string> idx;
              for (size_t i = 0; i < r.size(); ++i)
                idx.push_back(kVarNames[i] == v
                                  ? llvm::formatv("clamp({0} - {1}, 0, {2})", v, start,
                                                  shapeOf(input)[axis] - 1)
                                        .str()
                                  : std::string(kVarNames[i]));
              std::string read = operand(input) + "(" + llvm::join(idx, ", ") + ")";
              start += shapeOf(input)[axis];
              parts.push_back(read);
              if (parts.size() == concat.getInputs().size())
                e += read;
              else
                e += "select(" + std::string(v) + " < " + std::to_string(start) + ", " + read + ", ";
            }
            e += std::string(parts.size() - 1, ')');
            d << "    " << f << "(" << vars << ") = " << e << ";\n";
            return success();
          })
          .Case([&](DepthToSpaceOp d2s) {
            int64_t bs = d2s.getBlockSize(), oc = r[3];
            d << llvm::formatv("    {0}(c, x, y, n) = {1}(((y % {2}) * {2} + x % {2}) * {3} + c, "
                               "x / {2}, y / {2}, n);\n",
                               f, nameOf(d2s.getInput()), bs, oc);
            return success();
          })
          .Case<ResizeBilinearOp, ResizeNearestOp>([&](auto resize) {
            auto in = shapeOf(resize.getInput());
            bool align = resize.getAlignCorners(), half = resize.getHalfPixelCenters();
            auto scale = [&](int64_t inSize, int64_t outSize) {
              float sc = align && outSize > 1
                             ? static_cast<float>(inSize - 1) / static_cast<float>(outSize - 1)
                             : static_cast<float>(inSize) / static_cast<float>(outSize);
              return floatExpr(sc);
            };
            std::string sx = scale(in[2], r[2]), sy = scale(in[1], r[1]);
            std::string src = nameOf(resize.getInput());
            if (isa<ResizeNearestOp>(op)) {
              auto index = [&](const char *v, const std::string &sc, int64_t size) {
                std::string e = std::string("(cast<float>(") + v + ")" + (half ? " + 0.5f" : "") +
                                ") * " + sc;
                // TFLite rounds halves away from zero (Halide's round() to even); src >= 0.
                e = align ? "cast<int>(floor(" + e + " + 0.5f))" : "cast<int>(floor(" + e + "))";
                return "clamp(" + e + ", 0, " + std::to_string(size - 1) + ")";
              };
              d << "    " << f << "(c, x, y, n) = " << src << "(c, " << index("x", sx, in[2])
                << ", " << index("y", sy, in[1]) << ", n);\n";
            } else {
              auto axis = [&](const char *v, const std::string &sc, int64_t size,
                              const std::string &tag) {
                std::string srcPos = half ? "(cast<float>(" + std::string(v) + ") + 0.5f) * " +
                                                sc + " - 0.5f"
                                          : "cast<float>(" + std::string(v) + ") * " + sc;
                d << "      Expr " << tag << "s = " << srcPos << ";\n"
                  << "      Expr " << tag << "lo = max(cast<int>(floor(" << tag << "s)), 0);\n"
                  << "      Expr " << tag << "hi = min(cast<int>(ceil(" << tag << "s)), "
                  << size - 1 << ");\n"
                  << "      Expr " << tag << "f = " << tag << "s - cast<float>(" << tag << "lo);\n";
              };
              d << "    {\n";
              axis("x", sx, in[2], "x");
              axis("y", sy, in[1], "y");
              d << "      " << f << "(c, x, y, n) = (" << src << "(c, xlo, ylo, n) * (1.0f - xf) + "
                << src << "(c, xhi, ylo, n) * xf) * (1.0f - yf) + (" << src
                << "(c, xlo, yhi, n) * (1.0f - xf) + " << src << "(c, xhi, yhi, n) * xf) * yf;\n"
                << "    }\n";
            }
            return success();
          })
          .Default([&](Operation *other) {
            return other->emitError("the Halide backend does not support layer ")
                   << layer << " (" << other->getName() << "; the C++ backend does: --emit=cpp)";
          });
  if (failed(result))
    return failure();
  for (Value v : op->getOperands())
    if (names.lookup(v).empty())
      return op->emitError("the Halide backend could not read an operand of this op");
  if (auto group = op->getAttrOfType<IntegerAttr>(kRowGroupAttr)) {
    groups[group.getInt()].push_back(op);
    if (op->hasAttr(kScratchBytesAttr)) // the block's last op: its members are all here
      scheduleGroup(group.getInt());
    return success();
  }
  if (!isa<ReshapeOp>(op))
    scheduleRoot(op, names[out]);
  return success();
}

/// The register tile of a packed convolution `f` computed at some loop: NR channels (the
/// packing's block; RoundUp, the weights are zero-padded to whole blocks) by MR pixels of a row.
void Emitter::scheduleConvTile(PackedConv2DOp conv, const std::string &f, const std::string &acc,
                               const std::string &rdom) {
  auto r = shapeOf(conv.getResult());
  int64_t nr = shapeOf(conv.getFilter())[2];
  int64_t mr = std::min<int64_t>(options.target->gemmTilePixels(static_cast<int>(nr / V), r[2]), r[2]);
  bool window = conv.getKernel()[0] != 1 || conv.getKernel()[1] != 1;
  s << "    " << f << ".split(c, co, ci, " << nr << ", TailStrategy::RoundUp).split(x, xo, xi, "
    << mr << ").reorder(ci, xi, co, xo).vectorize(ci).unroll(xi);\n"
    << "    " << acc << ".compute_at(" << f << ", co).vectorize(c, " << nr << ").unroll(x, " << mr
    << ");\n"
    << "    " << acc << ".update().reorder(c, x, " << rdom << ".x"
    << (window ? ", " + rdom + ".y, " + rdom + ".z" : "") << ").vectorize(c, " << nr
    << ").unroll(x, " << mr << ");\n";
}

void Emitter::scheduleRoot(Operation *op, const std::string &f) {
  auto r = shapeOf(op->getResult(0));
  s << "    // " << op->getName().stripDialect() << " '" << tensorName(op) << "'\n";
  if (auto conv = dyn_cast<PackedConv2DOp>(op)) {
    const Conv &c = convs[op];
    s << "    " << c.f << ".compute_root();\n";
    scheduleConvTile(conv, c.f, c.acc, c.rdom);
    if (parallelWorthy(op))
      s << "    " << c.f << ".parallel(y);\n";
    return;
  }
  s << "    " << f << ".compute_root()";
  if (int64_t vf = r.empty() ? 0 : vectorFactor(r.back()))
    s << ".vectorize(c, " << vf << ")";
  if (r.size() >= 3 && parallelWorthy(op))
    s << ".parallel(" << kVarNames[r.size() - 2] << ")";
  s << ";\n";
  if (auto fc = dyn_cast<FullyConnectedOp>(op)) {
    std::string raw = fc.getActivation() != Activation::None ? f.substr(0, f.size() - 4) : f;
    int64_t vf = vectorFactor(r.back());
    if (raw != f)
      s << "    " << raw << (vf ? ".vectorize(c, " + std::to_string(vf) + ")" : "") << ";\n";
    s << "    " << raw << ".update().reorder(" << varList(r.size()).substr(0, 1) << ", r"
      << raw.substr(1) << ")" << vectorizeUpdate(r.back()) << ";\n";
  }
}

/// A fused block: its leader (the last projection) in bands of rows, the rest at its row loop.
void Emitter::scheduleGroup(int64_t group) {
  SmallVector<Operation *> &ops = groups[group];
  Operation *leader = ops.back();
  auto lead = cast<PackedConv2DOp>(leader);
  const Conv &lc = convs[leader];
  auto r = shapeOf(lead.getResult());
  int64_t bands = 1;
  if (auto tasks = leader->getAttrOfType<IntegerAttr>(kTasksAttr))
    bands = std::max<int64_t>(1, tasks.getInt());
  int64_t band = (r[1] + bands - 1) / bands;
  s << "    // fused block " << group << " (" << ops.size() << " ops) row by row, "
    << (bands > 1 ? std::to_string(bands) + " bands of " + std::to_string(band) + " rows"
                  : std::string("one band"))
    << "\n    " << lc.f << ".compute_root();\n";
  scheduleConvTile(lead, lc.f, lc.acc, lc.rdom);
  std::string rowLoop = "y", bandLoop = "n";
  if (bands > 1) {
    s << "    " << lc.f << ".split(y, yb, yi, " << band << ").reorder(xo, yi, yb).parallel(yb);\n";
    rowLoop = "yi";
    bandLoop = "yb";
  }
  // Rows of each member one row of the leader needs (a depthwise reads KH rows at stride s).
  int64_t rows = 1;
  for (size_t i = ops.size() - 1; i-- > 0;) {
    Operation *op = ops[i];
    Operation *consumer = ops[i + 1];
    if (auto dw = dyn_cast<DepthwiseConv2DOp>(consumer)) {
      int64_t kh = shapeOf(dw.getFilter())[1];
      rows = (rows - 1) * dw.getStrides()[0] + (kh - 1) * dw.getDilations()[0] + 1;
    }
    std::string f = names[op->getResult(0)];
    s << "    " << f;
    if (isa<DepthwiseConv2DOp>(consumer))
      s << ".store_at(" << lc.f << ", " << bandLoop << ")";
    s << ".compute_at(" << lc.f << ", " << rowLoop << ")";
    if (isa<DepthwiseConv2DOp>(consumer))
      s << ".fold_storage(y, " << llvm::PowerOf2Ceil(rows) << ")";
    if (isa<DepthwiseConv2DOp>(op)) {
      if (int64_t vf = vectorFactor(shapeOf(op->getResult(0)).back()))
        s << ".vectorize(c, " << vf << ")";
    }
    s << ";\n";
    if (auto conv = dyn_cast<PackedConv2DOp>(op))
      scheduleConvTile(conv, convs[op].f, convs[op].acc, convs[op].rdom);
  }
}

LogicalResult Emitter::emit(raw_ostream &os, std::string &weights) {
  auto inputs = func.getArgumentTypes();
  Operation *terminator = func.getBody().front().getTerminator();
  // Inputs: a Func over each Input buffer.
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    std::string name = "in" + std::to_string(i);
    d << "    Func " << name << "(\"" << name << "\");\n    " << name << "(_) = input" << i
      << "(_);\n";
    names[arg] = name;
  }
  for (Operation &op : func.getBody().front().without_terminator())
    if (failed(emitOp(&op)))
      return failure();
  // Outputs copy their tensor's Func (a constant or input as well).
  for (auto [i, v] : llvm::enumerate(terminator->getOperands())) {
    std::string src = nameOf(v);
    if (src.empty()) {
      auto buffer = constantBuffer(v, terminator);
      if (failed(buffer))
        return failure();
      src = *buffer;
    }
    auto r = shapeOf(v);
    d << "    output" << i << "(" << varList(r.size()) << ") = " << src << "("
      << varList(r.size()) << ");\n";
    s << "    output" << i;
    if (int64_t vf = r.empty() ? 0 : vectorFactor(r.back()))
      s << ".vectorize(c, " << vf << ")";
    s << ";\n";
  }

  // The generator.
  std::string cls = "MNet_" + options.name;
  os << "// Halide 14 generator of '" << commentText(options.modelName) << "', emitted by mnetc for "
     << options.target->name << " (Halide target " << halideTargetString(*options.target)
     << ").\n"
     << "// Build: scripts/halide-build.sh (or mnet_add_halide_model in CMake). The weights are\n"
     << "// read from the file the `weights` parameter names and embedded in the pipeline.\n"
     << "#include \"Halide.h\"\n\n#include <cmath>\n#include <cstdio>\n#include <cstdlib>\n"
     << "#include <cstring>\n#include <string>\n#include <vector>\n\n"
     << "using namespace Halide;\n\nnamespace {\n\n"
     << "std::vector<float> read_weights(const std::string& path, size_t floats) {\n"
     << "  std::vector<float> data(floats);\n"
     << "  FILE* f = std::fopen(path.c_str(), \"rb\");\n"
     << "  if (!f) { std::fprintf(stderr, \"error: cannot open weights '%s'\\n\", path.c_str()); "
        "std::exit(1); }\n"
     << "  size_t got = floats ? std::fread(data.data(), sizeof(float), floats, f) : 0;\n"
     << "  bool extra = std::fgetc(f) != EOF;\n  std::fclose(f);\n"
     << "  if (got != floats || extra) {\n"
     << "    std::fprintf(stderr, \"error: weights '%s' should hold %zu floats\\n\", path.c_str(), "
        "floats);\n"
     << "    std::exit(1);\n  }\n  return data;\n}\n\n"
     << "// A constant: `sizes` floats (innermost first) at `offset` in the weights, copied.\n"
     << "Buffer<float> weights_buffer(const std::vector<float>& blob, size_t offset,\n"
     << "                             const std::vector<int>& sizes, const char* name) {\n"
     << "  Buffer<float> b(sizes, name);\n"
     << "  if (b.number_of_elements())\n"
     << "    std::memcpy(b.data(), blob.data() + offset, b.number_of_elements() * sizeof(float));\n"
     << "  return b;\n}\n\n"
     << "// Row-major index of (vars, innermost first) in a tensor of `sizes` (innermost first).\n"
     << "Expr linear_index(const std::vector<Var>& vars, const std::vector<int>& sizes) {\n"
     << "  Expr i = 0;\n"
     << "  for (size_t k = vars.size(); k-- > 0;) i = i * sizes[k] + vars[k];\n"
     << "  return i;\n}\n\n"
     << "// Element `i` (row-major) of f, a tensor of `sizes` (innermost first).\n"
     << "Expr at_linear(Func f, const std::vector<int>& sizes, Expr i) {\n"
     << "  std::vector<Expr> args;\n"
     << "  for (int s : sizes) { args.push_back(i % s); i = i / s; }\n"
     << "  return f(args);\n}\n\n"
     << "Expr hard_swish(Expr v) { return v * clamp(v + 3.0f, 0.0f, 6.0f) * (1.0f / 6.0f); }\n\n"
     << "class " << cls << " : public Generator<" << cls << "> {\npublic:\n"
     << "  GeneratorParam<std::string> weights{\"weights\", \"" << commentText(options.weightsPath)
     << "\"};\n";
  for (auto [i, type] : llvm::enumerate(inputs))
    os << "  Input<Buffer<float, " << cast<RankedTensorType>(type).getRank() << ">> input" << i
       << "{\"input" << i << "\"};\n";
  for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
    os << "  Output<Buffer<float, " << cast<RankedTensorType>(type).getRank() << ">> output"
       << i << "{\"output" << i << "\"};\n";
  os << "\n  void generate() {\n"
     << "    Var c(\"c\"), x(\"x\"), y(\"y\"), n(\"n\"), d4(\"d4\"), d5(\"d5\");\n"
     << "    Var co(\"co\"), ci(\"ci\"), xo(\"xo\"), xi(\"xi\"), yb(\"yb\"), yi(\"yi\");\n"
     << "    const std::vector<float> blob = read_weights(weights, " << blob.size() / 4 << ");\n"
     << defs << "\n    // Dense NHWC buffers of the model's exact shapes.\n";
  auto bounds = [&](const std::string &name, ArrayRef<int64_t> shape) {
    int64_t stride = 1;
    SmallVector<std::string> estimates;
    for (size_t i = 0; i < shape.size(); ++i) {
      int64_t extent = shape[shape.size() - 1 - i];
      os << "    " << name << ".dim(" << i << ").set_bounds(0, " << extent << ").set_stride("
         << stride << ");\n";
      stride *= extent;
      estimates.push_back("{0, " + std::to_string(extent) + "}");
    }
    os << "    " << name << ".set_estimates({" << llvm::join(estimates, ", ") << "});\n";
  };
  for (auto [i, type] : llvm::enumerate(inputs))
    bounds("input" + std::to_string(i), cast<RankedTensorType>(type).getShape());
  for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
    bounds("output" + std::to_string(i), cast<RankedTensorType>(type).getShape());
  os << "\n    if (!auto_schedule) {\n"
     << "      // mnetc's schedule (see the banner of codegen/halide/HalideEmitter.cpp).\n"
     << sched << "    }\n  }\n};\n\n}  // namespace\n\nHALIDE_REGISTER_GENERATOR(" << cls << ", "
     << options.name << ")\n";
  weights = std::move(blob);
  return success();
}

} // namespace

LogicalResult emitHalide(ModuleOp module, const HalideEmitOptions &options,
                         raw_ostream &generator, std::string &weights) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError("no @main function");
  Emitter emitter(func, options);
  return emitter.emit(generator, weights);
}

} // namespace mnetc

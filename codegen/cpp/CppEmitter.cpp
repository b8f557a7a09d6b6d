//===- CppEmitter.cpp - scheduled mnet IR to standalone C++ --------------===//
//
// One entry function per model; every tensor lives in the caller's input, output or arena
// buffers at offsets mnet-plan-memory chose; weights are aligned `const` arrays written as
// hexadecimal float literals, so they round-trip bit-exactly.
//
//===----------------------------------------------------------------------===//
#include "codegen/cpp/CppEmitter.h"

#include "dialects/mnet/IR/MNetOps.h"
#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

using namespace mlir;
using namespace mlir::mnet;

namespace mnetc {
namespace {

#include "codegen/cpp/RuntimeSource.inc"

/// The layout mnet-pack-weights gives packed weights and the kernels read. Part of a weights
/// blob's fingerprint (--weights=separate): bump it when a packing changes without changing
/// the packed shapes.
constexpr int kPackingRevision = 2;

constexpr int kMaxRank = 6; // mnet::kMaxRank in the runtime

std::string floatLiteral(float value) {
  if (std::isnan(value))
    return "NAN";
  if (std::isinf(value))
    return value < 0 ? "-INFINITY" : "INFINITY";
  char text[32];
  std::snprintf(text, sizeof(text), "%af", static_cast<double>(value));
  return text;
}

ArrayRef<int64_t> shapeOf(Value v) { return cast<RankedTensorType>(v.getType()).getShape(); }
int64_t elementsOf(Value v) { return cast<RankedTensorType>(v.getType()).getNumElements(); }

std::string shapeText(ArrayRef<int64_t> shape) {
  return "[" + llvm::join(llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }), ",") +
         "]";
}

/// A fixed-size C array initializer of kMaxRank entries.
template <typename T>
std::string rankArray(ArrayRef<T> values, T fill) {
  std::string s = "{";
  for (int i = 0; i < kMaxRank; ++i)
    s += (i ? ", " : "") + std::to_string(i < static_cast<int>(values.size()) ? values[i] : fill);
  return s + "}";
}

/// `text` (a tensor or file name, which the model's author chose) for a // or /* */ comment:
/// printable ASCII stays, a backslash and every other byte become \\ and \xNN, and "*/" is
/// broken up, so that no name can end the comment or start a line of code.
std::string commentText(StringRef text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c == '\\')
      out += "\\\\";
    else if (c == '*' && i + 1 < text.size() && text[i + 1] == '/')
      out += "*\\";  // "*/" -> "*\/"
    else if (llvm::isPrint(c))
      out += static_cast<char>(c);
    else
      out += "\\x" + llvm::utohexstr(c, /*LowerCase=*/false, /*Width=*/2);
  }
  return out;
}

/// `text` as the body of a C string literal with the same bytes: quotes, backslashes and
/// question marks (C's trigraphs) escaped, other non-printable bytes as 3-digit octal escapes
/// (a hex escape would swallow a following hex digit).
std::string stringLiteralBody(StringRef text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (llvm::isPrint(c)) {
      out += static_cast<char>(c);
    } else {
      out += '\\';
      for (int shift = 6; shift >= 0; shift -= 3)
        out += static_cast<char>('0' + ((c >> shift) & 7));
    }
  }
  return out;
}

/// The op's tensor name, ready for a comment.
std::string tensorName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return commentText(name.getName());
  return "";
}

/// Row-major element strides of `operand` broadcast to `out` (0 along broadcast dims).
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> operand, ArrayRef<int64_t> out) {
  SmallVector<int64_t> strides(out.size(), 0);
  int64_t stride = 1;
  size_t offset = out.size() - operand.size();
  for (size_t i = operand.size(); i-- > 0;) {
    strides[i + offset] = operand[i] == 1 ? 0 : stride;
    stride *= operand[i];
  }
  return strides;
}

/// FNV-1a over bytes: the fingerprint of a weights layout's description.
uint64_t fnv1a(StringRef bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes)
    h = (h ^ c) * 0x100000001b3ull;
  return h;
}

/// The blob's checksum: FNV-1a's step over little-endian 64-bit words (the data is a whole
/// number of words); the generated weights check computes the same.
uint64_t wordChecksum(StringRef bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    uint64_t word = 0;
    for (int b = 7; b >= 0; --b)
      word = word << 8 | static_cast<unsigned char>(bytes[i + b]);
    h = (h ^ word) * 0x100000001b3ull;
  }
  return h;
}

void appendLE(std::string &out, uint64_t value, int bytes) {
  for (int b = 0; b < bytes; ++b)
    out += static_cast<char>((value >> (8 * b)) & 0xff);
}

class Emitter {
public:
  Emitter(func::FuncOp func, const CppEmitOptions &options) : func(func), options(options) {}
  LogicalResult emit(raw_ostream &header, raw_ostream &source, raw_ostream *weightsOut);

private:
  LogicalResult assignStorage();
  void emitHeader(raw_ostream &os);
  void emitWeights(raw_ostream &os);
  void layoutWeights();
  void emitWeightsBlob(raw_ostream &os);
  void emitWeightsCheck(raw_ostream &os);
  LogicalResult emitOp(Operation *op, raw_ostream &os);
  std::string act(Activation activation) {
    auto [lo, hi] = activationRange(activation);
    return floatLiteral(lo) + ", " + floatLiteral(hi);
  }
  std::string prefixUpper() const { return llvm::StringRef(options.prefix).upper(); }
  // Pieces of a packed convolution's call; `in`/`out` may describe part of its tensors (one
  // row of a fused block), `padTop` overrides the top padding.
  std::string convParams(PackedConv2DOp conv, ArrayRef<int64_t> in, ArrayRef<int64_t> out,
                         int64_t padTop);
  /// The clamp after a fused residual add (none without one).
  std::string residualClamp(PackedConv2DOp conv) {
    return act(conv.getResidualActivation().value_or(Activation::None));
  }
  std::string igemmKernel(PackedConv2DOp conv, int64_t pixels);
  std::string depthwiseParams(DepthwiseConv2DOp conv);
  LogicalResult emitFusedBlock(PackedConv2DOp project, raw_ostream &os);
  std::string operandOrNull(Value v) { return v ? expr[v] : "nullptr"; }
  /// A kernel call that takes (task, tasks) as its last arguments: `call` + ")" when `op`
  /// runs in one task, else a body run through the application's parallel-for.
  std::string inTasks(Operation *op, const std::string &call) {
    int64_t tasks =
        layerTasks(multiplyAccumulates(op), options.tasks, options.target->minTaskMacs);
    if (tasks <= 1)
      return "    " + call + ");\n";
    std::string n = std::to_string(tasks);
    return "    auto body = [&](int task) { " + call + ", task, " + n + "); };\n" +
           "    mnet::run_tasks(par, " + n + ", body);\n";
  }

  func::FuncOp func;
  const CppEmitOptions &options;
  llvm::DenseMap<Value, std::string> expr; // C++ expression of each value's float pointer
  SmallVector<ConstOp> weights;
  // --weights=separate: each weight's byte offset in the blob, the blob's size and the
  // fingerprint of its layout (what the code assumes of the blob).
  SmallVector<int64_t> weightOffsets;
  int64_t weightsBytes = 0;
  uint64_t weightsLayout = 0;
  int64_t arenaSize = 0, arenaAlignment = 0;
  int64_t arenaTensors = 0;
};

LogicalResult Emitter::assignStorage() {
  auto size = func->getAttrOfType<IntegerAttr>(kArenaSizeAttr);
  auto alignment = func->getAttrOfType<IntegerAttr>(kArenaAlignmentAttr);
  if (!size || !alignment)
    return func.emitError("C++ emission needs a planned function (run mnet-plan-memory)");
  arenaSize = size.getInt();
  arenaAlignment = alignment.getInt();

  for (BlockArgument arg : func.getArguments())
    expr[arg] = "input" + std::to_string(arg.getArgNumber());
  Operation *terminator = func.getBody().front().getTerminator();
  for (Operation &op : func.getBody().front()) {
    if (&op == terminator)
      break;
    if (auto conv = dyn_cast<PackedConv2DOp>(op))
      if (std::optional<int64_t> w = conv.getKPairs(); w && *w != options.target->vectorWidth)
        return conv.emitOpError() << "has weights in the k-pair layout for vectors of " << *w
                                  << " floats; target " << options.target->name << " has "
                                  << options.target->vectorWidth;
    if (auto constant = dyn_cast<ConstOp>(op)) {
      if (constant.use_empty())
        continue;
      Type element = cast<RankedTensorType>(constant.getType()).getElementType();
      bool halfForDequantize = element.isF16() && llvm::all_of(constant->getUsers(), [](Operation *user) {
        return isa<DequantizeOp>(user);
      });
      if (!element.isF32() && !halfForDequantize)
        return op.emitError("only float32 constants (and float16 ones widened by mnet.dequantize) "
                            "can be used at run time");
      expr[constant] = "w" + std::to_string(weights.size());
      weights.push_back(constant);
      continue;
    }
    if (auto reshape = dyn_cast<ReshapeOp>(op)) {
      std::string input = expr[reshape.getInput()]; // (a copy: inserting may rehash the map)
      expr[reshape] = input;
      continue;
    }
    if (op.hasAttr(kRowGroupAttr) && !op.hasAttr(kScratchBytesAttr))
      continue; // lives only row by row inside its fused block
    Value result = op.getResult(0);
    if (op.hasAttr(kInPlaceAttr)) {
      std::string input = expr[op.getOperand(0)];
      expr[result] = input;
      continue;
    }
    if (op.hasAttr(kArenaOffsetAttr)) {
      expr[result] = "t" + std::to_string(arenaTensors++);
      continue;
    }
    auto uses = terminator->getOpOperands();
    auto it = llvm::find_if(uses, [&](OpOperand &use) { return use.get() == result; });
    if (it == uses.end())
      return op.emitError("result has no arena offset and is not a model output");
    expr[result] = "output" + std::to_string(it->getOperandNumber());
  }
  return success();
}

void Emitter::emitHeader(raw_ostream &os) {
  std::string guard = prefixUpper() + "_H_";
  std::string P = prefixUpper();
  os << "/* Generated by mnetc " << MNET_VERSION_STRING << " from '" << commentText(options.modelName)
     << "' for target " << options.target->name << ". Do not edit. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "/* Scratch memory the caller provides to every " << options.prefix
     << "_run call: exact size in bytes and alignment. */\n"
     << "#define " << P << "_ARENA_SIZE " << arenaSize << "u\n"
     << "#define " << P << "_ARENA_ALIGNMENT " << arenaAlignment << "u\n\n"
     << "/* Parallel tasks each heavy layer is split into (mnetc --num-threads). */\n"
     << "#define " << P << "_TASKS " << options.tasks << "\n\n"
     << "#define " << P << "_NUM_INPUTS " << func.getNumArguments() << "\n"
     << "#define " << P << "_NUM_OUTPUTS " << func.getNumResults() << "\n";
  auto describe = [&](StringRef kind, unsigned index, Type type, DictionaryAttr attrs) {
    auto tensor = cast<RankedTensorType>(type);
    auto name = attrs ? attrs.getAs<StringAttr>(kTensorNameAttr) : StringAttr();
    std::string K = (kind.upper() + std::to_string(index));
    StringRef text = name ? name.getValue() : "";
    os << "\n/* " << kind << " " << index << ": '" << commentText(text) << "', float32 "
       << shapeText(tensor.getShape()) << " (NHWC) */\n";
    os << "#define " << P << "_" << K << "_NAME \"" << stringLiteralBody(text) << "\"\n";
    os << "#define " << P << "_" << K << "_RANK " << tensor.getRank() << "\n";
    os << "#define " << P << "_" << K << "_SHAPE {"
       << llvm::join(llvm::map_range(tensor.getShape(), [](int64_t d) { return std::to_string(d); }),
                     ", ")
       << "}\n";
    os << "#define " << P << "_" << K << "_SIZE " << tensor.getNumElements() << "u\n";
    os << "#define " << P << "_" << K << "_BYTES " << tensor.getNumElements() * 4 << "u\n";
  };
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    describe("input", i, func.getArgumentTypes()[i], func.getArgAttrDict(i));
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    describe("output", i, func.getResultTypes()[i], func.getResultAttrDict(i));

  std::string buffers;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    buffers += "const float* input" + std::to_string(i) + ", ";
  for (unsigned i = 0; i < func.getNumResults(); ++i)
    buffers += "float* output" + std::to_string(i) + ", ";
  bool separate = options.separateWeights;
  std::string arena = separate ? "void* arena, const void* weights" : "void* arena";
  if (separate)
    os << "\n/* Weights are not in the code: every call is given the blob mnetc wrote beside\n"
       << "   it (" << P << "_WEIGHTS_SIZE bytes, loaded at an address aligned to "
       << P << "_WEIGHTS_ALIGNMENT).\n"
       << "   A blob from a later compile of a model with the same layout (the same\n"
       << "   architecture retrained) fits this code; " << P
       << "_WEIGHTS_LAYOUT identifies the layout. */\n"
       << "#define " << P << "_WEIGHTS_SIZE " << weightsBytes << "u\n"
       << "#define " << P << "_WEIGHTS_ALIGNMENT " << arenaAlignment << "u\n"
       << "#define " << P << "_WEIGHTS_LAYOUT " << llvm::format("0x%016llxull", weightsLayout)
       << "\n\n#include <stddef.h>\n";
  os << "\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/* Runs the model. Inputs and outputs are float32 NHWC buffers of the sizes above;\n"
     << "   `arena` is " << P << "_ARENA_SIZE bytes aligned to " << P << "_ARENA_ALIGNMENT.\n"
     << "   Outputs must not overlap inputs or the arena. Reentrant: concurrent calls need\n"
     << "   their own arenas and outputs. No heap, no globals written. Returns 0 on success,\n"
     << "   1 if a pointer is null, 2 if the arena is misaligned"
     << (separate ? " (or the weights),\n   3-6 if the header of `weights` says it is not a "
                    "blob for this code (see below; run\n   does not know the blob's size: check a "
                    "blob once with _check_weights when it is loaded). */\n"
                  : ". */\n")
     << "int " << options.prefix << "_run(" << buffers << arena << ");\n\n";
  if (separate)
    os << "/* Checks a weights blob of `size` bytes once, when it is loaded: 0 if it fits this\n"
       << "   code; 1 null, 2 misaligned, 3 not an mnetc weights blob, 4 another format\n"
       << "   version, 5 made for other code (another alignment or layout: recompile), 6 wrong\n"
       << "   size (truncated), 7 corrupted (checksum). */\n"
       << "int " << options.prefix << "_check_weights(const void* weights, size_t size);\n\n";
  os
     << "#ifndef MNET_PARALLEL_FOR_FN_DEFINED\n#define MNET_PARALLEL_FOR_FN_DEFINED\n"
     << "/* An application's parallel-for: runs task(context, i) for every i in [0, count), on\n"
     << "   any threads, and returns when all have finished (mnet/thread_pool.h has one). */\n"
     << "typedef void (*mnet_parallel_for_fn)(void* pool, int count,\n"
     << "                                     void (*task)(void* context, int index),\n"
     << "                                     void* context);\n#endif\n\n"
     << "/* The same, with each heavy layer split into " << P << "_TASKS tasks that\n"
     << "   parallel_for(pool, ...) runs (one after another if parallel_for is null). */\n"
     << "int " << options.prefix << "_run_parallel(" << buffers << arena << ",\n"
     << "    mnet_parallel_for_fn parallel_for, void* pool);\n\n"
     << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
}

void Emitter::emitWeights(raw_ostream &os) {
  // The row of zeros padded convolution taps read (runtime simd/igemm.h).
  int64_t zeros = 0;
  func.walk([&](PackedConv2DOp conv) {
    if (conv.isPadded())
      zeros = std::max(zeros, shapeOf(conv.getInput())[3]);
  });
  if (zeros > 0)
    os << "// ---- zeros that padded convolution taps read\n"
       << "alignas(" << arenaAlignment << ") const float kZeros[" << zeros << "] = {};\n\n";
  if (options.separateWeights)
    return emitWeightsCheck(os);
  os << "// ---- weights (bit-exact copies of the model's buffers)\n";
  for (auto [i, constant] : llvm::enumerate(weights)) {
    auto values = cast<DenseElementsAttr>(constant.getValue());
    bool half = values.getElementType().isF16();
    os << "// '" << tensorName(constant) << "' " << shapeText(shapeOf(constant))
       << (half ? " float16 bits, widened at run time" : "") << "\n";
    os << "alignas(" << arenaAlignment << ") const " << (half ? "uint16_t" : "float") << " w" << i
       << "[" << values.getNumElements() << "] = {";
    int64_t n = 0;
    for (const APFloat &v : values.getValues<APFloat>()) {
      os << (n % (half ? 12 : 8) == 0 ? "\n    " : " ");
      if (half)
        os << llvm::format("0x%04x", static_cast<unsigned>(v.bitcastToAPInt().getZExtValue()));
      else
        os << floatLiteral(v.convertToFloat());
      os << ",";
      ++n;
    }
    os << "\n};\n";
  }
}

void Emitter::layoutWeights() {
  // Each weight at an offset aligned like the arena, after the header. The fingerprint covers
  // everything the code assumes of the blob and nothing of its values: the format; how weights
  // are packed and read (kPackingRevision, and the runtime kernels' text, which read them); the
  // target; and each weight's type, shape, offset and readers (layer index, operand), so that
  // a blob whose equal weights were merged differently is refused, not bound to other layers.
  std::string layout = llvm::formatv(
      "mnetc-weights {0} {1} packing {2} runtime {3:x} {4} align {5}", kWeightsFormatVersion,
      MNET_VERSION_STRING, kPackingRevision, fnv1a(kRuntimeSource), options.target->name,
      arenaAlignment);
  llvm::DenseMap<Operation *, int64_t> layerIndex; // as in mnetc --report
  for (Operation &op : func.getBody().front())
    if (isLayer(op))
      layerIndex[&op] = static_cast<int64_t>(layerIndex.size());
  int64_t offset = kWeightsHeaderBytes;
  for (ConstOp constant : weights) {
    auto type = cast<RankedTensorType>(constant.getType());
    offset = llvm::alignTo(offset, arenaAlignment);
    weightOffsets.push_back(offset);
    layout += llvm::formatv(";{0}{1}@{2}", type.getElementType().isF16() ? "f16" : "f32",
                            shapeText(type.getShape()), offset);
    for (OpOperand &use : constant->getUses())
      layout += llvm::formatv(" L{0}.{1}", layerIndex.lookup(use.getOwner()),
                              use.getOperandNumber());
    offset += type.getNumElements() * (type.getElementType().isF16() ? 2 : 4);
  }
  weightsBytes = llvm::alignTo(offset, std::max<int64_t>(arenaAlignment, 8));
  weightsLayout = fnv1a(layout);
}

void Emitter::emitWeightsBlob(raw_ostream &os) {
  std::string data(weightsBytes - kWeightsHeaderBytes, '\0');
  for (auto [constant, offset] : llvm::zip(weights, weightOffsets)) {
    auto values = cast<DenseElementsAttr>(constant.getValue());
    std::string bytes;
    int width = values.getElementType().isF16() ? 2 : 4;
    for (const APFloat &v : values.getValues<APFloat>())
      appendLE(bytes, v.bitcastToAPInt().getZExtValue(), width);
    data.replace(offset - kWeightsHeaderBytes, bytes.size(), bytes);
  }
  std::string header(kWeightsMagic, sizeof(kWeightsMagic));
  appendLE(header, kWeightsFormatVersion, 4);
  appendLE(header, static_cast<uint64_t>(arenaAlignment), 4);
  appendLE(header, weightsLayout, 8);
  appendLE(header, static_cast<uint64_t>(weightsBytes), 8);
  appendLE(header, wordChecksum(data), 8);
  header.resize(kWeightsHeaderBytes, '\0');
  os << header << data;
}

void Emitter::emitWeightsCheck(raw_ostream &os) {
  // run() checks the header (a blob for other code must not run); check_weights() also the
  // size and the checksum over the data, once, when the application loads the blob.
  os << "// ---- weights: in the blob the application passes (docs/weights-format.md)\n"
     << "constexpr std::uint64_t kWeightsLayout = " << llvm::format("0x%016llx", weightsLayout)
     << "ull;\n"
     << "constexpr std::size_t kWeightsSize = " << weightsBytes << ";\n\n"
     << "std::uint64_t load_le64(const unsigned char* p) {\n"
     << "  std::uint64_t v = 0;\n"
     << "  for (int b = 7; b >= 0; --b) v = v << 8 | p[b];\n"
     << "  return v;\n}\n\n"
     << "// 0, or 3 (not an mnetc weights blob), 4 (another format version), 5 (another\n"
     << "// alignment or layout: made for other code), 6 (another size in the header).\n"
     << "int weights_header_status(const unsigned char* w) {\n"
     << "  static constexpr unsigned char kMagic[8] = {";
  for (size_t i = 0; i < sizeof(kWeightsMagic); ++i)
    os << (i ? ", " : "") << static_cast<int>(kWeightsMagic[i]);
  os << "};\n"
     << "  if (std::memcmp(w, kMagic, sizeof(kMagic)) != 0) return 3;\n"
     << "  if ((load_le64(w + 8) & 0xffffffffu) != " << kWeightsFormatVersion << ") return 4;\n"
     << "  if (load_le64(w + 8) >> 32 != " << arenaAlignment << ") return 5;\n"
     << "  if (load_le64(w + 16) != kWeightsLayout) return 5;\n"
     << "  if (load_le64(w + 24) != kWeightsSize) return 6;\n"
     << "  return 0;\n}\n";
}

std::string Emitter::convParams(PackedConv2DOp conv, ArrayRef<int64_t> in,
                                ArrayRef<int64_t> out, int64_t padTop) {
  auto k = conv.getKernel(), s = conv.getStrides(), d = conv.getDilations();
  return llvm::formatv("{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, "
                       "{13}, {14}, {15}}",
                       in[0], in[1], in[2], in[3], out[1], out[2], out[3], k[0], k[1], s[0], s[1],
                       d[0], d[1], padTop, conv.getPadding()[2], act(conv.getActivation()))
      .str();
}

std::string Emitter::igemmKernel(PackedConv2DOp conv, int64_t pixels) {
  int vectors = static_cast<int>(shapeOf(conv.getFilter())[2] / options.target->vectorWidth);
  // Fewer pixels than a tile (squeeze-excite, the classifier): one tile of them all.
  int tilePixels = options.target->gemmTilePixels(vectors, pixels);
  StringRef epilogue = conv.getResidual()   ? "kResidualAdd"
                       : conv.getHardSwish() ? "kHardSwish"
                                             : "kClamp";
  // The distance between neighbouring pixels' windows, for tiles with evenly spaced rows.
  int64_t step = conv.getStrides()[1] * shapeOf(conv.getInput())[3];
  return llvm::formatv("mnet::conv2d_igemm_f32<{0}, {1}, {2}, mnet::Epilogue::{3}, {4}{5}>",
                       options.target->simdLayer, tilePixels, vectors, epilogue, step,
                       conv.getKPairs() ? ", true" : "")
      .str();
}

std::string Emitter::depthwiseParams(DepthwiseConv2DOp conv) {
  auto in = shapeOf(conv.getInput()), f = shapeOf(conv.getFilter());
  auto r = shapeOf(conv.getResult());
  auto s = conv.getStrides(), d = conv.getDilations(), p = conv.getPadding();
  return llvm::formatv("{{{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, "
                       "{13}, {14}, {15}, {16}}",
                       in[0], in[1], in[2], in[3], r[1], r[2], conv.getDepthMultiplier(), f[1],
                       f[2], s[0], s[1], d[0], d[1], p[0], p[2], act(conv.getActivation()),
                       conv.getHardSwish() ? "true" : "false")
      .str();
}

/// A block mnet-fuse-rows marked, computed one output row at a time: one stage
/// [expand ->] depthwise -> project, or a chain of them where each stage's expansion is the
/// projection of the stage before. A stage is a function of one output row: it pulls the input
/// rows its depthwise window needs into a ring of KH rows (from the expansion, from the stage
/// before, or straight from its input tensor when it has neither), runs the depthwise into its
/// row buffer and projects that row at once. The output rows are split into `tasks` bands, each
/// with its own rings and rows (the scratch holds one set per task); a band recomputes the few
/// rows each stage shares with the band above.
LogicalResult Emitter::emitFusedBlock(PackedConv2DOp project, raw_ostream &os) {
  Attribute group = project->getAttr(kRowGroupAttr);
  auto inBlock = [&](Operation *op) { return op && op->getAttr(kRowGroupAttr) == group; };
  struct Stage {
    DepthwiseConv2DOp dw;
    PackedConv2DOp project;
  };
  SmallVector<Stage> stages;
  PackedConv2DOp expand; // the first stage's, when fused
  for (PackedConv2DOp last = project;;) {
    auto dw = last.getInput().getDefiningOp<DepthwiseConv2DOp>();
    stages.insert(stages.begin(), Stage{dw, last});
    auto before = dw.getInput().getDefiningOp<PackedConv2DOp>();
    if (!inBlock(before))
      break; // computed before the block (possibly as another block's result)
    if (!inBlock(before.getInput().getDefiningOp<DepthwiseConv2DOp>())) {
      expand = before;
      break;
    }
    last = before; // the projection of the stage before
  }
  int64_t scratch = project->getAttrOfType<IntegerAttr>(kScratchOffsetAttr).getInt();
  int64_t bands = project->getAttrOfType<IntegerAttr>(kTasksAttr).getInt();
  int64_t bandBytes = project->getAttrOfType<IntegerAttr>(kScratchBytesAttr).getInt() / bands;
  std::string tasks = std::to_string(bands);
  std::string V = options.target->simdLayer.str();
  auto y = shapeOf(project);

  os << "  {\n    // fused rows: " << (expand ? "expand -> " : "");
  for (auto [i, stage] : llvm::enumerate(stages)) {
    int64_t k = shapeOf(stage.dw.getFilter())[1];
    os << (i ? " -> " : "") << "depthwise " << k << "x" << k << " -> project";
  }
  os << ", one of " << y[1] << " output rows at a time";
  if (bands > 1)
    os << ", in " << tasks << " bands";
  os << "\n";
  std::string body; // the band's own rings, rows and stages
  llvm::raw_string_ostream bs(body);
  bs << "      float* const scratch = reinterpret_cast<float*>(arena_bytes + " << scratch
     << (bands > 1 ? " + task * " + std::to_string(bandBytes) : "") << ");\n";
  if (expand) {
    auto x = shapeOf(expand.getInput());
    bool pointwise = expand.isPointwise();
    // A 1x1 expansion reads its input row alone; a KxK one reads the whole image with the
    // top padding shifted so that its single output row is the one wanted.
    auto in = shapeOf(stages[0].dw.getInput());
    SmallVector<int64_t> rowIn = pointwise ? SmallVector<int64_t>{1, 1, x[2], x[3]}
                                           : SmallVector<int64_t>(x.begin(), x.end());
    os << "    " << (pointwise ? "constexpr " : "const ") << "mnet::Conv2DParams pe = "
       << convParams(expand, rowIn, {1, 1, in[2], in[3]}, expand.getPadding()[0]) << ";\n"
       << "    const float* const x = " << expr[expand.getInput()] << ";\n";
  }
  int64_t offset = 0; // floats into the band's scratch
  for (auto [i, stage] : llvm::enumerate(stages)) {
    std::string n = std::to_string(i);
    DepthwiseConv2DOp dw = stage.dw;
    auto in = shapeOf(dw.getInput()), r = shapeOf(dw.getResult()), out = shapeOf(stage.project);
    int64_t kh = shapeOf(dw.getFilter())[1];
    std::string rowFloats = std::to_string(in[2] * in[3]);
    os << "    constexpr mnet::DepthwiseConv2DParams pd" << n << " = " << depthwiseParams(dw)
       << ";\n"
       << "    constexpr mnet::Conv2DParams pp" << n << " = "
       << convParams(stage.project, {1, 1, r[2], r[3]}, {1, 1, out[2], out[3]}, 0) << ";\n";
    if (stage.project.getResidual())
      os << "    const float* const residual" << n << " = " << expr[stage.project.getResidual()]
         << ";\n";
    bool ring = i > 0 || expand;
    if (ring) {
      bs << "      float* const ring" << n << " = scratch + " << offset << ";  // " << kh
         << " rows x " << in[2] << " x " << in[3] << "\n";
      offset += kh * in[2] * in[3];
    }
    bs << "      float* const dw_row" << n << " = scratch + " << offset << ";\n";
    offset += r[2] * r[3];
    std::string slot = "ring" + n + " + (row % " + std::to_string(kh) + ") * " + rowFloats;
    if (i == 0 && expand) {
      bs << "      auto expand_row = [&](int row) {\n";
      if (expand.isPointwise()) {
        auto x = shapeOf(expand.getInput());
        bs << "        " << igemmKernel(expand, in[2]) << "(pe, " << residualClamp(expand)
           << ", x + row * " << x[2] * x[3] << ", " << expr[expand.getFilter()]
           << ", nullptr, nullptr, " << slot << ");\n";
      } else {
        bs << "        mnet::Conv2DParams p = pe;\n"
           << "        p.pad_top = pe.pad_top - row * pe.stride_h;\n"
           << "        " << igemmKernel(expand, in[2]) << "(p, " << residualClamp(expand)
           << ", x, " << expr[expand.getFilter()] << ", "
           << (expand.isPadded() ? "kZeros" : "nullptr") << ", nullptr, " << slot << ");\n";
      }
      bs << "      };\n";
    }
    if (ring)
      bs << "      int next" << n << " = -1;  // the next input row to compute\n";
    bs << "      auto stage" << n << " = [&](int oy, float* dst) {\n"
       << "        const int iy0 = oy * pd" << n << ".stride_h - pd" << n << ".pad_top;\n";
    if (ring)
      bs << "        if (next" << n << " < 0) next" << n << " = iy0 > 0 ? iy0 : 0;\n";
    bs << "        const float* rows[" << kh << "];\n"
       << "        bool row_ok[" << kh << "];\n"
       << "        for (int ky = 0; ky < " << kh << "; ++ky) {\n"
       << "          const int iy = iy0 + ky;\n"
       << "          row_ok[ky] = iy >= 0 && iy < " << in[1] << ";\n";
    if (ring) {
      std::string produce = i == 0 ? "expand_row(next0)"
                                   : "stage" + std::to_string(i - 1) + "(next" + n + ", ring" +
                                         n + " + (next" + n + " % " + std::to_string(kh) +
                                         ") * " + rowFloats + ")";
      bs << "          if (row_ok[ky])\n"
         << "            for (; next" << n << " <= iy; ++next" << n << ") " << produce << ";\n"
         << "          rows[ky] = ring" << n << " + (row_ok[ky] ? iy % " << kh << " : 0) * "
         << rowFloats << ";\n";
    } else {
      bs << "          rows[ky] = " << expr[dw.getInput()] << " + (row_ok[ky] ? iy : 0) * "
         << rowFloats << ";\n";
    }
    bs << "        }\n"
       << "        mnet::depthwise_conv2d_row_f32<" << V << ", " << kh << ", " << kh << ", "
       << dw.getStrides()[1] << ">(pd" << n << ", rows, row_ok, " << expr[dw.getFilter()]
       << ", " << operandOrNull(dw.getBias()) << ", dw_row" << n << ");\n"
       << "        " << igemmKernel(stage.project, out[2]) << "(pp" << n << ", "
       << residualClamp(stage.project) << ", dw_row" << n << ", "
       << expr[stage.project.getFilter()] << ", nullptr, "
       << (stage.project.getResidual()
               ? "residual" + n + " + oy * " + std::to_string(out[2] * out[3])
               : "nullptr")
       << ", dst);\n"
       << "      };\n";
  }
  if (offset * 4 != bandBytes)
    return project.emitOpError() << "fused block's scratch (" << bandBytes
                                 << " bytes per band) does not hold its rings and rows ("
                                 << offset * 4 << " bytes)";
  os << "    auto band = [&](int task) {\n"
     << body << "      int64_t oy0, oy1;\n"
     << "      mnet::task_range(" << y[1] << ", task, " << tasks << ", &oy0, &oy1);\n"
     << "      for (int oy = static_cast<int>(oy0); oy < oy1; ++oy)\n"
     << "        stage" << stages.size() - 1 << "(oy, " << expr[project.getResult()] << " + oy * "
     << y[2] * y[3] << ");\n"
     << "    };\n"
     << "    mnet::run_tasks(par, " << tasks << ", band);\n"
     << "  }\n";
  return success();
}

LogicalResult Emitter::emitOp(Operation *op, raw_ostream &os) {
  if (isa<ConstOp, ReshapeOp>(op))
    return success();
  if (op->hasAttr(kRowGroupAttr) && !op->hasAttr(kScratchBytesAttr))
    return success(); // runs inside its fused block, emitted at the block's last op
  Value out = op->getResult(0);
  os << "\n  // " << op->getName().stripDialect() << " -> '" << tensorName(op) << "' "
     << shapeText(shapeOf(out)) << "\n";
  if (op->hasAttr(kInPlaceAttr))
    os << "  // in place: " << expr[out] << "\n";
  else if (StringRef(expr[out]).starts_with("t"))
    os << "  float* const " << expr[out] << " = reinterpret_cast<float*>(arena_bytes + "
       << op->getAttrOfType<IntegerAttr>(kArenaOffsetAttr).getInt() << ");\n";
  std::string o = expr[out];
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](Conv2DOp conv) {
        auto in = shapeOf(conv.getInput()), f = shapeOf(conv.getFilter()), r = shapeOf(out);
        auto s = conv.getStrides(), d = conv.getDilations(), p = conv.getPadding();
        os << llvm::formatv("  {{\n    constexpr mnet::Conv2DParams p = {{{0}, {1}, {2}, {3}, {4}, "
                            "{5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}, {14}, {15}};\n",
                            in[0], in[1], in[2], in[3], r[1], r[2], r[3], f[1], f[2], s[0], s[1],
                            d[0], d[1], p[0], p[2], act(conv.getActivation()));
        os << "    mnet::conv2d_f32(p, " << expr[conv.getInput()] << ", " << expr[conv.getFilter()]
           << ", " << operandOrNull(conv.getBias()) << ", " << o << ");\n  }\n";
        return success();
      })
      .Case([&](DepthwiseConv2DOp conv) {
        auto f = shapeOf(conv.getFilter());
        auto d = conv.getDilations();
        os << "  {\n    constexpr mnet::DepthwiseConv2DParams p = " << depthwiseParams(conv)
           << ";\n";
        bool simd = conv.getDepthMultiplier() == 1 && d[0] == 1 && d[1] == 1 && f[1] == f[2] &&
                    (f[1] == 3 || f[1] == 5);
        std::string args = "(p, " + expr[conv.getInput()] + ", " + expr[conv.getFilter()] +
                           ", " + operandOrNull(conv.getBias()) + ", " + o;
        if (simd)
          os << inTasks(conv, llvm::formatv("mnet::depthwise_conv2d_vec_f32<{0}, {1}, {1}, {2}>",
                                      options.target->simdLayer, f[1], conv.getStrides()[1])
                            .str() +
                        args);
        else
          os << "    mnet::depthwise_conv2d_f32" << args << ");\n";
        os << "  }\n";
        return success();
      })
      .Case([&](PackedConv2DOp conv) {
        if (conv->hasAttr(kScratchBytesAttr)) {
          return emitFusedBlock(conv, os);
        }
        auto in = shapeOf(conv.getInput()), r = shapeOf(out);
        os << "  {\n    constexpr mnet::Conv2DParams p = "
           << convParams(conv, in, r, conv.getPadding()[0]) << ";\n"
           << inTasks(conv, igemmKernel(conv, r[0] * r[1] * r[2]) + "(p, " + residualClamp(conv) +
                      ", " + expr[conv.getInput()] + ", " + expr[conv.getFilter()] + ", " +
                      (conv.isPadded() ? "kZeros" : "nullptr") + ", " +
                      operandOrNull(conv.getResidual()) + ", " + o)
           << "  }\n";
        return success();
      })
      .Case([&](TransposeConv2DOp conv) {
        auto in = shapeOf(conv.getInput()), f = shapeOf(conv.getFilter()), r = shapeOf(out);
        auto s = conv.getStrides(), p = conv.getPadding();
        os << llvm::formatv("  {{\n    constexpr mnet::TransposeConv2DParams p = {{{0}, {1}, {2}, "
                            "{3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}};\n",
                            in[0], in[1], in[2], in[3], r[1], r[2], r[3], f[1], f[2], s[0], s[1],
                            p[0], p[1], act(conv.getActivation()));
        os << "    mnet::transpose_conv2d_f32(p, " << expr[conv.getInput()] << ", "
           << expr[conv.getFilter()] << ", " << operandOrNull(conv.getBias()) << ", " << o
           << ");\n  }\n";
        return success();
      })
      .Case([&](DepthToSpaceOp d2s) {
        auto in = shapeOf(d2s.getInput());
        os << llvm::formatv("  {{\n    constexpr mnet::DepthToSpaceParams p = {{{0}, {1}, {2}, "
                            "{3}, {4}};\n",
                            in[0], in[1], in[2], in[3], d2s.getBlockSize());
        os << "    mnet::depth_to_space_f32(p, " << expr[d2s.getInput()] << ", " << o
           << ");\n  }\n";
        return success();
      })
      .Case([&](FullyConnectedOp fc) {
        auto f = shapeOf(fc.getFilter());
        os << llvm::formatv("  {{\n    constexpr mnet::FullyConnectedParams p = {{{0}, {1}, {2}, "
                            "{3}};\n",
                            elementsOf(fc.getInput()) / f[1], f[1], f[0], act(fc.getActivation()));
        os << "    mnet::fully_connected_f32(p, " << expr[fc.getInput()] << ", "
           << expr[fc.getFilter()] << ", " << operandOrNull(fc.getBias()) << ", " << o
           << ");\n  }\n";
        return success();
      })
      .Case<AddOp, SubOp, MulOp, MaximumOp, MinimumOp>([&](auto binary) {
        StringRef kind = llvm::TypeSwitch<Operation *, StringRef>(op)
                             .Case([](AddOp) { return "kAdd"; })
                             .Case([](SubOp) { return "kSub"; })
                             .Case([](MulOp) { return "kMul"; })
                             .Case([](MaximumOp) { return "kMaximum"; })
                             .Default([](Operation *) { return "kMinimum"; });
        auto r = shapeOf(out);
        auto ls = broadcastStrides(shapeOf(binary.getLhs()), r);
        auto rs = broadcastStrides(shapeOf(binary.getRhs()), r);
        os << "  {\n    constexpr mnet::BroadcastParams p = {" << r.size() << ", "
           << rankArray<int64_t>(r, 1) << ", " << rankArray<int64_t>(ls, 0) << ", "
           << rankArray<int64_t>(rs, 0) << ", " << act(binary.getActivation()) << "};\n";
        os << "    mnet::binary_vec_f32<" << options.target->simdLayer << ", mnet::BinaryOp::"
           << kind << ">(p, " << expr[binary.getLhs()]
           << ", " << expr[binary.getRhs()] << ", " << o << ");\n  }\n";
        return success();
      })
      .Case([&](DequantizeOp dequantize) {
        os << "  mnet::half_to_float_f32(" << elementsOf(out) << ", " << expr[dequantize.getInput()]
           << ", " << o << ");\n";
        return success();
      })
      .Case([&](ClampOp clamp) {
        os << "  mnet::clamp_vec_f32<" << options.target->simdLayer << ">(" << elementsOf(out)
           << ", " << expr[clamp.getInput()] << ", "
           << o << ", " << floatLiteral(clamp.getMin().convertToFloat()) << ", "
           << floatLiteral(clamp.getMax().convertToFloat()) << ");\n";
        return success();
      })
      .Case<LogisticOp, TanhOp, HardSwishOp>([&](auto unary) {
        // (exp and tanh stay scalar: no vector twin of libm's)
        std::string fn = isa<LogisticOp>(op) ? "logistic_f32"
                         : isa<TanhOp>(op)
                             ? "tanh_f32"
                             : "hard_swish_vec_f32<" + options.target->simdLayer.str() + ">";
        os << "  mnet::" << fn << "(" << elementsOf(out) << ", " << expr[unary.getInput()] << ", "
           << o << ");\n";
        return success();
      })
      .Case<AvgPool2DOp, MaxPool2DOp>([&](auto pool) {
        auto in = shapeOf(pool.getInput()), r = shapeOf(out);
        auto k = pool.getKernel(), s = pool.getStrides(), p = pool.getPadding();
        os << llvm::formatv("  {{\n    constexpr mnet::Pool2DParams p = {{{0}, {1}, {2}, {3}, {4}, "
                            "{5}, {6}, {7}, {8}, {9}, {10}, {11}, {12}, {13}};\n",
                            in[0], in[1], in[2], in[3], r[1], r[2], k[0], k[1], s[0], s[1], p[0],
                            p[2], act(pool.getActivation()),
                            pool.getIncludePad() ? "true" : "false");
        os << "    mnet::" << (isa<AvgPool2DOp>(op) ? "avg" : "max") << "_pool2d_vec_f32<"
           << options.target->simdLayer << ">(p, "
           << expr[pool.getInput()] << ", " << o << ");\n  }\n";
        return success();
      })
      .Case([&](MeanOp mean) {
        auto in = shapeOf(mean.getInput());
        ArrayRef<int64_t> axes = mean.getAxes();
        if (in.size() == 4 && axes.size() == 2 && llvm::is_contained(axes, 1) &&
            llvm::is_contained(axes, 2)) { // a global average pool (NHWC)
          os << "  mnet::mean_hw_vec_f32<" << options.target->simdLayer << ">(" << in[0] << ", "
             << in[1] * in[2] << ", " << in[3] << ", " << expr[mean.getInput()] << ", " << o
             << ");\n";
          return success();
        }
        SmallVector<int64_t> reduce(in.size(), 0);
        for (int64_t axis : mean.getAxes())
          reduce[axis] = 1;
        std::string flags = "{";
        for (int i = 0; i < kMaxRank; ++i)
          flags += std::string(i ? ", " : "") +
                   (i < static_cast<int>(reduce.size()) && reduce[i] ? "true" : "false");
        os << "  {\n    constexpr mnet::MeanParams p = {" << in.size() << ", "
           << rankArray<int64_t>(in, 1) << ", " << flags << "}};\n";
        os << "    mnet::mean_f32(p, " << expr[mean.getInput()] << ", " << o << ");\n  }\n";
        return success();
      })
      .Case([&](SqueezeExciteOp se) {
        auto in = shapeOf(se.getInput());
        int64_t scratch = op->getAttrOfType<IntegerAttr>(kScratchOffsetAttr).getInt();
        os << llvm::formatv("  {{\n    constexpr mnet::SqueezeExciteParams p = {{{0}, {1}, {2}, "
                            "{3}, {4}, {5}, {6}};\n",
                            in[0], in[1], in[2], in[3], shapeOf(se.getSqueeze())[1],
                            act(se.getActivation()),
                            se.getGate() == Gate::HardSigmoid ? "true" : "false");
        os << "    mnet::squeeze_excite_vec_f32<" << options.target->simdLayer << ">(p, "
           << expr[se.getInput()] << ", " << expr[se.getSqueeze()] << ", "
           << expr[se.getSqueezeBias()] << ", " << expr[se.getExcite()] << ", "
           << expr[se.getExciteBias()] << ", reinterpret_cast<float*>(arena_bytes + " << scratch
           << "), " << o << ");\n  }\n";
        return success();
      })
      .Case([&](SoftmaxOp softmax) {
        auto r = shapeOf(out);
        os << "  mnet::softmax_f32(" << elementsOf(out) / r.back() << ", " << r.back() << ", "
           << floatLiteral(softmax.getBeta().convertToFloat()) << ", "
           << expr[softmax.getInput()] << ", " << o << ");\n";
        return success();
      })
      .Case([&](PadOp pad) {
        auto in = shapeOf(pad.getInput());
        os << "  {\n    constexpr mnet::PadParams p = {" << in.size() << ", "
           << rankArray<int64_t>(in, 1) << ", " << rankArray<int64_t>(pad.getLow(), 0) << ", "
           << rankArray<int64_t>(pad.getHigh(), 0) << ", "
           << floatLiteral(pad.getValue().convertToFloat()) << "};\n";
        os << "    mnet::pad_f32(p, " << expr[pad.getInput()] << ", " << o << ");\n  }\n";
        return success();
      })
      .Case([&](ConcatOp concat) {
        auto r = shapeOf(out);
        int64_t axis = concat.getAxis(), outer = 1;
        for (int64_t i = 0; i < axis; ++i)
          outer *= r[i];
        SmallVector<std::string> inputs, inner;
        for (Value input : concat.getInputs()) {
          inputs.push_back(expr[input]);
          inner.push_back(std::to_string(elementsOf(input) / outer));
        }
        os << "  {\n    const float* const inputs[] = {" << llvm::join(inputs, ", ") << "};\n"
           << "    constexpr int inner[] = {" << llvm::join(inner, ", ") << "};\n"
           << "    mnet::concat_f32(" << outer << ", " << inputs.size() << ", inputs, inner, " << o
           << ");\n  }\n";
        return success();
      })
      .Case<ResizeBilinearOp, ResizeNearestOp>([&](auto resize) {
        auto in = shapeOf(resize.getInput()), r = shapeOf(out);
        os << llvm::formatv("  {{\n    constexpr mnet::ResizeParams p = {{{0}, {1}, {2}, {3}, {4}, "
                            "{5}, {6}, {7}};\n",
                            in[0], in[1], in[2], in[3], r[1], r[2],
                            resize.getAlignCorners() ? "true" : "false",
                            resize.getHalfPixelCenters() ? "true" : "false");
        os << "    mnet::resize_" << (isa<ResizeBilinearOp>(op) ? "bilinear" : "nearest")
           << "_f32(p, " << expr[resize.getInput()] << ", " << o << ");\n  }\n";
        return success();
      })
      .Default([&](Operation *other) {
        return other->emitError("the C++ emitter does not support this op");
      });
}

LogicalResult Emitter::emit(raw_ostream &header, raw_ostream &source, raw_ostream *weightsOut) {
  if (failed(assignStorage()))
    return failure();
  if (options.separateWeights)
    layoutWeights();
  emitHeader(header);

  std::string body;
  llvm::raw_string_ostream os(body);
  // Each layer between MNET_LAYER_BEGIN(i) and MNET_LAYER_END(i), with i its index in mnetc
  // --report (a fused block is timed as its last layer).
  Operation *terminator = func.getBody().front().getTerminator();
  int64_t layer = 0;
  for (Operation &op : func.getBody().front()) {
    if (!isLayer(op))
      continue;
    std::string code;
    llvm::raw_string_ostream layerCode(code);
    if (failed(emitOp(&op, layerCode)))
      return failure();
    if (!code.empty())
      os << "\n  MNET_LAYER_BEGIN(" << layer << ");" << code << "  MNET_LAYER_END(" << layer
         << ");\n";
    ++layer;
  }
  // Outputs not written in place: reshapes, inputs, constants, repeated results.
  for (OpOperand &result : terminator->getOpOperands()) {
    std::string dst = "output" + std::to_string(result.getOperandNumber());
    if (expr[result.get()] != dst)
      os << "\n  std::memcpy(" << dst << ", " << expr[result.get()] << ", "
         << elementsOf(result.get()) * 4 << ");\n";
  }

  const Target &target = *options.target;
  source << "// Generated by mnetc " << MNET_VERSION_STRING << " from '"
         << commentText(options.modelName)
         << "' for target " << target.name << ". Do not edit.\n"
         << "// Build: c++ -std=c++17 -O2 " << target.cxxFlags << (target.cxxFlags.empty() ? "" : " ")
         << "-c <this file>\n"
         << "#include \"" << options.headerName << "\"\n\n"
         << "#include <cmath>\n#include <cstddef>\n#include <cstdint>\n#include <cstring>\n"
         << "#include <type_traits>\n"
         << "#if defined(__F16C__)\n#include <immintrin.h>\n#endif\n"
         << "#if defined(__aarch64__)\n#include <arm_neon.h>\n#endif\n\n";
  if (!target.guard.empty())
    source << "#if !(" << target.guard << ")\n#error \"generated for target " << target.name
           << ": compile with " << target.cxxFlags << "\"\n#endif\n\n";
  source << "// Per-layer hooks, for profiling: MNET_LAYER_BEGIN(i) runs before layer i (its index\n"
         << "// in mnetc --report) and MNET_LAYER_END(i) after it. Empty unless the build defines\n"
         << "// them (e.g. with -include hooks.h; mnet-run --profile does).\n"
         << "#ifndef MNET_LAYER_BEGIN\n#define MNET_LAYER_BEGIN(index) static_cast<void>(0)\n"
         << "#endif\n#ifndef MNET_LAYER_END\n#define MNET_LAYER_END(index) static_cast<void>(0)\n"
         << "#endif\n\n";
  source << "namespace {\n\n" << kRuntimeSource << "\n";
  emitWeights(source);
  source << "\n";

  SmallVector<std::string> params, pointers;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    params.push_back("const float* input" + std::to_string(i));
    pointers.push_back("input" + std::to_string(i));
  }
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    params.push_back("float* output" + std::to_string(i));
    pointers.push_back("output" + std::to_string(i));
  }
  params.push_back("void* arena");
  if (arenaSize > 0)
    pointers.push_back("arena"); // a model that needs no arena may be given none
  if (options.separateWeights) {
    params.push_back("const void* weights");
    pointers.push_back("weights");
  }
  std::string args; // the parameters' names, passed on by the entry points
  for (const std::string &param : params)
    args += (args.empty() ? "" : ", ") + StringRef(param).rsplit(' ').second.str();
  source << "int run_model(" << llvm::join(params, ", ") << ", const mnet::Parallel& par) {\n";
  source << "  if (" << llvm::join(llvm::map_range(pointers, [](const std::string &p) {
              return "!" + p;
            }), " || ")
         << ")\n    return 1;\n";
  source << "  if (reinterpret_cast<std::uintptr_t>(arena) % " << arenaAlignment
         << " != 0)\n    return 2;\n";
  if (options.separateWeights) {
    source << "  const unsigned char* const weights_bytes = static_cast<const unsigned char*>"
              "(weights);\n"
           << "  if (reinterpret_cast<std::uintptr_t>(weights) % " << arenaAlignment
           << " != 0)\n    return 2;\n"
           << "  if (int status = weights_header_status(weights_bytes))\n    return status;\n";
    for (auto [i, constant] : llvm::enumerate(weights)) {
      bool half = cast<RankedTensorType>(constant.getType()).getElementType().isF16();
      source << "  const " << (half ? "std::uint16_t" : "float") << "* const w" << i
             << " = reinterpret_cast<const " << (half ? "std::uint16_t" : "float")
             << "*>(weights_bytes + " << weightOffsets[i] << "); // '" << tensorName(constant)
             << "' " << shapeText(shapeOf(constant)) << "\n";
    }
  }
  source << "  unsigned char* const arena_bytes = static_cast<unsigned char*>(arena);\n";
  source << "  (void)arena_bytes;\n  (void)par;\n";
  source << body << "  return 0;\n}\n\n} // namespace\n\n";
  source << "extern \"C\" int " << options.prefix << "_run(" << llvm::join(params, ", ")
         << ") {\n  return run_model(" << args << ", mnet::Parallel{nullptr, nullptr});\n}\n\n"
         << "extern \"C\" int " << options.prefix << "_run_parallel(" << llvm::join(params, ", ")
         << ", mnet_parallel_for_fn parallel_for, void* pool) {\n  return run_model(" << args
         << ", mnet::Parallel{parallel_for, pool});\n}\n";
  if (options.separateWeights)
    source << "\nextern \"C\" int " << options.prefix
           << "_check_weights(const void* weights, size_t size) {\n"
           << "  if (!weights)\n    return 1;\n"
           << "  if (reinterpret_cast<std::uintptr_t>(weights) % " << arenaAlignment
           << " != 0)\n    return 2;\n"
           << "  const unsigned char* const w = static_cast<const unsigned char*>(weights);\n"
           << "  if (size < " << kWeightsHeaderBytes << ")\n    return 6;\n"
           << "  if (int status = weights_header_status(w))\n    return status;\n"
           << "  if (size != kWeightsSize)\n    return 6;\n"
           << "  std::uint64_t h = 0xcbf29ce484222325ull;\n"
           << "  for (std::size_t i = " << kWeightsHeaderBytes << "; i < kWeightsSize; i += 8)\n"
           << "    h = (h ^ load_le64(w + i)) * 0x100000001b3ull;\n"
           << "  return h == load_le64(w + 32) ? 0 : 7;\n}\n";
  if (options.separateWeights && weightsOut)
    emitWeightsBlob(*weightsOut);
  return success();
}

} // namespace

LogicalResult emitCpp(ModuleOp module, const CppEmitOptions &options, raw_ostream &header,
                      raw_ostream &source, raw_ostream *weights) {
  auto func = module.lookupSymbol<func::FuncOp>("main");
  if (!func)
    return module.emitError("expected a function @main");
  if (!options.target)
    return module.emitError("no target given");
  if (options.separateWeights && !weights)
    return module.emitError("separate weights need a stream for the blob");
  return Emitter(func, options).emit(header, source, weights);
}

} // namespace mnetc

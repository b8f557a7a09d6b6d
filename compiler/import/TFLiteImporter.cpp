//===- TFLiteImporter.cpp - TFLite flatbuffer to the mnet dialect --------===//
//
// Every input is checked with the flatbuffers Verifier before anything is read; after that
// each index, shape and buffer is checked before use, so a malformed file ends in an error
// message, never in a crash.
//
//===----------------------------------------------------------------------===//
#include "compiler/import/TFLiteImporter.h"

#include "compiler/import/Densify.h"
#include "compiler/import/tflite_schema_generated.h"
#include "dialects/mnet/IR/MNetOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <optional>

using namespace mlir;
using namespace mlir::mnet;

namespace mnetc {
namespace {

using tflite::BuiltinOperator;

/// The op code TFLite itself uses: the larger of the deprecated int8 field and the new one.
BuiltinOperator builtinCode(const tflite::OperatorCode *code) {
  int32_t deprecated = code->deprecated_builtin_code();
  int32_t current = static_cast<int32_t>(code->builtin_code());
  return static_cast<BuiltinOperator>(std::max(deprecated, current));
}

std::string opName(const tflite::OperatorCode *code) {
  BuiltinOperator op = builtinCode(code);
  if (op == BuiltinOperator::CUSTOM)
    return "CUSTOM '" + (code->custom_code() ? code->custom_code()->str() : std::string()) + "'";
  int32_t value = static_cast<int32_t>(op);
  if (value >= static_cast<int32_t>(BuiltinOperator::MIN) &&
      value <= static_cast<int32_t>(BuiltinOperator::MAX))
    return tflite::EnumNameBuiltinOperator(op);
  return "builtin op " + std::to_string(value);
}

/// MediaPipe's transpose convolution with bias, a custom op in its models.
constexpr llvm::StringLiteral kTransposeConvBias = "Convolution2DTransposeBias";

/// The newest version of the op mnetc knows (its float32 semantics), or 0 if mnetc does not
/// support the op. The versions are those TensorFlow Lite's kernel registry accepts (register.cc,
/// 2025). Versions above 1 mostly add quantized types, which the type checks reject; the few
/// that change float32 models are options or shapes the importer reads: DEPTHWISE_CONV_2D v2
/// (dilation), FULLY_CONNECTED v5/v6/v8 (keep_num_dims, no bias, sparse weights), RESIZE_* v3
/// (half_pixel_centers), TRANSPOSE_CONV v3/v4 (bias, fused activation), PAD/PADV2 v4 and
/// SUB/MAXIMUM/MINIMUM v3 (rank > 4; mnetc takes up to 6), CONV_2D v6 (grouped convolution,
/// which the verifier rejects: filter and input channels differ).
int maxKnownVersion(const tflite::OperatorCode *code) {
  BuiltinOperator op = builtinCode(code);
  if (op == BuiltinOperator::CUSTOM)
    return code->custom_code() && code->custom_code()->str() == kTransposeConvBias ? 1 : 0;
  switch (op) {
  case BuiltinOperator::DENSIFY:
  case BuiltinOperator::HARD_SWISH:
  case BuiltinOperator::RELU_N1_TO_1:
  case BuiltinOperator::RESHAPE:
    return 1;
  case BuiltinOperator::DEPTH_TO_SPACE:
  case BuiltinOperator::SQUEEZE:
    return 2;
  case BuiltinOperator::AVERAGE_POOL_2D:
  case BuiltinOperator::MAX_POOL_2D:
  case BuiltinOperator::MEAN:
  case BuiltinOperator::SOFTMAX:
  case BuiltinOperator::RELU:
  case BuiltinOperator::RELU6:
  case BuiltinOperator::LOGISTIC:
  case BuiltinOperator::TANH:
    return 3;
  case BuiltinOperator::MAXIMUM:
  case BuiltinOperator::MINIMUM:
  case BuiltinOperator::CONCATENATION:
  case BuiltinOperator::RESIZE_BILINEAR:
  case BuiltinOperator::RESIZE_NEAREST_NEIGHBOR:
    return 4;
  case BuiltinOperator::ADD:
  case BuiltinOperator::SUB:
  case BuiltinOperator::PAD:
  case BuiltinOperator::PADV2:
  case BuiltinOperator::TRANSPOSE_CONV:
    return 5;
  case BuiltinOperator::DEQUANTIZE:
    return 6;
  case BuiltinOperator::DEPTHWISE_CONV_2D:
  case BuiltinOperator::MUL:
    return 7;
  case BuiltinOperator::CONV_2D:
    return 8;
  case BuiltinOperator::FULLY_CONNECTED:
    return 13;
  default:
    return 0;
  }
}

class Importer {
public:
  Importer(MLIRContext *context, StringRef fileName, ArrayRef<uint8_t> bytes)
      : context(context), builder(context), fileName(fileName), bytes(bytes) {}

  OwningOpRef<ModuleOp> run(std::string &error);

private:
  // Diagnostics ------------------------------------------------------------
  LogicalResult fail(const Twine &message) {
    errors.push_back((fileName + ": " + message).str());
    return failure();
  }
  LogicalResult failOp(const Twine &message) {
    if (opIndex < 0)
      return fail(currentOpName + " (tensor '" + printable(currentOutput) + "'): " + message);
    return fail("op " + Twine(opIndex) + " (" + currentOpName + ", output '" +
                printable(currentOutput) + "'): " + message);
  }
  std::string tensorName(int32_t index) const {
    const tflite::Tensor *tensor = subgraph->tensors()->Get(index);
    return tensor->name() ? tensor->name()->str() : "tensor " + std::to_string(index);
  }
  /// The name for a message: bytes that are not printable ASCII as \xNN (a corrupt or
  /// hostile name cannot move the terminal's cursor or fake another line).
  std::string displayName(int32_t index) const { return printable(tensorName(index)); }
  static std::string printable(StringRef text) {
    std::string out;
    for (unsigned char c : text)
      out += llvm::isPrint(c) ? std::string(1, c) : "\\x" + llvm::utohexstr(c, false, 2);
    return out;
  }

  // Model structure ---------------------------------------------------------
  LogicalResult checkModel();
  LogicalResult checkTensors();
  LogicalResult checkOperatorCodes();
  FailureOr<RankedTensorType> tensorType(int32_t index);
  const tflite::Buffer *constantBuffer(int32_t index);

  // Values ------------------------------------------------------------------
  FailureOr<Value> operand(unsigned position);
  FailureOr<Value> optionalOperand(unsigned position);
  FailureOr<DenseElementsAttr> constantAttr(unsigned position);
  FailureOr<SmallVector<int64_t>> constantInts(unsigned position);
  FailureOr<Value> createConstant(int32_t index);
  LogicalResult defineOutput(Value value);

  // Ops ---------------------------------------------------------------------
  LogicalResult importOp(const tflite::Operator *op);
  FailureOr<Activation> activation(tflite::ActivationFunctionType type);
  FailureOr<SmallVector<int64_t>> windowPadding(tflite::Padding padding, ArrayRef<int64_t> input,
                                                int64_t kh, int64_t kw, int64_t sh, int64_t sw,
                                                int64_t dh, int64_t dw);
  LogicalResult importConv(const tflite::Operator *op, bool depthwise);
  LogicalResult importPool(const tflite::Operator *op, bool average);
  LogicalResult importBinary(BuiltinOperator code, const tflite::Operator *op);
  LogicalResult importPad(const tflite::Operator *op, bool withValue);
  LogicalResult importMean(const tflite::Operator *op);
  LogicalResult importConcat(const tflite::Operator *op);
  LogicalResult importResize(const tflite::Operator *op, bool bilinear);
  LogicalResult importFullyConnected(const tflite::Operator *op);
  LogicalResult importDequantize();
  LogicalResult importDensify();
  LogicalResult importTransposeConv(const tflite::Operator *op, bool custom);
  LogicalResult importDepthToSpace(const tflite::Operator *op);

  MLIRContext *context;
  OpBuilder builder;
  StringRef fileName;
  ArrayRef<uint8_t> bytes;
  const tflite::Model *model = nullptr;
  const tflite::SubGraph *subgraph = nullptr;
  std::vector<std::string> errors;

  llvm::DenseMap<int32_t, Value> values; // TFLite tensor index -> SSA value
  // The op being imported.
  int64_t opIndex = -1;
  std::string currentOpName;
  std::string currentOutput;  // its name as the model spells it (printable() it for messages)
  const tflite::Operator *currentOp = nullptr;
};

//===----------------------------------------------------------------------===//
// Structure checks
//===----------------------------------------------------------------------===//

LogicalResult Importer::checkModel() {
  if (bytes.size() < 8)
    return fail("file is too small to be a TFLite model (" + Twine(bytes.size()) + " bytes)");
  if (!tflite::ModelBufferHasIdentifier(bytes.data())) {
    StringRef id(reinterpret_cast<const char *>(bytes.data()) + 4, 4);
    return fail("not a TFLite model: file identifier '" + printable(id) + "', expected 'TFL3'");
  }
  flatbuffers::Verifier verifier(bytes.data(), bytes.size(), /*max_depth=*/64,
                                 /*max_tables=*/10000000);
  if (!tflite::VerifyModelBuffer(verifier))
    return fail("malformed TFLite flatbuffer (the flatbuffers Verifier rejected it: truncated "
                "or corrupt)");
  model = tflite::GetModel(bytes.data());
  if (model->version() != 3)
    return fail("unsupported TFLite schema version " + Twine(model->version()) +
                " (expected 3)");
  if (!model->subgraphs() || model->subgraphs()->size() == 0)
    return fail("model has no subgraph");
  if (!model->operator_codes() || !model->buffers())
    return fail("model has no operator codes or no buffers");
  subgraph = model->subgraphs()->Get(0);
  if (!subgraph->tensors() || !subgraph->operators() || !subgraph->inputs() ||
      !subgraph->outputs())
    return fail("subgraph 0 lacks tensors, operators, inputs or outputs");
  if (subgraph->inputs()->size() == 0 || subgraph->outputs()->size() == 0)
    return fail("subgraph 0 has no inputs or no outputs");
  return success();
}

LogicalResult Importer::checkTensors() {
  bool ok = true;
  const auto *tensors = subgraph->tensors();
  for (uint32_t i = 0; i < tensors->size(); ++i) {
    const tflite::Tensor *tensor = tensors->Get(i);
    std::string where = "tensor " + std::to_string(i) + " '" + displayName(i) + "'";
    if (tensor->buffer() >= model->buffers()->size()) {
      ok &= succeeded(fail(where + ": buffer index " + Twine(tensor->buffer()) +
                           " out of range (" + Twine(model->buffers()->size()) + " buffers)"));
      continue;
    }
    if (tensor->shape() && tensor->shape()->size() > 6)
      ok &= succeeded(fail(where + ": rank " + Twine(tensor->shape()->size()) +
                           " is more than the 6 mnetc supports"));
    int64_t elements = 1;
    for (uint32_t k = 0; tensor->shape() && k < tensor->shape()->size(); ++k) {
      int32_t d = tensor->shape()->Get(k);
      if (d < 1) {
        ok &= succeeded(fail(where + ": dimension " + Twine(d) + " is not positive (mnetc "
                             "needs static shapes)"));
        break;
      }
      elements *= d;
      if (elements > (int64_t(1) << 31)) {
        ok &= succeeded(fail(where + ": more than 2^31 elements"));
        break;
      }
    }
    if (tensor->sparsity() && !constantBuffer(i))
      ok &= succeeded(fail(where + ": sparse tensors must be constants"));
  }
  return success(ok);
}

LogicalResult Importer::checkOperatorCodes() {
  std::vector<std::string> unsupported;
  const auto *ops = subgraph->operators();
  for (uint32_t i = 0; i < ops->size(); ++i) {
    const tflite::Operator *op = ops->Get(i);
    if (op->opcode_index() >= model->operator_codes()->size())
      return fail("op " + Twine(i) + ": opcode index " + Twine(op->opcode_index()) +
                  " out of range (" + Twine(model->operator_codes()->size()) + " codes)");
    const tflite::OperatorCode *code = model->operator_codes()->Get(op->opcode_index());
    const int maxVersion = maxKnownVersion(code);
    const int version = code->version();
    if (maxVersion == 0 || version < 1 || version > maxVersion) {
      std::string output = "<none>";
      if (op->outputs() && op->outputs()->size() > 0 && op->outputs()->Get(0) >= 0 &&
          static_cast<uint32_t>(op->outputs()->Get(0)) < subgraph->tensors()->size())
        output = displayName(op->outputs()->Get(0));
      // As TFLite: an op version newer than the runtime knows is not run as an older one.
      std::string why = maxVersion == 0 ? ""
                        : "version " + std::to_string(version) + ", mnetc knows versions 1-" +
                              std::to_string(maxVersion) + "; ";
      unsupported.push_back("  op " + std::to_string(i) + ": " + opName(code) + " (" + why +
                            "output '" + output + "')");
    }
  }
  if (unsupported.empty())
    return success();
  std::string list = llvm::join(unsupported, "\n");
  return fail(Twine(unsupported.size()) + " unsupported op" +
              (unsupported.size() == 1 ? "" : "s") + ":\n" + list);
}

FailureOr<RankedTensorType> Importer::tensorType(int32_t index) {
  const tflite::Tensor *tensor = subgraph->tensors()->Get(index);
  Type element;
  switch (tensor->type()) {
  case tflite::TensorType::FLOAT32:
    element = builder.getF32Type();
    break;
  case tflite::TensorType::FLOAT16:
    element = builder.getF16Type();
    break;
  case tflite::TensorType::INT32:
    element = builder.getI32Type();
    break;
  default:
    return failOp("tensor '" + displayName(index) + "' has type " +
                  tflite::EnumNameTensorType(tensor->type()) +
                  "; mnetc supports float32 models (float16 and int32 constants)");
  }
  SmallVector<int64_t> shape;
  if (tensor->shape())
    shape.assign(tensor->shape()->begin(), tensor->shape()->end());
  return RankedTensorType::get(shape, element);
}

const tflite::Buffer *Importer::constantBuffer(int32_t index) {
  const tflite::Buffer *buffer =
      model->buffers()->Get(subgraph->tensors()->Get(index)->buffer());
  bool hasData = buffer && buffer->data() && buffer->data()->size() > 0;
  bool external = buffer && buffer->offset() > 1;
  return hasData || external ? buffer : nullptr;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::createConstant(int32_t index) {
  const tflite::Buffer *buffer = constantBuffer(index);
  if (buffer->offset() > 1)
    return failOp("tensor '" + displayName(index) +
                  "' keeps its data outside the flatbuffer (models over 2 GB); not supported");
  auto type = tensorType(index);
  if (failed(type))
    return failure();
  int64_t expected = type->getNumElements() * (type->getElementTypeBitWidth() / 8);
  if (static_cast<int64_t>(buffer->data()->size()) != expected)
    return failOp("constant tensor '" + displayName(index) + "' has " +
                  Twine(buffer->data()->size()) + " bytes of data, its shape needs " +
                  Twine(expected));
  ArrayRef<char> raw(reinterpret_cast<const char *>(buffer->data()->data()),
                     buffer->data()->size());
  auto attr = DenseElementsAttr::getFromRawBuffer(*type, raw);
  Value value = builder.create<ConstOp>(NameLoc::get(builder.getStringAttr(tensorName(index))),
                                        attr);
  values[index] = value;
  return value;
}

FailureOr<Value> Importer::operand(unsigned position) {
  const auto *inputs = currentOp->inputs();
  if (!inputs || position >= inputs->size())
    return failOp("expected at least " + Twine(position + 1) + " inputs");
  int32_t index = inputs->Get(position);
  if (index < 0 || static_cast<uint32_t>(index) >= subgraph->tensors()->size())
    return failOp("input " + Twine(position) + " has tensor index " + Twine(index) +
                  " out of range (" + Twine(subgraph->tensors()->size()) + " tensors)");
  auto it = values.find(index);
  if (it != values.end())
    return it->second;
  if (constantBuffer(index)) {
    if (subgraph->tensors()->Get(index)->sparsity())
      return failOp("reads sparse tensor '" + displayName(index) + "' without a DENSIFY");
    return createConstant(index);
  }
  return failOp("reads tensor '" + displayName(index) + "' (index " + Twine(index) +
                "), which no earlier op writes and which is neither a model input nor a "
                "constant (ops out of order or a cycle)");
}

FailureOr<Value> Importer::optionalOperand(unsigned position) {
  const auto *inputs = currentOp->inputs();
  if (!inputs || position >= inputs->size() || inputs->Get(position) < 0)
    return Value();
  return operand(position);
}

FailureOr<DenseElementsAttr> Importer::constantAttr(unsigned position) {
  const auto *inputs = currentOp->inputs();
  if (!inputs || position >= inputs->size())
    return failOp("expected at least " + Twine(position + 1) + " inputs");
  int32_t index = inputs->Get(position);
  if (index < 0 || static_cast<uint32_t>(index) >= subgraph->tensors()->size() ||
      !constantBuffer(index))
    return failOp("input " + Twine(position) + " must be a constant tensor");
  auto type = tensorType(index);
  if (failed(type))
    return failure();
  const tflite::Buffer *buffer = constantBuffer(index);
  int64_t expected = type->getNumElements() * (type->getElementTypeBitWidth() / 8);
  if (!buffer->data() || static_cast<int64_t>(buffer->data()->size()) != expected)
    return failOp("constant tensor '" + displayName(index) + "' has the wrong number of bytes");
  ArrayRef<char> raw(reinterpret_cast<const char *>(buffer->data()->data()),
                     buffer->data()->size());
  return DenseElementsAttr::getFromRawBuffer(*type, raw);
}

FailureOr<SmallVector<int64_t>> Importer::constantInts(unsigned position) {
  auto attr = constantAttr(position);
  if (failed(attr))
    return failure();
  auto ints = dyn_cast<DenseIntElementsAttr>(*attr);
  if (!ints)
    return failOp("input " + Twine(position) + " must be a constant int32 tensor");
  SmallVector<int64_t> result;
  for (const APInt &v : ints.getValues<APInt>())
    result.push_back(v.getSExtValue());
  return result;
}

/// Gives the op's single output tensor `value`, checking the TFLite tensor exists.
LogicalResult Importer::defineOutput(Value value) {
  int32_t index = currentOp->outputs()->Get(0);
  if (failed(verify(value.getDefiningOp())))
    return failure(); // the diagnostic handler recorded the verifier's message
  values[index] = value;
  return success();
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

FailureOr<Activation> Importer::activation(tflite::ActivationFunctionType type) {
  switch (type) {
  case tflite::ActivationFunctionType::NONE:
    return Activation::None;
  case tflite::ActivationFunctionType::RELU:
    return Activation::Relu;
  case tflite::ActivationFunctionType::RELU_N1_TO_1:
    return Activation::ReluN1To1;
  case tflite::ActivationFunctionType::RELU6:
    return Activation::Relu6;
  default:
    return failOp(Twine("fused activation ") + tflite::EnumNameActivationFunctionType(type) +
                  " is not supported");
  }
}

FailureOr<SmallVector<int64_t>> Importer::windowPadding(tflite::Padding padding,
                                                        ArrayRef<int64_t> input, int64_t kh,
                                                        int64_t kw, int64_t sh, int64_t sw,
                                                        int64_t dh, int64_t dw) {
  if (sh < 1 || sw < 1 || dh < 1 || dw < 1)
    return failOp("strides " + Twine(sh) + "x" + Twine(sw) + " and dilations " + Twine(dh) +
                  "x" + Twine(dw) + " must be positive");
  if (input.size() != 4)
    return failOp("expected a 4-D NHWC input");
  if (padding == tflite::Padding::VALID)
    return SmallVector<int64_t>{0, 0, 0, 0};
  auto [top, bottom] = samePadding(input[1], kh, sh, dh);
  auto [left, right] = samePadding(input[2], kw, sw, dw);
  return SmallVector<int64_t>{top, bottom, left, right};
}

LogicalResult Importer::importConv(const tflite::Operator *op, bool depthwise) {
  auto input = operand(0);
  auto filter = operand(1);
  auto bias = optionalOperand(2);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(filter) || failed(bias) || failed(result))
    return failure();
  auto filterType = dyn_cast<RankedTensorType>(filter->getType());
  auto inputType = dyn_cast<RankedTensorType>(input->getType());
  if (!filterType || filterType.getRank() != 4 || !inputType || inputType.getRank() != 4)
    return failOp("expected 4-D input and filter");
  ArrayRef<int64_t> fshape = filterType.getShape();
  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  // Conv2DOptions and DepthwiseConv2DOptions share the window fields.
  ActivationAttr activationAttr;
  DenseI64ArrayAttr stridesAttr, dilationsAttr, paddingAttr;
  auto window = [&](const auto *options) -> LogicalResult {
    if (!options)
      return failOp(depthwise ? "missing DepthwiseConv2DOptions" : "missing Conv2DOptions");
    auto act = activation(options->fused_activation_function());
    auto pad = windowPadding(options->padding(), inputType.getShape(), fshape[1], fshape[2],
                             options->stride_h(), options->stride_w(),
                             options->dilation_h_factor(), options->dilation_w_factor());
    if (failed(act) || failed(pad))
      return failure();
    activationAttr = ActivationAttr::get(context, *act);
    stridesAttr = builder.getDenseI64ArrayAttr({options->stride_h(), options->stride_w()});
    dilationsAttr =
        builder.getDenseI64ArrayAttr({options->dilation_h_factor(), options->dilation_w_factor()});
    paddingAttr = builder.getDenseI64ArrayAttr(*pad);
    return success();
  };
  if (!depthwise) {
    if (failed(window(op->builtin_options_as_Conv2DOptions())))
      return failure();
    return defineOutput(builder.create<Conv2DOp>(loc, *result, *input, *filter, *bias, stridesAttr,
                                                 dilationsAttr, paddingAttr, activationAttr));
  }
  if (failed(window(op->builtin_options_as_DepthwiseConv2DOptions())))
    return failure();
  // Like TFLite, trust the filter over the (often stale) depth_multiplier option.
  int64_t inChannels = inputType.getShape()[3];
  if (fshape[3] % inChannels != 0)
    return failOp("filter channels " + Twine(fshape[3]) + " are not a multiple of input channels " +
                  Twine(inChannels));
  return defineOutput(builder.create<DepthwiseConv2DOp>(
      loc, *result, *input, *filter, *bias, stridesAttr, dilationsAttr, paddingAttr,
      builder.getI64IntegerAttr(fshape[3] / inChannels), activationAttr,
      /*hard_swish=*/nullptr));
}

LogicalResult Importer::importFullyConnected(const tflite::Operator *op) {
  auto input = operand(0);
  auto filter = operand(1);
  auto bias = optionalOperand(2);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(filter) || failed(bias) || failed(result))
    return failure();
  const auto *options = op->builtin_options_as_FullyConnectedOptions();
  auto act = activation(options ? options->fused_activation_function()
                                : tflite::ActivationFunctionType::NONE);
  if (failed(act))
    return failure();
  if (options && options->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT)
    return failOp("shuffled fully-connected weights are not supported");
  return defineOutput(builder.create<FullyConnectedOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input, *filter, *bias,
      ActivationAttr::get(context, *act)));
}

LogicalResult Importer::importPool(const tflite::Operator *op, bool average) {
  auto input = operand(0);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(result))
    return failure();
  const auto *options = op->builtin_options_as_Pool2DOptions();
  if (!options)
    return failOp("missing Pool2DOptions");
  auto inputType = cast<RankedTensorType>(input->getType());
  int64_t kh = options->filter_height(), kw = options->filter_width();
  if (kh < 1 || kw < 1)
    return failOp("pooling window " + Twine(kh) + "x" + Twine(kw) + " must be positive");
  auto act = activation(options->fused_activation_function());
  auto pad = windowPadding(options->padding(), inputType.getShape(), kh, kw, options->stride_h(),
                           options->stride_w(), 1, 1);
  if (failed(act) || failed(pad))
    return failure();
  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  auto kernel = builder.getDenseI64ArrayAttr({kh, kw});
  auto strides = builder.getDenseI64ArrayAttr({options->stride_h(), options->stride_w()});
  auto padding = builder.getDenseI64ArrayAttr(*pad);
  auto actAttr = ActivationAttr::get(context, *act);
  // TFLite's pools ignore their padded taps: no include_pad.
  UnitAttr includePad;
  if (average)
    return defineOutput(builder.create<AvgPool2DOp>(loc, *result, *input, kernel, strides,
                                                    padding, actAttr, includePad));
  return defineOutput(builder.create<MaxPool2DOp>(loc, *result, *input, kernel, strides, padding,
                                                  actAttr, includePad));
}

LogicalResult Importer::importBinary(BuiltinOperator code, const tflite::Operator *op) {
  auto lhs = operand(0);
  auto rhs = operand(1);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(lhs) || failed(rhs) || failed(result))
    return failure();
  auto fused = tflite::ActivationFunctionType::NONE;
  if (const auto *o = op->builtin_options_as_AddOptions())
    fused = o->fused_activation_function();
  else if (const auto *o = op->builtin_options_as_SubOptions())
    fused = o->fused_activation_function();
  else if (const auto *o = op->builtin_options_as_MulOptions())
    fused = o->fused_activation_function();
  auto act = activation(fused);
  if (failed(act))
    return failure();
  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  auto actAttr = ActivationAttr::get(context, *act);
  Operation *created = nullptr;
  switch (code) {
  case BuiltinOperator::ADD:
    created = builder.create<AddOp>(loc, *result, *lhs, *rhs, actAttr);
    break;
  case BuiltinOperator::SUB:
    created = builder.create<SubOp>(loc, *result, *lhs, *rhs, actAttr);
    break;
  case BuiltinOperator::MUL:
    created = builder.create<MulOp>(loc, *result, *lhs, *rhs, actAttr);
    break;
  case BuiltinOperator::MAXIMUM:
    created = builder.create<MaximumOp>(loc, *result, *lhs, *rhs, actAttr);
    break;
  default:
    created = builder.create<MinimumOp>(loc, *result, *lhs, *rhs, actAttr);
    break;
  }
  return defineOutput(created->getResult(0));
}

LogicalResult Importer::importPad(const tflite::Operator *op, bool withValue) {
  auto input = operand(0);
  auto paddings = constantInts(1);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(paddings) || failed(result))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  if (static_cast<int64_t>(paddings->size()) != 2 * rank)
    return failOp("expected paddings of shape [" + Twine(rank) + ", 2]");
  SmallVector<int64_t> low, high;
  for (int64_t i = 0; i < rank; ++i) {
    low.push_back((*paddings)[2 * i]);
    high.push_back((*paddings)[2 * i + 1]);
  }
  float padValue = 0.0f;
  if (withValue && currentOp->inputs()->size() > 2 && currentOp->inputs()->Get(2) >= 0) {
    auto value = constantAttr(2);
    if (failed(value))
      return failure();
    auto attr = dyn_cast<DenseFPElementsAttr>(*value);
    if (!attr || attr.getNumElements() != 1 || !attr.getElementType().isF32())
      return failOp("PADV2's constant value must be a constant float32 scalar");
    padValue = (*attr.getValues<APFloat>().begin()).convertToFloat();
  }
  return defineOutput(builder.create<PadOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input,
      builder.getDenseI64ArrayAttr(low), builder.getDenseI64ArrayAttr(high),
      builder.getF32FloatAttr(padValue)));
}

LogicalResult Importer::importMean(const tflite::Operator *op) {
  auto input = operand(0);
  auto axes = constantInts(1);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(axes) || failed(result))
    return failure();
  int64_t rank = cast<RankedTensorType>(input->getType()).getRank();
  SmallVector<int64_t> normalized;
  for (int64_t axis : *axes) {
    if (axis < -rank || axis >= rank)
      return failOp("axis " + Twine(axis) + " out of range for rank " + Twine(rank));
    normalized.push_back(axis < 0 ? axis + rank : axis);
  }
  llvm::sort(normalized);
  normalized.erase(std::unique(normalized.begin(), normalized.end()), normalized.end());
  const auto *options = op->builtin_options_as_ReducerOptions();
  return defineOutput(builder.create<MeanOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input,
      builder.getDenseI64ArrayAttr(normalized), builder.getBoolAttr(options && options->keep_dims())));
}

LogicalResult Importer::importConcat(const tflite::Operator *op) {
  const auto *options = op->builtin_options_as_ConcatenationOptions();
  if (!options)
    return failOp("missing ConcatenationOptions");
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < op->inputs()->size(); ++i) {
    auto input = operand(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  auto result = tensorType(op->outputs()->Get(0));
  auto act = activation(options->fused_activation_function());
  if (failed(result) || failed(act) || inputs.empty())
    return failure(inputs.empty() ? failed(failOp("expected at least one input")) : true);
  int64_t rank = result->getRank();
  int64_t axis = options->axis() < 0 ? options->axis() + rank : options->axis();
  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  Value concat = builder.create<ConcatOp>(loc, *result, inputs, builder.getI64IntegerAttr(axis));
  if (*act == Activation::None)
    return defineOutput(concat);
  if (failed(verify(concat.getDefiningOp())))
    return failure();
  auto [lo, hi] = activationRange(*act);
  return defineOutput(builder.create<ClampOp>(loc, *result, concat, builder.getF32FloatAttr(lo),
                                              builder.getF32FloatAttr(hi)));
}

LogicalResult Importer::importResize(const tflite::Operator *op, bool bilinear) {
  auto input = operand(0);
  auto size = constantInts(1);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(size) || failed(result))
    return failure();
  if (size->size() != 2 || result->getRank() != 4 || (*size)[0] != result->getShape()[1] ||
      (*size)[1] != result->getShape()[2])
    return failOp("the size input does not match the output tensor's height and width");
  bool alignCorners = false, halfPixel = false;
  if (bilinear) {
    if (const auto *o = op->builtin_options_as_ResizeBilinearOptions()) {
      alignCorners = o->align_corners();
      halfPixel = o->half_pixel_centers();
    }
  } else if (const auto *o = op->builtin_options_as_ResizeNearestNeighborOptions()) {
    alignCorners = o->align_corners();
    halfPixel = o->half_pixel_centers();
  }
  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  if (bilinear)
    return defineOutput(builder.create<ResizeBilinearOp>(loc, *result, *input,
                                                         builder.getBoolAttr(alignCorners),
                                                         builder.getBoolAttr(halfPixel)));
  return defineOutput(builder.create<ResizeNearestOp>(
      loc, *result, *input, builder.getBoolAttr(alignCorners), builder.getBoolAttr(halfPixel)));
}

LogicalResult Importer::importDequantize() {
  auto input = operand(0);
  auto result = tensorType(currentOp->outputs()->Get(0));
  if (failed(input) || failed(result))
    return failure();
  if (!input->getDefiningOp<ConstOp>() ||
      !cast<RankedTensorType>(input->getType()).getElementType().isF16())
    return failOp("DEQUANTIZE is supported for float16 constants only");
  return defineOutput(builder.create<DequantizeOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input));
}

LogicalResult Importer::importDensify() {
  const auto *inputs = currentOp->inputs();
  int32_t index = inputs && inputs->size() == 1 ? inputs->Get(0) : -1;
  if (index < 0 || static_cast<uint32_t>(index) >= subgraph->tensors()->size() ||
      !constantBuffer(index) || !subgraph->tensors()->Get(index)->sparsity())
    return failOp("DENSIFY expects one constant sparse tensor");
  const tflite::Tensor *tensor = subgraph->tensors()->Get(index);
  const tflite::SparsityParameters *sparsity = tensor->sparsity();
  auto type = tensorType(index);
  if (failed(type))
    return failure();
  // The flatbuffer's description of the sparse layout, in plain vectors for densify().
  auto indexVector = [](tflite::SparseIndexVector kind, const void *vector) {
    std::vector<int64_t> out;
    if (kind == tflite::SparseIndexVector::Int32Vector) {
      if (auto *v = static_cast<const tflite::Int32Vector *>(vector)->values())
        out.assign(v->begin(), v->end());
    } else if (kind == tflite::SparseIndexVector::Uint16Vector) {
      if (auto *v = static_cast<const tflite::Uint16Vector *>(vector)->values())
        out.assign(v->begin(), v->end());
    } else if (kind == tflite::SparseIndexVector::Uint8Vector) {
      if (auto *v = static_cast<const tflite::Uint8Vector *>(vector)->values())
        out.assign(v->begin(), v->end());
    }
    return out;
  };
  SparseTensor sparse;
  sparse.shape.assign(type->getShape().begin(), type->getShape().end());
  if (sparsity->traversal_order())
    sparse.traversalOrder.assign(sparsity->traversal_order()->begin(),
                                 sparsity->traversal_order()->end());
  if (sparsity->block_map())
    sparse.blockMap.assign(sparsity->block_map()->begin(), sparsity->block_map()->end());
  if (sparsity->dim_metadata())
    for (const tflite::DimensionMetadata *dim : *sparsity->dim_metadata()) {
      SparseDimension d;
      d.csr = dim->format() == tflite::DimensionType::SPARSE_CSR;
      d.denseSize = dim->dense_size();
      if (d.csr && (!dim->array_segments() || !dim->array_indices()))
        return failOp("sparse tensor '" + displayName(index) + "' lacks CSR segments or indices");
      if (d.csr) {
        d.segments = indexVector(dim->array_segments_type(), dim->array_segments());
        d.indices = indexVector(dim->array_indices_type(), dim->array_indices());
      }
      sparse.dims.push_back(std::move(d));
    }
  const flatbuffers::Vector<uint8_t> *data = constantBuffer(index)->data();
  if (!data)
    return failOp("sparse tensor '" + displayName(index) + "' has no data");
  std::vector<uint8_t> dense;
  std::string error;
  if (!densify(sparse, data->data(), data->size(), type->getElementTypeBitWidth() / 8, dense,
               error))
    return failOp("cannot densify '" + displayName(index) + "': " + error);
  ArrayRef<char> raw(reinterpret_cast<const char *>(dense.data()), dense.size());
  Value value = builder.create<ConstOp>(NameLoc::get(builder.getStringAttr(currentOutput)),
                                        DenseElementsAttr::getFromRawBuffer(*type, raw));
  values[currentOp->outputs()->Get(0)] = value;
  return success();
}

LogicalResult Importer::importTransposeConv(const tflite::Operator *op, bool custom) {
  // TRANSPOSE_CONV: (output_shape, weights, input[, bias]);
  // Convolution2DTransposeBias: (input, weights, bias) with its options as 12 raw bytes.
  auto input = operand(custom ? 0 : 2);
  auto filter = operand(1);
  auto bias = optionalOperand(custom ? 2 : 3);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(filter) || failed(bias) || failed(result))
    return failure();
  tflite::Padding padding;
  int64_t strideH, strideW;
  auto fused = tflite::ActivationFunctionType::NONE;
  if (custom) {
    const auto *options = op->custom_options();
    if (!options || options->size() != 12)
      return failOp("expected 12 bytes of options (padding, stride_width, stride_height)");
    int32_t fields[3];
    std::memcpy(fields, options->data(), sizeof(fields)); // little-endian, as TFLite files are
    if (fields[0] != 1 && fields[0] != 2)
      return failOp("padding " + Twine(fields[0]) + " is neither SAME (1) nor VALID (2)");
    padding = fields[0] == 1 ? tflite::Padding::SAME : tflite::Padding::VALID;
    strideW = fields[1];
    strideH = fields[2];
  } else {
    const auto *options = op->builtin_options_as_TransposeConvOptions();
    if (!options)
      return failOp("missing TransposeConvOptions");
    padding = options->padding();
    strideH = options->stride_h();
    strideW = options->stride_w();
    fused = options->fused_activation_function();
    auto shape = constantInts(0);
    if (failed(shape))
      return failure();
    if (ArrayRef<int64_t>(*shape) != result->getShape())
      return failOp("the output_shape input does not match the output tensor's shape");
  }
  auto act = activation(fused);
  if (failed(act))
    return failure();
  auto filterType = cast<RankedTensorType>(filter->getType());
  if (filterType.getRank() != 4 || result->getRank() != 4)
    return failOp("expected a 4-D filter and output");
  // The padding of the forward convolution whose input is this op's output.
  auto forward = windowPadding(padding, result->getShape(), filterType.getShape()[1],
                               filterType.getShape()[2], strideH, strideW, 1, 1);
  if (failed(forward))
    return failure();
  return defineOutput(builder.create<TransposeConv2DOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input, *filter, *bias,
      builder.getDenseI64ArrayAttr({strideH, strideW}),
      builder.getDenseI64ArrayAttr({(*forward)[0], (*forward)[2]}),
      ActivationAttr::get(context, *act)));
}

LogicalResult Importer::importDepthToSpace(const tflite::Operator *op) {
  auto input = operand(0);
  auto result = tensorType(op->outputs()->Get(0));
  if (failed(input) || failed(result))
    return failure();
  const auto *options = op->builtin_options_as_DepthToSpaceOptions();
  if (!options || options->block_size() < 1)
    return failOp("missing DepthToSpaceOptions or block_size < 1");
  return defineOutput(builder.create<DepthToSpaceOp>(
      NameLoc::get(builder.getStringAttr(currentOutput)), *result, *input,
      builder.getI64IntegerAttr(options->block_size())));
}

LogicalResult Importer::importOp(const tflite::Operator *op) {
  const tflite::OperatorCode *code = model->operator_codes()->Get(op->opcode_index());
  BuiltinOperator builtin = builtinCode(code);
  currentOp = op;
  currentOpName = opName(code);
  currentOutput = "<none>";
  if (!op->outputs() || op->outputs()->size() != 1)
    return failOp("expected exactly one output");
  int32_t out = op->outputs()->Get(0);
  if (out < 0 || static_cast<uint32_t>(out) >= subgraph->tensors()->size())
    return failOp("output tensor index " + Twine(out) + " out of range");
  currentOutput = tensorName(out);
  if (values.count(out) || constantBuffer(out))
    return failOp("writes tensor '" + currentOutput + "', which already has a value");
  if (!op->inputs())
    return failOp("has no inputs");
  auto resultType = tensorType(out);
  if (failed(resultType))
    return failure();
  if (builtin != BuiltinOperator::DEQUANTIZE && builtin != BuiltinOperator::DENSIFY &&
      !resultType->getElementType().isF32())
    return failOp("output must be float32");

  Location loc = NameLoc::get(builder.getStringAttr(currentOutput));
  auto unary = [&](auto create) -> LogicalResult {
    auto input = operand(0);
    if (failed(input))
      return failure();
    return defineOutput(create(*input));
  };
  auto clamp = [&](float lo, float hi) {
    return unary([&](Value in) {
      return builder.create<ClampOp>(loc, *resultType, in, builder.getF32FloatAttr(lo),
                                     builder.getF32FloatAttr(hi));
    });
  };
  switch (builtin) {
  case BuiltinOperator::CONV_2D:
    return importConv(op, /*depthwise=*/false);
  case BuiltinOperator::DEPTHWISE_CONV_2D:
    return importConv(op, /*depthwise=*/true);
  case BuiltinOperator::FULLY_CONNECTED:
    return importFullyConnected(op);
  case BuiltinOperator::ADD:
  case BuiltinOperator::SUB:
  case BuiltinOperator::MUL:
  case BuiltinOperator::MAXIMUM:
  case BuiltinOperator::MINIMUM:
    return importBinary(builtin, op);
  case BuiltinOperator::PAD:
    return importPad(op, /*withValue=*/false);
  case BuiltinOperator::PADV2:
    return importPad(op, /*withValue=*/true);
  case BuiltinOperator::AVERAGE_POOL_2D:
    return importPool(op, /*average=*/true);
  case BuiltinOperator::MAX_POOL_2D:
    return importPool(op, /*average=*/false);
  case BuiltinOperator::MEAN:
    return importMean(op);
  case BuiltinOperator::RESHAPE:
  case BuiltinOperator::SQUEEZE:
    return unary([&](Value in) { return builder.create<ReshapeOp>(loc, *resultType, in); });
  case BuiltinOperator::CONCATENATION:
    return importConcat(op);
  case BuiltinOperator::SOFTMAX: {
    const auto *options = op->builtin_options_as_SoftmaxOptions();
    float beta = options ? options->beta() : 1.0f;
    return unary([&](Value in) {
      return builder.create<SoftmaxOp>(loc, *resultType, in, builder.getF32FloatAttr(beta));
    });
  }
  case BuiltinOperator::RELU:
    return clamp(0.0f, std::numeric_limits<float>::infinity());
  case BuiltinOperator::RELU6:
    return clamp(0.0f, 6.0f);
  case BuiltinOperator::RELU_N1_TO_1:
    return clamp(-1.0f, 1.0f);
  case BuiltinOperator::LOGISTIC:
    return unary([&](Value in) { return builder.create<LogisticOp>(loc, *resultType, in); });
  case BuiltinOperator::TANH:
    return unary([&](Value in) { return builder.create<TanhOp>(loc, *resultType, in); });
  case BuiltinOperator::HARD_SWISH:
    return unary([&](Value in) { return builder.create<HardSwishOp>(loc, *resultType, in); });
  case BuiltinOperator::RESIZE_BILINEAR:
    return importResize(op, /*bilinear=*/true);
  case BuiltinOperator::RESIZE_NEAREST_NEIGHBOR:
    return importResize(op, /*bilinear=*/false);
  case BuiltinOperator::DEQUANTIZE:
    return importDequantize();
  case BuiltinOperator::DENSIFY:
    return importDensify();
  case BuiltinOperator::TRANSPOSE_CONV:
    return importTransposeConv(op, /*custom=*/false);
  case BuiltinOperator::CUSTOM:
    return importTransposeConv(op, /*custom=*/true);
  case BuiltinOperator::DEPTH_TO_SPACE:
    return importDepthToSpace(op);
  default:
    return failOp("unsupported op");
  }
}

OwningOpRef<ModuleOp> Importer::run(std::string &error) {
  auto finish = [&]() -> OwningOpRef<ModuleOp> {
    error = llvm::join(errors, "\n");
    return nullptr;
  };
  if (failed(checkModel()) || failed(checkTensors()) || failed(checkOperatorCodes()))
    return finish();

  // Verifier messages of the ops being built land in `errors` with the op's context.
  ScopedDiagnosticHandler handler(context, [&](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      (void)failOp(diag.str());
    return success();
  });

  Location fileLoc = FileLineColLoc::get(builder.getStringAttr(fileName), 0, 0);
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());

  // Signature: subgraph inputs and outputs, float32.
  SmallVector<Type> inputTypes, outputTypes;
  SmallVector<int32_t> inputIndices(subgraph->inputs()->begin(), subgraph->inputs()->end());
  SmallVector<int32_t> outputIndices(subgraph->outputs()->begin(), subgraph->outputs()->end());
  int32_t numTensors = subgraph->tensors()->size();
  currentOpName = "model signature";
  for (auto *list : {&inputIndices, &outputIndices}) {
    for (int32_t index : *list) {
      currentOutput = index >= 0 && index < numTensors ? tensorName(index) : "<none>";
      if (index < 0 || index >= numTensors) {
        (void)fail("model input/output tensor index " + Twine(index) + " out of range");
        return finish();
      }
      auto type = tensorType(index);
      if (failed(type))
        return finish();
      if (!type->getElementType().isF32()) {
        (void)fail("model input/output '" + displayName(index) +
                   "' must be float32 (quantized models are not supported)");
        return finish();
      }
      (list == &inputIndices ? inputTypes : outputTypes).push_back(*type);
    }
  }
  auto func = builder.create<func::FuncOp>(fileLoc, "main",
                                           builder.getFunctionType(inputTypes, outputTypes));
  Block *body = func.addEntryBlock();
  for (auto [i, index] : llvm::enumerate(inputIndices)) {
    values[index] = body->getArgument(i);
    func.setArgAttr(i, kTensorNameAttr, builder.getStringAttr(tensorName(index)));
  }
  for (auto [i, index] : llvm::enumerate(outputIndices))
    func.setResultAttr(i, kTensorNameAttr, builder.getStringAttr(tensorName(index)));

  builder.setInsertionPointToEnd(body);
  for (uint32_t i = 0; i < subgraph->operators()->size(); ++i) {
    opIndex = i;
    if (failed(importOp(subgraph->operators()->Get(i))))
      return finish();
  }

  opIndex = -1;
  currentOpName = "model outputs";
  SmallVector<Value> results;
  for (int32_t index : outputIndices) {
    auto it = values.find(index);
    if (it != values.end()) {
      results.push_back(it->second);
      continue;
    }
    if (!constantBuffer(index)) {
      (void)fail("model output '" + displayName(index) + "' is never written");
      return finish();
    }
    auto constant = createConstant(index);
    if (failed(constant))
      return finish();
    results.push_back(*constant);
  }
  builder.create<func::ReturnOp>(fileLoc, results);
  if (failed(verify(*module)))
    return finish();
  return module;
}

} // namespace

OwningOpRef<ModuleOp> importTFLite(MLIRContext *context, StringRef fileName,
                                   ArrayRef<uint8_t> bytes, std::string &error) {
  context->loadDialect<MNetDialect, func::FuncDialect>();
  return Importer(context, fileName, bytes).run(error);
}

} // namespace mnetc

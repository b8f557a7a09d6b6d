// mnetc test-model builder: see ModelBuilder.h.
#include "models/ModelBuilder.h"

#include <algorithm>
#include <cstring>

namespace mnet {
namespace models {

using tflite::BuiltinOperator;

// ---------------------------------------------------------------------------------------------
// binary16
// ---------------------------------------------------------------------------------------------

uint16_t floatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const uint32_t sign = (x >> 16) & 0x8000u;
  const uint32_t absx = x & 0x7fffffffu;
  if (absx >= 0x7f800000u) // inf / nan
    return static_cast<uint16_t>(sign | 0x7c00u | (absx > 0x7f800000u ? 0x200u : 0u));
  if (absx >= 0x477ff000u) // >= 65520: rounds to infinity
    return static_cast<uint16_t>(sign | 0x7c00u);
  const int e = static_cast<int>(absx >> 23);
  const uint32_t mant = absx & 0x7fffffu;
  if (e < 113) { // below 2^-14: half subnormal (or zero)
    if (e < 102)
      return static_cast<uint16_t>(sign);
    const uint32_t m = mant | 0x800000u;
    const int shift = 126 - e; // 14..24: value in units of 2^-24
    uint32_t q = m >> shift;
    const uint32_t rem = m & ((1u << shift) - 1u);
    const uint32_t halfway = 1u << (shift - 1);
    if (rem > halfway || (rem == halfway && (q & 1u)))
      ++q;
    return static_cast<uint16_t>(sign | q);
  }
  uint32_t q = (static_cast<uint32_t>(e - 112) << 10) | (mant >> 13);
  const uint32_t rem = mant & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (q & 1u)))
    ++q;
  return static_cast<uint16_t>(sign | q);
}

float halfToFloat(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t e = (h >> 10) & 0x1fu;
  uint32_t m = h & 0x3ffu;
  uint32_t x;
  if (e == 0x1f) {
    x = sign | 0x7f800000u | (m << 13);
  } else if (e != 0) {
    x = sign | ((e + 112u) << 23) | (m << 13);
  } else if (m == 0) {
    x = sign;
  } else { // subnormal: normalize
    int exp = 113;
    while (!(m & 0x400u)) {
      m <<= 1;
      --exp;
    }
    x = sign | (static_cast<uint32_t>(exp) << 23) | ((m & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &x, sizeof f);
  return f;
}

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

int convOutSize(int in, int kernel, int stride, int dilation, Padding padding) {
  if (in <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0)
    return 0;
  const int effective = (kernel - 1) * dilation + 1;
  if (padding == Padding::Same)
    return (in + stride - 1) / stride;
  if (in < effective)
    return 0;
  return (in - effective + stride) / stride;
}

namespace {

tflite::ActivationFunctionType toTfl(Activation a) {
  switch (a) {
  case Activation::None: return tflite::ActivationFunctionType::NONE;
  case Activation::Relu: return tflite::ActivationFunctionType::RELU;
  case Activation::ReluN1To1: return tflite::ActivationFunctionType::RELU_N1_TO_1;
  case Activation::Relu6: return tflite::ActivationFunctionType::RELU6;
  case Activation::Tanh: return tflite::ActivationFunctionType::TANH;
  }
  return tflite::ActivationFunctionType::NONE;
}

tflite::Padding toTfl(Padding p) {
  return p == Padding::Same ? tflite::Padding::SAME : tflite::Padding::VALID;
}

tflite::TensorType toTfl(DType t) {
  switch (t) {
  case DType::Float32: return tflite::TensorType::FLOAT32;
  case DType::Float16: return tflite::TensorType::FLOAT16;
  case DType::Int32: return tflite::TensorType::INT32;
  }
  return tflite::TensorType::FLOAT32;
}

int64_t numElements(const Shape &s) {
  int64_t n = 1;
  for (int32_t d : s)
    n *= d;
  return n;
}

std::string shapeStr(const Shape &s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i)
    r += (i ? "," : "") + std::to_string(s[i]);
  return r + "]";
}

template <typename U> struct UIntOf;
template <> struct UIntOf<float> { using type = uint32_t; };
template <> struct UIntOf<int32_t> { using type = uint32_t; };
template <> struct UIntOf<uint16_t> { using type = uint16_t; };

// Little-endian byte image, independent of the host byte order.
template <typename T> std::vector<uint8_t> toBytes(const std::vector<T> &v) {
  using U = typename UIntOf<T>::type;
  static_assert(sizeof(U) == sizeof(T), "size mismatch");
  std::vector<uint8_t> bytes(v.size() * sizeof(T));
  for (size_t i = 0; i < v.size(); ++i) {
    U bits;
    std::memcpy(&bits, &v[i], sizeof bits);
    for (size_t b = 0; b < sizeof(U); ++b)
      bytes[i * sizeof(U) + b] = static_cast<uint8_t>((bits >> (8 * b)) & 0xffu);
  }
  return bytes;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// ModelBuilder
// ---------------------------------------------------------------------------------------------

ModelBuilder::ModelBuilder() {
  model_.version = 3;
  model_.description = "mnetc test model";
  model_.buffers.emplace_back(new tflite::BufferT()); // buffer 0: empty
  model_.subgraphs.emplace_back(new tflite::SubGraphT());
  model_.subgraphs[0]->name = "main";
}

ModelBuilder::~ModelBuilder() = default;

tflite::SubGraphT &ModelBuilder::graph() { return *model_.subgraphs[0]; }

bool ModelBuilder::fail(const std::string &msg) {
  if (error_.empty())
    error_ = msg;
  return false;
}

bool ModelBuilder::valid(int tensor, const char *what) {
  if (!error_.empty())
    return false;
  if (tensor < 0 || tensor >= static_cast<int>(graph().tensors.size()))
    return fail(std::string(what) + ": invalid tensor index " + std::to_string(tensor));
  return true;
}

std::string ModelBuilder::uniqueName(const std::string &name) {
  std::string base = name.empty() ? std::string("tensor") : name;
  std::string n = base;
  for (int i = 1; names_.count(n); ++i)
    n = base + "_" + std::to_string(i);
  names_.insert(n);
  return n;
}

int ModelBuilder::newTensor(const std::string &name, const Shape &shape, DType type,
                            std::vector<uint8_t> *data) {
  if (!error_.empty())
    return -1;
  for (int32_t d : shape)
    if (d <= 0) {
      fail("tensor '" + name + "': non-positive dimension in shape " + shapeStr(shape));
      return -1;
    }
  std::unique_ptr<tflite::TensorT> t(new tflite::TensorT());
  t->shape = shape;
  t->type = toTfl(type);
  t->name = uniqueName(name);
  t->buffer = 0;
  if (data) {
    std::unique_ptr<tflite::BufferT> b(new tflite::BufferT());
    b->data = std::move(*data);
    t->buffer = static_cast<uint32_t>(model_.buffers.size());
    model_.buffers.push_back(std::move(b));
  }
  graph().tensors.push_back(std::move(t));
  return static_cast<int>(graph().tensors.size()) - 1;
}

int ModelBuilder::addInput(const std::string &name, const Shape &shape) {
  int t = newTensor(name, shape, DType::Float32, nullptr);
  if (t >= 0)
    graph().inputs.push_back(t);
  return t;
}

int ModelBuilder::addConstF32(const std::string &name, const Shape &shape,
                              const std::vector<float> &data) {
  if (numElements(shape) != static_cast<int64_t>(data.size())) {
    fail("constant '" + name + "': " + std::to_string(data.size()) +
         " values for shape " + shapeStr(shape));
    return -1;
  }
  std::vector<uint8_t> bytes = toBytes(data);
  return newTensor(name, shape, DType::Float32, &bytes);
}

int ModelBuilder::addConstF16Bits(const std::string &name, const Shape &shape,
                                  const std::vector<uint16_t> &bits) {
  if (numElements(shape) != static_cast<int64_t>(bits.size())) {
    fail("constant '" + name + "': " + std::to_string(bits.size()) +
         " values for shape " + shapeStr(shape));
    return -1;
  }
  std::vector<uint8_t> bytes = toBytes(bits);
  return newTensor(name, shape, DType::Float16, &bytes);
}

int ModelBuilder::addConstF16(const std::string &name, const Shape &shape,
                              const std::vector<float> &data) {
  std::vector<uint16_t> bits(data.size());
  for (size_t i = 0; i < data.size(); ++i)
    bits[i] = floatToHalf(data[i]);
  return addConstF16Bits(name, shape, bits);
}

int ModelBuilder::addConstI32(const std::string &name, const Shape &shape,
                              const std::vector<int32_t> &data) {
  if (numElements(shape) != static_cast<int64_t>(data.size())) {
    fail("constant '" + name + "': " + std::to_string(data.size()) +
         " values for shape " + shapeStr(shape));
    return -1;
  }
  std::vector<uint8_t> bytes = toBytes(data);
  return newTensor(name, shape, DType::Int32, &bytes);
}

int ModelBuilder::addTensor(const std::string &name, const Shape &shape, DType type) {
  return newTensor(name, shape, type, nullptr);
}

void ModelBuilder::markOutput(int tensor) {
  if (valid(tensor, "markOutput"))
    graph().outputs.push_back(tensor);
}

bool ModelBuilder::checkOperands(const char *what, const std::vector<int> &inputs,
                                 const std::vector<int> &outputs) {
  if (!error_.empty())
    return false;
  const int n = static_cast<int>(graph().tensors.size());
  for (int i : inputs)
    if (i < -1 || i >= n)
      return fail(std::string("op ") + what + ": invalid input tensor " + std::to_string(i));
  for (int o : outputs)
    if (o < 0 || o >= n)
      return fail(std::string("op ") + what + ": invalid output tensor " + std::to_string(o));
  return true;
}

void ModelBuilder::addCustomOp(const std::string &customCode, const std::vector<int> &inputs,
                               const std::vector<int> &outputs,
                               const std::vector<uint8_t> &customOptions, int version) {
  if (!checkOperands(customCode.c_str(), inputs, outputs))
    return;
  if (customCode.empty()) {
    fail("custom op without a custom code");
    return;
  }
  int idx;
  auto it = customOpcodeOf_.find(customCode);
  if (it == customOpcodeOf_.end()) {
    std::unique_ptr<tflite::OperatorCodeT> oc(new tflite::OperatorCodeT());
    oc->builtin_code = BuiltinOperator::CUSTOM;
    oc->deprecated_builtin_code = static_cast<int8_t>(BuiltinOperator::CUSTOM);
    oc->custom_code = customCode;
    oc->version = version;
    idx = static_cast<int>(model_.operator_codes.size());
    model_.operator_codes.push_back(std::move(oc));
    customOpcodeOf_[customCode] = idx;
  } else {
    idx = it->second;
    if (model_.operator_codes[idx]->version < version)
      model_.operator_codes[idx]->version = version;
  }
  std::unique_ptr<tflite::OperatorT> op(new tflite::OperatorT());
  op->opcode_index = static_cast<uint32_t>(idx);
  op->inputs.assign(inputs.begin(), inputs.end());
  op->outputs.assign(outputs.begin(), outputs.end());
  op->custom_options = customOptions;
  op->custom_options_format = tflite::CustomOptionsFormat::FLEXBUFFERS;
  graph().operators.push_back(std::move(op));
}

void ModelBuilder::addOp(BuiltinOperator code, const std::vector<int> &inputs,
                         const std::vector<int> &outputs, tflite::BuiltinOptionsUnion options,
                         int version) {
  if (!checkOperands(tflite::EnumNameBuiltinOperator(code), inputs, outputs))
    return;
  const int c = static_cast<int>(code);
  if (c < 0) {
    fail("invalid builtin code");
    return;
  }
  if (static_cast<int>(opcodeOf_.size()) <= c)
    opcodeOf_.resize(c + 1, -1);
  int idx = opcodeOf_[c];
  if (idx < 0) {
    std::unique_ptr<tflite::OperatorCodeT> oc(new tflite::OperatorCodeT());
    oc->builtin_code = code;
    oc->deprecated_builtin_code = static_cast<int8_t>(std::min(c, 127));
    oc->version = version;
    idx = static_cast<int>(model_.operator_codes.size());
    model_.operator_codes.push_back(std::move(oc));
    opcodeOf_[c] = idx;
  } else if (model_.operator_codes[idx]->version < version) {
    // One OperatorCode per builtin: it carries the highest version any use needs.
    model_.operator_codes[idx]->version = version;
  }
  std::unique_ptr<tflite::OperatorT> op(new tflite::OperatorT());
  op->opcode_index = static_cast<uint32_t>(idx);
  op->inputs.assign(inputs.begin(), inputs.end());
  op->outputs.assign(outputs.begin(), outputs.end());
  op->builtin_options = std::move(options);
  graph().operators.push_back(std::move(op));
}

const Shape &ModelBuilder::shape(int tensor) const {
  static const Shape empty;
  if (tensor < 0 || tensor >= static_cast<int>(model_.subgraphs[0]->tensors.size()))
    return empty;
  return model_.subgraphs[0]->tensors[tensor]->shape;
}

const std::string &ModelBuilder::tensorName(int tensor) const {
  static const std::string empty;
  if (tensor < 0 || tensor >= static_cast<int>(model_.subgraphs[0]->tensors.size()))
    return empty;
  return model_.subgraphs[0]->tensors[tensor]->name;
}

int ModelBuilder::numTensors() const {
  return static_cast<int>(model_.subgraphs[0]->tensors.size());
}

// ---- convolutions ----------------------------------------------------------------------------

int ModelBuilder::conv2d(const std::string &name, int input, int filter, int bias, int strideH,
                         int strideW, Padding padding, Activation act, int dilationH,
                         int dilationW) {
  if (!valid(input, "conv2d") || !valid(filter, "conv2d filter") ||
      (bias != -1 && !valid(bias, "conv2d bias")))
    return -1;
  const Shape in = shape(input), f = shape(filter);
  if (in.size() != 4 || f.size() != 4 || f[3] != in[3]) {
    fail("conv2d '" + name + "': input " + shapeStr(in) + " / filter " + shapeStr(f) +
         " mismatch");
    return -1;
  }
  if (bias != -1 && (shape(bias).size() != 1 || shape(bias)[0] != f[0])) {
    fail("conv2d '" + name + "': bias shape " + shapeStr(shape(bias)));
    return -1;
  }
  const int oh = convOutSize(in[1], f[1], strideH, dilationH, padding);
  const int ow = convOutSize(in[2], f[2], strideW, dilationW, padding);
  if (oh <= 0 || ow <= 0) {
    fail("conv2d '" + name + "': window does not fit input " + shapeStr(in));
    return -1;
  }
  int out = addTensor(name, {in[0], oh, ow, f[0]});
  tflite::Conv2DOptionsT o;
  o.padding = toTfl(padding);
  o.stride_h = strideH;
  o.stride_w = strideW;
  o.dilation_h_factor = dilationH;
  o.dilation_w_factor = dilationW;
  o.fused_activation_function = toTfl(act);
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::CONV_2D, {input, filter, bias}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::depthwiseConv2d(const std::string &name, int input, int filter, int bias,
                                  int strideH, int strideW, Padding padding, int multiplier,
                                  Activation act, int dilationH, int dilationW) {
  if (!valid(input, "depthwise") || !valid(filter, "depthwise filter") ||
      (bias != -1 && !valid(bias, "depthwise bias")))
    return -1;
  const Shape in = shape(input), f = shape(filter);
  if (in.size() != 4 || f.size() != 4 || f[0] != 1 || multiplier < 1 ||
      f[3] != in[3] * multiplier) {
    fail("depthwise '" + name + "': input " + shapeStr(in) + " / filter " + shapeStr(f) +
         " / multiplier " + std::to_string(multiplier) + " mismatch");
    return -1;
  }
  if (bias != -1 && (shape(bias).size() != 1 || shape(bias)[0] != f[3])) {
    fail("depthwise '" + name + "': bias shape " + shapeStr(shape(bias)));
    return -1;
  }
  const int oh = convOutSize(in[1], f[1], strideH, dilationH, padding);
  const int ow = convOutSize(in[2], f[2], strideW, dilationW, padding);
  if (oh <= 0 || ow <= 0) {
    fail("depthwise '" + name + "': window does not fit input " + shapeStr(in));
    return -1;
  }
  int out = addTensor(name, {in[0], oh, ow, f[3]});
  tflite::DepthwiseConv2DOptionsT o;
  o.padding = toTfl(padding);
  o.stride_h = strideH;
  o.stride_w = strideW;
  o.depth_multiplier = multiplier;
  o.dilation_h_factor = dilationH;
  o.dilation_w_factor = dilationW;
  o.fused_activation_function = toTfl(act);
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  const int version = (dilationH != 1 || dilationW != 1) ? 2 : 1;
  addOp(BuiltinOperator::DEPTHWISE_CONV_2D, {input, filter, bias}, {out}, std::move(u), version);
  return out;
}

// ---- transposed convolution / depth to space --------------------------------------------------

// Validates a transposed convolution's operands; outH/outW are checked when positive and
// computed (SAME in * stride, VALID (in - 1) * stride + k) when zero.
bool ModelBuilder::transposeConvShape(const std::string &name, int input, int weights, int bias,
                                      int strideH, int strideW, Padding padding, int &outH,
                                      int &outW) {
  if (!valid(input, "transpose_conv") || !valid(weights, "transpose_conv weights") ||
      (bias != -1 && !valid(bias, "transpose_conv bias")))
    return false;
  const Shape in = shape(input), w = shape(weights);
  if (in.size() != 4 || w.size() != 4 || w[3] != in[3])
    return fail("transpose_conv '" + name + "': input " + shapeStr(in) + " / weights " +
                shapeStr(w) + " mismatch");
  if (bias != -1 && (shape(bias).size() != 1 || shape(bias)[0] != w[0]))
    return fail("transpose_conv '" + name + "': bias shape " + shapeStr(shape(bias)));
  if (strideH < 1 || strideW < 1)
    return fail("transpose_conv '" + name + "': non-positive stride");
  const bool same = padding == Padding::Same;
  if (outH == 0)
    outH = same ? in[1] * strideH : (in[1] - 1) * strideH + w[1];
  if (outW == 0)
    outW = same ? in[2] * strideW : (in[2] - 1) * strideW + w[2];
  // The transposed conv's input must be what a forward conv of its output would produce.
  if (outH <= 0 || outW <= 0 || convOutSize(outH, w[1], strideH, 1, padding) != in[1] ||
      convOutSize(outW, w[2], strideW, 1, padding) != in[2])
    return fail("transpose_conv '" + name + "': output " + std::to_string(outH) + "x" +
                std::to_string(outW) + " inconsistent with input " + shapeStr(in) +
                ", kernel " + shapeStr(w) + " and strides");
  return true;
}

int ModelBuilder::transposeConv(const std::string &name, int input, int weights, int bias,
                                int outH, int outW, int strideH, int strideW, Padding padding) {
  if (outH <= 0 || outW <= 0) {
    fail("transpose_conv '" + name + "': output size must be positive");
    return -1;
  }
  if (!transposeConvShape(name, input, weights, bias, strideH, strideW, padding, outH, outW))
    return -1;
  const Shape os = {shape(input)[0], outH, outW, shape(weights)[0]};
  int shapeT = addConstI32(name + "/output_shape", {4}, os);
  int out = addTensor(name, os);
  tflite::TransposeConvOptionsT o;
  o.padding = toTfl(padding);
  o.stride_h = strideH;
  o.stride_w = strideW;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::TRANSPOSE_CONV, {shapeT, weights, input, bias}, {out}, std::move(u), 3);
  return out;
}

int ModelBuilder::transposeConvBiasCustom(const std::string &name, int input, int weights,
                                          int bias, int strideH, int strideW, Padding padding) {
  if (bias == -1) {
    fail("Convolution2DTransposeBias '" + name + "': needs a bias");
    return -1;
  }
  int outH = 0, outW = 0;
  if (!transposeConvShape(name, input, weights, bias, strideH, strideW, padding, outH, outW))
    return -1;
  int out = addTensor(name, {shape(input)[0], outH, outW, shape(weights)[0]});
  // TfLitePadding: 1 = SAME, 2 = VALID.
  const std::vector<int32_t> opts = {padding == Padding::Same ? 1 : 2, strideW, strideH};
  addCustomOp("Convolution2DTransposeBias", {input, weights, bias}, {out}, toBytes(opts), 1);
  return out;
}

int ModelBuilder::depthToSpace(const std::string &name, int input, int blockSize) {
  if (!valid(input, "depth_to_space"))
    return -1;
  const Shape in = shape(input);
  if (in.size() != 4 || blockSize < 1 || in[3] % (blockSize * blockSize) != 0) {
    fail("depth_to_space '" + name + "': input " + shapeStr(in) + " / block size " +
         std::to_string(blockSize) + " mismatch");
    return -1;
  }
  int out = addTensor(name, {in[0], in[1] * blockSize, in[2] * blockSize,
                             in[3] / (blockSize * blockSize)});
  tflite::DepthToSpaceOptionsT o;
  o.block_size = blockSize;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::DEPTH_TO_SPACE, {input}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::fullyConnected(const std::string &name, int input, int weights, int bias,
                                 Activation act, bool keepNumDims) {
  if (!valid(input, "fully_connected") || !valid(weights, "fully_connected weights") ||
      (bias != -1 && !valid(bias, "fully_connected bias")))
    return -1;
  const Shape in = shape(input), w = shape(weights);
  if (w.size() != 2 || in.empty() || numElements(in) % w[1] != 0) {
    fail("fully_connected '" + name + "': input " + shapeStr(in) + " / weights " +
         shapeStr(w) + " mismatch");
    return -1;
  }
  if (bias != -1 && (shape(bias).size() != 1 || shape(bias)[0] != w[0])) {
    fail("fully_connected '" + name + "': bias shape " + shapeStr(shape(bias)));
    return -1;
  }
  Shape os;
  if (keepNumDims) {
    if (in.back() != w[1]) {
      fail("fully_connected '" + name + "': keep_num_dims needs last dim == " +
           std::to_string(w[1]));
      return -1;
    }
    os = in;
    os.back() = w[0];
  } else {
    os = {static_cast<int32_t>(numElements(in) / w[1]), w[0]};
  }
  int out = addTensor(name, os);
  tflite::FullyConnectedOptionsT o;
  o.fused_activation_function = toTfl(act);
  o.keep_num_dims = keepNumDims;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  const int version = keepNumDims ? 5 : 1;
  addOp(BuiltinOperator::FULLY_CONNECTED, {input, weights, bias}, {out}, std::move(u), version);
  return out;
}

// ---- elementwise -------------------------------------------------------------------------------

int ModelBuilder::binaryOp(BuiltinOperator code, const std::string &name, int a, int b,
                           Activation act) {
  if (!valid(a, "binary op") || !valid(b, "binary op"))
    return -1;
  const Shape sa = shape(a), sb = shape(b);
  const size_t rank = std::max(sa.size(), sb.size());
  Shape os(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int da = i < rank - sa.size() ? 1 : sa[i - (rank - sa.size())];
    const int db = i < rank - sb.size() ? 1 : sb[i - (rank - sb.size())];
    if (da != db && da != 1 && db != 1) {
      fail(std::string(tflite::EnumNameBuiltinOperator(code)) + " '" + name +
           "': shapes " + shapeStr(sa) + " and " + shapeStr(sb) + " do not broadcast");
      return -1;
    }
    os[i] = std::max(da, db);
  }
  int out = addTensor(name, os);
  tflite::BuiltinOptionsUnion u;
  switch (code) {
  case BuiltinOperator::ADD: {
    tflite::AddOptionsT o;
    o.fused_activation_function = toTfl(act);
    u.Set(std::move(o));
    break;
  }
  case BuiltinOperator::SUB: {
    tflite::SubOptionsT o;
    o.fused_activation_function = toTfl(act);
    u.Set(std::move(o));
    break;
  }
  case BuiltinOperator::MUL: {
    tflite::MulOptionsT o;
    o.fused_activation_function = toTfl(act);
    u.Set(std::move(o));
    break;
  }
  default:
    u.Set(tflite::MaximumMinimumOptionsT());
    break;
  }
  addOp(code, {a, b}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::add(const std::string &name, int a, int b, Activation act) {
  return binaryOp(BuiltinOperator::ADD, name, a, b, act);
}
int ModelBuilder::sub(const std::string &name, int a, int b, Activation act) {
  return binaryOp(BuiltinOperator::SUB, name, a, b, act);
}
int ModelBuilder::mul(const std::string &name, int a, int b, Activation act) {
  return binaryOp(BuiltinOperator::MUL, name, a, b, act);
}
int ModelBuilder::maximum(const std::string &name, int a, int b) {
  return binaryOp(BuiltinOperator::MAXIMUM, name, a, b, Activation::None);
}
int ModelBuilder::minimum(const std::string &name, int a, int b) {
  return binaryOp(BuiltinOperator::MINIMUM, name, a, b, Activation::None);
}

int ModelBuilder::unaryOp(BuiltinOperator code, const std::string &name, int input) {
  if (!valid(input, tflite::EnumNameBuiltinOperator(code)))
    return -1;
  int out = addTensor(name, shape(input));
  tflite::BuiltinOptionsUnion u;
  if (code == BuiltinOperator::HARD_SWISH)
    u.Set(tflite::HardSwishOptionsT());
  addOp(code, {input}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::relu(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::RELU, name, input);
}
int ModelBuilder::relu6(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::RELU6, name, input);
}
int ModelBuilder::reluN1To1(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::RELU_N1_TO_1, name, input);
}
int ModelBuilder::logistic(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::LOGISTIC, name, input);
}
int ModelBuilder::tanh(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::TANH, name, input);
}
int ModelBuilder::hardSwish(const std::string &name, int input) {
  return unaryOp(BuiltinOperator::HARD_SWISH, name, input);
}

int ModelBuilder::dequantize(const std::string &name, int input) {
  if (!valid(input, "dequantize"))
    return -1;
  int out = addTensor(name, shape(input));
  // float16 input needs version 3 of DEQUANTIZE.
  addOp(BuiltinOperator::DEQUANTIZE, {input}, {out}, {}, 3);
  return out;
}

// ---- pad / pool / reductions / shape ops ------------------------------------------------------

int ModelBuilder::padImpl(const std::string &name, int input,
                          const std::vector<std::pair<int, int>> &paddings, bool v2,
                          float value) {
  if (!valid(input, "pad"))
    return -1;
  Shape os = shape(input);
  if (paddings.size() != os.size()) {
    fail("pad '" + name + "': need one padding pair per dimension of " + shapeStr(os));
    return -1;
  }
  std::vector<int32_t> flat;
  for (size_t i = 0; i < paddings.size(); ++i) {
    if (paddings[i].first < 0 || paddings[i].second < 0) {
      fail("pad '" + name + "': negative padding");
      return -1;
    }
    os[i] += paddings[i].first + paddings[i].second;
    flat.push_back(paddings[i].first);
    flat.push_back(paddings[i].second);
  }
  int padsT = addConstI32(name + "/paddings", {static_cast<int32_t>(paddings.size()), 2}, flat);
  int valueT = -1;
  if (v2)
    valueT = addConstF32(name + "/constant_values", {}, {value});
  int out = addTensor(name, os);
  tflite::BuiltinOptionsUnion u;
  if (v2) {
    u.Set(tflite::PadV2OptionsT());
    addOp(BuiltinOperator::PADV2, {input, padsT, valueT}, {out}, std::move(u), 1);
  } else {
    u.Set(tflite::PadOptionsT());
    addOp(BuiltinOperator::PAD, {input, padsT}, {out}, std::move(u), 1);
  }
  return out;
}

int ModelBuilder::pad(const std::string &name, int input,
                      const std::vector<std::pair<int, int>> &paddings) {
  return padImpl(name, input, paddings, false, 0.0f);
}

int ModelBuilder::padV2(const std::string &name, int input,
                        const std::vector<std::pair<int, int>> &paddings, float value) {
  return padImpl(name, input, paddings, true, value);
}

int ModelBuilder::pool(BuiltinOperator code, const std::string &name, int input, int filterH,
                       int filterW, int strideH, int strideW, Padding padding, Activation act) {
  if (!valid(input, "pool"))
    return -1;
  const Shape in = shape(input);
  if (in.size() != 4) {
    fail("pool '" + name + "': input must be 4-D");
    return -1;
  }
  const int oh = convOutSize(in[1], filterH, strideH, 1, padding);
  const int ow = convOutSize(in[2], filterW, strideW, 1, padding);
  if (oh <= 0 || ow <= 0) {
    fail("pool '" + name + "': window does not fit input " + shapeStr(in));
    return -1;
  }
  int out = addTensor(name, {in[0], oh, ow, in[3]});
  tflite::Pool2DOptionsT o;
  o.padding = toTfl(padding);
  o.stride_h = strideH;
  o.stride_w = strideW;
  o.filter_height = filterH;
  o.filter_width = filterW;
  o.fused_activation_function = toTfl(act);
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(code, {input}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::averagePool2d(const std::string &name, int input, int filterH, int filterW,
                                int strideH, int strideW, Padding padding, Activation act) {
  return pool(BuiltinOperator::AVERAGE_POOL_2D, name, input, filterH, filterW, strideH, strideW,
              padding, act);
}

int ModelBuilder::maxPool2d(const std::string &name, int input, int filterH, int filterW,
                            int strideH, int strideW, Padding padding, Activation act) {
  return pool(BuiltinOperator::MAX_POOL_2D, name, input, filterH, filterW, strideH, strideW,
              padding, act);
}

int ModelBuilder::mean(const std::string &name, int input, const std::vector<int> &axes,
                       bool keepDims) {
  if (!valid(input, "mean"))
    return -1;
  const Shape in = shape(input);
  const int rank = static_cast<int>(in.size());
  std::vector<bool> reduced(rank, false);
  std::vector<int32_t> ax;
  for (int a : axes) {
    const int n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank) {
      fail("mean '" + name + "': axis " + std::to_string(a) + " out of range");
      return -1;
    }
    reduced[n] = true;
    ax.push_back(a);
  }
  Shape os;
  for (int i = 0; i < rank; ++i) {
    if (!reduced[i])
      os.push_back(in[i]);
    else if (keepDims)
      os.push_back(1);
  }
  int axesT = addConstI32(name + "/reduction_indices", {static_cast<int32_t>(ax.size())}, ax);
  int out = addTensor(name, os);
  tflite::ReducerOptionsT o;
  o.keep_dims = keepDims;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::MEAN, {input, axesT}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::reshape(const std::string &name, int input, const Shape &newShape) {
  if (!valid(input, "reshape"))
    return -1;
  if (numElements(newShape) != numElements(shape(input))) {
    fail("reshape '" + name + "': " + shapeStr(shape(input)) + " -> " + shapeStr(newShape) +
         " changes the element count");
    return -1;
  }
  int shapeT = addConstI32(name + "/shape", {static_cast<int32_t>(newShape.size())}, newShape);
  int out = addTensor(name, newShape);
  tflite::ReshapeOptionsT o;
  o.new_shape = newShape;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::RESHAPE, {input, shapeT}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::squeeze(const std::string &name, int input, const std::vector<int> &dims) {
  if (!valid(input, "squeeze"))
    return -1;
  const Shape in = shape(input);
  const int rank = static_cast<int>(in.size());
  std::vector<bool> drop(rank, false);
  for (int d : dims) {
    const int n = d < 0 ? d + rank : d;
    if (n < 0 || n >= rank || in[n] != 1) {
      fail("squeeze '" + name + "': cannot squeeze dim " + std::to_string(d) + " of " +
           shapeStr(in));
      return -1;
    }
    drop[n] = true;
  }
  Shape os;
  for (int i = 0; i < rank; ++i)
    if (!(dims.empty() ? in[i] == 1 : drop[i]))
      os.push_back(in[i]);
  int out = addTensor(name, os);
  tflite::SqueezeOptionsT o;
  o.squeeze_dims.assign(dims.begin(), dims.end());
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::SQUEEZE, {input}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::concatenation(const std::string &name, const std::vector<int> &inputs,
                                int axis, Activation act) {
  if (inputs.empty()) {
    fail("concatenation '" + name + "': no inputs");
    return -1;
  }
  for (int t : inputs)
    if (!valid(t, "concatenation"))
      return -1;
  Shape os = shape(inputs[0]);
  const int rank = static_cast<int>(os.size());
  const int ax = axis < 0 ? axis + rank : axis;
  if (ax < 0 || ax >= rank) {
    fail("concatenation '" + name + "': axis out of range");
    return -1;
  }
  for (size_t i = 1; i < inputs.size(); ++i) {
    const Shape s = shape(inputs[i]);
    bool ok = static_cast<int>(s.size()) == rank;
    for (int d = 0; ok && d < rank; ++d)
      ok = d == ax || s[d] == os[d];
    if (!ok) {
      fail("concatenation '" + name + "': incompatible input " + shapeStr(s));
      return -1;
    }
    os[ax] += s[ax];
  }
  int out = addTensor(name, os);
  tflite::ConcatenationOptionsT o;
  o.axis = axis;
  o.fused_activation_function = toTfl(act);
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::CONCATENATION, inputs, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::softmax(const std::string &name, int input, float beta) {
  if (!valid(input, "softmax"))
    return -1;
  int out = addTensor(name, shape(input));
  tflite::SoftmaxOptionsT o;
  o.beta = beta;
  tflite::BuiltinOptionsUnion u;
  u.Set(std::move(o));
  addOp(BuiltinOperator::SOFTMAX, {input}, {out}, std::move(u), 1);
  return out;
}

int ModelBuilder::resize(bool bilinear, const std::string &name, int input, int newH, int newW,
                         bool alignCorners, bool halfPixelCenters) {
  if (!valid(input, "resize"))
    return -1;
  const Shape in = shape(input);
  if (in.size() != 4 || newH <= 0 || newW <= 0 || (alignCorners && halfPixelCenters)) {
    fail("resize '" + name + "': bad input shape, size or flags");
    return -1;
  }
  int sizeT = addConstI32(name + "/size", {2}, {newH, newW});
  int out = addTensor(name, {in[0], newH, newW, in[3]});
  tflite::BuiltinOptionsUnion u;
  int version = 1;
  if (bilinear) {
    tflite::ResizeBilinearOptionsT o;
    o.align_corners = alignCorners;
    o.half_pixel_centers = halfPixelCenters;
    u.Set(std::move(o));
    version = halfPixelCenters ? 3 : 1;
  } else {
    tflite::ResizeNearestNeighborOptionsT o;
    o.align_corners = alignCorners;
    o.half_pixel_centers = halfPixelCenters;
    u.Set(std::move(o));
    version = halfPixelCenters ? 3 : (alignCorners ? 3 : 1);
  }
  addOp(bilinear ? BuiltinOperator::RESIZE_BILINEAR : BuiltinOperator::RESIZE_NEAREST_NEIGHBOR,
        {input, sizeT}, {out}, std::move(u), version);
  return out;
}

int ModelBuilder::resizeBilinear(const std::string &name, int input, int newH, int newW,
                                 bool alignCorners, bool halfPixelCenters) {
  return resize(true, name, input, newH, newW, alignCorners, halfPixelCenters);
}

int ModelBuilder::resizeNearest(const std::string &name, int input, int newH, int newW,
                                bool alignCorners, bool halfPixelCenters) {
  return resize(false, name, input, newH, newW, alignCorners, halfPixelCenters);
}

// ---- serialization ------------------------------------------------------------------------------

bool ModelBuilder::finish(std::vector<uint8_t> &out, std::string &error,
                          const std::string &description) {
  if (error_.empty() && graph().inputs.empty())
    fail("model has no inputs");
  if (error_.empty() && graph().outputs.empty())
    fail("model has no outputs");
  if (!error_.empty()) {
    error = error_;
    return false;
  }
  model_.description = description;
  flatbuffers::FlatBufferBuilder fbb(1 << 16);
  auto root = tflite::Model::Pack(fbb, &model_);
  tflite::FinishModelBuffer(fbb, root);
  out.assign(fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
  return true;
}

} // namespace models
} // namespace mnet

// xnnpack_runner: the reference point of mnetc's benchmark.
//
//   xnnpack_runner MODEL.tflite IN0.bin [IN1.bin ...] OUTDIR [--runs N]
//
// Parses an fp32 TFLite model with the project's flatbuffers schema, defines
// the same graph as an XNNPACK subgraph (static weights, NHWC, TensorFlow SAME
// padding, fused activations as output clamps), creates a runtime without a
// threadpool (one thread), runs one warm-up and N timed xnn_invoke_runtime
// calls, and writes into OUTDIR:
//   output_K.bin   raw little-endian float32, one per model output
//   outputs.json   {"outputs":[{"name","shape","file"}], ...} (for compare.py)
//   xnnpack.json   {"runs", "latency_ms": {"median", "min"}}
// An operator this runner (or this XNNPACK) cannot express is an error that
// names the operator's index and code; the exit status is then non-zero.
//
// Written against Debian's libxnnpack-dev (a February 2022 snapshot).
#include "compiler/import/tflite_schema_generated.h"

#include <xnnpack.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

using tflite::BuiltinOperator;

[[noreturn]] void die(const std::string &msg) {
  std::fprintf(stderr, "xnnpack_runner: error: %s\n", msg.c_str());
  std::exit(1);
}

const char *statusName(xnn_status s) {
  switch (s) {
  case xnn_status_success: return "success";
  case xnn_status_uninitialized: return "uninitialized";
  case xnn_status_invalid_parameter: return "invalid_parameter";
  case xnn_status_invalid_state: return "invalid_state";
  case xnn_status_unsupported_parameter: return "unsupported_parameter";
  case xnn_status_unsupported_hardware: return "unsupported_hardware";
  case xnn_status_out_of_memory: return "out_of_memory";
  }
  return "unknown";
}

std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    die("cannot read " + path);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

BuiltinOperator builtinCode(const tflite::OperatorCode *code) {
  // Old files keep the code in deprecated_builtin_code (a byte); new ones in
  // builtin_code. The larger of the two is the real one.
  int32_t a = code->deprecated_builtin_code();
  int32_t b = static_cast<int32_t>(code->builtin_code());
  return static_cast<BuiltinOperator>(std::max(a, b));
}

// Float constant storage that outlives the subgraph and runtime, with the
// XNN_EXTRA_BYTES of slack XNNPACK may read past the end.
struct ConstPool {
  std::vector<std::unique_ptr<float[]>> blocks;
  float *make(size_t n) {
    size_t padded = n + XNN_EXTRA_BYTES / sizeof(float) + 1;
    blocks.emplace_back(new float[padded]());
    return blocks.back().get();
  }
};

float halfToFloat(uint16_t h) {
  uint32_t sign = (h & 0x8000u) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (man == 0) {
      bits = sign;
    } else { // subnormal: renormalize
      int e = -1;
      do { ++e; man <<= 1; } while (!(man & 0x400));
      bits = sign | ((127 - 15 - e) << 23) | ((man & 0x3ff) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7f800000u | (man << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (man << 13);
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

class Builder {
public:
  Builder(const tflite::Model *model, const uint8_t *fileBase, size_t fileSize)
      : model_(model), base_(fileBase), size_(fileSize) {
    if (!model->subgraphs() || model->subgraphs()->size() != 1)
      die("expected exactly one subgraph");
    sg_ = model->subgraphs()->Get(0);
    size_t n = sg_->tensors() ? sg_->tensors()->size() : 0;
    ids_.assign(n, XNN_INVALID_VALUE_ID);
    constData_.assign(n, nullptr);
    external_.assign(n, 0);
    for (int32_t t : *sg_->inputs())
      external_[t] |= XNN_VALUE_FLAG_EXTERNAL_INPUT;
    for (int32_t t : *sg_->outputs())
      external_[t] |= XNN_VALUE_FLAG_EXTERNAL_OUTPUT;
    // Constants: every tensor with a non-empty buffer.
    for (size_t t = 0; t < n; ++t) {
      const tflite::Tensor *tensor = sg_->tensors()->Get(t);
      size_t bytes = 0;
      const uint8_t *data = bufferOf(tensor, &bytes);
      if (!data || bytes == 0)
        continue;
      if (tensor->type() == tflite::TensorType::FLOAT32) {
        if (bytes != 4 * numElements(t))
          die("tensor " + std::to_string(t) + ": buffer size does not match its shape");
        float *dst = pool_.make(numElements(t));
        std::memcpy(dst, data, bytes);
        constData_[t] = dst;
      }
      // Other types (int32 paddings, axes, shapes) are read as operands.
    }
    if (xnn_create_subgraph(static_cast<uint32_t>(n), 0, &subgraph_) != xnn_status_success)
      die("xnn_create_subgraph failed");
  }

  xnn_subgraph_t subgraph() const { return subgraph_; }

  void defineAll() {
    const auto *ops = sg_->operators();
    for (size_t i = 0; ops && i < ops->size(); ++i)
      defineOp(static_cast<int>(i), ops->Get(i));
  }

  std::vector<int64_t> shape(int t) const {
    std::vector<int64_t> s;
    const tflite::Tensor *tensor = sg_->tensors()->Get(t);
    if (tensor->shape())
      for (int32_t d : *tensor->shape())
        s.push_back(d);
    return s;
  }
  size_t numElements(int t) const {
    size_t n = 1;
    for (int64_t d : shape(t))
      n *= static_cast<size_t>(d);
    return n;
  }
  std::string tensorName(int t) const {
    const tflite::Tensor *tensor = sg_->tensors()->Get(t);
    return tensor->name() ? tensor->name()->str() : "";
  }

private:
  const uint8_t *bufferOf(const tflite::Tensor *tensor, size_t *bytes) const {
    *bytes = 0;
    if (!model_->buffers() || tensor->buffer() >= model_->buffers()->size())
      return nullptr;
    const tflite::Buffer *b = model_->buffers()->Get(tensor->buffer());
    if (!b)
      return nullptr;
    if (b->data() && b->data()->size()) {
      *bytes = b->data()->size();
      return b->data()->data();
    }
    if (b->offset() > 1 && b->size() > 0) { // buffers stored after the flatbuffer
      if (b->offset() + b->size() > size_)
        die("buffer out of the file's bounds");
      *bytes = b->size();
      return base_ + b->offset();
    }
    return nullptr;
  }

  // Integer operand (int32 or int64 constant), e.g. PAD's paddings, MEAN's axes.
  std::vector<int64_t> intConstant(int opIndex, int t) const {
    const tflite::Tensor *tensor = sg_->tensors()->Get(t);
    size_t bytes = 0;
    const uint8_t *data = bufferOf(tensor, &bytes);
    if (!data)
      fail(opIndex, "operand tensor " + std::to_string(t) + " must be a constant");
    std::vector<int64_t> v;
    if (tensor->type() == tflite::TensorType::INT32) {
      for (size_t k = 0; k < bytes / 4; ++k) {
        int32_t x;
        std::memcpy(&x, data + 4 * k, 4);
        v.push_back(x);
      }
    } else if (tensor->type() == tflite::TensorType::INT64) {
      for (size_t k = 0; k < bytes / 8; ++k) {
        int64_t x;
        std::memcpy(&x, data + 8 * k, 8);
        v.push_back(x);
      }
    } else {
      fail(opIndex, "operand tensor " + std::to_string(t) + " must be int32 or int64");
    }
    return v;
  }

  [[noreturn]] void fail(int opIndex, const std::string &why) const {
    die("operator " + std::to_string(opIndex) + " (" + opName_ + "): " + why);
  }

  void check(int opIndex, xnn_status s, const char *what) const {
    if (s != xnn_status_success)
      fail(opIndex, std::string(what) + " returned " + statusName(s));
  }

  // The XNNPACK Value of a TFLite tensor (defined on first use).
  uint32_t value(int t) {
    if (ids_[t] != XNN_INVALID_VALUE_ID)
      return ids_[t];
    const tflite::Tensor *tensor = sg_->tensors()->Get(t);
    if (tensor->type() != tflite::TensorType::FLOAT32)
      die("tensor " + std::to_string(t) + " ('" + tensorName(t) + "') is not float32");
    std::vector<size_t> dims;
    for (int64_t d : shape(t))
      dims.push_back(static_cast<size_t>(d));
    uint32_t flags = external_[t];
    uint32_t external = flags ? static_cast<uint32_t>(t) : XNN_INVALID_VALUE_ID;
    uint32_t id = XNN_INVALID_VALUE_ID;
    xnn_status s = xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                           constData_[t], external, flags, &id);
    if (s != xnn_status_success)
      die("xnn_define_tensor_value for tensor " + std::to_string(t) + " returned " + statusName(s));
    ids_[t] = id;
    return id;
  }

  // A fresh internal (non-TFLite) Value.
  uint32_t internalValue(const std::vector<size_t> &dims, const float *data) {
    uint32_t id = XNN_INVALID_VALUE_ID;
    xnn_status s = xnn_define_tensor_value(subgraph_, xnn_datatype_fp32, dims.size(), dims.data(),
                                           data, XNN_INVALID_VALUE_ID, 0, &id);
    if (s != xnn_status_success)
      die(std::string("xnn_define_tensor_value (internal) returned ") + statusName(s));
    return id;
  }

  void activationRange(int opIndex, tflite::ActivationFunctionType act, float *lo, float *hi) const {
    const float inf = std::numeric_limits<float>::infinity();
    switch (act) {
    case tflite::ActivationFunctionType::NONE: *lo = -inf; *hi = inf; return;
    case tflite::ActivationFunctionType::RELU: *lo = 0.f; *hi = inf; return;
    case tflite::ActivationFunctionType::RELU_N1_TO_1: *lo = -1.f; *hi = 1.f; return;
    case tflite::ActivationFunctionType::RELU6: *lo = 0.f; *hi = 6.f; return;
    default:
      fail(opIndex, std::string("fused activation ") + tflite::EnumNameActivationFunctionType(act) +
                        " is not supported");
    }
  }

  // A bias Value: the model's, or zeros when the model has none (index -1).
  uint32_t biasValue(int t, size_t channels) {
    if (t >= 0)
      return value(t);
    float *zeros = pool_.make(channels);
    return internalValue({channels}, zeros);
  }

  uint32_t paddingFlag(tflite::Padding p) const {
    return p == tflite::Padding::SAME ? XNN_FLAG_TENSORFLOW_SAME_PADDING : 0;
  }

  int in(const tflite::Operator *op, size_t k) const {
    if (!op->inputs() || k >= op->inputs()->size())
      return -1;
    return op->inputs()->Get(k);
  }
  int out(const tflite::Operator *op, size_t k) const { return op->outputs()->Get(k); }

  void defineOp(int i, const tflite::Operator *op) {
    const tflite::OperatorCode *code = model_->operator_codes()->Get(op->opcode_index());
    BuiltinOperator kind = builtinCode(code);
    opName_ = kind == BuiltinOperator::CUSTOM && code->custom_code()
                  ? "CUSTOM " + code->custom_code()->str()
                  : std::string(tflite::EnumNameBuiltinOperator(kind));
    float lo, hi;
    switch (kind) {
    case BuiltinOperator::CONV_2D: {
      const auto *o = op->builtin_options_as_Conv2DOptions();
      if (!o)
        fail(i, "missing options");
      activationRange(i, o->fused_activation_function(), &lo, &hi);
      auto fs = shape(in(op, 1)); // [OC, KH, KW, IC]
      auto is = shape(in(op, 0));
      if (fs.size() != 4 || is.size() != 4)
        fail(i, "expected 4-D input and filter");
      if (!constData_[in(op, 1)])
        fail(i, "the filter must be a float32 constant");
      size_t groups = static_cast<size_t>(is[3] / fs[3]);
      check(i,
            xnn_define_convolution_2d(
                subgraph_, 0, 0, 0, 0, fs[1], fs[2], o->stride_h(), o->stride_w(),
                o->dilation_h_factor(), o->dilation_w_factor(), groups, fs[3], fs[0] / groups, lo, hi,
                value(in(op, 0)), value(in(op, 1)), biasValue(in(op, 2), fs[0]), value(out(op, 0)),
                paddingFlag(o->padding())),
            "xnn_define_convolution_2d");
      return;
    }
    case BuiltinOperator::DEPTHWISE_CONV_2D: {
      const auto *o = op->builtin_options_as_DepthwiseConv2DOptions();
      if (!o)
        fail(i, "missing options");
      activationRange(i, o->fused_activation_function(), &lo, &hi);
      auto fs = shape(in(op, 1)); // [1, KH, KW, IC*M]
      auto is = shape(in(op, 0));
      if (fs.size() != 4 || is.size() != 4)
        fail(i, "expected 4-D input and filter");
      if (!constData_[in(op, 1)])
        fail(i, "the filter must be a float32 constant");
      size_t channels = static_cast<size_t>(is[3]);
      uint32_t multiplier = static_cast<uint32_t>(fs[3] / is[3]);
      check(i,
            xnn_define_depthwise_convolution_2d(
                subgraph_, 0, 0, 0, 0, fs[1], fs[2], o->stride_h(), o->stride_w(),
                o->dilation_h_factor(), o->dilation_w_factor(), multiplier, channels, lo, hi,
                value(in(op, 0)), value(in(op, 1)), biasValue(in(op, 2), fs[3]), value(out(op, 0)),
                paddingFlag(o->padding())),
            "xnn_define_depthwise_convolution_2d");
      return;
    }
    case BuiltinOperator::FULLY_CONNECTED: {
      const auto *o = op->builtin_options_as_FullyConnectedOptions();
      tflite::ActivationFunctionType act =
          o ? o->fused_activation_function() : tflite::ActivationFunctionType::NONE;
      activationRange(i, act, &lo, &hi);
      if (o && o->weights_format() != tflite::FullyConnectedOptionsWeightsFormat::DEFAULT)
        fail(i, "shuffled weights are not supported");
      auto fs = shape(in(op, 1)); // [OC, IC]
      if (fs.size() != 2)
        fail(i, "expected a 2-D filter");
      if (!constData_[in(op, 1)])
        fail(i, "the filter must be a float32 constant");
      bool keep = o && o->keep_num_dims();
      uint32_t flags = keep ? 0 : XNN_FLAG_TENSORFLOW_RESHAPE_2D;
      check(i,
            xnn_define_fully_connected(subgraph_, lo, hi, value(in(op, 0)), value(in(op, 1)),
                                       biasValue(in(op, 2), fs[0]), value(out(op, 0)), flags),
            "xnn_define_fully_connected");
      return;
    }
    case BuiltinOperator::ADD:
    case BuiltinOperator::SUB:
    case BuiltinOperator::MUL: {
      tflite::ActivationFunctionType act = tflite::ActivationFunctionType::NONE;
      if (kind == BuiltinOperator::ADD && op->builtin_options_as_AddOptions())
        act = op->builtin_options_as_AddOptions()->fused_activation_function();
      if (kind == BuiltinOperator::SUB && op->builtin_options_as_SubOptions())
        act = op->builtin_options_as_SubOptions()->fused_activation_function();
      if (kind == BuiltinOperator::MUL && op->builtin_options_as_MulOptions())
        act = op->builtin_options_as_MulOptions()->fused_activation_function();
      activationRange(i, act, &lo, &hi);
      uint32_t a = value(in(op, 0)), b = value(in(op, 1)), y = value(out(op, 0));
      xnn_status s = kind == BuiltinOperator::ADD   ? xnn_define_add2(subgraph_, lo, hi, a, b, y, 0)
                     : kind == BuiltinOperator::SUB ? xnn_define_subtract(subgraph_, lo, hi, a, b, y, 0)
                                                    : xnn_define_multiply2(subgraph_, lo, hi, a, b, y, 0);
      check(i, s, "xnn_define_add2/subtract/multiply2");
      return;
    }
    case BuiltinOperator::MAXIMUM:
    case BuiltinOperator::MINIMUM: {
      uint32_t a = value(in(op, 0)), b = value(in(op, 1)), y = value(out(op, 0));
      check(i,
            kind == BuiltinOperator::MAXIMUM ? xnn_define_maximum2(subgraph_, a, b, y, 0)
                                             : xnn_define_minimum2(subgraph_, a, b, y, 0),
            "xnn_define_maximum2/minimum2");
      return;
    }
    case BuiltinOperator::PAD:
    case BuiltinOperator::PADV2: {
      auto pads = intConstant(i, in(op, 1)); // [rank, 2]
      size_t rank = shape(in(op, 0)).size();
      if (pads.size() != 2 * rank)
        fail(i, "paddings do not match the input's rank");
      float padValue = 0.f;
      if (kind == BuiltinOperator::PADV2 && in(op, 2) >= 0) {
        const float *c = constData_[in(op, 2)];
        if (!c)
          fail(i, "the padding value must be a float32 constant");
        padValue = c[0];
      }
      std::vector<size_t> pre(rank), post(rank);
      for (size_t d = 0; d < rank; ++d) {
        if (pads[2 * d] < 0 || pads[2 * d + 1] < 0)
          fail(i, "negative padding");
        pre[d] = static_cast<size_t>(pads[2 * d]);
        post[d] = static_cast<size_t>(pads[2 * d + 1]);
      }
      check(i,
            xnn_define_static_constant_pad(subgraph_, pre.data(), post.data(), padValue,
                                           value(in(op, 0)), value(out(op, 0)), 0),
            "xnn_define_static_constant_pad");
      return;
    }
    case BuiltinOperator::AVERAGE_POOL_2D:
    case BuiltinOperator::MAX_POOL_2D: {
      const auto *o = op->builtin_options_as_Pool2DOptions();
      if (!o)
        fail(i, "missing options");
      activationRange(i, o->fused_activation_function(), &lo, &hi);
      uint32_t x = value(in(op, 0)), y = value(out(op, 0));
      if (o->filter_height() == 1 && o->filter_width() == 1 && o->stride_h() == 1 && o->stride_w() == 1) {
        // A 1x1 stride-1 window is an identity: expressed as a clamp (as the TFLite
        // delegate does), since XNNPACK may refuse a 1-element pooling window.
        check(i, xnn_define_clamp(subgraph_, lo, hi, x, y, 0), "xnn_define_clamp");
        return;
      }
      xnn_status s =
          kind == BuiltinOperator::AVERAGE_POOL_2D
              ? xnn_define_average_pooling_2d(subgraph_, 0, 0, 0, 0, o->filter_height(), o->filter_width(),
                                              o->stride_h(), o->stride_w(), lo, hi, x, y,
                                              paddingFlag(o->padding()))
              : xnn_define_max_pooling_2d(subgraph_, 0, 0, 0, 0, o->filter_height(), o->filter_width(),
                                          o->stride_h(), o->stride_w(), 1, 1, lo, hi, x, y,
                                          paddingFlag(o->padding()));
      check(i, s, "xnn_define_average/max_pooling_2d");
      return;
    }
    case BuiltinOperator::MEAN: {
      auto is = shape(in(op, 0));
      auto axes = intConstant(i, in(op, 1));
      for (auto &a : axes)
        if (a < 0)
          a += static_cast<int64_t>(is.size());
      std::sort(axes.begin(), axes.end());
      if (is.size() != 4 || axes != std::vector<int64_t>{1, 2})
        fail(i, "only MEAN over axes [1, 2] of a 4-D tensor (global average pooling) is supported");
      const float inf = std::numeric_limits<float>::infinity();
      auto os = shape(out(op, 0));
      if (os.size() == 4) {
        check(i,
              xnn_define_global_average_pooling_2d(subgraph_, -inf, inf, value(in(op, 0)),
                                                   value(out(op, 0)), 0),
              "xnn_define_global_average_pooling_2d");
      } else { // keep_dims=false: pool into [N,1,1,C], then reshape to [N,C]
        std::vector<size_t> pooled = {static_cast<size_t>(is[0]), 1, 1, static_cast<size_t>(is[3])};
        uint32_t tmp = internalValue(pooled, nullptr);
        check(i, xnn_define_global_average_pooling_2d(subgraph_, -inf, inf, value(in(op, 0)), tmp, 0),
              "xnn_define_global_average_pooling_2d");
        std::vector<size_t> dims(os.begin(), os.end());
        check(i, xnn_define_static_reshape(subgraph_, dims.size(), dims.data(), tmp, value(out(op, 0)), 0),
              "xnn_define_static_reshape");
      }
      return;
    }
    case BuiltinOperator::RESHAPE:
    case BuiltinOperator::SQUEEZE: {
      auto os = shape(out(op, 0));
      std::vector<size_t> dims(os.begin(), os.end());
      if (numElements(out(op, 0)) != numElements(in(op, 0)))
        fail(i, "element counts differ");
      check(i,
            xnn_define_static_reshape(subgraph_, dims.size(), dims.data(), value(in(op, 0)),
                                      value(out(op, 0)), 0),
            "xnn_define_static_reshape");
      return;
    }
    case BuiltinOperator::SOFTMAX: {
      const auto *o = op->builtin_options_as_SoftmaxOptions();
      float beta = o ? o->beta() : 1.f;
      uint32_t x = value(in(op, 0));
      if (beta != 1.f) { // XNNPACK's softmax has no beta: scale the logits first
        const float inf = std::numeric_limits<float>::infinity();
        auto is = shape(in(op, 0));
        float *b = pool_.make(1);
        b[0] = beta;
        uint32_t scaled = internalValue(std::vector<size_t>(is.begin(), is.end()), nullptr);
        check(i, xnn_define_multiply2(subgraph_, -inf, inf, x, internalValue({1}, b), scaled, 0),
              "xnn_define_multiply2");
        x = scaled;
      }
      check(i, xnn_define_softmax(subgraph_, x, value(out(op, 0)), 0), "xnn_define_softmax");
      return;
    }
    case BuiltinOperator::RELU:
    case BuiltinOperator::RELU6:
    case BuiltinOperator::RELU_N1_TO_1: {
      const float inf = std::numeric_limits<float>::infinity();
      lo = kind == BuiltinOperator::RELU_N1_TO_1 ? -1.f : 0.f;
      hi = kind == BuiltinOperator::RELU ? inf : kind == BuiltinOperator::RELU6 ? 6.f : 1.f;
      check(i, xnn_define_clamp(subgraph_, lo, hi, value(in(op, 0)), value(out(op, 0)), 0),
            "xnn_define_clamp");
      return;
    }
    case BuiltinOperator::HARD_SWISH:
      check(i, xnn_define_hardswish(subgraph_, value(in(op, 0)), value(out(op, 0)), 0),
            "xnn_define_hardswish");
      return;
    case BuiltinOperator::LOGISTIC:
      check(i, xnn_define_sigmoid(subgraph_, value(in(op, 0)), value(out(op, 0)), 0), "xnn_define_sigmoid");
      return;
    case BuiltinOperator::DEQUANTIZE: {
      // Only float16 constants (weights stored half-size): widened here, once,
      // as TFLite's delegate does; the output tensor becomes a static Value.
      int x = in(op, 0), y = out(op, 0);
      const tflite::Tensor *tensor = sg_->tensors()->Get(x);
      size_t bytes = 0;
      const uint8_t *data = bufferOf(tensor, &bytes);
      if (tensor->type() != tflite::TensorType::FLOAT16 || !data)
        fail(i, "only DEQUANTIZE of a float16 constant is supported");
      size_t n = numElements(y);
      if (bytes != 2 * n)
        fail(i, "float16 buffer size does not match the shape");
      float *dst = pool_.make(n);
      for (size_t k = 0; k < n; ++k) {
        uint16_t h;
        std::memcpy(&h, data + 2 * k, 2);
        dst[k] = halfToFloat(h);
      }
      if (ids_[y] != XNN_INVALID_VALUE_ID)
        fail(i, "output already defined");
      constData_[y] = dst;
      return;
    }
    case BuiltinOperator::CONCATENATION:
      fail(i, "this XNNPACK (2022-02 snapshot) has no concatenate node in its subgraph API");
    default:
      fail(i, "operator not supported by xnnpack_runner");
    }
  }

  const tflite::Model *model_;
  const uint8_t *base_;
  size_t size_;
  const tflite::SubGraph *sg_ = nullptr;
  xnn_subgraph_t subgraph_ = nullptr;
  std::vector<uint32_t> ids_;
  std::vector<const float *> constData_;
  std::vector<uint32_t> external_;
  ConstPool pool_;
  std::string opName_;
};

std::string shapeJson(const std::vector<int64_t> &s) {
  std::ostringstream o;
  o << "[";
  for (size_t k = 0; k < s.size(); ++k)
    o << (k ? ", " : "") << s[k];
  o << "]";
  return o.str();
}

std::string jsonString(const std::string &s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      r += '\\';
      r += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      r += buf;
    } else {
      r += c;
    }
  }
  return r + "\"";
}

void usage() {
  std::fprintf(stderr, "usage: xnnpack_runner MODEL.tflite IN0.bin [IN1.bin ...] OUTDIR [--runs N]\n");
  std::exit(2);
}

} // namespace

int main(int argc, char **argv) {
  std::vector<std::string> pos;
  int runs = 20;
  for (int k = 1; k < argc; ++k) {
    std::string a = argv[k];
    if (a == "--runs" && k + 1 < argc)
      runs = std::atoi(argv[++k]);
    else if (a.rfind("--runs=", 0) == 0)
      runs = std::atoi(a.c_str() + 7);
    else if (a == "-h" || a == "--help")
      usage();
    else
      pos.push_back(a);
  }
  if (pos.size() < 3 || runs < 1)
    usage();
  const std::string modelPath = pos.front(), outDir = pos.back();
  std::vector<std::string> inputPaths(pos.begin() + 1, pos.end() - 1);

  std::vector<uint8_t> file = readFile(modelPath);
  flatbuffers::Verifier verifier(file.data(), file.size());
  if (!tflite::VerifyModelBuffer(verifier))
    die(modelPath + ": not a valid TFLite flatbuffer");
  const tflite::Model *model = tflite::GetModel(file.data());

  if (xnn_initialize(nullptr) != xnn_status_success)
    die("xnn_initialize failed");

  Builder b(model, file.data(), file.size());
  const tflite::SubGraph *sg = model->subgraphs()->Get(0);
  b.defineAll();

  // Inputs and outputs, as external Values whose IDs are the tensor indices.
  std::vector<std::vector<float>> inputs;
  std::vector<xnn_external_value> externals;
  if (inputPaths.size() != sg->inputs()->size())
    die("the model has " + std::to_string(sg->inputs()->size()) + " input(s), " +
        std::to_string(inputPaths.size()) + " given");
  for (size_t k = 0; k < inputPaths.size(); ++k) {
    int t = sg->inputs()->Get(k);
    std::vector<uint8_t> raw = readFile(inputPaths[k]);
    size_t n = b.numElements(t);
    if (raw.size() != 4 * n)
      die(inputPaths[k] + ": expected " + std::to_string(4 * n) + " bytes, got " + std::to_string(raw.size()));
    inputs.emplace_back(n + XNN_EXTRA_BYTES / sizeof(float));
    std::memcpy(inputs.back().data(), raw.data(), raw.size());
    externals.push_back({static_cast<uint32_t>(t), inputs.back().data()});
  }
  std::vector<std::vector<float>> outputs;
  for (size_t k = 0; k < sg->outputs()->size(); ++k) {
    int t = sg->outputs()->Get(k);
    outputs.emplace_back(b.numElements(t) + XNN_EXTRA_BYTES / sizeof(float));
    externals.push_back({static_cast<uint32_t>(t), outputs.back().data()});
  }

  xnn_runtime_t runtime = nullptr;
  // No threadpool: XNNPACK runs every operator on the calling thread.
  xnn_status s = xnn_create_runtime_v2(b.subgraph(), /*threadpool=*/nullptr, /*flags=*/0, &runtime);
  if (s != xnn_status_success)
    die(std::string("xnn_create_runtime_v2 returned ") + statusName(s));
  s = xnn_setup_runtime(runtime, externals.size(), externals.data());
  if (s != xnn_status_success)
    die(std::string("xnn_setup_runtime returned ") + statusName(s));

  if (xnn_invoke_runtime(runtime) != xnn_status_success) // warm-up
    die("xnn_invoke_runtime failed");
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    s = xnn_invoke_runtime(runtime);
    auto t1 = std::chrono::steady_clock::now();
    if (s != xnn_status_success)
      die("xnn_invoke_runtime failed");
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::vector<double> sorted = ms;
  std::sort(sorted.begin(), sorted.end());
  size_t m = sorted.size();
  double median = m % 2 ? sorted[m / 2] : 0.5 * (sorted[m / 2 - 1] + sorted[m / 2]);

  std::ostringstream meta;
  meta << "{\n  \"model\": " << jsonString(modelPath) << ",\n  \"outputs\": [\n";
  for (size_t k = 0; k < outputs.size(); ++k) {
    int t = sg->outputs()->Get(k);
    std::string file = "output_" + std::to_string(k) + ".bin";
    std::ofstream f(outDir + "/" + file, std::ios::binary);
    if (!f)
      die("cannot write " + outDir + "/" + file);
    f.write(reinterpret_cast<const char *>(outputs[k].data()), 4 * b.numElements(t));
    meta << "    {\"name\": " << jsonString(b.tensorName(t)) << ", \"shape\": " << shapeJson(b.shape(t))
         << ", \"file\": " << jsonString(file) << "}" << (k + 1 < outputs.size() ? "," : "") << "\n";
  }
  char lat[160];
  std::snprintf(lat, sizeof lat, "{\"median\": %.4f, \"min\": %.4f}", median, sorted.front());
  meta << "  ],\n  \"runs\": " << runs << ",\n  \"latency_ms\": " << lat << "\n}\n";
  std::ofstream(outDir + "/outputs.json") << meta.str();
  std::ofstream(outDir + "/xnnpack.json")
      << "{\n  \"engine\": \"XNNPACK (Debian libxnnpack-dev, 2022-02 snapshot), subgraph API, 1 thread\",\n"
      << "  \"runs\": " << runs << ",\n  \"latency_ms\": " << lat << "\n}\n";
  std::printf("xnnpack: %d runs, median %.3f ms, min %.3f ms\n", runs, median, sorted.front());

  xnn_delete_runtime(runtime);
  xnn_delete_subgraph(b.subgraph());
  xnn_deinitialize();
  return 0;
}

// mnetc model zoo: see Zoo.h.
#include "models/Zoo.h"

#include "models/ModelBuilder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>

namespace mnet {
namespace models {

// ---------------------------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------------------------

uint64_t Rng::next() {
  state_ += 0x9E3779B97F4A7C15ull;
  uint64_t z = state_;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

float Rng::symmetric(float a) {
  const int32_t k = static_cast<int32_t>(next() >> 40) - (1 << 23); // [-2^23, 2^23)
  const float scale = a * (1.0f / 8388608.0f);                        // exact: power of two
  return static_cast<float>(k) * scale;
}

float Rng::uniform(float lo, float hi) {
  const float half = (hi - lo) * 0.5f;
  if (!(half > 0.0f))
    return lo;
  // Centre as an integer offset in units of half/2^23: everything below is integer math
  // plus one float multiply.
  const double ratio = (static_cast<double>(lo) + static_cast<double>(hi)) * 0.5 /
                       static_cast<double>(half);
  const int64_t offset = std::llround(ratio * 8388608.0);
  const int64_t k = static_cast<int64_t>(next() >> 40) - (1 << 23) + offset;
  const float scale = half * (1.0f / 8388608.0f);
  return static_cast<float>(k) * scale;
}

namespace {

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

using Pads = std::vector<std::pair<int, int>>;

struct Ctx {
  ModelBuilder b;
  Rng rng;
  explicit Ctx(uint64_t seed) : rng(seed * 0x2545F4914F6CDD1Dull + 0x1234567ull) {}

  std::vector<float> sym(size_t n, float a) {
    std::vector<float> v(n);
    for (float &x : v)
      x = rng.symmetric(a);
    return v;
  }
  std::vector<float> uni(size_t n, float lo, float hi) {
    std::vector<float> v(n);
    for (float &x : v)
      x = rng.uniform(lo, hi);
    return v;
  }
  // Uniform weights with standard deviation gain / sqrt(fanIn).
  static float limit(float gain, int fanIn) {
    return gain * std::sqrt(3.0f / static_cast<float>(fanIn));
  }
  // conv filter [O,KH,KW,I]
  int convFilter(const std::string &name, int o, int kh, int kw, int i, float gain) {
    return b.addConstF32(name, {o, kh, kw, i},
                         sym(static_cast<size_t>(o) * kh * kw * i, limit(gain, kh * kw * i)));
  }
  // depthwise filter [1,KH,KW,C]
  int dwFilter(const std::string &name, int kh, int kw, int c, float gain) {
    return b.addConstF32(name, {1, kh, kw, c},
                         sym(static_cast<size_t>(kh) * kw * c, limit(gain, kh * kw)));
  }
  int bias(const std::string &name, int n, float lo = -0.1f, float hi = 0.1f) {
    return b.addConstF32(name, {n}, uni(n, lo, hi));
  }
  int scalar(const std::string &name, float v) { return b.addConstF32(name, {}, {v}); }

  // conv + bias in one call. Tensor names: <name>/weights, <name>/bias, output <out>.
  int conv(const std::string &scope, const std::string &out, int x, int o, int k, int stride,
           Padding pad, Activation act, float gain, float biasLo = -0.1f, float biasHi = 0.1f) {
    const int c = b.shape(x).empty() ? 1 : b.shape(x).back();
    int w = convFilter(scope + "/weights", o, k, k, c, gain);
    int bb = bias(scope + "/bias", o, biasLo, biasHi);
    return b.conv2d(out, x, w, bb, stride, stride, pad, act);
  }
};

const float kRelu = 1.41421356f; // He gain
const float kLinear = 1.0f;

// ---------------------------------------------------------------------------------------------
// Op models
// ---------------------------------------------------------------------------------------------

struct OpModel {
  const char *name;
  const char *description;
  float lo, hi;
  std::function<void(Ctx &)> build;
};

void convModel(Ctx &c, Shape in, int o, int k, int stride, Padding pad, Activation act,
               float gain, int dilation = 1) {
  int x = c.b.addInput("input", in);
  int w = c.convFilter("conv/weights", o, k, k, in[3], gain);
  int bb = c.bias("conv/bias", o);
  int y = c.b.conv2d("conv/output", x, w, bb, stride, stride, pad, act, dilation, dilation);
  c.b.markOutput(y);
}

void dwModel(Ctx &c, Shape in, int k, int stride, Padding pad, int mult, int dilation,
             Activation act = Activation::None) {
  int x = c.b.addInput("input", in);
  int w = c.dwFilter("depthwise/depthwise_weights", k, k, in[3] * mult, kLinear);
  int bb = c.bias("depthwise/bias", in[3] * mult);
  int y = c.b.depthwiseConv2d("depthwise/output", x, w, bb, stride, stride, pad, mult, act,
                              dilation, dilation);
  c.b.markOutput(y);
}

void unaryModel(Ctx &c, int (ModelBuilder::*fn)(const std::string &, int), const char *name) {
  int x = c.b.addInput("input", {1, 8, 9, 16});
  int y = (c.b.*fn)(name, x);
  c.b.markOutput(y);
}

// Transposed convolution models. Weights OHWI [o,k,k,in[3]] then bias [o] (when `bias`) are
// drawn in that order whatever the op form, so the custom and builtin forms of the same
// (shape, seed) get identical constants.
// Output size: SAME in * stride, VALID (in - 1) * stride + k, unless outH/outW are given.
void transposeConvModel(Ctx &c, Shape in, int o, int k, int stride, Padding pad, bool bias,
                        bool custom, int outH = 0, int outW = 0) {
  int x = c.b.addInput("input", in);
  // Effective fan-in of a transposed conv output: about k*k*I / stride^2 taps.
  const int fanIn = std::max(1, k * k * in[3] / (stride * stride));
  int w = c.b.addConstF32("conv_transpose/weights", {o, k, k, in[3]},
                          c.sym(static_cast<size_t>(o) * k * k * in[3], Ctx::limit(1, fanIn)));
  int bb = bias ? c.bias("conv_transpose/bias", o) : -1;
  int y;
  if (custom) {
    y = c.b.transposeConvBiasCustom("conv_transpose/output", x, w, bb, stride, stride, pad);
  } else {
    const bool same = pad == Padding::Same;
    const int oh = outH ? outH : same ? in[1] * stride : (in[1] - 1) * stride + k;
    const int ow = outW ? outW : same ? in[2] * stride : (in[2] - 1) * stride + k;
    y = c.b.transposeConv("conv_transpose/output", x, w, bb, oh, ow, stride, stride, pad);
  }
  c.b.markOutput(y);
}

void resizeModel(Ctx &c, bool bilinear, Shape in, int oh, int ow, bool align, bool half) {
  int x = c.b.addInput("input", in);
  int y = bilinear ? c.b.resizeBilinear("resize/ResizeBilinear", x, oh, ow, align, half)
                   : c.b.resizeNearest("resize/ResizeNearestNeighbor", x, oh, ow, align, half);
  c.b.markOutput(y);
}

const std::vector<OpModel> &opModels() {
  using A = Activation;
  using P = Padding;
  static const std::vector<OpModel> models = {
      // ---- CONV_2D ----
      {"conv2d_same_s1", "CONV_2D 3x3 stride 1 SAME, 1x8x9x16 -> 24 channels", -1, 1,
       [](Ctx &c) { convModel(c, {1, 8, 9, 16}, 24, 3, 1, P::Same, A::None, kLinear); }},
      {"conv2d_valid_s2", "CONV_2D 3x3 stride 2 VALID, 1x11x10x8 -> 16 channels", -1, 1,
       [](Ctx &c) { convModel(c, {1, 11, 10, 8}, 16, 3, 2, P::Valid, A::None, kLinear); }},
      {"conv2d_same_s2_odd", "CONV_2D 3x3 stride 2 SAME on odd 15x17 input, 8 -> 12 channels",
       -1, 1,
       [](Ctx &c) { convModel(c, {1, 15, 17, 8}, 12, 3, 2, P::Same, A::None, kLinear); }},
      {"conv2d_dilated", "CONV_2D 3x3 dilation 2 SAME, 1x12x13x8 -> 16 channels", -1, 1,
       [](Ctx &c) {
         convModel(c, {1, 12, 13, 8}, 16, 3, 1, P::Same, A::None, kLinear, 2);
       }},
      {"conv2d_relu6", "CONV_2D 1x1 with fused RELU6 (outputs reach beyond 6)", -1, 1,
       [](Ctx &c) { convModel(c, {1, 8, 9, 16}, 32, 1, 1, P::Same, A::Relu6, 12.0f); }},
      {"conv2d_relu_n1_to_1", "CONV_2D 3x3 with fused RELU_N1_TO_1", -1, 1,
       [](Ctx &c) { convModel(c, {1, 7, 9, 8}, 16, 3, 1, P::Same, A::ReluN1To1, 2.5f); }},
      {"conv2d_first_3x3_s2", "MobileNet stem: CONV_2D 3x3 stride 2 SAME, 3 -> 16, RELU6", -1, 1,
       [](Ctx &c) { convModel(c, {1, 32, 32, 3}, 16, 3, 2, P::Same, A::Relu6, 4.0f); }},
      // ---- DEPTHWISE_CONV_2D ----
      {"depthwise_3x3_s1", "DEPTHWISE_CONV_2D 3x3 stride 1 SAME, 1x9x8x16", -1, 1,
       [](Ctx &c) { dwModel(c, {1, 9, 8, 16}, 3, 1, P::Same, 1, 1); }},
      {"depthwise_3x3_s2_same", "DEPTHWISE_CONV_2D 3x3 stride 2 SAME, 1x15x16x24", -1, 1,
       [](Ctx &c) { dwModel(c, {1, 15, 16, 24}, 3, 2, P::Same, 1, 1); }},
      {"depthwise_5x5_valid", "DEPTHWISE_CONV_2D 5x5 stride 1 VALID, 1x12x11x8", -1, 1,
       [](Ctx &c) { dwModel(c, {1, 12, 11, 8}, 5, 1, P::Valid, 1, 1); }},
      {"depthwise_multiplier2", "DEPTHWISE_CONV_2D 3x3 depth_multiplier 2, 8 -> 16 channels",
       -1, 1, [](Ctx &c) { dwModel(c, {1, 8, 9, 8}, 3, 1, P::Same, 2, 1); }},
      {"depthwise_dilated", "DEPTHWISE_CONV_2D 3x3 dilation 2 SAME, 1x13x12x8", -1, 1,
       [](Ctx &c) { dwModel(c, {1, 13, 12, 8}, 3, 1, P::Same, 1, 2); }},
      // ---- FULLY_CONNECTED ----
      {"fully_connected", "FULLY_CONNECTED 1x64 -> 1x32 with bias", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 64});
         int w = c.b.addConstF32("dense/kernel", {32, 64}, c.sym(32 * 64, Ctx::limit(1, 64)));
         int bb = c.bias("dense/bias", 32);
         c.b.markOutput(c.b.fullyConnected("dense/BiasAdd", x, w, bb));
       }},
      {"fully_connected_nobias", "FULLY_CONNECTED 1x48 -> 1x20, no bias (input index -1)", -1,
       1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 48});
         int w = c.b.addConstF32("dense/kernel", {20, 48}, c.sym(20 * 48, Ctx::limit(1, 48)));
         c.b.markOutput(c.b.fullyConnected("dense/MatMul", x, w, -1));
       }},
      {"fully_connected_keep_dims",
       "FULLY_CONNECTED on rank-3 1x5x32 input, keep_num_dims=true -> 1x5x16", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 5, 32});
         int w = c.b.addConstF32("dense/kernel", {16, 32}, c.sym(16 * 32, Ctx::limit(1, 32)));
         int bb = c.bias("dense/bias", 16);
         c.b.markOutput(c.b.fullyConnected("dense/BiasAdd", x, w, bb, A::None, true));
       }},
      // ---- elementwise binary ----
      {"add", "ADD of two 1x8x9x16 inputs", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input_a", {1, 8, 9, 16});
         int b2 = c.b.addInput("input_b", {1, 8, 9, 16});
         c.b.markOutput(c.b.add("add", a, b2));
       }},
      {"add_relu", "ADD with fused RELU", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input_a", {1, 7, 5, 12});
         int b2 = c.b.addInput("input_b", {1, 7, 5, 12});
         c.b.markOutput(c.b.add("add/Relu", a, b2, A::Relu));
       }},
      {"add_broadcast", "ADD 1x8x9x16 + constant 1x1x1x16 (channel broadcast)", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input", {1, 8, 9, 16});
         int k = c.b.addConstF32("add/y", {1, 1, 1, 16}, c.sym(16, 1.0f));
         c.b.markOutput(c.b.add("add", a, k));
       }},
      {"sub_broadcast", "SUB 1x6x7x8 - constant 1x1x1x8 (channel broadcast)", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input", {1, 6, 7, 8});
         int k = c.b.addConstF32("sub/y", {1, 1, 1, 8}, c.sym(8, 1.0f));
         c.b.markOutput(c.b.sub("sub", a, k));
       }},
      {"mul_se_broadcast", "MUL 1x8x9x16 * 1x1x1x16 (two inputs, squeeze-excite style)", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input", {1, 8, 9, 16});
         int s = c.b.addInput("scale", {1, 1, 1, 16});
         c.b.markOutput(c.b.mul("squeeze_excite/mul", a, s));
       }},
      {"squeeze_excite_sigmoid",
       "MEAN -> 1x1 conv RELU -> 1x1 conv -> LOGISTIC -> MUL on 1x6x7x24 (a sigmoid gate)", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 6, 7, 24});
         int s = c.b.mean("se/AvgPool", x, {1, 2}, true);
         s = c.conv("se/Conv", "se/Conv/Relu", s, 8, 1, 1, P::Same, A::Relu, kRelu);
         s = c.conv("se/Conv_1", "se/Conv_1/BiasAdd", s, 24, 1, 1, P::Same, A::None, 2.0f,
                    -0.5f, 0.5f);
         s = c.b.logistic("se/Sigmoid", s);
         c.b.markOutput(c.b.mul("se/Mul", x, s));
       }},
      {"maximum", "MAXIMUM of two 1x8x9x16 inputs", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input_a", {1, 8, 9, 16});
         int b2 = c.b.addInput("input_b", {1, 8, 9, 16});
         c.b.markOutput(c.b.maximum("maximum", a, b2));
       }},
      {"minimum", "MINIMUM of 1x8x9x16 and a constant 1x1x1x16 (broadcast)", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input", {1, 8, 9, 16});
         int k = c.b.addConstF32("minimum/y", {1, 1, 1, 16}, c.sym(16, 0.8f));
         c.b.markOutput(c.b.minimum("minimum", a, k));
       }},
      // ---- padding ----
      {"pad", "PAD 1x7x9x8 spatially by (1,2) rows and (2,1) columns", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 7, 9, 8});
         c.b.markOutput(c.b.pad("pad", x, {{0, 0}, {1, 2}, {2, 1}, {0, 0}}));
       }},
      {"pad_channels", "PAD the channel axis 12 -> 24 (BlazeFace-style residual)", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 8, 8, 12});
         c.b.markOutput(c.b.pad("channel_padding", x, {{0, 0}, {0, 0}, {0, 0}, {0, 12}}));
       }},
      {"padv2", "PADV2 with constant value -1.5", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 6, 5, 8});
         c.b.markOutput(c.b.padV2("padv2", x, {{0, 0}, {1, 1}, {2, 0}, {0, 0}}, -1.5f));
       }},
      // ---- pooling / reductions ----
      {"avg_pool_same", "AVERAGE_POOL_2D 3x3 stride 1 SAME (edge windows average in-bounds taps)",
       -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 9, 10, 8});
         c.b.markOutput(c.b.averagePool2d("avg_pool", x, 3, 3, 1, 1, P::Same));
       }},
      {"avg_pool_valid_s2", "AVERAGE_POOL_2D 3x3 stride 2 VALID on 1x10x11x8", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 10, 11, 8});
         c.b.markOutput(c.b.averagePool2d("avg_pool", x, 3, 3, 2, 2, P::Valid));
       }},
      {"max_pool_same_s2", "MAX_POOL_2D 3x3 stride 2 SAME on odd 1x9x11x8", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 9, 11, 8});
         c.b.markOutput(c.b.maxPool2d("max_pool", x, 3, 3, 2, 2, P::Same));
       }},
      {"pad_avg_pool", "PAD then AVERAGE_POOL_2D 3x3 stride 2 VALID (the pad folds, its zeros count)",
       -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 9, 10, 8});
         int y = c.b.pad("pad", x, {{0, 0}, {1, 1}, {0, 2}, {0, 0}});
         c.b.markOutput(c.b.averagePool2d("avg_pool", y, 3, 3, 2, 2, P::Valid));
       }},
      {"pad_max_pool", "PAD then MAX_POOL_2D 2x2 stride 2 VALID (the pad folds, its zeros compete)",
       -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 7, 8, 12});
         int y = c.b.pad("pad", x, {{0, 0}, {1, 0}, {1, 1}, {0, 0}});
         c.b.markOutput(c.b.maxPool2d("max_pool", y, 2, 2, 2, 2, P::Valid));
       }},
      {"mean_hw_keepdims", "MEAN over axes [1,2], keep_dims=true: 1x7x9x16 -> 1x1x1x16", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 7, 9, 16});
         c.b.markOutput(c.b.mean("mean", x, {1, 2}, true));
       }},
      {"mean_hw", "MEAN over axes [1,2], keep_dims=false: 1x7x9x16 -> 1x16", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 7, 9, 16});
         c.b.markOutput(c.b.mean("mean", x, {1, 2}, false));
       }},
      // ---- shape ops ----
      {"reshape", "RESHAPE 1x4x6x8 -> 1x12x16", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 4, 6, 8});
         c.b.markOutput(c.b.reshape("reshape", x, {1, 12, 16}));
       }},
      {"squeeze", "SQUEEZE dims [1,2]: 1x1x1x32 -> 1x32", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 1, 1, 32});
         c.b.markOutput(c.b.squeeze("squeeze", x, {1, 2}));
       }},
      {"concat_channels", "CONCATENATION on channels of two inputs and a constant (8+4+5)", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input_a", {1, 6, 7, 8});
         int b2 = c.b.addInput("input_b", {1, 6, 7, 4});
         int k = c.b.addConstF32("concat/const", {1, 6, 7, 5}, c.sym(6 * 7 * 5, 1.0f));
         c.b.markOutput(c.b.concatenation("concat", {a, b2, k}, 3));
       }},
      {"concat_axis1", "CONCATENATION on axis 1: 1x3x5x8 ++ 1x4x5x8", -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("input_a", {1, 3, 5, 8});
         int b2 = c.b.addInput("input_b", {1, 4, 5, 8});
         c.b.markOutput(c.b.concatenation("concat", {a, b2}, 1));
       }},
      // ---- activations ----
      {"softmax", "SOFTMAX over 1x100", -4, 4,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 100});
         c.b.markOutput(c.b.softmax("softmax", x));
       }},
      {"softmax_beta", "SOFTMAX with beta 0.5 over 1x5x40 (last axis)", -4, 4,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 5, 40});
         c.b.markOutput(c.b.softmax("softmax", x, 0.5f));
       }},
      {"relu", "RELU op", -2, 2, [](Ctx &c) { unaryModel(c, &ModelBuilder::relu, "Relu"); }},
      {"relu6", "RELU6 op (inputs in [-8,8])", -8, 8,
       [](Ctx &c) { unaryModel(c, &ModelBuilder::relu6, "Relu6"); }},
      {"relu_n1_to_1", "RELU_N1_TO_1 op (inputs in [-2,2])", -2, 2,
       [](Ctx &c) { unaryModel(c, &ModelBuilder::reluN1To1, "Relu1"); }},
      {"logistic", "LOGISTIC op (inputs in [-6,6])", -6, 6,
       [](Ctx &c) { unaryModel(c, &ModelBuilder::logistic, "Sigmoid"); }},
      {"tanh", "TANH op (inputs in [-4,4])", -4, 4,
       [](Ctx &c) { unaryModel(c, &ModelBuilder::tanh, "Tanh"); }},
      {"hard_swish", "HARD_SWISH op (inputs in [-5,5])", -5, 5,
       [](Ctx &c) { unaryModel(c, &ModelBuilder::hardSwish, "hard_swish"); }},
      // ---- resize ----
      {"resize_bilinear", "RESIZE_BILINEAR 5x7 -> 10x13 (legacy coordinates)", -1, 1,
       [](Ctx &c) { resizeModel(c, true, {1, 5, 7, 8}, 10, 13, false, false); }},
      {"resize_bilinear_align_corners", "RESIZE_BILINEAR 5x7 -> 9x13, align_corners", -1, 1,
       [](Ctx &c) { resizeModel(c, true, {1, 5, 7, 8}, 9, 13, true, false); }},
      {"resize_bilinear_half_pixel", "RESIZE_BILINEAR 6x7 -> 13x10, half_pixel_centers", -1, 1,
       [](Ctx &c) { resizeModel(c, true, {1, 6, 7, 8}, 13, 10, false, true); }},
      {"resize_nearest", "RESIZE_NEAREST_NEIGHBOR 5x7 -> 11x15 (legacy coordinates)", -1, 1,
       [](Ctx &c) { resizeModel(c, false, {1, 5, 7, 8}, 11, 15, false, false); }},
      {"resize_nearest_align_corners", "RESIZE_NEAREST_NEIGHBOR 5x7 -> 9x13, align_corners", -1,
       1, [](Ctx &c) { resizeModel(c, false, {1, 5, 7, 8}, 9, 13, true, false); }},
      {"resize_nearest_half_pixel", "RESIZE_NEAREST_NEIGHBOR 5x7 -> 12x16, half_pixel_centers",
       -1, 1, [](Ctx &c) { resizeModel(c, false, {1, 5, 7, 8}, 12, 16, false, true); }},
      // ---- TRANSPOSE_CONV / DEPTH_TO_SPACE ----
      {"transpose_conv_same_s2", "TRANSPOSE_CONV 3x3 stride 2 SAME, 1x8x9x16 -> 1x16x18x8", -1, 1,
       [](Ctx &c) { transposeConvModel(c, {1, 8, 9, 16}, 8, 3, 2, P::Same, true, false); }},
      {"transpose_conv_same_s2_odd",
       "TRANSPOSE_CONV 4x4 stride 2 SAME to odd 9x7 (pads 1 before, 2 after), 1x5x4x8 -> 1x9x7x6",
       -1, 1,
       [](Ctx &c) {
         transposeConvModel(c, {1, 5, 4, 8}, 6, 4, 2, P::Same, true, false, 9, 7);
       }},
      {"transpose_conv_valid_s2", "TRANSPOSE_CONV 2x2 stride 2 VALID, 1x7x5x8 -> 1x14x10x4", -1,
       1, [](Ctx &c) { transposeConvModel(c, {1, 7, 5, 8}, 4, 2, 2, P::Valid, true, false); }},
      {"transpose_conv_s1_nobias",
       "TRANSPOSE_CONV 3x3 stride 1 SAME, no bias (input index -1), 1x7x9x8 -> 1x7x9x12", -1, 1,
       [](Ctx &c) { transposeConvModel(c, {1, 7, 9, 8}, 12, 3, 1, P::Same, false, false); }},
      {"transpose_conv_custom",
       "CUSTOM Convolution2DTransposeBias (MediaPipe) 2x2 s2 SAME, 1x16x16x16 -> 1x32x32x1",
       -1, 1,
       [](Ctx &c) { transposeConvModel(c, {1, 16, 16, 16}, 1, 2, 2, P::Same, true, true); }},
      {"transpose_conv_custom_builtin",
       "transpose_conv_custom as builtin TRANSPOSE_CONV (same weights, bias and inputs per seed)",
       -1, 1,
       [](Ctx &c) { transposeConvModel(c, {1, 16, 16, 16}, 1, 2, 2, P::Same, true, false); }},
      {"depth_to_space", "DEPTH_TO_SPACE block 2, 1x5x6x16 -> 1x10x12x4", -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 5, 6, 16});
         c.b.markOutput(c.b.depthToSpace("depth_to_space", x, 2));
       }},
      // ---- misc ----
      {"dequantize_f16", "CONV_2D 3x3 whose filter is a float16 constant behind DEQUANTIZE", -1,
       1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 8, 9, 8});
         int wh = c.b.addConstF16("conv/weights_f16", {16, 3, 3, 8},
                                  c.sym(16 * 3 * 3 * 8, Ctx::limit(1, 72)));
         int w = c.b.dequantize("conv/weights_dequantize", wh);
         int bb = c.bias("conv/bias", 16);
         c.b.markOutput(c.b.conv2d("conv/output", x, w, bb, 1, 1, P::Same, A::Relu6));
       }},
      {"inverted_residuals",
       "V2 block (1x1 RELU6, 3x3 depthwise RELU6, 1x1, residual ADD) then V3 block (1x1 "
       "HARD_SWISH, 5x5 s2 depthwise HARD_SWISH, sigmoid squeeze-excite, 1x1) on 1x10x10x8",
       -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 10, 10, 8});
         int h = c.conv("block1/expand", "block1/expand/Relu6", x, 24, 1, 1, P::Same, A::Relu6,
                        kRelu);
         int w = c.dwFilter("block1/depthwise/weights", 3, 3, 24, kRelu);
         h = c.b.depthwiseConv2d("block1/depthwise/Relu6", h, w,
                                 c.bias("block1/depthwise/bias", 24), 1, 1, P::Same, 1, A::Relu6);
         h = c.conv("block1/project", "block1/project/BiasAdd", h, 8, 1, 1, P::Same, A::None,
                    0.5f);
         x = c.b.add("block1/add", x, h);
         h = c.conv("block2/expand", "block2/expand/BiasAdd", x, 24, 1, 1, P::Same, A::None,
                    kLinear);
         h = c.b.hardSwish("block2/expand/hard_swish", h);
         w = c.dwFilter("block2/depthwise/weights", 5, 5, 24, kRelu);
         h = c.b.depthwiseConv2d("block2/depthwise/BiasAdd", h, w,
                                 c.bias("block2/depthwise/bias", 24), 2, 2, P::Same, 1, A::None);
         h = c.b.hardSwish("block2/depthwise/hard_swish", h);
         int s = c.b.mean("block2/se/AvgPool", h, {1, 2}, true);
         s = c.conv("block2/se/Conv", "block2/se/Conv/Relu", s, 8, 1, 1, P::Same, A::Relu, kRelu);
         s = c.conv("block2/se/Conv_1", "block2/se/Conv_1/BiasAdd", s, 24, 1, 1, P::Same,
                    A::None, 2.0f, -0.5f, 0.5f);
         s = c.b.logistic("block2/se/Sigmoid", s);
         h = c.b.mul("block2/se/Mul", h, s);
         c.b.markOutput(c.conv("block2/project", "block2/project/BiasAdd", h, 16, 1, 1, P::Same,
                               A::None, kLinear));
       }},
      {"unfolded_batch_norm",
       "batch normalization the converter left unfolded: 3x3 s2 conv, MUL [C], ADD [C] RELU6; "
       "3x3 depthwise, [1,1,1,C] MUL, SUB [C] RELU; 1x1 conv, MUL scalar, ADD [C] on 1x12x12x6",
       -1, 1,
       [](Ctx &c) {
         int x = c.b.addInput("input", {1, 12, 12, 6});
         int h = c.conv("conv", "conv/Conv2D", x, 16, 3, 2, P::Same, A::None, kLinear);
         h = c.b.mul("bn1/mul", h, c.b.addConstF32("bn1/scale", {16}, c.uni(16, -1.5f, 1.5f)));
         h = c.b.add("bn1/add", h, c.bias("bn1/shift", 16, -0.5f, 0.5f), A::Relu6);
         int w = c.dwFilter("dw/weights", 3, 3, 16, kRelu);
         h = c.b.depthwiseConv2d("dw/depthwise", h, w, c.bias("dw/bias", 16), 1, 1, P::Same, 1,
                                 A::None);
         h = c.b.mul("bn2/mul", c.b.addConstF32("bn2/scale", {1, 1, 1, 16}, c.uni(16, 0.5f, 2.0f)),
                     h);
         h = c.b.sub("bn2/sub", h, c.bias("bn2/mean", 16, -0.3f, 0.3f), A::Relu);
         int pw = c.convFilter("pw/weights", 8, 1, 1, 16, kLinear);
         h = c.b.conv2d("pw/Conv2D", h, pw, c.bias("pw/bias", 8), 1, 1, P::Same, A::None);
         h = c.b.mul("bn3/mul", h, c.scalar("bn3/scale", 0.75f));
         c.b.markOutput(c.b.add("bn3/add", h, c.bias("bn3/shift", 8)));
       }},
      {"multi_io",
       "two inputs (1x8x8x8, 1x1x1x8), two outputs (1x8x8x8 conv*scale, 1x10 FC of the mean)",
       -1, 1,
       [](Ctx &c) {
         int a = c.b.addInput("image", {1, 8, 8, 8});
         int s = c.b.addInput("scale", {1, 1, 1, 8});
         int y = c.conv("branch/conv", "branch/conv/Relu6", a, 8, 1, 1, P::Same, A::Relu6, kRelu);
         int o0 = c.b.mul("branch/scaled", y, s);
         int m = c.b.mean("head/mean", a, {1, 2}, false);
         int w = c.b.addConstF32("head/dense/kernel", {10, 8}, c.sym(80, Ctx::limit(1, 8)));
         int bb = c.bias("head/dense/bias", 10);
         int o1 = c.b.fullyConnected("head/dense/BiasAdd", m, w, bb);
         c.b.markOutput(o0);
         c.b.markOutput(o1);
       }},
  };
  return models;
}

// ---------------------------------------------------------------------------------------------
// MobileNets
// ---------------------------------------------------------------------------------------------

// Channel rounding of the reference implementations: nearest multiple of `divisor`, at least
// `divisor`, and never more than 10% below v.
int makeDivisible(double v, int divisor = 8) {
  int n = static_cast<int>(v + divisor / 2.0) / divisor * divisor;
  if (n < divisor)
    n = divisor;
  if (n < 0.9 * v)
    n += divisor;
  return n;
}

const int kClasses = 1000;

// ---- Data-dependent weight scaling ------------------------------------------------------------
//
// Random weights alone do not keep a deep MobileNet's activations O(1): hard-swish halves small
// signals, ReLU6 stacks drift, and whichever way the drift goes it compounds with depth and
// depends on the seed. So, like LSUV initialisation, every conv's weights are rescaled so that
// its pre-activation RMS hits a target, measured on a small "proxy" forward pass (the same
// layers run on a seeded noise image of at most kProxyRes x kProxyRes). The measured scale is
// snapped to a 2^(k/8) grid, so the float rounding of the proxy pass (which may differ between
// compilers) cannot change the weights that are written.

const int kProxyRes = 224;

struct Act4 { // activation applied to a proxy tensor
  enum Kind { None, Relu, Relu6, HardSwish } kind;
};

struct Proxy {
  int h = 0, w = 0, c = 0;
  std::vector<float> d; // NHWC, batch 1
  float &at(int y, int x, int ch) { return d[(static_cast<size_t>(y) * w + x) * c + ch]; }
  float at(int y, int x, int ch) const { return d[(static_cast<size_t>(y) * w + x) * c + ch]; }
};

float applyAct(float v, Act4::Kind k) {
  switch (k) {
  case Act4::None: return v;
  case Act4::Relu: return v < 0 ? 0 : v;
  case Act4::Relu6: return v < 0 ? 0 : (v > 6 ? 6 : v);
  case Act4::HardSwish: {
    float r = v + 3;
    r = r < 0 ? 0 : (r > 6 ? 6 : r);
    return v * r / 6;
  }
  }
  return v;
}

double rms(const std::vector<float> &v) {
  double s = 0;
  for (float x : v)
    s += static_cast<double>(x) * x;
  return v.empty() ? 0.0 : std::sqrt(s / static_cast<double>(v.size()));
}

// Snaps a positive scale to 2^(k/8).
float snapScale(double s) {
  static const float frac[8] = {1.0f,       1.09050773f, 1.18920712f, 1.29683955f,
                                1.41421356f, 1.54221083f, 1.68179283f, 1.83400809f};
  if (!(s > 1e-12) || !(s < 1e12))
    return 1.0f;
  const long k = std::lround(std::log2(s) * 8.0);
  long q = k / 8, r = k % 8;
  if (r < 0) {
    r += 8;
    q -= 1;
  }
  return std::ldexp(frac[r], static_cast<int>(q));
}

// Proxy convolution (depthwise when `depthwise`), no bias; w is OHWI or 1HWC.
Proxy proxyConv(const Proxy &x, const std::vector<float> &w, int o, int k, int stride,
                Padding pad, bool depthwise) {
  Proxy y;
  y.h = convOutSize(x.h, k, stride, 1, pad);
  y.w = convOutSize(x.w, k, stride, 1, pad);
  y.c = depthwise ? x.c : o;
  if (y.h <= 0 || y.w <= 0)
    return Proxy();
  y.d.assign(static_cast<size_t>(y.h) * y.w * y.c, 0.0f);
  const int padT = pad == Padding::Same ? std::max((y.h - 1) * stride + k - x.h, 0) / 2 : 0;
  const int padL = pad == Padding::Same ? std::max((y.w - 1) * stride + k - x.w, 0) / 2 : 0;
  for (int oy = 0; oy < y.h; ++oy)
    for (int ox = 0; ox < y.w; ++ox)
      for (int ky = 0; ky < k; ++ky) {
        const int iy = oy * stride - padT + ky;
        if (iy < 0 || iy >= x.h)
          continue;
        for (int kx = 0; kx < k; ++kx) {
          const int ix = ox * stride - padL + kx;
          if (ix < 0 || ix >= x.w)
            continue;
          const float *in = &x.d[(static_cast<size_t>(iy) * x.w + ix) * x.c];
          float *out = &y.d[(static_cast<size_t>(oy) * y.w + ox) * y.c];
          if (depthwise) {
            const float *wk = &w[(static_cast<size_t>(ky) * k + kx) * x.c];
            for (int ch = 0; ch < x.c; ++ch)
              out[ch] += in[ch] * wk[ch];
          } else {
            for (int oc = 0; oc < o; ++oc) {
              const float *wk = &w[((static_cast<size_t>(oc) * k + ky) * k + kx) * x.c];
              float acc = 0;
              for (int ch = 0; ch < x.c; ++ch)
                acc += in[ch] * wk[ch];
              out[oc] += acc;
            }
          }
        }
      }
  return y;
}

// Graph building plus proxy tracking for the MobileNets.
struct Net {
  Ctx &c;
  std::vector<Proxy> px; // by tensor index (empty Proxy for constants)
  explicit Net(Ctx &ctx) : c(ctx) {}

  void set(int t, Proxy p) {
    if (t < 0)
      return;
    if (static_cast<int>(px.size()) <= t)
      px.resize(t + 1);
    px[t] = std::move(p);
  }
  const Proxy &get(int t) {
    static const Proxy empty;
    return t >= 0 && t < static_cast<int>(px.size()) ? px[t] : empty;
  }

  int input(int res) {
    int x = c.b.addInput("input", {1, res, res, 3});
    Proxy p;
    p.h = p.w = std::min(res, kProxyRes);
    p.c = 3;
    Rng r(0x5EED5EED5EEDull);
    p.d.resize(static_cast<size_t>(p.h) * p.w * p.c);
    for (float &v : p.d)
      v = r.uniform(-1.0f, 1.0f);
    set(x, std::move(p));
    return x;
  }

  // conv / depthwise with weights rescaled so the pre-activation RMS (before bias) is
  // `target`. `hswish` adds a separate HARD_SWISH op after an un-fused conv.
  int convLike(bool depthwise, const std::string &scope, const std::string &out, int x, int o,
               int k, int stride, Padding pad, Act4::Kind act, float target, float biasLo,
               float biasHi) {
    const Shape &sh = c.b.shape(x);
    const int ic = sh.empty() ? 1 : sh.back();
    const int oc = depthwise ? ic : o;
    const int fanIn = depthwise ? k * k : k * k * ic;
    std::vector<float> w =
        c.sym(static_cast<size_t>(depthwise ? 1 : o) * k * k * ic, Ctx::limit(1.0f, fanIn));
    const Proxy &xp = get(x);
    Proxy z = proxyConv(xp, w, o, k, stride, pad, depthwise);
    const float s = snapScale(target / std::max(rms(z.d), 1e-6));
    for (float &v : w)
      v *= s;
    std::vector<float> bv = c.uni(oc, biasLo, biasHi);
    int wt = depthwise ? c.b.addConstF32(scope + "/depthwise_weights", {1, k, k, ic}, w)
                       : c.b.addConstF32(scope + "/weights", {o, k, k, ic}, w);
    int bt = c.b.addConstF32(scope + "/bias", {oc}, bv);
    const bool hs = act == Act4::HardSwish;
    const Activation fused = act == Act4::Relu    ? Activation::Relu
                             : act == Act4::Relu6 ? Activation::Relu6
                                                  : Activation::None;
    const std::string convOut = hs ? scope + "/BiasAdd" : out;
    int y = depthwise
                ? c.b.depthwiseConv2d(convOut, x, wt, bt, stride, stride, pad, 1, fused)
                : c.b.conv2d(convOut, x, wt, bt, stride, stride, pad, fused);
    for (size_t i = 0; i < z.d.size(); ++i)
      z.d[i] = applyAct(z.d[i] * s + bv[i % oc], act);
    if (hs)
      y = c.b.hardSwish(out, y);
    set(y, std::move(z));
    return y;
  }
  int conv(const std::string &scope, const std::string &out, int x, int o, int k, int stride,
           Act4::Kind act, float target, float biasLo = -0.1f, float biasHi = 0.1f,
           Padding pad = Padding::Same) {
    return convLike(false, scope, out, x, o, k, stride, pad, act, target, biasLo, biasHi);
  }
  int dw(const std::string &scope, const std::string &out, int x, int k, int stride,
         Act4::Kind act, float target, Padding pad = Padding::Same) {
    return convLike(true, scope, out, x, 0, k, stride, pad, act, target, -0.1f, 0.1f);
  }

  int pad01(const std::string &name, int x) { // Keras-style ((0,1),(0,1)) spatial padding
    int y = c.b.pad(name, x, {{0, 0}, {0, 1}, {0, 1}, {0, 0}});
    const Proxy &xp = get(x);
    Proxy p;
    p.h = xp.h + 1;
    p.w = xp.w + 1;
    p.c = xp.c;
    p.d.assign(static_cast<size_t>(p.h) * p.w * p.c, 0.0f);
    for (int yy = 0; yy < xp.h; ++yy)
      for (int xx = 0; xx < xp.w; ++xx)
        for (int ch = 0; ch < xp.c; ++ch)
          p.at(yy, xx, ch) = xp.at(yy, xx, ch);
    set(y, std::move(p));
    return y;
  }

  // Elementwise a (op) b where b is the same shape or 1x1xC.
  int binary(bool isAdd, const std::string &name, int a, int b2) {
    int y = isAdd ? c.b.add(name, a, b2) : c.b.mul(name, a, b2);
    const Proxy &ap = get(a), &bp = get(b2);
    Proxy p = ap;
    const bool bcast = bp.h * bp.w == 1 && ap.h * ap.w != 1;
    for (size_t i = 0; i < p.d.size() && !bp.d.empty(); ++i) {
      const float v = bcast ? bp.d[i % bp.c] : bp.d[i % bp.d.size()];
      p.d[i] = isAdd ? p.d[i] + v : p.d[i] * v;
    }
    set(y, std::move(p));
    return y;
  }
  int add(const std::string &name, int a, int b2) { return binary(true, name, a, b2); }
  int mul(const std::string &name, int a, int b2) { return binary(false, name, a, b2); }

  // Elementwise with a scalar constant (hard-sigmoid pieces).
  int scalarOp(bool isAdd, const std::string &name, int x, float v) {
    int k = c.scalar(name + "/y", v);
    int y = isAdd ? c.b.add(name, x, k) : c.b.mul(name, x, k);
    Proxy p = get(x);
    for (float &e : p.d)
      e = isAdd ? e + v : e * v;
    set(y, std::move(p));
    return y;
  }
  int relu6(const std::string &name, int x) {
    int y = c.b.relu6(name, x);
    Proxy p = get(x);
    for (float &e : p.d)
      e = applyAct(e, Act4::Relu6);
    set(y, std::move(p));
    return y;
  }

  Proxy globalMean(const Proxy &xp) {
    Proxy p;
    p.h = p.w = 1;
    p.c = xp.c;
    p.d.assign(xp.c, 0.0f);
    const int n = xp.h * xp.w;
    for (int i = 0; i < n; ++i)
      for (int ch = 0; ch < xp.c; ++ch)
        p.d[ch] += xp.d[static_cast<size_t>(i) * xp.c + ch];
    for (float &e : p.d)
      e /= static_cast<float>(n > 0 ? n : 1);
    return p;
  }
  int mean(const std::string &name, int x, bool keepDims) {
    int y = c.b.mean(name, x, {1, 2}, keepDims);
    set(y, globalMean(get(x)));
    return y;
  }
  int avgPoolGlobal(const std::string &name, int x) {
    const Shape sh = c.b.shape(x);
    int y = sh.size() == 4 ? c.b.averagePool2d(name, x, sh[1], sh[2], 1, 1, Padding::Valid) : -1;
    set(y, globalMean(get(x)));
    return y;
  }

  // Logits: 1x1 conv (V1/V3) or FULLY_CONNECTED (V2) to kClasses, then softmax.
  int classifier(const std::string &scope, const std::string &softmaxName, int x, bool fc) {
    const float target = 1.5f; // logit RMS: top-1 probability of a few percent
    int logits;
    if (fc) {
      const int ic = c.b.shape(x).back();
      std::vector<float> w =
          c.sym(static_cast<size_t>(kClasses) * ic, Ctx::limit(1.0f, ic));
      Proxy z = proxyConv(get(x), w, kClasses, 1, 1, Padding::Valid, false);
      const float s = snapScale(target / std::max(rms(z.d), 1e-6));
      for (float &v : w)
        v *= s;
      int wt = c.b.addConstF32(scope + "/fully_connected/weights", {kClasses, ic}, w);
      int bt = c.bias(scope + "/fully_connected/bias", kClasses, -0.05f, 0.05f);
      logits = c.b.fullyConnected(scope + "/fully_connected/BiasAdd", x, wt, bt);
    } else {
      logits = conv(scope + "/Conv2d_1c_1x1", scope + "/Conv2d_1c_1x1/BiasAdd", x, kClasses, 1,
                    1, Act4::None, target, -0.05f, 0.05f, Padding::Valid);
      logits = c.b.reshape(scope + "/Reshape", logits, {1, kClasses});
    }
    return c.b.softmax(softmaxName, logits);
  }
};

// MobileNet V1 (Howard et al. 2017), Keras-style graph: stride-2 layers are an explicit
// PAD ((0,1),(0,1)) then a VALID conv; AVERAGE_POOL_2D head, 1x1 conv logits.
void buildV1(Ctx &c, double alpha, int res) {
  Net n(c);
  auto depth = [&](int d) {
    int v = static_cast<int>(d * alpha);
    return v < 8 ? 8 : v;
  };
  const std::string P = "MobilenetV1/";
  int x = n.input(res);
  x = n.pad01(P + "Conv2d_0/pad", x);
  x = n.conv(P + "Conv2d_0", P + "Conv2d_0/Relu6", x, depth(32), 3, 2, Act4::Relu6, 1.0f, -0.1f,
             0.1f, Padding::Valid);
  struct L { int ch, stride; };
  const L layers[13] = {{64, 1},  {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2},  {512, 1},
                        {512, 1}, {512, 1}, {512, 1}, {512, 1}, {1024, 2}, {1024, 1}};
  for (int i = 0; i < 13; ++i) {
    const std::string s = P + "Conv2d_" + std::to_string(i + 1);
    if (layers[i].stride == 2) {
      x = n.pad01(s + "_depthwise/pad", x);
      x = n.dw(s + "_depthwise", s + "_depthwise/Relu6", x, 3, 2, Act4::Relu6, 1.0f,
               Padding::Valid);
    } else {
      x = n.dw(s + "_depthwise", s + "_depthwise/Relu6", x, 3, 1, Act4::Relu6, 1.0f);
    }
    x = n.conv(s + "_pointwise", s + "_pointwise/Relu6", x, depth(layers[i].ch), 1, 1,
               Act4::Relu6, 1.0f);
  }
  x = n.avgPoolGlobal(P + "Logits/AvgPool_1a", x);
  c.b.markOutput(n.classifier(P + "Logits", P + "Predictions/Softmax", x, false));
}

// MobileNet V2 (Sandler et al. 2018): inverted residuals with linear bottlenecks.
// SAME padding throughout; MEAN head then FULLY_CONNECTED.
void buildV2(Ctx &c, double alpha, int res) {
  Net n(c);
  const std::string P = "MobilenetV2/";
  int x = n.input(res);
  x = n.conv(P + "Conv", P + "Conv/Relu6", x, makeDivisible(32 * alpha), 3, 2, Act4::Relu6,
             1.0f);
  struct B { int t, c, n, s; };
  const B table[7] = {{1, 16, 1, 1},  {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                      {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};
  int block = 0;
  for (const B &row : table) {
    for (int i = 0; i < row.n; ++i, ++block) {
      const int stride = i == 0 ? row.s : 1;
      const std::string s = P + (block == 0 ? std::string("expanded_conv")
                                            : "expanded_conv_" + std::to_string(block));
      const int inC = c.b.shape(x).empty() ? 0 : c.b.shape(x).back();
      const int outC = makeDivisible(row.c * alpha);
      const bool residual = stride == 1 && inC == outC;
      int h = x;
      if (row.t != 1)
        h = n.conv(s + "/expand", s + "/expand/Relu6", h, inC * row.t, 1, 1, Act4::Relu6, 1.0f);
      h = n.dw(s + "/depthwise", s + "/depthwise/Relu6", h, 3, stride, Act4::Relu6, 1.0f);
      // Linear bottleneck; in residual blocks the branch is kept small so sums do not grow.
      h = n.conv(s + "/project", s + "/project/BiasAdd", h, outC, 1, 1, Act4::None,
                 residual ? 0.5f : 1.0f, -0.05f, 0.05f);
      x = residual ? n.add(s + "/add", x, h) : h;
    }
  }
  const int lastC = alpha > 1.0 ? makeDivisible(1280 * alpha) : 1280;
  x = n.conv(P + "Conv_1", P + "Conv_1/Relu6", x, lastC, 1, 1, Act4::Relu6, 1.0f);
  x = n.mean(P + "Logits/AvgPool", x, false);
  c.b.markOutput(n.classifier(P + "Logits", P + "Predictions/Softmax", x, true));
}

// MobileNet V3 (Howard et al. 2019), Large and Small, as in the reference Keras code.
struct V3Block {
  int kernel;
  double expansion; // expanded channels = make_divisible(in_channels * expansion)
  int out;
  bool se;
  bool hswish;
  int stride;
};

const V3Block kV3Large[15] = {
    {3, 1, 16, false, false, 1},  {3, 4, 24, false, false, 2},  {3, 3, 24, false, false, 1},
    {5, 3, 40, true, false, 2},   {5, 3, 40, true, false, 1},   {5, 3, 40, true, false, 1},
    {3, 6, 80, false, true, 2},   {3, 2.5, 80, false, true, 1}, {3, 2.3, 80, false, true, 1},
    {3, 2.3, 80, false, true, 1}, {3, 6, 112, true, true, 1},   {3, 6, 112, true, true, 1},
    {5, 6, 160, true, true, 2},   {5, 6, 160, true, true, 1},   {5, 6, 160, true, true, 1}};

const V3Block kV3Small[11] = {
    {3, 1, 16, true, false, 2},        {3, 72.0 / 16, 24, false, false, 2},
    {3, 88.0 / 24, 24, false, false, 1}, {5, 4, 40, true, true, 2},
    {5, 6, 40, true, true, 1},         {5, 6, 40, true, true, 1},
    {5, 3, 48, true, true, 1},         {5, 3, 48, true, true, 1},
    {5, 6, 96, true, true, 2},         {5, 6, 96, true, true, 1},
    {5, 6, 96, true, true, 1}};

// Squeeze-excite: MEAN -> 1x1 conv (RELU) -> 1x1 conv -> hard-sigmoid -> MUL (broadcast).
int squeezeExcite(Net &n, const std::string &scope, int x) {
  const int ch = n.c.b.shape(x).back();
  const int reduced = makeDivisible(ch * 0.25);
  int s = n.mean(scope + "/AvgPool", x, true);
  s = n.conv(scope + "/Conv", scope + "/Conv/Relu", s, reduced, 1, 1, Act4::Relu, 1.0f);
  // Gate pre-activations ~ N(0,1) + bias in [0, 2]: gates spread over ~[0.35, 1], some clamp.
  s = n.conv(scope + "/Conv_1", scope + "/Conv_1/BiasAdd", s, ch, 1, 1, Act4::None, 1.0f, 0.0f,
             2.0f);
  s = n.scalarOp(true, scope + "/hard_sigmoid/add", s, 3.0f);
  s = n.relu6(scope + "/hard_sigmoid/Relu6", s);
  s = n.scalarOp(false, scope + "/hard_sigmoid/mul", s, 1.0f / 6.0f);
  return n.mul(scope + "/Mul", x, s);
}

void buildV3(Ctx &c, double alpha, int res, bool large) {
  Net n(c);
  const std::string P = large ? "MobilenetV3Large/" : "MobilenetV3Small/";
  const V3Block *blocks = large ? kV3Large : kV3Small;
  const int nBlocks = large ? 15 : 11;
  auto act = [](bool hs) { return hs ? Act4::HardSwish : Act4::Relu; };
  auto actName = [](bool hs) { return hs ? std::string("/hard_swish") : std::string("/Relu"); };
  int x = n.input(res);
  x = n.conv(P + "Conv", P + "Conv/hard_swish", x, 16, 3, 2, Act4::HardSwish, 1.0f);
  for (int i = 0; i < nBlocks; ++i) {
    const V3Block &bl = blocks[i];
    const std::string s =
        P + (i == 0 ? std::string("expanded_conv") : "expanded_conv_" + std::to_string(i));
    const int inC = c.b.shape(x).empty() ? 0 : c.b.shape(x).back();
    const int outC = makeDivisible(bl.out * alpha);
    const bool residual = bl.stride == 1 && inC == outC;
    int h = x;
    if (i != 0)
      h = n.conv(s + "/expand", s + "/expand" + actName(bl.hswish), h,
                 makeDivisible(inC * bl.expansion), 1, 1, act(bl.hswish), 1.0f);
    h = n.dw(s + "/depthwise", s + "/depthwise" + actName(bl.hswish), h, bl.kernel, bl.stride,
             act(bl.hswish), 1.0f);
    if (bl.se)
      h = squeezeExcite(n, s + "/squeeze_excite", h);
    h = n.conv(s + "/project", s + "/project/BiasAdd", h, outC, 1, 1, Act4::None,
               residual ? 0.5f : 1.0f, -0.05f, 0.05f);
    x = residual ? n.add(s + "/Add", x, h) : h;
  }
  const int inC = c.b.shape(x).empty() ? 0 : c.b.shape(x).back();
  x = n.conv(P + "Conv_1", P + "Conv_1/hard_swish", x, makeDivisible(inC * 6), 1, 1,
             Act4::HardSwish, 1.0f);
  x = n.mean(P + "AvgPool", x, true);
  const int lastPoint = alpha > 1.0 ? makeDivisible((large ? 1280 : 1024) * alpha)
                                    : (large ? 1280 : 1024);
  x = n.conv(P + "Conv_2", P + "Conv_2/hard_swish", x, lastPoint, 1, 1, Act4::HardSwish, 1.0f);
  c.b.markOutput(n.classifier(P + "Logits", P + "Predictions/Softmax", x, false));
}

// Parses "<prefix><alpha>_<res>": alpha a positive decimal, res a positive integer.
bool parseAlphaRes(const std::string &rest, double &alpha, int &res) {
  const size_t us = rest.rfind('_');
  if (us == std::string::npos || us == 0 || us + 1 >= rest.size())
    return false;
  const std::string a = rest.substr(0, us), r = rest.substr(us + 1);
  for (char ch : a)
    if (!((ch >= '0' && ch <= '9') || ch == '.'))
      return false;
  for (char ch : r)
    if (!(ch >= '0' && ch <= '9'))
      return false;
  if (r.size() > 5)
    return false;
  char *end = nullptr;
  alpha = std::strtod(a.c_str(), &end);
  if (end != a.c_str() + a.size())
    return false;
  res = std::atoi(r.c_str());
  return true;
}

bool isMobileNetName(const std::string &name, int &version, bool &large, double &alpha,
                     int &res) {
  struct Pfx { const char *p; int v; bool large; };
  const Pfx pfx[4] = {{"mobilenet_v1_", 1, false},
                      {"mobilenet_v2_", 2, false},
                      {"mobilenet_v3_large_", 3, true},
                      {"mobilenet_v3_small_", 3, false}};
  for (const Pfx &p : pfx) {
    const std::string s(p.p);
    if (name.compare(0, s.size(), s) == 0) {
      version = p.v;
      large = p.large;
      return parseAlphaRes(name.substr(s.size()), alpha, res) || (alpha = -1, true);
    }
  }
  return false;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

std::vector<std::string> opModelNames() {
  std::vector<std::string> names;
  for (const OpModel &m : opModels())
    names.push_back(m.name);
  return names;
}

std::vector<std::pair<std::string, std::string>> modelList() {
  std::vector<std::pair<std::string, std::string>> list;
  for (const OpModel &m : opModels())
    list.emplace_back(m.name, m.description);
  list.emplace_back("mobilenet_v1_<alpha>_<res>",
                    "MobileNet V1, width multiplier alpha (e.g. 1.0, 0.75, 0.5, 0.25), input "
                    "1x<res>x<res>x3, 1000-class softmax");
  list.emplace_back("mobilenet_v2_<alpha>_<res>",
                    "MobileNet V2, alpha e.g. 1.4, 1.0, 0.75, 0.5, 0.35; res e.g. 224, 192, 160, "
                    "128, 96");
  list.emplace_back("mobilenet_v3_large_<alpha>_<res>",
                    "MobileNet V3-Large (hard-swish, squeeze-excite), alpha e.g. 1.0, 0.75");
  list.emplace_back("mobilenet_v3_small_<alpha>_<res>",
                    "MobileNet V3-Small (hard-swish, squeeze-excite), alpha e.g. 1.0, 0.75");
  return list;
}

bool buildModel(const std::string &name, uint64_t seed, std::vector<uint8_t> &out,
                std::string &error) {
  return buildModel(name, seed, out, error, nullptr);
}

bool buildModel(const std::string &name, uint64_t seed, std::vector<uint8_t> &out,
                std::string &error, ModelInfo *info) {
  Ctx c(seed);
  ModelInfo mi;
  bool found = false;
  for (const OpModel &m : opModels()) {
    if (name == m.name) {
      m.build(c);
      mi.description = m.description;
      mi.inputLo = m.lo;
      mi.inputHi = m.hi;
      found = true;
      break;
    }
  }
  if (!found) {
    int version = 0, res = 0;
    bool large = false;
    double alpha = 0;
    if (!isMobileNetName(name, version, large, alpha, res)) {
      error = "unknown model '" + name + "' (see --list)";
      return false;
    }
    if (!(alpha > 0.0) || alpha > 4.0 || res < 32 || res > 2048) {
      error = "bad MobileNet name '" + name +
              "': expected <alpha>_<res> with 0 < alpha <= 4 and 32 <= res <= 2048, e.g. "
              "mobilenet_v2_1.0_224";
      return false;
    }
    if (version == 1)
      buildV1(c, alpha, res);
    else if (version == 2)
      buildV2(c, alpha, res);
    else
      buildV3(c, alpha, res, large);
    mi.description = name;
    found = true;
  }
  std::vector<uint8_t> bytes;
  if (!c.b.finish(bytes, error, "mnetc zoo: " + name + " seed " + std::to_string(seed)))
    return false;
  if (info) {
    mi.inputShapes.clear();
    for (int32_t t : c.b.inputs())
      mi.inputShapes.push_back(c.b.shape(t));
    *info = mi;
  }
  out.swap(bytes);
  return true;
}

std::vector<std::vector<float>> makeInputs(const ModelInfo &info, uint64_t seed) {
  Rng rng(seed * 0x9E3779B97F4A7C15ull + 0xC0FFEEull);
  std::vector<std::vector<float>> inputs;
  for (const std::vector<int32_t> &shape : info.inputShapes) {
    size_t n = 1;
    for (int32_t d : shape)
      n *= static_cast<size_t>(d);
    std::vector<float> v(n);
    for (float &x : v)
      x = rng.uniform(info.inputLo, info.inputHi);
    inputs.push_back(std::move(v));
  }
  return inputs;
}

bool computeStats(const std::vector<uint8_t> &model, ModelStats &stats, std::string &error) {
  stats = ModelStats();
  flatbuffers::Verifier verifier(model.data(), model.size());
  if (!tflite::VerifyModelBuffer(verifier)) {
    error = "flatbuffer verification failed";
    return false;
  }
  const tflite::Model *m = tflite::GetModel(model.data());
  if (!m->subgraphs() || m->subgraphs()->size() != 1 || !m->buffers()) {
    error = "expected exactly one subgraph";
    return false;
  }
  const tflite::SubGraph *g = m->subgraphs()->Get(0);
  if (!g->tensors() || !g->operators() || !m->operator_codes()) {
    error = "subgraph without tensors/operators";
    return false;
  }
  stats.bytes = model.size();
  stats.numOps = g->operators()->size();
  stats.numTensors = g->tensors()->size();
  const auto *tensors = g->tensors();
  auto elems = [&](int t) -> uint64_t {
    if (t < 0 || t >= static_cast<int>(tensors->size()))
      return 0;
    const tflite::Tensor *ten = tensors->Get(t);
    uint64_t n = 1;
    if (ten->shape())
      for (int32_t d : *ten->shape())
        n *= static_cast<uint64_t>(d < 0 ? 0 : d);
    return n;
  };
  auto isConst = [&](int t) {
    if (t < 0 || t >= static_cast<int>(tensors->size()))
      return false;
    const uint32_t b = tensors->Get(t)->buffer();
    return b != 0 && b < m->buffers()->size() && m->buffers()->Get(b)->data() &&
           m->buffers()->Get(b)->data()->size() > 0;
  };
  auto dim = [&](int t, int i) -> uint64_t {
    if (t < 0 || t >= static_cast<int>(tensors->size()))
      return 0;
    const auto *s = tensors->Get(t)->shape();
    if (!s || i < 0 || i >= static_cast<int>(s->size()))
      return 0;
    return static_cast<uint64_t>((*s)[i]);
  };
  std::vector<bool> counted(tensors->size(), false);
  // DEQUANTIZE outputs map back to their constant input (float16 weights).
  std::vector<int> dequantSource(tensors->size(), -1);
  for (const tflite::Operator *op : *g->operators()) {
    const auto *oc = m->operator_codes()->Get(op->opcode_index());
    if (oc->builtin_code() == tflite::BuiltinOperator::DEQUANTIZE && op->inputs() &&
        op->outputs() && op->inputs()->size() == 1 && op->outputs()->size() == 1) {
      const int o = op->outputs()->Get(0);
      if (o >= 0 && o < static_cast<int>(tensors->size()))
        dequantSource[o] = op->inputs()->Get(0);
    }
  }
  for (const tflite::Operator *op : *g->operators()) {
    const auto *oc = m->operator_codes()->Get(op->opcode_index());
    const tflite::BuiltinOperator code = oc->builtin_code();
    if (!op->inputs() || !op->outputs() || op->outputs()->size() < 1)
      continue;
    const int w = op->inputs()->size() > 1 ? op->inputs()->Get(1) : -1;
    const int out = op->outputs()->Get(0);
    bool weighted = true;
    if (code == tflite::BuiltinOperator::CONV_2D)
      stats.convMacs += elems(out) * dim(w, 1) * dim(w, 2) * dim(w, 3);
    else if (code == tflite::BuiltinOperator::DEPTHWISE_CONV_2D)
      stats.depthwiseMacs += elems(out) * dim(w, 1) * dim(w, 2);
    else if (code == tflite::BuiltinOperator::FULLY_CONNECTED)
      stats.fcMacs += elems(out) * dim(w, 1);
    else
      weighted = false;
    if (!weighted)
      continue;
    for (size_t i = 1; i < op->inputs()->size(); ++i) {
      int t = op->inputs()->Get(static_cast<flatbuffers::uoffset_t>(i));
      if (t >= 0 && t < static_cast<int>(tensors->size()) && dequantSource[t] >= 0)
        t = dequantSource[t];
      if (isConst(t) && !counted[t]) {
        counted[t] = true;
        stats.params += elems(t);
      }
    }
  }
  for (size_t t = 0; t < tensors->size(); ++t)
    if (!counted[t] && isConst(static_cast<int>(t)))
      stats.otherConstants += elems(static_cast<int>(t));
  return true;
}

} // namespace models
} // namespace mnet

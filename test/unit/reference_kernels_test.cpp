// Unit test of mnet's portable reference fp32 kernels (runtime/include/mnet/kernels/reference).
// Expected values are hand-computed or come from naive formulas written directly here.
// Prints one line per failure and ends with "reference_kernels: N passed, M failed".

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "mnet/kernels/reference/all.h"

namespace {

int g_passed = 0;
int g_failed = 0;

bool close_enough(double got, double want) {
  if (std::isnan(got) || std::isnan(want)) return std::isnan(got) && std::isnan(want);
  if (std::isinf(want) || std::isinf(got)) return got == want;
  return std::fabs(got - want) <= 1e-5 + 1e-4 * std::fabs(want);
}

// Compares two arrays and records one pass or one failure for the whole check.
void check(const std::string& name, const std::vector<float>& got,
           const std::vector<double>& want) {
  if (got.size() != want.size()) {
    std::printf("FAIL %s: size %zu, want %zu\n", name.c_str(), got.size(), want.size());
    ++g_failed;
    return;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    if (!close_enough(got[i], want[i])) {
      std::printf("FAIL %s: [%zu] = %.9g, want %.9g\n", name.c_str(), i,
                  static_cast<double>(got[i]), want[i]);
      ++g_failed;
      return;
    }
  }
  ++g_passed;
}

void check(const std::string& name, const std::vector<float>& got, const std::vector<float>& want) {
  check(name, got, std::vector<double>(want.begin(), want.end()));
}

// Deterministic pseudo-random values in [-1, 1).
struct Rng {
  uint32_t s;
  explicit Rng(uint32_t seed) : s(seed) {}
  float next() {
    s = s * 1664525u + 1013904223u;
    return static_cast<float>((s >> 8) & 0xFFFF) / 32768.f - 1.f;
  }
  std::vector<float> vec(size_t n) {
    std::vector<float> v(n);
    for (auto& x : v) x = next();
    return v;
  }
};

double clampd(double x, double lo, double hi) { return std::fmin(std::fmax(x, lo), hi); }

// TensorFlow SAME padding: returns out size and sets pad_before.
int same_out(int in, int k, int stride, int dilation, int* pad_before) {
  const int out = (in + stride - 1) / stride;
  const int eff_k = (k - 1) * dilation + 1;
  int total = (out - 1) * stride + eff_k - in;
  if (total < 0) total = 0;
  *pad_before = total / 2;
  return out;
}
int valid_out(int in, int k, int stride, int dilation) {
  const int eff_k = (k - 1) * dilation + 1;
  return (in - eff_k) / stride + 1;
}

// ------------------------------------------------------------------------------------------------
// conv2d

// Naive conv: explicitly zero-pads the input, then a direct 7-loop sum.
std::vector<double> naive_conv(const mnet::Conv2DParams& p, const std::vector<float>& in,
                               const std::vector<float>& f, const float* bias) {
  const int ph = p.pad_top + p.in_h + (p.out_h * p.stride_h + p.k_h * p.dilation_h);
  const int pw = p.pad_left + p.in_w + (p.out_w * p.stride_w + p.k_w * p.dilation_w);
  std::vector<double> padded(static_cast<size_t>(p.batch) * ph * pw * p.in_c, 0.0);
  for (int b = 0; b < p.batch; ++b)
    for (int y = 0; y < p.in_h; ++y)
      for (int x = 0; x < p.in_w; ++x)
        for (int c = 0; c < p.in_c; ++c)
          padded[((static_cast<size_t>(b) * ph + y + p.pad_top) * pw + x + p.pad_left) * p.in_c +
                 c] = in[((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + c];
  std::vector<double> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
  for (int b = 0; b < p.batch; ++b)
    for (int oy = 0; oy < p.out_h; ++oy)
      for (int ox = 0; ox < p.out_w; ++ox)
        for (int oc = 0; oc < p.out_c; ++oc) {
          double s = bias ? bias[oc] : 0.0;
          for (int ky = 0; ky < p.k_h; ++ky)
            for (int kx = 0; kx < p.k_w; ++kx)
              for (int ic = 0; ic < p.in_c; ++ic) {
                const int y = oy * p.stride_h + ky * p.dilation_h;
                const int x = ox * p.stride_w + kx * p.dilation_w;
                s += padded[((static_cast<size_t>(b) * ph + y) * pw + x) * p.in_c + ic] *
                     f[((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic];
              }
          out[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] =
              clampd(s, p.out_min, p.out_max);
        }
  return out;
}

void conv_case(const char* name, int batch, int in_h, int in_w, int in_c, int out_c, int k_h,
               int k_w, int stride_h, int stride_w, int dil_h, int dil_w, bool same, bool use_bias,
               float lo, float hi, uint32_t seed) {
  mnet::Conv2DParams p{};
  p.batch = batch;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = in_c;
  p.out_c = out_c;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = stride_h;
  p.stride_w = stride_w;
  p.dilation_h = dil_h;
  p.dilation_w = dil_w;
  if (same) {
    p.out_h = same_out(in_h, k_h, stride_h, dil_h, &p.pad_top);
    p.out_w = same_out(in_w, k_w, stride_w, dil_w, &p.pad_left);
  } else {
    p.out_h = valid_out(in_h, k_h, stride_h, dil_h);
    p.out_w = valid_out(in_w, k_w, stride_w, dil_w);
  }
  p.out_min = lo;
  p.out_max = hi;
  Rng rng(seed);
  auto in = rng.vec(static_cast<size_t>(batch) * in_h * in_w * in_c);
  auto f = rng.vec(static_cast<size_t>(out_c) * k_h * k_w * in_c);
  auto bias = rng.vec(out_c);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * out_c, -777.f);
  mnet::conv2d_f32(p, in.data(), f.data(), use_bias ? bias.data() : nullptr, out.data());
  check(name, out, naive_conv(p, in, f, use_bias ? bias.data() : nullptr));
}

void test_conv2d() {
  // Hand example: 3x3 input 1..9, 2x2 filter [[1,2],[3,4]], VALID, stride 1, bias 1.
  {
    mnet::Conv2DParams p{1, 3, 3, 1, 2, 2, 1, 2, 2, 1, 1, 1, 1, 0, 0, -INFINITY, INFINITY};
    std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::vector<float> f = {1, 2, 3, 4};
    float bias = 1.f;
    std::vector<float> out(4);
    mnet::conv2d_f32(p, in.data(), f.data(), &bias, out.data());
    // 1+4+12+20=37, 2+6+15+24=47, 4+10+21+32=67, 5+12+24+36=77; +1
    check("conv2d hand valid", out, std::vector<float>{38, 48, 68, 78});
  }
  // Hand example: SAME 3x3 kernel of ones on 3x3 input of ones, stride 2 -> 2x2, pad 1.
  {
    mnet::Conv2DParams p{1, 3, 3, 1, 2, 2, 1, 3, 3, 2, 2, 1, 1, 1, 1, -INFINITY, INFINITY};
    std::vector<float> in(9, 1.f), f(9, 1.f), out(4);
    mnet::conv2d_f32(p, in.data(), f.data(), nullptr, out.data());
    check("conv2d hand same stride2", out, std::vector<float>{4, 4, 4, 4});
  }
  // Hand example: relu6 clamp.
  {
    mnet::Conv2DParams p{1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0.f, 6.f};
    std::vector<float> in = {-2, 5}, f = {2}, out(2);
    mnet::conv2d_f32(p, in.data(), f.data(), nullptr, out.data());
    check("conv2d hand relu6", out, std::vector<float>{0, 6});
  }
  conv_case("conv2d 1x1", 1, 5, 4, 7, 6, 1, 1, 1, 1, 1, 1, false, true, -INFINITY, INFINITY, 1);
  conv_case("conv2d 1x1 wide-c", 2, 3, 3, 37, 19, 1, 1, 1, 1, 1, 1, false, true, -INFINITY,
            INFINITY, 2);
  conv_case("conv2d 3x3 same s1", 1, 6, 5, 3, 4, 3, 3, 1, 1, 1, 1, true, true, -INFINITY, INFINITY,
            3);
  conv_case("conv2d 3x3 same s2 odd", 1, 7, 9, 3, 8, 3, 3, 2, 2, 1, 1, true, true, -INFINITY,
            INFINITY, 4);
  conv_case("conv2d 3x3 same s2 even", 2, 8, 6, 3, 5, 3, 3, 2, 2, 1, 1, true, false, 0.f, 6.f, 5);
  conv_case("conv2d 2x2 same s2 odd", 1, 5, 5, 2, 3, 2, 2, 2, 2, 1, 1, true, true, -INFINITY,
            INFINITY, 6);
  conv_case("conv2d 3x3 valid s2", 1, 9, 8, 4, 3, 3, 3, 2, 2, 1, 1, false, true, -INFINITY,
            INFINITY, 7);
  conv_case("conv2d 3x3 dilation2 same", 1, 9, 7, 3, 4, 3, 3, 1, 1, 2, 2, true, true, -INFINITY,
            INFINITY, 8);
  conv_case("conv2d 3x2 dilation 2x3 valid", 1, 9, 10, 2, 3, 3, 2, 1, 1, 2, 3, false, true,
            -INFINITY, INFINITY, 9);
  conv_case("conv2d 5x3 stride 3x1 same", 1, 10, 6, 5, 2, 5, 3, 3, 1, 1, 1, true, true, -0.5f, 0.5f,
            10);
  conv_case("conv2d kernel larger than input same", 1, 2, 3, 2, 3, 5, 5, 1, 1, 1, 1, true, true,
            -INFINITY, INFINITY, 11);
}

// ------------------------------------------------------------------------------------------------
// depthwise_conv2d

void dw_case(const char* name, int batch, int in_h, int in_w, int in_c, int mult, int k_h, int k_w,
             int stride_h, int stride_w, int dil_h, int dil_w, bool same, bool use_bias, float lo,
             float hi, uint32_t seed) {
  mnet::DepthwiseConv2DParams p{};
  p.batch = batch;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = in_c;
  p.depth_multiplier = mult;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = stride_h;
  p.stride_w = stride_w;
  p.dilation_h = dil_h;
  p.dilation_w = dil_w;
  if (same) {
    p.out_h = same_out(in_h, k_h, stride_h, dil_h, &p.pad_top);
    p.out_w = same_out(in_w, k_w, stride_w, dil_w, &p.pad_left);
  } else {
    p.out_h = valid_out(in_h, k_h, stride_h, dil_h);
    p.out_w = valid_out(in_w, k_w, stride_w, dil_w);
  }
  p.out_min = lo;
  p.out_max = hi;
  const int out_c = in_c * mult;
  Rng rng(seed);
  auto in = rng.vec(static_cast<size_t>(batch) * in_h * in_w * in_c);
  auto f = rng.vec(static_cast<size_t>(k_h) * k_w * out_c);
  auto bias = rng.vec(out_c);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * out_c, -777.f);
  mnet::depthwise_conv2d_f32(p, in.data(), f.data(), use_bias ? bias.data() : nullptr, out.data());

  std::vector<double> want(out.size());
  for (int b = 0; b < batch; ++b)
    for (int oy = 0; oy < p.out_h; ++oy)
      for (int ox = 0; ox < p.out_w; ++ox)
        for (int ic = 0; ic < in_c; ++ic)
          for (int m = 0; m < mult; ++m) {
            const int oc = ic * mult + m;
            double s = use_bias ? bias[oc] : 0.0;
            for (int ky = 0; ky < k_h; ++ky)
              for (int kx = 0; kx < k_w; ++kx) {
                const int y = oy * stride_h - p.pad_top + ky * dil_h;
                const int x = ox * stride_w - p.pad_left + kx * dil_w;
                if (y < 0 || y >= in_h || x < 0 || x >= in_w) continue;
                s += static_cast<double>(
                         in[((static_cast<size_t>(b) * in_h + y) * in_w + x) * in_c + ic]) *
                     f[(static_cast<size_t>(ky) * k_w + kx) * out_c + oc];
              }
            want[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * out_c + oc] =
                clampd(s, lo, hi);
          }
  check(name, out, want);
}

void test_depthwise() {
  // Hand example: 2 channels, 2x2 input, 2x2 kernel VALID -> 1x1.
  {
    mnet::DepthwiseConv2DParams p{1, 2, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1, 0, 0, -INFINITY, INFINITY,
                                  false};
    // channel 0: 1,2,3,4; channel 1: 10,20,30,40
    std::vector<float> in = {1, 10, 2, 20, 3, 30, 4, 40};
    // ch0 weights 1,1,1,1; ch1 weights 1,0,0,-1
    std::vector<float> f = {1, 1, 1, 0, 1, 0, 1, -1};
    std::vector<float> bias = {0.5f, 0.f};
    std::vector<float> out(2);
    mnet::depthwise_conv2d_f32(p, in.data(), f.data(), bias.data(), out.data());
    check("depthwise hand", out, std::vector<float>{10.5f, -30.f});
    // With the fused hard-swish, then clamped to [-1, 2] first: 2 * 5 / 6 and -1 * 2 / 6.
    p.hard_swish = true;
    p.out_min = -1.f;
    p.out_max = 2.f;
    mnet::depthwise_conv2d_f32(p, in.data(), f.data(), bias.data(), out.data());
    check("depthwise hand hard-swish", out, std::vector<float>{10.f / 6.f, -2.f / 6.f});
  }
  // Hand example: multiplier 2, 1x1 kernel: oc = ic*2 + m.
  {
    mnet::DepthwiseConv2DParams p{1, 1, 1, 2, 1, 1, 2, 1, 1, 1, 1, 1, 1, 0, 0, -INFINITY, INFINITY,
                                  false};
    std::vector<float> in = {3, 5};
    std::vector<float> f = {1, 2, 3, 4};
    std::vector<float> out(4);
    mnet::depthwise_conv2d_f32(p, in.data(), f.data(), nullptr, out.data());
    check("depthwise hand multiplier2", out, std::vector<float>{3, 6, 15, 20});
  }
  dw_case("depthwise 3x3 same s1", 1, 6, 7, 8, 1, 3, 3, 1, 1, 1, 1, true, true, -INFINITY, INFINITY,
          21);
  dw_case("depthwise 3x3 same s2 odd", 2, 7, 7, 5, 1, 3, 3, 2, 2, 1, 1, true, true, 0.f, 6.f, 22);
  // Channel counts that fill the 16-channel register blocks exactly, and with a tail.
  dw_case("depthwise 3x3 16 channels", 1, 5, 6, 16, 1, 3, 3, 1, 1, 1, 1, true, true, -INFINITY,
          INFINITY, 27);
  dw_case("depthwise 3x3 s2 40 channels relu6", 1, 9, 8, 40, 1, 3, 3, 2, 2, 1, 1, true, true, 0.f,
          6.f, 28);
  dw_case("depthwise 5x5 valid 33 channels no bias", 1, 7, 7, 33, 1, 5, 5, 1, 1, 1, 1, false,
          false, -INFINITY, INFINITY, 29);
  dw_case("depthwise 5x5 same s2 even", 1, 8, 10, 3, 1, 5, 5, 2, 2, 1, 1, true, false, -INFINITY,
          INFINITY, 23);
  dw_case("depthwise multiplier2 3x3 same", 1, 5, 6, 3, 2, 3, 3, 1, 1, 1, 1, true, true, -INFINITY,
          INFINITY, 24);
  dw_case("depthwise multiplier3 valid s2", 1, 7, 8, 2, 3, 3, 3, 2, 2, 1, 1, false, true, -INFINITY,
          INFINITY, 25);
  dw_case("depthwise dilation2 same", 1, 9, 9, 4, 1, 3, 3, 1, 1, 2, 2, true, true, -INFINITY,
          INFINITY, 26);
  dw_case("depthwise dilation 3x2 multiplier2 valid", 1, 10, 9, 3, 2, 2, 3, 1, 1, 3, 2, false, true,
          -1.f, 1.f, 27);
}

// ------------------------------------------------------------------------------------------------
// fully_connected

void test_fully_connected() {
  {
    mnet::FullyConnectedParams p{1, 3, 2, -INFINITY, INFINITY};
    std::vector<float> in = {1, 2, 3}, f = {1, 0, -1, 2, 2, 2}, bias = {10, -1}, out(2);
    mnet::fully_connected_f32(p, in.data(), f.data(), bias.data(), out.data());
    check("fully_connected hand", out, std::vector<float>{8, 11});
  }
  const int shapes[][3] = {{1, 17, 5}, {3, 64, 10}, {2, 1, 3}, {1, 1001, 7}};
  uint32_t seed = 31;
  for (const auto& s : shapes) {
    for (int with_bias = 0; with_bias < 2; ++with_bias) {
      mnet::FullyConnectedParams p{s[0], s[1], s[2], with_bias ? -0.75f : -INFINITY,
                                   with_bias ? 0.75f : INFINITY};
      Rng rng(seed++);
      auto in = rng.vec(static_cast<size_t>(p.batch) * p.in_c);
      auto f = rng.vec(static_cast<size_t>(p.out_c) * p.in_c);
      auto bias = rng.vec(p.out_c);
      std::vector<float> out(static_cast<size_t>(p.batch) * p.out_c);
      mnet::fully_connected_f32(p, in.data(), f.data(), with_bias ? bias.data() : nullptr,
                                out.data());
      std::vector<double> want(out.size());
      for (int b = 0; b < p.batch; ++b)
        for (int o = 0; o < p.out_c; ++o) {
          double acc = with_bias ? bias[o] : 0.0;
          for (int i = 0; i < p.in_c; ++i)
            acc += static_cast<double>(in[static_cast<size_t>(b) * p.in_c + i]) *
                   f[static_cast<size_t>(o) * p.in_c + i];
          want[static_cast<size_t>(b) * p.out_c + o] = clampd(acc, p.out_min, p.out_max);
        }
      char name[96];
      std::snprintf(name, sizeof name, "fully_connected %dx%dx%d bias=%d", s[0], s[1], s[2],
                    with_bias);
      check(name, out, want);
    }
  }
}

// ------------------------------------------------------------------------------------------------
// pool2d

void pool_case(const char* name, bool is_max, int batch, int in_h, int in_w, int ch, int k_h,
               int k_w, int s_h, int s_w, bool same, float lo, float hi, uint32_t seed) {
  mnet::Pool2DParams p{};
  p.batch = batch;
  p.in_h = in_h;
  p.in_w = in_w;
  p.channels = ch;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = s_h;
  p.stride_w = s_w;
  if (same) {
    p.out_h = same_out(in_h, k_h, s_h, 1, &p.pad_top);
    p.out_w = same_out(in_w, k_w, s_w, 1, &p.pad_left);
  } else {
    p.out_h = valid_out(in_h, k_h, s_h, 1);
    p.out_w = valid_out(in_w, k_w, s_w, 1);
  }
  p.out_min = lo;
  p.out_max = hi;
  Rng rng(seed);
  auto in = rng.vec(static_cast<size_t>(batch) * in_h * in_w * ch);
  std::vector<float> out(static_cast<size_t>(batch) * p.out_h * p.out_w * ch, -777.f);
  if (is_max) {
    mnet::max_pool2d_f32(p, in.data(), out.data());
  } else {
    mnet::avg_pool2d_f32(p, in.data(), out.data());
  }
  std::vector<double> want(out.size());
  for (int b = 0; b < batch; ++b)
    for (int oy = 0; oy < p.out_h; ++oy)
      for (int ox = 0; ox < p.out_w; ++ox)
        for (int c = 0; c < ch; ++c) {
          double sum = 0.0, mx = -1e300;
          int n = 0;
          for (int ky = 0; ky < k_h; ++ky)
            for (int kx = 0; kx < k_w; ++kx) {
              const int y = oy * s_h - p.pad_top + ky;
              const int x = ox * s_w - p.pad_left + kx;
              if (y < 0 || y >= in_h || x < 0 || x >= in_w) continue;
              const double v = in[((static_cast<size_t>(b) * in_h + y) * in_w + x) * ch + c];
              sum += v;
              mx = std::fmax(mx, v);
              ++n;
            }
          want[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * ch + c] =
              clampd(is_max ? mx : sum / n, lo, hi);
        }
  check(name, out, want);
}

void test_pool2d() {
  // 3x3 input 1..9, 2x2 kernel, stride 2, SAME -> 2x2 (pad bottom/right only).
  {
    mnet::Pool2DParams p{1, 3, 3, 1, 2, 2, 2, 2, 2, 2, 0, 0, -INFINITY, INFINITY, false};
    std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9}, out(4);
    mnet::avg_pool2d_f32(p, in.data(), out.data());
    check("avg_pool hand same edge counts", out, std::vector<float>{3, 4.5f, 7.5f, 9});
    mnet::max_pool2d_f32(p, in.data(), out.data());
    check("max_pool hand same", out, std::vector<float>{5, 6, 8, 9});
  }
  // 3x3 kernel stride 1 SAME (pad 1 all around) on 3x3: corners average 4 taps, edges 6, centre 9.
  {
    mnet::Pool2DParams p{1, 3, 3, 1, 3, 3, 3, 3, 1, 1, 1, 1, -INFINITY, INFINITY, false};
    std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9}, out(9);
    mnet::avg_pool2d_f32(p, in.data(), out.data());
    check("avg_pool hand 3x3 same s1", out,
          std::vector<double>{12 / 4.0, 21 / 6.0, 16 / 4.0, 27 / 6.0, 45 / 9.0, 33 / 6.0, 24 / 4.0,
                              39 / 6.0, 28 / 4.0});
  }
  // Max pool with all-negative inputs and a clamp.
  {
    mnet::Pool2DParams p{1, 2, 2, 1, 1, 1, 2, 2, 2, 2, 0, 0, -2.f, 6.f, false};
    std::vector<float> in = {-5, -3, -4, -9}, out(1);
    mnet::max_pool2d_f32(p, in.data(), out.data());
    check("max_pool hand negative", out, std::vector<float>{-2});
    p.out_min = -INFINITY;
    mnet::max_pool2d_f32(p, in.data(), out.data());
    check("max_pool hand negative unclamped", out, std::vector<float>{-3});
  }
  // A zero PAD of 1 folded into a 2x2 stride-2 pool (include_pad): every window overhangs the
  // 2x2 input, the average divides by 4 and the maximum of negative inputs is the padded 0.
  {
    mnet::Pool2DParams p{1, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1, 1, -INFINITY, INFINITY, true};
    std::vector<float> in = {1, 2, 3, 4}, out(4);
    mnet::avg_pool2d_f32(p, in.data(), out.data());
    check("avg_pool hand include_pad", out, std::vector<float>{0.25f, 0.5f, 0.75f, 1});
    in = {-1, 2, -3, -4};
    mnet::max_pool2d_f32(p, in.data(), out.data());
    check("max_pool hand include_pad", out, std::vector<float>{0, 2, 0, 0});
  }
  // include_pad with a window wholly in the padding (1x1 kernel, a padded row above the input).
  {
    mnet::Pool2DParams p{1, 1, 2, 1, 2, 2, 1, 1, 1, 1, 1, 0, -INFINITY, INFINITY, true};
    std::vector<float> in = {-3, -5}, out(4);
    mnet::avg_pool2d_f32(p, in.data(), out.data());
    check("avg_pool hand include_pad padding only", out, std::vector<float>{0, 0, -3, -5});
    mnet::max_pool2d_f32(p, in.data(), out.data());
    check("max_pool hand include_pad padding only", out, std::vector<float>{0, 0, -3, -5});
  }
  pool_case("avg_pool 3x3 same s2 odd", false, 2, 7, 5, 6, 3, 3, 2, 2, true, -INFINITY, INFINITY,
            41);
  pool_case("avg_pool 7x7 valid global", false, 1, 7, 7, 13, 7, 7, 1, 1, false, -INFINITY, INFINITY,
            42);
  pool_case("avg_pool 2x3 same s1 relu6", false, 1, 4, 6, 3, 2, 3, 1, 1, true, 0.f, 6.f, 43);
  pool_case("max_pool 3x3 same s2 odd", true, 2, 7, 9, 5, 3, 3, 2, 2, true, -INFINITY, INFINITY,
            44);
  pool_case("max_pool 2x2 valid s2", true, 1, 8, 6, 4, 2, 2, 2, 2, false, -INFINITY, INFINITY, 45);
  pool_case("max_pool 3x2 same s 1x2", true, 1, 5, 7, 3, 3, 2, 1, 2, true, -0.5f, 0.5f, 46);
}

// ------------------------------------------------------------------------------------------------
// elementwise

// Builds broadcast params for lhs/rhs shapes (right-aligned numpy broadcasting).
mnet::BroadcastParams make_bcast(const std::vector<int>& out_shape, const std::vector<int>& lhs,
                                 const std::vector<int>& rhs, float lo = -INFINITY,
                                 float hi = INFINITY) {
  mnet::BroadcastParams p{};
  p.rank = static_cast<int>(out_shape.size());
  for (int d = 0; d < p.rank; ++d) p.out_shape[d] = out_shape[d];
  auto fill = [&](const std::vector<int>& shape, int64_t* stride) {
    const int off = p.rank - static_cast<int>(shape.size());
    int64_t s = 1;
    for (int d = p.rank - 1; d >= 0; --d) {
      const int dim = d >= off ? shape[d - off] : 1;
      stride[d] = dim == 1 ? 0 : s;
      s *= dim;
    }
  };
  fill(lhs, p.lhs_stride);
  fill(rhs, p.rhs_stride);
  p.out_min = lo;
  p.out_max = hi;
  return p;
}

template <mnet::BinaryOp Op>
double ref_op(double a, double b) {
  switch (Op) {
    case mnet::BinaryOp::kAdd:
      return a + b;
    case mnet::BinaryOp::kSub:
      return a - b;
    case mnet::BinaryOp::kMul:
      return a * b;
    case mnet::BinaryOp::kMaximum:
      return a > b ? a : b;
    case mnet::BinaryOp::kMinimum:
      return a < b ? a : b;
  }
  return 0;
}

// Naive broadcast: converts each flat output index to coordinates.
template <mnet::BinaryOp Op>
void binary_case(const std::string& name, const std::vector<int>& out_shape,
                 const std::vector<int>& lhs_shape, const std::vector<int>& rhs_shape,
                 float lo = -INFINITY, float hi = INFINITY, uint32_t seed = 77) {
  const auto p = make_bcast(out_shape, lhs_shape, rhs_shape, lo, hi);
  size_t nl = 1, nr = 1, no = 1;
  for (int d : lhs_shape) nl *= d;
  for (int d : rhs_shape) nr *= d;
  for (int d : out_shape) no *= d;
  Rng rng(seed);
  auto a = rng.vec(nl);
  auto b = rng.vec(nr);
  std::vector<float> out(no, -777.f);
  mnet::binary_f32<Op>(p, a.data(), b.data(), out.data());
  std::vector<double> want(no);
  for (size_t i = 0; i < no; ++i) {
    size_t rem = i;
    int64_t la = 0, rb = 0;
    for (int d = p.rank - 1; d >= 0; --d) {
      const size_t c = rem % out_shape[d];
      rem /= out_shape[d];
      la += static_cast<int64_t>(c) * p.lhs_stride[d];
      rb += static_cast<int64_t>(c) * p.rhs_stride[d];
    }
    want[i] = clampd(ref_op<Op>(a[la], b[rb]), lo, hi);
  }
  check(name, out, want);
}

void test_elementwise() {
  using mnet::BinaryOp;
  // Hand examples.
  {
    auto p = make_bcast({4}, {4}, {4});
    std::vector<float> a = {1, 2, 3, 4}, b = {10, 20, 30, 40}, out(4);
    mnet::binary_f32<BinaryOp::kAdd>(p, a.data(), b.data(), out.data());
    check("add hand", out, std::vector<float>{11, 22, 33, 44});
    mnet::binary_f32<BinaryOp::kSub>(p, a.data(), b.data(), out.data());
    check("sub hand", out, std::vector<float>{-9, -18, -27, -36});
    mnet::binary_f32<BinaryOp::kMul>(p, a.data(), b.data(), out.data());
    check("mul hand", out, std::vector<float>{10, 40, 90, 160});
    std::vector<float> c = {0, 5, 2, 7};
    mnet::binary_f32<BinaryOp::kMaximum>(p, a.data(), c.data(), out.data());
    check("maximum hand", out, std::vector<float>{1, 5, 3, 7});
    mnet::binary_f32<BinaryOp::kMinimum>(p, a.data(), c.data(), out.data());
    check("minimum hand", out, std::vector<float>{0, 2, 2, 4});
  }
  {
    // [2,3] - [3] (rhs inner vector) and [3] - [2,3] (lhs inner vector).
    auto p = make_bcast({2, 3}, {2, 3}, {3});
    std::vector<float> a = {1, 2, 3, 4, 5, 6}, v = {1, 10, 100}, out(6);
    mnet::binary_f32<BinaryOp::kSub>(p, a.data(), v.data(), out.data());
    check("sub hand rhs vector", out, std::vector<float>{0, -8, -97, 3, -5, -94});
    auto q = make_bcast({2, 3}, {3}, {2, 3});
    mnet::binary_f32<BinaryOp::kSub>(q, v.data(), a.data(), out.data());
    check("sub hand lhs vector", out, std::vector<float>{0, 8, 97, -3, 5, 94});
    // [2,1] * [1,3] (general): outer product.
    auto r = make_bcast({2, 3}, {2, 1}, {1, 3});
    std::vector<float> col = {2, 3};
    mnet::binary_f32<BinaryOp::kMul>(r, col.data(), v.data(), out.data());
    check("mul hand outer product", out, std::vector<float>{2, 20, 200, 3, 30, 300});
    // Scalar with relu6 clamp.
    auto s = make_bcast({2, 3}, {2, 3}, {1}, 0.f, 6.f);
    std::vector<float> three = {3};
    mnet::binary_f32<BinaryOp::kAdd>(s, a.data(), three.data(), out.data());
    check("add hand scalar relu6", out, std::vector<float>{4, 5, 6, 6, 6, 6});
    auto s2 = make_bcast({2, 3}, {}, {2, 3});
    mnet::binary_f32<BinaryOp::kSub>(s2, three.data(), a.data(), out.data());
    check("sub hand lhs scalar", out, std::vector<float>{2, 1, 0, -1, -2, -3});
  }
  // In place: output == lhs.
  {
    auto p = make_bcast({2, 2, 3}, {2, 2, 3}, {3});
    std::vector<float> a = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, v = {2, 0, -1};
    mnet::binary_f32<BinaryOp::kMul>(p, a.data(), v.data(), a.data());
    check("mul in place", a, std::vector<float>{2, 0, -3, 8, 0, -6, 14, 0, -9, 20, 0, -12});
  }
  // Squeeze-and-excite style channel multiply [1,7,7,32] * [1,1,1,32].
  binary_case<BinaryOp::kMul>("mul SE channel", {1, 7, 7, 32}, {1, 7, 7, 32}, {1, 1, 1, 32});
  binary_case<BinaryOp::kMul>("mul SE channel swapped", {1, 7, 7, 32}, {1, 1, 1, 32},
                              {1, 7, 7, 32});
  binary_case<BinaryOp::kAdd>("add residual", {1, 5, 6, 24}, {1, 5, 6, 24}, {1, 5, 6, 24});
  binary_case<BinaryOp::kAdd>("add relu6", {2, 3, 4, 5}, {2, 3, 4, 5}, {2, 3, 4, 5}, 0.f, 0.5f);
  binary_case<BinaryOp::kSub>("sub scalar", {3, 4, 5}, {3, 4, 5}, {1});
  binary_case<BinaryOp::kSub>("sub per-row", {3, 4, 5}, {3, 4, 5}, {3, 4, 1});
  binary_case<BinaryOp::kSub>("sub per-row lhs", {3, 4, 5}, {3, 4, 1}, {3, 4, 5});
  binary_case<BinaryOp::kAdd>("add both broadcast", {2, 4, 3}, {2, 1, 3}, {1, 4, 1});
  binary_case<BinaryOp::kMaximum>("maximum broadcast rank5", {2, 3, 1, 4, 5}, {2, 1, 1, 4, 1},
                                  {3, 1, 1, 5});
  binary_case<BinaryOp::kMinimum>("minimum broadcast rank6", {2, 2, 3, 2, 3, 4}, {2, 1, 3, 1, 3, 4},
                                  {2, 1, 2, 1, 1});
  binary_case<BinaryOp::kMul>("mul rank1", {17}, {17}, {17});
  binary_case<BinaryOp::kMul>("mul size-1 inner", {4, 3, 1}, {4, 3, 1}, {1, 3, 1});
  binary_case<BinaryOp::kSub>("sub middle broadcast", {2, 5, 3}, {2, 5, 3}, {2, 1, 3});

  // Unary ops.
  {
    std::vector<float> x = {-10.f, -3.5f, -3.f, -1.f, -0.25f, 0.f, 0.5f,
                            1.f,   2.9f,  3.f,  4.f,  7.f,    30.f};
    const size_t n = x.size();
    std::vector<float> out(n);
    std::vector<double> want(n);
    mnet::clamp_f32(n, x.data(), out.data(), -1.f, 3.f);
    for (size_t i = 0; i < n; ++i) want[i] = clampd(x[i], -1.0, 3.0);
    check("clamp array", out, want);
    mnet::clamp_f32(n, x.data(), out.data(), 0.f, INFINITY);
    for (size_t i = 0; i < n; ++i) want[i] = std::fmax(x[i], 0.0);
    check("clamp array relu", out, want);
    mnet::logistic_f32(n, x.data(), out.data());
    for (size_t i = 0; i < n; ++i) want[i] = 1.0 / (1.0 + std::exp(-static_cast<double>(x[i])));
    check("logistic", out, want);
    mnet::tanh_f32(n, x.data(), out.data());
    for (size_t i = 0; i < n; ++i) want[i] = std::tanh(static_cast<double>(x[i]));
    check("tanh", out, want);
    mnet::hard_swish_f32(n, x.data(), out.data());
    for (size_t i = 0; i < n; ++i) want[i] = x[i] * clampd(x[i] + 3.0, 0.0, 6.0) / 6.0;
    check("hard_swish", out, want);
    std::vector<float> hand = {-4.f, -3.f, -1.5f, 0.f, 1.5f, 3.f, 4.f}, hout(7);
    mnet::hard_swish_f32(hand.size(), hand.data(), hout.data());
    check("hard_swish hand", hout, std::vector<float>{0.f, 0.f, -0.375f, 0.f, 1.125f, 3.f, 4.f});
    std::vector<float> big = {-200.f, 200.f}, bout(2);
    mnet::logistic_f32(2, big.data(), bout.data());
    check("logistic saturates", bout, std::vector<float>{0.f, 1.f});
    // In place.
    std::vector<float> y = x;
    mnet::tanh_f32(n, y.data(), y.data());
    for (size_t i = 0; i < n; ++i) want[i] = std::tanh(static_cast<double>(x[i]));
    check("tanh in place", y, want);
    if (mnet::clamp_f32(7.f, 0.f, 6.f) == 6.f && mnet::clamp_f32(-1.f, 0.f, 6.f) == 0.f &&
        mnet::clamp_f32(2.5f, 0.f, 6.f) == 2.5f &&
        mnet::clamp_f32(-5.f, -INFINITY, INFINITY) == -5.f) {
      ++g_passed;
    } else {
      std::printf("FAIL scalar clamp_f32\n");
      ++g_failed;
    }
  }
}

// ------------------------------------------------------------------------------------------------
// pad

void test_pad() {
  {
    // [2,2] padded (1,0) rows, (0,2) cols with 9.
    mnet::PadParams p{};
    p.rank = 2;
    p.in_shape[0] = 2;
    p.in_shape[1] = 2;
    p.pad_before[0] = 1;
    p.pad_after[1] = 2;
    p.value = 9.f;
    std::vector<float> in = {1, 2, 3, 4}, out(12, -777.f);
    mnet::pad_f32(p, in.data(), out.data());
    check("pad hand 2d", out, std::vector<float>{9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9});
  }
  {
    // NHWC [1,2,2,1] with SAME-style spatial pad (0,1)/(1,1), zero value.
    mnet::PadParams p{4, {1, 2, 2, 1}, {0, 0, 1, 0}, {0, 1, 1, 0}, 0.f};
    std::vector<float> in = {1, 2, 3, 4}, out(12, -777.f);
    mnet::pad_f32(p, in.data(), out.data());
    check("pad hand nhwc", out, std::vector<float>{0, 1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0});
  }
  {
    // Channel padding [1,1,2,2] -> pad last dim (1,1).
    mnet::PadParams p{4, {1, 1, 2, 2}, {0, 0, 0, 1}, {0, 0, 0, 1}, -1.f};
    std::vector<float> in = {1, 2, 3, 4}, out(8, -777.f);
    mnet::pad_f32(p, in.data(), out.data());
    check("pad hand channels", out, std::vector<float>{-1, 1, 2, -1, -1, 3, 4, -1});
  }
  // Random rank-5 case against an index-mapping formula.
  {
    mnet::PadParams p{5, {2, 3, 1, 4, 3}, {1, 0, 2, 1, 0}, {0, 2, 1, 0, 2}, 0.5f};
    int os[5];
    size_t ni = 1, no = 1;
    for (int d = 0; d < 5; ++d) {
      os[d] = p.pad_before[d] + p.in_shape[d] + p.pad_after[d];
      ni *= p.in_shape[d];
      no *= os[d];
    }
    Rng rng(51);
    auto in = rng.vec(ni);
    std::vector<float> out(no, -777.f);
    mnet::pad_f32(p, in.data(), out.data());
    std::vector<double> want(no);
    for (size_t i = 0; i < no; ++i) {
      size_t rem = i, src = 0, mul = 1;
      bool inside = true;
      for (int d = 4; d >= 0; --d) {
        const int c = static_cast<int>(rem % os[d]) - p.pad_before[d];
        rem /= os[d];
        if (c < 0 || c >= p.in_shape[d]) inside = false;
        src += static_cast<size_t>(c < 0 ? 0 : c) * mul;
        mul *= p.in_shape[d];
      }
      want[i] = inside ? in[src] : p.value;
    }
    check("pad rank5", out, want);
  }
}

// ------------------------------------------------------------------------------------------------
// mean

void mean_case(const std::string& name, const std::vector<int>& shape,
               const std::vector<bool>& reduce, uint32_t seed) {
  mnet::MeanParams p{};
  p.rank = static_cast<int>(shape.size());
  size_t ni = 1, no = 1;
  double count = 1;
  for (int d = 0; d < p.rank; ++d) {
    p.in_shape[d] = shape[d];
    p.reduce[d] = reduce[d];
    ni *= shape[d];
    if (reduce[d]) {
      count *= shape[d];
    } else {
      no *= shape[d];
    }
  }
  Rng rng(seed);
  auto in = rng.vec(ni);
  std::vector<float> out(no, -777.f);
  mnet::mean_f32(p, in.data(), out.data());
  std::vector<double> want(no, 0.0);
  for (size_t i = 0; i < ni; ++i) {
    size_t rem = i, o = 0, mul = 1;
    for (int d = p.rank - 1; d >= 0; --d) {
      const size_t c = rem % shape[d];
      rem /= shape[d];
      if (!reduce[d]) {
        o += c * mul;
        mul *= shape[d];
      }
    }
    want[o] += in[i];
  }
  for (auto& w : want) w /= count;
  check(name, out, want);
}

void test_mean() {
  {
    mnet::MeanParams p{4, {1, 2, 2, 2}, {false, true, true, false}};
    std::vector<float> in = {1, 10, 2, 20, 3, 30, 4, 40}, out(2);
    mnet::mean_f32(p, in.data(), out.data());
    check("mean hand hw", out, std::vector<float>{2.5f, 25.f});
  }
  {
    mnet::MeanParams p{2, {2, 3}, {false, true}};
    std::vector<float> in = {1, 2, 3, 4, 5, 9}, out(2);
    mnet::mean_f32(p, in.data(), out.data());
    check("mean hand last axis", out, std::vector<float>{2, 6});
  }
  mean_case("mean hw 7x7x40", {2, 7, 7, 40}, {false, true, true, false}, 61);
  mean_case("mean hw 28x28x3", {1, 28, 28, 3}, {false, true, true, false}, 62);
  mean_case("mean axis 0,2", {3, 4, 5}, {true, false, true}, 63);
  mean_case("mean all", {3, 4, 5}, {true, true, true}, 64);
  mean_case("mean none", {3, 4}, {false, false}, 65);
  mean_case("mean rank6 mixed", {2, 3, 2, 2, 3, 2}, {false, true, false, true, true, false}, 66);
  mean_case("mean rank1", {9}, {true}, 67);
}

// ------------------------------------------------------------------------------------------------
// concat

void test_concat() {
  {
    // Channel concat of [2 pixels][2 ch] and [2 pixels][3 ch] and [2 pixels][1 ch].
    std::vector<float> a = {1, 2, 3, 4}, b = {10, 11, 12, 13, 14, 15}, c = {100, 200};
    const float* inputs[3] = {a.data(), b.data(), c.data()};
    const int inner[3] = {2, 3, 1};
    std::vector<float> out(12, -777.f);
    mnet::concat_f32(2, 3, inputs, inner, out.data());
    check("concat hand channels", out,
          std::vector<float>{1, 2, 10, 11, 12, 100, 3, 4, 13, 14, 15, 200});
  }
  {
    // Axis-0 concat: outer = 1.
    std::vector<float> a = {1, 2, 3}, b = {4, 5};
    const float* inputs[2] = {a.data(), b.data()};
    const int inner[2] = {3, 2};
    std::vector<float> out(5);
    mnet::concat_f32(1, 2, inputs, inner, out.data());
    check("concat hand axis0", out, std::vector<float>{1, 2, 3, 4, 5});
  }
  {
    // Concat along H of [1,2,2,2] and [1,1,2,2]: inner = H*W*C.
    std::vector<float> a = {1, 2, 3, 4, 5, 6, 7, 8}, b = {9, 10, 11, 12};
    const float* inputs[2] = {a.data(), b.data()};
    const int inner[2] = {8, 4};
    std::vector<float> out(12);
    mnet::concat_f32(1, 2, inputs, inner, out.data());
    check("concat hand axis H", out, std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
  }
}

// ------------------------------------------------------------------------------------------------
// softmax

void test_softmax() {
  {
    std::vector<float> in = {1, 2, 3, 1000, 1000, 1000}, out(6);
    mnet::softmax_f32(2, 3, 1.f, in.data(), out.data());
    const double e1 = std::exp(-2.0), e2 = std::exp(-1.0), s = e1 + e2 + 1.0;
    check("softmax hand", out,
          std::vector<double>{e1 / s, e2 / s, 1 / s, 1 / 3.0, 1 / 3.0, 1 / 3.0});
  }
  {
    std::vector<float> in = {0, 1, 2, 3}, out(4);
    mnet::softmax_f32(1, 4, 0.5f, in.data(), out.data());
    double w[4], s = 0;
    for (int i = 0; i < 4; ++i) s += (w[i] = std::exp(0.5 * i));
    check("softmax beta", out, std::vector<double>{w[0] / s, w[1] / s, w[2] / s, w[3] / s});
  }
  {
    Rng rng(71);
    auto in = rng.vec(3 * 1001);
    for (auto& v : in) v *= 20.f;
    std::vector<float> out(in.size());
    mnet::softmax_f32(3, 1001, 1.f, in.data(), out.data());
    std::vector<double> want(in.size());
    for (int r = 0; r < 3; ++r) {
      double mx = -1e300, s = 0;
      for (int i = 0; i < 1001; ++i) mx = std::fmax(mx, in[r * 1001 + i]);
      for (int i = 0; i < 1001; ++i) s += std::exp(in[r * 1001 + i] - mx);
      for (int i = 0; i < 1001; ++i) want[r * 1001 + i] = std::exp(in[r * 1001 + i] - mx) / s;
    }
    check("softmax 3x1001", out, want);
    // In place.
    mnet::softmax_f32(3, 1001, 1.f, in.data(), in.data());
    check("softmax in place", in, want);
  }
}

// ------------------------------------------------------------------------------------------------
// resize

void resize_check(const std::string& name, bool bilinear, int in_h, int in_w, int ch, int out_h,
                  int out_w, bool align, bool half, const std::vector<float>& in,
                  const std::vector<float>& want) {
  mnet::ResizeParams p{1, in_h, in_w, ch, out_h, out_w, align, half};
  std::vector<float> out(static_cast<size_t>(out_h) * out_w * ch, -777.f);
  if (bilinear) {
    mnet::resize_bilinear_f32(p, in.data(), out.data());
  } else {
    mnet::resize_nearest_f32(p, in.data(), out.data());
  }
  check(name, out, want);
}

void test_resize() {
  const std::vector<float> sq = {3, 6, 9, 12};
  // Bilinear.
  resize_check("bilinear horizontal 1x2->1x3", true, 1, 2, 1, 1, 3, false, false, {3, 6},
               {3, 5, 6});
  resize_check("bilinear vertical 2x1->3x1", true, 2, 1, 1, 3, 1, false, false, {3, 9}, {3, 7, 9});
  resize_check("bilinear 2x2->3x3", true, 2, 2, 1, 3, 3, false, false, sq,
               {3, 5, 6, 7, 9, 10, 9, 11, 12});
  resize_check("bilinear 2x2->3x3 align_corners", true, 2, 2, 1, 3, 3, true, false, sq,
               {3, 4.5f, 6, 6, 7.5f, 9, 9, 10.5f, 12});
  resize_check("bilinear 2x2->3x3 half_pixel", true, 2, 2, 1, 3, 3, false, true, {1, 2, 3, 4},
               {1, 1.5f, 2, 2, 2.5f, 3, 3, 3.5f, 4});
  resize_check("bilinear 1x4->1x8 half_pixel", true, 1, 4, 1, 1, 8, false, true, {0, 4, 8, 12},
               {0, 1, 3, 5, 7, 9, 11, 12});
  resize_check("bilinear 1x4->1x8", true, 1, 4, 1, 1, 8, false, false, {0, 4, 8, 12},
               {0, 2, 4, 6, 8, 10, 12, 12});
  resize_check("bilinear 1x3->1x5 align_corners", true, 1, 3, 1, 1, 5, true, false, {0, 4, 8},
               {0, 2, 4, 6, 8});
  resize_check("bilinear 2x2 channels 2 -> 1x1", true, 2, 2, 2, 1, 1, false, false,
               {1, 10, 2, 20, 3, 30, 4, 40}, {1, 10});
  resize_check("bilinear 2x2 channels 2 -> 2x3 half_pixel", true, 1, 2, 2, 2, 3, false, true,
               {0, 100, 6, 40},
               // x: src -1/6 -> 0; 0.5 -> half; 7/6 -> 1. y: single row.
               {0, 100, 3, 70, 6, 40, 0, 100, 3, 70, 6, 40});
  resize_check("bilinear 4x4->2x2 downsample", true, 4, 4, 1, 2, 2, false, false,
               {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {0, 2, 8, 10});
  resize_check("bilinear 4x4->2x2 downsample half_pixel", true, 4, 4, 1, 2, 2, false, true,
               {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {2.5f, 4.5f, 10.5f, 12.5f});
  // Nearest.
  resize_check("nearest 2x2->3x3", false, 2, 2, 1, 3, 3, false, false, sq,
               {3, 3, 6, 3, 3, 6, 9, 9, 12});
  resize_check("nearest 2x2->3x3 align_corners", false, 2, 2, 1, 3, 3, true, false, sq,
               {3, 6, 6, 9, 12, 12, 9, 12, 12});
  resize_check("nearest 2x2->3x3 half_pixel", false, 2, 2, 1, 3, 3, false, true, sq,
               {3, 6, 6, 9, 12, 12, 9, 12, 12});
  resize_check("nearest 1x4->1x2", false, 1, 4, 1, 1, 2, false, false, {0, 1, 2, 3}, {0, 2});
  resize_check("nearest 1x4->1x2 half_pixel", false, 1, 4, 1, 1, 2, false, true, {0, 1, 2, 3},
               {1, 3});
  resize_check("nearest 1x2->1x4 half_pixel", false, 1, 2, 1, 1, 4, false, true, {5, 7},
               {5, 5, 7, 7});
  resize_check("nearest 1x2->1x4 channels 2", false, 1, 2, 2, 1, 4, false, false, {1, 2, 3, 4},
               {1, 2, 1, 2, 3, 4, 3, 4});
  resize_check("nearest 1x3->1x5 align_corners", false, 1, 3, 1, 1, 5, true, false, {0, 1, 2},
               // src = x * 0.5: 0, 0.5->1 (half away from zero), 1, 1.5->2, 2.
               {0, 1, 1, 2, 2});
  // Batch 2 bilinear 2x upsample.
  {
    mnet::ResizeParams p{2, 1, 2, 1, 1, 4, false, false};
    std::vector<float> in = {0, 8, 1, 3}, out(8);
    mnet::resize_bilinear_f32(p, in.data(), out.data());
    check("bilinear batch2", out, std::vector<float>{0, 4, 8, 8, 1, 2, 3, 3});
  }
}

// ------------------------------------------------------------------------------------------------
// transpose conv2d

// TFLite TRANSPOSE_CONV padding: that of a forward convolution whose input is the transposed
// conv's output (SAME: total = max((ceil(out/stride)-1)*stride + k - out, 0), before = total/2).
int tconv_pad(int out, int k, int stride, bool same) {
  if (!same) return 0;
  const int fwd = (out + stride - 1) / stride;
  int total = (fwd - 1) * stride + k - out;
  if (total < 0) total = 0;
  return total / 2;
}

// Naive transposed conv: scatters every input element times every filter tap into a double
// accumulator, dropping contributions that land outside the output.
std::vector<double> naive_tconv(const mnet::TransposeConv2DParams& p, const std::vector<float>& in,
                                const std::vector<float>& f, const float* bias) {
  std::vector<double> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c, 0.0);
  for (int b = 0; b < p.batch; ++b)
    for (int iy = 0; iy < p.in_h; ++iy)
      for (int ix = 0; ix < p.in_w; ++ix)
        for (int ic = 0; ic < p.in_c; ++ic)
          for (int ky = 0; ky < p.k_h; ++ky)
            for (int kx = 0; kx < p.k_w; ++kx)
              for (int oc = 0; oc < p.out_c; ++oc) {
                const int oy = iy * p.stride_h + ky - p.pad_top;
                const int ox = ix * p.stride_w + kx - p.pad_left;
                if (oy < 0 || oy >= p.out_h || ox < 0 || ox >= p.out_w) continue;
                out[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] +=
                    static_cast<double>(
                        in[((static_cast<size_t>(b) * p.in_h + iy) * p.in_w + ix) * p.in_c + ic]) *
                    f[((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic];
              }
  for (size_t i = 0; i < out.size(); ++i)
    out[i] = clampd(out[i] + (bias ? bias[i % p.out_c] : 0.0), p.out_min, p.out_max);
  return out;
}

void tconv_case(const char* name, int batch, int in_h, int in_w, int in_c, int out_c, int out_h,
                int out_w, int k_h, int k_w, int stride_h, int stride_w, int pad_top, int pad_left,
                bool use_bias, float lo, float hi, uint32_t seed) {
  mnet::TransposeConv2DParams p{};
  p.batch = batch;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = in_c;
  p.out_h = out_h;
  p.out_w = out_w;
  p.out_c = out_c;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = stride_h;
  p.stride_w = stride_w;
  p.pad_top = pad_top;
  p.pad_left = pad_left;
  p.out_min = lo;
  p.out_max = hi;
  Rng rng(seed);
  auto in = rng.vec(static_cast<size_t>(batch) * in_h * in_w * in_c);
  auto f = rng.vec(static_cast<size_t>(out_c) * k_h * k_w * in_c);
  auto bias = rng.vec(out_c);
  std::vector<float> out(static_cast<size_t>(batch) * out_h * out_w * out_c, -777.f);
  mnet::transpose_conv2d_f32(p, in.data(), f.data(), use_bias ? bias.data() : nullptr,
                             out.data());
  check(name, out, naive_tconv(p, in, f, use_bias ? bias.data() : nullptr));
}

// SAME / VALID transposed conv as TFLite defines it: out given, pads from tconv_pad.
void tconv_tfl_case(const char* name, int batch, int in_h, int in_w, int in_c, int out_c,
                    int out_h, int out_w, int k, int stride, bool same, bool use_bias,
                    uint32_t seed) {
  tconv_case(name, batch, in_h, in_w, in_c, out_c, out_h, out_w, k, k, stride, stride,
             tconv_pad(out_h, k, stride, same), tconv_pad(out_w, k, stride, same), use_bias,
             -INFINITY, INFINITY, seed);
}

void test_transpose_conv2d() {
  const float inf = INFINITY;
  // Hand: 2x2 single-channel input, 2x2 kernel, stride 2, no padding: every input pixel is
  // stamped as a scaled copy of the kernel into its own 2x2 output block.
  {
    mnet::TransposeConv2DParams p{1, 2, 2, 1, 4, 4, 1, 2, 2, 2, 2, 0, 0, -inf, inf};
    std::vector<float> in = {1, 2, 3, 4}, f = {1, 10, 100, 1000}, bias = {0.5f}, out(16);
    mnet::transpose_conv2d_f32(p, in.data(), f.data(), bias.data(), out.data());
    check("transpose_conv hand s2 k2", out,
          std::vector<float>{1.5f, 10.5f, 2.5f, 20.5f, 100.5f, 1000.5f, 200.5f, 2000.5f,  //
                             3.5f, 30.5f, 4.5f, 40.5f, 300.5f, 3000.5f, 400.5f, 4000.5f});
  }
  // Hand: 1-D 1x2 input, kernel 1x3 stride 2, pad_left 1, out width 4 (TFLite SAME for out 4):
  // full result would be [1, 2, 1+2*... ] -- columns -1..4 of the scatter; keep 0..3.
  {
    mnet::TransposeConv2DParams p{1, 1, 2, 1, 1, 4, 1, 1, 3, 1, 2, 0, 1, -inf, inf};
    std::vector<float> in = {1, 10}, f = {1, 2, 3}, out(4);
    // Scatter: x=0 -> cols -1,0,1 get 1,2,3; x=1 -> cols 1,2,3 get 10,20,30.
    mnet::transpose_conv2d_f32(p, in.data(), f.data(), nullptr, out.data());
    check("transpose_conv hand overlap pad1", out, std::vector<float>{2, 13, 20, 30});
  }
  // Pads from the TFLite rule.
  {
    std::vector<float> pads = {static_cast<float>(tconv_pad(16, 3, 2, true)),
                               static_cast<float>(tconv_pad(18, 3, 2, true)),
                               static_cast<float>(tconv_pad(9, 3, 2, true)),
                               static_cast<float>(tconv_pad(32, 2, 2, true)),
                               static_cast<float>(tconv_pad(8, 4, 2, true)),
                               static_cast<float>(tconv_pad(7, 3, 1, true)),
                               static_cast<float>(tconv_pad(14, 2, 2, false))};
    check("transpose_conv tflite pads", pads, std::vector<float>{0, 0, 1, 0, 1, 1, 0});
  }
  // Stride 2 SAME-like, 3x3 kernel (pad 0, total 1): 8x9 -> 16x18.
  tconv_tfl_case("transpose_conv s2 same k3", 1, 8, 9, 16, 8, 16, 18, 3, 2, true, true, 101);
  // Stride 2 SAME, odd output (pad 1): 5x4 -> 9x7.
  tconv_tfl_case("transpose_conv s2 same odd out", 1, 5, 4, 3, 5, 9, 7, 3, 2, true, true, 102);
  // Stride 2 SAME, 4x4 kernel (pad 1), no bias, batch 2.
  tconv_tfl_case("transpose_conv s2 same k4 nobias batch2", 2, 3, 5, 9, 4, 6, 10, 4, 2, true,
                 false, 103);
  // Stride 2 VALID: 2x2 kernel (exact tiling), and 3x3 kernel (out = (in-1)*2+3).
  tconv_tfl_case("transpose_conv s2 valid k2", 1, 7, 5, 8, 4, 14, 10, 2, 2, false, true, 104);
  tconv_tfl_case("transpose_conv s2 valid k3", 1, 4, 3, 5, 3, 9, 7, 3, 2, false, true, 105);
  // Stride 1 SAME 3x3 (pad 1), odd sizes, with and without bias.
  tconv_tfl_case("transpose_conv s1 same k3", 1, 7, 5, 6, 7, 7, 5, 3, 1, true, true, 106);
  tconv_tfl_case("transpose_conv s1 same k3 nobias", 1, 9, 11, 17, 3, 9, 11, 3, 1, true, false,
                 107);
  // Stride 1 VALID (out = in + k - 1), 1x1 kernel.
  tconv_tfl_case("transpose_conv s1 valid k3", 1, 4, 6, 2, 2, 6, 8, 3, 1, false, true, 108);
  tconv_tfl_case("transpose_conv s1 k1", 1, 3, 4, 12, 5, 3, 4, 1, 1, true, true, 109);
  // Stride 3 and an asymmetric kernel/stride/pad, output cropped short of the full extent.
  tconv_case("transpose_conv s3 k5 pad2", 1, 3, 4, 4, 3, 9, 12, 5, 5, 3, 3, 2, 2, true, -inf, inf,
             110);
  tconv_case("transpose_conv asym", 1, 4, 5, 3, 2, 7, 13, 3, 2, 2, 3, 1, 0, true, -inf, inf, 111);
  // MediaPipe selfie segmentation last op: 16x16x16 -> 32x32x1, 2x2 stride 2 SAME.
  tconv_tfl_case("transpose_conv selfie head", 1, 16, 16, 16, 1, 32, 32, 2, 2, true, true, 112);
  // Clamping (RELU6-like and RELU_N1_TO_1-like).
  tconv_case("transpose_conv relu6", 1, 5, 5, 8, 4, 10, 10, 3, 3, 2, 2, 0, 0, true, 0.f, 6.f,
             113);
  tconv_case("transpose_conv relu_n1_to_1", 1, 4, 4, 8, 3, 8, 8, 3, 3, 2, 2, 0, 0, true, -1.f,
             1.f, 114);
}

// ------------------------------------------------------------------------------------------------
// depth_to_space

void d2s_case(const std::string& name, int batch, int in_h, int in_w, int in_c, int bs,
              uint32_t seed) {
  Rng rng(seed);
  auto in = rng.vec(static_cast<size_t>(batch) * in_h * in_w * in_c);
  const int out_c = in_c / (bs * bs), out_h = in_h * bs, out_w = in_w * bs;
  std::vector<float> out(in.size(), -777.f), want(in.size());
  for (int b = 0; b < batch; ++b)
    for (int oy = 0; oy < out_h; ++oy)
      for (int ox = 0; ox < out_w; ++ox)
        for (int c = 0; c < out_c; ++c) {
          const int iy = oy / bs, by = oy % bs, ix = ox / bs, bx = ox % bs;
          want[((static_cast<size_t>(b) * out_h + oy) * out_w + ox) * out_c + c] =
              in[((static_cast<size_t>(b) * in_h + iy) * in_w + ix) * in_c +
                 (by * bs + bx) * out_c + c];
        }
  mnet::DepthToSpaceParams p{batch, in_h, in_w, in_c, bs};
  mnet::depth_to_space_f32(p, in.data(), out.data());
  check(name, out, want);
}

void test_depth_to_space() {
  // Hand: 1x1x1x4, block 2 -> 1x2x2x1 in channel order.
  {
    mnet::DepthToSpaceParams p{1, 1, 1, 4, 2};
    std::vector<float> in = {1, 2, 3, 4}, out(4);
    mnet::depth_to_space_f32(p, in.data(), out.data());
    check("depth_to_space hand 1x1x4", out, std::vector<float>{1, 2, 3, 4});
  }
  // Hand: 1x1x2x8, block 2 -> 1x2x4x2.
  {
    mnet::DepthToSpaceParams p{1, 1, 2, 8, 2};
    std::vector<float> in = {0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17}, out(16);
    mnet::depth_to_space_f32(p, in.data(), out.data());
    check("depth_to_space hand 1x2x8", out,
          std::vector<float>{0, 1, 2, 3, 10, 11, 12, 13, 4, 5, 6, 7, 14, 15, 16, 17});
  }
  d2s_case("depth_to_space block2", 1, 5, 6, 16, 2, 201);
  d2s_case("depth_to_space block2 c4 batch2", 2, 3, 4, 4, 2, 202);
  d2s_case("depth_to_space block3", 1, 4, 3, 18, 3, 203);
  d2s_case("depth_to_space block3 c9", 2, 2, 5, 9, 3, 204);
  d2s_case("depth_to_space block1", 1, 3, 3, 5, 1, 205);
}

}  // namespace

int main() {
  test_conv2d();
  test_depthwise();
  test_fully_connected();
  test_pool2d();
  test_elementwise();
  test_pad();
  test_mean();
  test_concat();
  test_softmax();
  test_resize();
  test_transpose_conv2d();
  test_depth_to_space();
  std::printf("reference_kernels: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

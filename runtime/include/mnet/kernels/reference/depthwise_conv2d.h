// mnet reference kernels: depthwise 2-D convolution (NHWC, fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct DepthwiseConv2DParams {
  int batch, in_h, in_w, in_c;
  int out_h, out_w,
      depth_multiplier;  // out_c = in_c * depth_multiplier; oc = ic * depth_multiplier + m
  int k_h, k_w;
  int stride_h, stride_w;
  int dilation_h, dilation_w;
  int pad_top, pad_left;
  float out_min, out_max;
  bool hard_swish;  // then x * relu6(x + 3) / 6 (a HARD_SWISH fused by mnet-fuse-epilogue)
};

// input:  [batch][in_h][in_w][in_c]
// filter: [1][k_h][k_w][out_c]
// bias:   [out_c] or nullptr
// output: [batch][out_h][out_w][out_c]; must not alias input.
// Taps that fall outside the input read zero.
[[maybe_unused]] inline void depthwise_conv2d_f32(const DepthwiseConv2DParams& p,
                                                  const float* input, const float* filter,
                                                  const float* bias, float* output) {
  const int64_t in_c = p.in_c;
  const int64_t mult = p.depth_multiplier;
  const int64_t out_c = in_c * mult;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * in_c;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const int64_t f_row = static_cast<int64_t>(p.k_w) * out_c;
  float* __restrict out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int oy = 0; oy < p.out_h; ++oy) {
      const int iy0 = oy * p.stride_h - p.pad_top;
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int ix0 = ox * p.stride_w - p.pad_left;
        // The output pixel doubles as the accumulator.
        if (bias) {
          for (int64_t c = 0; c < out_c; ++c) out[c] = bias[c];
        } else {
          for (int64_t c = 0; c < out_c; ++c) out[c] = 0.f;
        }
        for (int ky = 0; ky < p.k_h; ++ky) {
          const int iy = iy0 + ky * p.dilation_h;
          if (iy < 0 || iy >= p.in_h) continue;
          for (int kx = 0; kx < p.k_w; ++kx) {
            const int ix = ix0 + kx * p.dilation_w;
            if (ix < 0 || ix >= p.in_w) continue;
            const float* __restrict in_px = in_b + iy * in_row + ix * in_c;
            const float* __restrict f_px = filter + ky * f_row + kx * out_c;
            for (int64_t ic = 0; ic < in_c; ++ic) {
              const float v = in_px[ic];
              float* __restrict o = out + ic * mult;
              const float* __restrict f = f_px + ic * mult;
              for (int64_t m = 0; m < mult; ++m) o[m] += v * f[m];
            }
          }
        }
        for (int64_t c = 0; c < out_c; ++c) out[c] = clamp_f32(out[c], p.out_min, p.out_max);
        if (p.hard_swish)
          for (int64_t c = 0; c < out_c; ++c)
            out[c] = out[c] * clamp_f32(out[c] + 3.f, 0.f, 6.f) * (1.f / 6.f);
        out += out_c;
      }
    }
  }
}

}  // namespace mnet

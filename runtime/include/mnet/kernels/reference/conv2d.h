// mnet reference kernels: 2-D convolution (NHWC, fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct Conv2DParams {
  int batch, in_h, in_w, in_c;
  int out_h, out_w, out_c;
  int k_h, k_w;
  int stride_h, stride_w;
  int dilation_h, dilation_w;
  int pad_top, pad_left;  // bottom/right padding is implied by out_h/out_w
  float out_min, out_max;
};

// input:  [batch][in_h][in_w][in_c]
// filter: [out_c][k_h][k_w][in_c] (TFLite OHWI)
// bias:   [out_c] or nullptr
// output: [batch][out_h][out_w][out_c]; must not alias input.
// Taps that fall outside the input read zero.
[[maybe_unused]] inline void conv2d_f32(const Conv2DParams& p, const float* input,
                                        const float* filter, const float* bias, float* output) {
  const int64_t in_c = p.in_c;
  const int64_t out_c = p.out_c;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * in_c;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const int64_t f_row = static_cast<int64_t>(p.k_w) * in_c;
  const int64_t f_oc = static_cast<int64_t>(p.k_h) * f_row;
  float* __restrict out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int oy = 0; oy < p.out_h; ++oy) {
      const int iy0 = oy * p.stride_h - p.pad_top;
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int ix0 = ox * p.stride_w - p.pad_left;
        for (int64_t oc = 0; oc < out_c; ++oc) {
          const float* f_o = filter + oc * f_oc;
          float acc = bias ? bias[oc] : 0.f;
          for (int ky = 0; ky < p.k_h; ++ky) {
            const int iy = iy0 + ky * p.dilation_h;
            if (iy < 0 || iy >= p.in_h) continue;
            const float* in_y = in_b + iy * in_row;
            const float* f_y = f_o + ky * f_row;
            for (int kx = 0; kx < p.k_w; ++kx) {
              const int ix = ix0 + kx * p.dilation_w;
              if (ix < 0 || ix >= p.in_w) continue;
              acc += ref_detail::dot_f32(in_y + ix * in_c, f_y + kx * in_c, in_c);
            }
          }
          out[oc] = clamp_f32(acc, p.out_min, p.out_max);
        }
        out += out_c;
      }
    }
  }
}

}  // namespace mnet

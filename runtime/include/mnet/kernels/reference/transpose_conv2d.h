// mnet reference kernels: 2-D transposed convolution (NHWC, fp32), as TFLite TRANSPOSE_CONV.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct TransposeConv2DParams {
  int batch, in_h, in_w, in_c;
  int out_h, out_w, out_c;
  int k_h, k_w;
  int stride_h, stride_w;
  int pad_top, pad_left;  // bottom/right cropping is implied by out_h/out_w
  float out_min, out_max;
};

// input:  [batch][in_h][in_w][in_c]
// filter: [out_c][k_h][k_w][in_c] (TFLite TRANSPOSE_CONV OHWI)
// bias:   [out_c] or nullptr
// output: [batch][out_h][out_w][out_c]; must not alias input.
//
// output(n, oy, ox, oc) = bias[oc] + sum of input(n, iy, ix, ic) * filter(oc, ky, kx, ic) over
// all iy, ix, ky, kx, ic with oy = iy * stride_h + ky - pad_top and
// ox = ix * stride_w + kx - pad_left, clamped to [out_min, out_max]. Contributions that land
// outside the output are dropped; outputs that receive none are bias only.
//
// Computed as a gather (one accumulator per output element, no scratch memory): for output row
// oy, tap ky contributes iff (oy + pad_top - ky) is a non-negative multiple of stride_h whose
// quotient iy is below in_h (likewise for columns).
[[maybe_unused]] inline void transpose_conv2d_f32(const TransposeConv2DParams& p,
                                                  const float* input, const float* filter,
                                                  const float* bias, float* output) {
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
      const int ty = oy + p.pad_top;  // = iy * stride_h + ky
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int tx = ox + p.pad_left;  // = ix * stride_w + kx
        for (int64_t oc = 0; oc < out_c; ++oc) {
          const float* f_o = filter + oc * f_oc;
          float acc = bias ? bias[oc] : 0.f;
          for (int ky = 0; ky < p.k_h; ++ky) {
            const int dy = ty - ky;
            if (dy < 0 || dy % p.stride_h != 0) continue;
            const int iy = dy / p.stride_h;
            if (iy >= p.in_h) continue;
            const float* in_y = in_b + iy * in_row;
            const float* f_y = f_o + ky * f_row;
            for (int kx = 0; kx < p.k_w; ++kx) {
              const int dx = tx - kx;
              if (dx < 0 || dx % p.stride_w != 0) continue;
              const int ix = dx / p.stride_w;
              if (ix >= p.in_w) continue;
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

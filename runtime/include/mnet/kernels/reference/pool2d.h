// mnet reference kernels: 2-D average and max pooling (NHWC, fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct Pool2DParams {
  int batch, in_h, in_w, channels;
  int out_h, out_w;
  int k_h, k_w;
  int stride_h, stride_w;
  int pad_top, pad_left;
  float out_min, out_max;
  // false: padded taps are ignored (TFLite's SAME padding). true: they are zeros that take part
  // (a zero PAD folded into a VALID pool): the average divides by k_h * k_w and the maximum of a
  // window that overhangs the input is at least 0.
  bool include_pad;
};

// Average over the taps that fall inside the input (padding is not counted, as in TFLite), or
// over the whole window with include_pad. output must not alias input.
[[maybe_unused]] inline void avg_pool2d_f32(const Pool2DParams& p, const float* input,
                                            float* output) {
  const int64_t ch = p.channels;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * ch;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  float* __restrict out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int oy = 0; oy < p.out_h; ++oy) {
      const int iy0 = oy * p.stride_h - p.pad_top;
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int ix0 = ox * p.stride_w - p.pad_left;
        for (int64_t c = 0; c < ch; ++c) out[c] = 0.f;
        int count = 0;
        for (int ky = 0; ky < p.k_h; ++ky) {
          const int iy = iy0 + ky;
          if (iy < 0 || iy >= p.in_h) continue;
          for (int kx = 0; kx < p.k_w; ++kx) {
            const int ix = ix0 + kx;
            if (ix < 0 || ix >= p.in_w) continue;
            const float* __restrict in_px = in_b + iy * in_row + ix * ch;
            for (int64_t c = 0; c < ch; ++c) out[c] += in_px[c];
            ++count;
          }
        }
        // TFLite divides the sum by the number of in-bounds taps. With no taps at all (impossible
        // for valid shapes without include_pad) the output is 0.
        if (p.include_pad) count = p.k_h * p.k_w;
        const float divisor = count > 0 ? static_cast<float>(count) : 1.f;
        for (int64_t c = 0; c < ch; ++c) out[c] = clamp_f32(out[c] / divisor, p.out_min, p.out_max);
        out += ch;
      }
    }
  }
}

// Maximum over the taps that fall inside the input; with include_pad, taps outside it read 0.
// output must not alias input.
[[maybe_unused]] inline void max_pool2d_f32(const Pool2DParams& p, const float* input,
                                            float* output) {
  const int64_t ch = p.channels;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * ch;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const float lowest = -3.40282346638528859812e+38f;  // std::numeric_limits<float>::lowest()
  float* __restrict out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int oy = 0; oy < p.out_h; ++oy) {
      const int iy0 = oy * p.stride_h - p.pad_top;
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int ix0 = ox * p.stride_w - p.pad_left;
        for (int64_t c = 0; c < ch; ++c) out[c] = lowest;
        for (int ky = 0; ky < p.k_h; ++ky) {
          const int iy = iy0 + ky;
          for (int kx = 0; kx < p.k_w; ++kx) {
            const int ix = ix0 + kx;
            if (iy < 0 || iy >= p.in_h || ix < 0 || ix >= p.in_w) {
              if (p.include_pad)
                for (int64_t c = 0; c < ch; ++c) out[c] = 0.f > out[c] ? 0.f : out[c];
              continue;
            }
            const float* __restrict in_px = in_b + iy * in_row + ix * ch;
            for (int64_t c = 0; c < ch; ++c) out[c] = in_px[c] > out[c] ? in_px[c] : out[c];
          }
        }
        for (int64_t c = 0; c < ch; ++c) out[c] = clamp_f32(out[c], p.out_min, p.out_max);
        out += ch;
      }
    }
  }
}

}  // namespace mnet

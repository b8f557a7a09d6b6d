// mnet SIMD kernels: 2-D average and max pooling and the mean over all pixels (fp32, NHWC), any
// ISA layer. The SIMD twins of reference/pool2d.h and of reference/reduce.h's mean_f32 over axes
// (1, 2) of an NHWC tensor.
//
// Pooling walks the output pixels; per pixel it computes the range of window taps inside the
// input once, then per channel vector keeps one accumulator in a register over those taps, in
// the reference's order (rows, then columns; the sum from 0, the maximum from the lowest float),
// divides by the tap count and clamps as the reference does: the results are the same bits,
// except where the maximum or the clamp compares a NaN or zeros of both signs (each layer's max
// and min have their own rules for those). With include_pad the maximum of a window that
// overhangs the input takes its padded zeros after the input taps, not in tap order. The mean sums each channel vector over the pixels in
// four partial sums, not in one as mean_f32 does, so it differs from the reference by rounding.
// Channel tails use partial loads and stores. output must not alias input.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/common.h"
#include "mnet/kernels/reference/pool2d.h"
#include "mnet/kernels/simd/vec_portable.h"

namespace mnet {
namespace pool_detail {

// The taps [*t0, *t1) of a window of k taps starting at input coordinate i0 (possibly negative)
// that fall inside [0, n); *t1 == *t0 when none does.
[[maybe_unused]] inline void tap_range(int i0, int k, int n, int* t0, int* t1) {
  const int lo = i0 < 0 ? -i0 : 0;
  const int hi = n - i0 < k ? n - i0 : k;
  *t0 = lo;
  *t1 = hi > lo ? hi : lo;
}

// Average (kAvg) or max pooling.
template <class Vec, bool kAvg>
[[maybe_unused]] inline void pool2d_vec_f32(const Pool2DParams& p, const float* input,
                                            float* output) {
  using V = typename Vec::V;
  constexpr int W = Vec::kWidth;
  const int64_t ch = p.channels;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * ch;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const float lowest = -3.40282346638528859812e+38f;  // std::numeric_limits<float>::lowest()
  const V lo = Vec::broadcast(p.out_min), hi = Vec::broadcast(p.out_max);
  float* out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int oy = 0; oy < p.out_h; ++oy) {
      const int iy0 = oy * p.stride_h - p.pad_top;
      int ky0, ky1;
      tap_range(iy0, p.k_h, p.in_h, &ky0, &ky1);
      for (int ox = 0; ox < p.out_w; ++ox) {
        const int ix0 = ox * p.stride_w - p.pad_left;
        int kx0, kx1;
        tap_range(ix0, p.k_w, p.in_w, &kx0, &kx1);
        int rows = ky1 - ky0, cols = kx1 - kx0;
        if (rows == 0 || cols == 0) rows = cols = 0;
        // The first in-bounds tap (not formed when there is none).
        const float* win = rows == 0 ? in_b
                                     : in_b + static_cast<int64_t>(iy0 + ky0) * in_row +
                                           static_cast<int64_t>(ix0 + kx0) * ch;
        // As the reference: with no taps at all (impossible for valid shapes without
        // include_pad) the average is 0.
        const int count = rows * cols, window_taps = p.k_h * p.k_w;
        const int divide_by = p.include_pad ? window_taps : count;
        const V divisor = Vec::broadcast(divide_by > 0 ? static_cast<float>(divide_by) : 1.f);
        const bool max_with_zero = !kAvg && p.include_pad && count < window_taps;
        auto window = [&](int64_t c, auto load) MNET_INLINE_LAMBDA {
          V acc = kAvg ? Vec::zero() : Vec::broadcast(lowest);
          const float* row = win + c;
          for (int y = 0; y < rows; ++y, row += in_row) {
            const float* tap = row;
            for (int x = 0; x < cols; ++x, tap += ch) {
              if constexpr (kAvg)
                acc = Vec::add(acc, load(tap));
              else
                acc = Vec::max(acc, load(tap));
            }
          }
          if constexpr (kAvg)
            acc = Vec::div(acc, divisor);
          else if (max_with_zero)
            acc = Vec::max(acc, Vec::zero());
          return Vec::min(Vec::max(acc, lo), hi);
        };
        int64_t c = 0;
        for (; c + W <= ch; c += W)
          Vec::store(out + c, window(c, [](const float* q) { return Vec::load(q); }));
        if (c < ch) {
          const int n = static_cast<int>(ch - c);
          Vec::store_partial(
              out + c, window(c, [n](const float* q) { return Vec::load_partial(q, n); }), n);
        }
        out += ch;
      }
    }
  }
}

}  // namespace pool_detail

// Average over the taps that fall inside the input, or the window with include_pad (as
// avg_pool2d_f32).
template <class Vec>
[[maybe_unused]] inline void avg_pool2d_vec_f32(const Pool2DParams& p, const float* input,
                                                float* output) {
  pool_detail::pool2d_vec_f32<Vec, true>(p, input, output);
}

// Maximum over the taps that fall inside the input, and 0 for an overhanging window with
// include_pad (as max_pool2d_f32).
template <class Vec>
[[maybe_unused]] inline void max_pool2d_vec_f32(const Pool2DParams& p, const float* input,
                                                float* output) {
  pool_detail::pool2d_vec_f32<Vec, false>(p, input, output);
}

// output[b][c] = the mean of input[b][i][c] over i in [0, pixels): MEAN over axes (1, 2) of an
// NHWC tensor (as mean_f32, up to rounding). output must not alias input.
template <class Vec>
[[maybe_unused]] inline void mean_hw_vec_f32(int batch, int pixels, int channels,
                                             const float* input, float* output) {
  using V = typename Vec::V;
  constexpr int W = Vec::kWidth;
  const int64_t ch = channels;
  const V n_pixels = Vec::broadcast(static_cast<float>(pixels));
  for (int b = 0; b < batch; ++b) {
    const float* in_b = input + b * static_cast<int64_t>(pixels) * ch;
    float* out_b = output + b * ch;
    // Four independent partial sums per channel vector: pixels i, i + 1, i + 2, i + 3.
    auto sum = [&](int64_t c, auto load) MNET_INLINE_LAMBDA {
      V acc[4] = {Vec::zero(), Vec::zero(), Vec::zero(), Vec::zero()};
      const float* px = in_b + c;
      int i = 0;
      for (; i + 4 <= pixels; i += 4, px += 4 * ch) {
        MNET_UNROLL
        for (int k = 0; k < 4; ++k) acc[k] = Vec::add(acc[k], load(px + k * ch));
      }
      for (; i < pixels; ++i, px += ch) acc[0] = Vec::add(acc[0], load(px));
      return Vec::div(Vec::add(Vec::add(acc[0], acc[1]), Vec::add(acc[2], acc[3])), n_pixels);
    };
    int64_t c = 0;
    for (; c + W <= ch; c += W)
      Vec::store(out_b + c, sum(c, [](const float* q) { return Vec::load(q); }));
    if (c < ch) {
      const int n = static_cast<int>(ch - c);
      Vec::store_partial(out_b + c, sum(c, [n](const float* q) { return Vec::load_partial(q, n); }),
                         n);
    }
  }
}

}  // namespace mnet

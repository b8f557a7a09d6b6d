// mnet reference kernels: bilinear and nearest-neighbour image resize (NHWC, fp32).
// Semantics follow TensorFlow Lite's RESIZE_BILINEAR / RESIZE_NEAREST_NEIGHBOR.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct ResizeParams {
  int batch, in_h, in_w, channels, out_h, out_w;
  bool align_corners, half_pixel_centers;
};

namespace ref_detail {

// Source/destination coordinate ratio, computed in float as TFLite does.
[[maybe_unused]] inline float resize_scale(int in_size, int out_size, bool align_corners) {
  if (align_corners && out_size > 1) {
    return static_cast<float>(in_size - 1) / static_cast<float>(out_size - 1);
  }
  return static_cast<float>(in_size) / static_cast<float>(out_size);
}

struct BilinearTap {
  int lo, hi;  // lower / upper source index
  float frac;  // weight of `hi`; `lo` gets 1 - frac
};

[[maybe_unused]] inline BilinearTap bilinear_tap(int x, float scale, bool half_pixel_centers,
                                                 int in_size) {
  const float src = half_pixel_centers ? (static_cast<float>(x) + 0.5f) * scale - 0.5f
                                       : static_cast<float>(x) * scale;
  int lo = static_cast<int>(std::floor(src));
  int hi = static_cast<int>(std::ceil(src));
  if (lo < 0) lo = 0;
  if (hi > in_size - 1) hi = in_size - 1;
  BilinearTap t;
  t.lo = lo;
  t.hi = hi;
  t.frac = src - static_cast<float>(lo);
  return t;
}

[[maybe_unused]] inline int nearest_index(int x, float scale, bool align_corners,
                                          bool half_pixel_centers, int in_size) {
  const float offset = half_pixel_centers ? 0.5f : 0.f;
  const float src = (static_cast<float>(x) + offset) * scale;
  // std::round rounds halves away from zero, like TfLiteRound.
  int idx = static_cast<int>(align_corners ? std::round(src) : std::floor(src));
  if (idx > in_size - 1) idx = in_size - 1;
  if (idx < 0) idx = 0;
  return idx;
}

}  // namespace ref_detail

// output must not alias input.
[[maybe_unused]] inline void resize_bilinear_f32(const ResizeParams& p, const float* input,
                                                 float* output) {
  const int64_t ch = p.channels;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * ch;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const float sy = ref_detail::resize_scale(p.in_h, p.out_h, p.align_corners);
  const float sx = ref_detail::resize_scale(p.in_w, p.out_w, p.align_corners);
  float* __restrict out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int y = 0; y < p.out_h; ++y) {
      const ref_detail::BilinearTap ty =
          ref_detail::bilinear_tap(y, sy, p.half_pixel_centers, p.in_h);
      const float wy1 = ty.frac;
      const float wy0 = 1.f - ty.frac;
      const float* row0 = in_b + ty.lo * in_row;
      const float* row1 = in_b + ty.hi * in_row;
      for (int x = 0; x < p.out_w; ++x) {
        const ref_detail::BilinearTap tx =
            ref_detail::bilinear_tap(x, sx, p.half_pixel_centers, p.in_w);
        const float wx1 = tx.frac;
        const float wx0 = 1.f - tx.frac;
        const float* __restrict p00 = row0 + tx.lo * ch;
        const float* __restrict p01 = row0 + tx.hi * ch;
        const float* __restrict p10 = row1 + tx.lo * ch;
        const float* __restrict p11 = row1 + tx.hi * ch;
        const float w00 = wy0 * wx0;
        const float w01 = wy0 * wx1;
        const float w10 = wy1 * wx0;
        const float w11 = wy1 * wx1;
        for (int64_t c = 0; c < ch; ++c) {
          out[c] = p00[c] * w00 + p10[c] * w10 + p01[c] * w01 + p11[c] * w11;
        }
        out += ch;
      }
    }
  }
}

// output must not alias input.
[[maybe_unused]] inline void resize_nearest_f32(const ResizeParams& p, const float* input,
                                                float* output) {
  const int64_t ch = p.channels;
  const int64_t in_row = static_cast<int64_t>(p.in_w) * ch;
  const int64_t in_image = static_cast<int64_t>(p.in_h) * in_row;
  const float sy = ref_detail::resize_scale(p.in_h, p.out_h, p.align_corners);
  const float sx = ref_detail::resize_scale(p.in_w, p.out_w, p.align_corners);
  float* out = output;
  for (int b = 0; b < p.batch; ++b) {
    const float* in_b = input + b * in_image;
    for (int y = 0; y < p.out_h; ++y) {
      const int iy =
          ref_detail::nearest_index(y, sy, p.align_corners, p.half_pixel_centers, p.in_h);
      for (int x = 0; x < p.out_w; ++x) {
        const int ix =
            ref_detail::nearest_index(x, sx, p.align_corners, p.half_pixel_centers, p.in_w);
        std::memcpy(out, in_b + iy * in_row + ix * ch, static_cast<size_t>(ch) * sizeof(float));
        out += ch;
      }
    }
  }
}

}  // namespace mnet

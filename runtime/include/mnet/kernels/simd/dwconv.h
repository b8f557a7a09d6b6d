// mnet SIMD kernels: depthwise KHxKW convolution, depth multiplier 1, no dilation, any ISA layer.
//
// Per output row and block of Vec::kWidth channels, the KH*KW weight vectors and the bias stay
// in registers while the kernel walks the row in groups of P output pixels (P accumulator
// chains); each input column a group covers is loaded once and feeds the up to KW windows
// holding it. The horizontal stride S is a template parameter, so which column feeds which
// window is known at compile time. Groups whose windows lie inside the input run without
// bounds checks, the groups at the left and right edges with them; padded taps read nothing.
// (Edge pixels one at a time, as single latency-bound chains, made a 3x3 layer on 7x7x960
// take 16.4 us instead of 11.4 us on a Sapphire Rapids core.)
// Channel tails (in_c not a multiple of the width) use partial loads and stores. The epilogue
// clamps, then applies hard-swish when p.hard_swish says so.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "mnet/kernels/reference/common.h"
#include "mnet/kernels/reference/depthwise_conv2d.h"
#include "mnet/kernels/simd/vec_portable.h"

namespace mnet {

// Output pixels computed at once in a row: P accumulator chains, enough to hide the FMA
// latency, as long as they fit in the registers beside the KH*KW weight vectors.
template <class Vec, int KH, int KW>
constexpr int depthwise_pixels() {
  return KH * KW + 8 + 3 <= Vec::kRegisters ? 8 : 4;
}

// One output row of one channel block [c0, c0 + n): Full means n == Vec::kWidth; S is the
// horizontal stride.
template <class Vec, int KH, int KW, int S, bool Full>
[[maybe_unused]] inline void depthwise_row_block(const DepthwiseConv2DParams& p,
                                                 const float* const* rows, const bool* row_ok,
                                                 const float* filter, const float* bias,
                                                 int64_t c0, int n, int ox_lo, int ox_hi,
                                                 float* out_row) {
  using V = typename Vec::V;
  const int64_t c = p.in_c;
  auto load = [n](const float* q) { return Full ? Vec::load(q) : Vec::load_partial(q, n); };
  V wv[KH * KW];
  MNET_UNROLL
  for (int t = 0; t < KH * KW; ++t) wv[t] = load(filter + t * c + c0);
  const V bv = bias != nullptr ? load(bias + c0) : Vec::zero();
  const V lo = Vec::broadcast(p.out_min), hi = Vec::broadcast(p.out_max);
  const bool hard_swish = p.hard_swish;

  // P neighbouring output pixels at once. Their windows cover (P - 1) * S + KW input
  // columns of each row; each column is loaded once and feeds every window holding it.
  using Checked = std::true_type;
  using Unchecked = std::false_type;
  auto pixels = [&](int ox, auto count, auto checked, int valid) MNET_INLINE_LAMBDA {
    constexpr int P = decltype(count)::value;
    constexpr int kSpan = (P - 1) * S + KW;
    V acc[P];
    MNET_UNROLL
    for (int q = 0; q < P; ++q) acc[q] = bv;
    const int ix0 = ox * S - p.pad_left;
    MNET_UNROLL
    for (int ky = 0; ky < KH; ++ky) {
      if (!row_ok[ky]) continue;
      const float* r = rows[ky] + c0;
      MNET_UNROLL
      for (int j = 0; j < kSpan; ++j) {
        const int ix = ix0 + j;
        if (decltype(checked)::value && (ix < 0 || ix >= p.in_w)) continue;
        const V x = load(r + ix * c);
        MNET_UNROLL
        for (int kx = 0; kx < KW; ++kx) {
          const int q = (j - kx) / S;
          if (j >= kx && (j - kx) % S == 0 && q < P)
            acc[q] = Vec::fma(x, wv[ky * KW + kx], acc[q]);
        }
      }
    }
    MNET_UNROLL
    for (int q = 0; q < P; ++q) {
      if (q >= valid) break;
      V v = Vec::min(Vec::max(acc[q], lo), hi);
      if (hard_swish) v = hard_swish_vec<Vec>(v);
      float* o = out_row + (ox + q) * c + c0;
      if (Full)
        Vec::store(o, v);
      else
        Vec::store_partial(o, v, n);
    }
  };
  // The row in groups of G, the last one shifted left to end at the row's end (recomputing a
  // few pixels) rather than finishing with short latency chains; groups with a window past an
  // edge check their columns. A row narrower than G is one checked group that stores out_w
  // pixels (the windows past the row read only columns inside the input).
  constexpr int G = depthwise_pixels<Vec, KH, KW>();
  using Group = std::integral_constant<int, G>;
  const int out_w = p.out_w;
  if (out_w < G) {
    pixels(0, Group(), Checked(), out_w);
    return;
  }
  for (int ox = 0; ox < out_w; ox += G) {
    const int start = ox + G <= out_w ? ox : out_w - G;
    if (start >= ox_lo && start + G <= ox_hi)
      pixels(start, Group(), Unchecked(), G);
    else
      pixels(start, Group(), Checked(), G);
  }
}

// One output row from the KH input rows its windows cover: rows[ky] is input row
// oy * stride_h - pad_top + ky, and row_ok[ky] says whether that row exists (if not, it is
// padding and rows[ky] is never read). S == p.stride_w. Fused blocks call this with rows from
// a ring buffer.
template <class Vec, int KH, int KW, int S>
[[maybe_unused]] inline void depthwise_conv2d_row_f32(const DepthwiseConv2DParams& p,
                                                      const float* const* rows,
                                                      const bool* row_ok, const float* filter,
                                                      const float* bias, float* out_row) {
  constexpr int W = Vec::kWidth;
  const int64_t c = p.in_c;
  // Columns [ox_lo, ox_hi) have all KW taps inside the input.
  int ox_lo = 0;
  while (ox_lo < p.out_w && ox_lo * S - p.pad_left < 0) ++ox_lo;
  int ox_hi = ox_lo;
  while (ox_hi < p.out_w && ox_hi * S - p.pad_left + KW - 1 < p.in_w) ++ox_hi;
  for (int64_t c0 = 0; c0 < c; c0 += W) {
    const int n = c - c0 < W ? static_cast<int>(c - c0) : W;
    if (n == W)
      depthwise_row_block<Vec, KH, KW, S, true>(p, rows, row_ok, filter, bias, c0, n, ox_lo,
                                                ox_hi, out_row);
    else
      depthwise_row_block<Vec, KH, KW, S, false>(p, rows, row_ok, filter, bias, c0, n, ox_lo,
                                                 ox_hi, out_row);
  }
}

// Same parameters and layouts as the reference depthwise_conv2d_f32, with depth_multiplier 1,
// dilation 1, k_h == KH, k_w == KW and stride_w == S. Task `task` of `tasks` computes its share
// of the output rows.
template <class Vec, int KH, int KW, int S>
[[maybe_unused]] inline void depthwise_conv2d_vec_f32(const DepthwiseConv2DParams& p,
                                                      const float* input, const float* filter,
                                                      const float* bias, float* output,
                                                      int task = 0, int tasks = 1) {
  const int64_t in_row = static_cast<int64_t>(p.in_w) * p.in_c;
  int64_t row0 = 0, row1 = 0;
  task_range(static_cast<int64_t>(p.batch) * p.out_h, task, tasks, &row0, &row1);
  for (int64_t row = row0; row < row1; ++row) {
    const int64_t b = row / p.out_h;
    const int oy = static_cast<int>(row % p.out_h);
    const float* in_b = input + b * p.in_h * in_row;
    const int iy0 = oy * p.stride_h - p.pad_top;
    bool row_ok[KH];
    const float* rows[KH];
    for (int ky = 0; ky < KH; ++ky) {
      row_ok[ky] = iy0 + ky >= 0 && iy0 + ky < p.in_h;
      rows[ky] = in_b + (row_ok[ky] ? (iy0 + ky) * in_row : 0);
    }
    depthwise_conv2d_row_f32<Vec, KH, KW, S>(p, rows, row_ok, filter, bias,
                                             output + row * p.out_w * p.in_c);
  }
}

}  // namespace mnet

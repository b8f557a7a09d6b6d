// mnet SIMD kernels: convolution as an indirect matrix product (fp32, NHWC), any ISA layer.
//
// Every convolution with constant weights runs here (1x1 and full KxK alike): mnet-pack-weights
// stores the filter, with the bias, as blocks of NR = NV * Vec::kWidth output channels:
//
//   packed[block][0][0..NR)                  bias (0 where the model has none)
//   packed[block][1 + (ky*KW + kx)*IC + ic]  weights of tap (ky, kx), input channel ic
//
// with channels past out_c zero. A micro-kernel call keeps an MR x NR tile of accumulators in
// registers: for each tap and input channel it loads NV weight vectors once and broadcasts one
// input value per row. Rows are found through a table of MR pointers per tap (the "indirection
// buffer"), so padding costs nothing: a tap outside the input points at a row of zeros.
// The epilogue applies the convolution's clamp and then, when fused, adds a residual tensor and
// clamps again, or applies hard-swish.
//
// The k-pair layout (template argument KP) is for blocks that would otherwise be mostly
// padding (24 channels in blocks of 32) or a single vector (16 channels: one broadcast per
// multiply-add, which costs as much as the multiply-add). A block's NV vectors hold NV * W / 2
// channels, each for two consecutive input channels of a tap: every step broadcasts the input
// pair (k, k + 1) of a row (one 64-bit load) to all NV vectors, and the epilogue adds the two
// halves of each channel. Steps of a tap: ceil(IC / 2), the last of an odd IC with zero
// weights in its odd lanes. Within a pair of vectors (2m, 2m + 1), which holds the W channels
// from block_channel0 + m * W, lanes come in groups of four, group g holding channels
// 4g .. 4g + 3 of the W:
//   vector 2m,     lane 4g + 2q + h: channel 4g + q,     input channel k + h   (q, h in 0..1)
//   vector 2m + 1, lane 4g + 2q + h: channel 4g + 2 + q, input channel k + h
// so that Vec::pair_sum of the two is the W channels in order. An odd last vector holds W / 2
// channels, lane 2r + h: channel r (Vec::pair_sum_half). Bias rows are laid out the same way,
// the bias in the h = 0 lane and 0 in the other. Measured on a Sapphire Rapids core (1x1
// layers, hot cache, this kernel plain and k-pair): 96 -> 24 channels over 56 pixels 61 -> 79
// GMAC/s, 144 -> 24 61 -> 81, 24 -> 72 56 -> 62, 32 -> 16 over 112 pixels only 58 -> 61.
//
// Weights are read in one forward stream, and where a layer's weights are large and its pixels
// few (the last 1x1 layers, fully connected) that stream comes from beyond L2 and leaves the
// FMAs waiting. The tile therefore prefetches the weights kPrefetchBytes ahead of the ones it
// loads. Measured on Zen 5 (AVX-512), interleaved runs of the same MobileNetV2 code with and
// without: 4.10 -> 3.95 ms; 4 and 8 KB ahead gained less, 32 KB or prefetching to L2 only
// (prefetcht1) nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/common.h"
#include "mnet/kernels/reference/conv2d.h"
#include "mnet/kernels/simd/vec_portable.h"

namespace mnet {

enum class Epilogue { kClamp, kResidualAdd, kHardSwish };

// How far ahead of the weights being loaded the tile prefetches (4096 floats).
constexpr int64_t kPrefetchBytes = 16384;

// Most floats of an edge tile's copy of its windows (conv2d_igemm_f32): a first 3x3 stride-2
// convolution over 3 channels needs 3 rows of 33 pixels, 297 floats.
constexpr int64_t kEdgeMaxFloats = 1024;

// What the tile applies to its accumulators (conv2d_igemm_f32 takes the first clamp from
// Conv2DParams::out_min/out_max).
struct EpilogueParams {
  float out_min, out_max;  // the convolution's own activation
  float res_min, res_max;  // kResidualAdd: the clamp after adding the residual
};

// One MR x (NV * W) output tile. Input rows: with tap_offset == nullptr, `rows` holds taps x MR
// row pointers; otherwise MR window origins, tap t of row i at rows[i] + tap_offset[t] (rows
// past `mr` repeat a valid one; their results are not stored). With STEP > 0 the origins are
// evenly spaced, row i's at rows[0] + i * STEP floats (all MR of them valid): every input load
// is then one base register plus a constant, where MR separate pointers did not fit in the
// general registers and were reloaded from the stack for every multiply-add (a 16-row tile
// made 22 loads for 16 FMAs). `w` points at the block's bias row. `res` (kResidualAdd) is laid
// out like `out`. nc: valid output channels in this block. KP: the k-pair layout (above), kc
// still counting input channels.
template <class Vec, int MR, int NV, Epilogue E, int64_t STEP = 0, bool KP = false>
[[maybe_unused]] inline void igemm_tile_f32(int mr, int nc, int taps, int64_t kc,
                                            const float* const* rows,
                                            const int64_t* tap_offset, const float* w, float* out,
                                            int64_t out_stride, const float* res,
                                            const EpilogueParams& e) {
  using V = typename Vec::V;
  constexpr int W = Vec::kWidth;
  V acc[MR][NV];
  MNET_UNROLL
  for (int j = 0; j < NV; ++j) {
    const V b = Vec::load(w + j * W);
    MNET_UNROLL
    for (int i = 0; i < MR; ++i) acc[i][j] = b;
  }
  w += NV * W;
  // The NV weight vectors of the next (tap, input channel) step, and a prefetch of each cache
  // line (16 floats) of the step kPrefetchBytes ahead.
  auto next_weights = [&w](V* b) MNET_INLINE_LAMBDA {
    MNET_UNROLL
    for (int j = 0; j < NV; ++j) b[j] = Vec::load(w + j * W);
    const uintptr_t ahead = reinterpret_cast<uintptr_t>(w) + kPrefetchBytes;
    MNET_UNROLL
    for (int f = 0; f < NV * W; f += 16) MNET_PREFETCH(ahead + f * sizeof(float));
    w += NV * W;
  };
  for (int t = 0; t < taps; ++t) {
    const float* a[MR];
    if constexpr (STEP > 0) {
      const float* const a0 = rows[0] + tap_offset[t];
      MNET_UNROLL
      for (int i = 0; i < MR; ++i) a[i] = a0 + i * STEP;
    } else {
      MNET_UNROLL
      for (int i = 0; i < MR; ++i) a[i] = tap_offset ? rows[i] + tap_offset[t] : rows[t * MR + i];
    }
    int64_t k = 0;
    if constexpr (KP) {
      for (; k + 1 < kc; k += 2) {
        V b[NV];
        next_weights(b);
        MNET_UNROLL
        for (int i = 0; i < MR; ++i) {
          const V x = Vec::broadcast2(a[i] + k);
          MNET_UNROLL
          for (int j = 0; j < NV; ++j) acc[i][j] = Vec::fma(x, b[j], acc[i][j]);
        }
      }
    } else if constexpr (Vec::kLaneFma == 4) {
      // Four input values per row in one load, each multiplied in by lane (NEON's
      // fmla by element): no broadcasts, which cost as much as the FMAs on Cortex-A cores.
      const int64_t kc4 = kc - kc % 4;
      for (; k < kc4; k += 4) {
        V x[MR];
        MNET_UNROLL
        for (int i = 0; i < MR; ++i) x[i] = Vec::load(a[i] + k);
        MNET_UNROLL
        for (int l = 0; l < 4; ++l) {
          V b[NV];
          next_weights(b);
          MNET_UNROLL
          for (int i = 0; i < MR; ++i) {
            MNET_UNROLL
            for (int j = 0; j < NV; ++j) acc[i][j] = Vec::fma_lane(b[j], x[i], l, acc[i][j]);
          }
        }
      }
    }
    for (; k < kc; ++k) {
      V b[NV];
      next_weights(b);
      MNET_UNROLL
      for (int i = 0; i < MR; ++i) {
        const V x = Vec::broadcast(a[i][k]);
        MNET_UNROLL
        for (int j = 0; j < NV; ++j) acc[i][j] = Vec::fma(x, b[j], acc[i][j]);
      }
    }
  }
  const V lo = Vec::broadcast(e.out_min), hi = Vec::broadcast(e.out_max);
  const V res_lo = Vec::broadcast(e.res_min), res_hi = Vec::broadcast(e.res_max);
  // Output vector u of a row: channels col .. col + W - 1 of the block (in k-pair tiles, the
  // sums of accumulators 2u and 2u + 1, or of the odd last one, whose W / 2 channels are then
  // stored as a partial vector).
  constexpr int kOut = KP ? (NV + 1) / 2 : NV;
  auto output = [&](int i, int u) MNET_INLINE_LAMBDA {
    if constexpr (!KP)
      return acc[i][u];
    else
      return 2 * u + 1 < NV ? Vec::pair_sum(acc[i][2 * u], acc[i][2 * u + 1])
                            : Vec::pair_sum_half(acc[i][2 * u]);
  };
  // Constant trip counts (and `i < mr` inside) let acc[][] live in registers, not on the stack.
  MNET_UNROLL
  for (int i = 0; i < MR; ++i) {
    if (i >= mr) break;
    MNET_UNROLL
    for (int u = 0; u < kOut; ++u) {
      const int col = u * W;
      if (col >= nc) break;
      const int n = nc - col < W ? nc - col : W;
      V v = Vec::min(Vec::max(output(i, u), lo), hi);
      if (E == Epilogue::kResidualAdd) {
        const float* r = res + i * out_stride + col;
        v = Vec::add(v, n == W ? Vec::load(r) : Vec::load_partial(r, n));
        v = Vec::min(Vec::max(v, res_lo), res_hi);
      } else if (E == Epilogue::kHardSwish) {
        v = hard_swish_vec<Vec>(v);
      }
      float* o = out + i * out_stride + col;
      if (n == W)
        Vec::store(o, v);
      else
        Vec::store_partial(o, v, n);
    }
  }
}

// input [batch][in_h][in_w][in_c]; packed as above; zeros: at least in_c zero floats (only read
// when the window leaves the input); residual [batch][out_h][out_w][out_c] for kResidualAdd
// (may be the output itself), clamped to [res_min, res_max] after the add; output must not
// alias input. Task `task` of `tasks` computes its share of the outer loop (pixel tiles or
// channel blocks; the inner one when the outer has fewer steps than tasks).
//
// STEP, when not 0, is stride_w * in_c (what the emitter knows of the layer): tiles of MR pixels
// in one output row with every window inside the input (and every tile of a 1x1 convolution
// over the whole input) then run with evenly spaced origins (igemm_tile_f32's STEP). KP: the
// weights are in the k-pair layout.
template <class Vec, int MR, int NV, Epilogue E, int64_t STEP = 0, bool KP = false>
[[maybe_unused]] inline void conv2d_igemm_f32(const Conv2DParams& p, float res_min, float res_max,
                                              const float* input, const float* packed,
                                              const float* zeros, const float* residual,
                                              float* output, int task = 0, int tasks = 1) {
  const EpilogueParams e{p.out_min, p.out_max, res_min, res_max};
  // Output channels per block, and weight rows (steps) per tap.
  constexpr int NR = KP ? NV * Vec::kWidth / 2 : NV * Vec::kWidth;
  const int taps = p.k_h * p.k_w;
  const int64_t kc = p.in_c;
  const int64_t steps = KP ? (kc + 1) / 2 : kc;
  const int64_t block_stride = (1 + static_cast<int64_t>(taps) * steps) * NV * Vec::kWidth;
  const int64_t out_plane = static_cast<int64_t>(p.out_h) * p.out_w;
  const int64_t pixels = p.batch * out_plane;
  const int blocks = (p.out_c + NR - 1) / NR;
  const bool direct = taps == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_top == 0 &&
                      p.pad_left == 0 && p.out_h == p.in_h && p.out_w == p.in_w;
  // The operand read again for every tile of the other should be the smaller one.
  const bool pixels_outer =
      pixels * kc * taps <= static_cast<int64_t>(blocks) * block_stride || pixels <= MR;

  // Offsets of the taps from a window's top-left input pixel, and the window's extent.
  constexpr int kMaxTaps = 64;  // mnet-pack-weights packs no larger window
  int64_t tap_offset[kMaxTaps];
  for (int ky = 0; ky < p.k_h; ++ky)
    for (int kx = 0; kx < p.k_w; ++kx)
      tap_offset[ky * p.k_w + kx] =
          (static_cast<int64_t>(ky) * p.dilation_h * p.in_w + kx * p.dilation_w) * kc;
  // With dilation_w 1 a window row's k_w taps are k_w * kc consecutive floats, packed in the
  // same order (in k-pair layout only when kc is even: no pair spans two taps): tiles whose
  // windows lie inside the input take each window row as one tap of k_w * kc channels (fewer,
  // longer inner loops; the first conv's tiles, 3x3 over 3 channels, 5% faster).
  const bool merge_rows = p.dilation_w == 1 && (!KP || kc % 2 == 0);
  const int row_taps = merge_rows ? p.k_h : taps;
  const int64_t row_kc = merge_rows ? p.k_w * kc : kc;
  int64_t row_offset[kMaxTaps];
  for (int t = 0; t < row_taps; ++t)
    row_offset[t] = merge_rows ? tap_offset[t * p.k_w] : tap_offset[t];
  const int span_h = (p.k_h - 1) * p.dilation_h, span_w = (p.k_w - 1) * p.dilation_w;
  const int in_h = p.in_h, in_w = p.in_w, out_h = p.out_h, out_w = p.out_w;

  // Edge tiles: MR pixels in one output row, some of whose windows leave the input (SAME
  // padding's last column and first and last rows). The table path would give them a pointer
  // per row and tap, which the tile reloads from the stack for every multiply-add (224x224x3
  // -> 112x112x16: 122 us, 84 us with every tile inside). Instead the KH window rows over the
  // tile's columns are copied, zeros for the padding, into `edge`, laid out like the input,
  // and the tile runs on its evenly spaced path with offsets into that copy. The copy is made
  // of whole-vector stores, which the tile's loads can be forwarded from.
  const int edge_cols = (MR - 1) * p.stride_w + span_w + 1;
  const int64_t edge_row = static_cast<int64_t>(edge_cols) * kc;
  const bool use_edge = STEP > 0 && STEP == static_cast<int64_t>(p.stride_w) * kc &&
                        p.k_h * edge_row <= kEdgeMaxFloats;
  alignas(64) float edge[STEP > 0 ? kEdgeMaxFloats + Vec::kWidth : 1];
  int64_t edge_offset[kMaxTaps];  // row_offset's twin in the copy
  for (int t = 0; t < row_taps; ++t) {
    const int tap = merge_rows ? t * p.k_w : t;
    edge_offset[t] = (tap / p.k_w) * edge_row + (tap % p.k_w) * p.dilation_w * kc;
  }
  // Copies the tile's window rows (top-left input pixel iy, ix of image b) into `edge`.
  auto fill_edge = [&](int64_t b, int iy, int ix) {
    constexpr int W = Vec::kWidth;
    // Input columns [x0, x1) exist: floats [lo, hi) of a copied row, from src (column x0).
    const int x0 = ix > 0 ? ix : 0, x1 = ix + edge_cols < in_w ? ix + edge_cols : in_w;
    const int64_t lo = static_cast<int64_t>(x0 - ix) * kc, hi = static_cast<int64_t>(x1 - ix) * kc;
    for (int ky = 0; ky < p.k_h; ++ky) {
      const int y = iy + ky * p.dilation_h;
      float* dst = edge + ky * edge_row;
      const bool row = y >= 0 && y < in_h && lo < hi;
      const float* src = row ? input + ((b * in_h + y) * in_w + x0) * kc : nullptr;
      // Whole vectors; the last may run into the next row (written after it) or the slack.
      for (int64_t j = 0; j < edge_row; j += W) {
        if (row && j >= lo && j + W <= hi) {
          Vec::store(dst + j, Vec::load(src + (j - lo)));
        } else if (!row || j + W <= lo || j >= hi) {
          Vec::store(dst + j, Vec::zero());
        } else {
          alignas(64) float lanes[W];
          for (int l = 0; l < W; ++l)
            lanes[l] = j + l >= lo && j + l < hi ? src[j + l - lo] : 0.f;
          Vec::store(dst + j, Vec::load(lanes));
        }
      }
    }
  };

  // How a tile's input rows are given (see igemm_tile_f32; kEdge: evenly spaced in `edge`).
  enum class Rows { kTable, kOrigins, kEvenOrigins, kEdge };
  // The input rows of pixels p0 .. p0 + mr - 1 (rows past mr repeat the last pixel). When
  // every window lies inside the input, rows gets the MR window origins (the tile adds the tap
  // offsets): kEvenOrigins when they are STEP floats apart and all MR valid, else kOrigins;
  // otherwise (kTable) taps x MR pointers, padded taps at `zeros`.
  auto fill_rows = [&](int64_t p0, int mr, const float** rows) -> Rows {
    if (direct) {
      for (int i = 0; i < MR; ++i) rows[i] = input + (p0 + (i < mr ? i : mr - 1)) * kc;
      return STEP == kc && mr == MR ? Rows::kEvenOrigins : Rows::kOrigins;
    }
    int64_t b = p0 / out_plane;
    int oy = static_cast<int>(p0 % out_plane / out_w);
    int ox = static_cast<int>(p0 % out_w);
    {
      // The common case: all MR pixels in one output row, every window inside the input.
      const int iy = oy * p.stride_h - p.pad_top, ix = ox * p.stride_w - p.pad_left;
      const int ix_last = ix + (MR - 1) * p.stride_w;
      if (ox + MR <= out_w && iy >= 0 && iy + span_h < in_h && ix >= 0 &&
          ix_last + span_w < in_w) {
        const float* origin = input + ((b * in_h + iy) * in_w + ix) * kc;
        const int64_t step = static_cast<int64_t>(p.stride_w) * kc;
        for (int i = 0; i < MR; ++i) rows[i] = origin + (i < mr ? i : mr - 1) * step;
        return STEP == step && mr == MR ? Rows::kEvenOrigins : Rows::kOrigins;
      }
      if (use_edge && ox + MR <= out_w && mr == MR) {
        fill_edge(b, iy, ix);
        rows[0] = edge;
        return Rows::kEdge;
      }
    }
    const float* image[MR];
    int iy0[MR], ix0[MR];
    bool inside = true;
    for (int i = 0; i < MR; ++i) {
      if (i > 0 && i < mr && ++ox == out_w) {  // step to the next pixel
        ox = 0;
        if (++oy == out_h) oy = 0, ++b;
      }
      image[i] = input + b * in_h * in_w * kc;
      iy0[i] = oy * p.stride_h - p.pad_top;
      ix0[i] = ox * p.stride_w - p.pad_left;
      inside = inside && iy0[i] >= 0 && iy0[i] + span_h < in_h && ix0[i] >= 0 &&
               ix0[i] + span_w < in_w;
    }
    if (inside) {
      for (int i = 0; i < MR; ++i)
        rows[i] = image[i] + (static_cast<int64_t>(iy0[i]) * in_w + ix0[i]) * kc;
      return Rows::kOrigins;
    }
    for (int i = 0; i < MR; ++i)
      for (int ky = 0; ky < p.k_h; ++ky) {
        const int iy = iy0[i] + ky * p.dilation_h;
        const bool row_inside = iy >= 0 && iy < in_h;
        for (int kx = 0; kx < p.k_w; ++kx) {
          const int ix = ix0[i] + kx * p.dilation_w;
          rows[(ky * p.k_w + kx) * MR + i] =
              row_inside && ix >= 0 && ix < in_w
                  ? image[i] + (static_cast<int64_t>(iy) * in_w + ix) * kc
                  : zeros;
        }
      }
    return Rows::kTable;
  };
  auto tile = [&](int64_t p0, int mr, const float* const* rows, Rows kind, int block) {
    const int c0 = block * NR;
    const int nc = p.out_c - c0 < NR ? p.out_c - c0 : NR;
    const float* w = packed + block * block_stride;
    float* out = output + p0 * p.out_c + c0;
    const float* res = E == Epilogue::kResidualAdd ? residual + p0 * p.out_c + c0 : nullptr;
    if (kind == Rows::kTable) {
      igemm_tile_f32<Vec, MR, NV, E, 0, KP>(mr, nc, taps, kc, rows, nullptr, w, out, p.out_c, res,
                                            e);
      return;
    }
    if constexpr (STEP > 0) {
      if (kind == Rows::kEdge) {
        igemm_tile_f32<Vec, MR, NV, E, STEP, KP>(mr, nc, row_taps, row_kc, rows, edge_offset, w,
                                                 out, p.out_c, res, e);
        return;
      }
      if (kind == Rows::kEvenOrigins) {
        igemm_tile_f32<Vec, MR, NV, E, STEP, KP>(mr, nc, row_taps, row_kc, rows, row_offset, w,
                                                 out, p.out_c, res, e);
        return;
      }
    }
    igemm_tile_f32<Vec, MR, NV, E, 0, KP>(mr, nc, row_taps, row_kc, rows, row_offset, w, out,
                                          p.out_c, res, e);
  };

  // This task's pixel tiles and blocks.
  const int64_t tiles = (pixels + MR - 1) / MR;
  int64_t tile0 = 0, tile1 = tiles, block0 = 0, block1 = blocks;
  if (tasks > 1) {
    if (pixels_outer ? tiles >= tasks : blocks < tasks)
      task_range(tiles, task, tasks, &tile0, &tile1);
    else
      task_range(blocks, task, tasks, &block0, &block1);
  }
  const float* rows[kMaxTaps * MR];
  if (pixels_outer) {
    for (int64_t p0 = tile0 * MR; p0 < pixels && p0 < tile1 * MR; p0 += MR) {
      const int mr = pixels - p0 < MR ? static_cast<int>(pixels - p0) : MR;
      const Rows kind = fill_rows(p0, mr, rows);
      for (int block = static_cast<int>(block0); block < block1; ++block)
        tile(p0, mr, rows, kind, block);
    }
  } else {
    for (int block = static_cast<int>(block0); block < block1; ++block)
      for (int64_t p0 = tile0 * MR; p0 < pixels && p0 < tile1 * MR; p0 += MR) {
        const int mr = pixels - p0 < MR ? static_cast<int>(pixels - p0) : MR;
        const Rows kind = fill_rows(p0, mr, rows);
        tile(p0, mr, rows, kind, block);
      }
  }
}

}  // namespace mnet

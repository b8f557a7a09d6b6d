// mnet SIMD kernels: squeeze-excite (fp32, NHWC), any ISA layer. The same computation as
// reference/squeeze_excite.h: channel means by mean_hw_vec_f32 (simd/pool.h), both
// matrix-vector products as rows of broadcast-multiply-adds into up to four output vectors,
// the gates in scalar code (C of them), the channel scaling in vectors.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/squeeze_excite.h"
#include "mnet/kernels/simd/pool.h"
#include "mnet/kernels/simd/vec_portable.h"

namespace mnet {
namespace se_detail {

// y[o] = bias[o] + sum over i of w[i * n_out + o] * x[i], for o in [0, n_out).
template <class Vec>
[[maybe_unused]] inline void matvec_input_major(int n_in, int n_out, const float* w,
                                                const float* x, const float* bias, float* y) {
  using V = typename Vec::V;
  constexpr int W = Vec::kWidth;
  int o = 0;
  for (; o + 4 * W <= n_out; o += 4 * W) {  // four independent accumulators
    V acc[4];
    MNET_UNROLL
    for (int k = 0; k < 4; ++k) acc[k] = Vec::load(bias + o + k * W);
    for (int i = 0; i < n_in; ++i) {
      const V xi = Vec::broadcast(x[i]);
      const float* wi = w + static_cast<int64_t>(i) * n_out + o;
      MNET_UNROLL
      for (int k = 0; k < 4; ++k) acc[k] = Vec::fma(Vec::load(wi + k * W), xi, acc[k]);
    }
    MNET_UNROLL
    for (int k = 0; k < 4; ++k) Vec::store(y + o + k * W, acc[k]);
  }
  for (; o < n_out; o += W) {  // the last few vectors, the final one possibly partial
    const int n = n_out - o < W ? n_out - o : W;
    V acc = Vec::load_partial(bias + o, n);
    for (int i = 0; i < n_in; ++i)
      acc = Vec::fma(Vec::load_partial(w + static_cast<int64_t>(i) * n_out + o, n),
                     Vec::broadcast(x[i]), acc);
    Vec::store_partial(y + o, acc, n);
  }
}

}  // namespace se_detail

template <class Vec>
[[maybe_unused]] inline void squeeze_excite_vec_f32(const SqueezeExciteParams& p, const float* x,
                                                    const float* squeeze,
                                                    const float* squeeze_bias,
                                                    const float* excite,
                                                    const float* excite_bias, float* scratch,
                                                    float* y) {
  constexpr int W = Vec::kWidth;
  const int c_n = p.channels, r_n = p.hidden;
  const int64_t pixels = static_cast<int64_t>(p.height) * p.width;
  float* const m = scratch;        // channel means, then the channel scales
  float* const s = scratch + c_n;  // the squeezed vector
  for (int n = 0; n < p.batch; ++n) {
    const float* xi = x + n * pixels * c_n;
    float* yi = y + n * pixels * c_n;
    mean_hw_vec_f32<Vec>(1, static_cast<int>(pixels), c_n, xi, m);
    se_detail::matvec_input_major<Vec>(c_n, r_n, squeeze, m, squeeze_bias, s);
    for (int r = 0; r < r_n; ++r) s[r] = clamp_f32(s[r], p.act_min, p.act_max);
    se_detail::matvec_input_major<Vec>(r_n, c_n, excite, s, excite_bias, m);
    for (int c = 0; c < c_n; ++c) m[c] = squeeze_excite_gate(m[c], p.hard_sigmoid);
    for (int64_t i = 0; i < pixels; ++i) {
      const float* px = xi + i * c_n;
      float* py = yi + i * c_n;
      int c = 0;
      for (; c + W <= c_n; c += W) Vec::store(py + c, Vec::mul(Vec::load(px + c), Vec::load(m + c)));
      if (c < c_n)
        Vec::store_partial(py + c, Vec::mul(Vec::load_partial(px + c, c_n - c),
                                            Vec::load_partial(m + c, c_n - c)), c_n - c);
    }
  }
}

}  // namespace mnet

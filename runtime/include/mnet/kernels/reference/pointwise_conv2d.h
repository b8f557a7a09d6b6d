// mnet kernels: 1x1 convolution as a register-tiled matrix product (fp32).
//
// output[pixel][n] = clamp(bias[n] + sum_k input[pixel][k] * filter[k][n])
// The filter is packed at compile time as [in_c][out_c] (mnet-pack-weights), so each step of k
// reads one contiguous row of TileC output channels and broadcasts one input value per pixel:
// a TileP x TileC block of accumulators stays in vector registers for the whole k loop. The
// emitter picks TileP and TileC from the target's vector width; full tiles have compile-time
// trip counts, which compilers turn into vector FMAs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct PointwiseConv2DParams {
  int64_t pixels;  // batch * height * width
  int in_c, out_c;
  float out_min, out_max;
};

// input [pixels][in_c]; filter [in_c][out_c]; bias [out_c] or nullptr; output [pixels][out_c].
// output must not alias input.
template <int TileP, int TileC>
[[maybe_unused]] inline void pointwise_conv2d_f32(const PointwiseConv2DParams& p,
                                                  const float* __restrict input,
                                                  const float* __restrict filter,
                                                  const float* __restrict bias,
                                                  float* __restrict output) {
  const int64_t k_size = p.in_c;
  const int64_t n_size = p.out_c;
  for (int64_t p0 = 0; p0 < p.pixels; p0 += TileP) {
    const int np = p.pixels - p0 < TileP ? static_cast<int>(p.pixels - p0) : TileP;
    const float* in = input + p0 * k_size;
    for (int64_t c0 = 0; c0 < n_size; c0 += TileC) {
      const int nc = n_size - c0 < TileC ? static_cast<int>(n_size - c0) : TileC;
      float acc[TileP][TileC];
      for (int i = 0; i < TileP; ++i)
        for (int j = 0; j < TileC; ++j) acc[i][j] = (bias != nullptr && j < nc) ? bias[c0 + j] : 0.f;
      const float* w = filter + c0;
      if (np == TileP && nc == TileC) {
        for (int64_t k = 0; k < k_size; ++k, w += n_size)
          for (int i = 0; i < TileP; ++i) {
            const float a = in[i * k_size + k];
            for (int j = 0; j < TileC; ++j) acc[i][j] += a * w[j];
          }
      } else {
        for (int64_t k = 0; k < k_size; ++k, w += n_size)
          for (int i = 0; i < np; ++i) {
            const float a = in[i * k_size + k];
            for (int j = 0; j < nc; ++j) acc[i][j] += a * w[j];
          }
      }
      float* out = output + p0 * n_size + c0;
      for (int i = 0; i < np; ++i)
        for (int j = 0; j < nc; ++j) out[i * n_size + j] = clamp_f32(acc[i][j], p.out_min, p.out_max);
    }
  }
}

}  // namespace mnet

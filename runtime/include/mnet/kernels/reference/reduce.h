// mnet reference kernels: MEAN reduction (fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct MeanParams {
  int rank;
  int in_shape[kMaxRank];
  bool reduce[kMaxRank];
};

// output holds the non-reduced dims in order (keep_dims does not change the layout).
// output must not alias input.
[[maybe_unused]] inline void mean_f32(const MeanParams& p, const float* input, float* output) {
  const int rank = p.rank;
  // Output element stride for each input dim (0 for reduced dims).
  int64_t out_stride[kMaxRank];
  int64_t out_total = 1;
  int64_t in_total = 1;
  int64_t count = 1;
  for (int d = rank - 1; d >= 0; --d) {
    in_total *= p.in_shape[d];
    if (p.reduce[d]) {
      out_stride[d] = 0;
      count *= p.in_shape[d];
    } else {
      out_stride[d] = out_total;
      out_total *= p.in_shape[d];
    }
  }
  float* __restrict out = output;
  for (int64_t i = 0; i < out_total; ++i) out[i] = 0.f;

  if (in_total > 0) {
    const int64_t inner = p.in_shape[rank - 1];
    const int64_t rows = in_total / inner;
    const bool inner_reduced = p.reduce[rank - 1];
    int idx[kMaxRank] = {0, 0, 0, 0, 0, 0};
    int64_t off = 0;
    const float* in = input;
    for (int64_t r = 0; r < rows; ++r) {
      if (inner_reduced) {
        float s = 0.f;
        for (int64_t i = 0; i < inner; ++i) s += in[i];
        out[off] += s;
      } else {
        float* __restrict o = out + off;
        for (int64_t i = 0; i < inner; ++i) o[i] += in[i];
      }
      in += inner;
      for (int d = rank - 2; d >= 0; --d) {
        ++idx[d];
        off += out_stride[d];
        if (idx[d] < p.in_shape[d]) break;
        off -= out_stride[d] * p.in_shape[d];
        idx[d] = 0;
      }
    }
  }

  const float n = static_cast<float>(count);
  for (int64_t i = 0; i < out_total; ++i) out[i] = out[i] / n;
}

}  // namespace mnet

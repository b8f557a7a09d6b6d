// mnet reference kernels: softmax over the last axis (fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

// For each of the `outer` rows of `depth` values:
//   output[i] = exp(beta * (x[i] - max(x))) / sum_j exp(beta * (x[j] - max(x)))
// output may equal input (in place).
[[maybe_unused]] inline void softmax_f32(int outer, int depth, float beta, const float* input,
                                         float* output) {
  for (int64_t r = 0; r < outer; ++r) {
    const float* in = input + r * depth;
    float* out = output + r * depth;
    if (depth <= 0) continue;
    float max_v = in[0];
    for (int i = 1; i < depth; ++i) max_v = in[i] > max_v ? in[i] : max_v;
    float sum = 0.f;
    for (int i = 0; i < depth; ++i) {
      const float e = std::exp((in[i] - max_v) * beta);
      out[i] = e;
      sum += e;
    }
    const float inv = 1.f / sum;
    for (int i = 0; i < depth; ++i) out[i] *= inv;
  }
}

}  // namespace mnet

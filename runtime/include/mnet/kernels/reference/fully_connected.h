// mnet reference kernels: fully connected layer (fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct FullyConnectedParams {
  int batch, in_c, out_c;
  float out_min, out_max;
};

// input [batch][in_c]; filter [out_c][in_c]; bias [out_c] or nullptr; output [batch][out_c].
// output must not alias input.
[[maybe_unused]] inline void fully_connected_f32(const FullyConnectedParams& p, const float* input,
                                                 const float* filter, const float* bias,
                                                 float* output) {
  const int64_t in_c = p.in_c;
  const int64_t out_c = p.out_c;
  for (int64_t b = 0; b < p.batch; ++b) {
    const float* in_row = input + b * in_c;
    float* __restrict out_row = output + b * out_c;
    for (int64_t oc = 0; oc < out_c; ++oc) {
      float acc = ref_detail::dot_f32(in_row, filter + oc * in_c, in_c);
      if (bias) acc += bias[oc];
      out_row[oc] = clamp_f32(acc, p.out_min, p.out_max);
    }
  }
}

}  // namespace mnet

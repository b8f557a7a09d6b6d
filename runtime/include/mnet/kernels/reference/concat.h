// mnet reference kernels: concatenation (fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

// Each input k is viewed as [outer][inner_sizes[k]] (inner = its size along the axis times the
// product of the dims after it); output row = concatenation of the inputs' rows.
// output must not alias any input.
[[maybe_unused]] inline void concat_f32(int outer, int num_inputs, const float* const* inputs,
                                        const int* inner_sizes, float* output) {
  float* out = output;
  for (int64_t o = 0; o < outer; ++o) {
    for (int k = 0; k < num_inputs; ++k) {
      const int64_t inner = inner_sizes[k];
      if (inner <= 0) continue;
      std::memcpy(out, inputs[k] + o * inner, static_cast<size_t>(inner) * sizeof(float));
      out += inner;
    }
  }
}

}  // namespace mnet

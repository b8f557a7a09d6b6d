// mnet reference kernels: constant padding (fp32).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct PadParams {
  int rank;
  int in_shape[kMaxRank];
  int pad_before[kMaxRank];
  int pad_after[kMaxRank];  // all pads are >= 0 (TFLite PAD / PADV2)
  float value;
};

// output shape[d] = pad_before[d] + in_shape[d] + pad_after[d]; padded positions hold p.value.
// output must not alias input.
[[maybe_unused]] inline void pad_f32(const PadParams& p, const float* input, float* output) {
  const int rank = p.rank;
  int64_t out_stride[kMaxRank];
  int64_t out_total = 1;
  int64_t in_total = 1;
  for (int d = rank - 1; d >= 0; --d) {
    out_stride[d] = out_total;
    out_total *= static_cast<int64_t>(p.pad_before[d]) + p.in_shape[d] + p.pad_after[d];
    in_total *= p.in_shape[d];
  }
  float* __restrict out = output;
  for (int64_t i = 0; i < out_total; ++i) out[i] = p.value;
  if (in_total <= 0) return;

  // Copy input rows (innermost dim) into place, walking the outer input dims with an odometer.
  const int64_t inner = p.in_shape[rank - 1];
  const int64_t rows = in_total / inner;
  int64_t base = 0;  // output offset of the first element of the current input row
  for (int d = 0; d < rank; ++d) base += p.pad_before[d] * out_stride[d];
  int idx[kMaxRank] = {0, 0, 0, 0, 0, 0};
  int64_t off = base;
  const float* in = input;
  for (int64_t r = 0; r < rows; ++r) {
    std::memcpy(out + off, in, static_cast<size_t>(inner) * sizeof(float));
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

}  // namespace mnet

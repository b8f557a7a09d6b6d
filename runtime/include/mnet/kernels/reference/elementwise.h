// mnet reference kernels: broadcasting binary operations and unary activations (fp32).
//
// Elementwise kernels may run in place (output == lhs, output == rhs or output == input), so they
// use no __restrict on their buffers. Partial overlap is not supported.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

enum class BinaryOp { kAdd, kSub, kMul, kMaximum, kMinimum };

struct BroadcastParams {
  int rank;                 // 1..kMaxRank
  int out_shape[kMaxRank];  // first `rank` entries used
  int64_t
      lhs_stride[kMaxRank];  // element strides into lhs per output dim; 0 where lhs is broadcast
  int64_t rhs_stride[kMaxRank];
  float out_min, out_max;
};

namespace ref_detail {

template <BinaryOp Op>
[[maybe_unused]] inline float binary_apply(float a, float b) {
  if constexpr (Op == BinaryOp::kAdd) {
    return a + b;
  } else if constexpr (Op == BinaryOp::kSub) {
    return a - b;
  } else if constexpr (Op == BinaryOp::kMul) {
    return a * b;
  } else if constexpr (Op == BinaryOp::kMaximum) {
    return a > b ? a : b;
  } else {
    return a < b ? a : b;
  }
}

// Strides are those of a dense row-major tensor of shape out_shape (size-1 dims are ignored).
[[maybe_unused]] inline bool bcast_is_contiguous(const BroadcastParams& p, const int64_t* stride) {
  int64_t expected = 1;
  for (int d = p.rank - 1; d >= 0; --d) {
    if (p.out_shape[d] != 1 && stride[d] != expected) return false;
    expected *= p.out_shape[d];
  }
  return true;
}

// The operand is a single value broadcast everywhere.
[[maybe_unused]] inline bool bcast_is_scalar(const BroadcastParams& p, const int64_t* stride) {
  for (int d = 0; d < p.rank; ++d) {
    if (p.out_shape[d] != 1 && stride[d] != 0) return false;
  }
  return true;
}

// The operand is a vector along the innermost output dim, broadcast over all other dims.
[[maybe_unused]] inline bool bcast_is_inner_vector(const BroadcastParams& p,
                                                   const int64_t* stride) {
  const int last = p.rank - 1;
  if (p.out_shape[last] != 1 && stride[last] != 1) return false;
  for (int d = 0; d < last; ++d) {
    if (p.out_shape[d] != 1 && stride[d] != 0) return false;
  }
  return true;
}

}  // namespace ref_detail

template <BinaryOp Op>
[[maybe_unused]] inline void binary_f32(const BroadcastParams& p, const float* lhs,
                                        const float* rhs, float* output) {
  const int rank = p.rank;
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) total *= p.out_shape[d];
  if (total <= 0) return;
  const float lo = p.out_min;
  const float hi = p.out_max;

  const bool lhs_dense = ref_detail::bcast_is_contiguous(p, p.lhs_stride);
  const bool rhs_dense = ref_detail::bcast_is_contiguous(p, p.rhs_stride);
  if (lhs_dense && rhs_dense) {
    for (int64_t i = 0; i < total; ++i) {
      output[i] = clamp_f32(ref_detail::binary_apply<Op>(lhs[i], rhs[i]), lo, hi);
    }
    return;
  }
  if (lhs_dense && ref_detail::bcast_is_scalar(p, p.rhs_stride)) {
    const float b = rhs[0];
    for (int64_t i = 0; i < total; ++i) {
      output[i] = clamp_f32(ref_detail::binary_apply<Op>(lhs[i], b), lo, hi);
    }
    return;
  }
  if (rhs_dense && ref_detail::bcast_is_scalar(p, p.lhs_stride)) {
    const float a = lhs[0];
    for (int64_t i = 0; i < total; ++i) {
      output[i] = clamp_f32(ref_detail::binary_apply<Op>(a, rhs[i]), lo, hi);
    }
    return;
  }
  const int64_t inner = p.out_shape[rank - 1];
  const int64_t rows = total / inner;
  if (lhs_dense && ref_detail::bcast_is_inner_vector(p, p.rhs_stride)) {
    for (int64_t r = 0; r < rows; ++r) {
      const float* a = lhs + r * inner;
      float* o = output + r * inner;
      for (int64_t i = 0; i < inner; ++i) {
        o[i] = clamp_f32(ref_detail::binary_apply<Op>(a[i], rhs[i]), lo, hi);
      }
    }
    return;
  }
  if (rhs_dense && ref_detail::bcast_is_inner_vector(p, p.lhs_stride)) {
    for (int64_t r = 0; r < rows; ++r) {
      const float* b = rhs + r * inner;
      float* o = output + r * inner;
      for (int64_t i = 0; i < inner; ++i) {
        o[i] = clamp_f32(ref_detail::binary_apply<Op>(lhs[i], b[i]), lo, hi);
      }
    }
    return;
  }

  // General case: walk the outer dims with an odometer, stride through the innermost dim.
  const int64_t ls = p.lhs_stride[rank - 1];
  const int64_t rs = p.rhs_stride[rank - 1];
  int idx[kMaxRank] = {0, 0, 0, 0, 0, 0};
  int64_t l_off = 0;
  int64_t r_off = 0;
  float* o = output;
  for (int64_t r = 0; r < rows; ++r) {
    const float* a = lhs + l_off;
    const float* b = rhs + r_off;
    for (int64_t i = 0; i < inner; ++i) {
      o[i] = clamp_f32(ref_detail::binary_apply<Op>(a[i * ls], b[i * rs]), lo, hi);
    }
    o += inner;
    for (int d = rank - 2; d >= 0; --d) {
      ++idx[d];
      l_off += p.lhs_stride[d];
      r_off += p.rhs_stride[d];
      if (idx[d] < p.out_shape[d]) break;
      l_off -= p.lhs_stride[d] * p.out_shape[d];
      r_off -= p.rhs_stride[d] * p.out_shape[d];
      idx[d] = 0;
    }
  }
}

// output[i] = min(max(input[i], lo), hi)
[[maybe_unused]] inline void clamp_f32(size_t n, const float* input, float* output, float lo,
                                       float hi) {
  for (size_t i = 0; i < n; ++i) output[i] = clamp_f32(input[i], lo, hi);
}

// output[i] = 1 / (1 + exp(-input[i]))
[[maybe_unused]] inline void logistic_f32(size_t n, const float* input, float* output) {
  for (size_t i = 0; i < n; ++i) output[i] = 1.f / (1.f + std::exp(-input[i]));
}

[[maybe_unused]] inline void tanh_f32(size_t n, const float* input, float* output) {
  for (size_t i = 0; i < n; ++i) output[i] = std::tanh(input[i]);
}

// output[i] = x * relu6(x + 3) / 6
[[maybe_unused]] inline void hard_swish_f32(size_t n, const float* input, float* output) {
  for (size_t i = 0; i < n; ++i) {
    const float x = input[i];
    output[i] = x * clamp_f32(x + 3.f, 0.f, 6.f) * (1.f / 6.f);
  }
}

}  // namespace mnet

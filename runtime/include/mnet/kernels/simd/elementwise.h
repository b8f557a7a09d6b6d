// mnet SIMD kernels: broadcasting binary operations, clamp and hard-swish (fp32), any ISA layer.
// The SIMD twins of reference/elementwise.h's binary_f32, clamp_f32 and hard_swish_f32.
//
// binary_vec_f32 vectorizes the shapes the reference singles out (both operands dense, one a
// single value, one a vector along the innermost dim) and hands any other broadcast to the
// reference. Per element it applies the operation, then clamps, in the reference's order, so
// the results are the same bits, except where maximum, minimum or a clamp compares a NaN or
// zeros of both signs: each layer's max and min have their own rules for those (x86 returns the
// second operand, the portable layer the first, NEON the NaN; a NaN sum clamps to out_min on x86).
// hard-swish gives the same bits for all inputs. Dense spans run four vectors at a time, then
// single vectors, then one partial vector.
// Like the reference they may run in place (output == lhs, output == rhs or output == input),
// so they use no __restrict. Partial overlap is not supported.
#pragma once

#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/common.h"
#include "mnet/kernels/reference/elementwise.h"
#include "mnet/kernels/simd/vec_portable.h"

namespace mnet {
namespace ew_detail {

template <class Vec, BinaryOp Op>
[[maybe_unused]] inline typename Vec::V binary_apply(typename Vec::V a, typename Vec::V b) {
  if constexpr (Op == BinaryOp::kAdd) {
    return Vec::add(a, b);
  } else if constexpr (Op == BinaryOp::kSub) {
    return Vec::sub(a, b);
  } else if constexpr (Op == BinaryOp::kMul) {
    return Vec::mul(a, b);
  } else if constexpr (Op == BinaryOp::kMaximum) {
    return Vec::max(a, b);
  } else {
    return Vec::min(a, b);
  }
}

// Stores f(i, k), the vector of output elements [i, i + k), for all of [0, n): four vectors at a
// time (k == Vec::kWidth), then single vectors, then one partial vector (k < Vec::kWidth).
template <class Vec, class F>
[[maybe_unused]] inline void map_span(int64_t n, float* output, F f) {
  using V = typename Vec::V;
  constexpr int W = Vec::kWidth;
  int64_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    V r[4];
    MNET_UNROLL
    for (int k = 0; k < 4; ++k) r[k] = f(i + k * W, W);
    MNET_UNROLL
    for (int k = 0; k < 4; ++k) Vec::store(output + i + k * W, r[k]);
  }
  for (; i + W <= n; i += W) Vec::store(output + i, f(i, W));
  if (i < n) {
    const int k = static_cast<int>(n - i);
    Vec::store_partial(output + i, f(i, k), k);
  }
}

// Elements [i, i + k) of an operand as a vector: a dense array, or (kScalar) the single value s.
template <class Vec, bool kScalar>
[[maybe_unused]] inline typename Vec::V operand(const float* p, typename Vec::V s, int64_t i,
                                                int k) {
  if constexpr (kScalar) {
    return s;
  } else {
    return k == Vec::kWidth ? Vec::load(p + i) : Vec::load_partial(p + i, k);
  }
}

// output[i] = clamp(lhs[i] op rhs[i], lo, hi) for i in [0, n), where an operand marked scalar is
// its first value broadcast.
template <class Vec, BinaryOp Op, bool kLhsScalar, bool kRhsScalar>
[[maybe_unused]] inline void binary_span(int64_t n, const float* lhs, const float* rhs,
                                         float* output, typename Vec::V lo, typename Vec::V hi) {
  using V = typename Vec::V;
  const V ls = kLhsScalar ? Vec::broadcast(lhs[0]) : Vec::zero();
  const V rs = kRhsScalar ? Vec::broadcast(rhs[0]) : Vec::zero();
  auto f = [&](int64_t i, int k) MNET_INLINE_LAMBDA {
    const V v = binary_apply<Vec, Op>(operand<Vec, kLhsScalar>(lhs, ls, i, k),
                                      operand<Vec, kRhsScalar>(rhs, rs, i, k));
    return Vec::min(Vec::max(v, lo), hi);
  };
  map_span<Vec>(n, output, f);
}

}  // namespace ew_detail

// As binary_f32<Op>: output = clamp(lhs op rhs, p.out_min, p.out_max) with broadcasting.
template <class Vec, BinaryOp Op>
[[maybe_unused]] inline void binary_vec_f32(const BroadcastParams& p, const float* lhs,
                                            const float* rhs, float* output) {
  using V = typename Vec::V;
  const int rank = p.rank;
  int64_t total = 1;
  for (int d = 0; d < rank; ++d) total *= p.out_shape[d];
  if (total <= 0) return;
  const V lo = Vec::broadcast(p.out_min), hi = Vec::broadcast(p.out_max);

  const bool lhs_dense = ref_detail::bcast_is_contiguous(p, p.lhs_stride);
  const bool rhs_dense = ref_detail::bcast_is_contiguous(p, p.rhs_stride);
  if (lhs_dense && rhs_dense) {
    ew_detail::binary_span<Vec, Op, false, false>(total, lhs, rhs, output, lo, hi);
    return;
  }
  if (lhs_dense && ref_detail::bcast_is_scalar(p, p.rhs_stride)) {
    ew_detail::binary_span<Vec, Op, false, true>(total, lhs, rhs, output, lo, hi);
    return;
  }
  if (rhs_dense && ref_detail::bcast_is_scalar(p, p.lhs_stride)) {
    ew_detail::binary_span<Vec, Op, true, false>(total, lhs, rhs, output, lo, hi);
    return;
  }
  const int64_t inner = p.out_shape[rank - 1];
  const int64_t rows = total / inner;
  if (lhs_dense && ref_detail::bcast_is_inner_vector(p, p.rhs_stride)) {
    for (int64_t r = 0; r < rows; ++r)
      ew_detail::binary_span<Vec, Op, false, false>(inner, lhs + r * inner, rhs,
                                                    output + r * inner, lo, hi);
    return;
  }
  if (rhs_dense && ref_detail::bcast_is_inner_vector(p, p.lhs_stride)) {
    for (int64_t r = 0; r < rows; ++r)
      ew_detail::binary_span<Vec, Op, false, false>(inner, lhs, rhs + r * inner,
                                                    output + r * inner, lo, hi);
    return;
  }
  binary_f32<Op>(p, lhs, rhs, output);  // any other broadcast
}

// output[i] = min(max(input[i], lo), hi) (as clamp_f32).
template <class Vec>
[[maybe_unused]] inline void clamp_vec_f32(size_t n, const float* input, float* output, float lo,
                                           float hi) {
  using V = typename Vec::V;
  const V vlo = Vec::broadcast(lo), vhi = Vec::broadcast(hi);
  auto f = [&](int64_t i, int k) MNET_INLINE_LAMBDA {
    return Vec::min(Vec::max(ew_detail::operand<Vec, false>(input, vlo, i, k), vlo), vhi);
  };
  ew_detail::map_span<Vec>(static_cast<int64_t>(n), output, f);
}

// output[i] = x * relu6(x + 3) / 6 (as hard_swish_f32).
template <class Vec>
[[maybe_unused]] inline void hard_swish_vec_f32(size_t n, const float* input, float* output) {
  auto f = [&](int64_t i, int k) MNET_INLINE_LAMBDA {
    return hard_swish_vec<Vec>(ew_detail::operand<Vec, false>(input, Vec::zero(), i, k));
  };
  ew_detail::map_span<Vec>(static_cast<int64_t>(n), output, f);
}

}  // namespace mnet

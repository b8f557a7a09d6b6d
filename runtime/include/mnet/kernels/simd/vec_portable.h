// mnet SIMD layer: portable vectors of W floats (GCC/clang vector types, else plain arrays).
//
// Every ISA layer (vec_avx2.h, vec_avx512.h, vec_neon.h) offers the same static interface, so the
// kernels in this folder are written once and instantiated per ISA:
//   V; kWidth; zero(); broadcast(x); load(p); load_partial(p, n); store(p, v);
//   store_partial(p, v, n); fma(a, b, c) = a * b + c; add; sub(a, b) = a - b; mul;
//   div(a, b) = a / b; min; max; kLaneFma, 4 where fma_lane(b, x, lane, acc) = acc + b * x[lane]
//   exists (NEON), else 1; kRegisters, the vector registers the ISA has (kernels size their
//   register blocks by it). For the k-pair convolution layout (simd/igemm.h), with lanes in
//   groups of four: broadcast2(p), lanes p[0], p[1], p[0], p[1], ...; pair_sum(a, b), each
//   group g of lanes [a0 + a1, a2 + a3, b0 + b1, b2 + b3] from group g of a and b;
//   pair_sum_half(a), lane i < kWidth / 2 is a[2i] + a[2i + 1] (the others unspecified).
// `_partial` forms touch only the first n (< kWidth) floats at p; the other lanes read as 0.
// This one is the portable twin: the `generic` target's kernels and a reference for the others.
#pragma once

#include <cstring>

// Loops over a register tile must be unrolled completely so that the tile stays in registers
// (GCC -O2 does not do that on its own; clang and GCC both read this pragma).
#define MNET_UNROLL _Pragma("GCC unroll 32")
// Inner lambdas of the kernels must be inlined for their constant arguments to fold (clang
// for AArch64 otherwise calls them).
#if defined(__GNUC__)
#define MNET_INLINE_LAMBDA __attribute__((always_inline))
#else
#define MNET_INLINE_LAMBDA
#endif
// A hint to fetch the cache line at address `addr` (an integer, so that addresses past an
// array's end are not formed as pointers); nothing where the compiler has no such builtin.
#if defined(__GNUC__)
#define MNET_PREFETCH(addr) __builtin_prefetch(reinterpret_cast<const void*>(addr))
#else
#define MNET_PREFETCH(addr) static_cast<void>(addr)
#endif

namespace mnet {

// The k-pair operations (see above) lane by lane, through memory: the portable layer's.
template <class Vec>
typename Vec::V pairs_broadcast2(const float* p) {
  float r[Vec::kWidth];
  for (int i = 0; i < Vec::kWidth; ++i) r[i] = p[i & 1];
  return Vec::load(r);
}
template <class Vec>
typename Vec::V pairs_sum(const typename Vec::V& a, const typename Vec::V& b) {
  float x[Vec::kWidth], y[Vec::kWidth], r[Vec::kWidth];
  Vec::store(x, a);
  Vec::store(y, b);
  for (int g = 0; g < Vec::kWidth; g += 4) {
    r[g] = x[g] + x[g + 1];
    r[g + 1] = x[g + 2] + x[g + 3];
    r[g + 2] = y[g] + y[g + 1];
    r[g + 3] = y[g + 2] + y[g + 3];
  }
  return Vec::load(r);
}
template <class Vec>
typename Vec::V pairs_sum_half(const typename Vec::V& a) {
  float x[Vec::kWidth], r[Vec::kWidth] = {};
  Vec::store(x, a);
  for (int i = 0; i < Vec::kWidth / 2; ++i) r[i] = x[2 * i] + x[2 * i + 1];
  return Vec::load(r);
}

#if defined(__GNUC__)  // GCC and clang: their generic vector types become SSE/NEON/... code.
template <int W>
struct VecPortable {
  typedef float V __attribute__((vector_size(W * sizeof(float))));
  static constexpr int kWidth = W;
  static constexpr int kLaneFma = 1;  // no fma_lane
  static constexpr int kRegisters = 16;  // SSE's count: the least a vector ISA offers
  static V zero() { return V{}; }
  static V broadcast(float x) { return V{} + x; }
  static V load(const float* p) {
    V r;
    std::memcpy(&r, p, sizeof(V));
    return r;
  }
  static V load_partial(const float* p, int n) {
    V r{};
    std::memcpy(&r, p, static_cast<size_t>(n) * sizeof(float));
    return r;
  }
  static void store(float* p, V v) { std::memcpy(p, &v, sizeof(V)); }
  static void store_partial(float* p, V v, int n) {
    std::memcpy(p, &v, static_cast<size_t>(n) * sizeof(float));
  }
  static V fma(V a, V b, V c) { return a * b + c; }
  static V add(V a, V b) { return a + b; }
  static V sub(V a, V b) { return a - b; }
  static V mul(V a, V b) { return a * b; }
  static V div(V a, V b) { return a / b; }
  static V min(V a, V b) { return b < a ? b : a; }
  static V max(V a, V b) { return a < b ? b : a; }
  static V broadcast2(const float* p) { return pairs_broadcast2<VecPortable>(p); }
  static V pair_sum(V a, V b) { return pairs_sum<VecPortable>(a, b); }
  static V pair_sum_half(V a) { return pairs_sum_half<VecPortable>(a); }
};
#else  // any other C++17 compiler: plain arrays
template <int W>
struct VecPortable {
  struct V {
    float lane[W];
  };
  static constexpr int kWidth = W;
  static constexpr int kLaneFma = 1;  // no fma_lane
  static constexpr int kRegisters = 16;  // SSE's count: the least a vector ISA offers
  static V zero() { return broadcast(0.f); }
  static V broadcast(float x) {
    V r;
    for (int i = 0; i < W; ++i) r.lane[i] = x;
    return r;
  }
  static V load(const float* p) {
    V r;
    std::memcpy(r.lane, p, sizeof(V));
    return r;
  }
  static V load_partial(const float* p, int n) {
    V r = zero();
    std::memcpy(r.lane, p, static_cast<size_t>(n) * sizeof(float));
    return r;
  }
  static void store(float* p, const V& v) { std::memcpy(p, v.lane, sizeof(V)); }
  static void store_partial(float* p, const V& v, int n) {
    std::memcpy(p, v.lane, static_cast<size_t>(n) * sizeof(float));
  }
  template <class F>
  static V map(const V& a, const V& b, F f) {
    V r;
    for (int i = 0; i < W; ++i) r.lane[i] = f(a.lane[i], b.lane[i]);
    return r;
  }
  static V fma(const V& a, const V& b, const V& c) {
    V r;
    for (int i = 0; i < W; ++i) r.lane[i] = a.lane[i] * b.lane[i] + c.lane[i];
    return r;
  }
  static V add(const V& a, const V& b) { return map(a, b, [](float x, float y) { return x + y; }); }
  static V sub(const V& a, const V& b) { return map(a, b, [](float x, float y) { return x - y; }); }
  static V mul(const V& a, const V& b) { return map(a, b, [](float x, float y) { return x * y; }); }
  static V div(const V& a, const V& b) { return map(a, b, [](float x, float y) { return x / y; }); }
  static V min(const V& a, const V& b) {
    return map(a, b, [](float x, float y) { return y < x ? y : x; });
  }
  static V max(const V& a, const V& b) {
    return map(a, b, [](float x, float y) { return x < y ? y : x; });
  }
  static V broadcast2(const float* p) { return pairs_broadcast2<VecPortable>(p); }
  static V pair_sum(const V& a, const V& b) { return pairs_sum<VecPortable>(a, b); }
  static V pair_sum_half(const V& a) { return pairs_sum_half<VecPortable>(a); }
};
#endif

// x * relu6(x + 3) / 6 on any layer's vectors, in the scalar kernels' order of operations.
template <class Vec>
[[maybe_unused]] inline typename Vec::V hard_swish_vec(typename Vec::V x) {
  const typename Vec::V relu6 = Vec::min(Vec::max(Vec::add(x, Vec::broadcast(3.f)), Vec::zero()),
                                         Vec::broadcast(6.f));
  return Vec::mul(Vec::mul(x, relu6), Vec::broadcast(1.f / 6.f));
}

}  // namespace mnet

// mnet SIMD layer: AVX2 + FMA, 8 floats per __m256; tails through vmaskmovps.
// Interface: see vec_portable.h.
#pragma once

#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>

#include <cstring>

namespace mnet {

struct VecAvx2 {
  using V = __m256;
  enum : int { kWidth = 8 };  // (an enum: an unused constant draws no warning)
  // Lanes of fma_lane (1: none).
  enum : int { kLaneFma = 1 };
  enum : int { kRegisters = 16 };
  static __m256i mask(int n) {
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  }
  static V zero() { return _mm256_setzero_ps(); }
  static V broadcast(float x) { return _mm256_set1_ps(x); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V load_partial(const float* p, int n) { return _mm256_maskload_ps(p, mask(n)); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
  static void store_partial(float* p, V v, int n) { _mm256_maskstore_ps(p, mask(n), v); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  static V div(V a, V b) { return _mm256_div_ps(a, b); }
  static V min(V a, V b) { return _mm256_min_ps(a, b); }
  static V max(V a, V b) { return _mm256_max_ps(a, b); }
  static V broadcast2(const float* p) {
    double d;
    std::memcpy(&d, p, sizeof(d));
    return _mm256_castpd_ps(_mm256_set1_pd(d));
  }
  static V pair_sum(V a, V b) {
    return _mm256_add_ps(_mm256_shuffle_ps(a, b, 0x88), _mm256_shuffle_ps(a, b, 0xdd));
  }
  static V pair_sum_half(V a) {
    // Each group of pair_sum(a, a) holds its two sums twice: gather the first two of each.
    return _mm256_permutevar8x32_ps(pair_sum(a, a), _mm256_setr_epi32(0, 1, 4, 5, 0, 1, 4, 5));
  }
};

}  // namespace mnet
#endif  // __AVX2__ && __FMA__

// mnet SIMD layer: AVX-512F, 16 floats per __m512; tails through lane masks.
// Interface: see vec_portable.h.
#pragma once

#if defined(__AVX512F__)
#include <immintrin.h>

#include <cstring>

namespace mnet {

struct VecAvx512 {
  using V = __m512;
  enum : int { kWidth = 16 };  // (an enum: an unused constant draws no warning)
  // Lanes of fma_lane (1: none).
  enum : int { kLaneFma = 1 };
  enum : int { kRegisters = 32 };
  static __mmask16 mask(int n) { return static_cast<__mmask16>((1u << n) - 1u); }
  static V zero() { return _mm512_setzero_ps(); }
  static V broadcast(float x) { return _mm512_set1_ps(x); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V load_partial(const float* p, int n) { return _mm512_maskz_loadu_ps(mask(n), p); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
  static void store_partial(float* p, V v, int n) { _mm512_mask_storeu_ps(p, mask(n), v); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  static V div(V a, V b) { return _mm512_div_ps(a, b); }
  // The zero-masking forms: GCC 12 warns (-Wmaybe-uninitialized) inside _mm512_min/max_ps.
  static V min(V a, V b) { return _mm512_maskz_min_ps(static_cast<__mmask16>(0xffff), a, b); }
  static V max(V a, V b) { return _mm512_maskz_max_ps(static_cast<__mmask16>(0xffff), a, b); }
  static V broadcast2(const float* p) {
    double d;
    std::memcpy(&d, p, sizeof(d));
    return _mm512_castpd_ps(_mm512_set1_pd(d));
  }
  static V pair_sum(V a, V b) {
    return _mm512_add_ps(_mm512_shuffle_ps(a, b, 0x88), _mm512_shuffle_ps(a, b, 0xdd));
  }
  static V pair_sum_half(V a) {
    // Each group of pair_sum(a, a) holds its two sums twice: gather the first two of each
    // (the zero-masking form for GCC 12, as in min/max).
    const __m512i first = _mm512_setr_epi32(0, 1, 4, 5, 8, 9, 12, 13, 0, 1, 4, 5, 8, 9, 12, 13);
    return _mm512_maskz_permutexvar_ps(static_cast<__mmask16>(0xffff), first, pair_sum(a, a));
  }
};

}  // namespace mnet
#endif  // __AVX512F__

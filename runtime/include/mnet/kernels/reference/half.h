// mnet kernels: IEEE half-precision weights to float32, for code emitted with --weights=f16.
//
// Weights stay half-size in the binary; each layer's are widened into the arena just before
// the layer runs. With F16C (x86-64-v3 and later) or on AArch64 the hardware converts eight
// or four at a time; elsewhere a portable bit-exact conversion does it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__F16C__)
#include <immintrin.h>
#endif
#if defined(__aarch64__)
#include <arm_neon.h>
#endif

#include "mnet/kernels/reference/common.h"

namespace mnet {

// One binary16 value (given as its bits) to float32, exactly; NaN payloads are kept.
[[maybe_unused]] inline float half_to_float(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t bits;
  if (exponent == 0x1fu) {
    bits = sign | 0x7f800000u | (mantissa << 13);  // infinity or NaN
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);  // normal: rebias 15 -> 127
  } else if (mantissa == 0) {
    bits = sign;  // signed zero
  } else {
    // Subnormal half: normalize into a float32 normal.
    uint32_t e = 113u;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --e;
    }
    bits = sign | (e << 23) | ((mantissa & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// n binary16 values to float32.
[[maybe_unused]] inline void half_to_float_f32(size_t n, const uint16_t* __restrict input,
                                               float* __restrict output) {
  size_t i = 0;
#if defined(__F16C__)
  for (const size_t n8 = n - n % 8; i < n8; i += 8) {  // (GCC misreads `i + 8 <= n`)
    const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(input + i));
    _mm256_storeu_ps(output + i, _mm256_cvtph_ps(h));
  }
#elif defined(__aarch64__)
  for (const size_t n4 = n - n % 4; i < n4; i += 4) {
    const float16x4_t h = vreinterpret_f16_u16(vld1_u16(input + i));
    vst1q_f32(output + i, vcvt_f32_f16(h));
  }
#endif
  for (; i < n; ++i) output[i] = half_to_float(input[i]);
}

}  // namespace mnet

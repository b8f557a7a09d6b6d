// mnet reference kernels: shared definitions.
//
// These headers are pasted (with their #include lines stripped) into an anonymous namespace of
// every generated model.cc, after <cmath>, <cstddef>, <cstdint> and <cstring>. They therefore use
// only those headers, define only inline functions, and keep no state. Functions are marked
// [[maybe_unused]] because, pasted into an anonymous namespace of a main file, clang would warn
// (-Wunused-function) about every kernel a model does not call.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mnet {

constexpr int kMaxRank = 6;

// min(max(x, lo), hi). Written with comparisons so that it lowers to max/min instructions.
[[maybe_unused]] inline float clamp_f32(float x, float lo, float hi) {
  const float y = x < lo ? lo : x;
  return y > hi ? hi : y;
}

namespace ref_detail {

// Dot product of two float vectors of length n. Uses eight independent partial sums so that the
// compiler can keep them in one SIMD register without reassociation flags.
[[maybe_unused]] inline float dot_f32(const float* __restrict a, const float* __restrict b,
                                      int64_t n) {
  float acc[8] = {0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
  const int64_t n8 = n - n % 8;  // (not `i + 8 <= n`: GCC misreads that after inlining)
  int64_t i = 0;
  for (; i < n8; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  }
  float tail = 0.f;
  for (; i < n; ++i) tail += a[i] * b[i];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

}  // namespace ref_detail
}  // namespace mnet

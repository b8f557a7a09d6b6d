// mnet SIMD layer: AArch64 NEON, 4 floats per float32x4_t; tails through a stack copy.
// Interface: see vec_portable.h.
#pragma once

#if defined(__aarch64__)
#include <arm_neon.h>
#include <cstring>

namespace mnet {

struct VecNeon {
  using V = float32x4_t;
  enum : int { kWidth = 4 };  // (an enum: an unused constant draws no warning)
  // Lanes of fma_lane (1: none).
  enum : int { kLaneFma = 4 };
  enum : int { kRegisters = 32 };
  static V zero() { return vdupq_n_f32(0.f); }
  static V broadcast(float x) { return vdupq_n_f32(x); }
  static V load(const float* p) { return vld1q_f32(p); }
  static V load_partial(const float* p, int n) {
    float t[4] = {0.f, 0.f, 0.f, 0.f};
    std::memcpy(t, p, static_cast<size_t>(n) * sizeof(float));
    return vld1q_f32(t);
  }
  static void store(float* p, V v) { vst1q_f32(p, v); }
  static void store_partial(float* p, V v, int n) {
    float t[4];
    vst1q_f32(t, v);
    std::memcpy(p, t, static_cast<size_t>(n) * sizeof(float));
  }
  static V fma(V a, V b, V c) { return vfmaq_f32(c, a, b); }
  // acc + b * x[lane]; `lane` is a constant after unrolling.
  static V fma_lane(V b, V x, int lane, V acc) {
    switch (lane) {
      case 0: return vfmaq_laneq_f32(acc, b, x, 0);
      case 1: return vfmaq_laneq_f32(acc, b, x, 1);
      case 2: return vfmaq_laneq_f32(acc, b, x, 2);
      default: return vfmaq_laneq_f32(acc, b, x, 3);
    }
  }
  static V add(V a, V b) { return vaddq_f32(a, b); }
  static V sub(V a, V b) { return vsubq_f32(a, b); }
  static V mul(V a, V b) { return vmulq_f32(a, b); }
  static V div(V a, V b) { return vdivq_f32(a, b); }
  static V min(V a, V b) { return vminq_f32(a, b); }
  static V max(V a, V b) { return vmaxq_f32(a, b); }
  static V broadcast2(const float* p) {
    double d;
    std::memcpy(&d, p, sizeof(d));
    return vreinterpretq_f32_f64(vdupq_n_f64(d));
  }
  static V pair_sum(V a, V b) { return vpaddq_f32(a, b); }
  static V pair_sum_half(V a) { return vpaddq_f32(a, a); }
};

}  // namespace mnet
#endif  // __aarch64__

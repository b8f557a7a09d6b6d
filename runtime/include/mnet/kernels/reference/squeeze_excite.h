// mnet reference kernels: squeeze-excite (fp32, NHWC), MobileNetV3's channel attention.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct SqueezeExciteParams {
  int batch, height, width, channels;  // x and y: [batch, height, width, channels]
  int hidden;                          // R: the squeeze's outputs
  float act_min, act_max;              // the squeeze's activation (a clamp)
  bool hard_sigmoid;                   // the gate: relu6(v + 3) * (1/6), else 1 / (1 + exp(-v))
};

// The gate of one excitation value, as TFLite's LOGISTIC, or ADD, RELU6 and MUL, compute it.
[[maybe_unused]] inline float squeeze_excite_gate(float v, bool hard_sigmoid) {
  return hard_sigmoid ? clamp_f32(v + 3.f, 0.f, 6.f) * (1.f / 6.f) : 1.f / (1.f + std::exp(-v));
}

// Per image: m = mean of x over height and width; s = act(squeeze_bias + m . squeeze);
// e = gate(excite_bias + s . excite); y = x * e per channel. Weights are input-major:
// squeeze[c * hidden + r], excite[r * channels + c]. `scratch` holds channels + hidden floats.
// y may be x (all of an image is read before any of it is written).
[[maybe_unused]] inline void squeeze_excite_f32(const SqueezeExciteParams& p, const float* x,
                                                const float* squeeze, const float* squeeze_bias,
                                                const float* excite, const float* excite_bias,
                                                float* scratch, float* y) {
  const int c_n = p.channels, r_n = p.hidden;
  const int64_t pixels = static_cast<int64_t>(p.height) * p.width;
  float* const m = scratch;          // channel means, then the channel scales
  float* const s = scratch + c_n;    // the squeezed vector
  for (int n = 0; n < p.batch; ++n) {
    const float* xi = x + n * pixels * c_n;
    float* yi = y + n * pixels * c_n;
    for (int c = 0; c < c_n; ++c) m[c] = 0.f;
    for (int64_t i = 0; i < pixels; ++i)
      for (int c = 0; c < c_n; ++c) m[c] += xi[i * c_n + c];
    for (int c = 0; c < c_n; ++c) m[c] = m[c] / static_cast<float>(pixels);
    for (int r = 0; r < r_n; ++r) {
      float acc = squeeze_bias[r];
      for (int c = 0; c < c_n; ++c) acc += squeeze[c * r_n + r] * m[c];
      s[r] = clamp_f32(acc, p.act_min, p.act_max);
    }
    for (int c = 0; c < c_n; ++c) {
      float acc = excite_bias[c];
      for (int r = 0; r < r_n; ++r) acc += excite[r * c_n + c] * s[r];
      m[c] = squeeze_excite_gate(acc, p.hard_sigmoid);
    }
    for (int64_t i = 0; i < pixels; ++i)
      for (int c = 0; c < c_n; ++c) yi[i * c_n + c] = xi[i * c_n + c] * m[c];
  }
}

}  // namespace mnet

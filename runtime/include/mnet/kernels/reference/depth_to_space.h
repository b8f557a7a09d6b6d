// mnet reference kernels: depth to space (NHWC, fp32), as TFLite DEPTH_TO_SPACE ("DCR" order).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mnet/kernels/reference/common.h"

namespace mnet {

struct DepthToSpaceParams {
  int batch, in_h, in_w, in_c, block_size;
};

// input:  [batch][in_h][in_w][in_c], in_c a multiple of block_size^2
// output: [batch][in_h * bs][in_w * bs][out_c] with out_c = in_c / bs^2; must not alias input.
// output(n, iy*bs + by, ix*bs + bx, c) = input(n, iy, ix, (by*bs + bx)*out_c + c)
[[maybe_unused]] inline void depth_to_space_f32(const DepthToSpaceParams& p, const float* input,
                                                float* output) {
  const int bs = p.block_size;
  const int64_t out_c = p.in_c / (bs * bs);
  const size_t chunk = static_cast<size_t>(out_c) * sizeof(float);
  const int64_t in_row = static_cast<int64_t>(p.in_w) * p.in_c;
  float* out = output;
  for (int b = 0; b < p.batch; ++b) {
    for (int iy = 0; iy < p.in_h; ++iy) {
      const float* in_y = input + (static_cast<int64_t>(b) * p.in_h + iy) * in_row;
      for (int by = 0; by < bs; ++by) {
        // One output row: in_w * bs pixels of out_c channels each.
        for (int ix = 0; ix < p.in_w; ++ix) {
          const float* in_px = in_y + static_cast<int64_t>(ix) * p.in_c + by * bs * out_c;
          if (chunk != 0) std::memcpy(out, in_px, chunk * bs);
          out += bs * out_c;
        }
      }
    }
  }
}

}  // namespace mnet

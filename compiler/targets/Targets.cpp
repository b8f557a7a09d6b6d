//===- Targets.cpp - the targets mnetc emits code for ---------------------===//
#include "compiler/targets/Targets.h"

#include <algorithm>

namespace mnetc {

llvm::ArrayRef<Target> allTargets() {
  static const Target targets[] = {
      {"generic", "portable C++17, any CPU", "", "", "", 16, "mnet::VecPortable<4>", 4, 2, 8, 8, 0,
       256 << 10, 32 << 10},
      {"x86-64-avx2", "x86-64 with AVX2 and FMA (Haswell, Zen and later)", "-march=x86-64-v3",
       "defined(__AVX2__) && defined(__FMA__)", "", 32, "mnet::VecAvx2", 8, 2, 10, 12, 0,
       256 << 10, 128 << 10},
      {"x86-64-avx512", "x86-64 with AVX-512 F/CD/BW/DQ/VL (Skylake-X, Zen 4 and later)",
       "-march=x86-64-v4", "defined(__AVX512F__)", "", 64, "mnet::VecAvx512", 16, 3, 12, 24, 6,
       1 << 20, 1 << 18},
      {"armv8", "AArch64 (ARMv8-A) with NEON", "-march=armv8-a", "defined(__aarch64__)",
       "aarch64-linux-gnu", 16, "mnet::VecNeon", 4, 2, 12, 16, 0, 256 << 10, 64 << 10},
  };
  return targets;
}

int Target::gemmTilePixels(int vectors, int64_t pixels) const {
  int lo = (gemmMinAccumulators + vectors - 1) / vectors;
  int hi = std::max(1, gemmMaxAccumulators / vectors);
  if (pixels <= hi)
    return static_cast<int>(std::max<int64_t>(1, pixels));
  int best = hi;
  int64_t bestPadded = -1;
  for (int mr = std::min(lo, hi); mr <= hi; ++mr) {
    int64_t padded = (pixels + mr - 1) / mr * mr;
    if (bestPadded < 0 || padded <= bestPadded)
      best = mr, bestPadded = padded;
  }
  return best;
}

const Target *lookupTarget(llvm::StringRef name) {
  for (const Target &target : allTargets())
    if (target.name == name)
      return &target;
  return nullptr;
}

} // namespace mnetc

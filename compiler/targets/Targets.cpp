//===- Targets.cpp - the targets mnetc emits code for ---------------------===//
#include "compiler/targets/Targets.h"

namespace mnetc {

llvm::ArrayRef<Target> allTargets() {
  static const Target targets[] = {
      {"generic", "portable C++17, any CPU", "", "", "", 16, "mnet::VecPortable<4>", 4, 2, 8,
       256 << 10, 32 << 10},
      {"x86-64-avx2", "x86-64 with AVX2 and FMA (Haswell, Zen and later)", "-march=x86-64-v3",
       "defined(__AVX2__) && defined(__FMA__)", "", 32, "mnet::VecAvx2", 8, 2, 12, 256 << 10, 128 << 10},
      {"x86-64-avx512", "x86-64 with AVX-512 F/CD/BW/DQ/VL (Skylake-X, Zen 4 and later)",
       "-march=x86-64-v4", "defined(__AVX512F__)", "", 64, "mnet::VecAvx512", 16, 2, 16, 1 << 20, 1 << 18},
      {"armv8", "AArch64 (ARMv8-A) with NEON", "-march=armv8-a", "defined(__aarch64__)",
       "aarch64-linux-gnu", 16, "mnet::VecNeon", 4, 2, 16, 256 << 10, 64 << 10},
  };
  return targets;
}

const Target *lookupTarget(llvm::StringRef name) {
  for (const Target &target : allTargets())
    if (target.name == name)
      return &target;
  return nullptr;
}

} // namespace mnetc

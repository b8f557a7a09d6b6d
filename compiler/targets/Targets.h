//===- Targets.h - what mnetc knows about each target -----------*- C++ -*-===//
#ifndef MNET_COMPILER_TARGETS_H
#define MNET_COMPILER_TARGETS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>

namespace mnetc {

struct Target {
  llvm::StringRef name;
  llvm::StringRef description;
  /// Flags the emitted code must be compiled with (besides -std=c++17 -O2).
  llvm::StringRef cxxFlags;
  /// Preprocessor condition that holds when those flags are given; empty for portable code.
  llvm::StringRef guard;
  /// GNU triple of a cross compiler, empty when the host compiler builds it.
  llvm::StringRef crossTriple;
  /// Alignment of the arena, every buffer in it and the weights: the vector width in bytes.
  int64_t alignment;
  /// Register tile of the matrix-product kernels: pixels x output channels of accumulators,
  /// sized to the target's vector registers (e.g. AVX-512: 8 x 16 floats = 8 zmm accumulators;
  /// 16 rather than 32 channels, since MobileNet widths like 24 and 144 leave partial tiles).
  int gemmTilePixels;
  int gemmTileChannels;
};

llvm::ArrayRef<Target> allTargets();
/// Null when there is no target of that name.
const Target *lookupTarget(llvm::StringRef name);

} // namespace mnetc

#endif // MNET_COMPILER_TARGETS_H

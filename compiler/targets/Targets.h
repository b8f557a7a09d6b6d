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
  /// The runtime's SIMD layer for this target (runtime/include/mnet/kernels/simd/vec_*.h) and
  /// its vector width in floats.
  llvm::StringRef simdLayer;
  int vectorWidth;
  /// Register tile of the convolution kernel: at most `gemmMaxVectors` vectors of output
  /// channels (mnet-pack-weights picks the block width) by MR pixels, with MR x vectors
  /// accumulators in [gemmMinAccumulators, gemmMaxAccumulators]: enough to cover the FMA
  /// latency, and few enough to leave registers for the weight vectors and input values.
  /// Within that range MR is the one that pads the layer's pixel rows least (gemmTilePixels).
  int gemmMaxVectors;
  int gemmMinAccumulators;
  int gemmMaxAccumulators;
  /// Widest tile, in vectors, of the k-pair layout (runtime simd/igemm.h) that
  /// mnet-pack-weights may pick where plain blocks would be mostly padding or one vector;
  /// 0: never. AVX-512 only so far: there a 16-channel layer's one broadcast per multiply-add
  /// and a 24-channel layer's padding cost 20-40% (measured); six vectors by four pixels is
  /// the largest tile that leaves registers for its weights.
  int gemmMaxPairVectors;
  /// Per-core cache that a fused block's working set should stay in (L2). Blocks whose
  /// intermediate tensor is at least half of it run row by row (mnet-fuse-rows).
  int64_t cacheBytes;
  /// Smallest work (multiply-accumulates) worth a task of its own when a layer is split across
  /// threads (mnetc --num-threads): smaller layers get fewer tasks, the smallest run alone.
  /// About 5 us of one core's work: measured on AVX-512 (V3-Small and V2 0.35/96 gain most on
  /// two threads at 256K; every layer split lost 40%), scaled by each target's throughput.
  int64_t minTaskMacs;

  /// Pixels (rows, MR) of the register tile for `vectors` vectors of output channels when a
  /// kernel call covers `pixels` output pixels: all of them when they fit one tile, else the
  /// MR in range whose tiles pad `pixels` least, the larger on a tie (fewer tiles). On AVX-512
  /// with 2 vectors: 196 pixels (14x14) -> 7, 49 (7x7) -> 7, 56 -> 8.
  int gemmTilePixels(int vectors, int64_t pixels) const;
};

llvm::ArrayRef<Target> allTargets();
/// Null when there is no target of that name.
const Target *lookupTarget(llvm::StringRef name);

} // namespace mnetc

#endif // MNET_COMPILER_TARGETS_H

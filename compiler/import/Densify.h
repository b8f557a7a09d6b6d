// Expansion of TFLite sparse constant tensors (Tensor.sparsity) into dense row-major data.
//
// Format (TFLite schema, SparsityParameters / DimensionMetadata): an n-D tensor with k blocked
// dimensions is viewed as an (n + k)-D "expanded" tensor: dims 0..n-1 are the original dims
// (a blocked one shrunk to shape[d] / blockSize), dims n..n+k-1 are the block dims, where block
// dim n + j has size blockSize[j] and refines original dim blockMap[j]. traversalOrder lists the
// expanded dims from outermost to innermost (its first n entries permute 0..n-1, its last k
// entries permute n..n+k-1); dims[l] describes the dim traversed at level l. A DENSE level
// stores every coordinate implicitly; a SPARSE_CSR level stores, for each position of the level
// above, the segment array_indices[segments[p] .. segments[p + 1]) of its present coordinates.
// The value buffer holds one element per position of the innermost level, in traversal order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mnetc {

struct SparseDimension {
  bool csr = false;               // false: DENSE
  int32_t denseSize = 0;          // for DENSE (and the size of a block dim, whatever its format)
  std::vector<int64_t> segments;  // for SPARSE_CSR (array_segments)
  std::vector<int64_t> indices;   // for SPARSE_CSR (array_indices)
};

struct SparseTensor {
  std::vector<int64_t> shape;  // the dense shape (tensor.shape)
  std::vector<int32_t> traversalOrder;
  std::vector<int32_t> blockMap;
  std::vector<SparseDimension> dims;  // one per traversal-order entry
};

/// Expands `values` (stored elements of `elementBytes` bytes each, in traversal order) into a
/// dense row-major buffer. Returns false with a one-line `error` on any inconsistency (wrong
/// counts, indices or segments out of range or not monotonic, sizes that overflow, a block
/// size that does not divide its dimension, value count mismatch). Never reads out of bounds,
/// never loops forever, never allocates more than the dense size (checked before allocating;
/// cap dense bytes at 1 GiB with an error).
bool densify(const SparseTensor &sparse, const uint8_t *values, size_t valueBytes,
             size_t elementBytes, std::vector<uint8_t> &dense, std::string &error);

} // namespace mnetc

// Expansion of TFLite sparse constant tensors; see Densify.h for the format.
//
// Validation happens completely before the dense buffer is allocated, so the expansion loop
// itself can index every array without further checks. The expansion is an explicit-stack
// depth-first walk of the level tree (no recursion, so deep traversal orders cannot overflow
// the stack); the dense offset of an element is linear in its per-level coordinates, so each
// level just adds coordinate * levelStride to the offset of its parent.
#include "compiler/import/Densify.h"

#include <algorithm>
#include <cstring>

namespace mnetc {
namespace {

constexpr uint64_t kMaxDenseBytes = uint64_t(1) << 30;

// a * b into `out`, false when the product exceeds `limit` (both operands non-negative).
bool mulCapped(uint64_t a, uint64_t b, uint64_t limit, uint64_t &out) {
  if (a != 0 && b > limit / a) return false;
  out = a * b;
  return out <= limit;
}

std::string str(int64_t v) { return std::to_string(v); }

bool fail(std::string &error, std::string message) {
  error = std::move(message);
  return false;
}

} // namespace

bool densify(const SparseTensor &sparse, const uint8_t *values, size_t valueBytes,
             size_t elementBytes, std::vector<uint8_t> &dense, std::string &error) {
  dense.clear();
  error.clear();
  const size_t rank = sparse.shape.size();
  const size_t numBlocks = sparse.blockMap.size();
  const size_t numLevels = sparse.traversalOrder.size();

  // --- Element size and value count. ---
  if (elementBytes == 0) return fail(error, "sparse tensor: element size is 0");
  if (valueBytes % elementBytes != 0)
    return fail(error, "sparse tensor: value buffer of " + std::to_string(valueBytes) +
                           " bytes is not a multiple of the element size " +
                           std::to_string(elementBytes));
  if (valueBytes != 0 && values == nullptr)
    return fail(error, "sparse tensor: value buffer is missing");
  const uint64_t numValues = valueBytes / elementBytes;

  // --- Dense element count (capped before anything depends on it). ---
  const uint64_t maxElements = kMaxDenseBytes / elementBytes;
  uint64_t denseCount = 1;
  for (size_t d = 0; d < rank; ++d) {
    if (sparse.shape[d] < 0)
      return fail(error, "sparse tensor: negative dimension " + str(sparse.shape[d]) +
                             " in shape");
    if (!mulCapped(denseCount, uint64_t(sparse.shape[d]), maxElements, denseCount))
      return fail(error, "sparse tensor: dense size exceeds the 1 GiB limit");
  }

  // --- Structure: traversal order, block map, metadata count. ---
  if (numLevels != rank + numBlocks)
    return fail(error, "sparse tensor: traversal_order has " + std::to_string(numLevels) +
                           " entries, expected rank " + std::to_string(rank) + " + " +
                           std::to_string(numBlocks) + " block dims");
  if (sparse.dims.size() != numLevels)
    return fail(error, "sparse tensor: dim_metadata has " + std::to_string(sparse.dims.size()) +
                           " entries, expected " + std::to_string(numLevels));
  // levelOfDim[e]: the level traversing expanded dim e.
  std::vector<size_t> levelOfDim(numLevels, numLevels);
  for (size_t l = 0; l < numLevels; ++l) {
    const int64_t e = sparse.traversalOrder[l];
    const bool inRange = l < rank ? (e >= 0 && e < int64_t(rank))
                                  : (e >= int64_t(rank) && e < int64_t(numLevels));
    if (!inRange)
      return fail(error, "sparse tensor: traversal_order[" + std::to_string(l) + "] = " + str(e) +
                             (l < rank ? " is not an original dimension"
                                       : " is not a block dimension"));
    if (levelOfDim[size_t(e)] != numLevels)
      return fail(error, "sparse tensor: traversal_order repeats dimension " + str(e));
    levelOfDim[size_t(e)] = l;
  }
  // blockOfDim[d]: the block refining original dim d, or numBlocks when d is not blocked.
  std::vector<size_t> blockOfDim(rank, numBlocks);
  std::vector<int64_t> blockSize(numBlocks);
  for (size_t j = 0; j < numBlocks; ++j) {
    const int64_t d = sparse.blockMap[j];
    if (d < 0 || d >= int64_t(rank))
      return fail(error, "sparse tensor: block_map[" + std::to_string(j) + "] = " + str(d) +
                             " is out of range");
    if (blockOfDim[size_t(d)] != numBlocks)
      return fail(error, "sparse tensor: block_map blocks dimension " + str(d) + " twice");
    // TFLite's converter pairs blocks with dims by walking the dims in increasing order, so it
    // mis-densifies any other block_map order; refuse rather than silently differ from it.
    if (j > 0 && d < sparse.blockMap[j - 1])
      return fail(error, "sparse tensor: block_map is not increasing (unsupported by TFLite)");
    blockOfDim[size_t(d)] = j;
    // The block's size is the dense_size of the level that traverses block dim rank + j.
    blockSize[j] = sparse.dims[levelOfDim[rank + j]].denseSize;
    if (blockSize[j] <= 0)
      return fail(error, "sparse tensor: block dimension " + std::to_string(rank + j) +
                             " has non-positive size " + str(blockSize[j]));
    // TFLite reads block j's size from level traversal_order[rank + j] instead of the level that
    // traverses block dim rank + j; the two agree unless >= 3 block dims are traversed in a
    // non-involutive order. Refuse the cases where that changes the size.
    const size_t tfliteLevel = size_t(sparse.traversalOrder[rank + j]);
    if (sparse.dims[tfliteLevel].denseSize != blockSize[j])
      return fail(error, "sparse tensor: block dimension " + std::to_string(rank + j) +
                             " has a traversal order TFLite mis-densifies");
    if (sparse.shape[size_t(d)] % blockSize[j] != 0)
      return fail(error, "sparse tensor: block size " + str(blockSize[j]) +
                             " does not divide dimension " + str(d) + " of size " +
                             str(sparse.shape[size_t(d)]));
  }

  // --- Per-level coordinate range and dense stride. ---
  std::vector<uint64_t> rowStride(rank);
  for (size_t d = rank, s = 1; d-- > 0;) {
    rowStride[d] = s;
    s *= size_t(sparse.shape[d]); // cannot overflow: the full product is capped above
  }
  std::vector<int64_t> levelSize(numLevels);
  std::vector<uint64_t> levelStride(numLevels);
  for (size_t l = 0; l < numLevels; ++l) {
    const size_t e = size_t(sparse.traversalOrder[l]);
    if (e < rank) {
      const size_t j = blockOfDim[e];
      const int64_t block = j == numBlocks ? 1 : blockSize[j];
      levelSize[l] = sparse.shape[e] / block;
      levelStride[l] = rowStride[e] * uint64_t(block);
    } else {
      const size_t j = e - rank;
      levelSize[l] = blockSize[j];
      levelStride[l] = rowStride[size_t(sparse.blockMap[j])];
    }
  }

  // --- Per-level metadata; positions[l] = number of stored positions at level l. ---
  std::vector<int64_t> scratch;
  uint64_t parents = 1; // positions of the level above (a single root)
  for (size_t l = 0; l < numLevels; ++l) {
    const SparseDimension &dim = sparse.dims[l];
    const std::string where = "sparse tensor: level " + std::to_string(l) + " (dimension " +
                              std::to_string(sparse.traversalOrder[l]) + ")";
    if (!dim.csr) {
      if (dim.denseSize != levelSize[l])
        return fail(error, where + ": dense_size " + str(dim.denseSize) + ", expected " +
                               str(levelSize[l]));
      // Bounded by the dense count: each level multiplies by at most its coordinate range.
      if (!mulCapped(parents, uint64_t(levelSize[l]), denseCount, parents))
        return fail(error, where + ": position count exceeds the dense size");
      continue;
    }
    const std::vector<int64_t> &seg = dim.segments;
    const std::vector<int64_t> &idx = dim.indices;
    if (uint64_t(seg.size()) != parents + 1)
      return fail(error, where + ": array_segments has " + std::to_string(seg.size()) +
                             " entries, expected " + std::to_string(parents + 1));
    if (seg[0] != 0)
      return fail(error, where + ": array_segments starts at " + str(seg[0]) + ", not 0");
    if (uint64_t(seg.back()) != uint64_t(idx.size()) || seg.back() < 0)
      return fail(error, where + ": array_segments ends at " + str(seg.back()) + " but there are " +
                             std::to_string(idx.size()) + " indices");
    for (size_t p = 0; p + 1 < seg.size(); ++p) {
      if (seg[p + 1] < seg[p])
        return fail(error, where + ": array_segments is not monotonic at entry " +
                               std::to_string(p + 1));
    }
    // Every index in range; no coordinate twice in one segment (so no two values can land on
    // the same dense element). Unsorted segments are accepted, as TFLite accepts them.
    for (size_t p = 0; p + 1 < seg.size(); ++p) {
      const size_t begin = size_t(seg[p]), end = size_t(seg[p + 1]);
      bool increasing = true;
      for (size_t i = begin; i < end; ++i) {
        if (idx[i] < 0 || idx[i] >= levelSize[l])
          return fail(error, where + ": array_indices[" + std::to_string(i) + "] = " +
                                 str(idx[i]) + " is outside [0, " + str(levelSize[l]) + ")");
        if (i > begin && idx[i] <= idx[i - 1]) increasing = false;
      }
      if (increasing) continue;
      scratch.assign(idx.begin() + std::ptrdiff_t(begin), idx.begin() + std::ptrdiff_t(end));
      std::sort(scratch.begin(), scratch.end());
      if (std::adjacent_find(scratch.begin(), scratch.end()) != scratch.end())
        return fail(error, where + ": array_indices repeats a coordinate in segment " +
                               std::to_string(p));
    }
    parents = uint64_t(idx.size()); // <= previous positions * levelSize: unique and in range
  }
  if (parents != numValues)
    return fail(error, "sparse tensor: " + std::to_string(numValues) + " stored values, expected " +
                           std::to_string(parents));

  // --- Expansion. ---
  dense.assign(size_t(denseCount * elementBytes), 0);
  if (numLevels == 0) { // a scalar: one value, no levels
    std::memcpy(dense.data(), values, elementBytes);
    return true;
  }
  std::vector<uint64_t> first(numLevels), pos(numLevels), end(numLevels), base(numLevels);
  auto enter = [&](size_t l, uint64_t parent) {
    const SparseDimension &dim = sparse.dims[l];
    if (dim.csr) {
      first[l] = pos[l] = uint64_t(dim.segments[parent]);
      end[l] = uint64_t(dim.segments[parent + 1]);
    } else {
      first[l] = pos[l] = parent * uint64_t(levelSize[l]);
      end[l] = first[l] + uint64_t(levelSize[l]);
    }
  };
  const size_t last = numLevels - 1;
  uint64_t next = 0; // next stored value
  size_t l = 0;
  base[0] = 0;
  enter(0, 0);
  for (;;) {
    if (pos[l] == end[l]) {
      if (l == 0) break;
      ++pos[--l];
      continue;
    }
    const SparseDimension &dim = sparse.dims[l];
    const uint64_t coord = dim.csr ? uint64_t(dim.indices[pos[l]]) : pos[l] - first[l];
    const uint64_t offset = base[l] + coord * levelStride[l];
    if (l < last) {
      base[l + 1] = offset;
      enter(l + 1, pos[l]);
      ++l;
      continue;
    }
    if (offset >= denseCount || next >= numValues) { // unreachable after validation
      dense.clear();
      return fail(error, "sparse tensor: internal error: element outside the dense tensor");
    }
    std::memcpy(dense.data() + offset * elementBytes, values + next * elementBytes, elementBytes);
    ++next;
    ++pos[l];
  }
  return true;
}

} // namespace mnetc

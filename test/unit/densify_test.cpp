// Unit test of mnetc::densify (compiler/import/Densify.cpp): TFLite sparse constant tensors.
// Expected outputs are hand-written, come from examples with known answers, or come from a
// brute-force encoder written here (dense -> sparse by enumerating coordinates), round-tripped.
// Prints one line per failure and ends with "densify: N passed, M failed".

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "compiler/import/Densify.h"

namespace {

using mnetc::SparseDimension;
using mnetc::SparseTensor;

int g_passed = 0;
int g_failed = 0;

void record(bool ok, const std::string &name, const std::string &why) {
  if (ok) {
    ++g_passed;
  } else {
    ++g_failed;
    std::printf("FAIL %s: %s\n", name.c_str(), why.c_str());
  }
}

SparseDimension denseDim(int32_t size) {
  SparseDimension d;
  d.denseSize = size;
  return d;
}

SparseDimension csrDim(std::vector<int64_t> segments, std::vector<int64_t> indices) {
  SparseDimension d;
  d.csr = true;
  d.segments = std::move(segments);
  d.indices = std::move(indices);
  return d;
}

template <typename T> std::vector<uint8_t> bytesOf(const std::vector<T> &v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// Densifies `values` (elements of type T) and compares with `want`.
template <typename T>
void expectDense(const std::string &name, const SparseTensor &s, const std::vector<T> &values,
                 const std::vector<T> &want) {
  std::vector<uint8_t> in = bytesOf(values);
  std::vector<uint8_t> out;
  std::string error;
  if (!mnetc::densify(s, in.data(), in.size(), sizeof(T), out, error)) {
    record(false, name, "unexpected error: " + error);
    return;
  }
  std::vector<uint8_t> expected = bytesOf(want);
  if (out.size() != expected.size()) {
    record(false, name, "size " + std::to_string(out.size()) + ", want " +
                            std::to_string(expected.size()));
    return;
  }
  for (size_t i = 0; i < want.size(); ++i) {
    T got;
    std::memcpy(&got, out.data() + i * sizeof(T), sizeof(T));
    if (std::memcmp(&got, &want[i], sizeof(T)) != 0) {
      record(false, name, "element " + std::to_string(i) + " is " + std::to_string(got) +
                              ", want " + std::to_string(want[i]));
      return;
    }
  }
  record(true, name, "");
}

// Expects densify to refuse, with a one-line message and an empty output.
void expectError(const std::string &name, const SparseTensor &s, size_t numValues,
                 size_t elementBytes = 4) {
  std::vector<uint8_t> in(numValues * elementBytes, 0x5a);
  std::vector<uint8_t> out(3, 1);
  std::string error;
  bool ok = mnetc::densify(s, in.data(), in.size(), elementBytes, out, error);
  if (ok)
    record(false, name, "accepted an inconsistent tensor");
  else if (error.empty() || error.find('\n') != std::string::npos)
    record(false, name, "error message is not one line: '" + error + "'");
  else if (!out.empty())
    record(false, name, "output not cleared on error");
  else
    record(true, name, "");
}

// --- Hand-written cases. ---

// [[0 1 0 2] [0 0 0 0] [3 0 0 4]]
const std::vector<float> kMatrix3x4 = {0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4};

SparseTensor csr3x4() {
  SparseTensor s;
  s.shape = {3, 4};
  s.traversalOrder = {0, 1};
  s.dims = {denseDim(3), csrDim({0, 2, 2, 4}, {1, 3, 0, 3})};
  return s;
}

void testCsrMatrix() {
  expectDense<float>("csr 3x4", csr3x4(), {1, 2, 3, 4}, kMatrix3x4);
}

void testCscMatrix() { // non-identity traversal order: column-major with compressed rows
  SparseTensor s;
  s.shape = {3, 4};
  s.traversalOrder = {1, 0};
  s.dims = {denseDim(4), csrDim({0, 1, 2, 2, 4}, {2, 0, 0, 2})};
  expectDense<float>("csc 3x4 (traversal [1,0])", s, {3, 1, 2, 4}, kMatrix3x4);
}

void testAllDensePermutation() {
  SparseTensor s;
  s.shape = {2, 3};
  s.traversalOrder = {1, 0};
  s.dims = {denseDim(3), denseDim(2)};
  // Stored column by column: (0,0) (1,0) (0,1) (1,1) (0,2) (1,2).
  expectDense<int32_t>("all dense, traversal [1,0]", s, {1, 4, 2, 5, 3, 6}, {1, 2, 3, 4, 5, 6});
  SparseTensor t;
  t.shape = {2, 2, 2};
  t.traversalOrder = {2, 0, 1};
  t.dims = {denseDim(2), denseDim(2), denseDim(2)};
  // Level order (k, i, j): dense[i][j][k] = 100*i + 10*j + k.
  std::vector<int32_t> stored, want(8);
  for (int k = 0; k < 2; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) stored.push_back(100 * i + 10 * j + k);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j)
      for (int k = 0; k < 2; ++k) want[size_t(i * 4 + j * 2 + k)] = 100 * i + 10 * j + k;
  expectDense<int32_t>("all dense, traversal [2,0,1]", t, stored, want);
}

// The first sparse conv filter of face_detection_full_range_sparse.tflite: [8,1,1,32] float16,
// dims DENSE 8, DENSE 1, DENSE 1, SPARSE_CSR over 32 (uint8 segments/indices in the file).
void testMediaPipeFilter() {
  const std::vector<int64_t> seg = {0, 15, 30, 39, 48, 57, 63, 68, 77};
  const std::vector<int64_t> idx = {
      0,  2,  4,  6,  7,  8,  9,  13, 14, 16, 17, 23, 26, 30, 31, 1,  3,  4,  7,  11,
      12, 14, 16, 17, 21, 23, 25, 27, 29, 30, 1,  9,  11, 12, 17, 18, 25, 26, 28, 5,
      7,  9,  15, 16, 26, 27, 28, 29, 4,  6,  9,  11, 12, 13, 15, 23, 26, 5,  7,  8,
      19, 28, 31, 2,  10, 13, 22, 24, 0,  3,  5,  11, 12, 18, 19, 20, 30};
  SparseTensor s;
  s.shape = {8, 1, 1, 32};
  s.traversalOrder = {0, 1, 2, 3};
  s.dims = {denseDim(8), denseDim(1), denseDim(1), csrDim(seg, idx)};
  std::vector<uint16_t> values, want(8 * 32, 0);
  for (size_t k = 0; k < idx.size(); ++k) values.push_back(uint16_t(0x3c00 + k)); // fp16 bits
  for (size_t r = 0; r < 8; ++r)
    for (int64_t k = seg[r]; k < seg[r + 1]; ++k) want[r * 32 + size_t(idx[size_t(k)])] = values[size_t(k)];
  expectDense<uint16_t>("mediapipe [8,1,1,32] fp16", s, values, want);
}

void testBlocked() {
  // 4x4, block_map [1]: 1x2 blocks along columns; level 1 (block columns) compressed.
  //   [1 2 0 0]   row 0: block col 0
  //   [0 0 3 0]   row 1: block col 1
  //   [0 0 0 0]   row 2: none
  //   [5 0 0 6]   row 3: block cols 0 and 1
  SparseTensor s;
  s.shape = {4, 4};
  s.traversalOrder = {0, 1, 2};
  s.blockMap = {1};
  s.dims = {denseDim(4), csrDim({0, 1, 2, 2, 4}, {0, 1, 0, 1}), denseDim(2)};
  expectDense<float>("blocked 4x4 1x2", s, {1, 2, 3, 0, 5, 0, 0, 6},
                     {1, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 5, 0, 0, 6});

  // 4x4 with 2x2 blocks, all dense (NNAPI densify example): blocks stored one after another.
  SparseTensor d;
  d.shape = {4, 4};
  d.traversalOrder = {0, 1, 2, 3};
  d.blockMap = {0, 1};
  d.dims = {denseDim(2), denseDim(2), denseDim(2), denseDim(2)};
  const std::vector<float> blocks = {1, 0, 0, 4, 2, 3, 0, 0, 0, 0, 0, 0, 5, 0, 0, 6};
  const std::vector<float> want = {1, 0, 2, 3, 0, 4, 0, 0, 0, 0, 5, 0, 0, 0, 0, 6};
  expectDense<float>("blocked 4x4 2x2 all dense", d, blocks, want);

  // The same matrix with the block columns compressed: block (1,0) is all zero and dropped.
  SparseTensor c = d;
  c.dims[1] = csrDim({0, 2, 3}, {0, 1, 1});
  expectDense<float>("blocked 4x4 2x2 csr", c, {1, 0, 0, 4, 2, 3, 0, 0, 5, 0, 0, 6}, want);

  // Blocks traversed column-major inside (traversal [0,1,3,2]).
  SparseTensor t = d;
  t.traversalOrder = {0, 1, 3, 2};
  expectDense<float>("blocked 4x4 2x2, block traversal [3,2]", t,
                     {1, 0, 0, 4, 2, 0, 3, 0, 0, 0, 0, 0, 5, 0, 0, 6}, want);
}

void testCsrAtSeveralLevels() {
  // NNAPI densify example: [3,2,2], formats CSR, DENSE, CSR.
  SparseTensor s;
  s.shape = {3, 2, 2};
  s.traversalOrder = {0, 1, 2};
  s.dims = {csrDim({0, 2}, {0, 2}), denseDim(2), csrDim({0, 1, 3, 4, 5}, {0, 0, 1, 0, 1})};
  expectDense<float>("csr/dense/csr [3,2,2]", s, {6, 9, 8, 5, 7},
                     {6, 0, 9, 8, 0, 0, 0, 0, 5, 0, 0, 7});
  // Unsorted (but unique) indices inside a segment are accepted, as TFLite accepts them.
  SparseTensor u = csr3x4();
  u.dims[1] = csrDim({0, 2, 2, 4}, {3, 1, 0, 3});
  expectDense<float>("csr unsorted segment", u, {2, 1, 3, 4}, kMatrix3x4);
}

void testElementSizes() {
  SparseTensor s = csr3x4();
  expectDense<uint8_t>("csr 3x4 int8", s, {1, 2, 3, 4}, {0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4});
  expectDense<uint16_t>("csr 3x4 16-bit", s, {1, 2, 3, 4}, {0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4});
  expectDense<uint64_t>("csr 3x4 64-bit", s, {1, 2, 3, 4}, {0, 1, 0, 2, 0, 0, 0, 0, 3, 0, 0, 4});
}

void testEdgeShapes() {
  SparseTensor scalar; // rank 0: one value, no levels
  expectDense<int32_t>("scalar", scalar, {7}, {7});
  SparseTensor empty;
  empty.shape = {0, 4};
  empty.traversalOrder = {0, 1};
  empty.dims = {denseDim(0), csrDim({0}, {})};
  expectDense<int32_t>("zero-sized", empty, {}, {});
  SparseTensor allZero = csr3x4();
  allZero.dims[1] = csrDim({0, 0, 0, 0}, {});
  expectDense<int32_t>("all zero", allZero, {}, std::vector<int32_t>(12, 0));
}

// --- Round trips through a brute-force encoder. ---

struct Rng {
  uint64_t state;
  uint32_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return uint32_t(state >> 33);
  }
  int below(int n) { return int(next() % uint32_t(n)); }
};

// Encodes `denseValues` (row-major, shape `shape`) with the given traversal, blocks and formats
// by enumerating expanded coordinates: a CSR coordinate is kept when its subtree holds a
// non-zero; DENSE coordinates are always kept. Fills s.dims and the stored values.
void encode(SparseTensor &s, const std::vector<int32_t> &blockSizes, const std::vector<bool> &csr,
            const std::vector<int32_t> &denseValues, std::vector<int32_t> &stored) {
  const size_t n = s.shape.size(), levels = s.traversalOrder.size();
  std::vector<int64_t> levelSize(levels);
  for (size_t l = 0; l < levels; ++l) {
    size_t e = size_t(s.traversalOrder[l]);
    if (e >= n) {
      levelSize[l] = blockSizes[e - n];
    } else {
      levelSize[l] = s.shape[e];
      for (size_t j = 0; j < s.blockMap.size(); ++j)
        if (size_t(s.blockMap[j]) == e) levelSize[l] /= blockSizes[j];
    }
  }
  // Dense index of a full list of level coordinates.
  auto denseIndex = [&](const std::vector<int64_t> &c) {
    std::vector<int64_t> orig(n, 0);
    for (size_t l = 0; l < n; ++l) orig[size_t(s.traversalOrder[l])] = c[l];
    for (size_t d = 0; d < n; ++d)
      for (size_t j = 0; j < s.blockMap.size(); ++j)
        if (size_t(s.blockMap[j]) == d) orig[d] *= blockSizes[j];
    for (size_t l = n; l < levels; ++l) {
      size_t j = size_t(s.traversalOrder[l]) - n;
      orig[size_t(s.blockMap[j])] += c[l];
    }
    int64_t idx = 0;
    for (size_t d = 0; d < n; ++d) idx = idx * s.shape[d] + orig[d];
    return idx;
  };
  // Whether any element with coordinates starting with `prefix` is non-zero.
  auto nonEmpty = [&](const std::vector<int64_t> &prefix) {
    std::vector<int64_t> c(levels, 0);
    for (;;) {
      bool match = true;
      for (size_t l = 0; l < prefix.size(); ++l) match = match && c[l] == prefix[l];
      if (match && denseValues[size_t(denseIndex(c))] != 0) return true;
      size_t l = levels;
      while (l > 0) {
        --l;
        if (++c[l] < levelSize[l]) break;
        c[l] = 0;
        if (l == 0) return false;
      }
      if (levels == 0) return false;
    }
  };
  s.dims.assign(levels, SparseDimension());
  std::vector<std::vector<int64_t>> positions = {{}};
  for (size_t l = 0; l < levels; ++l) {
    SparseDimension &dim = s.dims[l];
    dim.csr = csr[l];
    if (!csr[l]) dim.denseSize = int32_t(levelSize[l]);
    if (csr[l]) dim.segments.push_back(0);
    std::vector<std::vector<int64_t>> next;
    for (const auto &p : positions) {
      for (int64_t c = 0; c < levelSize[l]; ++c) {
        std::vector<int64_t> q = p;
        q.push_back(c);
        if (csr[l] && !nonEmpty(q)) continue;
        if (csr[l]) dim.indices.push_back(c);
        next.push_back(q);
      }
      if (csr[l]) dim.segments.push_back(int64_t(dim.indices.size()));
    }
    positions = next;
  }
  // Block dims carry their size in dense_size whatever their format.
  for (size_t l = n; l < levels; ++l)
    s.dims[l].denseSize = blockSizes[size_t(s.traversalOrder[l]) - n];
  stored.clear();
  for (const auto &p : positions) stored.push_back(denseValues[size_t(denseIndex(p))]);
}

void shuffle(Rng &rng, std::vector<int32_t> &v) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[size_t(rng.below(int(i)))]);
}

void testRoundTrips() {
  Rng rng{12345};
  int failuresBefore = g_failed;
  for (int iter = 0; iter < 300; ++iter) {
    SparseTensor s;
    const int n = 1 + rng.below(4);
    std::vector<int32_t> blockSizes;
    std::vector<int32_t> dimsOrder;
    for (int d = 0; d < n; ++d) dimsOrder.push_back(d);
    shuffle(rng, dimsOrder);
    const int k = rng.below(std::min(n, 3) + 1);
    std::sort(dimsOrder.begin(), dimsOrder.begin() + k); // block_map must be increasing
    for (int j = 0; j < k; ++j) {
      s.blockMap.push_back(dimsOrder[size_t(j)]);
      // With 3 block dims, unequal sizes in a non-involutive block traversal are refused.
      blockSizes.push_back(k == 3 && j > 0 ? blockSizes[0] : 1 + rng.below(3));
    }
    for (int d = 0; d < n; ++d) {
      int64_t size = 1 + rng.below(3);
      for (int j = 0; j < k; ++j)
        if (s.blockMap[size_t(j)] == d) size *= blockSizes[size_t(j)];
      s.shape.push_back(size);
    }
    std::vector<int32_t> outer, inner;
    for (int d = 0; d < n; ++d) outer.push_back(d);
    for (int j = 0; j < k; ++j) inner.push_back(n + j);
    shuffle(rng, outer);
    shuffle(rng, inner);
    s.traversalOrder = outer;
    s.traversalOrder.insert(s.traversalOrder.end(), inner.begin(), inner.end());
    std::vector<bool> csr;
    for (int l = 0; l < n + k; ++l) csr.push_back(rng.below(2) == 0);
    size_t count = 1;
    for (int64_t d : s.shape) count *= size_t(d);
    std::vector<int32_t> denseValues(count);
    for (auto &v : denseValues) v = rng.below(3) == 0 ? 1 + rng.below(1000) : 0;
    std::vector<int32_t> stored;
    encode(s, blockSizes, csr, denseValues, stored);
    expectDense<int32_t>("round trip " + std::to_string(iter), s, stored, denseValues);
    if (g_failed - failuresBefore > 5) break; // keep the log short
  }
}

// --- Error cases. ---

void testErrors() {
  {
    SparseTensor s = csr3x4();
    s.dims[1].segments = {0, 2, 1, 4};
    expectError("segments not monotonic", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].segments = {1, 2, 2, 4};
    expectError("segments not starting at 0", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].segments = {0, 2, 2, 5};
    expectError("segments end past the indices", s, 5);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].segments = {0, 2, -1, 4};
    expectError("negative segment", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].indices = {1, 4, 0, 3};
    expectError("index >= dense size", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].indices = {1, -1, 0, 3};
    expectError("negative index", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].indices = {1, 1, 0, 3};
    expectError("repeated index in a segment", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1] = csrDim({0, 3, 3, 4}, {3, 1, 3, 0});
    expectError("repeated index in an unsorted segment", s, 4);
  }
  expectError("too few values", csr3x4(), 3);
  expectError("too many values", csr3x4(), 5);
  {
    std::vector<uint8_t> in(15, 0);
    std::vector<uint8_t> out;
    std::string error;
    bool ok = mnetc::densify(csr3x4(), in.data(), in.size(), 4, out, error);
    record(!ok && !error.empty(), "value bytes not a multiple of the element size",
           "accepted");
    ok = mnetc::densify(csr3x4(), in.data(), 0, 0, out, error);
    record(!ok && !error.empty(), "element size 0", "accepted");
    ok = mnetc::densify(csr3x4(), nullptr, 16, 4, out, error);
    record(!ok && !error.empty(), "null values", "accepted");
  }
  {
    SparseTensor s = csr3x4();
    s.dims[1].segments = {0, 2, 4};
    expectError("segments too short", s, 4);
    s.dims[1].segments = {0, 2, 2, 4, 4};
    expectError("segments too long", s, 4);
    s.dims[1].segments = {};
    expectError("segments empty", s, 4);
  }
  {
    SparseTensor s = csr3x4();
    s.shape = {3, 4, 1};
    expectError("shape/traversal mismatch (rank)", s, 4);
    s = csr3x4();
    s.traversalOrder = {0, 0};
    expectError("traversal repeats a dim", s, 4);
    s.traversalOrder = {0, 2};
    expectError("traversal out of range", s, 4);
    s = csr3x4();
    s.dims.pop_back();
    expectError("too few dim_metadata", s, 4);
    s = csr3x4();
    s.dims[0].denseSize = 4;
    expectError("dense_size differs from the shape", s, 4);
    s = csr3x4();
    s.shape = {3, 3};
    expectError("index outside a smaller shape", s, 4);
    s = csr3x4();
    s.shape = {-3, 4};
    expectError("negative shape", s, 4);
  }
  {
    SparseTensor s;
    s.shape = {1 << 20, 1 << 20, 1 << 20};
    s.traversalOrder = {0, 1, 2};
    s.dims = {denseDim(1 << 20), denseDim(1 << 20), denseDim(1 << 20)};
    expectError("huge shape", s, 1);
    s.shape = {INT64_MAX, INT64_MAX, 2};
    expectError("overflowing shape", s, 1);
    s.shape = {1 << 15, 1 << 15}; // exactly 1 GiB of 1-byte elements would be fine; 4 bytes not
    s.traversalOrder = {0, 1};
    s.dims = {denseDim(1 << 15), csrDim(std::vector<int64_t>((1 << 15) + 1, 0), {})};
    expectError("dense bytes over 1 GiB", s, 0, 4);
  }
  {
    SparseTensor s; // blocked 4x4 with 1x2 blocks
    s.shape = {4, 4};
    s.traversalOrder = {0, 1, 2};
    s.blockMap = {1};
    s.dims = {denseDim(4), denseDim(2), denseDim(2)};
    SparseTensor t = s;
    t.shape = {4, 5};
    t.dims[1].denseSize = 2;
    expectError("block size does not divide", t, 16);
    t = s;
    t.dims[2].denseSize = 0;
    expectError("block size 0", t, 16);
    t = s;
    t.blockMap = {2};
    expectError("block_map out of range", t, 16);
    t = s;
    t.blockMap = {1, 1};
    t.traversalOrder = {0, 1, 2, 3};
    t.dims.push_back(denseDim(2));
    expectError("block_map repeats a dim", t, 16);
    t = s;
    t.shape = {4, 4, 4};
    t.blockMap = {2, 0};
    t.traversalOrder = {0, 1, 2, 3, 4};
    t.dims = {denseDim(2), denseDim(4), denseDim(2), denseDim(2), denseDim(2)};
    expectError("block_map not increasing", t, 64);
    t.blockMap = {0, 2};
    expectDense<int32_t>("block_map increasing (control)", t, std::vector<int32_t>(64, 1),
                         std::vector<int32_t>(64, 1));
    t = s;
    t.shape = {2, 6, 12};
    t.blockMap = {0, 1, 2};
    t.traversalOrder = {0, 1, 2, 4, 5, 3}; // block dims traversed 1, 2, 0: not an involution
    t.dims = {denseDim(1), denseDim(2), denseDim(3), denseDim(3), denseDim(4), denseDim(2)};
    expectError("3 block dims, TFLite-inconsistent traversal", t, 144);
    t.shape = {2, 2, 2};
    t.dims = {denseDim(1), denseDim(1), denseDim(1), denseDim(2), denseDim(2), denseDim(2)};
    std::vector<int32_t> cube(8);
    for (int i = 0; i < 8; ++i) cube[size_t(i)] = i + 1;
    // Level order (b1, b2, b0) = (j, k, i): stored[j*4 + k*2 + i] = dense[i*4 + j*2 + k].
    std::vector<int32_t> storedCube(8);
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        for (int k = 0; k < 2; ++k) storedCube[size_t(j * 4 + k * 2 + i)] = cube[size_t(i * 4 + j * 2 + k)];
    expectDense<int32_t>("3 block dims, cubic blocks", t, storedCube, cube);
    t = s;
    t.traversalOrder = {0, 2, 1};
    expectError("block dim among the outer dims", t, 16);
    t = s;
    t.blockMap = {};
    expectError("block dims without block_map", t, 16);
  }
}

} // namespace

int main() {
  testCsrMatrix();
  testCscMatrix();
  testAllDensePermutation();
  testMediaPipeFilter();
  testBlocked();
  testCsrAtSeveralLevels();
  testElementSizes();
  testEdgeShapes();
  testRoundTrips();
  testErrors();
  std::printf("densify: %d passed, %d failed\n", g_passed, g_failed);
  return g_failed == 0 ? 0 : 1;
}

// mnet reference kernels: shared definitions.
//
// These headers are pasted (with their #include lines stripped) into an anonymous namespace of
// every generated model.cc, after <cmath>, <cstddef>, <cstdint> and <cstring>. They therefore use
// only those headers, define only inline functions, and keep no state. Functions are marked
// [[maybe_unused]] because, pasted into an anonymous namespace of a main file, clang would warn
// (-Wunused-function) about every kernel a model does not call.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mnet {

constexpr int kMaxRank = 6;

// Threads. Generated code compiled for N tasks (mnetc --num-threads=N) splits each heavy layer into
// N tasks and hands them to the application's parallel-for: fn(pool, count, task, context) must
// run task(context, i) for every i in [0, count), on any threads, and return when all are done.
// With no fn the tasks run one after another on the calling thread.
typedef void (*ParallelForFn)(void* pool, int count, void (*task)(void* context, int index),
                              void* context);
struct Parallel {
  ParallelForFn fn;
  void* pool;
};

template <class F>
[[maybe_unused]] inline void run_tasks(const Parallel& par, int count, F& body) {
  if (par.fn == nullptr || count == 1) {
    for (int i = 0; i < count; ++i) body(i);
    return;
  }
  par.fn(par.pool, count, [](void* context, int i) { (*static_cast<F*>(context))(i); }, &body);
}

// Task `task` of `tasks`'s share [*begin, *end) of n items: contiguous, sizes differing by at
// most one.
[[maybe_unused]] inline void task_range(int64_t n, int task, int tasks, int64_t* begin,
                                        int64_t* end) {
  *begin = n * task / tasks;
  *end = n * (task + 1) / tasks;
}

// min(max(x, lo), hi). Written with comparisons so that it lowers to max/min instructions.
[[maybe_unused]] inline float clamp_f32(float x, float lo, float hi) {
  const float y = x < lo ? lo : x;
  return y > hi ? hi : y;
}

namespace ref_detail {

// Dot product of two float vectors of length n. Uses eight independent partial sums so that the
// compiler can keep them in one SIMD register without reassociation flags.
[[maybe_unused]] inline float dot_f32(const float* __restrict a, const float* __restrict b,
                                      int64_t n) {
  float acc[8] = {0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f, 0.f};
  const int64_t n8 = n - n % 8;  // (not `i + 8 <= n`: GCC misreads that after inlining)
  int64_t i = 0;
  for (; i < n8; i += 8) {
    for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
  }
  float tail = 0.f;
  for (; i < n; ++i) tail += a[i] * b[i];
  return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

}  // namespace ref_detail
}  // namespace mnet

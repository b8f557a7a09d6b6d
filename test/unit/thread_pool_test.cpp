// mnet/thread_pool.h: every index of every parallel_for runs exactly once, jobs follow each
// other without a worker still in the last one, and counts of 0 and 1 run inline. Built with
// ThreadSanitizer by thread-pool.test. Prints "thread_pool: N jobs, sum S (want W): ok|FAIL".
#include "mnet/thread_pool.h"

#include <atomic>
#include <cstdio>

namespace {

struct Job {
  std::atomic<long>* sum;
  std::atomic<int>* hits;  // per index, this job
  int job;
};

void task(void* context, int i) {
  auto* j = static_cast<Job*>(context);
  *j->sum += i + 1000L * j->job;
  ++j->hits[i];
}

}  // namespace

int main() {
  bool ok = true;
  std::atomic<long> sum{0};
  long want = 0;
  const int jobs = 5000;
  for (int threads : {1, 2, 3}) {
    mnet::ThreadPool pool(threads);
    ok = ok && pool.threads() == threads;
    for (int r = 0; r < jobs; ++r) {
      const int n = r % 6;  // 0 .. 5 tasks
      std::atomic<int> hits[5];
      for (auto& h : hits) h = 0;
      Job job{&sum, hits, r};
      mnet::ThreadPool::parallel_for(&pool, n, task, &job);
      for (int i = 0; i < n; ++i) {
        want += i + 1000L * r;
        ok = ok && hits[i] == 1;
      }
    }
  }
  ok = ok && sum == want;
  std::printf("thread_pool: %d jobs, sum %ld (want %ld): %s\n", 3 * jobs, sum.load(), want,
              ok ? "ok" : "FAIL");
  return ok ? 0 : 1;
}

// mnet's small built-in thread pool, for code generated with mnetc --num-threads=N:
//
//   mnet::ThreadPool pool(2);  // the calling thread and one worker
//   model_run_parallel(input, output, arena, mnet::ThreadPool::parallel_for, &pool);
//
// Any other parallel-for with the same signature (a pthreadpool, an OpenMP loop, a job system)
// does as well; the generated code does not depend on this file. A pool of N threads starts
// N - 1 workers (the caller works too). Layers take tens of microseconds, about what waking a
// sleeping thread costs, so workers (and the caller, waiting for them) spin for a while
// (~a millisecond) before they sleep. One parallel_for at a time per pool. Threads are created
// in the constructor; nothing is allocated afterwards.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace mnet {

class ThreadPool {
 public:
  explicit ThreadPool(int threads) {
    for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int threads() const { return static_cast<int>(workers_.size()) + 1; }

  // The generated code's parallel-for: runs task(context, i) for i in [0, count) on the pool's
  // threads and returns when all have finished. `pool` is a ThreadPool*.
  static void parallel_for(void* pool, int count, void (*task)(void* context, int index),
                           void* context) {
    static_cast<ThreadPool*>(pool)->run(count, task, context);
  }

  void run(int count, void (*task)(void* context, int index), void* context) {
    if (workers_.empty() || count <= 1) {
      for (int i = 0; i < count; ++i) task(context, i);
      return;
    }
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      done_.wait(lock, [this] { return active_ == 0; });  // no worker still in the last job
      job_ = Job{task, context, count};
      next_ = 0;
      pending_ = count;
      ++generation_;
      job = job_;
    }
    wake_.notify_all();
    drain(job);
    spin([this] { return pending_.load(std::memory_order_acquire) == 0; });
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
  struct Job {
    void (*task)(void*, int) = nullptr;
    void* context = nullptr;
    int count = 0;
  };

  // Busy-waits up to about a millisecond for `ready`.
  template <class Ready>
  static void spin(Ready ready) {
    for (int i = 0; i < 100000 && !ready(); ++i) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#elif defined(__aarch64__)
      __asm__ __volatile__("yield");
#endif
    }
  }

  // Takes indices until none are left.
  void drain(const Job& job) {
    for (;;) {
      int i;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (next_ >= job.count) return;
        i = next_++;
      }
      job.task(job.context, i);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--pending_ == 0) done_.notify_all();
    }
  }

  void work() {
    uint64_t seen = 0;
    for (;;) {
      Job job;
      spin([&] {
        return stop_.load(std::memory_order_relaxed) ||
               generation_.load(std::memory_order_relaxed) != seen;
      });
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        job = job_;
        ++active_;
      }
      drain(job);
      std::lock_guard<std::mutex> lock(mutex_);
      if (--active_ == 0) done_.notify_all();
    }
  }

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_, done_;
  Job job_;
  // Written under mutex_; the atomics are also read without it, while spinning.
  int next_ = 0, active_ = 0;
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace mnet

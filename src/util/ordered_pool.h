// OrderedPool: items processed by a fixed set of threads, results handed back in the
// order the items came in.
//
// The caller's thread submits items one at a time (as a reader produces them); `work`
// runs on any of the pool's threads, the caller's included, and `emit` runs on the
// caller's thread, in submission order, as soon as an item and all before it are done.
// With threads = N, N threads compute: N - 1 workers started once and kept for the
// whole run (their thread-local caches stay warm), plus the caller, which works
// whenever the window of items in flight is full instead of waiting. With threads = 1
// no thread is started and each item is worked and emitted at once.
//
//   OrderedPool<Job> pool(threads, [&](Job& j) { analyse(j); }, [&](Job& j) { print(j); });
//   for (...) pool.submit(std::move(job));
//   pool.finish();  // works and emits what is left
//
// `work` must not throw; an item can be submitted already done (done = true: an input
// error to report in order), in which case only `emit` sees it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cronaca {

template <class T>
class OrderedPool {
 public:
  OrderedPool(unsigned threads, std::function<void(T&)> work, std::function<void(T&)> emit,
              size_t window = 0)
      : work_(std::move(work)), emit_(std::move(emit)) {
    if (threads < 1) threads = 1;
    window_ = window ? window : (threads == 1 ? 1 : 8 * threads);
    for (unsigned t = 1; t < threads; ++t) workers_.emplace_back([this] { worker(); });
  }
  OrderedPool(const OrderedPool&) = delete;
  OrderedPool& operator=(const OrderedPool&) = delete;
  ~OrderedPool() { stop(); }

  /// Queues an item (work is skipped when `done`), then emits what is ready; while the
  /// window is full, works on queued items itself or waits for the oldest.
  void submit(T item, bool done = false) {
    auto slot = std::make_unique<Slot>();
    slot->item = std::move(item);
    std::unique_lock<std::mutex> lock(mu_);
    Slot* s = slot.get();
    window_items_.push_back(std::move(slot));
    if (done) s->done = true;
    else {
      todo_.push_back(s);
      wake_.notify_one();
    }
    drain(lock, window_);
  }

  /// Works and emits everything submitted; the workers stay for more submissions.
  void finish() {
    std::unique_lock<std::mutex> lock(mu_);
    drain(lock, 0);
  }

 private:
  struct Slot {
    T item;
    bool done = false;
  };

  // Emits the done items at the front, and keeps doing so (working or waiting) until
  // fewer than `limit` items are in flight (0: none at all).
  void drain(std::unique_lock<std::mutex>& lock, size_t limit) {
    for (;;) {
      while (!window_items_.empty() && window_items_.front()->done) {
        std::unique_ptr<Slot> s = std::move(window_items_.front());
        window_items_.pop_front();
        lock.unlock();
        emit_(s->item);
        s.reset();
        lock.lock();
      }
      if (window_items_.size() < limit || window_items_.empty()) return;
      if (!todo_.empty()) {
        run_one(lock);
      } else {
        done_cv_.wait(lock);
      }
    }
  }

  // Takes the oldest queued item and works it, the lock released meanwhile.
  void run_one(std::unique_lock<std::mutex>& lock) {
    Slot* s = todo_.front();
    todo_.pop_front();
    lock.unlock();
    work_(s->item);
    lock.lock();
    s->done = true;
    done_cv_.notify_all();
  }

  void worker() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !todo_.empty(); });
      if (todo_.empty()) return;  // stopping
      run_one(lock);
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  std::function<void(T&)> work_, emit_;
  size_t window_ = 1;
  std::mutex mu_;
  std::condition_variable wake_, done_cv_;
  std::deque<std::unique_ptr<Slot>> window_items_;  // in submission order
  std::deque<Slot*> todo_;                          // submitted, not yet taken
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace cronaca

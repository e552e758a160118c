#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>
#include <vector>

#include "util/ordered_pool.h"

namespace cronaca {
namespace {

struct Item {
  int n = 0;
  int squared = -1;
};

// Items that take uneven times still come out in submission order, each worked once,
// and done items (input errors) are emitted in their place without being worked.
TEST(OrderedPool, EmitsInSubmissionOrderWhateverTheThreads) {
  for (unsigned threads : {1u, 2u, 4u}) {
    std::vector<int> emitted;
    std::atomic<int> worked{0};
    std::set<std::thread::id> ids;
    std::mutex ids_mu;
    {
      OrderedPool<Item> pool(
          threads,
          [&](Item& it) {
            if (it.n % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(300));
            it.squared = it.n * it.n;
            ++worked;
            std::lock_guard<std::mutex> lock(ids_mu);
            ids.insert(std::this_thread::get_id());
          },
          [&](Item& it) {
            if (it.n % 10 == 3) EXPECT_EQ(it.squared, -1) << "a done item is not worked";
            else EXPECT_EQ(it.squared, it.n * it.n);
            emitted.push_back(it.n);
          });
      for (int i = 0; i < 500; ++i) pool.submit(Item{i}, i % 10 == 3);
      pool.finish();
      ASSERT_EQ(emitted.size(), 500u) << threads << " threads";
      for (int i = 0; i < 500; ++i) EXPECT_EQ(emitted[i], i);
      EXPECT_EQ(worked.load(), 450);
      // More submissions after finish() still work.
      pool.submit(Item{1000});
      pool.finish();
      EXPECT_EQ(emitted.back(), 1000);
    }
    EXPECT_LE(ids.size(), threads) << "never more computing threads than asked";
  }
}

// With one thread nothing is started: each item is worked and emitted on the caller's
// thread before submit() returns.
TEST(OrderedPool, OneThreadWorksInline) {
  std::vector<int> emitted;
  const auto caller = std::this_thread::get_id();
  OrderedPool<Item> pool(
      1, [&](Item& it) { EXPECT_EQ(std::this_thread::get_id(), caller); it.squared = it.n * it.n; },
      [&](Item& it) { emitted.push_back(it.squared); });
  pool.submit(Item{3});
  EXPECT_EQ(emitted, std::vector<int>{9});
  pool.submit(Item{4});
  EXPECT_EQ(emitted, (std::vector<int>{9, 16}));
}

// Emit runs on the caller's thread only.
TEST(OrderedPool, EmitsOnTheCallersThread) {
  const auto caller = std::this_thread::get_id();
  int emitted = 0;
  OrderedPool<Item> pool(
      3, [](Item& it) { it.squared = it.n; },
      [&](Item&) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        ++emitted;
      });
  for (int i = 0; i < 100; ++i) pool.submit(Item{i});
  pool.finish();
  EXPECT_EQ(emitted, 100);
}

}  // namespace
}  // namespace cronaca

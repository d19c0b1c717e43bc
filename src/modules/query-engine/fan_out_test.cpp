// The fan-out's bounds: the process-wide semaphore never lets more than its slots run, hands a
// released slot to a waiter, and gives up at the deadline; a fan-out shared by two searches
// stays within the process bound; a supplier's latency leaves out the wait for a slot.
#include "modules/query-engine/fan_out.hpp"
#include "modules/query-engine/query_test_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace hotel::query::testing {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;

TEST(AsyncSemaphoreTest, AtMostItsSlotsRunAndWaitersGetReleasedSlots) {
  asio::io_context io;
  auto sem = std::make_shared<AsyncSemaphore>(2);
  int running = 0, peak = 0, finished = 0;
  for (int i = 0; i < 6; ++i) {
    asio::co_spawn(io, [&, sem]() -> asio::awaitable<void> {
      EXPECT_TRUE(co_await sem->Acquire(std::chrono::steady_clock::now() + 5s));
      peak = std::max(peak, ++running);
      asio::steady_timer t(io, 10ms);
      co_await t.async_wait(asio::use_awaitable);
      --running;
      sem->Release();
      ++finished;
    }, asio::detached);
  }
  io.run();
  EXPECT_EQ(peak, 2);
  EXPECT_EQ(finished, 6);
}

TEST(AsyncSemaphoreTest, AWaiterGivesUpAtItsDeadline) {
  asio::io_context io;
  auto sem = std::make_shared<AsyncSemaphore>(1);
  std::optional<bool> second;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    EXPECT_TRUE(co_await sem->Acquire(std::chrono::steady_clock::now() + 1s));
    second = co_await sem->Acquire(std::chrono::steady_clock::now() + 30ms);
    EXPECT_EQ(sem->Waiting(), 0);
    sem->Release();
    EXPECT_TRUE(co_await sem->Acquire(std::chrono::steady_clock::now() + 30ms)) << "the slot is free again";
  }, asio::detached);
  io.run();
  ASSERT_TRUE(second.has_value());
  EXPECT_FALSE(*second);
}

TEST(FanOutTest, TwoSearchesOnTwoThreadsStayWithinTheProcessBound) {
  auto scripted = std::make_shared<ScriptedSearch>();
  scripted->delay = 20ms;
  auto connector = std::make_shared<ScriptedConnector>(scripted);
  auto bound = std::make_shared<AsyncSemaphore>(3);
  asio::io_context io;
  auto run = [&] {
    FanOutRequest r;
    for (int i = 0; i < 6; ++i) r.calls.push_back({"AAA", connector, {"H" + std::to_string(i)}});
    r.deadline = std::chrono::steady_clock::now() + 5s;
    r.per_search = 4;
    return FanOut(io.get_executor(), std::move(r), bound);
  };
  std::vector<std::vector<CallOutcome>> results(2);
  for (int s = 0; s < 2; ++s) {
    asio::co_spawn(io, [&, s]() -> asio::awaitable<void> { results[s] = co_await run(); }, asio::detached);
  }
  std::thread other([&] { io.run(); });
  io.run();
  other.join();
  EXPECT_LE(scripted->max_in_flight.load(), 3);
  for (const auto& outcomes : results) {
    ASSERT_EQ(outcomes.size(), 6u);
    for (const auto& o : outcomes) EXPECT_TRUE(o.finished && *o.result);
  }
}

TEST(FanOutTest, ASuppliersLatencyLeavesOutTheWaitForAProcessSlot) {
  auto scripted = std::make_shared<ScriptedSearch>();
  scripted->delay = 60ms;
  auto connector = std::make_shared<ScriptedConnector>(scripted);
  auto bound = std::make_shared<AsyncSemaphore>(1);  // the two calls run one after the other
  asio::io_context io;
  FanOutRequest r;
  r.calls.push_back({"AAA", connector, {"H1"}});
  r.calls.push_back({"BBB", connector, {"H2"}});
  r.deadline = std::chrono::steady_clock::now() + 5s;
  r.per_search = 2;
  std::vector<CallOutcome> outcomes;
  const auto started = std::chrono::steady_clock::now();
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    outcomes = co_await FanOut(io.get_executor(), std::move(r), bound);
  }, asio::detached);
  io.run();
  EXPECT_GE(std::chrono::steady_clock::now() - started, 120ms);
  ASSERT_EQ(outcomes.size(), 2u);
  for (const auto& o : outcomes) {
    EXPECT_TRUE(o.finished);
    EXPECT_GE(o.latency, 60ms);
    EXPECT_LT(o.latency, 115ms) << "the wait for the slot is the platform's time, not the supplier's";
  }
}

}  // namespace
}  // namespace hotel::query::testing

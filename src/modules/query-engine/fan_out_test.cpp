// The fan-out's bounds: the process-wide semaphore never lets more than its slots run, hands a
// released slot to a waiter, and gives up at the deadline; a fan-out shared by two searches
// stays within the process bound; a supplier's latency leaves out the wait for a slot; the
// search resumes as its last call ends; calls failing at once or overstaying the deadline.
#include "modules/query-engine/fan_out.hpp"
#include "modules/query-engine/query_test_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <functional>
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

// A connector for the fan-out's own behaviour: answers after `delay` (0: at once, without
// ever suspending), optionally queueing `busy` handlers on its executor just before it
// answers, and optionally ignoring cancellation (a connector that overstays its timeout).
class ProbeConnector final : public SearchOnlyConnector {
 public:
  std::chrono::milliseconds delay{0};
  int busy = 0;
  bool deaf = false;
  std::atomic<int> busy_ran{0}, finished{0};

  std::string_view Protocol() const override { return "probe"; }
  asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest&,
                                                         const supplier::CallOptions&) override {
    auto ex = co_await asio::this_coro::executor;
    if (delay.count() > 0) {
      const auto until = std::chrono::steady_clock::now() + delay;
      do {
        asio::steady_timer t(ex, until);
        co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      } while (deaf && std::chrono::steady_clock::now() < until);
    }
    for (int i = 0; i < busy; ++i) asio::post(ex, [this] { ++busy_ran; });
    ++finished;
    if (delay.count() == 0) co_return Error::Unavailable("breaker open");
    co_return supplier::SearchResult{};
  }
};

// Runs one fan-out of `calls` on a one-thread io_context until everything of it has ended;
// `then` runs in the search as soon as the fan-out hands it the outcomes.
std::vector<CallOutcome> RunFanOut(std::vector<SupplierCall> calls, std::chrono::milliseconds deadline,
                                   const std::function<void()>& then = [] {}) {
  auto bound = std::make_shared<AsyncSemaphore>(10);
  asio::io_context io(1);
  FanOutRequest r;
  r.calls = std::move(calls);
  r.deadline = std::chrono::steady_clock::now() + deadline;
  std::vector<CallOutcome> outcomes;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    outcomes = co_await FanOut(io.get_executor(), std::move(r), bound);
    then();
  }, asio::detached);
  io.run();
  EXPECT_EQ(bound->Waiting(), 0);
  return outcomes;
}

TEST(FanOutTest, TheSearchResumesWhenItsLastCallEndsNotAfterWorkQueuedMeanwhile) {
  // Under load the thread's queue is long: the search must go on as soon as its last call has
  // answered, not behind everything queued by then.
  auto probe = std::make_shared<ProbeConnector>();
  probe->delay = 10ms;
  probe->busy = 5;
  std::optional<int> queued_before_resume;
  auto outcomes = RunFanOut({{"AAA", probe, {"H1"}}, {"BBB", probe, {"H2"}}}, 5s,
                            [&] { queued_before_resume = probe->busy_ran.load(); });
  EXPECT_EQ(outcomes.size(), 2u);
  ASSERT_TRUE(queued_before_resume.has_value());
  EXPECT_EQ(probe->finished.load(), 2);
  EXPECT_LT(*queued_before_resume, 10) << "the search waited for the handlers queued as its last call ended";
  EXPECT_EQ(probe->busy_ran.load(), 10);
}

TEST(FanOutTest, CallsThatFailWithoutWaitingStillCompleteTheFanOut) {
  // A breaker open on every supplier: each call fails before the fan-out has even started.
  auto probe = std::make_shared<ProbeConnector>();
  std::vector<SupplierCall> calls;
  for (int i = 0; i < 3; ++i) calls.push_back({"AAA", probe, {"H" + std::to_string(i)}});
  auto outcomes = RunFanOut(std::move(calls), 5s);
  ASSERT_EQ(outcomes.size(), 3u);
  for (const auto& o : outcomes) {
    ASSERT_TRUE(o.finished && o.result.has_value());
    EXPECT_FALSE(*o.result);
  }
}

TEST(FanOutTest, AConnectorThatIgnoresItsTimeoutIsLeftBehindAtTheDeadline) {
  auto slow = std::make_shared<ProbeConnector>();
  slow->delay = 400ms;
  slow->deaf = true;
  auto quick = std::make_shared<ProbeConnector>();
  quick->delay = 5ms;
  std::chrono::steady_clock::duration took{};
  const auto started = std::chrono::steady_clock::now();
  // Returns once the deaf call has finished too: nothing is left dangling, no slot held.
  auto outcomes = RunFanOut({{"SLOW", slow, {"H1"}}, {"QUICK", quick, {"H2"}}}, 60ms,
                            [&] { took = std::chrono::steady_clock::now() - started; });
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_FALSE(outcomes[0].finished);
  EXPECT_TRUE(outcomes[1].finished);
  EXPECT_GE(took, 60ms);
  EXPECT_LT(took, 300ms) << "the search waited for a call past its deadline";
  EXPECT_EQ(slow->finished.load(), 1);
}

}  // namespace
}  // namespace hotel::query::testing

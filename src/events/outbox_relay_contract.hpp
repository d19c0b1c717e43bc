// The outbox relay's behaviour, one suite for both engines (outbox_relay_test.cpp runs it on a
// SQLite file, outbox_relay_pgtest.cpp on PostgreSQL): transactional append, ordered
// at-least-once delivery, retries, idempotent consumers, two relays sharing one outbox, lag.
#pragma once

#include "events/events.hpp"
#include "ports/database_test_fixture.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "storage/migrator.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace hotel::events::testing {

// Records what a subscriber saw; can be told to fail the next N deliveries of some event.
struct Recorder {
  std::mutex mutex;
  std::vector<Event> seen;
  std::map<std::string, int> fail_times;  // event id -> failures left

  EventHandler Handler() {
    return [this](const Event& e) -> Result<void> {
      std::lock_guard lock(mutex);
      if (auto it = fail_times.find(e.id); it != fail_times.end() && it->second > 0) {
        --it->second;
        return Error::Unavailable("the consumer is down");
      }
      seen.push_back(e);
      return Ok();
    };
  }
  std::vector<Event> Seen() {
    std::lock_guard lock(mutex);
    return seen;
  }
};

class OutboxRelayContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
  }
  void TearDown() override { ScratchDatabaseTest::TearDown(); }

  Event NewEvent(int n, std::string type = "order.confirmed") {
    return MakeEvent(std::move(type), "order", "ord_" + std::to_string(n), "tnt_1", {{"n", n}}, clock_);
  }
  std::vector<Event> Append(int count, std::string type = "order.confirmed") {
    std::vector<Event> events;
    for (int i = 0; i < count; ++i) events.push_back(NewEvent(i, type));
    auto r = db().Transaction([&](ports::SqlSession& s) { return AppendToOutbox(s, events); });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    return events;
  }
  std::unique_ptr<OutboxRelay> NewRelay(ports::Database& db, RelayOptions options = {}) {
    return std::make_unique<OutboxRelay>(db, pool_, bus_, clock_, log_, metrics_, options);
  }
  double GaugeValue(const std::string& name) {
    return metrics_.AddGauge(name, "").WithLabels({}).Value();
  }
  double CounterValue(const std::string& name) {
    return metrics_.AddCounter(name, "").WithLabels({}).Value();
  }

  ManualClock clock_{Instant(std::chrono::milliseconds(1'790'000'000'000))};
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::BlockingPool pool_{4};
  std::shared_ptr<EventBus> bus_ = MakeInProcessBus(metrics_, log_);
};

TEST_P(OutboxRelayContractTest, RolledBackAppendIsNeverRelayed) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (auto ok = AppendToOutbox(s, NewEvent(1)); !ok) return ok;
    return Error::Conflict("the order changed meanwhile");
  });
  ASSERT_FALSE(r);
  auto relay = NewRelay(db());
  auto n = relay->DrainOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 0);
  EXPECT_TRUE(rec.Seen().empty());
}

TEST_P(OutboxRelayContractTest, CommittedEventsAreRelayedInOrderExactlyOnce) {
  Recorder rec, orders_only;
  bus_->Subscribe("all", "", rec.Handler());
  bus_->Subscribe("orders", "order.", orders_only.Handler());
  auto events = Append(30);
  auto other = Append(1, "search.completed");
  RelayOptions options;
  options.batch_size = 7;  // several batches
  auto relay = NewRelay(db(), options);
  auto n = relay->DrainOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 31);
  auto seen = rec.Seen();
  ASSERT_EQ(seen.size(), 31u);
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(seen[i].id, events[i].id);
    EXPECT_EQ(seen[i].payload, events[i].payload);
    EXPECT_EQ(seen[i].occurred_at, events[i].occurred_at);
    EXPECT_EQ(seen[i].tenant_id, "tnt_1");
    if (i) EXPECT_LT(seen[i - 1].sequence, seen[i].sequence);
  }
  EXPECT_EQ(seen[30].id, other[0].id);
  EXPECT_EQ(orders_only.Seen().size(), 30u);
  // Marked published: a second drain delivers nothing again.
  n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  EXPECT_EQ(rec.Seen().size(), 31u);
  EXPECT_EQ(CounterValue("outbox_published_total"), 31);
  EXPECT_EQ(Count("outbox WHERE published_at IS NULL"), 0);
}

TEST_P(OutboxRelayContractTest, FailedHandlerGetsTheEventAgainAfterBackoffAndConsumeOnceKeepsTheEffectSingle) {
  // The consumer's effect: a counter row bumped in the same transaction as ConsumeOnce. It
  // fails after committing once (a lost acknowledgement), so the event comes back.
  Must("CREATE TABLE effects (event_id TEXT PRIMARY KEY, applied INTEGER NOT NULL)");
  int calls = 0;
  bool lose_ack = true;
  bus_->Subscribe("billing", "order.", [&](const Event& e) -> Result<void> {
    ++calls;
    auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto first = ConsumeOnce(s, "billing", e.id);
      if (!first) return first.error();
      if (!*first) return Ok();
      const ports::SqlValue p[] = {e.id};
      auto ins = s.Execute("INSERT INTO effects (event_id, applied) VALUES ($1, 1)", p);
      if (!ins) return ins.error();
      return Ok();
    });
    if (!r) return r;
    if (lose_ack && e.aggregate_id == "ord_1") {
      lose_ack = false;
      return Error::Timeout("acknowledgement lost");
    }
    return Ok();
  });
  auto events = Append(3);
  RelayOptions options;
  options.retry_backoff = std::chrono::seconds(5);
  auto relay = NewRelay(db(), options);

  auto n = relay->DrainOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 1);  // ord_0; ord_1 failed and ord_2 waits behind it
  EXPECT_EQ(CounterValue("outbox_publish_failures_total"), 1);
  EXPECT_EQ(Count("outbox WHERE attempts = 1"), 1);

  // Within the backoff nothing is retried.
  n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);

  clock_.Advance(std::chrono::seconds(6));
  n = relay->DrainOnce();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(calls, 4);  // ord_1 delivered twice
  EXPECT_EQ(Count("effects"), 3);  // but applied once
  EXPECT_EQ(Count("outbox WHERE published_at IS NULL"), 0);
}

TEST_P(OutboxRelayContractTest, LagGaugeIsPositiveWhilePendingAndZeroAfterDrain) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  rec.fail_times[Append(2)[0].id] = 1;
  clock_.Advance(std::chrono::seconds(3));
  auto relay = NewRelay(db());
  ASSERT_TRUE(relay->DrainOnce());  // fails on the first: both stay pending
  EXPECT_GE(GaugeValue("outbox_lag_seconds"), 3.0);
  EXPECT_EQ(GaugeValue("outbox_pending"), 2);
  clock_.Advance(std::chrono::seconds(2));
  auto n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(GaugeValue("outbox_lag_seconds"), 0);
  EXPECT_EQ(GaugeValue("outbox_pending"), 0);
}

TEST_P(OutboxRelayContractTest, PublishedRowsArePurgedAfterRetention) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  Append(5);
  RelayOptions options;
  options.retention = std::chrono::hours(1);
  auto relay = NewRelay(db(), options);
  ASSERT_TRUE(relay->DrainOnce());
  Append(2);  // pending rows are never purged
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(Count("outbox"), 7);
  auto n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(Count("outbox"), 2);  // the 5 old ones went; the 2 just published stay
}

// Two relays (two Database handles, as two processes) on one outbox, each with its own
// background loop: every event delivered, and with a lease longer than the test none twice.
TEST_P(OutboxRelayContractTest, TwoRelaysDeliverEveryEventOnceWithALongLease) {
  std::mutex mutex;
  std::map<std::string, int> deliveries;
  bus_->Subscribe("count", "", [&](const Event& e) -> Result<void> {
    std::lock_guard lock(mutex);
    ++deliveries[e.id];
    return Ok();
  });
  constexpr int kEvents = 1000;
  auto other_db = Open();
  ASSERT_NE(other_db, nullptr);
  RelayOptions options;
  options.batch_size = 50;
  options.poll_interval = std::chrono::milliseconds(5);
  options.lease = std::chrono::minutes(10);
  auto a = NewRelay(db(), options);
  auto b = NewRelay(*other_db, options);
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  a->Start(io.get_executor());
  b->Start(io.get_executor());
  // Appended while the relays run, in several transactions.
  std::set<std::string> ids;
  for (int t = 0; t < 10; ++t) {
    for (const auto& e : Append(kEvents / 10)) ids.insert(e.id);
    a->Nudge();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    {
      std::lock_guard lock(mutex);
      if (deliveries.size() >= ids.size()) break;
    }
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "not every event was delivered";
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  a->Stop();
  b->Stop();
  work.reset();  // the loops end after Stop: run() returns
  runner.join();
  std::lock_guard lock(mutex);
  EXPECT_EQ(deliveries.size(), static_cast<std::size_t>(kEvents));
  for (const auto& [id, times] : deliveries) {
    EXPECT_TRUE(ids.count(id));
    EXPECT_EQ(times, 1) << id;
  }
  EXPECT_EQ(CounterValue("outbox_published_total"), kEvents);
  EXPECT_EQ(Count("outbox WHERE published_at IS NULL"), 0);
}

// A relay that claimed a batch and died (never published): once its lease expires another
// relay publishes those rows; a duplicate is possible only in that case.
TEST_P(OutboxRelayContractTest, RowsOfADeadRelayArePublishedAfterItsLeaseExpires) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  Append(4);
  // The dead relay's claim, as it would have written it.
  const ports::SqlValue p[] = {FormatIso8601(clock_.Now() + std::chrono::seconds(30))};
  Must("UPDATE outbox SET claimed_by = 'rly_dead', claimed_until = $1", {p[0]});
  auto relay = NewRelay(db());
  auto n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 0);
  clock_.Advance(std::chrono::seconds(31));
  n = relay->DrainOnce();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 4);
  EXPECT_EQ(rec.Seen().size(), 4u);
}

// Issue 13: a relay with an owner takes a batch over as soon as the relay that claimed it is
// known gone (its process instance silent or stopped), without waiting for the lease; a live
// owner's batch stays its own.
TEST_P(OutboxRelayContractTest, RowsOfAGoneProcessArePublishedAtOnce) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  Append(4);
  const auto ms = [](Instant t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); };
  Must("INSERT INTO process_instances (id, host, pid, started_at, heartbeat_at) VALUES ('ins_other', 'h', 1, 0, $1)",
       {ms(clock_.Now())});
  const ports::SqlValue until = FormatIso8601(clock_.Now() + std::chrono::minutes(5));
  Must("UPDATE outbox SET claimed_by = 'ins_other', claimed_until = $1", {until});
  RelayOptions options;
  options.owner = {"ins_me", std::chrono::seconds(10)};
  auto relay = NewRelay(db(), options);
  EXPECT_EQ(*relay->DrainOnce(), 0) << "its claimer is alive";
  clock_.Advance(std::chrono::seconds(11));
  EXPECT_EQ(*relay->DrainOnce(), 4) << "its claimer went silent: gone, its lease notwithstanding";
  EXPECT_EQ(rec.Seen().size(), 4u);
}

TEST_P(OutboxRelayContractTest, NudgeWakesAnIdleRelayBeforeItsPollInterval) {
  Recorder rec;
  bus_->Subscribe("test", "", rec.Handler());
  RelayOptions options;
  options.poll_interval = std::chrono::hours(1);
  auto relay = NewRelay(db(), options);
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  relay->Start(io.get_executor());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the first (empty) pass
  Append(3);
  relay->Nudge();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (rec.Seen().size() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  relay->Stop();
  work.reset();  // the loops end after Stop: run() returns
  runner.join();
  EXPECT_EQ(rec.Seen().size(), 3u);
}

}  // namespace hotel::events::testing

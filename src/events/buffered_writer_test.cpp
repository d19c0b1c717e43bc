// The buffered writer: flushes at max_batch and on its timer, drops and counts past
// max_queued, keeps events queued when the database fails, flushes on Stop.
#include "events/events.hpp"

#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "storage/migrator.hpp"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace hotel::events {
namespace {

using namespace std::chrono_literals;

class BufferedWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = scratch_.url()});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up());
  }
  void TearDown() override { StopIo(); }

  std::unique_ptr<BufferedEventWriter> NewWriter(BufferedEventWriter::Options options) {
    return std::make_unique<BufferedEventWriter>(*db_, pool_, clock_, log_, metrics_, options);
  }
  void StartIo() {
    runner_ = std::thread([this] { io_.run(); });
  }
  void StopIo() {
    work_.reset();  // the loops end after Stop: run() returns
    if (runner_.joinable()) runner_.join();
  }
  Event NewEvent(int n, std::string type = "search.completed") {
    return MakeEvent(std::move(type), "search", "s" + std::to_string(n), "", {{"n", n}}, clock_);
  }
  std::int64_t Rows() {
    auto r = db_->Execute("SELECT COUNT(*) FROM outbox");
    return r ? r->rows.at(0).GetInt(0) : -1;
  }
  // Waits (bounded) until the outbox holds `n` rows.
  bool WaitForRows(std::int64_t n, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (Rows() >= n) return true;
      std::this_thread::sleep_for(5ms);
    }
    return Rows() >= n;
  }

  adapters::testing::SqliteFileScratch scratch_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::milliseconds(1'790'000'000'000))};
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::BlockingPool pool_{2};
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_{
      boost::asio::make_work_guard(io_)};
  std::thread runner_;
};

TEST_F(BufferedWriterTest, FlushesWhenABatchIsFullLongBeforeTheInterval) {
  auto writer = NewWriter({.flush_interval = std::chrono::hours(1), .max_batch = 50, .max_queued = 1000});
  writer->Start(io_.get_executor());
  StartIo();
  for (int i = 0; i < 49; ++i) writer->Add(NewEvent(i));
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(Rows(), 0);  // not a full batch yet, and the interval is an hour
  writer->Add(NewEvent(49));
  EXPECT_TRUE(WaitForRows(50, 10s));
  // Order of Add is the outbox's order.
  auto r = db_->Execute("SELECT aggregate_id FROM outbox ORDER BY sequence");
  ASSERT_TRUE(r);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(r->rows[i].GetString(0), "s" + std::to_string(i));
  writer->Stop();
}

TEST_F(BufferedWriterTest, FlushesOnTheTimer) {
  auto writer = NewWriter({.flush_interval = 50ms, .max_batch = 500, .max_queued = 1000});
  writer->Start(io_.get_executor());
  StartIo();
  for (int i = 0; i < 3; ++i) writer->Add(NewEvent(i));
  EXPECT_TRUE(WaitForRows(3, 10s));
  writer->Add(NewEvent(3));
  EXPECT_TRUE(WaitForRows(4, 10s));
  writer->Stop();
}

TEST_F(BufferedWriterTest, DropsAndCountsPastMaxQueued) {
  auto writer = NewWriter({.flush_interval = std::chrono::hours(1), .max_batch = 100, .max_queued = 5});
  for (int i = 0; i < 5; ++i) writer->Add(NewEvent(i));
  writer->Add(NewEvent(5, "supplier.call"));
  writer->Add(NewEvent(6, "supplier.call"));
  writer->Add(NewEvent(7, "search.completed"));
  auto& dropped = metrics_.AddCounter("events_dropped_total", "", {"type"});
  EXPECT_EQ(dropped.WithLabels({"supplier.call"}).Value(), 2);
  EXPECT_EQ(dropped.WithLabels({"search.completed"}).Value(), 1);
  auto n = writer->FlushNow();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 5);
  EXPECT_EQ(Rows(), 5);
  // Room again after the flush.
  writer->Add(NewEvent(8));
  n = writer->FlushNow();
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
}

TEST_F(BufferedWriterTest, KeepsEventsQueuedWhenTheDatabaseFails) {
  auto writer = NewWriter({.flush_interval = std::chrono::hours(1), .max_batch = 2, .max_queued = 100});
  for (int i = 0; i < 5; ++i) writer->Add(NewEvent(i));
  ASSERT_TRUE(db_->Execute("ALTER TABLE outbox RENAME TO outbox_away"));
  EXPECT_FALSE(writer->FlushNow());
  ASSERT_TRUE(db_->Execute("ALTER TABLE outbox_away RENAME TO outbox"));
  auto n = writer->FlushNow();
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*n, 5);
  auto r = db_->Execute("SELECT aggregate_id FROM outbox ORDER BY sequence");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->rows.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(r->rows[i].GetString(0), "s" + std::to_string(i));
}

TEST_F(BufferedWriterTest, StopFlushesWhatIsQueued) {
  auto writer = NewWriter({.flush_interval = std::chrono::hours(1), .max_batch = 100, .max_queued = 1000});
  writer->Start(io_.get_executor());
  StartIo();
  for (int i = 0; i < 7; ++i) writer->Add(NewEvent(i));
  writer->Stop();
  EXPECT_EQ(Rows(), 7);
}

}  // namespace
}  // namespace hotel::events

// The availability snapshot sync over SQLite and fake connectors: what a run stores and
// records (ok, partial, failed), bounded and rotating samples in batches of at most 100
// codes, and never two runs of one supplier at once.
#include "modules/supplier-adapter/availability_sync.hpp"
#include "modules/supplier-adapter/supplier_test_support.hpp"

#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>
#include <thread>

namespace hotel::supplier_adapter::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> Codes(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "H%04d", i);
    out.emplace_back(buf);
  }
  return out;
}

class SupplierSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenMigratedSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    service_ = std::make_unique<SupplierService>(*db_, *cipher_, clock_);
    RegistryOptions o;
    o.retry = {1, 1ms, 1ms};
    registry_ = std::make_unique<SupplierRegistry>(*db_, cipher_, fakes_.Factory(), o, [] { return Snapshot(false); },
                                                   clock_, metrics_, log_);
    ASSERT_TRUE(service_->Create(NewHbx("HBX")));
    ASSERT_TRUE(registry_->Reload());
    sync_ = MakeSync({});
  }

  std::shared_ptr<AvailabilitySync> MakeSync(SyncOptions options) {
    return std::make_shared<AvailabilitySync>(
        *registry_, *db_, pool_,
        [this](std::string_view code) {
          std::lock_guard lock(mutex_);
          return hotels_[std::string(code)];
        },
        options, clock_, metrics_, log_);
  }
  void SetHotels(const std::string& code, std::vector<std::string> hotels) {
    std::lock_guard lock(mutex_);
    hotels_[code] = std::move(hotels);
  }

  std::optional<SyncState> State(const std::string& code) {
    auto s = service_->repository().FindSyncState(code);
    EXPECT_TRUE(s);
    return s ? *s : std::nullopt;
  }
  std::vector<AvailabilityRow> Rows(const std::string& code) {
    auto rows = service_->repository().ListAvailability(code);
    EXPECT_TRUE(rows);
    return rows ? *rows : std::vector<AvailabilityRow>{};
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  std::shared_ptr<const CredentialsCipher> cipher_ = std::make_shared<const CredentialsCipher>(kTestSecret);
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};  // 2027-01-15T08:00Z
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::BlockingPool pool_{2};
  FakeConnectors fakes_;
  std::unique_ptr<SupplierService> service_;
  std::unique_ptr<SupplierRegistry> registry_;
  std::shared_ptr<AvailabilitySync> sync_;
  std::mutex mutex_;
  std::map<std::string, std::vector<std::string>> hotels_;
};

TEST_F(SupplierSyncTest, RunStoresTheCheapestNetPerHotelAndDateAndRecordsOk) {
  SetHotels("HBX", {"H2", "H1", "H3", "H1"});
  fakes_.State("HBX")->unavailable_hotels = {"H3"};
  auto report = Await(sync_->RunNow("HBX"));
  ASSERT_TRUE(report) << report.error().detail;
  EXPECT_EQ(report->outcome, SyncOutcome::kOk);
  EXPECT_EQ(report->hotels_synced, 3);
  EXPECT_EQ(report->batches_ok, 3) << "one batch per check-in date";

  auto rows = Rows("HBX");
  ASSERT_EQ(rows.size(), 9u);
  std::set<std::string> dates;
  for (const auto& r : rows) dates.insert(FormatDate(r.check_in));
  EXPECT_EQ(dates, (std::set<std::string>{"2027-01-16", "2027-01-22", "2027-02-14"})) << "tomorrow, +7, +30";
  // Sorted codes H1, H2, H3: the fake's cheapest is 10000 + 100 × position, among three rates.
  EXPECT_EQ(rows[0].hotel_code, "H1");
  EXPECT_EQ(rows[0].min_net_minor, 10000);
  EXPECT_EQ(rows[0].currency, "EUR");
  EXPECT_EQ(rows[0].rate_count, 3);
  EXPECT_EQ(rows[0].nights, 1);
  EXPECT_EQ(rows[3].hotel_code, "H2");
  EXPECT_EQ(rows[3].min_net_minor, 10100);
  EXPECT_EQ(rows[6].hotel_code, "H3");
  EXPECT_FALSE(rows[6].min_net_minor) << "no rate: stored as unavailable";
  EXPECT_EQ(rows[6].rate_count, 0);

  auto state = State("HBX");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->last_outcome, SyncOutcome::kOk);
  EXPECT_FALSE(state->last_error);
  EXPECT_FALSE(state->running_since);
  EXPECT_EQ(state->last_started_at, "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(state->last_finished_at, "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(state->hotels_synced, 3);

  auto fake = fakes_.State("HBX");
  std::lock_guard lock(fake->mutex);
  ASSERT_EQ(fake->searched.size(), 3u);
  EXPECT_EQ(fake->search_currencies.front(), "EUR");
  EXPECT_NE(metrics_.Render().find(R"(supplier_sync_runs_total{supplier="HBX",outcome="ok"} 1)"), std::string::npos);
}

TEST_F(SupplierSyncTest, SearchesHoldAtMostABatchOfCodesAndTwoAdultsForOneNight) {
  SetHotels("HBX", Codes(250));
  ASSERT_TRUE(Await(sync_->RunNow("HBX")));
  auto fake = fakes_.State("HBX");
  std::lock_guard lock(fake->mutex);
  std::vector<std::size_t> sizes;
  for (const auto& s : fake->searched) sizes.push_back(s.size());
  EXPECT_EQ(sizes, (std::vector<std::size_t>{100, 100, 50, 100, 100, 50, 100, 100, 50}));
}

TEST_F(SupplierSyncTest, TheSampleIsBoundedAndRotatesOverEveryHotel) {
  auto sync = MakeSync({.max_hotels = 30, .batch = 10, .check_in_days = {1}});
  SetHotels("HBX", Codes(50));
  auto fake = fakes_.State("HBX");
  std::set<std::string> first, second;
  ASSERT_TRUE(Await(sync->RunNow("HBX")));
  {
    std::lock_guard lock(fake->mutex);
    for (const auto& s : fake->searched) first.insert(s.begin(), s.end());
    fake->searched.clear();
  }
  ASSERT_TRUE(Await(sync->RunNow("HBX")));
  {
    std::lock_guard lock(fake->mutex);
    for (const auto& s : fake->searched) second.insert(s.begin(), s.end());
  }
  EXPECT_EQ(first.size(), 30u);
  EXPECT_EQ(second.size(), 30u);
  std::set<std::string> all = first;
  all.insert(second.begin(), second.end());
  EXPECT_EQ(all.size(), 50u) << "two runs cover every hotel";
  EXPECT_EQ(State("HBX")->hotels_synced, 30);
}

TEST_F(SupplierSyncTest, SomeFailedBatchesMakeAPartialRun) {
  SetHotels("HBX", {"H1", "H2"});
  fakes_.State("HBX")->Script(Operation::kSearch, {Fail(Errc::validation_failed)});
  auto report = Await(sync_->RunNow("HBX"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->outcome, SyncOutcome::kPartial);
  EXPECT_EQ(report->batches_failed, 1);
  auto state = State("HBX");
  EXPECT_EQ(state->last_outcome, SyncOutcome::kPartial);
  EXPECT_EQ(state->last_error, "validation_failed");
  EXPECT_EQ(state->hotels_synced, 2);
  EXPECT_EQ(Rows("HBX").size(), 4u) << "the two dates that answered";
}

TEST_F(SupplierSyncTest, EveryBatchFailingMakesAFailedRunWithTheErrorCode) {
  SetHotels("HBX", {"H1"});
  fakes_.State("HBX")->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                                   Fail(Errc::upstream_timeout)});
  auto report = Await(sync_->RunNow("HBX"));
  ASSERT_TRUE(report);
  EXPECT_EQ(report->outcome, SyncOutcome::kFailed);
  auto state = State("HBX");
  EXPECT_EQ(state->last_outcome, SyncOutcome::kFailed);
  EXPECT_EQ(state->last_error, "upstream_timeout");
  EXPECT_EQ(state->hotels_synced, 0);
  EXPECT_FALSE(state->running_since) << "the claim is given back";
  EXPECT_TRUE(Rows("HBX").empty());
}

TEST_F(SupplierSyncTest, NothingToSyncUnknownOrDisabledSuppliersDoNotStart) {
  auto none = Await(sync_->RunNow("HBX"));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Errc::conflict);
  EXPECT_NE(none.error().detail.find("import its content"), std::string::npos);
  EXPECT_FALSE(State("HBX")) << "no run recorded";

  auto unknown = Await(sync_->RunNow("NOPE"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);

  SetHotels("HBX", {"H1"});
  registry_->Apply(*service_->SetEnabled("HBX", false));
  auto disabled = Await(sync_->RunNow("HBX"));
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code, Errc::conflict);
  EXPECT_EQ(fakes_.State("HBX")->Calls(Operation::kSearch), 0);
}

TEST_F(SupplierSyncTest, NeverTwoRunsOfOneSupplierAtOnce) {
  SetHotels("HBX", {"H1"});
  fakes_.State("HBX")->Script(Operation::kSearch, {Hang(300ms)});
  boost::asio::io_context io;
  std::optional<Result<SyncReport>> first, second;
  boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> { first = co_await sync_->RunNow("HBX"); },
                        boost::asio::detached);
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        boost::asio::steady_timer t(io, 100ms);
        co_await t.async_wait(boost::asio::use_awaitable);
        second = co_await sync_->RunNow("HBX");
      },
      boost::asio::detached);
  io.run();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(*first) << first->error().detail;
  ASSERT_FALSE(*second);
  EXPECT_EQ(second->error().code, Errc::conflict);
  EXPECT_NE(second->error().detail.find("already running"), std::string::npos);
  EXPECT_EQ(fakes_.State("HBX")->Calls(Operation::kSearch), 3) << "only the first run searched";
  EXPECT_TRUE(Await(sync_->RunNow("HBX"))) << "free again once finished";
}

TEST_F(SupplierSyncTest, CheckInsInThePastAreForgotten) {
  SetHotels("HBX", {"H1"});
  ASSERT_TRUE(service_->repository().UpsertAvailability(
      {{"HBX", "H1", *ParseDate("2027-01-10"), 1, 5000, "EUR", 1, "2027-01-09T08:00:00.000Z"}}));
  ASSERT_TRUE(Await(sync_->RunNow("HBX")));
  for (const auto& r : Rows("HBX")) EXPECT_GT(r.check_in, *ParseDate("2027-01-15"));
}

TEST_F(SupplierSyncTest, ThePeriodicLoopSyncsEveryEnabledSupplier) {
  ASSERT_TRUE(service_->Create(NewHbx("RPD", "rapid-json")));
  auto off = NewHbx("OFF");
  off.enabled = false;
  ASSERT_TRUE(service_->Create(off));
  ASSERT_TRUE(registry_->Reload());
  for (const char* code : {"HBX", "RPD", "OFF"}) SetHotels(code, {"H1"});
  auto sync = MakeSync({.interval = 40ms});
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  sync->Start(io.get_executor());
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  auto done = [&](const std::string& code) {
    auto s = service_->repository().FindSyncState(code);
    return s && *s && (*s)->last_finished_at.has_value();
  };
  while ((!done("HBX") || !done("RPD")) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  sync->Stop();
  std::this_thread::sleep_for(100ms);
  work.reset();
  io.stop();
  runner.join();
  pool_.Join();  // a run the loop started last may still be in the pool: let it land first
  EXPECT_TRUE(done("HBX"));
  EXPECT_TRUE(done("RPD"));
  EXPECT_FALSE(done("OFF")) << "disabled suppliers are not synced";
}

}  // namespace
}  // namespace hotel::supplier_adapter::testing

// The adapter against the real protocol connectors and in-process simulators (port 0): search
// through the registry, a hanging supplier cut at its deadline, 5xx retried then the breaker
// open, a sync storing real availability, and a booking whose answer is lost found by
// the retrieve instead of booked twice, on every protocol.
#include "modules/supplier-adapter/availability_sync.hpp"
#include "modules/supplier-adapter/supplier_test_support.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <chrono>

namespace hotel::supplier_adapter::testing {
namespace {

using namespace std::chrono_literals;

class SupplierAdapterSimTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    db_ = OpenMigratedSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    sim::SimOptions o;
    o.protocol = GetParam();
    o.hotels = 300;
    o.hang_ms = 3000;
    o.late_confirm_ms = 0;
    sim_ = std::make_unique<sim::SimServer>(o);
    service_ = std::make_unique<SupplierService>(*db_, *cipher_, clock_);
    RegistryOptions ro;
    ro.retry = {3, 5ms, 20ms};
    registry_ = std::make_unique<SupplierRegistry>(*db_, cipher_, ProtocolConnectors(), ro, [] { return Snapshot(false); },
                                                   clock_, metrics_, log_);
    NewSupplier in;
    in.code = "SIM";
    in.name = "Simulator";
    in.protocol = GetParam();
    in.endpoint = sim_->url();
    in.currency = sim_->core().currency();
    in.api_key = "sim-api-key";
    in.secret = "sim-secret";
    in.timeouts.search_ms = 3000;
    in.timeouts.book_ms = 400;
    auto created = service_->Create(in);
    ASSERT_TRUE(created) << created.error().detail;
    ASSERT_TRUE(registry_->Reload());
    connector_ = registry_->Connector("SIM");
    ASSERT_NE(connector_, nullptr) << GetParam() << ": " << registry_->Status("SIM")->problem;
  }

  std::vector<std::string> HotelCodes(std::size_t n) {
    std::vector<std::string> out;
    for (const auto& h : sim_->core().Hotels()) {
      if (out.size() == n) break;
      out.push_back(h.code);
    }
    return out;
  }

  supplier::SearchRequest Search(std::size_t hotels = 20) {
    supplier::SearchRequest r;
    r.hotel_codes = HotelCodes(hotels);
    r.check_in = DateOf(std::chrono::system_clock::now()) + 30;
    r.check_out = r.check_in + 1;
    r.rooms = {supplier::RoomOccupancy{}};
    r.currency = sim_->core().currency();
    return r;
  }

  ConnectorHealth Health() { return registry_->Status("SIM")->connector->Health(); }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  std::shared_ptr<const CredentialsCipher> cipher_ = std::make_shared<const CredentialsCipher>(kTestSecret);
  SystemClock clock_;
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::BlockingPool pool_{2};
  std::unique_ptr<sim::SimServer> sim_;
  std::unique_ptr<SupplierService> service_;
  std::unique_ptr<SupplierRegistry> registry_;
  std::shared_ptr<supplier::SupplierConnector> connector_;
};

TEST_P(SupplierAdapterSimTest, SearchThroughTheRegistryReturnsRatesInTheCanonicalModel) {
  auto result = Await(connector_->Search(Search(), {}));
  ASSERT_TRUE(result) << CodeName(result.error().code) << ": " << result.error().detail;
  ASSERT_FALSE(result->hotels.empty());
  for (const auto& h : result->hotels) {
    ASSERT_FALSE(h.rates.empty()) << h.hotel_code;
    EXPECT_GT(h.rates.front().net.minor, 0);
    EXPECT_EQ(h.rates.front().net.currency, sim_->core().currency());
  }
  EXPECT_EQ(Health().operations[static_cast<std::size_t>(Operation::kSearch)].last_outcome, "ok");
}

TEST_P(SupplierAdapterSimTest, AHangingSupplierIsCutAtItsDeadline) {
  auto changed = service_->Update("SIM", SupplierPatch{.search_ms = 300});
  ASSERT_TRUE(changed);
  registry_->Apply(*changed);
  auto connector = registry_->Connector("SIM");
  supplier::CallOptions call;
  call.test_scenario = "timeout";
  const auto started = std::chrono::steady_clock::now();
  auto result = Await(connector->Search(Search(2), call));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::upstream_timeout) << result.error().detail;
  EXPECT_LT(took, 2500ms) << "three 300 ms attempts, not the simulator's 3 s hang each";
}

TEST_P(SupplierAdapterSimTest, ServerErrorsAreRetriedThenTheBreakerOpens) {
  supplier::CallOptions call;
  call.test_scenario = "server_error";
  auto first = Await(connector_->Search(Search(2), call));
  ASSERT_FALSE(first);
  EXPECT_EQ(first.error().code, Errc::upstream_unavailable);
  EXPECT_EQ(Health().operations[static_cast<std::size_t>(Operation::kSearch)].calls, 3u);
  (void)Await(connector_->Search(Search(2), call));  // 5 failures in a row: open
  EXPECT_EQ(Health().breaker, api_gateway::BreakerState::open);
  auto fast = Await(connector_->Search(Search(2), {}));
  ASSERT_FALSE(fast);
  EXPECT_NE(fast.error().detail.find("circuit open"), std::string::npos) << fast.error().detail;
}

TEST_P(SupplierAdapterSimTest, SyncStoresTheSimulatorsAvailability) {
  const auto codes = HotelCodes(20);
  auto sync = std::make_shared<AvailabilitySync>(
      *registry_, *db_, pool_, [&](std::string_view) { return codes; }, SyncOptions{}, clock_, metrics_, log_);
  auto report = Await(sync->RunNow("SIM"));
  ASSERT_TRUE(report) << report.error().detail;
  EXPECT_EQ(report->outcome, SyncOutcome::kOk) << (report->error ? CodeName(*report->error) : "");
  EXPECT_EQ(report->hotels_synced, 20);
  auto rows = service_->repository().ListAvailability("SIM");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->size(), 60u);
  int priced = 0;
  for (const auto& r : *rows) priced += r.min_net_minor.has_value();
  EXPECT_GT(priced, 0);
}

TEST_P(SupplierAdapterSimTest, ABookingWhoseAnswerIsLostIsFoundNotBookedTwice) {
  auto found = Await(connector_->Search(Search(), {}));
  ASSERT_TRUE(found && !found->hotels.empty());
  const auto& hotel = found->hotels.front();
  supplier::Rate rate = hotel.rates.front();
  const auto search = Search();
  if (rate.recheck_required) {
    auto quote = Await(connector_->Recheck(supplier::QuoteRequest{hotel.hotel_code, rate.rate_token, search.check_in,
                                                                   search.check_out, search.rooms, rate.net},
                                           {}));
    ASSERT_TRUE(quote) << quote.error().detail;
    rate = quote->rate;
  }
  supplier::BookRequest book;
  book.hotel_code = hotel.hotel_code;
  book.rate_token = rate.rate_token;
  book.client_reference = "ORD-LOST-1";
  book.check_in = search.check_in;
  book.check_out = search.check_out;
  book.rooms = search.rooms;
  book.guests = {{supplier::Guest{"Ada", "Lovelace"}, supplier::Guest{"Charles", "Babbage"}}};
  book.expected_net = rate.net;
  supplier::CallOptions call;
  call.test_scenario = "booking_timeout_confirmed";
  auto booked = Await(connector_->Book(book, call));
  ASSERT_TRUE(booked) << CodeName(booked.error().code) << ": " << booked.error().detail;
  EXPECT_EQ(booked->client_reference, "ORD-LOST-1");
  EXPECT_EQ(Health().operations[static_cast<std::size_t>(Operation::kBook)].calls, 1u) << "not booked again";
  auto again = sim_->core().Retrieve("", "ORD-LOST-1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->reference, booked->supplier_reference);
}

INSTANTIATE_TEST_SUITE_P(Protocols, SupplierAdapterSimTest, ::testing::Values("hbx-json", "ota-xml", "rapid-json"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace hotel::supplier_adapter::testing

// The hbx-json connector against the in-process hbx-json simulator (SimServer, port 0, a
// ManualClock): every operation, every transport and business fault, both per request (the
// scenario header) and per process (rates), and content paging over the whole view.
#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/hbx/hbx_wire.hpp"
#include "runtime/http_server.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>

namespace hotel::supplier {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

template <class T>
asio::awaitable<void> Store(asio::awaitable<T> call, std::optional<T>* out) {
  out->emplace(co_await std::move(call));
}

// A plain HTTP server for what the simulator cannot do (a 10 MB body, echoing headers).
class RawServer {
 public:
  explicit RawServer(runtime::Router router)
      : log_("raw", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})) {
    runtime::ServerOptions o;
    o.access_log = false;
    o.shutdown_grace = 200ms;
    server_ = std::make_unique<runtime::HttpServer>(o, std::move(router), std::vector<runtime::Middleware>{}, log_, metrics_);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~RawServer() {
    server_->Shutdown();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  runtime::Logger log_;
  runtime::MetricsRegistry metrics_;
  std::unique_ptr<runtime::HttpServer> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

class HbxConnectorTest : public ::testing::Test {
 protected:
  // Every test's simulator: small, fast to give up on hangs, confirmations in ManualClock time.
  void Start(sim::SimOptions o = {}, std::string api_key = {}, std::string secret = {}) {
    o.protocol = "hbx-json";
    o.hotels = 300;
    o.hang_ms = 1000;
    o.late_confirm_ms = 2000;
    o.on_request_ms = 3000;
    server_ = std::make_unique<sim::SimServer>(o, &clock_);
    connector_ = Connect(api_key.empty() ? o.api_key : api_key, secret.empty() ? o.secret : secret);
  }
  std::unique_ptr<SupplierConnector> Connect(std::string api_key, std::string secret, std::string endpoint = {}) {
    ConnectorConfig config{"HBX", endpoint.empty() ? server_->url() : endpoint, std::move(api_key), std::move(secret), "EUR"};
    return MakeHbxConnector(std::move(config), http_);
  }

  template <class T>
  T Run(asio::awaitable<T> call) {
    std::optional<T> out;
    asio::co_spawn(io_, Store(std::move(call), &out), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io_.restart();
    io_.run();
    return std::move(*out);
  }

  static CallOptions Opts(std::string scenario = {}, std::chrono::milliseconds timeout = 5000ms) {
    CallOptions c;
    c.timeout = timeout;
    c.test_scenario = std::move(scenario);
    return c;
  }

  SearchRequest Search(std::size_t hotels = 40) {
    SearchRequest s;
    for (const auto& h : server_->core().Hotels()) {
      if (s.hotel_codes.size() < hotels) s.hotel_codes.push_back(h.code);
    }
    s.check_in = DateOf(clock_.Now()) + 30;
    s.check_out = s.check_in + 2;
    s.rooms = {{2, {8}}};
    return s;
  }

  struct Picked {
    std::string hotel;
    Rate rate;
  };
  // A rate of the search; `refundable` picks the class.
  Picked Pick(bool refundable = true) {
    auto result = Run(connector_->Search(Search(), Opts()));
    EXPECT_TRUE(result) << result.error().detail;
    for (const auto& h : result->hotels) {
      for (const auto& r : h.rates) {
        if (r.refundable == refundable) return {h.hotel_code, r};
      }
    }
    ADD_FAILURE() << "no rate";
    return {};
  }

  BookRequest BookingFor(const Picked& p, std::string client_reference) {
    BookRequest b;
    b.hotel_code = p.hotel;
    b.rate_token = p.rate.rate_token;
    b.client_reference = std::move(client_reference);
    auto s = Search();
    b.check_in = s.check_in;
    b.check_out = s.check_out;
    b.rooms = s.rooms;
    b.guests = {{{"Ada", "Lovelace"}, {"Tom", "Lovelace", true, 8}}};
    b.expected_net = p.rate.net;
    return b;
  }

  ManualClock clock_{Instant(std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch()))};
  asio::io_context io_;
  std::shared_ptr<runtime::HttpClient> http_ =
      std::make_shared<runtime::HttpClient>(io_.get_executor(), runtime::HttpClientOptions{.pool_size_per_host = 4});
  std::unique_ptr<sim::SimServer> server_;
  std::unique_ptr<SupplierConnector> connector_;
};

TEST_F(HbxConnectorTest, SearchReturnsTheSimulatorsRatesInTheCanonicalModel) {
  Start();
  EXPECT_EQ(connector_->Protocol(), "hbx-json");
  const auto request = Search();
  auto result = Run(connector_->Search(request, Opts()));
  ASSERT_TRUE(result) << result.error().detail;
  ASSERT_FALSE(result->hotels.empty());
  std::size_t rates = 0, floors = 0, rechecks = 0;
  for (const auto& h : result->hotels) {
    // Exactly what SimCore prices for the same stay (same clock: same tokens).
    auto want = server_->core().Availability(h.hotel_code, request.check_in, request.check_out, {{2, {8}}});
    ASSERT_TRUE(want);
    ASSERT_EQ(h.rates.size(), want->size()) << h.hotel_code;
    for (std::size_t i = 0; i < h.rates.size(); ++i) {
      const auto& r = h.rates[i];
      const auto& w = (*want)[i];
      ++rates;
      EXPECT_EQ(r.rate_token, w.token);
      EXPECT_EQ(r.room_code, w.key.room_code);
      EXPECT_EQ(r.room_name, w.room_name);
      EXPECT_EQ(BoardCode(r.board), w.key.board);
      EXPECT_EQ(r.net, (Money{w.net, "EUR"}));
      EXPECT_EQ(r.refundable, w.key.rate_class == sim::RateClass::kRefundable);
      EXPECT_EQ(r.rooms_left, w.rooms_left);
      EXPECT_EQ(r.recheck_required, w.recheck);
      EXPECT_EQ(r.selling_floor.has_value(), w.selling_mandatory);
      if (r.selling_floor) EXPECT_EQ(r.selling_floor->minor, w.selling);
      floors += r.selling_floor ? 1 : 0;
      rechecks += r.recheck_required ? 1 : 0;
      ASSERT_EQ(r.cancellation.size(), w.cancellation.size());
      for (std::size_t k = 0; k < r.cancellation.size(); ++k) {
        // Deadlines travel in hotel-local time with the offset and come back as the same instant.
        EXPECT_EQ(r.cancellation[k].from, w.cancellation[k].from);
        EXPECT_EQ(r.cancellation[k].penalty, (Money{w.cancellation[k].amount, "EUR"}));
      }
    }
  }
  EXPECT_GT(rates, 20u);
  EXPECT_GT(floors, 0u);
  EXPECT_GT(rechecks, 0u);
}

TEST_F(HbxConnectorTest, RecheckKeepsThePriceOrReportsTheChange) {
  Start();
  const auto picked = Pick();
  QuoteRequest q{picked.hotel, picked.rate.rate_token, {}, {}, {{2, {8}}}, picked.rate.net};
  auto same = Run(connector_->Recheck(q, Opts()));
  ASSERT_TRUE(same) << same.error().detail;
  EXPECT_EQ(same->status, QuoteStatus::kAvailable);
  EXPECT_EQ(same->rate.net, picked.rate.net);
  EXPECT_FALSE(same->rate.rate_token.empty());
  EXPECT_FALSE(same->rate.recheck_required);

  auto changed = Run(connector_->Recheck(q, Opts("price_changed")));
  ASSERT_TRUE(changed) << changed.error().detail;
  EXPECT_EQ(changed->status, QuoteStatus::kPriceChanged);
  EXPECT_GE(changed->rate.net.minor, picked.rate.net.minor * 105 / 100);
  EXPECT_LE(changed->rate.net.minor, picked.rate.net.minor * 116 / 100);
  EXPECT_NE(changed->rate.rate_token, picked.rate.rate_token);

  auto sold_out = Run(connector_->Recheck(q, Opts("sold_out")));
  ASSERT_TRUE(sold_out) << sold_out.error().detail;
  EXPECT_EQ(sold_out->status, QuoteStatus::kSoldOut);
  EXPECT_TRUE(sold_out->rate.rate_token.empty());
}

TEST_F(HbxConnectorTest, PriceChangeRateChangesEveryRecheck) {
  Start({.price_change_rate = 1});
  const auto picked = Pick();
  QuoteRequest q{picked.hotel, picked.rate.rate_token, {}, {}, {{2, {8}}}, picked.rate.net};
  auto quote = Run(connector_->Recheck(q, Opts()));
  ASSERT_TRUE(quote) << quote.error().detail;
  EXPECT_EQ(quote->status, QuoteStatus::kPriceChanged);
  EXPECT_GT(quote->rate.net.minor, picked.rate.net.minor);
}

TEST_F(HbxConnectorTest, BookRetrieveQuoteCancelAndCancel) {
  Start();
  const auto picked = Pick();
  auto booked = Run(connector_->Book(BookingFor(picked, "ord-flow-1"), Opts()));
  ASSERT_TRUE(booked) << booked.error().detail;
  EXPECT_EQ(booked->status, BookingStatus::kConfirmed);
  EXPECT_EQ(booked->client_reference, "ord-flow-1");
  EXPECT_EQ(booked->hotel_code, picked.hotel);
  EXPECT_EQ(booked->net, picked.rate.net);
  EXPECT_EQ(booked->check_in, Search().check_in);
  EXPECT_EQ(booked->cancellation, picked.rate.cancellation);
  ASSERT_FALSE(booked->supplier_reference.empty());

  auto by_reference = Run(connector_->Retrieve({"ord-flow-1", booked->supplier_reference, {}, {}}, Opts()));
  ASSERT_TRUE(by_reference) << by_reference.error().detail;
  EXPECT_EQ(by_reference->supplier_reference, booked->supplier_reference);
  auto by_client = Run(connector_->Retrieve({"ord-flow-1", {}, {}, {}}, Opts()));
  ASSERT_TRUE(by_client) << by_client.error().detail;
  EXPECT_EQ(by_client->supplier_reference, booked->supplier_reference);

  // Thirty days before arrival a refundable rate cancels for free; after its first deadline
  // it costs that point's penalty.
  auto free = Run(connector_->QuoteCancel({booked->supplier_reference, "ord-flow-1"}, Opts()));
  ASSERT_TRUE(free) << free.error().detail;
  EXPECT_EQ(*free, (Money{0, "EUR"}));
  clock_.Set(picked.rate.cancellation.front().from + 1min);
  auto penalty = Run(connector_->QuoteCancel({{}, "ord-flow-1"}, Opts()));  // found by client reference
  ASSERT_TRUE(penalty) << penalty.error().detail;
  EXPECT_EQ(*penalty, picked.rate.cancellation.front().penalty);

  auto cancelled = Run(connector_->Cancel({booked->supplier_reference, "ord-flow-1"}, Opts()));
  ASSERT_TRUE(cancelled) << cancelled.error().detail;
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
  EXPECT_EQ(cancelled->cancellation_penalty, *penalty);
  EXPECT_EQ(cancelled->net, picked.rate.net);
  auto again = Run(connector_->Cancel({booked->supplier_reference, "ord-flow-1"}, Opts()));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  auto after = Run(connector_->Retrieve({"ord-flow-1", booked->supplier_reference, {}, {}}, Opts()));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, BookingStatus::kCancelled);
  EXPECT_EQ(after->cancellation_penalty, *penalty);
}

TEST_F(HbxConnectorTest, NonRefundableCancellationCostsEverything) {
  Start();
  const auto picked = Pick(false);
  auto booked = Run(connector_->Book(BookingFor(picked, "ord-nrf-1"), Opts()));
  ASSERT_TRUE(booked) << booked.error().detail;
  clock_.Advance(1s);
  auto cost = Run(connector_->QuoteCancel({booked->supplier_reference, "ord-nrf-1"}, Opts()));
  ASSERT_TRUE(cost) << cost.error().detail;
  EXPECT_EQ(*cost, picked.rate.net);
}

TEST_F(HbxConnectorTest, UnknownBookingsAreNotFound) {
  Start();
  auto by_reference = Run(connector_->Retrieve({"ord-none", "HBX-999999", {}, {}}, Opts()));
  ASSERT_FALSE(by_reference);
  EXPECT_EQ(by_reference.error().code, Errc::not_found);
  auto by_client = Run(connector_->Retrieve({"ord-none", {}, {}, {}}, Opts()));
  ASSERT_FALSE(by_client);
  EXPECT_EQ(by_client.error().code, Errc::not_found);
  auto cancel = Run(connector_->Cancel({"HBX-999999", "ord-none"}, Opts()));
  ASSERT_FALSE(cancel);
  EXPECT_EQ(cancel.error().code, Errc::not_found);
}

TEST_F(HbxConnectorTest, SoldOutAtBookingByHeaderAndByRate) {
  Start();
  auto picked = Pick();
  auto by_header = Run(connector_->Book(BookingFor(picked, "ord-so-1"), Opts("sold_out")));
  ASSERT_FALSE(by_header);
  EXPECT_EQ(by_header.error().code, Errc::sold_out);

  Start({.sold_out_rate = 1});
  picked = Pick();
  auto by_rate = Run(connector_->Book(BookingFor(picked, "ord-so-2"), Opts()));
  ASSERT_FALSE(by_rate);
  EXPECT_EQ(by_rate.error().code, Errc::sold_out);
}

TEST_F(HbxConnectorTest, ABookingThatTimesOutIsFoundByClientReferenceOnceConfirmed) {
  Start();
  const auto picked = Pick();
  const auto started = SteadyClock::now();
  auto booked = Run(connector_->Book(BookingFor(picked, "ord-late-1"), Opts("booking_timeout_confirmed", 300ms)));
  ASSERT_FALSE(booked);
  EXPECT_EQ(booked.error().code, Errc::upstream_timeout) << booked.error().detail;
  EXPECT_LT(SteadyClock::now() - started, 1000ms);
  auto early = Run(connector_->Retrieve({"ord-late-1", {}, {}, {}}, Opts()));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, Errc::not_found);
  clock_.Advance(2500ms);  // past late_confirm_ms
  auto late = Run(connector_->Retrieve({"ord-late-1", {}, {}, {}}, Opts()));
  ASSERT_TRUE(late) << late.error().detail;
  EXPECT_EQ(late->status, BookingStatus::kConfirmed);
  EXPECT_EQ(late->client_reference, "ord-late-1");
  EXPECT_EQ(late->net, picked.rate.net);
}

TEST_F(HbxConnectorTest, ABookingAnswered500IsBookedAnyway) {
  Start();
  const auto picked = Pick();
  auto booked = Run(connector_->Book(BookingFor(picked, "ord-500-1"), Opts("booking_error_confirmed")));
  ASSERT_FALSE(booked);
  EXPECT_EQ(booked.error().code, Errc::upstream_unavailable);
  auto found = Run(connector_->Retrieve({"ord-500-1", {}, {}, {}}, Opts()));
  ASSERT_TRUE(found) << found.error().detail;
  EXPECT_EQ(found->status, BookingStatus::kConfirmed);
  // Repeating the failed booking as it was is refused (APItude's 410), not booked twice.
  auto repeated = Run(connector_->Book(BookingFor(picked, "ord-500-1"), Opts()));
  ASSERT_FALSE(repeated);
  EXPECT_EQ(repeated.error().code, Errc::gone) << repeated.error().detail;
}

TEST_F(HbxConnectorTest, OnRequestAndUnknownBookingsConfirmLater) {
  Start();
  const auto picked = Pick();
  auto on_request = Run(connector_->Book(BookingFor(picked, "ord-onreq-1"), Opts("on_request")));
  ASSERT_TRUE(on_request) << on_request.error().detail;
  EXPECT_EQ(on_request->status, BookingStatus::kOnRequest);
  const auto second = Pick();
  auto unknown = Run(connector_->Book(BookingFor(second, "ord-unk-1"), Opts("unknown")));
  ASSERT_TRUE(unknown) << unknown.error().detail;
  EXPECT_EQ(unknown->status, BookingStatus::kUnknown);
  auto still = Run(connector_->Retrieve({"ord-onreq-1", on_request->supplier_reference, {}, {}}, Opts()));
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, BookingStatus::kOnRequest);
  clock_.Advance(3500ms);  // past on_request_ms
  for (const auto* b : {&*on_request, &*unknown}) {
    auto now = Run(connector_->Retrieve({b->client_reference, b->supplier_reference, {}, {}}, Opts()));
    ASSERT_TRUE(now) << now.error().detail;
    EXPECT_EQ(now->status, BookingStatus::kConfirmed) << b->client_reference;
  }
}

TEST_F(HbxConnectorTest, ADuplicateClientReferenceIsAConflict) {
  Start();
  const auto picked = Pick();
  auto first = Run(connector_->Book(BookingFor(picked, "ord-dup-1"), Opts()));
  ASSERT_TRUE(first) << first.error().detail;
  auto second = Run(connector_->Book(BookingFor(picked, "ord-dup-1"), Opts()));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, Errc::conflict) << second.error().detail;
}

TEST_F(HbxConnectorTest, AnExpiredRateKeyIsInvalidData) {
  Start();
  const auto picked = Pick();
  clock_.Advance(31min);
  QuoteRequest q{picked.hotel, picked.rate.rate_token, {}, {}, {{2, {8}}}, picked.rate.net};
  auto quote = Run(connector_->Recheck(q, Opts()));
  ASSERT_FALSE(quote);
  EXPECT_EQ(quote.error().code, Errc::validation_failed) << quote.error().detail;
  auto booked = Run(connector_->Book(BookingFor(picked, "ord-exp-1"), Opts()));
  ASSERT_FALSE(booked);
  EXPECT_EQ(booked.error().code, Errc::validation_failed) << booked.error().detail;
}

TEST_F(HbxConnectorTest, CredentialsAreSentAndWrongOnesRefused) {
  Start({.api_key = "key-1", .secret = "secret-1"});
  auto ok = Run(connector_->Content({{}, 10}, Opts()));
  ASSERT_TRUE(ok) << ok.error().detail;
  for (auto [key, secret] : {std::pair{"key-2", "secret-1"}, std::pair{"key-1", "secret-2"}}) {
    auto wrong = Connect(key, secret);
    auto refused = Run(wrong->Content({{}, 10}, Opts()));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, Errc::upstream_unavailable);
    EXPECT_NE(refused.error().detail.find("credentials"), std::string::npos) << refused.error().detail;
    EXPECT_EQ(refused.error().detail.find(secret), std::string::npos);
  }
}

TEST_F(HbxConnectorTest, TransportFaultsByScenarioHeader) {
  Start();
  const ContentRequest page{{}, 20};
  const auto started = SteadyClock::now();
  auto timeout = Run(connector_->Content(page, Opts("timeout", 300ms)));
  ASSERT_FALSE(timeout);
  EXPECT_EQ(timeout.error().code, Errc::upstream_timeout);
  EXPECT_LT(SteadyClock::now() - started, 1000ms);
  auto server_error = Run(connector_->Content(page, Opts("server_error")));
  ASSERT_FALSE(server_error);
  EXPECT_EQ(server_error.error().code, Errc::upstream_unavailable);
  auto throttled = Run(connector_->Content(page, Opts("throttled")));
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, Errc::rate_limited) << throttled.error().detail;
  // The simulator malforms in several ways (cut in half, HTML, wrong types): each is caught.
  for (int i = 0; i < 8; ++i) {
    auto malformed = Run(connector_->Content(page, Opts("malformed")));
    ASSERT_FALSE(malformed) << i;
    EXPECT_EQ(malformed.error().code, Errc::upstream_unavailable);
    EXPECT_LE(malformed.error().detail.size(), kMaxExcerpt + 300) << malformed.error().detail;
  }
  auto search = Run(connector_->Search(Search(), Opts("malformed")));
  ASSERT_FALSE(search);
  EXPECT_EQ(search.error().code, Errc::upstream_unavailable);
  EXPECT_TRUE(Run(connector_->Content(page, Opts())));  // healthy again without the header
}

TEST_F(HbxConnectorTest, TransportFaultsByProcessRates) {
  const ContentRequest page{{}, 20};
  Start({.error_rate = 1});
  EXPECT_EQ(Run(connector_->Content(page, Opts())).error().code, Errc::upstream_unavailable);
  Start({.throttle_rate = 1});
  EXPECT_EQ(Run(connector_->Content(page, Opts())).error().code, Errc::rate_limited);
  Start({.timeout_rate = 1});
  EXPECT_EQ(Run(connector_->Content(page, Opts({}, 300ms))).error().code, Errc::upstream_timeout);
  Start({.malformed_rate = 1});
  for (int i = 0; i < 4; ++i) {
    auto malformed = Run(connector_->Search(Search(), Opts()));
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().code, Errc::upstream_unavailable);
  }
}

TEST_F(HbxConnectorTest, LatencyIsAddedAndAShortDeadlineTimesOut) {
  Start({.latency_ms = 200});
  const auto started = SteadyClock::now();
  auto slow = Run(connector_->Content({{}, 5}, Opts()));
  ASSERT_TRUE(slow) << slow.error().detail;
  EXPECT_GE(SteadyClock::now() - started, 200ms);
  auto late = Run(connector_->Content({{}, 5}, Opts({}, 100ms)));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::upstream_timeout);
}

TEST_F(HbxConnectorTest, ContentPagingReturnsEveryHotelExactlyOnce) {
  Start();
  const auto& view = server_->core().Hotels();
  std::map<std::string, ContentHotel> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = Run(connector_->Content({cursor, 70}, Opts()));
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->total, static_cast<std::int64_t>(view.size()));
    for (auto& h : page->hotels) EXPECT_TRUE(seen.emplace(h.code, h).second) << "twice: " << h.code;
    cursor = page->next_cursor;
    ASSERT_LT(++pages, 100);
  } while (!cursor.empty());
  EXPECT_EQ(pages, static_cast<int>((view.size() + 69) / 70));
  ASSERT_EQ(seen.size(), view.size());
  for (const auto& want : view) {
    const auto& got = seen.at(want.code);
    EXPECT_EQ(got.name, want.name);
    EXPECT_DOUBLE_EQ(got.lat, want.lat);
    EXPECT_DOUBLE_EQ(got.lon, want.lon);
    EXPECT_EQ(got.city, want.city);
    EXPECT_EQ(got.country, want.country);
    EXPECT_EQ(got.address, want.address);
    EXPECT_EQ(got.postcode, want.postcode);
    EXPECT_EQ(got.phone, want.phone);
    EXPECT_EQ(got.chain, want.chain);
    EXPECT_EQ(got.stars, want.stars);
  }
}

TEST_F(HbxConnectorTest, HoldsAndBadCursorsAreRefusedWithoutACall) {
  Start();
  auto picked = Pick();
  auto request = BookingFor(picked, "ord-hold-1");
  request.hold_only = true;
  EXPECT_EQ(Run(connector_->Book(request, Opts())).error().code, Errc::validation_failed);
  EXPECT_EQ(Run(connector_->Commit(Booking{}, Opts())).error().code, Errc::validation_failed);
  EXPECT_EQ(Run(connector_->Content({"not-a-cursor", 10}, Opts())).error().code, Errc::validation_failed);
}

TEST_F(HbxConnectorTest, AConnectionRefusedIsUnavailable) {
  Start();
  const auto url = server_->url();
  server_.reset();
  auto gone = Connect("k", {}, url);
  auto result = Run(gone->Content({{}, 10}, Opts()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::upstream_unavailable);
}

// Headers as the supplier sees them, and a 10 MB answer.
TEST(HbxConnectorWire, SendsCredentialsScenarioTraceAndRefusesATenMegabyteBody) {
  std::mutex mutex;
  std::map<std::string, std::string> seen;
  runtime::Router router;
  router.Get("/hotel-content-api/1.0/hotels", runtime::Sync([&](runtime::Request& req) {
               std::lock_guard lock(mutex);
               for (auto name : {"Api-key", "X-Signature", "X-Sim-Scenario", "traceparent", "Accept"}) {
                 seen[name] = std::string(req.Header(name));
               }
               return runtime::Response::Json(200, std::string(10 * 1024 * 1024, ' '));
             }));
  RawServer raw(std::move(router));
  asio::io_context io;
  auto run = [&](SupplierConnector& c, const CallOptions& call) {
    std::optional<Result<ContentPage>> out;
    asio::co_spawn(io, Store(c.Content({{}, 10}, call), &out), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.restart();
    io.run();
    return std::move(*out);
  };
  const auto trace = runtime::TraceContext::NewRoot();
  CallOptions call;
  call.trace = &trace;
  call.test_scenario = "price_changed";
  // A client that reads whole bodies: the connector still refuses to parse 10 MB.
  auto roomy = MakeHbxConnector({"HBX", raw.url(), "key", "secret", "EUR"},
                                std::make_shared<runtime::HttpClient>(io.get_executor()));
  auto result = run(*roomy, call);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::upstream_unavailable);
  EXPECT_LT(result.error().detail.size(), kMaxExcerpt + 300);
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(seen["Api-key"], "key");
    const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_TRUE(seen["X-Signature"] == hbx::Signature("key", "secret", now_s) ||
                seen["X-Signature"] == hbx::Signature("key", "secret", now_s - 1));
    EXPECT_EQ(seen["X-Sim-Scenario"], "price_changed");
    EXPECT_EQ(seen["traceparent"].substr(3, 32), trace.TraceId());
    EXPECT_EQ(seen["Accept"], "application/json");
  }
  // The client the supplier-adapter should build: the body is not even read.
  auto capped = MakeHbxConnector(
      {"HBX", raw.url(), "key", {}, "EUR"},
      std::make_shared<runtime::HttpClient>(io.get_executor(), runtime::HttpClientOptions{.max_response_bytes = hbx::kMaxBodyBytes}));
  auto refused = run(*capped, CallOptions{});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::upstream_unavailable);
  EXPECT_NE(refused.error().detail.find("larger than"), std::string::npos) << refused.error().detail;
}

}  // namespace
}  // namespace hotel::supplier

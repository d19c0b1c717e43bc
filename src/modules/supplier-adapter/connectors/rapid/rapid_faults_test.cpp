// The rapid connector against transport faults of the rapid-json simulator, by `Test` header
// and by per-process rate: timeouts, 5xx, throttling (and a real per-minute quota), malformed
// and oversized bodies, latency, wrong credentials, nobody listening; each mapped to the port's
// error code with a bounded detail.
#include "modules/supplier-adapter/connectors/rapid/rapid_connector_fixture.hpp"
#include "runtime/http_server.hpp"

#include <thread>

namespace hotel::supplier::rapid_test {
namespace {

using namespace std::chrono_literals;

TEST_F(RapidConnectorTest, WrongCredentialsAreRefused) {
  auto o = Options();
  o.secret = "rapid-secret";
  Start(o);
  ASSERT_FALSE(FirstOffers().rates.empty());  // the right key and signature work
  for (auto [key, secret] : {std::pair{"wrong-key", "rapid-secret"}, {"rapid-key", "wrong-secret"}, {"", ""}}) {
    auto c = Connect(key, secret);
    auto req = Stay({"RPD1"});
    auto call = Call();
    auto r = Run(c->Search(req, call));
    ASSERT_FALSE(r) << key;
    EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
    EXPECT_NE(r.error().detail.find("credentials"), std::string::npos) << r.error().detail;
    EXPECT_NE(r.error().detail.find("request_unauthenticated"), std::string::npos) << r.error().detail;
  }
}

TEST_F(RapidConnectorTest, TransportFaultsByHeader) {
  Start();
  auto req = Stay({"RPD1"});
  auto timeout = Call("timeout", kShort);
  const auto t0 = std::chrono::steady_clock::now();
  auto hung = Run(connector_->Search(req, timeout));
  ASSERT_FALSE(hung);
  EXPECT_EQ(hung.error().code, Errc::upstream_timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 900ms);

  auto error = Call("server_error");
  EXPECT_EQ(Run(connector_->Search(req, error)).error().code, Errc::upstream_unavailable);
  auto unavailable = Call("service_unavailable");
  EXPECT_EQ(Run(connector_->Search(req, unavailable)).error().code, Errc::upstream_unavailable);
  auto throttled = Call("throttled");
  auto limited = Run(connector_->Search(req, throttled));
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code, Errc::rate_limited);
  EXPECT_NE(limited.error().detail.find("retry after"), std::string::npos) << limited.error().detail;

  // Malformed bodies come in three kinds (cut, HTML, wrong types): all typed, all bounded.
  auto full = Stay({});
  for (const auto& h : server_->core().Hotels()) {
    full.hotel_codes.push_back(h.code);
    if (full.hotel_codes.size() == 20) break;
  }
  auto malformed = Call("malformed");
  for (int i = 0; i < 8; ++i) {
    auto r = Run(connector_->Search(full, malformed));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
    EXPECT_LE(r.error().detail.size(), kMaxExcerpt + 200);
  }
  auto q = QuoteRequest{"RPD1", "/v3/properties/RPD1/rooms/DBL.ST/rates/x?token=t", full.check_in, full.check_out, {{2, {}}}, {}};
  EXPECT_EQ(Run(connector_->Recheck(q, malformed)).error().code, Errc::upstream_unavailable);
  ContentRequest content;
  EXPECT_EQ(Run(connector_->Content(content, malformed)).error().code, Errc::upstream_unavailable);
}

TEST_F(RapidConnectorTest, LatencyIsWaitedForOrTimesOut) {
  auto o = Options();
  o.latency_ms = 150;
  Start(o);
  auto req = Stay({"RPD1"});
  const auto t0 = std::chrono::steady_clock::now();
  auto slow = Call();
  ASSERT_TRUE(Run(connector_->Search(req, slow)));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 150ms);
  auto impatient = Call({}, 50ms);
  EXPECT_EQ(Run(connector_->Search(req, impatient)).error().code, Errc::upstream_timeout);
}

TEST_F(RapidConnectorTest, TransportFaultsByProcessRate) {
  auto req = Stay({"RPD1"});
  auto call = Call({}, kShort);
  struct Case {
    double SimOptions::*rate;
    Errc expected;
  };
  for (auto [rate, expected] : {Case{&SimOptions::error_rate, Errc::upstream_unavailable},
                                Case{&SimOptions::timeout_rate, Errc::upstream_timeout},
                                Case{&SimOptions::throttle_rate, Errc::rate_limited},
                                Case{&SimOptions::malformed_rate, Errc::upstream_unavailable}}) {
    auto o = Options();
    o.*rate = 1;
    Start(o);
    for (int i = 0; i < 3; ++i) {
      auto r = Run(connector_->Search(req, call));
      ASSERT_FALSE(r);
      EXPECT_EQ(r.error().code, expected) << r.error().detail;
    }
  }
}

TEST_F(RapidConnectorTest, PerMinuteQuotaThrottlesBeyondIt) {
  auto o = Options();
  o.quota_per_minute = 2;
  Start(o, &clock_);  // a clock that stands still: one quota window
  auto req = Stay({"RPD1"});
  auto call = Call();
  EXPECT_TRUE(Run(connector_->Search(req, call)));
  EXPECT_TRUE(Run(connector_->Search(req, call)));
  EXPECT_EQ(Run(connector_->Search(req, call)).error().code, Errc::rate_limited);
  clock_.Advance(61s);
  EXPECT_TRUE(Run(connector_->Search(req, call)));
}

TEST_F(RapidConnectorTest, HugeBodyAndNoServerAreUnavailable) {
  runtime::Router router;
  router.Get("/v3/properties/content", runtime::Sync([](runtime::Request&) {
               return runtime::Response::Json(200, "{\"x\":\"" + std::string(10 * 1024 * 1024, 'a') + "\"}");
             }));
  runtime::Logger log("test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {}));
  runtime::MetricsRegistry metrics;
  runtime::ServerOptions so;
  so.access_log = false;
  so.shutdown_grace = 200ms;
  runtime::HttpServer big(so, std::move(router), {}, log, metrics);
  const auto port = big.Listen();
  std::thread thread([&] { big.Run(false); });

  ContentRequest req;
  auto call = Call();
  auto c = Connect("", "", "http://127.0.0.1:" + std::to_string(port));
  auto r = Run(c->Content(req, call));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
  // A client that allows 16 MB reads it, and the connector still refuses to parse it.
  auto roomy = MakeRapidConnector({"RPD", "http://127.0.0.1:" + std::to_string(port), "", "", "USD"},
                                  std::make_shared<runtime::HttpClient>(io_.get_executor()));
  auto r2 = Run(roomy->Content(req, call));
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code, Errc::upstream_unavailable);
  big.Shutdown();
  thread.join();

  // Nobody listens there any more.
  auto gone = Run(c->Content(req, call));
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, Errc::upstream_unavailable);
}

}  // namespace
}  // namespace hotel::supplier::rapid_test

#include "runtime/http_server.hpp"
#include "supplier-sim/core/sim_core.hpp"
#include "support/test_support.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hotel::sim {
namespace {

using testing::HttpCall;

// A server with one JSON route behind the fault middleware.
class FaultServer {
 public:
  explicit FaultServer(SimOptions o, int throttle_status = 429)
      : log_("t", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})) {
    o.protocol = "rapid-json";
    o.hotels = 50;
    core_ = std::make_shared<SimCore>(*Normalise(o), clock_);
    runtime::Router router;
    router.Get("/answer", runtime::Sync([](runtime::Request&) {
                 return runtime::Response::Json(200, R"({"hotels":[{"code":"H1","net":"10.00"}],"total":1})");
               }));
    router.Get("/health", runtime::Sync([](runtime::Request&) { return runtime::Response::Json(200, "{}"); }));
    runtime::ServerOptions so;
    so.shutdown_grace = std::chrono::milliseconds(100);
    so.access_log = false;
    server_ = std::make_unique<runtime::HttpServer>(so, std::move(router),
                                                    std::vector<runtime::Middleware>{FaultMiddleware(core_, "Test", throttle_status)},
                                                    log_, metrics_);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~FaultServer() {
    server_->Shutdown();
    thread_.join();
  }
  testing::HttpResult Get(const std::string& scenario = {}) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!scenario.empty()) h.emplace_back("Test", scenario);
    return HttpCall(port_, "GET", "/answer", {}, h);
  }
  std::uint16_t port() const { return port_; }

 private:
  SystemClock clock_;
  runtime::Logger log_;
  runtime::MetricsRegistry metrics_;
  std::shared_ptr<SimCore> core_;
  std::unique_ptr<runtime::HttpServer> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST(FaultMiddleware, PassesThroughWithoutFaults) {
  FaultServer s({});
  auto r = s.Get();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("\"net\":\"10.00\""), std::string::npos);
}

TEST(FaultMiddleware, UnknownScenarioIsABadRequest) {
  FaultServer s({});
  EXPECT_EQ(s.Get("explode").status, 400);
}

TEST(FaultMiddleware, ServerErrorIsAnHtml503) {
  FaultServer s({});
  auto r = s.Get("server_error");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.Header("content-type").find("text/html"), std::string::npos);
  FaultServer always({.error_rate = 1});
  EXPECT_EQ(always.Get().status, 503);
}

TEST(FaultMiddleware, ThrottlingCarriesQuotaHeaders) {
  FaultServer s({}, 403);
  auto r = s.Get("throttled");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, "Over QPS");
  EXPECT_FALSE(r.Header("retry-after").empty());
  EXPECT_EQ(r.Header("rate-limit-minute-remaining"), "0");
  FaultServer quota({.quota_per_minute = 2});
  EXPECT_EQ(quota.Get().status, 200);
  EXPECT_EQ(quota.Get().status, 200);
  EXPECT_EQ(quota.Get().status, 429);
}

TEST(FaultMiddleware, TimeoutHoldsTheRequest) {
  FaultServer s({.hang_ms = 300});
  const auto start = std::chrono::steady_clock::now();
  auto r = s.Get("timeout");
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(290));
  EXPECT_EQ(r.status, 504);
}

TEST(FaultMiddleware, LatencyIsAdded) {
  FaultServer s({.latency_ms = 150, .jitter_ms = 50});
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(s.Get().status, 200);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, std::chrono::milliseconds(150));
  EXPECT_LT(took, std::chrono::milliseconds(2000));
}

TEST(FaultMiddleware, MalformedBodiesAreBrokenIn200s) {
  FaultServer s({});
  int truncated = 0, html = 0, wrong_types = 0;
  for (int i = 0; i < 40; ++i) {
    auto r = s.Get("malformed");
    ASSERT_EQ(r.status, 200);
    if (r.body.find("<html>") != std::string::npos) ++html;
    else if (r.body.find("\"hotels\":\"none\"") != std::string::npos) ++wrong_types;
    else {
      EXPECT_LT(r.body.size(), 40u);  // cut in half
      ++truncated;
    }
  }
  EXPECT_GT(truncated, 0);
  EXPECT_GT(html, 0);
  EXPECT_GT(wrong_types, 0);
}

}  // namespace
}  // namespace hotel::sim

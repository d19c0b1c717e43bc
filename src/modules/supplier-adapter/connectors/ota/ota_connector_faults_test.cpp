// The ota-xml connector under transport faults (by X-Sim-Scenario header and by per-process
// rate: latency, timeout, 5xx, throttling, malformed bodies), wrong credentials, a refused
// connection, and against a scripted server: a 10 MB answer, the headers and trace it sends.
#include "modules/supplier-adapter/connectors/ota/ota_connector_fixture.hpp"
#include "runtime/http_server.hpp"

#include <map>
#include <mutex>
#include <thread>

namespace hotel::supplier::ota_test {
namespace {

// ---- transport faults ----------------------------------------------------------------------

TEST_F(OtaConnectorTest, TransportFaultsByRequestHeader) {
  Start();
  const auto codes = Codes(0, 5);
  const auto start = std::chrono::steady_clock::now();
  ExpectCode(Run(connector_->Search(Search(codes), Call("timeout", kShortCall))), Errc::upstream_timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(kHangMs));
  ExpectCode(Run(connector_->Search(Search(codes), Call("server_error"))), Errc::upstream_unavailable);
  ExpectCode(Run(connector_->Search(Search(codes), Call("throttled"))), Errc::rate_limited);
  for (int i = 0; i < 12; ++i) {  // truncated, HTML and wrong-typed variants
    ExpectCode(Run(connector_->Search(Search(codes), Call("malformed"))), Errc::upstream_unavailable);
  }
  auto bad = Run(connector_->Search(Search(codes), Call("no_such_scenario")));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
}

TEST_F(OtaConnectorTest, TransportFaultsByProcessRate) {
  const std::vector<std::pair<SimOptions, Errc>> cases{
      {Options({.error_rate = 1}), Errc::upstream_unavailable},
      {Options({.timeout_rate = 1}), Errc::upstream_timeout},
      {Options({.throttle_rate = 1}), Errc::rate_limited},
      {Options({.malformed_rate = 1}), Errc::upstream_unavailable},
  };
  for (const auto& [options, code] : cases) {
    Start(options);
    ExpectCode(Run(connector_->Search(Search(Codes(0, 5)), Call({}, kShortCall))), code);
    auto content = Run(connector_->Content({}, Call({}, kShortCall)));
    ASSERT_FALSE(content);
    EXPECT_EQ(content.error().code, code);
  }
}

TEST_F(OtaConnectorTest, LatencyIsWaitedForUpToTheDeadline) {
  Start(Options({.latency_ms = 200}));
  const auto start = std::chrono::steady_clock::now();
  auto ok = Run(connector_->Search(Search(Codes(0, 5)), Call()));
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 200ms);
  ExpectCode(Run(connector_->Search(Search(Codes(0, 5)), Call({}, 100ms))), Errc::upstream_timeout);
}

TEST_F(OtaConnectorTest, CredentialsAreCheckedInThePos) {
  SimOptions o = Options();
  o.api_key = "key-123";
  o.secret = "s3cret";
  Start(o, "key-123", "s3cret");
  ASSERT_TRUE(Run(connector_->Search(Search(Codes(0, 3)), Call())));
  Start(o, "wrong", "s3cret");
  ExpectCode(Run(connector_->Search(Search(Codes(0, 3)), Call())), Errc::upstream_unavailable);
  Start(o, "key-123", "");
  ExpectCode(Run(connector_->Search(Search(Codes(0, 3)), Call())), Errc::upstream_unavailable);
  auto content = Run(connector_->Content({}, Call()));
  ASSERT_FALSE(content);
  EXPECT_EQ(content.error().code, Errc::upstream_unavailable);
}

TEST_F(OtaConnectorTest, ConnectionRefusedIsUnavailable) {
  Start();
  const std::string url = sim_->url();
  sim_.reset();
  connector_ = MakeOtaConnector({"OTA", url, "", "", "USD"}, http_);
  ExpectCode(Run(connector_->Search(Search({"OTA1"}), Call())), Errc::upstream_unavailable);
}

// ---- against a scripted server ------------------------------------------------------------

// An HTTP server answering every /ota/{message} with a fixed response, remembering requests.
class ScriptedServer {
 public:
  explicit ScriptedServer(runtime::Response answer)
      : log_("t", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})) {
    runtime::Router router;
    router.Post("/ota/{message}", runtime::Sync([this, answer](runtime::Request& req) {
                  std::lock_guard lock(mutex_);
                  path_ = std::string(req.path);
                  for (const char* h : {"Content-Type", "X-Sim-Scenario", "traceparent"}) {
                    headers_[h] = std::string(req.Header(h));
                  }
                  return answer;
                }));
    runtime::ServerOptions so;
    so.shutdown_grace = 100ms;
    so.access_log = false;
    server_ = std::make_unique<runtime::HttpServer>(so, std::move(router), std::vector<runtime::Middleware>{}, log_,
                                                    metrics_);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~ScriptedServer() {
    server_->Shutdown();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string path() {
    std::lock_guard lock(mutex_);
    return path_;
  }
  std::string header(const std::string& name) {
    std::lock_guard lock(mutex_);
    return headers_[name];
  }

 private:
  runtime::Logger log_;
  runtime::MetricsRegistry metrics_;
  std::unique_ptr<runtime::HttpServer> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::string path_;
  std::map<std::string, std::string> headers_;
};

TEST_F(OtaConnectorTest, TenMegabyteAnswerIsUnavailableWhateverTheClientsLimit) {
  std::string huge = R"(<OTA_HotelAvailRS xmlns="http://www.opentravel.org/OTA/2003/05"><Success/><RoomStays>)";
  huge.append(10 * 1024 * 1024, ' ');
  huge += "</RoomStays></OTA_HotelAvailRS>";
  ScriptedServer server(runtime::Response::Text(200, huge, "text/xml"));
  for (std::size_t limit : {std::size_t{16} << 20, std::size_t{1} << 20}) {
    http_ = std::make_shared<runtime::HttpClient>(io_.get_executor(), runtime::HttpClientOptions{.max_response_bytes = limit});
    connector_ = MakeOtaConnector({"OTA", server.url(), "", "", "USD"}, http_);
    ExpectCode(Run(connector_->Search(Search({"OTA1"}), Call())), Errc::upstream_unavailable);
  }
}

TEST_F(OtaConnectorTest, SendsXmlTheScenarioHeaderAndTheTrace) {
  ScriptedServer server(runtime::Response::Text(
      200, R"(<OTA_HotelAvailRS xmlns="http://www.opentravel.org/OTA/2003/05"><Success/></OTA_HotelAvailRS>)",
      "text/xml"));
  http_ = std::make_shared<runtime::HttpClient>(io_.get_executor());
  connector_ = MakeOtaConnector({"OTA", server.url(), "", "", "USD"}, http_);
  const auto trace = runtime::TraceContext::NewRoot();
  CallOptions call = Call("sold_out");
  call.trace = &trace;
  auto r = Run(connector_->Search(Search({"OTA1"}), call));
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(server.path(), "/ota/OTA_HotelAvailRQ");
  EXPECT_NE(server.header("Content-Type").find("text/xml"), std::string::npos);
  EXPECT_EQ(server.header("X-Sim-Scenario"), "sold_out");
  EXPECT_NE(server.header("traceparent").find(trace.TraceId()), std::string::npos);
}

}  // namespace
}  // namespace hotel::supplier::ota_test

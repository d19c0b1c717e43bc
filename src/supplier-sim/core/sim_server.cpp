// Serving a simulator: `hotel supplier-sim` (a process) and SimServer (a thread, for tests).
#include "runtime/http_server.hpp"
#include "runtime/process_endpoints.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <boost/json.hpp>

#include <unistd.h>

#include <iostream>
#include <thread>

namespace hotel::sim {
namespace {

struct Protocol {
  void (*register_routes)(runtime::Router&, std::shared_ptr<SimCore>);
  const char* scenario_header;
  int throttle_status;
};

Protocol ProtocolOf(const std::string& name) {
  if (name == "hbx-json") return {&RegisterHbxRoutes, "X-Sim-Scenario", 403};
  if (name == "ota-xml") return {&RegisterOtaRoutes, "X-Sim-Scenario", 429};
  return {&RegisterRapidRoutes, "Test", 429};
}

runtime::ServerOptions ServerOptionsFor(const SimOptions& o) {
  runtime::ServerOptions s;
  s.host = o.host;
  s.port = o.port;
  s.threads = 1;
  s.service_name = "supplier-sim-" + o.protocol;
  s.body_limit = 4 << 20;
  s.idle_timeout = std::chrono::milliseconds(std::max(60000, o.hang_ms + 5000));
  return s;
}

// The process endpoints plus the protocol's routes, with faults around the latter.
std::pair<runtime::Router, std::vector<runtime::Middleware>> Build(std::shared_ptr<SimCore> core,
                                                                   runtime::MetricsRegistry& metrics,
                                                                   runtime::Readiness& readiness) {
  const auto protocol = ProtocolOf(core->options().protocol);
  runtime::Router router;
  runtime::AddProcessEndpoints(router, metrics, readiness,
                               {"supplier-sim-" + core->options().protocol, HOTEL_VERSION, {"supplier-sim"}});
  router.SetOwner("supplier-sim");
  protocol.register_routes(router, core);
  // What this supplier really holds, hidden (late) bookings included: for the crash and
  // ghost-booking tests, which compare it with the platform's orders. Not a supplier API.
  router.Get("/sim/bookings", [core](runtime::Request&) -> boost::asio::awaitable<runtime::Response> {
    boost::json::array items;
    for (const auto& b : core->AllBookings()) {
      items.push_back(boost::json::object{{"reference", b.reference},
                                          {"clientReference", b.client_reference},
                                          {"state", BookingStateName(b.state)},
                                          {"visible", core->Now() >= b.visible_at},
                                          {"net", b.net},
                                          {"createdAt", FormatIso8601(b.created_at)}});
    }
    co_return runtime::Response::Json(200, boost::json::serialize(boost::json::object{{"items", std::move(items)}}));
  });
  metrics.AddCollector([core](std::string& out) {
    const auto c = core->GetCounts();
    out += "# HELP sim_bookings_total Bookings (and holds) the simulator made.\n# TYPE sim_bookings_total counter\n"
           "sim_bookings_total " + std::to_string(c.bookings) + "\n"
           "# HELP sim_duplicate_reference_refusals_total Bookings refused: client reference used before.\n"
           "# TYPE sim_duplicate_reference_refusals_total counter\n"
           "sim_duplicate_reference_refusals_total " + std::to_string(c.duplicate_refusals) + "\n";
  });
  std::vector<runtime::Middleware> middleware{FaultMiddleware(core, protocol.scenario_header, protocol.throttle_status)};
  return {std::move(router), std::move(middleware)};
}

}  // namespace

int RunSupplierSim(const SimOptions& raw) {
  auto options = Normalise(raw);
  if (!options) {
    const auto& e = options.error();
    std::cerr << "hotel supplier-sim: --" << (e.fields.empty() ? "" : e.fields[0].field) << ": "
              << (e.fields.empty() ? e.detail : e.fields[0].message) << "\n";
    return 2;
  }
  static SystemClock clock;
  runtime::Logger log("supplier-sim-" + options->protocol, runtime::LogLevel::info, runtime::MakeFdSink(STDERR_FILENO));
  runtime::MetricsRegistry metrics;
  runtime::Readiness readiness;
  auto core = std::make_shared<SimCore>(*options, clock);
  auto [router, middleware] = Build(core, metrics, readiness);
  auto server_options = ServerOptionsFor(*options);
  server_options.access_log = false;
  server_options.shutdown_grace = std::chrono::milliseconds(1000);
  runtime::HttpServer server(server_options, std::move(router), std::move(middleware), log, metrics);
  std::uint16_t port = 0;
  try {
    port = server.Listen();
  } catch (const std::exception& e) {
    std::cerr << "hotel supplier-sim: cannot listen on " << options->host << ":" << options->port << ": " << e.what()
              << "\n";
    return 1;
  }
  boost::json::object ready{{"supplier_sim", options->protocol},
                            {"url", "http://" + options->host + ":" + std::to_string(port)},
                            {"supplier_code", options->supplier_code},
                            {"currency", options->currency},
                            {"hotels", core->Hotels().size()},
                            {"seed", options->seed}};
  std::cout << boost::json::serialize(ready) << std::endl;
  server.Run(true);
  return 0;
}

struct SimServer::Impl {
  Impl(SimOptions o, const Clock* c)
      : clock(c ? c : &system_clock),
        log("supplier-sim", runtime::LogLevel::warn, runtime::MakeCallbackSink([](std::string_view) {})) {
    auto options = Normalise(std::move(o));
    if (!options) throw std::invalid_argument("SimServer: " + options.error().detail);
    core = std::make_shared<SimCore>(*options, *clock);
    auto [router, middleware] = Build(core, metrics, readiness);
    auto server_options = ServerOptionsFor(*options);
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.access_log = false;
    server_options.shutdown_grace = std::chrono::milliseconds(200);
    server = std::make_unique<runtime::HttpServer>(server_options, std::move(router), std::move(middleware), log, metrics);
    port = server->Listen();
    thread = std::thread([this] { server->Run(false); });
  }
  ~Impl() {
    server->Shutdown();
    thread.join();
  }

  SystemClock system_clock;
  const Clock* clock;
  runtime::Logger log;
  runtime::MetricsRegistry metrics;
  runtime::Readiness readiness;
  std::shared_ptr<SimCore> core;
  std::unique_ptr<runtime::HttpServer> server;
  std::uint16_t port = 0;
  std::thread thread;
};

SimServer::SimServer(SimOptions options, const Clock* clock) : impl_(std::make_unique<Impl>(std::move(options), clock)) {}
SimServer::~SimServer() = default;
std::uint16_t SimServer::port() const { return impl_->port; }
std::string SimServer::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }
SimCore& SimServer::core() { return *impl_->core; }

}  // namespace hotel::sim

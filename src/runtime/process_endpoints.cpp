// /health, /ready and /metrics.
#include "runtime/process_endpoints.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

namespace hotel::runtime {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

void Readiness::Add(std::string name, Check check) { checks_.emplace_back(std::move(name), std::move(check)); }

namespace {
struct CheckOutcome {
  bool up = false;
  std::string error;
  double latency_ms = 0;
};

asio::awaitable<CheckOutcome> RunCheck(const Readiness::Check& check, std::chrono::milliseconds timeout) {
  const auto start = std::chrono::steady_clock::now();
  asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
  auto result = co_await (check() || timer.async_wait(asio::as_tuple(asio::use_awaitable)));
  CheckOutcome out;
  out.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (result.index() == 1) {
    out.error = "no answer within " + std::to_string(timeout.count()) + " ms";
  } else if (auto& r = std::get<0>(result); r.has_error()) {
    out.error = r.error().detail;
  } else {
    out.up = true;
  }
  co_return out;
}
}  // namespace

void AddProcessEndpoints(Router& router, MetricsRegistry& metrics, const Readiness& readiness, ProcessInfo info) {
  const std::string health_body =
      boost::json::serialize(boost::json::object{{"status", "ok"}, {"version", info.version}});
  // Probes bypass the middleware chain: they must answer even when auth or limits would not.
  router.Add("GET", "/health", Sync([health_body](Request&) { return Response::Json(200, health_body); }), true);

  router.Add("GET", "/ready", [&readiness, info](Request& req) -> asio::awaitable<Response> {
    boost::json::object checks;
    std::string down;
    for (const auto& [name, check] : readiness.checks()) {
      const CheckOutcome o = co_await RunCheck(check, info.ready_timeout);
      boost::json::object c{{"status", o.up ? "up" : "down"}, {"latencyMs", static_cast<std::int64_t>(o.latency_ms)}};
      if (!o.up) {
        c["error"] = o.error;
        down += (down.empty() ? "" : ", ") + name;
      }
      checks[name] = std::move(c);
    }
    boost::json::array modules;
    for (const auto& m : info.modules) modules.push_back(boost::json::string(m));
    if (down.empty()) {
      co_return Response::Json(200, boost::json::serialize(boost::json::object{
                                        {"status", "ready"}, {"modules", modules}, {"checks", checks}}));
    }
    Response resp = ProblemResponse(Error::Unavailable("Not ready: " + down + " unreachable."), req.trace.TraceId());
    auto body = boost::json::parse(resp.body).as_object();
    body["checks"] = std::move(checks);
    resp.body = boost::json::serialize(body);
    resp.SetHeader("Retry-After", "5");
    co_return resp;
  }, true);

  router.Add("GET", "/metrics", Sync([&metrics](Request&) {
               return Response::Text(200, metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
             }), true);
}

}  // namespace hotel::runtime

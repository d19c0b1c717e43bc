// Transport faults around a simulator's protocol routes: latency, timeouts, 5xx, throttling,
// malformed bodies. Business faults are the front-ends' (they know the protocol's answers).
#include "supplier-sim/core/sim_core.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace hotel::sim {
namespace {

namespace asio = boost::asio;

asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
  if (d.count() <= 0) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

bool IsXml(const runtime::Response& r) { return r.content_type.find("xml") != std::string::npos; }

// Three ways real suppliers break a 200: cut off mid-body, an HTML error page from a proxy,
// or the right syntax with the wrong types.
runtime::Response Malform(runtime::Response r, std::uint64_t variant) {
  switch (variant % 3) {
    case 0:
      r.body.resize(r.body.size() / 2);
      break;
    case 1:
      r.content_type = "text/html; charset=utf-8";
      r.body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center>"
               "<hr><center>nginx</center></body></html>";
      break;
    default:
      r.body = IsXml(r) ? "<?xml version=\"1.0\"?><Response><Status>OK</Status><Amount>twelve</Amount></Response>"
                        : R"({"hotels":"none","booking":42,"auditData":[1,2,3],"total":"many"})";
      break;
  }
  r.status = 200;
  return r;
}

}  // namespace

std::optional<Scenario> RequestScenario(const runtime::Request& request, std::string_view header) {
  return ParseScenario(request.Header(header));
}

runtime::Middleware FaultMiddleware(std::shared_ptr<SimCore> core, std::string scenario_header, int throttle_status) {
  return [core, scenario_header, throttle_status](runtime::Request& req,
                                                   const runtime::Next& next) -> asio::awaitable<runtime::Response> {
    if (req.path == "/health" || req.path == "/metrics" || req.path == "/sim/bookings") co_return co_await next(req);
    const auto& o = core->options();
    const auto scenario = RequestScenario(req, scenario_header);
    if (!scenario) {
      co_return runtime::Response::Json(
          400, R"({"error":"unknown test scenario in )" + scenario_header + R"(: see hotel supplier-sim --help"})");
    }

    int delay = o.latency_ms;
    if (o.jitter_ms > 0) {
      // The jitter is drawn from the same deterministic dice as the faults.
      int steps = 0;
      for (int bit = 0; bit < 10; ++bit) steps = (steps << 1) | (core->Roll(0.5) ? 1 : 0);
      delay += o.jitter_ms * steps / 1023;
    }
    co_await Sleep(std::chrono::milliseconds(delay));

    int remaining = 0, reset_s = 60;
    const bool within_quota = core->TakeQuota(&remaining, &reset_s);
    auto throttled = [&] {
      auto r = runtime::Response::Text(throttle_status, throttle_status == 403 ? "Over QPS" : "Too Many Requests");
      r.SetHeader("Retry-After", std::to_string(std::max(1, std::min(reset_s, 2))));
      r.SetHeader("Rate-Limit-Minute-Remaining", "0");
      r.SetHeader("Rate-Limit-Day-Remaining", std::to_string(std::max(remaining, 0)));
      return r;
    };
    if (!within_quota || *scenario == Scenario::kThrottled || core->Roll(o.throttle_rate)) co_return throttled();

    if (*scenario == Scenario::kTimeout || core->Roll(o.timeout_rate)) {
      // Never answers in any useful time: the caller's deadline must fire first.
      co_await Sleep(std::chrono::milliseconds(o.hang_ms));
      auto r = runtime::Response::Text(504, "Gateway Timeout");
      r.close = true;
      co_return r;
    }
    if (*scenario == Scenario::kServerError || core->Roll(o.error_rate)) {
      auto r = runtime::Response::Text(
          503, "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>",
          "text/html; charset=utf-8");
      co_return r;
    }
    const bool malformed = *scenario == Scenario::kMalformed || core->Roll(o.malformed_rate);
    runtime::Response r = co_await next(req);
    if (o.quota_per_minute > 0) {
      r.SetHeader("Rate-Limit-Minute-Remaining", std::to_string(remaining));
    }
    if (malformed) {
      const bool v1 = core->Roll(0.5), v2 = core->Roll(0.5);
      r = Malform(std::move(r), (v1 ? 1 : 0) + (v2 ? 1 : 0));
    }
    co_return r;
  };
}

}  // namespace hotel::sim

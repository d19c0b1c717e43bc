// The HTTP server: accept loop, per-connection coroutine, observability, graceful drain.
#include "runtime/http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_suffix.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <atomic>
#include <ctime>
#include <unordered_map>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace hotel::runtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

bool IsProbe(std::string_view path) { return path == "/health" || path == "/ready" || path == "/metrics"; }

// X-Request-ID from the client is echoed when it is sane (1–128 visible ASCII, no spaces),
// otherwise a new one is made: it ends up in logs and must not carry injection payloads.
bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

// Method label and its index (0–7); unknown methods share "OTHER" to bound cardinality.
std::pair<std::string_view, unsigned> MethodLabel(std::string_view m) {
  static constexpr std::string_view kKnown[] = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  for (unsigned i = 0; i < std::size(kKnown); ++i) {
    if (kKnown[i] == m) return {kKnown[i], i};
  }
  return {"OTHER", 7};
}

std::string_view LookupHeader(const void* source, std::string_view name) {
  const auto& fields = *static_cast<const http::fields*>(source);
  auto it = fields.find(name);
  return it == fields.end() ? std::string_view{} : std::string_view(it->value().data(), it->value().size());
}

struct Connection {
  tcp::socket* socket = nullptr;
  bool busy = false;
  // When the current phase (idle wait, body read, response write) must be over; enforced
  // by the context's sweeper instead of a timer armed per operation.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct MetricHandles {
  Counter* requests = nullptr;
  Histogram* duration = nullptr;
};

// Connections and metric handles of one io_context, touched only from that context's thread.
struct ContextState {
  asio::io_context ioc{1};
  std::unordered_set<Connection*> connections;
  // (route, method, status) -> series, so the hot path never builds label strings.
  std::unordered_map<std::uint64_t, MetricHandles> metric_cache;
};

// "Wed, 25 Nov 2026 20:36:23 GMT", recomputed once per second per thread.
std::string_view HttpDate() {
  thread_local std::time_t cached_second = 0;
  thread_local char buf[40];
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    cached_second = now;
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  }
  return buf;
}

// Header values come partly from clients (echoed ids) and must never split the header block.
void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ");
  for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  out.append("\r\n");
}

// The response head, written by hand: Beast's generic serializer costs more than the
// rest of a small request put together.
std::string ResponseHead(const Response& resp, std::string_view request_id, bool keep_alive, unsigned version) {
  std::string head;
  head.reserve(256);
  head.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  head.append(std::to_string(resp.status)).push_back(' ');
  const auto reason = http::obsolete_reason(static_cast<http::status>(resp.status));
  head.append(reason.data(), reason.size()).append("\r\n");
  AppendHeader(head, "Date", HttpDate());
  if (!resp.content_type.empty()) AppendHeader(head, "Content-Type", resp.content_type);
  for (const auto& [k, v] : resp.headers) AppendHeader(head, k, v);
  AppendHeader(head, "X-Request-ID", request_id);
  if (resp.status != 204 && resp.status != 304) AppendHeader(head, "Content-Length", std::to_string(resp.Body().size()));
  if (!keep_alive && version != 10) AppendHeader(head, "Connection", "close");
  if (keep_alive && version == 10) AppendHeader(head, "Connection", "keep-alive");
  head.append("\r\n");
  return head;
}

// Writes a response: as much as the socket takes at once with one non-blocking writev, then
// the rest (if any) asynchronously. asio's async_write also sends at once when it can, but its
// completion, and after a partial write the next part, wait for the thread's next turn through
// its queue: under load several milliseconds during which a large answer sat half-sent.
asio::awaitable<bool> WriteNow(tcp::socket& socket, const std::array<asio::const_buffer, 2>& out) {
  boost::system::error_code ec;
  if (!socket.non_blocking()) socket.non_blocking(true, ec);
  std::size_t sent = ec ? 0 : socket.write_some(out, ec);
  if (ec && ec != asio::error::would_block && ec != asio::error::try_again) co_return false;
  if (sent == asio::buffer_size(out)) co_return true;
  beast::buffers_suffix<std::array<asio::const_buffer, 2>> rest(out);
  rest.consume(sent);
  auto [wec, wn] = co_await asio::async_write(socket, rest, kTuple);
  co_return !wec;
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(ServerOptions o, Router r, std::vector<Middleware> m, Logger& l, MetricsRegistry& reg)
      : options(std::move(o)),
        router(std::move(r)),
        middleware(std::move(m)),
        log(l),
        requests_total(reg.AddCounter("http_requests_total", "HTTP requests answered, by route template and status.",
                                      {"service", "route", "method", "status"})),
        request_duration(reg.AddHistogram("http_request_duration_seconds", "Time from request read to response written.",
                                          {"service", "route", "method"})),
        in_flight(reg.AddGauge("http_requests_in_flight", "Requests being handled.").WithLabels({})),
        loop_lag(reg.AddHistogram("http_event_loop_lag_seconds",
                                  "How late an I/O thread ran a timer that was due: what a request that has just "
                                  "arrived waits before it is read (the thread's queue, or no core free).",
                                  {}, {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1})
                     .WithLabels({})),
        open_connections(reg.AddGauge("http_connections_open", "Open client connections.").WithLabels({})),
        handler_exceptions(reg.AddCounter("http_handler_exceptions_total",
                                          "Exceptions that escaped a handler, answered 500 (a domain bug: each is "
                                          "logged at ERROR with its route).")
                               .WithLabels({})) {
    const int n = std::max(1, options.threads);
    for (int i = 0; i < n; ++i) contexts.push_back(std::make_unique<ContextState>());
    for (auto& c : contexts) guards.emplace_back(asio::make_work_guard(c->ioc));
    acceptor.emplace(contexts[0]->ioc);
  }

  ServerOptions options;
  Router router;
  std::vector<Middleware> middleware;
  Logger& log;
  CounterFamily& requests_total;
  HistogramFamily& request_duration;
  Gauge& in_flight;
  Histogram& loop_lag;
  Gauge& open_connections;
  Counter& handler_exceptions;

  std::vector<std::unique_ptr<ContextState>> contexts;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::optional<tcp::acceptor> acceptor;
  std::atomic<std::size_t> next_context{0};
  std::atomic<bool> draining{false};
  std::atomic<int> live_connections{0};
  std::mutex shutdown_mutex;
  std::vector<std::function<void()>> on_shutdown;

  asio::awaitable<void> AcceptLoop();
  asio::awaitable<void> Session(ContextState& ctx, tcp::socket socket);
  asio::awaitable<Response> Dispatch(Request& req, Router::Match match);
  asio::awaitable<Response> RunChain(std::size_t i, Request& req, const Handler& handler);
  asio::awaitable<void> Sweep(ContextState& ctx);
  void Observe(ContextState& ctx, const Request& req, const Response& resp, const Router::Route* route, double seconds);
  void BeginShutdown();
  asio::awaitable<void> DrainAndStop();
};

// Coroutines of the server hold no reference to it: ~HttpServer destroys the io_contexts,
// and with them any suspended coroutine, before the rest of Impl.
asio::awaitable<void> HttpServer::Impl::AcceptLoop() {
  while (!draining) {
    auto& ctx = *contexts[next_context++ % contexts.size()];
    auto [ec, socket] = co_await acceptor->async_accept(ctx.ioc, kTuple);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) break;
      // EMFILE and friends: back off instead of spinning.
      log.Warn("accept failed", {{"error", ec.message()}});
      asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await t.async_wait(kTuple);
      continue;
    }
    socket.set_option(tcp::no_delay(true));
    if (options.send_buffer_bytes > 0) {
      boost::system::error_code sec;  // best effort: capped by net.core.wmem_max
      socket.set_option(asio::socket_base::send_buffer_size(options.send_buffer_bytes), sec);
    }
    asio::co_spawn(ctx.ioc, Session(ctx, std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::Session(ContextState& ctx, tcp::socket socket) {
  beast::flat_buffer buffer;
  Connection conn{&socket};
  ctx.connections.insert(&conn);
  ++live_connections;
  open_connections.Inc();
  std::string remote;
  {
    boost::system::error_code ec;
    auto ep = socket.remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }
  const auto phase = [&conn](std::chrono::milliseconds limit) { conn.deadline = std::chrono::steady_clock::now() + limit; };
  const auto TooLarge = [this] {
    return Error{Errc::payload_too_large, "The request body exceeds " + std::to_string(options.body_limit) + " bytes.", {}};
  };
  bool keep_alive = true;
  while (keep_alive && !draining) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.body_limit);
    parser.header_limit(options.header_limit);
    phase(options.idle_timeout);
    auto [ec, n] = co_await http::async_read_header(socket, buffer, parser, kTuple);
    conn.busy = !ec || ec == http::error::body_limit || ec == http::error::header_limit;
    const auto started = std::chrono::steady_clock::now();
    std::optional<Error> early_error;
    if (ec == http::error::body_limit) {
      early_error = TooLarge();
    } else if (ec == http::error::header_limit) {
      early_error = Error{Errc::validation_failed, "The request headers exceed " + std::to_string(options.header_limit) + " bytes.", {}};
    } else if (ec) {
      const bool quiet_end = ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
                             ec == asio::error::connection_reset || ec == asio::error::eof || buffer.size() == 0;
      if (quiet_end) break;
      early_error = Error{Errc::validation_failed, "Malformed HTTP request: " + ec.message(), {}};
    }
    // A body already read with the header (a small POST arrives in one segment) is parsed
    // here: an async read of bytes already buffered would still complete through the queue, one
    // more wait for a busy thread per request.
    if (!early_error && !parser.is_done() && buffer.size() > 0 && parser.get()[http::field::expect] != "100-continue") {
      parser.eager(true);
      boost::system::error_code pec;
      while (!parser.is_done() && buffer.size() > 0) {
        const std::size_t used = parser.put(buffer.data(), pec);
        buffer.consume(used);
        if (pec == http::error::need_more) {
          pec = {};
          break;
        }
        if (pec || used == 0) break;
      }
      if (pec == http::error::body_limit) {
        early_error = TooLarge();
      } else if (pec) {
        conn.busy = false;
        break;
      }
    }
    if (!early_error && !parser.is_done()) {
      phase(options.body_timeout);
      if (parser.get()[http::field::expect] == "100-continue") {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(socket, asio::buffer(kContinue), kTuple);
      }
      auto [ec2, n2] = co_await http::async_read(socket, buffer, parser, kTuple);
      if (ec2 == http::error::body_limit) {
        early_error = TooLarge();
      } else if (ec2) {
        conn.busy = false;
        break;
      }
    }

    in_flight.Inc();
    http::request<http::string_body> empty_req;
    auto& msg = early_error ? empty_req : parser.get();
    const std::string target(msg.target());
    Request req;
    req.method = std::string_view(msg.method_string().data(), msg.method_string().size());
    req.target = target;
    req.path = std::string_view(target).substr(0, target.find('?'));
    if (auto q = target.find('?'); q != std::string::npos) req.query = std::string_view(target).substr(q + 1);
    req.body = msg.body();
    req.remote_address = remote;
    req.header_source = &static_cast<const http::fields&>(msg);
    req.header_lookup = &LookupHeader;
    auto trace = TraceContext::FromTraceparent(req.Header("traceparent"));
    req.trace = trace ? *trace : TraceContext::NewRoot();
    const auto rid = req.Header("x-request-id");
    if (SaneRequestId(rid)) {
      req.request_id = std::string(rid);
    } else {
      req.request_id.resize(32);  // per-thread generator: no lock on the hot path
      RandomHex(req.request_id.data(), req.request_id.size());
    }
    Response resp;
    const Router::Route* route = nullptr;
    if (early_error) {
      resp = ProblemResponse(*early_error, req.trace.TraceId());
      keep_alive = false;
    } else {
      auto match = router.Find(req.method, req.path);
      route = match.route;
      try {
        resp = co_await Dispatch(req, std::move(match));
      } catch (const std::exception& e) {
        // A domain bug in one request (std::out_of_range from a JSON lookup, a bad_alloc of an
        // absurd size) is that request's 500, not every client's outage. Memory-safety errors
        // are not exceptions: the sanitizers and the kernel still stop the process on them.
        handler_exceptions.Inc();
        log.Error("unhandled exception in handler", {{"error", e.what()}, {"path", std::string(req.path)}}, &req.trace);
        resp = ProblemResponse(Error::Internal("An unexpected error occurred."), req.trace.TraceId());
      } catch (...) {
        handler_exceptions.Inc();
        log.Error("unhandled exception in handler", {{"error", "not a std::exception"}, {"path", std::string(req.path)}},
                  &req.trace);
        resp = ProblemResponse(Error::Internal("An unexpected error occurred."), req.trace.TraceId());
      }
      keep_alive = msg.keep_alive() && !resp.close && !draining;
    }

    const bool head_only = req.method == "HEAD";
    const std::string head = ResponseHead(resp, req.request_id, keep_alive, msg.version() ? msg.version() : 11);
    // Metrics and the access log are written before the response, so a client that has its
    // answer also sees it counted. The duration therefore excludes the socket write.
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Observe(ctx, req, resp, route, seconds);
    in_flight.Dec();
    phase(options.body_timeout);
    const std::array<asio::const_buffer, 2> out{asio::buffer(head), asio::buffer(head_only ? std::string_view{} : resp.Body())};
    if (!co_await WriteNow(socket, out)) break;
    conn.busy = false;
    if (early_error) {
      // Let the client read the error before the close: stop sending, then discard what it
      // is still sending for a moment, so the kernel does not answer it with a reset.
      boost::system::error_code ignored;
      socket.shutdown(tcp::socket::shutdown_send, ignored);
      phase(std::chrono::milliseconds(1000));
      std::array<char, 8192> scratch{};
      for (std::size_t drained = 0; drained < (8u << 20);) {
        auto [rec, rn] = co_await socket.async_read_some(asio::buffer(scratch), kTuple);
        if (rec) break;
        drained += rn;
      }
      break;
    }
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_send, ignored);
  socket.close(ignored);
  ctx.connections.erase(&conn);
  open_connections.Dec();
  --live_connections;
}

asio::awaitable<void> HttpServer::Impl::Sweep(ContextState& ctx) {
  asio::steady_timer timer(ctx.ioc);
  while (true) {
    const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    timer.expires_at(due);
    auto [ec] = co_await timer.async_wait(kTuple);
    if (ec) co_return;
    const auto now = std::chrono::steady_clock::now();
    loop_lag.Observe(std::chrono::duration<double>(now - due).count());
    for (auto* conn : ctx.connections) {
      if (now >= conn->deadline) {
        boost::system::error_code ignored;
        conn->socket->cancel(ignored);  // the pending read/write ends with operation_aborted
        conn->deadline = std::chrono::steady_clock::time_point::max();
      }
    }
  }
}

asio::awaitable<Response> HttpServer::Impl::Dispatch(Request& req, Router::Match match) {
  if (match.route) {
    req.route = match.route->path_template;
    req.params = std::move(match.params);
    if (match.route->bypass_middleware) co_return co_await match.route->handler(req);
    co_return co_await RunChain(0, req, match.route->handler);
  }
  // Unmatched requests still pass the middleware (CORS pre-flight, auth, rate limits).
  const std::string allowed = std::move(match.allowed);
  Handler fallback = [&allowed](Request& r) -> asio::awaitable<Response> {
    if (!allowed.empty()) {
      auto resp = ProblemResponse(
          Error{Errc::method_not_allowed, "Method " + std::string(r.method) + " is not allowed here; use " + allowed + ".", {}},
          r.trace.TraceId());
      resp.SetHeader("Allow", allowed);
      co_return resp;
    }
    co_return ProblemResponse(Error::NotFound("No route for " + std::string(r.path) + "."), r.trace.TraceId());
  };
  co_return co_await RunChain(0, req, fallback);
}

asio::awaitable<Response> HttpServer::Impl::RunChain(std::size_t i, Request& req, const Handler& handler) {
  if (i == middleware.size()) co_return co_await handler(req);
  // `next` captures one pointer, so std::function keeps it inline: no allocation per layer.
  struct Step {
    Impl* impl;
    std::size_t i;
    const Handler* handler;
  } step{this, i + 1, &handler};
  Next next = [s = &step](Request& r) { return s->impl->RunChain(s->i, r, *s->handler); };
  co_return co_await middleware[i](req, next);
}

void HttpServer::Impl::Observe(ContextState& ctx, const Request& req, const Response& resp, const Router::Route* route,
                               double seconds) {
  const auto [method, method_index] = MethodLabel(req.method);
  const std::string_view route_label = route ? std::string_view(route->path_template) : std::string_view("unmatched");
  const std::string_view owner = route ? std::string_view(route->owner) : std::string_view(options.service_name);
  // Routes live as long as the server; statuses are < 1024; methods fit in 3 bits.
  const std::uint64_t key = (static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(route)) << 13) |
                            (method_index << 10) | (static_cast<std::uint64_t>(resp.status) & 1023);
  auto [it, inserted] = ctx.metric_cache.try_emplace(key);
  if (inserted) {
    it->second.requests = &requests_total.WithLabels({owner, route_label, method, std::to_string(resp.status)});
    it->second.duration = &request_duration.WithLabels({owner, route_label, method});
  }
  it->second.requests->Inc();
  it->second.duration->Observe(seconds);
  if (!options.access_log) return;
  const LogLevel level = resp.status >= 500 ? LogLevel::error : (IsProbe(req.path) ? LogLevel::debug : LogLevel::info);
  if (!log.Enabled(level)) return;
  boost::json::object fields{{"method", req.method},
                             {"path", req.path},
                             {"route", route_label},
                             {"status", resp.status},
                             {"durationMs", static_cast<double>(static_cast<std::int64_t>(seconds * 1e6)) / 1e3},
                             {"bytesOut", resp.Body().size()},
                             {"requestId", req.request_id},
                             {"remoteAddr", req.remote_address}};
  log.Log(level, "http request", fields, &req.trace, owner);
}

void HttpServer::Impl::BeginShutdown() {
  if (draining.exchange(true)) return;
  std::vector<std::function<void()>> hooks;
  {
    std::lock_guard lock(shutdown_mutex);
    hooks.swap(on_shutdown);
  }
  for (auto& h : hooks) h();
  log.Info("shutting down: draining connections", {{"graceMs", options.shutdown_grace.count()},
                                                   {"openConnections", live_connections.load()}});
  auto self = shared_from_this();
  asio::post(contexts[0]->ioc, [self] {
    boost::system::error_code ignored;
    self->acceptor->close(ignored);
  });
  for (auto& c : contexts) {
    asio::post(c->ioc, [ctx = c.get()] {
      // Idle keep-alive connections wait in a read: end them now. Busy ones close after
      // their response (keep-alive is off while draining).
      for (auto* conn : ctx->connections) {
        if (!conn->busy) conn->socket->cancel();
      }
    });
  }
  asio::co_spawn(contexts[0]->ioc, DrainAndStop(), asio::detached);
}

asio::awaitable<void> HttpServer::Impl::DrainAndStop() {
  const auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
  asio::steady_timer timer(contexts[0]->ioc);
  while (live_connections > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(kTuple);
  }
  if (live_connections > 0) {
    log.Warn("shutdown grace period over; closing remaining connections", {{"openConnections", live_connections.load()}});
  }
  for (auto& g : guards) g.reset();
  for (auto& c : contexts) c->ioc.stop();
}

HttpServer::HttpServer(ServerOptions options, Router router, std::vector<Middleware> middleware, Logger& log,
                       MetricsRegistry& metrics)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(router), std::move(middleware), log, metrics)) {}

HttpServer::~HttpServer() {
  for (auto& c : impl_->contexts) c->ioc.stop();
  impl_->acceptor.reset();
  impl_->guards.clear();
  impl_->contexts.clear();  // destroys suspended coroutines (sessions, sweepers) and their sockets
}

std::uint16_t HttpServer::Listen() {
  auto& acc = *impl_->acceptor;
  const tcp::endpoint ep(asio::ip::make_address(impl_->options.host), impl_->options.port);
  acc.open(ep.protocol());
  acc.set_option(asio::socket_base::reuse_address(true));
  acc.bind(ep);
  acc.listen(asio::socket_base::max_listen_connections);
  asio::co_spawn(impl_->contexts[0]->ioc, impl_->AcceptLoop(), asio::detached);
  for (auto& c : impl_->contexts) asio::co_spawn(c->ioc, impl_->Sweep(*c), asio::detached);
  return acc.local_endpoint().port();
}

void HttpServer::Run(bool handle_signals) {
  std::optional<asio::signal_set> signals;
  std::function<void(const boost::system::error_code&, int)> on_signal;  // re-armed by itself
  if (handle_signals) {
    signals.emplace(impl_->contexts[0]->ioc, SIGINT, SIGTERM);
    on_signal = [this, &signals, &on_signal](const boost::system::error_code& ec, int sig) {
      if (ec) return;
      if (impl_->draining) {
        impl_->log.Warn("second signal: stopping now", {{"signal", sig}});
        for (auto& c : impl_->contexts) c->ioc.stop();
        return;
      }
      impl_->log.Info("signal received", {{"signal", sig}});
      Shutdown();
      signals->async_wait(on_signal);
    };
    signals->async_wait(on_signal);
  }
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->contexts.size(); ++i) {
    threads.emplace_back([ctx = impl_->contexts[i].get()] { ctx->ioc.run(); });
  }
  impl_->contexts[0]->ioc.run();
  for (auto& t : threads) t.join();
  if (signals) {
    boost::system::error_code ignored;
    signals->cancel(ignored);
  }
}

void HttpServer::Shutdown() { impl_->BeginShutdown(); }

asio::any_io_executor HttpServer::executor() const { return impl_->contexts[0]->ioc.get_executor(); }

void HttpServer::OnShutdown(std::function<void()> fn) {
  std::lock_guard lock(impl_->shutdown_mutex);
  impl_->on_shutdown.push_back(std::move(fn));
}

}  // namespace hotel::runtime

// A small HTTP load client for the transaction benchmarks (bench/transactions.sh): sends
// requests whose bodies come one per line from a file, from N concurrent keep-alive
// connections, and prints latency percentiles as one JSON line. Unlike wrk it can read each
// answer: with --supplier-latency it takes the slowest supplier's `latencyMs` of a search
// answer, so the platform's own overhead per search (total − slowest supplier) is measured
// request by request; with --extract FIELD it writes that top-level string field of every
// 2xx answer to --out (quote ids for the booking run).
//
// It is a measuring instrument, so it adds as little of its own time as it can: each
// connection writes its request with a non-blocking send the moment the clock starts, reads
// with non-blocking receives into one large buffer, and once an answer's length is known asks
// the kernel (SO_RCVLOWAT) to wake it only when the rest is in. A client built on Beast's
// composed reads takes a 200 KB answer in 64 KB steps, each a trip through an event loop shared
// by 200 connections: at 200 concurrent that added several milliseconds to every answer.
//
//   hotel_bench_load --url http://127.0.0.1:8080/api/v1/search --bodies bodies.txt
//       --header 'X-Api-Key: …' --concurrency 200 --requests 4000 [--method POST]
//       [--supplier-latency] [--extract quoteId --out quotes.txt] [--unique-header Idempotency-Key
//       [--unique-prefix run1-]]
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <variant>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct Options {
  std::string url, bodies_file, method = "POST", extract, out, unique_header, unique_prefix = "bench-";
  std::vector<std::pair<std::string, std::string>> headers;
  int concurrency = 16;
  long requests = 1000;
  bool supplier_latency = false;
  int threads = 1;
};

struct Sample {
  double total_ms = 0;
  double supplier_ms = -1;  // slowest supplier of the answer; -1 when not asked or absent
  int status = 0;
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

// The largest suppliers[].latencyMs of a search answer; -1 when there is none.
// The answer's last member is its small "suppliers" array: only that is parsed (a whole city
// answer is ~200 KB, and parsing it here would hold up the other connections' reads and
// add the client's own time to every measurement).
double SlowestSupplier(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v;
  const auto key = body.rfind("\"suppliers\":[");
  const auto end = body.rfind(']');
  if (key != std::string::npos && end != std::string::npos && end > key) {
    const auto open = key + std::string_view("\"suppliers\":").size();
    v = boost::json::parse(std::string_view(body).substr(open, end - open + 1), ec);
  }
  if (ec || !v.is_array()) {  // another layout: the whole body
    ec.clear();
    auto whole = boost::json::parse(body, ec);
    const auto* suppliers = !ec && whole.is_object() ? whole.as_object().if_contains("suppliers") : nullptr;
    if (!suppliers || !suppliers->is_array()) return -1;
    v = *suppliers;
  }
  double worst = -1;
  for (const auto& s : v.as_array()) {
    if (!s.is_object()) continue;
    if (const auto* l = s.as_object().if_contains("latencyMs"); l && l->is_number()) {
      worst = std::max(worst, l->to_number<double>());
    }
  }
  return worst;
}

// http://host[:port]/path: the only form the benches use.
struct Url {
  std::string host, port = "80", path = "/";
};
std::optional<Url> ParseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) return std::nullopt;
  Url u;
  const auto rest = url.substr(kScheme.size());
  const auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.path = rest.substr(slash);
  if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    u.port = authority.substr(colon + 1);
    authority.resize(colon);
  }
  u.host = authority;
  if (u.host.empty()) return std::nullopt;
  return u;
}

struct Answer {
  int status = 0;
  std::string body;
  Clock::time_point done;  // the last byte read
};

// One keep-alive connection: a request written at once, its answer read as it comes.
class Connection {
 public:
  Connection(asio::any_io_executor ex, const tcp::resolver::results_type& endpoints)
      : socket_(ex), endpoints_(endpoints) {}

  // Sends `request` (a whole HTTP/1.1 message) and reads the answer; an error text on failure.
  asio::awaitable<std::variant<Answer, std::string>> Exchange(const std::string& request) {
    boost::system::error_code ec;
    if (!socket_.is_open()) {
      // The receive buffer is sized before the connection exists: the window offered in the
      // handshake follows it, so a 200 KB answer arrives in one go instead of window by window.
      for (const auto& entry : endpoints_) {
        ec = {};
        socket_.open(entry.endpoint().protocol(), ec);
        if (!ec) socket_.set_option(asio::socket_base::receive_buffer_size(1 << 20), ec);
        if (!ec) co_await socket_.async_connect(entry.endpoint(), asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) break;
        Close();
      }
      if (ec) co_return "connect: " + ec.message();
      socket_.set_option(tcp::no_delay(true), ec);
      socket_.non_blocking(true, ec);
      pending_.clear();
    }
    for (std::size_t off = 0; off < request.size();) {
      const auto n = socket_.write_some(asio::buffer(request.data() + off, request.size() - off), ec);
      if (ec == asio::error::would_block) {
        co_await socket_.async_wait(tcp::socket::wait_write, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) break;
        continue;
      }
      if (ec) break;
      off += n;
    }
    if (ec) co_return Fail("write: " + ec.message());
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(256u << 20);
    thread_local std::vector<char> chunk(2u << 20);
    for (;;) {
      while (!pending_.empty() && !parser.is_done()) {
        const auto used = parser.put(asio::buffer(pending_), ec);
        pending_.erase(0, used);
        if (ec == http::error::need_more) {
          ec = {};
          break;
        }
        if (ec) co_return Fail("bad response: " + ec.message());
        if (used == 0) break;
      }
      if (parser.is_done()) break;
      const auto n = socket_.read_some(asio::buffer(chunk), ec);
      if (ec == asio::error::would_block && parser.is_header_done() && parser.content_length_remaining()) {
        // Woken once, when the rest of the answer is in: not once per segment as it arrives.
        const std::uint64_t left = *parser.content_length_remaining();
        const int want = left > pending_.size() ? static_cast<int>(std::min<std::uint64_t>(left - pending_.size(), 512u << 10)) : 1;
        if (want > 1) ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVLOWAT, &want, sizeof want);
        co_await socket_.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        const int one = 1;
        if (want > 1) ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVLOWAT, &one, sizeof one);
        if (ec) co_return Fail("read: " + ec.message());
        continue;
      }
      if (ec == asio::error::would_block) {
        co_await socket_.async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return Fail("read: " + ec.message());
        continue;
      }
      if (ec == asio::error::eof && parser.need_eof()) {
        parser.put_eof(ec);
        if (!ec) break;
      }
      if (ec) co_return Fail("read: " + ec.message());
      pending_.append(chunk.data(), n);
    }
    Answer a;
    a.done = Clock::now();
    auto& res = parser.get();
    a.status = res.result_int();
    a.body = std::move(res.body());
    if (!res.keep_alive()) Close();
    co_return a;
  }

  // Ends an exchange in progress (its wait fails) and the connection with it.
  void Abort() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  std::string Fail(std::string why) {
    Close();
    return why;
  }
  void Close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    pending_.clear();
  }

  tcp::socket socket_;
  const tcp::resolver::results_type& endpoints_;
  std::string pending_;  // bytes read past the current answer's parsed part
};

int Usage(const char* why) {
  std::cerr << "hotel_bench_load: " << why
            << "\nusage: hotel_bench_load --url URL --bodies FILE [--method M] [--header 'K: V']... "
               "[--concurrency N] [--requests N] [--threads N] [--supplier-latency] [--extract FIELD --out FILE] "
               "[--unique-header NAME [--unique-prefix P]]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--url") o.url = next();
    else if (a == "--bodies") o.bodies_file = next();
    else if (a == "--method") o.method = next();
    else if (a == "--header") {
      const auto h = next();
      const auto colon = h.find(':');
      if (colon == std::string::npos) return Usage("--header wants 'Name: value'");
      auto value = h.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      o.headers.emplace_back(h.substr(0, colon), value);
    } else if (a == "--concurrency") o.concurrency = std::stoi(next());
    else if (a == "--requests") o.requests = std::stol(next());
    else if (a == "--threads") o.threads = std::stoi(next());
    else if (a == "--supplier-latency") o.supplier_latency = true;
    else if (a == "--extract") o.extract = next();
    else if (a == "--out") o.out = next();
    else if (a == "--unique-header") o.unique_header = next();
    else if (a == "--unique-prefix") o.unique_prefix = next();
    else return Usage(("unknown argument " + a).c_str());
  }
  if (o.url.empty()) return Usage("--url is required");
  std::vector<std::string> bodies;
  if (!o.bodies_file.empty()) {
    std::ifstream in(o.bodies_file);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) bodies.push_back(line);
    }
    if (bodies.empty()) return Usage("the bodies file is empty");
  } else {
    bodies.emplace_back();
  }

  const auto url = ParseUrl(o.url);
  if (!url) return Usage("--url must be http://host[:port]/path");
  asio::io_context io(o.threads);
  tcp::resolver::results_type endpoints;
  try {
    endpoints = tcp::resolver(io).resolve(url->host, url->port);
  } catch (const std::exception& e) {
    return Usage(("cannot resolve " + url->host + ": " + e.what()).c_str());
  }
  // Everything of a request but the body and the per-request header.
  std::string fixed = o.method + " " + url->path + " HTTP/1.1\r\nHost: " + url->host + ":" + url->port +
                      "\r\nUser-Agent: hotel-bench-load\r\n";
  for (const auto& [k, v] : o.headers) fixed += k + ": " + v + "\r\n";
  auto guard = asio::make_work_guard(io);

  std::atomic<long> next_index{0};
  std::atomic<int> running{o.concurrency};
  std::mutex mu;
  std::vector<Sample> samples;
  samples.reserve(static_cast<std::size_t>(o.requests));
  std::vector<std::string> extracted;
  std::string first_error;

  const auto started = Clock::now();
  for (int w = 0; w < o.concurrency; ++w) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          Connection conn(co_await asio::this_coro::executor, endpoints);
          asio::steady_timer expiry(co_await asio::this_coro::executor);
          std::string request;
          for (;;) {
            const long i = next_index.fetch_add(1);
            if (i >= o.requests) break;
            const auto& body = bodies[static_cast<std::size_t>(i) % bodies.size()];
            request = fixed;
            if (!o.unique_header.empty()) request += o.unique_header + ": " + o.unique_prefix + std::to_string(i) + "\r\n";
            if (!body.empty()) request += "Content-Type: application/json\r\n";
            if (!body.empty() || o.method == "POST" || o.method == "PUT" || o.method == "PATCH") {
              request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
            }
            request += "\r\n";
            request += body;
            const auto t0 = Clock::now();
            // A request unanswered after 60 s fails: its connection is closed under it.
            expiry.expires_after(std::chrono::seconds(60));
            expiry.async_wait([&conn](boost::system::error_code ec) {
              if (!ec) conn.Abort();
            });
            auto r = co_await conn.Exchange(request);
            expiry.cancel();
            Sample s;
            std::string value, error;
            if (auto* answer = std::get_if<Answer>(&r)) {
              s.total_ms = std::chrono::duration<double, std::milli>(answer->done - t0).count();
              s.status = answer->status;
              if (o.supplier_latency && s.status / 100 == 2) s.supplier_ms = SlowestSupplier(answer->body);
              if (!o.extract.empty() && s.status / 100 == 2) {
                boost::system::error_code ec;
                auto v = boost::json::parse(answer->body, ec);
                if (!ec && v.is_object()) {
                  if (const auto* f = v.as_object().if_contains(o.extract); f && f->is_string()) value = f->as_string();
                }
              }
              if (s.status / 100 != 2) error = "HTTP " + std::to_string(s.status) + ": " + answer->body.substr(0, 300);
            } else {
              error = std::get<std::string>(r);
            }
            std::lock_guard lock(mu);
            if (!error.empty() && first_error.empty()) first_error = error;
            samples.push_back(s);
            if (!value.empty()) extracted.push_back(std::move(value));
          }
          if (--running == 0) guard.reset();
        },
        asio::detached);
  }
  std::vector<std::thread> threads;
  for (int t = 1; t < o.threads; ++t) threads.emplace_back([&] { io.run(); });
  io.run();
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

  std::vector<double> totals, suppliers, overheads;
  long ok = 0, failed = 0;
  for (const auto& s : samples) {
    if (s.status / 100 == 2) {
      ++ok;
      totals.push_back(s.total_ms);
      if (s.supplier_ms >= 0) {
        suppliers.push_back(s.supplier_ms);
        overheads.push_back(s.total_ms - s.supplier_ms);
      }
    } else {
      ++failed;
    }
  }
  if (!o.out.empty()) {
    std::ofstream out(o.out);
    for (const auto& v : extracted) out << v << "\n";
  }
  boost::json::object summary{{"requests", static_cast<std::int64_t>(samples.size())},
                              {"ok", ok},
                              {"failed", failed},
                              {"seconds", seconds},
                              {"rps", static_cast<double>(ok) / seconds},
                              {"p50Ms", Percentile(totals, 0.50)},
                              {"p90Ms", Percentile(totals, 0.90)},
                              {"p99Ms", Percentile(totals, 0.99)},
                              {"maxMs", Percentile(totals, 1.0)}};
  if (o.supplier_latency) {
    summary["supplierP50Ms"] = Percentile(suppliers, 0.50);
    summary["supplierP99Ms"] = Percentile(suppliers, 0.99);
    summary["overheadP50Ms"] = Percentile(overheads, 0.50);
    summary["overheadP99Ms"] = Percentile(overheads, 0.99);
  }
  if (!first_error.empty()) summary["firstError"] = first_error;
  std::cout << boost::json::serialize(summary) << std::endl;
  return failed == 0 ? 0 : 1;
}

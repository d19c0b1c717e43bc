// A small HTTP load client for the transaction benchmarks (bench/transactions.sh): sends
// requests whose bodies come one per line from a file, from N concurrent keep-alive
// connections, and prints latency percentiles as one JSON line. Unlike wrk it can read each
// answer: with --supplier-latency it takes the slowest supplier's `latencyMs` of a search
// answer, so the platform's own overhead per search (total − slowest supplier) is measured
// request by request; with --extract FIELD it writes that top-level string field of every
// 2xx answer to --out (quote ids for the booking run).
//
//   hotel_bench_load --url http://127.0.0.1:8080/api/v1/search --bodies bodies.txt
//       --header 'X-Api-Key: …' --concurrency 200 --requests 4000 [--method POST]
//       [--supplier-latency] [--extract quoteId --out quotes.txt] [--unique-header Idempotency-Key]
#include "runtime/http_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
namespace asio = boost::asio;

struct Options {
  std::string url, bodies_file, method = "POST", extract, out, unique_header;
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

int Usage(const char* why) {
  std::cerr << "hotel_bench_load: " << why
            << "\nusage: hotel_bench_load --url URL --bodies FILE [--method M] [--header 'K: V']... "
               "[--concurrency N] [--requests N] [--threads N] [--supplier-latency] [--extract FIELD --out FILE] "
               "[--unique-header NAME]\n";
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

  asio::io_context io(o.threads);
  auto guard = asio::make_work_guard(io);
  hotel::runtime::HttpClientOptions client_options;
  client_options.pool_size_per_host = o.concurrency;
  client_options.user_agent = "hotel-bench-load";
  hotel::runtime::HttpClient client(io.get_executor(), client_options);

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
          for (;;) {
            const long i = next_index.fetch_add(1);
            if (i >= o.requests) break;
            hotel::runtime::ClientRequest req;
            req.method = o.method;
            req.url = o.url;
            req.headers = o.headers;
            if (!bodies[static_cast<std::size_t>(i) % bodies.size()].empty()) {
              req.headers.emplace_back("Content-Type", "application/json");
              req.body = bodies[static_cast<std::size_t>(i) % bodies.size()];
            }
            if (!o.unique_header.empty()) req.headers.emplace_back(o.unique_header, "bench-" + std::to_string(i));
            req.timeout = std::chrono::milliseconds(60000);
            const auto t0 = Clock::now();
            auto r = co_await client.Send(std::move(req));
            Sample s;
            s.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            std::string value;
            if (r) {
              s.status = r->status;
              if (o.supplier_latency && s.status / 100 == 2) s.supplier_ms = SlowestSupplier(r->body);
              if (!o.extract.empty() && s.status / 100 == 2) {
                boost::system::error_code ec;
                auto v = boost::json::parse(r->body, ec);
                if (!ec && v.is_object()) {
                  if (const auto* f = v.as_object().if_contains(o.extract); f && f->is_string()) value = f->as_string();
                }
              }
            }
            std::lock_guard lock(mu);
            if (!r && first_error.empty()) first_error = r.error().detail;
            if (r && s.status / 100 != 2 && first_error.empty()) {
              first_error = "HTTP " + std::to_string(s.status) + ": " + r->body.substr(0, 300);
            }
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

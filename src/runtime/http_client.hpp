// HTTP/1.1 client for calls between modules and to suppliers: a keep-alive connection pool
// per host, a deadline per call, cancellation, and traceparent propagation.
#pragma once

#include "core/error.hpp"
#include "runtime/trace.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace hotel::runtime {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct ClientRequest {
  std::string method = "GET";          // GET, POST, PUT, DELETE, PATCH, HEAD
  std::string url;                     // absolute: http://host:port/path?query (https: later)
  Headers headers;                     // Host, Content-Length, traceparent are set by the client
  std::string body;
  std::chrono::milliseconds timeout{10000};  // whole call: connect + write + read
  // Which of the host's connection pools the call takes a slot of (a bulkhead): "" is the
  // default pool, another name a pool of its own sized by HttpClientOptions::pool_sizes, so
  // that calls of one kind (bookings) cannot starve calls of another (searches), and back.
  std::string pool;
};

struct ClientResponse {
  int status = 0;
  Headers headers;
  std::string body;
  // Case-insensitive lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpClientOptions {
  int pool_size_per_host = 10;             // idle + busy connections per host:port (default pool)
  // Sizes of named pools (ClientRequest::pool) per host:port; a name not listed gets
  // pool_size_per_host.
  std::vector<std::pair<std::string, int>> pool_sizes;
  std::size_t max_response_bytes = 16 * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{30000};  // idle pooled connections are closed after
  std::string user_agent = "hotel-platform";
  // SO_RCVBUF of new connections: a supplier's availability answer (100–200 KB) fits, so it
  // arrives without waiting for the window to grow. 0: the kernel's default (autotuned).
  int receive_buffer_bytes = 1 << 20;
};

// Thread-safe; one per process (or per supplier). Calls complete on the caller's executor.
// Idle pooled connections belong to no io_context, so the client may outlive the io_contexts
// its calls ran on (e.g. an HttpServer's).
class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, HttpClientOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Errors: upstream_timeout when the deadline passes; upstream_unavailable for connection
  // refused/reset, a malformed response, or a body over max_response_bytes; validation_failed
  // for a bad URL. An HTTP error status is NOT an error here: it is in the response.
  // When `trace` is given, a child span's traceparent is sent.
  // Cancelling the awaiting coroutine (asio cancellation) aborts the call and closes its
  // connection.
  boost::asio::awaitable<Result<ClientResponse>> Send(ClientRequest request,
                                                      const TraceContext* trace = nullptr);

  struct Stats {
    std::size_t connections_open = 0;
    std::size_t connections_idle = 0;
    std::uint64_t connections_created = 0;
    std::uint64_t requests = 0;
  };
  Stats GetStats() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hotel::runtime

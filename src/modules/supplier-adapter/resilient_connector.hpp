// ResilientConnector: the SupplierConnector decorator every supplier call goes through. It
// adds a deadline per call (the supplier's timeout for the operation), retries with
// exponential backoff and full jitter for operations safe to repeat, a retrieve-first
// protocol for Book and Cancel (never a second booking), a circuit breaker per operation, a
// connection pool per kind of operation (PoolOf: bookings apart from searches), metrics,
// health figures and bounded, credential-free failure logs.
//
// A booking (or commit) call that times out does not count against the breaker: its outcome
// is unknown (suppliers confirm slow bookings late), and slow bookings must not shut out the
// ordinary ones; the retrieve that follows it counts for itself.
#pragma once

#include "core/clock.hpp"
#include "modules/api-gateway/circuit_breaker.hpp"
#include "modules/supplier-adapter/model.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hotel::supplier_adapter {

struct RetryPolicy {
  int max_attempts = 3;                          // RETRY_MAX_ATTEMPTS: attempts, not retries
  std::chrono::milliseconds backoff{1000};       // RETRY_BACKOFF_MS: the first wait's cap
  std::chrono::milliseconds max_backoff{30000};  // the cap stops doubling here
};

// The wait before a retry, given its cap (backoff × 2^(retry-1), at most max_backoff).
using Jitter = std::function<std::chrono::milliseconds(std::chrono::milliseconds cap)>;
// Full jitter (AWS's "exponential backoff and jitter"): uniform over [0, cap].
std::chrono::milliseconds FullJitter(std::chrono::milliseconds cap);

// The breaker thresholds now (from the config center); read on every call, so a change
// applies without a restart (it replaces the breaker, which starts closed).
using BreakerOptionsSource = std::function<api_gateway::BreakerOptions()>;

// Timeouts, unavailability and throttling: the supplier's health, not our request's.
bool IsTransportError(Errc code);

struct OperationHealth {
  api_gateway::BreakerState breaker = api_gateway::BreakerState::closed;  // this operation's
  std::uint64_t calls = 0;     // attempts, refused ones included
  std::uint64_t failures = 0;  // transport failures and refusals
  std::optional<std::string> last_outcome;  // "ok" or an error code
  std::optional<double> last_latency_ms;
  std::optional<Instant> last_at;
};

struct ConnectorHealth {
  // The worst of the operations' breakers (each operation has its own: a supplier whose
  // search fails may still book, and the other way round).
  api_gateway::BreakerState breaker = api_gateway::BreakerState::closed;
  int consecutive_failures = 0;
  std::uint64_t failures = 0;
  std::array<OperationHealth, kOperations.size()> operations;  // by Operation
};

class ResilientConnector final : public supplier::SupplierConnector {
 public:
  struct Options {
    std::string supplier_code;
    Timeouts timeouts;
    RetryPolicy retry;
    Jitter jitter;                  // null: FullJitter
    BreakerOptionsSource breaker;   // null: BreakerOptions{}
    // Values never to show in a log line or an error detail (the credentials).
    std::vector<std::string> redact;
    // Beyond an operation's timeout, how long the decorator waits for a connector that does
    // not keep its own deadline before abandoning the call.
    std::chrono::milliseconds grace{200};
  };

  // `clock` (the breaker's cool-down), `metrics` and `log` must outlive the connector.
  ResilientConnector(std::unique_ptr<supplier::SupplierConnector> inner, Options options, const Clock& clock,
                     runtime::MetricsRegistry& metrics, runtime::Logger& log);
  ~ResilientConnector() override;

  std::string_view Protocol() const override { return inner_->Protocol(); }
  const std::string& supplier_code() const { return options_.supplier_code; }

  // Each attempt's CallOptions.timeout is the supplier's timeout for the operation (the
  // caller's is replaced); trace and test scenario pass through.
  boost::asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest& request,
                                                                const supplier::CallOptions& call) override;
  boost::asio::awaitable<Result<supplier::Quote>> Recheck(const supplier::QuoteRequest& request,
                                                          const supplier::CallOptions& call) override;
  // Retried only after a Retrieve by client reference finds nothing, with the same client
  // reference. Found → that booking. Retrieve failing → the original error, its detail saying
  // the booking status is unknown.
  boost::asio::awaitable<Result<supplier::Booking>> Book(const supplier::BookRequest& request,
                                                         const supplier::CallOptions& call) override;
  boost::asio::awaitable<Result<supplier::Booking>> Commit(const supplier::Booking& held,
                                                           const supplier::CallOptions& call) override;
  boost::asio::awaitable<Result<supplier::Booking>> Retrieve(const supplier::RetrieveRequest& request,
                                                             const supplier::CallOptions& call) override;
  boost::asio::awaitable<Result<Money>> QuoteCancel(const supplier::CancelRequest& request,
                                                    const supplier::CallOptions& call) override;
  // After a failure, Retrieve first: already cancelled → that booking; still live → retried.
  boost::asio::awaitable<Result<supplier::Booking>> Cancel(const supplier::CancelRequest& request,
                                                           const supplier::CallOptions& call) override;
  boost::asio::awaitable<Result<supplier::ContentPage>> Content(const supplier::ContentRequest& request,
                                                                const supplier::CallOptions& call) override;

  ConnectorHealth Health() const;

 private:
  template <class T, class Fn>
  boost::asio::awaitable<Result<T>> Attempt(Operation op, const supplier::CallOptions& call, Fn fn, bool* refused);
  template <class T, class Fn>
  boost::asio::awaitable<Result<T>> Retrying(Operation op, const supplier::CallOptions& call, Fn fn);
  // Waits before retry number `retry` (1, 2, …); false when the caller was cancelled.
  boost::asio::awaitable<bool> Backoff(Operation op, int retry);

  std::shared_ptr<api_gateway::CircuitBreaker> CurrentBreaker(Operation op);
  api_gateway::BreakerState WorstLocked() const;
  void Record(Operation op, const std::optional<Error>& error, bool refused, std::chrono::nanoseconds elapsed,
              const supplier::CallOptions& call);
  std::string Redact(std::string_view text) const;

  std::unique_ptr<supplier::SupplierConnector> inner_;
  Options options_;
  const Clock& clock_;
  runtime::MetricsRegistry& metrics_;
  runtime::Logger& log_;
  runtime::Gauge* breaker_gauge_;  // the worst operation's state
  std::array<runtime::Gauge*, kOperations.size()> operation_gauges_{};
  runtime::CounterFamily* calls_;
  runtime::HistogramFamily* durations_;
  runtime::CounterFamily* retries_;
  runtime::Counter* rejections_;

  mutable std::mutex mutex_;  // guards everything below
  std::array<std::shared_ptr<api_gateway::CircuitBreaker>, kOperations.size()> breakers_;
  api_gateway::BreakerOptions breaker_options_;
  std::array<api_gateway::BreakerState, kOperations.size()> last_states_{};
  ConnectorHealth health_;
};

}  // namespace hotel::supplier_adapter

// The decorator's call path: breaker admission, a deadline raced against the connector,
// classification, metrics and logs per attempt; retry loops per operation kind on top.
#include "modules/supplier-adapter/resilient_connector.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <random>

namespace hotel::supplier_adapter {
namespace {

namespace asio = boost::asio;
using asio::awaitable;
using namespace asio::experimental::awaitable_operators;
using supplier::Booking;
using supplier::BookingStatus;
using supplier::CallOptions;

constexpr std::string_view kCircuitOpen = "circuit open";

bool SameOptions(const api_gateway::BreakerOptions& a, const api_gateway::BreakerOptions& b) {
  return a.failure_threshold == b.failure_threshold && a.open_for == b.open_for &&
         a.half_open_probes == b.half_open_probes;
}

std::string_view StateName(api_gateway::BreakerState s) {
  switch (s) {
    case api_gateway::BreakerState::closed: return "closed";
    case api_gateway::BreakerState::half_open: return "half_open";
    case api_gateway::BreakerState::open: return "open";
  }
  return "closed";
}

// The options of the retrieve that checks what a failed Book or Cancel did: the caller's test
// scenario names its own call, not this one.
CallOptions Checking(const CallOptions& call) {
  CallOptions check = call;
  check.test_scenario.clear();
  return check;
}

// The error of a Book or Cancel whose outcome nobody can vouch for: the caller must poll
// Retrieve, never assume it failed (and never book again under another reference).
Error Unknown(const Error& original, std::string_view what, const Error& retrieve) {
  Error e = original;
  e.detail = std::string(what) + " status unknown: " + original.detail +
             "; retrieving it by client reference failed too (" + std::string(CodeName(retrieve.code)) + ": " +
             retrieve.detail + "). Retrieve it later before doing anything else.";
  return e;
}

}  // namespace

std::chrono::milliseconds FullJitter(std::chrono::milliseconds cap) {
  if (cap.count() <= 0) return std::chrono::milliseconds(0);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::int64_t> pick(0, cap.count());
  return std::chrono::milliseconds(pick(rng));
}

bool IsTransportError(Errc code) {
  return code == Errc::upstream_timeout || code == Errc::upstream_unavailable || code == Errc::rate_limited;
}

ResilientConnector::ResilientConnector(std::unique_ptr<supplier::SupplierConnector> inner, Options options,
                                       const Clock& clock, runtime::MetricsRegistry& metrics, runtime::Logger& log)
    : inner_(std::move(inner)), options_(std::move(options)), clock_(clock), metrics_(metrics), log_(log) {
  options_.retry.max_attempts = std::max(1, options_.retry.max_attempts);
  std::erase_if(options_.redact, [](const std::string& s) { return s.size() < 4; });  // too short to be a secret
  breaker_gauge_ = &metrics_
                        .AddGauge("supplier_breaker_state",
                                  "Circuit breakers per supplier, the worst of its operations: 0 closed, 1 half-open, 2 open.",
                                  {"supplier"})
                        .WithLabels({options_.supplier_code});
  breaker_gauge_->Set(0);
  auto& per_operation = metrics_.AddGauge("supplier_operation_breaker_state",
                                          "Circuit breaker per supplier and operation: 0 closed, 1 half-open, 2 open.",
                                          {"supplier", "operation"});
  for (Operation op : kOperations) {
    operation_gauges_[static_cast<std::size_t>(op)] = &per_operation.WithLabels({options_.supplier_code, OperationName(op)});
    operation_gauges_[static_cast<std::size_t>(op)]->Set(0);
  }
  // Registered now, so /metrics shows them before the first call.
  calls_ = &metrics_.AddCounter("supplier_calls_total", "Calls to suppliers (attempts) by operation and outcome.",
                                {"supplier", "operation", "outcome"});
  durations_ = &metrics_.AddHistogram("supplier_call_duration_seconds", "Duration of calls to suppliers (attempts).",
                                      {"supplier", "operation"});
  retries_ = &metrics_.AddCounter("supplier_retries_total", "Retries of supplier calls.", {"supplier", "operation"});
  rejections_ = &metrics_
                     .AddCounter("supplier_breaker_rejections_total", "Calls refused by an open circuit breaker.",
                                 {"supplier"})
                     .WithLabels({options_.supplier_code});
}

ResilientConnector::~ResilientConnector() = default;

std::shared_ptr<api_gateway::CircuitBreaker> ResilientConnector::CurrentBreaker(Operation op) {
  const auto wanted = options_.breaker ? options_.breaker() : api_gateway::BreakerOptions{};
  const auto i = static_cast<std::size_t>(op);
  std::lock_guard lock(mutex_);
  if (!SameOptions(wanted, breaker_options_)) {
    // A config change: every operation starts again with a closed breaker.
    for (auto& b : breakers_) b.reset();
    last_states_.fill(api_gateway::BreakerState::closed);
    breaker_options_ = wanted;
  }
  if (!breakers_[i]) breakers_[i] = std::make_shared<api_gateway::CircuitBreaker>(wanted, clock_, operation_gauges_[i]);
  breaker_gauge_->Set(static_cast<double>(WorstLocked()));
  return breakers_[i];
}

api_gateway::BreakerState ResilientConnector::WorstLocked() const {
  auto worst = api_gateway::BreakerState::closed;
  for (const auto& b : breakers_) {
    if (b && static_cast<int>(b->state()) > static_cast<int>(worst)) worst = b->state();
  }
  return worst;
}

std::string ResilientConnector::Redact(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : options_.redact) {
    for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at)) {
      out.replace(at, secret.size(), "[redacted]");
    }
  }
  return supplier::Excerpt(out);
}

void ResilientConnector::Record(Operation op, const std::optional<Error>& error, bool refused,
                                std::chrono::nanoseconds elapsed, const CallOptions& call) {
  const std::string_view op_name = OperationName(op);
  const std::string_view outcome = error ? CodeName(error->code) : std::string_view("ok");
  calls_->WithLabels({options_.supplier_code, op_name, outcome}).Inc();
  const double seconds = std::chrono::duration<double>(elapsed).count();
  if (refused) {
    rejections_->Inc();
  } else {
    durations_->WithLabels({options_.supplier_code, op_name}).Observe(seconds);
  }
  const bool transport = refused || (error && IsTransportError(error->code));
  api_gateway::BreakerState state;
  api_gateway::BreakerState before;
  {
    std::lock_guard lock(mutex_);
    auto& h = health_.operations[static_cast<std::size_t>(op)];
    ++h.calls;
    h.last_outcome = std::string(outcome);
    if (!refused) h.last_latency_ms = seconds * 1000.0;
    h.last_at = clock_.Now();
    if (transport) {
      ++h.failures;
      ++health_.failures;
      if (!refused) ++health_.consecutive_failures;
    } else {
      health_.consecutive_failures = 0;
    }
    const auto i = static_cast<std::size_t>(op);
    state = breakers_[i] ? breakers_[i]->state() : api_gateway::BreakerState::closed;
    before = std::exchange(last_states_[i], state);
    breaker_gauge_->Set(static_cast<double>(WorstLocked()));
  }
  if (state != before) {
    log_.Log(state == api_gateway::BreakerState::open ? runtime::LogLevel::warn : runtime::LogLevel::info,
             "supplier circuit breaker changed state",
             {{"supplier", options_.supplier_code}, {"operation", op_name}, {"from", StateName(before)},
              {"to", StateName(state)}},
             call.trace,
             "supplier-adapter");
  }
  // A refusal is the breaker doing its job: the transition above was logged once.
  if (!error || refused) return;
  log_.Log(transport ? runtime::LogLevel::warn : runtime::LogLevel::info, "supplier call failed",
           {{"supplier", options_.supplier_code},
            {"operation", op_name},
            {"code", CodeName(error->code)},
            {"detail", Redact(error->detail)},
            {"durationMs", static_cast<std::int64_t>(seconds * 1000.0)}},
           call.trace, "supplier-adapter");
}

template <class T, class Fn>
awaitable<Result<T>> ResilientConnector::Attempt(Operation op, const CallOptions& call, Fn fn, bool* refused) {
  auto breaker = CurrentBreaker(op);
  auto ticket = breaker->Admit();
  if (!ticket.admitted()) {
    if (refused) *refused = true;
    Error e = Error::Unavailable(std::string(kCircuitOpen) + " for supplier " + options_.supplier_code + " " +
                                 std::string(OperationName(op)) + ": calls fail fast for " +
                                 std::to_string(ticket.retry_after().count()) + " ms more");
    Record(op, e, true, {}, call);
    co_return e;
  }
  CallOptions attempt = call;
  attempt.timeout = options_.timeouts.For(op);
  attempt.pool = std::string(PoolOf(op));
  const auto started = std::chrono::steady_clock::now();
  asio::steady_timer deadline(co_await asio::this_coro::executor, attempt.timeout + options_.grace);
  auto raced = co_await (fn(static_cast<const CallOptions&>(attempt)) ||
                         deadline.async_wait(asio::as_tuple(asio::use_awaitable)));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  Result<T> result = raced.index() == 0
                         ? std::get<0>(std::move(raced))
                         : Result<T>(Error::Timeout("supplier " + options_.supplier_code + " did not answer " +
                                                    std::string(OperationName(op)) + " within " +
                                                    std::to_string(attempt.timeout.count()) + " ms"));
  const bool transport = !result && IsTransportError(result.error().code);
  const bool outcome_unknown = !result && result.error().code == Errc::upstream_timeout &&
                               (op == Operation::kBook || op == Operation::kCommit);
  if (outcome_unknown) {
    // No verdict: a slow booking is not a broken supplier (the ticket only gives its slot back).
  } else if (transport) {
    ticket.Failed();
  } else {
    ticket.Succeeded();  // business answers (sold out, not found, …) prove the supplier healthy
  }
  if (!result) {
    Error e = result.error();  // error() is a copy
    e.detail = Redact(e.detail);
    result = std::move(e);
  }
  Record(op, result ? std::nullopt : std::optional<Error>(result.error()), false, elapsed, call);
  co_return result;
}

awaitable<bool> ResilientConnector::Backoff(Operation op, int retry) {
  retries_->WithLabels({options_.supplier_code, OperationName(op)}).Inc();
  auto cap = options_.retry.backoff;
  for (int i = 1; i < retry && cap < options_.retry.max_backoff; ++i) cap *= 2;
  cap = std::min(cap, options_.retry.max_backoff);
  const auto wait = options_.jitter ? options_.jitter(cap) : FullJitter(cap);
  if (wait.count() <= 0) co_return true;
  asio::steady_timer timer(co_await asio::this_coro::executor, wait);
  auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  co_return !ec;
}

template <class T, class Fn>
awaitable<Result<T>> ResilientConnector::Retrying(Operation op, const CallOptions& call, Fn fn) {
  for (int attempt = 1;; ++attempt) {
    bool refused = false;
    auto r = co_await Attempt<T>(op, call, fn, &refused);
    if (r || refused || !IsTransportError(r.error().code) || attempt >= options_.retry.max_attempts) co_return r;
    if (!co_await Backoff(op, attempt)) co_return r;
  }
}

awaitable<Result<supplier::SearchResult>> ResilientConnector::Search(const supplier::SearchRequest& request,
                                                                     const CallOptions& call) {
  co_return co_await Retrying<supplier::SearchResult>(
      Operation::kSearch, call, [&](const CallOptions& c) { return inner_->Search(request, c); });
}

awaitable<Result<supplier::Quote>> ResilientConnector::Recheck(const supplier::QuoteRequest& request,
                                                               const CallOptions& call) {
  co_return co_await Retrying<supplier::Quote>(Operation::kRecheck, call,
                                               [&](const CallOptions& c) { return inner_->Recheck(request, c); });
}

awaitable<Result<Booking>> ResilientConnector::Retrieve(const supplier::RetrieveRequest& request,
                                                        const CallOptions& call) {
  co_return co_await Retrying<Booking>(Operation::kRetrieve, call,
                                       [&](const CallOptions& c) { return inner_->Retrieve(request, c); });
}

awaitable<Result<Money>> ResilientConnector::QuoteCancel(const supplier::CancelRequest& request,
                                                         const CallOptions& call) {
  co_return co_await Retrying<Money>(Operation::kQuoteCancel, call,
                                     [&](const CallOptions& c) { return inner_->QuoteCancel(request, c); });
}

awaitable<Result<supplier::ContentPage>> ResilientConnector::Content(const supplier::ContentRequest& request,
                                                                     const CallOptions& call) {
  co_return co_await Retrying<supplier::ContentPage>(
      Operation::kContent, call, [&](const CallOptions& c) { return inner_->Content(request, c); });
}

awaitable<Result<Booking>> ResilientConnector::Commit(const Booking& held, const CallOptions& call) {
  co_return co_await Attempt<Booking>(Operation::kCommit, call,
                                      [&](const CallOptions& c) { return inner_->Commit(held, c); }, nullptr);
}

awaitable<Result<Booking>> ResilientConnector::Book(const supplier::BookRequest& request, const CallOptions& call) {
  const auto book = [&](const CallOptions& c) { return inner_->Book(request, c); };
  const supplier::RetrieveRequest lookup{request.client_reference, {}, request.check_in, request.check_out};
  const CallOptions check = Checking(call);
  bool refused = false;  // by the breaker: nothing was sent, nothing to check
  auto result = co_await Attempt<Booking>(Operation::kBook, call, book, &refused);
  if (result || refused || !IsTransportError(result.error().code)) co_return result;
  Error failure = result.error();
  for (int attempt = 2;; ++attempt) {
    // The failed attempt may have booked anyway (a timeout, a 5xx after the commit): ask the
    // supplier before anything else. Only "not found" lets us try again.
    auto found = co_await Retrieve(lookup, check);
    if (found) co_return found;
    if (found.error().code != Errc::not_found) co_return Unknown(failure, "booking", found.error());
    if (attempt > options_.retry.max_attempts) {
      failure.detail += "; no booking with client reference " + request.client_reference + " after " +
                        std::to_string(options_.retry.max_attempts) +
                        " attempts (a late confirmation may still appear: retrieve it before rebooking)";
      co_return failure;
    }
    if (!co_await Backoff(Operation::kBook, attempt - 1)) co_return failure;
    // Same client reference: if the first attempt did book after all, the supplier refuses a
    // duplicate instead of booking twice.
    auto again = co_await Attempt<Booking>(Operation::kBook, call, book, &refused);
    if (again) co_return again;
    if (refused) co_return failure;
    if (again.error().code == Errc::conflict) {
      auto existing = co_await Retrieve(lookup, check);
      if (existing) co_return existing;
      co_return Unknown(failure, "booking", existing.error());
    }
    if (!IsTransportError(again.error().code)) co_return again;
    failure = again.error();
  }
}

awaitable<Result<Booking>> ResilientConnector::Cancel(const supplier::CancelRequest& request, const CallOptions& call) {
  const auto cancel = [&](const CallOptions& c) { return inner_->Cancel(request, c); };
  const supplier::RetrieveRequest lookup{request.client_reference, request.supplier_reference, {}, {}};
  const CallOptions check = Checking(call);
  for (int attempt = 1;; ++attempt) {
    bool refused = false;
    auto result = co_await Attempt<Booking>(Operation::kCancel, call, cancel, &refused);
    if (result || refused) co_return result;
    const Errc code = result.error().code;
    // conflict: the supplier says it is cancelled already (or cannot be); a retrieve tells.
    if (!IsTransportError(code) && code != Errc::conflict) co_return result;
    auto found = co_await Retrieve(lookup, check);
    if (found && found->status == BookingStatus::kCancelled) co_return found;
    if (code == Errc::conflict) co_return result;
    if (!found) co_return Unknown(result.error(), "cancellation", found.error());
    if (attempt >= options_.retry.max_attempts || !co_await Backoff(Operation::kCancel, attempt)) co_return result;
  }
}

ConnectorHealth ResilientConnector::Health() const {
  std::lock_guard lock(mutex_);
  ConnectorHealth h = health_;
  h.breaker = WorstLocked();
  for (Operation op : kOperations) {
    const auto i = static_cast<std::size_t>(op);
    h.operations[i].breaker = breakers_[i] ? breakers_[i]->state() : api_gateway::BreakerState::closed;
  }
  return h;
}

}  // namespace hotel::supplier_adapter

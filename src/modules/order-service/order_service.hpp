// The order-service flows (issue 5 §3–4): quotes re-checked with the supplier, orders placed
// through risk and B2B2B credit holds, exactly-once supplier bookings, cancellations with
// per-tier penalties and refunds, the review queue, and the pollers that resolve what the
// supplier left open. Coroutines for supplier calls; every database step runs on the
// BlockingPool, and every status change is one transaction holding the guarded UPDATE, its
// transition row, the credit movements and the outbox event.
#pragma once

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "modules/order-service/booking_certainty.hpp"
#include "modules/order-service/model.hpp"
#include "modules/order-service/repository.hpp"
#include "modules/query-engine/offer.hpp"
#include "modules/risk-service/credit_ledger.hpp"
#include "modules/risk-service/risk_rules.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotel::pricing {
class PricingService;
}
namespace hotel::config {
class ConfigClient;
}
namespace hotel::events {
class OutboxRelay;
struct Event;
}

namespace hotel::orders {

struct OrderDeps {
  std::shared_ptr<supplier::SupplierDirectory> suppliers;
  std::shared_ptr<pricing::PricingService> pricing;
  std::shared_ptr<config::ConfigClient> config;  // may be null: defaults, every flag off
  std::shared_ptr<events::OutboxRelay> relay;    // may be null: Nudge() skipped
  std::string encryption_secret;                 // for OfferCodec; empty: ENCRYPTION_SECRET from the settings
};

struct OrderOptions {
  std::chrono::minutes quote_ttl{15};         // config "order.quote.ttl_minutes" overrides
  int risk_threshold = 80;                    // RISK_SCORE_THRESHOLD
  std::chrono::minutes order_expiry{30};      // ORDER_EXPIRY_MINUTES
  // Booking certainty (booking_certainty.hpp). This process's instance: the worker of the
  // orders it books or checks; a BOOKING order whose worker's process is gone is resumed by
  // any poller at once. Empty (tests): only the leases below free an order.
  ports::LeaseOwner owner;
  // How long the placing process holds a BOOKING order at most (its supplier call, retries and
  // retrieves included) before a poller may take it over although the process looks alive.
  std::chrono::seconds booking_lease{600};
  // How long a poller holds an order it checks (its retrieve, commit or cancel).
  std::chrono::seconds check_lease{120};
  std::chrono::milliseconds poll_interval{2000};  // ORDER_POLL_INTERVAL_MS
  // Each open order is asked again after first × 2^checks, at most max.
  std::chrono::milliseconds check_first{2000};
  std::chrono::milliseconds check_max{60000};
  int poll_concurrency = 16;  // orders checked at once by one pass
  // How long a tenant's confirmed-order median (the amount_vs_history rule) is reused (0: never).
  std::chrono::seconds risk_history_ttl{60};
  // SUPPLIER_TEST_SCENARIOS: a request's X-Test-Scenario reaches the supplier (tests only).
  bool test_scenarios = false;
};

struct NewOrder {
  std::string quote_id;
  std::vector<std::vector<supplier::Guest>> guests;  // per room
  std::string contact_name, contact_email;
  std::optional<std::string> contact_phone, remark;
  std::string client_reference;
  bool accept_price_change = false;
  std::string test_scenario;  // passed to the supplier's Book (test mode only)
};

struct PlacedOrder {
  OrderRecord order;
  bool created = true;  // false: the same clientReference answered the existing order
};

struct OrderDetail {
  OrderRecord order;
  std::vector<Transition> transitions;
  std::vector<credit::Hold> holds;
};

struct CancelQuote {
  Money penalty, refund;
  std::vector<supplier::CancellationPenalty> policy;  // in the caller's money
  Instant as_of;
};

struct PollStats {
  int confirmed = 0, failed = 0, cancelled = 0, expired = 0, completed = 0, unresolved = 0;
};

class OrderService {
 public:
  OrderService(ports::Database& db, runtime::BlockingPool& pool, const Clock& clock, runtime::MetricsRegistry& metrics,
               runtime::Logger& log, OrderDeps deps, OrderOptions options);
  ~OrderService();

  boost::asio::awaitable<Result<QuoteRecord>> CreateQuote(const Principal& caller, std::string offer_id,
                                                          const runtime::TraceContext* trace, std::string test_scenario = {});
  boost::asio::awaitable<Result<QuoteRecord>> GetQuote(const Principal& caller, std::string quote_id);

  // Errors carry the order id in their detail when an order row was kept (402, 422).
  boost::asio::awaitable<Result<PlacedOrder>> PlaceOrder(const Principal& caller, NewOrder in,
                                                         const runtime::TraceContext* trace);
  boost::asio::awaitable<Result<OrderDetail>> GetOrder(const Principal& caller, std::string order_id);
  boost::asio::awaitable<Result<std::vector<OrderRecord>>> ListOrders(const Principal& caller, OrderFilter filter);

  boost::asio::awaitable<Result<CancelQuote>> QuoteCancellation(const Principal& caller, std::string order_id);
  boost::asio::awaitable<Result<OrderRecord>> Cancel(const Principal& caller, std::string order_id,
                                                     const runtime::TraceContext* trace);

  // The review queue (platform staff): PENDING_REVIEW orders, oldest first.
  boost::asio::awaitable<Result<std::vector<OrderRecord>>> Reviews(int limit, std::optional<std::string> after);
  boost::asio::awaitable<Result<OrderRecord>> Approve(const Principal& reviewer, std::string order_id,
                                                      const runtime::TraceContext* trace);
  boost::asio::awaitable<Result<OrderRecord>> Reject(const Principal& reviewer, std::string order_id,
                                                     std::string reason);

  // One pass of the background work: every order whose next look is due (open bookings, final
  // orders under a ghost watch) and every BOOKING order whose process is gone is checked with
  // the supplier and moved as booking_certainty.hpp decides; reviews waiting too long expire;
  // stays that ended complete.
  boost::asio::awaitable<PollStats> PollOnce();
  // The certainty policy of a supplier's bookings (protocol defaults, config overrides).
  CertaintyPolicy Certainty(const std::string& supplier) const;

  // The tenants that owe credit for an order placed by `tenant_path`, and how much each.
  static std::vector<CreditShare> SharesFor(std::string_view tenant_path, const boost::json::object& breakdown);

  const OrderOptions& options() const { return options_; }
  OrderRepository& repository() { return repo_; }
  credit::CreditLedger& ledger() { return ledger_; }

 private:
  // Inside a transaction: the guarded UPDATE, its transition row and the event. false when
  // the order was not in `from` any more.
  Result<bool> Move(ports::SqlSession& s, const OrderRecord& o, OrderStatus from, OrderStatus to,
                    const std::string& actor, const std::string& reason, const OrderChanges& changes,
                    const std::string& trace_id, OrderRecord* after = nullptr);
  // Inserts a new order straight into `to` (from PENDING, by `actor` for `reason`), with both
  // transition rows and both events (order.created, then `to`'s).
  Result<void> InsertAs(ports::SqlSession& s, OrderRecord& o, OrderStatus to, const std::string& actor,
                        const std::string& reason, const std::string& trace_id);
  events::Event CreatedEvent(const OrderRecord& o, const std::string& trace_id) const;
  events::Event TransitionEvent(const OrderRecord& o, OrderStatus from, OrderStatus to, const std::string& actor,
                                const std::string& reason, const OrderChanges& changes, const std::string& trace_id) const;
  // Holds each share's credit: on the share's account_id when set (read with the others when
  // the order was placed), else on the tenant's account looked up now.
  Result<void> PlaceHolds(ports::SqlSession& s, const OrderRecord& o, const std::string& actor);
  // The credit accounts of the order's tenants in its currency, in one query: each share gets
  // its account_id (the capture then needs no read), and the caller's account is returned for
  // risk scoring.
  Result<std::optional<credit::Account>> ReadAccounts(ports::SqlSession& s, OrderRecord& o);
  Result<std::optional<OrderRecord>> Reload(const std::string& id);
  Result<OrderRecord> Visible(const Principal& caller, const std::string& id);

  // The supplier booking of an order in BOOKING, outside any transaction, then its outcome.
  boost::asio::awaitable<OrderRecord> Book(OrderRecord order, std::string rate_token,
                                           const runtime::TraceContext* trace, std::string test_scenario = {});
  // Settles an order after the supplier said `status`: one transaction, holds captured or
  // released, and the certainty columns set to `schedule` (default: nobody works on it, no
  // next look).
  Result<OrderRecord> Resolve(const OrderRecord& o, OrderStatus from, OrderStatus to, const std::string& reason,
                              std::optional<std::string> supplier_reference, const std::string& trace_id,
                              const Schedule& schedule = {});

  // The supplier cancel of an order in CANCELLING (entered from `from`) and its end: refunds
  // per tier, or back to `from` when the supplier refused or could not be reached. Run by the
  // cancelling request, or by a poller when that request's process died on the way.
  boost::asio::awaitable<Result<OrderRecord>> CompleteCancel(OrderRecord o, OrderStatus from, std::string actor,
                                                             const runtime::TraceContext* trace);

  // Booking certainty (poller.cpp). What happened to an order the caller works on (claimed):
  // carries out `d` (commit, resend, compensating or ghost cancel) and moves or reschedules the
  // order. `found`: the supplier's booking the decision was made on, if any.
  struct CheckContext {
    const runtime::TraceContext* trace = nullptr;
    std::string rate_token;  // for kBookAgain
    bool resent = false;     // a resend was made already: its refusal proves nothing
  };
  boost::asio::awaitable<Result<OrderRecord>> Carry(const OrderRecord& o, Decision d,
                                                    std::optional<supplier::Booking> found, CheckContext ctx);
  // Claims `o` and checks it with the supplier (retrieve, then Decide and Carry). nullopt: not
  // claimed (someone else works on it).
  boost::asio::awaitable<std::optional<Result<OrderRecord>>> CheckOrder(OrderRecord o, const runtime::TraceContext* trace);
  CertaintyView ViewOf(const OrderRecord& o, bool quote_valid, bool refusal_is_certain) const;
  // An order waiting for its next look: ON_REQUEST (from BOOKING, a transition) or still so.
  Result<OrderRecord> Wait(const OrderRecord& o, const std::string& reason,
                           std::optional<std::string> supplier_reference, const std::string& trace_id);
  // Ends a final order's watch, or moves its next look on.
  Result<void> Rewatch(const OrderRecord& o, bool end);
  void GhostFound(const OrderRecord& o, const supplier::Booking& found, const Result<supplier::Booking>& cancelled,
                  const runtime::TraceContext* trace);
  Schedule Watching(const OrderRecord& o) const;
  // A conflict on (tenant, clientReference): the existing order when it is for the same quote.
  Result<PlacedOrder> ExistingOr(const Error& error, const OrderRecord& o);
  // What a repeated clientReference answers: the order it made (its booking finished first
  // when a dead process left it in BOOKING), or a conflict when it was for another quote.
  boost::asio::awaitable<Result<PlacedOrder>> Answer(OrderRecord existing, const std::string& quote_id,
                                                     const std::string& client_reference,
                                                     const runtime::TraceContext* trace);
  Result<PlacedOrder> Insert(OrderRecord& o, const std::string& trace_id);
  Result<std::string> RateToken(const std::string& quote_id);
  // `account`: the caller's credit account in the order's currency, when it has one.
  Result<risk::RiskAssessment> Score(ports::SqlSession& s, const OrderRecord& o,
                                     const std::optional<credit::Account>& account);
  struct TenantHistory {
    int orders = 0;                            // confirmed orders the median is of (≤ 500)
    std::optional<std::int64_t> median_minor;  // none: no confirmed order yet
  };
  Result<TenantHistory> History(ports::SqlSession& s, const std::string& tenant_id, const std::string& currency);
  std::chrono::minutes QuoteTtl() const;
  bool AutoReject(const std::string& tenant_id) const;
  void Nudge();
  void Count(OrderStatus to);

  ports::Database& db_;
  runtime::BlockingPool& pool_;
  const Clock& clock_;
  runtime::Logger& log_;
  OrderDeps deps_;
  OrderOptions options_;
  OrderRepository repo_;
  credit::CreditLedger ledger_;
  query::OfferCodec codec_;
  runtime::CounterFamily* orders_total_;
  runtime::CounterFamily* quotes_total_;
  runtime::CounterFamily* resolutions_;
  runtime::Histogram* booking_duration_;
  runtime::CounterFamily* net_mismatches_;
  runtime::CounterFamily* ghosts_;
  runtime::CounterFamily* checks_;
  struct CachedHistory {
    TenantHistory value;
    std::chrono::steady_clock::time_point expires;
  };
  std::mutex history_mu_;
  std::unordered_map<std::string, CachedHistory> history_;
};

// "... (order ord_…)" appended to an error's detail: the client can look the order up.
Error WithOrder(Error e, const std::string& order_id);

}  // namespace hotel::orders

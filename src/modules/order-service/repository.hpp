// Order-service's SQL: quotes, orders, their transitions, lists and the figures risk scoring
// needs. Every function takes the caller's session, so a state change, its transition row,
// the credit movements and the outbox events commit together.
#pragma once

#include "modules/order-service/model.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::orders {

struct OrderFilter {
  std::string tenant_path_prefix;  // "" = every tenant (platform staff)
  std::optional<OrderStatus> status;
  std::optional<std::string> client_reference, hotel_id;
  std::optional<Date> check_in_from, check_in_to;
  std::optional<std::string> created_from, created_to;  // ISO 8601 instants, inclusive / exclusive
  int limit = 50;
  std::optional<std::string> after;  // cursor: the last id of the previous page (newest first)
};

// The booking-certainty columns (OrderRecord), written together: an absent one is NULL.
// `worker` empty: nobody works on the order now (the poller looks at `next_check_at`).
struct Schedule {
  std::optional<std::string> worker, worker_until, next_check_at, watch_until;
  int checks = 0;
};

// Optional columns set together with a status change.
struct OrderChanges {
  std::optional<std::string> status_reason;
  std::optional<std::string> supplier_booking_reference;
  std::optional<std::int64_t> cancel_penalty_minor, refunded_minor;
  std::optional<std::string> reviewed_by, reviewed_at;
  std::optional<Schedule> schedule;                 // absent: those columns stay
  std::optional<std::string> booking_started_at;    // entering BOOKING: the first attempt
};

// What the risk rules read about a tenant. Each count stops at its cap (a rule only needs to
// know whether its threshold is reached; a cap of 0 skips the count: the rule is off), so
// no figure costs more than a short index range however busy the tenant is.
struct RiskFigureQuery {
  std::string tenant_id, lead_guest;
  std::string hour_ago, day_ago;  // ISO 8601 instants
  int hour_cap = 0, day_cap = 0, guest_cap = 0, failed_cap = 0;
};
struct RiskFigures {
  int orders_last_hour = 0, orders_last_day = 0, same_guest_last_day = 0, failed_last_day = 0;
  std::optional<std::string> tenant_created_at;
};

class OrderRepository {
 public:
  explicit OrderRepository(ports::Dialect dialect) : dialect_(dialect) {}

  Result<void> InsertQuote(ports::SqlSession& s, const QuoteRecord& q);
  Result<std::optional<QuoteRecord>> FindQuote(ports::SqlSession& s, const std::string& id);

  // conflict when (tenant, client reference) exists.
  Result<void> InsertOrder(ports::SqlSession& s, const OrderRecord& o);
  Result<std::optional<OrderRecord>> FindOrder(ports::SqlSession& s, const std::string& id);
  Result<std::optional<OrderRecord>> FindByClientReference(ports::SqlSession& s, const std::string& tenant_id,
                                                           const std::string& client_reference);
  // The guarded status change `WHERE id = $1 AND status = $2`: false when the order was not
  // in `from` any more (another actor moved it first). Bumps version and updated_at.
  // `after`, when given, receives the row as updated (RETURNING: no read back).
  Result<bool> UpdateStatus(ports::SqlSession& s, const std::string& id, OrderStatus from, OrderStatus to,
                            const OrderChanges& changes, const std::string& now, OrderRecord* after = nullptr);
  Result<void> AppendTransition(ports::SqlSession& s, const std::string& order_id, std::optional<OrderStatus> from,
                                OrderStatus to, const std::string& actor, const std::string& reason,
                                const std::string& at);
  Result<std::vector<Transition>> Transitions(ports::SqlSession& s, const std::string& order_id);
  // The status an order was in before it last entered `to` (nullopt: never entered it).
  Result<std::optional<OrderStatus>> EnteredFrom(ports::SqlSession& s, const std::string& order_id, OrderStatus to);
  // The transitions of an order just inserted (seq as given), in one statement.
  Result<void> AppendFirstTransitions(ports::SqlSession& s, const std::string& order_id,
                                      const std::vector<Transition>& steps);

  Result<std::vector<OrderRecord>> List(ports::SqlSession& s, const OrderFilter& f);
  // Orders whose next look is due at `now` (oldest first): open bookings and final orders
  // under a ghost watch.
  Result<std::vector<OrderRecord>> DueForCheck(ports::SqlSession& s, const std::string& now, int limit);
  // BOOKING and CANCELLING orders whose worker's process is gone (no heartbeat after `alive_after_ms`).
  Result<std::vector<OrderRecord>> OrphanedBookings(ports::SqlSession& s, std::int64_t alive_after_ms, int limit);
  // Takes the order for `me` until `until` when nobody works on it (no worker, or its lease
  // ended at `now`, or its process is gone) and it is still in `status`. False: someone is.
  Result<bool> Claim(ports::SqlSession& s, const std::string& id, OrderStatus status, const std::string& me,
                     const std::string& until, const std::string& now, std::int64_t alive_after_ms);
  // Sets the certainty columns (and the reason, when given) of an order still in `status`.
  Result<bool> Reschedule(ports::SqlSession& s, const std::string& id, OrderStatus status, const Schedule& schedule,
                          const std::optional<std::string>& status_reason, const std::string& now);
  // Orders in `status` whose expires_at is before `now`.
  Result<std::vector<OrderRecord>> DueToExpire(ports::SqlSession& s, OrderStatus status, const std::string& now,
                                               int limit);
  // CONFIRMED orders whose check-out is before `day`.
  Result<std::vector<OrderRecord>> ConfirmedEndedBefore(ports::SqlSession& s, Date day, int limit);

  Result<RiskFigures> Figures(ports::SqlSession& s, const RiskFigureQuery& q);
  // The tenant's last `limit` confirmed (or completed) order prices in `currency`, newest first.
  Result<std::vector<std::int64_t>> ConfirmedAmounts(ports::SqlSession& s, const std::string& tenant_id,
                                                     const std::string& currency, int limit);
  Result<std::optional<std::string>> HotelName(ports::SqlSession& s, const std::string& master_hotel_id);
  Result<std::optional<std::string>> TenantCurrency(ports::SqlSession& s, const std::string& tenant_id);

 private:
  std::string Ts(std::string_view column) const;
  std::string Day(std::string_view column) const;
  std::string OrderColumns() const;
  ports::Dialect dialect_;
};

}  // namespace hotel::orders

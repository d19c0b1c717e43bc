// Order-service's domain: quotes, orders and their lifecycle as a pure state machine, the
// supplier reference derived from an order, and cancellation penalty arithmetic. No I/O.
#pragma once

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/ids.hpp"
#include "core/money.hpp"
#include "ports/supplier_connector.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::orders {

// PENDING → (risk + credit hold) → BOOKING → CONFIRMED | FAILED | ON_REQUEST; ON_REQUEST is
// resolved by polling; CONFIRMED → CANCELLING → CANCELLED, or COMPLETED after check-out.
// PENDING_REVIEW waits for a person; anything unconfirmed EXPIRES.
enum class OrderStatus {
  kPending, kPendingReview, kRejected, kBooking, kConfirmed, kFailed, kOnRequest, kCancelling, kCancelled,
  kExpired, kCompleted,
};
std::string_view StatusName(OrderStatus s);                     // "PENDING_REVIEW"
std::optional<OrderStatus> ParseStatus(std::string_view name);  // the same names
bool IsTerminal(OrderStatus s);
// Whether the lifecycle allows `from` → `to` (every guarded UPDATE asks this first).
bool CanTransition(OrderStatus from, OrderStatus to);
// The outbox event type of entering `to` ("order.confirmed"); "order.cancelling" included.
std::string EventTypeFor(OrderStatus to);

// OUR reference at the supplier, stable per order and ≤ 28 characters [A-Za-z0-9]:
// "HP" + the order id's ULID in upper case.
std::string SupplierReferenceKey(std::string_view order_id);

// What the supplier needs to re-check and book again, kept inside the quote (internal).
struct OfferData {
  std::string supplier, hotel_code, country, city, nationality;
  Date check_in, check_out;
  std::vector<supplier::RoomOccupancy> rooms;
  supplier::Rate rate;  // the rechecked rate (token, net, policy)
};
boost::json::object OfferDataToJson(const OfferData& o);
Result<OfferData> OfferDataFromJson(const boost::json::value& v);

// What each tier owes its parent for a booking: a tenant and an amount in the order's currency.
struct CreditShare {
  std::string tenant_id;
  Money amount;
  std::string account_id{};  // the account its hold is on, when known when the order was placed
};
boost::json::array SharesToJson(const std::vector<CreditShare>& shares);
std::vector<CreditShare> SharesFromJson(const boost::json::value& v);

boost::json::object MoneyJson(const Money& m);
std::optional<Money> MoneyFromJson(const boost::json::value& v);
boost::json::array PolicyToJson(const std::vector<supplier::CancellationPenalty>& policy);
std::vector<supplier::CancellationPenalty> PolicyFromJson(const boost::json::value& v);

struct QuoteRecord {
  std::string id;  // qte_…
  std::string tenant_id, tenant_path, created_by;
  OfferData offer;
  std::string master_hotel_id;
  std::optional<std::string> hotel_name;
  supplier::QuoteStatus status = supplier::QuoteStatus::kAvailable;
  Money price;
  std::optional<Money> previous_price;
  Money net;
  boost::json::object breakdown;  // {lines:[…], priceAfterPlatform, priceAfterDistributor, fxRateE10}
  std::vector<supplier::CancellationPenalty> cancellation;  // supplier's, in net currency
  bool refundable = true;
  std::string expires_at, created_at;
};

struct Transition {
  int seq = 0;
  std::optional<std::string> from;
  std::string to, actor, reason, at;
};

struct OrderRecord {
  std::string id;  // ord_…
  std::string tenant_id, tenant_path, quote_id, client_reference, supplier_reference_key;
  std::string supplier, hotel_code, master_hotel_id;
  std::optional<std::string> hotel_name;
  Date check_in, check_out;
  boost::json::array rooms, guests;
  boost::json::object contact;
  std::string lead_guest;
  std::optional<std::string> remark;
  std::string room_name, board;
  OrderStatus status = OrderStatus::kPending;
  std::optional<std::string> status_reason;
  Money price, net;
  boost::json::object breakdown;
  std::vector<CreditShare> credit;
  std::vector<supplier::CancellationPenalty> cancellation;
  bool refundable = true;
  std::optional<std::string> supplier_booking_reference;
  int risk_score = 0;
  boost::json::array risk_reasons;
  std::optional<std::string> reviewed_by, reviewed_at;
  std::optional<std::int64_t> cancel_penalty_minor, refunded_minor;
  std::string expires_at, created_by, created_at, updated_at;
  std::int64_t version = 1;
  // Booking certainty (booking_certainty.hpp), internal, never shown to callers: the process
  // instance working on the order at the supplier now and until when at the latest, the first
  // supplier attempt, the poller's next look and how many it took, a final order's ghost watch.
  std::optional<std::string> worker, worker_until, booking_started_at, next_check_at, watch_until;
  int checks = 0;
};

// The supplier booking request of an order (its stay, rooms, guests, net and remark) under
// our client reference, for the first attempt and for a resend alike. Tolerant of what the
// stored JSON holds: a malformed room or guest is skipped, never thrown on.
supplier::BookRequest BookRequestFor(const OrderRecord& o, std::string rate_token);

// The supplier's penalty for cancelling at `at`: the last policy point whose `from` ≤ at
// (points are absolute amounts for the whole booking), zero before the first; a
// non-refundable rate without points costs the whole net.
Money SupplierPenaltyAt(const std::vector<supplier::CancellationPenalty>& policy, const Money& net, bool refundable,
                        Instant at);
// A tier's share of a supplier penalty: charged × penalty / net, rounded half away from zero,
// never more than charged. (Each tier passes the supplier's penalty on in proportion to what
// it was charged, so nobody's margin turns negative on a cancellation.)
std::int64_t TierPenalty(std::int64_t charged_minor, std::int64_t supplier_penalty_minor, std::int64_t net_minor);
// The policy in the caller's money: each point's penalty scaled to `price` (TierPenalty).
std::vector<supplier::CancellationPenalty> PolicyForPrice(const std::vector<supplier::CancellationPenalty>& policy,
                                                          const Money& price, const Money& net);

}  // namespace hotel::orders

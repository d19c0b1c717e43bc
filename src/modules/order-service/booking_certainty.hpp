// Booking certainty (issue 13): what the platform may conclude from what a supplier says about
// a booking attempt, and when. A supplier can confirm minutes after a booking call timed out
// (and be unable to find the booking meanwhile), so "not found" means "not booked" only once
// the supplier's confirmation window has passed; until then an order whose outcome is unknown
// stays ON_REQUEST and is asked again with back-off. Declaring an order failed or expired is
// preceded by a compensating cancel by our client reference, and an order that ended while a
// late confirmation was still possible is watched for a while: a booking that appears for it
// is cancelled (a ghost). Pure decisions, no I/O: the poller and the booking path act on them.
//
// What "not found" means, per protocol (the defaults; config key `order.booking.certainty`):
// - hbx-json (Hotelbeds APItude): bookings are found by clientReference in the booking list;
//   a booking whose call timed out or failed with a 5xx may be missing from it for ~90 s.
//   Not found up to 10 min after the attempt: maybe late. After: not booked.
// - rapid-json (Expedia Rapid): itineraries are retrieved by affiliate_reference_id; Expedia
//   advises retrying retrieval for 30 minutes after a failed booking call. Window 30 min.
// - ota-xml (OpenTravel): reservations are read by our ResID (type 16); a two-phase sell not
//   committed lapses after the supplier's hold time (10 min is common); a commit can still be
//   recorded late. Window 15 min.
// - anything else: 30 min.
// After the window, an order not found is cancelled by client reference (where the supplier
// finds nothing, that is its confirmation) and then FAILED; it stays watched for
// `ghost_watch` (default 1 h): a booking found for it then is cancelled, logged at ERROR and
// counted in order_ghost_bookings_total.
//
// The rule for a booking found late: an order the client has not yet been told is final
// (BOOKING or ON_REQUEST, however long ago) takes the booking (CONFIRMED); an order already
// final (FAILED, EXPIRED, CANCELLED) never changes again: the booking is cancelled.
#pragma once

#include "core/clock.hpp"
#include "modules/order-service/model.hpp"
#include "ports/supplier_connector.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::orders {

struct CertaintyPolicy {
  // How long after the first booking attempt a booking may still appear at the supplier.
  std::chrono::seconds confirmation_window{1800};
  // How long an order that ended before it could be sure keeps being looked up afterwards.
  std::chrono::seconds ghost_watch{3600};
};

// The protocol's defaults (above).
CertaintyPolicy DefaultCertainty(std::string_view protocol);
// The config key's value: {"default": {...}, "<protocol>": {...}, "<SUPPLIER>": {...}}, each
// {"confirmationWindowS": 5..86400, "ghostWatchS": 0..604800} (either may be absent); the
// most specific entry wins per field. An invalid value yields the defaults (the config API
// refuses one on write).
inline constexpr std::string_view kCertaintyKey = "order.booking.certainty";
CertaintyPolicy CertaintyFor(const boost::json::value* config, std::string_view supplier, std::string_view protocol);

// What a supplier call told about the booking of an order.
enum class Seen {
  kConfirmed,    // booked
  kPending,      // on request / unknown at the supplier: it may still confirm
  kHeld,         // a two-phase hold, not committed
  kRefused,      // the supplier says it did not book (sold out, refused data, failed, cancelled)
  kNotFound,     // the supplier has no booking under our reference (now)
  kUnreachable,  // no answer we can rely on (timeout, 5xx, throttled, duplicate we cannot read)
};
std::string_view SeenName(Seen s);
// A Book/Commit (`answers_book`) or Retrieve result as Seen; `reason` gets a short code for the
// order's statusReason. Only an answer to a booking request can refuse it: a retrieve that
// fails other than with not_found is unreachable, one that finds the booking failed or
// cancelled is a refusal.
Seen SeenOf(const Result<supplier::Booking>& r, bool answers_book, std::string* reason = nullptr);

// Where the order stands, as the decision needs it.
struct CertaintyView {
  OrderStatus status = OrderStatus::kOnRequest;
  Instant attempted_at{};                 // first supplier attempt (booking_started_at)
  Instant expires_at{};                   // the order's own expiry (unconfirmed orders)
  std::optional<Instant> watch_until;     // a final order's ghost watch
  bool quote_valid = false;               // its quote has not expired (it may be sent again)
  // The supplier's refusal counts as certain: it answered the only booking request ever sent
  // for this order (the live first attempt). After a restart or a resend it does not.
  bool refusal_is_certain = false;
};

enum class Action {
  kConfirm,        // → CONFIRMED (holds captured)
  kFail,           // → FAILED (holds released); reason says why
  kWait,           // stays; asked again after the back-off
  kCommitHold,     // commit the two-phase hold, then decide on the answer
  kBookAgain,      // send the booking (same client reference: a duplicate is refused)
  kCancelAndFail,  // compensating cancel by reference; nothing live → FAILED
  kCancelAndExpire,  // cancel what the supplier holds for it; cancelled → EXPIRED
  kCancelGhost,    // a final order has a live booking: cancel it (ghost)
  kEndWatch,       // a final order's watch is over: stop looking
};
std::string_view ActionName(Action a);

struct Decision {
  Action action = Action::kWait;
  std::string reason;  // statusReason for a transition ("not_found_at_supplier", …)
};

// The decision for an order in BOOKING/ON_REQUEST (outcome open) or FAILED/EXPIRED/CANCELLED
// under watch, given what the supplier said just now.
Decision Decide(const CertaintyView& order, Seen seen, std::string_view seen_reason, Instant now,
                const CertaintyPolicy& policy);

// The poller's back-off: `first` × 2^checks, at most `max`.
std::chrono::milliseconds PollDelay(int checks, std::chrono::milliseconds first, std::chrono::milliseconds max);

}  // namespace hotel::orders

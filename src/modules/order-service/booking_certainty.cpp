// Booking certainty: per-protocol windows, their config overrides, and the decision table.
#include "modules/order-service/booking_certainty.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>

namespace hotel::orders {
namespace {

namespace json = boost::json;
using S = OrderStatus;
using namespace std::chrono_literals;

// Applies the fields of one config entry that are valid; others keep what was there.
void Apply(const json::value* entry, CertaintyPolicy& p) {
  if (!entry || !entry->is_object()) return;
  const auto& o = entry->get_object();
  if (const auto* w = o.if_contains("confirmationWindowS"); w && w->is_int64()) {
    const auto v = w->get_int64();
    if (v >= 5 && v <= 86400) p.confirmation_window = std::chrono::seconds(v);
  }
  if (const auto* g = o.if_contains("ghostWatchS"); g && g->is_int64()) {
    const auto v = g->get_int64();
    if (v >= 0 && v <= 7 * 86400) p.ghost_watch = std::chrono::seconds(v);
  }
}

bool IsOpen(S s) { return s == S::kBooking || s == S::kOnRequest; }

}  // namespace

CertaintyPolicy DefaultCertainty(std::string_view protocol) {
  if (protocol == "hbx-json") return {600s, 3600s};
  if (protocol == "ota-xml") return {900s, 3600s};
  return {1800s, 3600s};  // rapid-json and anything else: Expedia's 30 minutes
}

CertaintyPolicy CertaintyFor(const json::value* config, std::string_view supplier, std::string_view protocol) {
  CertaintyPolicy p = DefaultCertainty(protocol);
  if (!config || !config->is_object()) return p;
  const auto& o = config->get_object();
  for (std::string_view key : {std::string_view("default"), protocol, supplier}) {
    if (key.empty()) continue;
    Apply(o.if_contains(key), p);
  }
  return p;
}

std::string_view SeenName(Seen s) {
  static constexpr std::array<std::string_view, 6> kNames{"confirmed", "pending", "held", "refused", "not_found",
                                                          "unreachable"};
  return kNames[static_cast<std::size_t>(s)];
}

std::string_view ActionName(Action a) {
  static constexpr std::array<std::string_view, 9> kNames{"confirm",           "fail",          "wait",
                                                          "commit_hold",       "book_again",    "cancel_and_fail",
                                                          "cancel_and_expire", "cancel_ghost",  "end_watch"};
  return kNames[static_cast<std::size_t>(a)];
}

Seen SeenOf(const Result<supplier::Booking>& r, bool answers_book, std::string* reason) {
  const auto say = [&](std::string_view why, Seen seen) {
    if (reason) *reason = std::string(why);
    return seen;
  };
  if (r) {
    switch (r->status) {
      case supplier::BookingStatus::kConfirmed: return say("confirmed", Seen::kConfirmed);
      case supplier::BookingStatus::kOnRequest: return say("on_request", Seen::kPending);
      case supplier::BookingStatus::kUnknown: return say("unknown", Seen::kPending);
      case supplier::BookingStatus::kHeld: return say("held", Seen::kHeld);
      case supplier::BookingStatus::kFailed: return say("supplier_failed", Seen::kRefused);
      case supplier::BookingStatus::kCancelled: return say("supplier_cancelled", Seen::kRefused);
    }
    return say("unknown", Seen::kPending);
  }
  const Errc code = r.error().code;
  if (code == Errc::not_found) return say("not_found_at_supplier", Seen::kNotFound);
  if (!answers_book) return say(CodeName(code), Seen::kUnreachable);
  switch (code) {
    // The supplier answered and refused this booking.
    case Errc::sold_out:
    case Errc::price_changed:
    case Errc::validation_failed:
    case Errc::gone: return say(CodeName(code), Seen::kRefused);
    // A duplicate reference the retrieve could not read, timeouts, 5xx, throttling, an open
    // breaker: nobody can vouch for the outcome.
    default: return say(CodeName(code), Seen::kUnreachable);
  }
}

Decision Decide(const CertaintyView& o, Seen seen, std::string_view seen_reason, Instant now,
                const CertaintyPolicy& policy) {
  const std::string why(seen_reason);
  if (!IsOpen(o.status)) {
    // A final order under watch: it never changes again; a live booking for it is a ghost.
    if (seen == Seen::kConfirmed || seen == Seen::kPending || seen == Seen::kHeld) {
      return {Action::kCancelGhost, "ghost_" + why};
    }
    if (!o.watch_until || now >= *o.watch_until) return {Action::kEndWatch, ""};
    return {Action::kWait, ""};
  }
  const bool window_passed = now >= o.attempted_at + policy.confirmation_window;
  const bool wanted = now < o.expires_at;
  switch (seen) {
    case Seen::kConfirmed: return {Action::kConfirm, "confirmed"};
    case Seen::kHeld:
      // A hold made for this order (a process died between OTA Initiate and Commit, or a
      // commit timed out): finish it while the order is wanted, otherwise give the room back.
      return wanted ? Decision{Action::kCommitHold, "held"} : Decision{Action::kCancelAndExpire, "expired_held"};
    case Seen::kPending:
      return wanted ? Decision{Action::kWait, why} : Decision{Action::kCancelAndExpire, "expired_" + why};
    case Seen::kRefused:
      if (o.refusal_is_certain) return {Action::kFail, why};
      // A refusal of a resend proves nothing about the first request (the supplier may check
      // the rate before the reference): the window decides, as for "not found".
      [[fallthrough]];
    case Seen::kNotFound:
      if (o.status == S::kBooking && o.quote_valid && wanted && seen == Seen::kNotFound) {
        // Never reached the supplier (a process died before or during the call), or a late
        // confirmation that a resend under the same reference will meet as a duplicate.
        return {Action::kBookAgain, "resumed"};
      }
      if (window_passed) return {Action::kCancelAndFail, "not_found_at_supplier"};
      return {Action::kWait, o.status == S::kBooking ? std::string("unconfirmed_after_restart") : why};
    case Seen::kUnreachable: return {Action::kWait, why};
  }
  return {Action::kWait, why};
}

std::chrono::milliseconds PollDelay(int checks, std::chrono::milliseconds first, std::chrono::milliseconds max) {
  auto d = first;
  for (int i = 0; i < checks && d < max; ++i) d *= 2;
  return std::min(d, max);
}

}  // namespace hotel::orders

// The booking-certainty rules (issue 13): per-protocol windows and their config overrides,
// what each answer of a supplier leads to before and after the window, the late-booking rule
// (re-attached while open, cancelled once final), and the poller's back-off.
#include "modules/order-service/booking_certainty.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::orders {
namespace {

using namespace std::chrono_literals;
using S = OrderStatus;

const Instant kT0 = Instant(std::chrono::seconds(1'800'000'000));

CertaintyView Open(S status, Instant attempted, bool quote_valid = false, bool certain = true) {
  CertaintyView v;
  v.status = status;
  v.attempted_at = attempted;
  v.expires_at = attempted + 30min;
  v.quote_valid = quote_valid;
  v.refusal_is_certain = certain;
  return v;
}

const CertaintyPolicy kPolicy{600s, 3600s};

TEST(BookingCertainty, WindowsDifferByProtocolAndConfigOverridesTheMostSpecific) {
  EXPECT_EQ(DefaultCertainty("hbx-json").confirmation_window, 600s);
  EXPECT_EQ(DefaultCertainty("ota-xml").confirmation_window, 900s);
  EXPECT_EQ(DefaultCertainty("rapid-json").confirmation_window, 1800s);
  EXPECT_EQ(DefaultCertainty("something-new").confirmation_window, 1800s);
  for (auto p : {"hbx-json", "ota-xml", "rapid-json"}) EXPECT_GT(DefaultCertainty(p).confirmation_window, 300s) << p;

  const auto config = boost::json::parse(R"({
    "default": {"confirmationWindowS": 1200, "ghostWatchS": 7200},
    "hbx-json": {"confirmationWindowS": 300},
    "HBX2": {"confirmationWindowS": 45},
    "BAD": {"confirmationWindowS": 4, "ghostWatchS": -1}
  })");
  auto hbx = CertaintyFor(&config, "HBX", "hbx-json");
  EXPECT_EQ(hbx.confirmation_window, 300s) << "the protocol's entry beats the default";
  EXPECT_EQ(hbx.ghost_watch, 7200s) << "fields absent from it come from the default";
  EXPECT_EQ(CertaintyFor(&config, "HBX2", "hbx-json").confirmation_window, 45s) << "the supplier's entry beats both";
  EXPECT_EQ(CertaintyFor(&config, "RPD", "rapid-json").confirmation_window, 1200s);
  auto bad = CertaintyFor(&config, "BAD", "ota-xml");
  EXPECT_EQ(bad.confirmation_window, 1200s) << "out-of-range values are ignored";
  EXPECT_EQ(bad.ghost_watch, 7200s);
  const auto junk = boost::json::parse(R"([1, 2])");
  EXPECT_EQ(CertaintyFor(&junk, "RPD", "rapid-json").confirmation_window, 1800s);
  EXPECT_EQ(CertaintyFor(nullptr, "OTA", "ota-xml").confirmation_window, 900s);
}

TEST(BookingCertainty, NotFoundIsNotFailedBeforeTheWindowPasses) {
  const auto order = Open(S::kOnRequest, kT0);
  auto before = Decide(order, Seen::kNotFound, "not_found_at_supplier", kT0 + 599s, kPolicy);
  EXPECT_EQ(before.action, Action::kWait);
  auto after = Decide(order, Seen::kNotFound, "not_found_at_supplier", kT0 + 600s, kPolicy);
  EXPECT_EQ(after.action, Action::kCancelAndFail) << "a compensating cancel first, then FAILED";
  EXPECT_EQ(after.reason, "not_found_at_supplier");
  // Past the order's own expiry but inside the window: still waiting (the booking may appear).
  auto short_window = kPolicy;
  short_window.confirmation_window = 3600s;
  EXPECT_EQ(Decide(order, Seen::kNotFound, "", kT0 + 40min, short_window).action, Action::kWait);
}

TEST(BookingCertainty, AnOpenOrderTakesABookingFoundLateWhateverItsAge) {
  for (S status : {S::kBooking, S::kOnRequest}) {
    const auto order = Open(status, kT0);
    for (auto at : {kT0 + 1s, kT0 + 599s, kT0 + 2h}) {
      auto d = Decide(order, Seen::kConfirmed, "confirmed", at, kPolicy);
      EXPECT_EQ(d.action, Action::kConfirm) << StatusName(status);
    }
  }
}

TEST(BookingCertainty, AFinalOrderNeverChangesAndItsLateBookingIsAGhost) {
  for (S status : {S::kFailed, S::kExpired, S::kCancelled}) {
    auto order = Open(status, kT0);
    order.watch_until = kT0 + 2h;
    for (Seen live : {Seen::kConfirmed, Seen::kPending, Seen::kHeld}) {
      auto d = Decide(order, live, "confirmed", kT0 + 20min, kPolicy);
      EXPECT_EQ(d.action, Action::kCancelGhost) << StatusName(status) << " " << SeenName(live);
    }
    // Even after its watch: whatever is found live is cancelled, never re-attached.
    EXPECT_EQ(Decide(order, Seen::kConfirmed, "confirmed", kT0 + 3h, kPolicy).action, Action::kCancelGhost);
    EXPECT_EQ(Decide(order, Seen::kNotFound, "", kT0 + 1h, kPolicy).action, Action::kWait);
    EXPECT_EQ(Decide(order, Seen::kRefused, "supplier_cancelled", kT0 + 1h, kPolicy).action, Action::kWait);
    EXPECT_EQ(Decide(order, Seen::kUnreachable, "", kT0 + 1h, kPolicy).action, Action::kWait);
    EXPECT_EQ(Decide(order, Seen::kNotFound, "", kT0 + 2h, kPolicy).action, Action::kEndWatch);
  }
}

TEST(BookingCertainty, ARefusalIsCertainOnlyAsTheAnswerToTheOnlyRequestSent) {
  auto first = Open(S::kBooking, kT0, false, /*certain=*/true);
  auto d = Decide(first, Seen::kRefused, "sold_out", kT0 + 1s, kPolicy);
  EXPECT_EQ(d.action, Action::kFail);
  EXPECT_EQ(d.reason, "sold_out");
  // A resend after a restart was refused: the first request may still have booked.
  auto resent = Open(S::kBooking, kT0, false, /*certain=*/false);
  EXPECT_EQ(Decide(resent, Seen::kRefused, "sold_out", kT0 + 1s, kPolicy).action, Action::kWait);
  EXPECT_EQ(Decide(resent, Seen::kRefused, "sold_out", kT0 + 601s, kPolicy).action, Action::kCancelAndFail);
}

TEST(BookingCertainty, ABookingOfADeadProcessIsSentAgainOnlyWhileItsQuoteHolds) {
  auto wanted = Open(S::kBooking, kT0, /*quote_valid=*/true);
  EXPECT_EQ(Decide(wanted, Seen::kNotFound, "", kT0 + 5s, kPolicy).action, Action::kBookAgain);
  auto stale_quote = Open(S::kBooking, kT0, /*quote_valid=*/false);
  auto d = Decide(stale_quote, Seen::kNotFound, "", kT0 + 5s, kPolicy);
  EXPECT_EQ(d.action, Action::kWait);
  EXPECT_EQ(d.reason, "unconfirmed_after_restart");
  EXPECT_EQ(Decide(stale_quote, Seen::kNotFound, "", kT0 + 601s, kPolicy).action, Action::kCancelAndFail);
  // Found at the supplier: the dead process's request did arrive.
  EXPECT_EQ(Decide(wanted, Seen::kConfirmed, "", kT0 + 5s, kPolicy).action, Action::kConfirm);
  EXPECT_EQ(Decide(wanted, Seen::kPending, "on_request", kT0 + 5s, kPolicy).action, Action::kWait);
}

TEST(BookingCertainty, AHoldIsCommittedWhileWantedAndGivenBackAfter) {
  auto order = Open(S::kOnRequest, kT0);
  EXPECT_EQ(Decide(order, Seen::kHeld, "held", kT0 + 10s, kPolicy).action, Action::kCommitHold);
  EXPECT_EQ(Decide(order, Seen::kHeld, "held", kT0 + 31min, kPolicy).action, Action::kCancelAndExpire);
  EXPECT_EQ(Decide(Open(S::kBooking, kT0, true), Seen::kHeld, "held", kT0 + 1s, kPolicy).action, Action::kCommitHold);
}

TEST(BookingCertainty, PendingWaitsUntilTheOrderExpiresThenIsCancelled) {
  auto order = Open(S::kOnRequest, kT0);
  EXPECT_EQ(Decide(order, Seen::kPending, "on_request", kT0 + 29min, kPolicy).action, Action::kWait);
  auto d = Decide(order, Seen::kPending, "on_request", kT0 + 30min, kPolicy);
  EXPECT_EQ(d.action, Action::kCancelAndExpire);
  EXPECT_EQ(d.reason, "expired_on_request");
  EXPECT_EQ(Decide(order, Seen::kUnreachable, "upstream_timeout", kT0 + 3h, kPolicy).action, Action::kWait)
      << "no answer never fails an order";
}

TEST(BookingCertainty, SupplierAnswersMapToWhatTheyProve) {
  std::string why;
  supplier::Booking b;
  b.status = supplier::BookingStatus::kConfirmed;
  EXPECT_EQ(SeenOf(b, true, &why), Seen::kConfirmed);
  b.status = supplier::BookingStatus::kUnknown;
  EXPECT_EQ(SeenOf(b, false, &why), Seen::kPending);
  b.status = supplier::BookingStatus::kHeld;
  EXPECT_EQ(SeenOf(b, false, &why), Seen::kHeld);
  b.status = supplier::BookingStatus::kCancelled;
  EXPECT_EQ(SeenOf(b, false, &why), Seen::kRefused);
  EXPECT_EQ(why, "supplier_cancelled");
  const Result<supplier::Booking> sold_out = Error{Errc::sold_out, "gone", {}};
  EXPECT_EQ(SeenOf(sold_out, true, &why), Seen::kRefused);
  EXPECT_EQ(why, "sold_out");
  EXPECT_EQ(SeenOf(sold_out, false, &why), Seen::kUnreachable) << "a retrieve cannot refuse a booking";
  EXPECT_EQ(SeenOf(Error::NotFound("no"), false, &why), Seen::kNotFound);
  EXPECT_EQ(SeenOf(Error::Timeout("slow"), true, &why), Seen::kUnreachable);
  EXPECT_EQ(why, "upstream_timeout");
  EXPECT_EQ(SeenOf(Error::Conflict("duplicate reference"), true, &why), Seen::kUnreachable);
  // Only the supplier saying no to the booking request refuses it.
  b.status = supplier::BookingStatus::kFailed;
  EXPECT_EQ(SeenOf(b, true, &why), Seen::kRefused);
  b.status = supplier::BookingStatus::kUnknown;
  EXPECT_EQ(SeenOf(b, true, &why), Seen::kPending);
  EXPECT_EQ(SeenOf(Error{Errc::price_changed, "", {}}, true, &why), Seen::kRefused);
  EXPECT_EQ(SeenOf(Error::Unavailable("5xx"), true, &why), Seen::kUnreachable);
}

TEST(BookingCertainty, PollDelayDoublesUpToItsCap) {
  EXPECT_EQ(PollDelay(0, 2s, 60s), 2s);
  EXPECT_EQ(PollDelay(1, 2s, 60s), 4s);
  EXPECT_EQ(PollDelay(4, 2s, 60s), 32s);
  EXPECT_EQ(PollDelay(5, 2s, 60s), 60s);
  EXPECT_EQ(PollDelay(1000, 2s, 60s), 60s);
}

}  // namespace
}  // namespace hotel::orders

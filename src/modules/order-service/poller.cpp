// The background pass: what the supplier left open is asked again (Retrieve by our client
// reference), unconfirmed orders expire and release their holds, finished stays complete.
// Each order is settled by the same guarded transition as everywhere else, so a poller in
// another process, or a late booking answer, cannot settle it twice.
#include "modules/order-service/order_service.hpp"

namespace hotel::orders {
namespace {

using boost::asio::awaitable;
using S = OrderStatus;
constexpr int kBatch = 100;

}  // namespace

awaitable<PollStats> OrderService::PollOnce() {
  PollStats stats;
  const auto now = clock_.Now();
  const std::string now_text = FormatIso8601(now);
  const std::string stale_text = FormatIso8601(now - options_.booking_stale);
  struct Work {
    std::vector<OrderRecord> open, expiring, ended;
  };
  auto work = co_await pool_.Run([&]() -> Result<Work> {
    Work w;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto on_request = repo_.InStatus(s, S::kOnRequest, now_text, kBatch);
      if (!on_request) return on_request.error();
      auto booking = repo_.InStatus(s, S::kBooking, stale_text, kBatch);
      if (!booking) return booking.error();
      w.open = std::move(*on_request);
      w.open.insert(w.open.end(), booking->begin(), booking->end());
      for (S status : {S::kPendingReview, S::kBooking, S::kOnRequest}) {
        auto due = repo_.DueToExpire(s, status, now_text, kBatch);
        if (!due) return due.error();
        w.expiring.insert(w.expiring.end(), due->begin(), due->end());
      }
      auto ended = repo_.ConfirmedEndedBefore(s, DateOf(now), kBatch);
      if (!ended) return ended.error();
      w.ended = std::move(*ended);
      return Ok();
    });
    if (!r) return r.error();
    return w;
  });
  if (!work) {
    log_.Warn("order poller could not read orders", {{"detail", work.error().detail}});
    co_return stats;
  }
  const auto settle = [&](const OrderRecord& o, S to, const std::string& reason,
                          std::optional<std::string> reference) -> awaitable<bool> {
    auto r = co_await pool_.Run([&] { return Resolve(o, o.status, to, reason, reference, ""); });
    if (!r) {
      log_.Warn("order poller could not settle an order", {{"orderId", o.id}, {"detail", r.error().detail}});
      co_return false;
    }
    co_return r->status == to;
  };
  const auto count = [&](std::string_view outcome, int& field) {
    ++field;
    resolutions_->WithLabels({outcome}).Inc();
  };

  std::vector<std::string> expiring_ids;
  for (const auto& o : work->expiring) expiring_ids.push_back(o.id);
  for (const auto& o : work->open) {
    if (std::find(expiring_ids.begin(), expiring_ids.end(), o.id) != expiring_ids.end()) continue;
    auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr;
    if (!connector) {
      ++stats.unresolved;
      continue;
    }
    supplier::RetrieveRequest request{o.supplier_reference_key, o.supplier_booking_reference.value_or(""), o.check_in,
                                      o.check_out};
    auto found = co_await connector->Retrieve(request, supplier::CallOptions{});
    const bool long_open = o.updated_at < stale_text;
    if (!found && found.error().code == Errc::not_found && (o.status == S::kBooking || long_open)) {
      // Never booked: our reference is unknown to the supplier well after the attempt.
      if (co_await settle(o, S::kFailed, "not_found_at_supplier", std::nullopt)) count("failed", stats.failed);
      continue;
    }
    if (!found) {
      ++stats.unresolved;
      resolutions_->WithLabels({"unresolved"}).Inc();
      continue;
    }
    auto outcome = BookingOutcomeOf(found);
    std::optional<std::string> reference;
    if (!found->supplier_reference.empty()) reference = found->supplier_reference;
    if (outcome.status == S::kConfirmed) {
      if (co_await settle(o, S::kConfirmed, "confirmed_by_poller", reference)) count("confirmed", stats.confirmed);
    } else if (outcome.status == S::kFailed) {
      if (co_await settle(o, S::kFailed, outcome.reason, reference)) count("failed", stats.failed);
    } else if (o.status == S::kBooking) {
      if (co_await settle(o, S::kOnRequest, outcome.reason, reference)) ++stats.unresolved;
    } else {
      ++stats.unresolved;
      resolutions_->WithLabels({"unresolved"}).Inc();
    }
  }

  for (const auto& o : work->expiring) {
    if (o.status == S::kOnRequest || o.status == S::kBooking) {
      // Best effort: a booking the supplier may hold must not outlive our order.
      if (auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr) {
        supplier::CancelRequest request{o.supplier_booking_reference.value_or(""), o.supplier_reference_key};
        auto cancelled = co_await connector->Cancel(request, supplier::CallOptions{});
        if (!cancelled && cancelled.error().code != Errc::not_found) {
          log_.Warn("cancelling an expiring order at the supplier failed",
                    {{"orderId", o.id}, {"code", CodeName(cancelled.error().code)}, {"detail", cancelled.error().detail}});
        }
      }
    }
    if (co_await settle(o, S::kExpired, "expired", std::nullopt)) count("expired", stats.expired);
  }
  for (const auto& o : work->ended) {
    if (co_await settle(o, S::kCompleted, "stay ended", std::nullopt)) count("completed", stats.completed);
  }
  Nudge();
  co_return stats;
}

}  // namespace hotel::orders

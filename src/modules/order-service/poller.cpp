// The background pass and booking certainty in action (booking_certainty.hpp): orders whose
// next look is due, and BOOKING orders whose process is gone, are claimed (one worker at a
// time, across processes), asked about at the supplier by our client reference, and moved as
// the decision table says — confirmed, committed, sent again, waited for with back-off, or
// cancelled at the supplier before they are declared failed or expired. Final orders that
// ended while a late confirmation was possible are watched: a booking that shows up for one
// is cancelled (a ghost). Reviews that waited too long expire; finished stays complete.
#include "modules/order-service/order_service.hpp"

#include "modules/config/config_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <atomic>
#include <set>

namespace hotel::orders {
namespace {

namespace asio = boost::asio;
using boost::asio::awaitable;
using S = OrderStatus;
constexpr int kBatch = 100;

std::string TraceId(const runtime::TraceContext* trace) { return trace ? std::string(trace->TraceId()) : ""; }

Instant At(const std::optional<std::string>& iso, Instant fallback) {
  if (!iso) return fallback;
  auto t = ParseIso8601(*iso);
  return t ? *t : fallback;
}

bool IsFinal(S s) { return s == S::kFailed || s == S::kExpired || s == S::kCancelled; }

}  // namespace

CertaintyPolicy OrderService::Certainty(const std::string& supplier) const {
  std::string protocol;
  if (deps_.suppliers) {
    for (const auto& s : deps_.suppliers->List()) {
      if (s.code == supplier) protocol = s.protocol;
    }
  }
  if (!deps_.config) return CertaintyFor(nullptr, supplier, protocol);
  auto snapshot = deps_.config->Snapshot();
  return CertaintyFor(snapshot->Find(kCertaintyKey), supplier, protocol);
}

CertaintyView OrderService::ViewOf(const OrderRecord& o, bool quote_valid, bool refusal_is_certain) const {
  const Instant now = clock_.Now();
  CertaintyView v;
  v.status = o.status;
  v.attempted_at = At(o.booking_started_at, At(o.created_at, now));
  v.expires_at = At(o.expires_at, now);
  if (o.watch_until) v.watch_until = At(o.watch_until, now);
  v.quote_valid = quote_valid;
  v.refusal_is_certain = refusal_is_certain;
  return v;
}

Schedule OrderService::Watching(const OrderRecord& o) const {
  // A final order that ended before the supplier's window closed: looked up until the window
  // plus the ghost watch have passed.
  const Instant now = clock_.Now();
  const CertaintyPolicy p = Certainty(o.supplier);
  const Instant attempted = At(o.booking_started_at, At(o.created_at, now));
  Schedule w;
  w.watch_until = FormatIso8601(std::max(now, attempted + p.confirmation_window) + p.ghost_watch);
  w.next_check_at = FormatIso8601(now + PollDelay(0, options_.check_first, options_.check_max));
  return w;
}

Result<OrderRecord> OrderService::Wait(const OrderRecord& o, const std::string& reason,
                                       std::optional<std::string> supplier_reference, const std::string& trace_id) {
  const Instant now = clock_.Now();
  Schedule next;
  next.checks = o.status == S::kBooking ? 0 : o.checks + 1;
  // Backed off, but never past a moment the decision changes at: the end of the supplier's
  // confirmation window (not found → failed) and the order's expiry (pending → cancelled).
  Instant at = now + PollDelay(next.checks, options_.check_first, options_.check_max);
  const Instant window_end = At(o.booking_started_at, At(o.created_at, now)) + Certainty(o.supplier).confirmation_window;
  for (Instant moment : {window_end, At(o.expires_at, at)}) {
    if (moment > now && moment < at) at = moment + std::chrono::milliseconds(1);
  }
  next.next_check_at = FormatIso8601(at);
  if (o.status == S::kBooking) return Resolve(o, S::kBooking, S::kOnRequest, reason, supplier_reference, trace_id, next);
  std::optional<std::string> changed_reason;
  if (!reason.empty() && reason != o.status_reason.value_or("")) changed_reason = reason;
  OrderRecord after = o;
  auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto moved = repo_.Reschedule(s, o.id, o.status, next, changed_reason, FormatIso8601(now));
    if (!moved) return moved.error();
    auto found = repo_.FindOrder(s, o.id);
    if (!found) return found.error();
    if (*found) after = std::move(**found);
    return Ok();
  });
  if (!r) return r.error();
  return after;
}

Result<void> OrderService::Rewatch(const OrderRecord& o, bool end) {
  Schedule next;
  if (!end) {
    next.checks = o.checks + 1;
    next.watch_until = o.watch_until;
    next.next_check_at = FormatIso8601(clock_.Now() + PollDelay(next.checks, options_.check_first, options_.check_max));
  }
  return db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto moved = repo_.Reschedule(s, o.id, o.status, next, std::nullopt, "");
    if (!moved) return moved.error();
    return Ok();
  });
}

void OrderService::GhostFound(const OrderRecord& o, const supplier::Booking& found,
                              const Result<supplier::Booking>& cancelled, const runtime::TraceContext* trace) {
  const bool ok = cancelled || cancelled.error().code == Errc::not_found;
  ghosts_->WithLabels({o.supplier, ok ? "cancelled" : "cancel_failed"}).Inc();
  boost::json::object fields{{"orderId", o.id},
                             {"orderStatus", StatusName(o.status)},
                             {"supplier", o.supplier},
                             {"clientReference", o.supplier_reference_key},
                             {"supplierReference", found.supplier_reference},
                             {"foundStatus", supplier::BookingStatusName(found.status)}};
  if (!ok) fields["cancelError"] = std::string(CodeName(cancelled.error().code)) + ": " + cancelled.error().detail;
  // Alert-worthy either way: a booking was live at the supplier for an order the platform
  // had called final (the supplier confirmed beyond its window, or a cancel there failed).
  log_.Log(runtime::LogLevel::error,
           ok ? "ghost booking found at the supplier and cancelled"
              : "ghost booking found at the supplier; cancelling it failed (retried)",
           fields, trace, "order-service");
}

awaitable<Result<OrderRecord>> OrderService::Carry(const OrderRecord& o, Decision d,
                                                   std::optional<supplier::Booking> found, CheckContext ctx) {
  const std::string trace_id = TraceId(ctx.trace);
  checks_->WithLabels({ActionName(d.action)}).Inc();
  std::optional<std::string> reference;
  if (found && !found->supplier_reference.empty()) reference = found->supplier_reference;
  else reference = o.supplier_booking_reference;
  auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr;
  supplier::CallOptions call;
  call.trace = ctx.trace;

  switch (d.action) {
    case Action::kConfirm: {
      const std::string reason = o.status == S::kBooking && o.checks == 0 && !ctx.resent ? "confirmed" : "confirmed_late";
      auto r = co_await pool_.Run([&] { return Resolve(o, o.status, S::kConfirmed, reason, reference, trace_id); });
      Nudge();
      co_return r;
    }
    case Action::kFail: {
      auto r = co_await pool_.Run([&] { return Resolve(o, o.status, S::kFailed, d.reason, reference, trace_id); });
      Nudge();
      co_return r;
    }
    case Action::kWait: {
      auto r = co_await pool_.Run([&] { return Wait(o, d.reason, reference, trace_id); });
      Nudge();
      co_return r;
    }
    case Action::kCommitHold: {
      if (!connector || !found) break;
      auto committed = co_await connector->Commit(*found, call);
      std::string why;
      Seen seen = SeenOf(committed, /*answers_book=*/true, &why);
      if (!committed && committed.error().code == Errc::gone) {
        // The supplier released the hold before our commit: nothing is live.
        auto r = co_await pool_.Run([&] { return Resolve(o, o.status, S::kFailed, "hold_lapsed", reference, trace_id); });
        Nudge();
        co_return r;
      }
      if (seen == Seen::kRefused || seen == Seen::kHeld) seen = Seen::kUnreachable;  // the hold may still be there
      std::optional<supplier::Booking> now_found = found;
      if (committed) now_found = *committed;
      Decision next = Decide(ViewOf(o, false, false), seen, why, clock_.Now(), Certainty(o.supplier));
      if (next.action == Action::kCommitHold) next = {Action::kWait, "held"};
      co_return co_await Carry(o, next, std::move(now_found), ctx);
    }
    case Action::kBookAgain: {
      if (!connector || ctx.rate_token.empty()) break;
      const supplier::BookRequest request = BookRequestFor(o, ctx.rate_token);
      log_.Info("resuming a booking its process left unfinished", {{"orderId", o.id}, {"supplier", o.supplier}},
                ctx.trace);
      auto booked = co_await connector->Book(request, call);
      std::string why;
      const Seen seen = SeenOf(booked, /*answers_book=*/true, &why);
      std::optional<supplier::Booking> now_found;
      if (booked) now_found = *booked;
      CheckContext again = ctx;
      again.resent = true;
      // quote_valid false: one resend only; its refusal is not certain (the first request may
      // have been booked and be invisible yet).
      Decision next = Decide(ViewOf(o, false, false), seen, why, clock_.Now(), Certainty(o.supplier));
      co_return co_await Carry(o, next, std::move(now_found), again);
    }
    case Action::kCancelAndFail:
    case Action::kCancelAndExpire: {
      if (!connector) break;
      // Compensating cancel by our reference (and the supplier's, when known): the order is
      // declared failed or expired only once the supplier has cancelled what it held, or says
      // it holds nothing. A supplier that cannot cancel by our reference alone answers
      // validation_failed: the retrieve that found nothing stands.
      supplier::CancelRequest request{reference.value_or(""), o.supplier_reference_key};
      auto cancelled = co_await connector->Cancel(request, call);
      const bool nothing_there = !cancelled && (cancelled.error().code == Errc::not_found ||
                                                (!reference && cancelled.error().code == Errc::validation_failed));
      if (!cancelled && !nothing_there) {
        log_.Warn("compensating cancel failed; the order stays open and is tried again",
                  {{"orderId", o.id}, {"code", CodeName(cancelled.error().code)}, {"detail", cancelled.error().detail}},
                  ctx.trace);
        auto r = co_await pool_.Run([&] { return Wait(o, o.status_reason.value_or("unknown"), reference, trace_id); });
        co_return r;
      }
      if (cancelled && d.action == Action::kCancelAndFail) {
        // The retrieve found nothing, the cancel found something: a booking that showed up
        // just now. Cancelled before the order failed, so no ghost; counted all the same.
        GhostFound(o, *cancelled, cancelled, ctx.trace);
      }
      const S to = d.action == Action::kCancelAndFail ? S::kFailed : S::kExpired;
      const Schedule watch = Watching(o);
      auto r = co_await pool_.Run([&] { return Resolve(o, o.status, to, d.reason, reference, trace_id, watch); });
      Nudge();
      co_return r;
    }
    case Action::kCancelGhost: {
      if (!connector || !found) break;
      supplier::CancelRequest request{found->supplier_reference, o.supplier_reference_key};
      auto cancelled = co_await connector->Cancel(request, call);
      GhostFound(o, *found, cancelled, ctx.trace);
      auto r = co_await pool_.Run([&]() -> Result<OrderRecord> {
        if (auto w = Rewatch(o, false); !w) return w.error();
        return o;
      });
      co_return r;
    }
    case Action::kEndWatch: {
      auto r = co_await pool_.Run([&]() -> Result<OrderRecord> {
        if (auto w = Rewatch(o, true); !w) return w.error();
        return o;
      });
      co_return r;
    }
  }
  // No connector (the supplier was disabled or removed): nothing can be learnt; look later.
  if (IsFinal(o.status)) {
    co_return co_await pool_.Run([&]() -> Result<OrderRecord> {
      if (auto w = Rewatch(o, false); !w) return w.error();
      return o;
    });
  }
  co_return co_await pool_.Run([&] { return Wait(o, o.status_reason.value_or("supplier_unavailable"), reference, trace_id); });
}

awaitable<std::optional<Result<OrderRecord>>> OrderService::CheckOrder(OrderRecord o, const runtime::TraceContext* trace) {
  const Instant now = clock_.Now();
  bool quote_valid = false;
  std::string rate_token;
  auto claimed = co_await pool_.Run([&]() -> Result<bool> {
    bool won = false;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto c = repo_.Claim(s, o.id, o.status, options_.owner.id.empty() ? "poller" : options_.owner.id,
                           FormatIso8601(now + options_.check_lease), FormatIso8601(now),
                           options_.owner.AliveAfterMs(now));
      if (!c) return c.error();
      won = *c;
      if (!won || o.status != S::kBooking) return Ok();
      // Only a booking that may never have reached the supplier is sent again: its quote must
      // still be valid.
      auto q = repo_.FindQuote(s, o.quote_id);
      if (!q) return q.error();
      if (*q) {
        const auto expires = ParseIso8601((*q)->expires_at);
        quote_valid = expires && *expires > now;
        rate_token = (*q)->offer.rate.rate_token;
      }
      return Ok();
    });
    if (!r) return r.error();
    return won;
  });
  if (!claimed) co_return Result<OrderRecord>(claimed.error());
  if (!*claimed) co_return std::nullopt;
  if (o.status == S::kCancelling) {
    // A cancellation whose process died on the way: finished (or undone) from where it was.
    auto from = co_await pool_.Run([&]() -> Result<std::optional<OrderStatus>> {
      ports::AutoCommitSession s(db_);
      return repo_.EnteredFrom(s, o.id, S::kCancelling);
    });
    if (!from) co_return Result<OrderRecord>(from.error());
    log_.Info("finishing a cancellation its process left unfinished", {{"orderId", o.id}}, trace);
    co_return co_await CompleteCancel(std::move(o), from->value_or(S::kConfirmed), "system", trace);
  }

  auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr;
  Result<supplier::Booking> retrieved = Error::Unavailable("supplier " + o.supplier + " is not available");
  if (connector) {
    supplier::RetrieveRequest request{o.supplier_reference_key, o.supplier_booking_reference.value_or(""), o.check_in,
                                      o.check_out};
    supplier::CallOptions call;
    call.trace = trace;
    retrieved = co_await connector->Retrieve(request, call);
  }
  std::string why;
  const Seen seen = SeenOf(retrieved, /*answers_book=*/false, &why);
  if (seen == Seen::kUnreachable && o.status == S::kOnRequest) why = o.status_reason.value_or(why);
  const Decision d = Decide(ViewOf(o, quote_valid && !rate_token.empty(), /*refusal_is_certain=*/true), seen, why, now,
                            Certainty(o.supplier));
  std::optional<supplier::Booking> found;
  if (retrieved) found = std::move(*retrieved);
  co_return co_await Carry(o, d, std::move(found), CheckContext{trace, rate_token, false});
}

awaitable<PollStats> OrderService::PollOnce() {
  PollStats stats;
  const auto now = clock_.Now();
  const std::string now_text = FormatIso8601(now);
  struct Work {
    std::vector<OrderRecord> check, expiring, ended;
  };
  auto work = co_await pool_.Run([&]() -> Result<Work> {
    Work w;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      std::set<std::string> seen;
      // A dead process's bookings first: their clients are waiting.
      if (!options_.owner.id.empty()) {
        auto orphans = repo_.OrphanedBookings(s, options_.owner.AliveAfterMs(now), kBatch);
        if (!orphans) return orphans.error();
        for (auto& o : *orphans) {
          if (seen.insert(o.id).second) w.check.push_back(std::move(o));
        }
      }
      auto due = repo_.DueForCheck(s, now_text, kBatch);
      if (!due) return due.error();
      for (auto& o : *due) {
        if (seen.insert(o.id).second) w.check.push_back(std::move(o));
      }
      auto reviews = repo_.DueToExpire(s, S::kPendingReview, now_text, kBatch);
      if (!reviews) return reviews.error();
      w.expiring = std::move(*reviews);
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
  const auto count = [&](std::string_view outcome, int& field) {
    ++field;
    resolutions_->WithLabels({outcome}).Inc();
  };

  // Each order's check waits on its supplier: several at once, bounded.
  std::atomic<std::size_t> next{0};
  std::mutex stats_mutex;
  const auto worker = [&]() -> awaitable<void> {
    for (std::size_t i = next++; i < work->check.size(); i = next++) {
      const OrderRecord& o = work->check[i];
      auto checked = co_await CheckOrder(o, nullptr);
      std::lock_guard lock(stats_mutex);
      if (!checked) continue;  // someone else works on it
      if (!*checked) {
        log_.Warn("order poller could not settle an order", {{"orderId", o.id}, {"detail", (*checked).error().detail}});
        ++stats.unresolved;
        continue;
      }
      const S before = o.status, after = (*checked)->status;
      if (after == before) {
        if (IsFinal(before)) continue;  // a watch step
        count("unresolved", stats.unresolved);
      } else if (after == S::kConfirmed) {
        count("confirmed", stats.confirmed);
      } else if (after == S::kFailed) {
        count("failed", stats.failed);
      } else if (after == S::kExpired) {
        count("expired", stats.expired);
      } else if (after == S::kCancelled) {
        count("cancelled", stats.cancelled);
      } else {
        ++stats.unresolved;
      }
    }
  };
  if (!work->check.empty()) {
    auto executor = co_await asio::this_coro::executor;
    const std::size_t n = std::min<std::size_t>(work->check.size(), std::max(1, options_.poll_concurrency));
    std::vector<decltype(asio::co_spawn(executor, worker(), asio::deferred))> ops;
    for (std::size_t i = 0; i < n; ++i) ops.push_back(asio::co_spawn(executor, worker(), asio::deferred));
    co_await asio::experimental::make_parallel_group(std::move(ops))
        .async_wait(asio::experimental::wait_for_all(), asio::deferred);
  }

  const auto settle = [&](const OrderRecord& o, S to, const std::string& reason) -> awaitable<bool> {
    auto r = co_await pool_.Run([&] { return Resolve(o, o.status, to, reason, std::nullopt, ""); });
    if (!r) {
      log_.Warn("order poller could not settle an order", {{"orderId", o.id}, {"detail", r.error().detail}});
      co_return false;
    }
    co_return r->status == to;
  };
  for (const auto& o : work->expiring) {
    if (co_await settle(o, S::kExpired, "expired")) count("expired", stats.expired);
  }
  for (const auto& o : work->ended) {
    if (co_await settle(o, S::kCompleted, "stay ended")) count("completed", stats.completed);
  }
  Nudge();
  co_return stats;
}

}  // namespace hotel::orders

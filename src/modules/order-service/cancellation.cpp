// Cancelling an order under its policy: what it would cost now, and the cancellation itself
// (one supplier cancel however many callers race: the guarded move into CANCELLING admits one),
// with each tier's penalty in proportion to what it was charged and the rest refunded.
#include "modules/order-service/order_service.hpp"

#include "events/events.hpp"

namespace hotel::orders {
namespace {

using boost::asio::awaitable;
using S = OrderStatus;

std::string TraceId(const runtime::TraceContext* trace) { return trace ? std::string(trace->TraceId()) : ""; }

}  // namespace

awaitable<Result<CancelQuote>> OrderService::QuoteCancellation(const Principal& caller, std::string order_id) {
  auto o = co_await pool_.Run([&] { return Visible(caller, order_id); });
  if (!o) co_return o.error();
  if (o->status != S::kConfirmed && o->status != S::kOnRequest) {
    co_return Error::Conflict("Order " + order_id + " is " + std::string(StatusName(o->status)) +
                              ": only CONFIRMED or ON_REQUEST orders can be cancelled.");
  }
  const auto now = clock_.Now();
  const Money supplier_penalty = SupplierPenaltyAt(o->cancellation, o->net, o->refundable, now);
  CancelQuote q;
  q.penalty = Money{TierPenalty(o->price.minor, supplier_penalty.minor, o->net.minor), o->price.currency};
  q.refund = Money{o->price.minor - q.penalty.minor, o->price.currency};
  q.policy = PolicyForPrice(o->cancellation, o->price, o->net);
  q.as_of = now;
  co_return q;
}

awaitable<Result<OrderRecord>> OrderService::Cancel(const Principal& caller, std::string order_id,
                                                    const runtime::TraceContext* trace) {
  const std::string trace_id = TraceId(trace);
  const std::string actor = caller.Actor();
  S from = S::kConfirmed;
  auto claimed = co_await pool_.Run([&]() -> Result<std::optional<OrderRecord>> {
    auto o = Visible(caller, order_id);
    if (!o) return o.error();
    if (o->status == S::kCancelled) return std::optional<OrderRecord>{};  // done before: answer it again
    if (o->status != S::kConfirmed && o->status != S::kOnRequest) {
      return Error::Conflict("Order " + order_id + " is " + std::string(StatusName(o->status)) +
                             ": only CONFIRMED or ON_REQUEST orders can be cancelled.");
    }
    from = o->status;
    bool won = false;
    // This process works on the cancellation until it ends; a poller finishes it when the
    // process dies on the way (the supplier call is retried after a retrieve, never doubled).
    const auto now = clock_.Now();
    OrderChanges claim;
    claim.schedule = Schedule{};
    if (!options_.owner.id.empty()) claim.schedule->worker = options_.owner.id;
    claim.schedule->worker_until = FormatIso8601(now + options_.booking_lease);
    claim.schedule->next_check_at = claim.schedule->worker_until;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto moved = Move(s, *o, from, S::kCancelling, actor, "cancel requested", claim, trace_id);
      if (!moved) return moved.error();
      won = *moved;
      return Ok();
    });
    if (!r) return r.error();
    if (!won) return Error::Conflict("Order " + order_id + " is being changed by another request; read it again.");
    return std::optional<OrderRecord>(std::move(*o));
  });
  if (!claimed) co_return claimed.error();
  if (!*claimed) co_return co_await pool_.Run([&] { return Visible(caller, order_id); });
  OrderRecord o = std::move(**claimed);
  Nudge();
  co_return co_await CompleteCancel(std::move(o), from, actor, trace);
}

awaitable<Result<OrderRecord>> OrderService::CompleteCancel(OrderRecord o, OrderStatus from, std::string actor,
                                                            const runtime::TraceContext* trace) {
  const std::string trace_id = TraceId(trace);
  auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr;
  Result<supplier::Booking> cancelled = Error::Unavailable("supplier " + o.supplier + " is not available");
  if (connector) {
    supplier::CancelRequest request{o.supplier_booking_reference.value_or(""), o.supplier_reference_key};
    supplier::CallOptions call;
    call.trace = trace;
    cancelled = co_await connector->Cancel(request, call);
  }
  // An ON_REQUEST booking the supplier never made: nothing to cancel there, nothing charged.
  const bool unknown_there = !cancelled && cancelled.error().code == Errc::not_found && from == S::kOnRequest;
  if (!cancelled && !unknown_there) {
    auto reverted = co_await pool_.Run([&]() -> Result<void> {
      return db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
        OrderChanges back;
        back.schedule = Schedule{};  // nobody works on it; an open booking is looked at again soon
        if (from == S::kOnRequest) {
          back.schedule->next_check_at = FormatIso8601(clock_.Now() + options_.check_first);
        }
        auto moved = Move(s, o, S::kCancelling, from, "system",
                          "supplier cancel failed: " + std::string(CodeName(cancelled.error().code)), back, trace_id);
        if (!moved) return moved.error();
        return Ok();
      });
    });
    Nudge();
    if (!reverted) log_.Error("order cancel revert failed", {{"orderId", o.id}, {"detail", reverted.error().detail}}, trace);
    co_return cancelled.error();
  }

  Money supplier_penalty = SupplierPenaltyAt(o.cancellation, o.net, o.refundable, clock_.Now());
  if (cancelled && cancelled->cancellation_penalty && cancelled->cancellation_penalty->currency == o.net.currency) {
    supplier_penalty = *cancelled->cancellation_penalty;  // what the supplier actually charged
  }
  if (from != S::kConfirmed) supplier_penalty.minor = 0;  // nothing was charged to pass on
  const std::int64_t penalty = TierPenalty(o.price.minor, supplier_penalty.minor, o.net.minor);
  auto done = co_await pool_.Run([&]() -> Result<OrderRecord> {
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      OrderChanges c;
      c.cancel_penalty_minor = penalty;
      c.refunded_minor = from == S::kConfirmed ? o.price.minor - penalty : 0;
      c.status_reason = "cancelled";
      // An open booking the supplier could not find may still be confirmed late: watched, and
      // cancelled there if it shows up (booking_certainty.hpp). Otherwise nothing to look at.
      c.schedule = unknown_there ? Watching(o) : Schedule{};
      auto moved = Move(s, o, S::kCancelling, S::kCancelled, actor, "cancelled at the supplier", c, trace_id);
      if (!moved) return moved.error();
      if (!*moved) return Ok();
      if (from != S::kConfirmed) {
        auto released = ledger_.ReleaseHolds(s, o.id, actor, "cancelled");
        if (!released) return released.error();
        return Ok();
      }
      auto holds = ledger_.HoldsOf(s, o.id);
      if (!holds) return holds.error();
      for (const auto& h : *holds) {
        const std::int64_t refund = h.amount.minor - TierPenalty(h.amount.minor, supplier_penalty.minor, o.net.minor);
        if (refund <= 0) continue;
        auto refunded = ledger_.Refund(s, o.id, h.tenant_id, Money{refund, h.amount.currency},
                                       "cancel:" + o.id + ":" + h.tenant_id, actor, "order cancelled");
        if (!refunded) return refunded.error();
      }
      return Ok();
    });
    if (!r) return r.error();
    auto now = Reload(o.id);
    if (!now) return now.error();
    return std::move(**now);
  });
  Nudge();
  co_return done;
}

}  // namespace hotel::orders

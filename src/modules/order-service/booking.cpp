// Placing an order: the quote's checks, risk, the one transaction that inserts the order and
// holds each tier's credit, the supplier booking outside any transaction, and its outcome.
// The review queue's approve/reject reuse the same steps.
#include "modules/order-service/order_service.hpp"

#include "events/events.hpp"
#include "modules/config/config_client.hpp"
#include "modules/pricing-service/pricing_service.hpp"
#include "modules/risk-service/risk_service.hpp"
#include "runtime/crash_point.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace hotel::orders {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;
using S = OrderStatus;

std::string TraceId(const runtime::TraceContext* trace) { return trace ? std::string(trace->TraceId()) : ""; }

json::array GuestsJson(const std::vector<std::vector<supplier::Guest>>& rooms) {
  json::array out;
  for (const auto& room : rooms) {
    json::array guests;
    for (const auto& g : room) {
      json::object o{{"firstName", g.first_name}, {"lastName", g.last_name}, {"child", g.child}};
      if (g.child) o["age"] = g.age;
      guests.push_back(std::move(o));
    }
    out.push_back(std::move(guests));
  }
  return out;
}

json::array RoomsJson(const std::vector<supplier::RoomOccupancy>& rooms) {
  json::array out;
  for (const auto& r : rooms) {
    json::array ages;
    for (int a : r.child_ages) ages.push_back(a);
    out.push_back(json::object{{"adults", r.adults}, {"childAges", std::move(ages)}});
  }
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace

Result<risk::RiskAssessment> OrderService::Score(ports::SqlSession& s, const OrderRecord& o,
                                                   const std::optional<credit::Account>& account) {
  const auto now = clock_.Now();
  // The rules of the config key "risk.rules" (defaults when absent or invalid). A rule worth
  // no points is off, and what only it reads is not gathered.
  const risk::RiskRules rules = deps_.config ? risk::ReadRiskRules(*deps_.config->Snapshot()) : risk::RiskRules{};
  risk::RiskSignals signals;
  signals.caps.orders_last_hour = risk::CountCap(rules.velocity_hour_threshold, rules.velocity_points);
  signals.caps.orders_last_day = risk::CountCap(rules.velocity_day_threshold, rules.velocity_day_points);
  signals.caps.same_guest = risk::CountCap(rules.repeated_guest_threshold, rules.repeated_guest_points);
  signals.caps.failed = risk::CountCap(rules.failed_threshold, rules.failed_points);
  RiskFigureQuery fq;
  fq.tenant_id = o.tenant_id;
  fq.lead_guest = o.lead_guest;
  fq.hour_ago = FormatIso8601(now - std::chrono::hours(1));
  fq.day_ago = FormatIso8601(now - std::chrono::hours(24));
  fq.hour_cap = signals.caps.orders_last_hour;
  fq.day_cap = signals.caps.orders_last_day;
  fq.guest_cap = signals.caps.same_guest;
  fq.failed_cap = signals.caps.failed;
  auto figures = repo_.Figures(s, fq);
  if (!figures) return figures.error();
  signals.amount = o.price;
  signals.orders_last_hour = figures->orders_last_hour;
  signals.orders_last_day = figures->orders_last_day;
  if (rules.history_points > 0) {
    auto history = History(s, o.tenant_id, o.price.currency);
    if (!history) return history.error();
    signals.tenant_order_count = history->orders;
    signals.tenant_median_amount_minor = history->median_minor;
  }
  if (account) {
    signals.credit_available_minor = account->available_minor();
    signals.credit_limit_plus_balance_minor = account->balance_minor + account->limit_minor;
  }
  const auto check_in = Instant(std::chrono::seconds(o.check_in.days * 86400));
  signals.hours_to_check_in = std::chrono::duration<double>(check_in - now).count() / 3600.0;
  if (figures->tenant_created_at) {
    if (auto created = ParseIso8601(*figures->tenant_created_at)) {
      signals.tenant_age_days = static_cast<int>(std::chrono::duration_cast<std::chrono::hours>(now - *created).count() / 24);
    }
  } else {
    signals.tenant_age_days = 365;  // a tenant this database does not hold (tests, other regions)
  }
  signals.same_guest_orders_last_day = figures->same_guest_last_day;
  signals.failed_orders_last_day = figures->failed_last_day;
  return risk::Assess(signals, rules);
}

Result<OrderService::TenantHistory> OrderService::History(ports::SqlSession& s, const std::string& tenant_id,
                                                          const std::string& currency) {
  // The median of a tenant's last 500 confirmed orders moves slowly: read once per
  // risk_history_ttl per process, not on every order.
  const std::string key = tenant_id + "/" + currency;
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(history_mu_);
    if (auto it = history_.find(key); it != history_.end() && it->second.expires > now) return it->second.value;
  }
  auto amounts = repo_.ConfirmedAmounts(s, tenant_id, currency, 500);
  if (!amounts) return amounts.error();
  TenantHistory h;
  h.orders = static_cast<int>(amounts->size());
  if (!amounts->empty()) {
    std::nth_element(amounts->begin(), amounts->begin() + amounts->size() / 2, amounts->end());
    h.median_minor = (*amounts)[amounts->size() / 2];
  }
  if (options_.risk_history_ttl.count() > 0) {
    std::lock_guard lock(history_mu_);
    if (history_.size() >= 10000) history_.clear();  // a bound, not an eviction policy: it refills
    history_[key] = {h, now + options_.risk_history_ttl};
  }
  return h;
}

Result<PlacedOrder> OrderService::ExistingOr(const Error& error, const OrderRecord& o) {
  if (error.code != Errc::conflict) return error;
  std::optional<OrderRecord> existing;
  auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto found = repo_.FindByClientReference(s, o.tenant_id, o.client_reference);
    if (!found) return found.error();
    existing = std::move(*found);
    return Ok();
  });
  if (!r) return r.error();
  if (!existing) return error;
  if (existing->quote_id != o.quote_id) {
    return Error::Conflict("clientReference " + o.client_reference + " is already used by order " + existing->id +
                           " for another quote.");
  }
  return PlacedOrder{std::move(*existing), false};
}

Result<PlacedOrder> OrderService::Insert(OrderRecord& o, const std::string& trace_id) {
  // One transaction: the risk figures are read, the order inserted in the status they lead to,
  // and — when the score lets it through — each tier's credit held. The holds come last: their
  // account rows stay locked until the commit and every order of the tenant waits on them.
  S placed_as = S::kBooking;
  auto booked = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    // The credit accounts locked at the end stay locked until the commit: a commit that waited
    // for the disk would hold every order of the tenant behind its flush. So the locks go
    // first, and the transaction returns once the commit is durable: before the supplier (an
    // order lost after its booking would leave an orphan there) or the client hears of it.
    if (auto relaxed = ports::ReleaseLocksBeforeFlush(s, db_.dialect()); !relaxed) return relaxed;
    auto caller_account = ReadAccounts(s, o);
    if (!caller_account) return caller_account.error();
    auto a = Score(s, o, *caller_account);
    if (!a) return a.error();
    o.risk_score = a->score;
    o.risk_reasons.clear();
    for (const auto& reason : a->reasons) {
      o.risk_reasons.push_back(json::object{{"code", reason.code}, {"points", reason.points}, {"detail", reason.detail}});
    }
    if (o.risk_score >= options_.risk_threshold) {
      placed_as = AutoReject(o.tenant_id) ? S::kRejected : S::kPendingReview;
      o.status_reason = placed_as == S::kRejected ? "risk_rejected" : "risk_review";
      return InsertAs(s, o, placed_as, "risk",
                      "risk score " + std::to_string(o.risk_score) + " >= " + std::to_string(options_.risk_threshold),
                      trace_id);
    }
    placed_as = S::kBooking;
    // This process works on the order at the supplier from now on; a poller takes it over
    // when the process is gone or the lease ends.
    const auto now = clock_.Now();
    if (!options_.owner.id.empty()) o.worker = options_.owner.id;
    o.worker_until = FormatIso8601(now + options_.booking_lease);
    o.booking_started_at = FormatIso8601(now);
    o.next_check_at = o.worker_until;
    o.status_reason.reset();
    if (auto i = InsertAs(s, o, S::kBooking, o.created_by, "credit held", trace_id); !i) return i;
    return PlaceHolds(s, o, o.created_by);
  });
  if (booked) return PlacedOrder{o, true};
  if (booked.error().code != Errc::credit_insufficient) return ExistingOr(booked.error(), o);
  // Kept for the record (and the risk rules' failed attempts), holding nothing.
  o.worker.reset();
  o.worker_until.reset();
  o.booking_started_at.reset();
  o.next_check_at.reset();
  o.status_reason = "credit_insufficient";
  auto failed = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    return InsertAs(s, o, S::kFailed, o.created_by, "credit_insufficient: " + booked.error().detail, trace_id);
  });
  if (!failed) return ExistingOr(failed.error(), o);
  return booked.error();  // the 402, detail from the ledger
}

awaitable<Result<PlacedOrder>> OrderService::PlaceOrder(const Principal& caller, NewOrder in,
                                                        const runtime::TraceContext* trace) {
  const std::string trace_id = TraceId(trace);
  // The quote: one read. Whether the same clientReference already made an order is learnt
  // from the insert's unique key (no read on the way of every new order), or read when the
  // quote no longer books: a retry is answered with its order, even after the quote expired.
  auto read = co_await pool_.Run([&]() -> Result<std::optional<QuoteRecord>> {
    ports::AutoCommitSession s(db_);
    return repo_.FindQuote(s, in.quote_id);
  });
  if (!read) co_return read.error();
  std::optional<QuoteRecord>& found_quote = *read;
  if (!found_quote || found_quote->tenant_id != caller.tenant_id) {
    co_return Error::Validation("quoteId", "No quote " + in.quote_id + ".");
  }
  const auto answered = [&]() -> awaitable<std::optional<Result<PlacedOrder>>> {
    auto existing = co_await pool_.Run([&]() -> Result<std::optional<OrderRecord>> {
      ports::AutoCommitSession s(db_);
      return repo_.FindByClientReference(s, caller.tenant_id, in.client_reference);
    });
    if (!existing) co_return Result<PlacedOrder>(existing.error());
    if (!*existing) co_return std::nullopt;
    co_return co_await Answer(std::move(**existing), in.quote_id, in.client_reference, trace);
  };
  QuoteRecord* quote = &*found_quote;
  const auto now = clock_.Now();
  const auto expires = ParseIso8601(quote->expires_at);
  std::optional<Error> refused;
  if (!expires || *expires <= now) {
    refused = Error{Errc::gone, "Quote " + quote->id + " expired at " + quote->expires_at + "; quote the offer again.", {}};
  } else if (quote->status == supplier::QuoteStatus::kSoldOut) {
    refused = Error{Errc::sold_out, "The room of quote " + quote->id + " is sold out.", {}};
  } else if (quote->status == supplier::QuoteStatus::kPriceChanged && !in.accept_price_change) {
    refused = Error{Errc::price_changed,
                    "The price changed to " + FormatDecimal(quote->price) + " " + quote->price.currency +
                        (quote->previous_price ? " (was " + FormatDecimal(*quote->previous_price) + ")" : "") +
                        ": repeat with acceptPriceChange: true to book at the new price.",
                    {}};
  } else if (in.guests.size() != quote->offer.rooms.size()) {
    refused = Error::Validation("guests", "one list of guests per room: the quote has " +
                                              std::to_string(quote->offer.rooms.size()) + " room(s)");
  }
  if (refused) {
    if (auto earlier = co_await answered()) co_return std::move(*earlier);
    co_return std::move(*refused);
  }

  OrderRecord o;
  o.id = NewId("ord");
  o.tenant_id = caller.tenant_id;
  o.tenant_path = caller.tenant_path;
  o.quote_id = quote->id;
  o.client_reference = in.client_reference;
  o.supplier_reference_key = SupplierReferenceKey(o.id);
  o.supplier = quote->offer.supplier;
  o.hotel_code = quote->offer.hotel_code;
  o.master_hotel_id = quote->master_hotel_id;
  o.hotel_name = quote->hotel_name;
  o.check_in = quote->offer.check_in;
  o.check_out = quote->offer.check_out;
  o.rooms = RoomsJson(quote->offer.rooms);
  o.guests = GuestsJson(in.guests);
  o.contact = {{"name", in.contact_name}, {"email", in.contact_email}};
  if (in.contact_phone) o.contact["phone"] = *in.contact_phone;
  const auto& lead = in.guests.front().front();
  o.lead_guest = Lower(lead.first_name + " " + lead.last_name);
  o.remark = in.remark;
  o.room_name = quote->offer.rate.room_name;
  o.board = std::string(supplier::BoardCode(quote->offer.rate.board));
  o.status = S::kPending;
  o.price = quote->price;
  o.net = quote->net;
  o.breakdown = quote->breakdown;
  o.credit = SharesFor(caller.tenant_path, quote->breakdown);
  o.cancellation = quote->cancellation;
  o.refundable = quote->refundable;
  o.created_by = caller.Actor();
  o.created_at = o.updated_at = FormatIso8601(now);
  o.expires_at = FormatIso8601(now + options_.order_expiry);

  auto placed = co_await pool_.Run([&] { return Insert(o, trace_id); });
  Nudge();
  if (!placed) {
    if (placed.error().code == Errc::credit_insufficient) co_return WithOrder(placed.error(), o.id);
    co_return placed.error();
  }
  if (!placed->created) {
    // The same clientReference made an order before (a retry, or a concurrent duplicate).
    co_return co_await Answer(std::move(placed->order), in.quote_id, in.client_reference, trace);
  }
  if (placed->order.status == S::kRejected) {
    co_return WithOrder(Error{Errc::risk_rejected,
                              "The order was rejected by risk rules (score " + std::to_string(o.risk_score) + ")", {}},
                        o.id);
  }
  if (placed->order.status != S::kBooking) co_return placed;
  auto booked = co_await Book(std::move(placed->order), quote->offer.rate.rate_token, trace, std::move(in.test_scenario));
  co_return PlacedOrder{std::move(booked), true};
}

awaitable<Result<PlacedOrder>> OrderService::Answer(OrderRecord existing, const std::string& quote_id,
                                                    const std::string& client_reference,
                                                    const runtime::TraceContext* trace) {
  if (existing.quote_id != quote_id) {
    co_return Error::Conflict("clientReference " + client_reference + " is already used by order " + existing.id +
                              " for another quote.");
  }
  if (existing.status == S::kBooking) {
    // A retry of an order whose booking a dead process left half-done (kill -9, a crash):
    // take it over and finish it now rather than leave the client to the poller. Not
    // claimed: the booking is still in progress (here or in another process).
    auto resumed = co_await CheckOrder(existing, trace);
    if (resumed && *resumed) co_return PlacedOrder{std::move(**resumed), false};
  }
  co_return PlacedOrder{std::move(existing), false};
}

awaitable<OrderRecord> OrderService::Book(OrderRecord o, std::string rate_token, const runtime::TraceContext* trace,
                                          std::string test_scenario) {
  auto connector = deps_.suppliers ? deps_.suppliers->Connector(o.supplier) : nullptr;
  const std::string trace_id = TraceId(trace);
  if (!connector) {
    // Nothing was sent: failing is safe.
    auto failed = co_await pool_.Run([&] { return Resolve(o, S::kBooking, S::kFailed, "supplier_unavailable", std::nullopt, trace_id); });
    Nudge();
    if (!failed) {
      log_.Error("order booking outcome not stored", {{"orderId", o.id}, {"detail", failed.error().detail}}, trace);
      co_return o;
    }
    co_return std::move(*failed);
  }
  const supplier::BookRequest request = BookRequestFor(o, std::move(rate_token));
  supplier::CallOptions call;
  call.trace = trace;
  call.test_scenario = std::move(test_scenario);
  runtime::CrashPoint("order.before_supplier_call");
  const auto started = std::chrono::steady_clock::now();
  auto booked = co_await connector->Book(request, call);
  runtime::CrashPoint("order.after_supplier_answer");
  booking_duration_->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  // A supplier that books at its rate's price (APItude's rateKey) can still confirm another
  // net than the one quoted: the booking stands (it is made), the margin does not. Counted
  // and logged for the people who reconcile with the supplier.
  if (booked && booked->net.minor != 0 && !booked->net.currency.empty() && booked->net != o.net) {
    net_mismatches_->WithLabels({o.supplier}).Inc();
    log_.Log(runtime::LogLevel::warn, "supplier confirmed another net than quoted",
             {{"orderId", o.id},
              {"supplier", o.supplier},
              {"quotedNet", FormatDecimal(o.net.minor, o.net.currency) + " " + o.net.currency},
              {"bookedNet", FormatDecimal(booked->net.minor, booked->net.currency) + " " + booked->net.currency}},
             trace, "order-service");
  }
  std::string why;
  const Seen seen = SeenOf(booked, /*answers_book=*/true, &why);
  if (!booked) {
    log_.Log(seen == Seen::kRefused ? runtime::LogLevel::info : runtime::LogLevel::warn, "order booking not confirmed",
             {{"orderId", o.id}, {"code", CodeName(booked.error().code)}, {"seen", SeenName(seen)}}, trace,
             "order-service");
  }
  // The one booking request ever sent for this order was answered: a refusal is certain.
  const Decision d = Decide(ViewOf(o, /*quote_valid=*/false, /*refusal_is_certain=*/true), seen, why, clock_.Now(),
                            Certainty(o.supplier));
  std::optional<supplier::Booking> found;
  if (booked) found = std::move(*booked);
  auto carried = co_await Carry(o, d, std::move(found), CheckContext{trace, {}, false});
  if (!carried) {
    // The supplier's answer is not recorded: the poller retrieves the booking later.
    log_.Error("order booking outcome not stored", {{"orderId", o.id}, {"detail", carried.error().detail}}, trace);
    co_return o;
  }
  co_return std::move(*carried);
}

Result<OrderRecord> OrderService::Resolve(const OrderRecord& o, S from, S to, const std::string& reason,
                                          std::optional<std::string> supplier_reference, const std::string& trace_id,
                                          const Schedule& schedule) {
  if (from != to) {
    std::optional<OrderRecord> after;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      // A confirmation (or a wait) lost in a crash is found again: the order stays BOOKING,
      // its process is gone, and the next check retrieves the booking from the supplier. A
      // failure is final for the client, so its commit waits for the disk.
      if (to == S::kConfirmed || to == S::kOnRequest) {
        if (auto relaxed = ports::RelaxCommit(s, db_.dialect()); !relaxed) return relaxed;
      }
      OrderChanges c;
      c.status_reason = reason;
      c.supplier_booking_reference = supplier_reference;
      c.schedule = schedule;
      OrderRecord updated;
      auto moved = Move(s, o, from, to, "system", reason, c, trace_id, &updated);
      if (!moved) return moved.error();
      if (!*moved) {  // another actor settled it first: what it is now
        auto found = repo_.FindOrder(s, o.id);
        if (!found) return found.error();
        after = std::move(*found);
        return Ok();
      }
      after = std::move(updated);
      if (to == S::kConfirmed) {
        // The accounts the holds are on are known from the order: the capture needs no read and
        // goes out with the commit (the hot account rows locked for no round trip).
        std::vector<std::string> accounts;
        for (const auto& share : o.credit) accounts.push_back(share.account_id);
        if (auto captured = ledger_.CaptureHoldsDeferred(s, o.id, std::move(accounts), "system"); !captured) {
          return captured.error();
        }
      } else if (to == S::kFailed || to == S::kExpired || to == S::kCancelled) {
        auto released = ledger_.ReleaseHolds(s, o.id, "system", reason);
        if (!released) return released.error();
      }
      return Ok();
    });
    if (!r) return r.error();
    if (!after) return Error::NotFound("No order " + o.id + ".");
    return std::move(*after);
  }
  auto now = Reload(o.id);
  if (!now) return now.error();
  if (!*now) return Error::NotFound("No order " + o.id + ".");
  return std::move(**now);
}

Result<std::string> OrderService::RateToken(const std::string& quote_id) {
  std::string token;
  auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto q = repo_.FindQuote(s, quote_id);
    if (!q) return q.error();
    if (!*q) return Error::NotFound("No quote " + quote_id + ".");
    token = (*q)->offer.rate.rate_token;
    return Ok();
  });
  if (!r) return r.error();
  return token;
}

awaitable<Result<std::vector<OrderRecord>>> OrderService::Reviews(int limit, std::optional<std::string> after) {
  OrderFilter f;
  f.status = S::kPendingReview;
  f.limit = limit;
  f.after = std::move(after);
  Principal staff;
  staff.role = Role::platform_ops;
  co_return co_await ListOrders(staff, std::move(f));
}

awaitable<Result<OrderRecord>> OrderService::Approve(const Principal& reviewer, std::string order_id,
                                                     const runtime::TraceContext* trace) {
  const std::string trace_id = TraceId(trace);
  const std::string actor = reviewer.Actor();
  std::string token;
  auto started = co_await pool_.Run([&]() -> Result<OrderRecord> {
    auto o = Visible(reviewer, order_id);
    if (!o) return o.error();
    if (o->status != S::kPendingReview) {
      return Error::Conflict("Order " + order_id + " is " + std::string(StatusName(o->status)) + ", not pending review.");
    }
    auto t = RateToken(o->quote_id);
    if (!t) return t.error();
    token = std::move(*t);
    OrderChanges c;
    const auto now = clock_.Now();
    c.reviewed_by = actor;
    c.reviewed_at = FormatIso8601(now);
    c.status_reason = "approved";
    c.booking_started_at = FormatIso8601(now);
    Schedule booking;
    if (!options_.owner.id.empty()) booking.worker = options_.owner.id;
    booking.worker_until = FormatIso8601(now + options_.booking_lease);
    booking.next_check_at = booking.worker_until;
    c.schedule = booking;
    bool lost = false;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      if (auto h = PlaceHolds(s, *o, actor); !h) return h;
      auto moved = Move(s, *o, S::kPendingReview, S::kBooking, actor, "approved by review", c, trace_id);
      if (!moved) return moved.error();
      if (!*moved) return Error::Conflict("lost");  // rolls the holds back
      return Ok();
    });
    if (!r && r.error().detail == "lost") lost = true;
    if (lost) return Error::Conflict("Order " + order_id + " is no longer pending review.");
    if (!r && r.error().code == Errc::credit_insufficient) {
      c.status_reason = "credit_insufficient";
      c.schedule = Schedule{};  // never reached the supplier
      c.booking_started_at.reset();
      auto f = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
        auto moved = Move(s, *o, S::kPendingReview, S::kFailed, actor, "credit_insufficient: " + r.error().detail, c,
                          trace_id);
        if (!moved) return moved.error();
        return Ok();
      });
      if (!f) return f.error();
      return WithOrder(r.error(), order_id);
    }
    if (!r) return r.error();
    o->status = S::kBooking;
    o->booking_started_at = c.booking_started_at;
    o->worker = booking.worker;
    o->worker_until = booking.worker_until;
    o->next_check_at = booking.next_check_at;
    return std::move(*o);
  });
  Nudge();
  if (!started) co_return started.error();
  co_return co_await Book(std::move(*started), token, trace);
}

awaitable<Result<OrderRecord>> OrderService::Reject(const Principal& reviewer, std::string order_id,
                                                    std::string reason) {
  co_return co_await pool_.Run([&]() -> Result<OrderRecord> {
    auto o = Visible(reviewer, order_id);
    if (!o) return o.error();
    OrderChanges c;
    c.reviewed_by = reviewer.Actor();
    c.reviewed_at = FormatIso8601(clock_.Now());
    c.status_reason = "rejected_by_review";
    bool moved_now = false;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto moved = o->status == S::kPendingReview
                       ? Move(s, *o, S::kPendingReview, S::kRejected, reviewer.Actor(),
                              reason.empty() ? "rejected by review" : reason, c, "")
                       : Result<bool>(false);
      if (!moved) return moved.error();
      moved_now = *moved;
      return Ok();
    });
    if (!r) return r.error();
    if (!moved_now) return Error::Conflict("Order " + order_id + " is no longer pending review.");
    Nudge();
    auto now = Reload(order_id);
    if (!now) return now.error();
    return std::move(**now);
  });
}

}  // namespace hotel::orders

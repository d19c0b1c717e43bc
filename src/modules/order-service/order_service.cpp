// OrderService: construction, the transition step every flow shares, credit holds, reads,
// and quotes (re-check with the supplier, re-price, store).
#include "modules/order-service/order_service.hpp"

#include <algorithm>

#include "events/events.hpp"
#include "modules/config/config_client.hpp"
#include "modules/pricing-service/pricing_service.hpp"

#include <boost/json.hpp>

namespace hotel::orders {
namespace {

namespace json = boost::json;
using boost::asio::awaitable;
using S = OrderStatus;

inline const config::Key<std::int64_t> kQuoteTtlMinutes{"order.quote.ttl_minutes", 15};

json::object BreakdownJson(const pricing::PricedRate& p) {
  json::array lines;
  for (const auto& l : p.breakdown.lines) {
    json::object line{{"tier", pricing::TierName(l.tier)},
                      {"amount", MoneyJson(l.amount)},
                      {"priceAfter", MoneyJson(l.price_after)}};
    if (l.rule_id) line["ruleId"] = *l.rule_id;
    lines.push_back(std::move(line));
  }
  return {{"netConverted", MoneyJson(p.net_converted)},
          {"lines", std::move(lines)},
          {"priceAfterPlatform", MoneyJson(p.price_after_platform)},
          {"priceAfterDistributor", MoneyJson(p.price_after_distributor)},
          {"fxRateE10", p.fx_rate_e10},
          {"parityRaised", p.breakdown.parity_raised}};
}

}  // namespace

Error WithOrder(Error e, const std::string& order_id) {
  e.detail += " (order " + order_id + ")";
  return e;
}

OrderService::OrderService(ports::Database& db, runtime::BlockingPool& pool, const Clock& clock,
                           runtime::MetricsRegistry& metrics, runtime::Logger& log, OrderDeps deps,
                           OrderOptions options)
    : db_(db),
      pool_(pool),
      clock_(clock),
      log_(log),
      deps_(std::move(deps)),
      options_(options),
      repo_(db.dialect()),
      ledger_(db.dialect(), clock),
      codec_(deps_.encryption_secret) {
  orders_total_ = &metrics.AddCounter("orders_total", "Order transitions by the status entered.", {"status"});
  quotes_total_ = &metrics.AddCounter("quotes_total", "Quotes by outcome.", {"status"});
  resolutions_ = &metrics.AddCounter("order_poller_resolutions_total",
                                     "Orders the background poller resolved, by outcome.", {"outcome"});
  booking_duration_ = &metrics
                           .AddHistogram("order_booking_duration_seconds",
                                         "Supplier booking of an order, retries and retrieves included.", {},
                                         {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120})
                           .WithLabels(std::vector<std::string>{});
  net_mismatches_ = &metrics.AddCounter("order_supplier_net_mismatches_total",
                                        "Bookings a supplier confirmed at another net than the one quoted, by supplier.",
                                        {"supplier"});
  ghosts_ = &metrics.AddCounter("order_ghost_bookings_total",
                                "Live supplier bookings found for orders the platform had called failed, expired or "
                                "cancelled, by supplier and whether cancelling them worked (cancelled | cancel_failed).",
                                {"supplier", "outcome"});
  checks_ = &metrics.AddCounter("order_certainty_actions_total",
                                "What the booking-certainty checks did (confirm, wait, commit_hold, book_again, "
                                "cancel_and_fail, cancel_and_expire, cancel_ghost, end_watch, fail).",
                                {"action"});
  ledger_.CountIn(metrics);  // credit_holds_total, credit_captures_total, credit_releases_total
}

OrderService::~OrderService() = default;

void OrderService::Nudge() {
  if (deps_.relay) deps_.relay->Nudge();
}

void OrderService::Count(OrderStatus to) { orders_total_->WithLabels({StatusName(to)}).Inc(); }

std::chrono::minutes OrderService::QuoteTtl() const {
  if (!deps_.config) return options_.quote_ttl;
  const auto minutes = deps_.config->Get(kQuoteTtlMinutes);
  return minutes > 0 && minutes <= 24 * 60 ? std::chrono::minutes(minutes) : options_.quote_ttl;
}

bool OrderService::AutoReject(const std::string& tenant_id) const {
  return deps_.config && deps_.config->FlagEnabled("risk.auto.reject", tenant_id);
}

events::Event OrderService::CreatedEvent(const OrderRecord& o, const std::string& trace_id) const {
  json::object payload{{"orderId", o.id},
                       {"status", StatusName(S::kPending)},
                       {"clientReference", o.client_reference},
                       {"quoteId", o.quote_id},
                       {"hotelId", o.master_hotel_id},
                       {"checkIn", FormatDate(o.check_in)},
                       {"checkOut", FormatDate(o.check_out)},
                       {"price", MoneyJson(o.price)},
                       {"actor", o.created_by}};
  return events::MakeEvent("order.created", "order", o.id, o.tenant_id, std::move(payload), clock_, trace_id);
}

events::Event OrderService::TransitionEvent(const OrderRecord& o, OrderStatus from, OrderStatus to, const std::string& actor,
                                            const std::string& reason, const OrderChanges& changes,
                                            const std::string& trace_id) const {
  json::object payload{{"orderId", o.id},
                       {"from", StatusName(from)},
                       {"to", StatusName(to)},
                       {"reason", reason},
                       {"actor", actor.empty() ? "system" : actor},
                       {"clientReference", o.client_reference},
                       {"price", MoneyJson(o.price)}};
  if (changes.supplier_booking_reference) payload["supplierReference"] = *changes.supplier_booking_reference;
  if (changes.cancel_penalty_minor) payload["penalty"] = MoneyJson({*changes.cancel_penalty_minor, o.price.currency});
  if (changes.refunded_minor) payload["refund"] = MoneyJson({*changes.refunded_minor, o.price.currency});
  return events::MakeEvent(EventTypeFor(to), "order", o.id, o.tenant_id, std::move(payload), clock_, trace_id);
}

Result<void> OrderService::InsertAs(ports::SqlSession& s, OrderRecord& o, OrderStatus to, const std::string& actor,
                                    const std::string& reason, const std::string& trace_id) {
  // A new order is written in its first status after PENDING at once: the row, both
  // transitions in one statement, both events in one statement (not an insert and an update).
  o.status = to;
  if (auto r = repo_.InsertOrder(s, o); !r) return r;
  const auto now = FormatIso8601(clock_.Now());
  const std::vector<Transition> steps{{1, std::nullopt, std::string(StatusName(S::kPending)), o.created_by, "created", now},
                                      {2, std::string(StatusName(S::kPending)), std::string(StatusName(to)), actor, reason, now}};
  if (auto r = repo_.AppendFirstTransitions(s, o.id, steps); !r) return r;
  OrderChanges changes;
  changes.status_reason = o.status_reason;
  std::vector<events::Event> events{CreatedEvent(o, trace_id), TransitionEvent(o, S::kPending, to, actor, reason, changes, trace_id)};
  if (auto r = events::AppendToOutbox(s, events); !r) return r;
  // Counted before the commit: a rolled-back insert may count once too often, never too rarely.
  Count(S::kPending);
  Count(to);
  return Ok();
}

Result<bool> OrderService::Move(ports::SqlSession& s, const OrderRecord& o, OrderStatus from, OrderStatus to,
                                const std::string& actor, const std::string& reason, const OrderChanges& changes,
                                const std::string& trace_id, OrderRecord* after) {
  const auto now = FormatIso8601(clock_.Now());
  auto moved = repo_.UpdateStatus(s, o.id, from, to, changes, now, after);
  if (!moved || !*moved) return moved;
  if (auto r = repo_.AppendTransition(s, o.id, from, to, actor, reason, now); !r) return r.error();
  auto appended = events::AppendToOutbox(s, TransitionEvent(o, from, to, actor, reason, changes, trace_id));
  if (!appended) return appended.error();
  // Counted before the commit: a rolled-back transition (rare: a retried serialization
  // failure) may count once too often, never too rarely.
  Count(to);
  return true;
}

std::vector<CreditShare> OrderService::SharesFor(std::string_view tenant_path, const json::object& breakdown) {
  const auto chain = pricing::ChainFromTenantPath(tenant_path);
  const auto money = [&](std::string_view key) {
    const auto* v = breakdown.if_contains(key);
    return v ? MoneyFromJson(*v).value_or(Money{}) : Money{};
  };
  std::vector<CreditShare> shares;
  if (!chain.subagent.empty()) shares.push_back({chain.subagent, money("priceAfterDistributor")});
  if (!chain.distributor.empty()) shares.push_back({chain.distributor, money("priceAfterPlatform")});
  return shares;
}

Result<std::optional<credit::Account>> OrderService::ReadAccounts(ports::SqlSession& s, OrderRecord& o) {
  std::vector<std::string> tenants{o.tenant_id};
  for (const auto& share : o.credit) {
    if (share.tenant_id != o.tenant_id) tenants.push_back(share.tenant_id);
  }
  auto accounts = ledger_.FindAccountsFor(s, tenants, o.price.currency);
  if (!accounts) return accounts.error();
  std::optional<credit::Account> caller;
  for (const auto& a : *accounts) {
    if (a.tenant_id == o.tenant_id) caller = a;
    for (auto& share : o.credit) {
      if (share.tenant_id == a.tenant_id && share.amount.currency == a.currency) share.account_id = a.id;
    }
  }
  return caller;
}

Result<void> OrderService::PlaceHolds(ports::SqlSession& s, const OrderRecord& o, const std::string& actor) {
  // The ledger places them together: hold rows first, then the accounts in account-id order
  // (as captures, releases and refunds lock them), so that two orders of the same tenants
  // never wait on each other in a cycle (a PostgreSQL deadlock).
  std::vector<credit::CreditLedger::HoldRequest> requests;
  for (const auto& share : o.credit) {
    Money amount = share.amount;
    if (!share.account_id.empty()) {
      requests.push_back({share.tenant_id, std::move(amount), share.account_id});
      continue;
    }
    // No account in the order's currency: the tenant's own, in its currency.
    auto account = ledger_.FindAccountFor(s, share.tenant_id, amount.currency);
    if (!account) return account.error();
    std::string account_id = *account ? (*account)->id : std::string();
    if (!*account) {
      auto currency = repo_.TenantCurrency(s, share.tenant_id);
      if (!currency) return currency.error();
      if (*currency && **currency != amount.currency) {
        auto converted = deps_.pricing->Convert(amount, **currency);
        if (!converted) return converted.error();
        amount = *converted;
        auto other = ledger_.FindAccountFor(s, share.tenant_id, amount.currency);
        if (!other) return other.error();
        if (*other) account_id = (*other)->id;
      }
    }
    requests.push_back({share.tenant_id, std::move(amount), std::move(account_id)});
  }
  auto held = ledger_.PlaceHolds(s, o.id, std::move(requests), actor);
  if (!held) return held.error();
  return Ok();
}

Result<std::optional<OrderRecord>> OrderService::Reload(const std::string& id) {
  std::optional<OrderRecord> out;
  auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto found = repo_.FindOrder(s, id);
    if (!found) return found.error();
    out = std::move(*found);
    return Ok();
  });
  if (!r) return r.error();
  return out;
}

Result<OrderRecord> OrderService::Visible(const Principal& caller, const std::string& id) {
  auto found = Reload(id);
  if (!found) return found.error();
  if (!*found || !caller.CanReachTenantPath((*found)->tenant_path)) return Error::NotFound("No order " + id + ".");
  return std::move(**found);
}

awaitable<Result<OrderDetail>> OrderService::GetOrder(const Principal& caller, std::string order_id) {
  co_return co_await pool_.Run([&]() -> Result<OrderDetail> {
    auto order = Visible(caller, order_id);
    if (!order) return order.error();
    OrderDetail d{std::move(*order), {}, {}};
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto t = repo_.Transitions(s, order_id);
      if (!t) return t.error();
      d.transitions = std::move(*t);
      auto h = ledger_.HoldsOf(s, order_id);
      if (!h) return h.error();
      d.holds = std::move(*h);
      return Ok();
    });
    if (!r) return r.error();
    return d;
  });
}

awaitable<Result<std::vector<OrderRecord>>> OrderService::ListOrders(const Principal& caller, OrderFilter filter) {
  filter.tenant_path_prefix = caller.IsPlatformStaff() ? "" : caller.tenant_path;
  co_return co_await pool_.Run([&]() -> Result<std::vector<OrderRecord>> {
    std::vector<OrderRecord> out;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto listed = repo_.List(s, filter);
      if (!listed) return listed.error();
      out = std::move(*listed);
      return Ok();
    });
    if (!r) return r.error();
    return out;
  });
}

awaitable<Result<QuoteRecord>> OrderService::GetQuote(const Principal& caller, std::string quote_id) {
  co_return co_await pool_.Run([&]() -> Result<QuoteRecord> {
    std::optional<QuoteRecord> q;
    auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto found = repo_.FindQuote(s, quote_id);
      if (!found) return found.error();
      q = std::move(*found);
      return Ok();
    });
    if (!r) return r.error();
    if (!q || q->tenant_id != caller.tenant_id) return Error::NotFound("No quote " + quote_id + ".");
    return std::move(*q);
  });
}

awaitable<Result<QuoteRecord>> OrderService::CreateQuote(const Principal& caller, std::string offer_id,
                                                         const runtime::TraceContext* trace, std::string test_scenario) {
  auto offer = codec_.Open(offer_id, caller.tenant_id, clock_.Now());
  if (!offer) co_return offer.error();
  auto connector = deps_.suppliers ? deps_.suppliers->Connector(offer->supplier) : nullptr;
  if (!connector) co_return Error::Unavailable("The offer's supplier is not available now; search again.");
  supplier::QuoteRequest request{offer->hotel_code, offer->rate.rate_token, offer->check_in, offer->check_out,
                                 offer->rooms, offer->rate.net};
  supplier::CallOptions call;
  call.trace = trace;
  call.test_scenario = std::move(test_scenario);
  auto checked = co_await connector->Recheck(request, call);
  if (!checked) {
    if (checked.error().code == Errc::sold_out) quotes_total_->WithLabels({"sold_out"}).Inc();
    co_return checked.error();
  }
  if (checked->status == supplier::QuoteStatus::kSoldOut) {
    quotes_total_->WithLabels({"sold_out"}).Inc();
    co_return Error{Errc::sold_out, "The room is no longer available; search again.", {}};
  }
  supplier::Rate rate = offer->rate;
  if (!checked->rate.rate_token.empty()) rate.rate_token = checked->rate.rate_token;
  if (!checked->rate.net.currency.empty()) rate.net = checked->rate.net;
  if (!checked->rate.cancellation.empty()) rate.cancellation = checked->rate.cancellation;
  if (checked->rate.selling_floor) rate.selling_floor = checked->rate.selling_floor;

  pricing::PriceRequest price_request;
  price_request.net = rate.net;
  price_request.selling_floor = rate.selling_floor;
  price_request.target_currency = offer->currency;
  price_request.supplier = offer->supplier;
  price_request.country = offer->country;
  price_request.city = offer->city;
  price_request.hotel_id = offer->master_hotel_id;
  price_request.check_in = offer->check_in;
  price_request.chain = pricing::ChainFromTenantPath(caller.tenant_path);
  auto priced = deps_.pricing->Price(price_request);
  if (!priced) co_return priced.error();

  QuoteRecord q;
  q.id = NewId("qte");
  q.tenant_id = caller.tenant_id;
  q.tenant_path = caller.tenant_path;
  q.created_by = caller.Actor();
  q.offer = OfferData{offer->supplier, offer->hotel_code, offer->country, offer->city, offer->nationality,
                      offer->check_in, offer->check_out, offer->rooms, rate};
  q.master_hotel_id = offer->master_hotel_id;
  q.price = priced->breakdown.final_price;
  const bool changed = q.price != offer->price ||
                       (checked->status == supplier::QuoteStatus::kPriceChanged && rate.net != offer->rate.net);
  q.status = changed ? supplier::QuoteStatus::kPriceChanged : supplier::QuoteStatus::kAvailable;
  if (changed) q.previous_price = offer->price;
  q.net = rate.net;
  q.breakdown = BreakdownJson(*priced);
  q.cancellation = rate.cancellation;
  q.refundable = rate.refundable;
  const auto now = clock_.Now();
  q.created_at = FormatIso8601(now);
  q.expires_at = FormatIso8601(now + QuoteTtl());
  auto stored = co_await pool_.Run([&]() -> Result<void> {
    return db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto name = repo_.HotelName(s, q.master_hotel_id);
      if (name) q.hotel_name = *name;  // the catalog may be elsewhere: a quote without a name is fine
      return repo_.InsertQuote(s, q);
    });
  });
  if (!stored) co_return stored.error();
  quotes_total_->WithLabels({supplier::QuoteStatusName(q.status)}).Inc();
  co_return q;
}

}  // namespace hotel::orders

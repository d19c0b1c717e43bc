// The cached pricing service (see pricing_service_impl.hpp).
#include "modules/pricing-service/pricing_service_impl.hpp"

#include "runtime/blocking.hpp"

#include <algorithm>
#include <set>

namespace hotel::pricing {

TenantChain ChainFromTenantPath(std::string_view path) {
  TenantChain chain;
  std::string* tiers[] = {&chain.platform, &chain.distributor, &chain.subagent};
  std::size_t i = 0;
  std::size_t pos = 0;
  while (i < 3 && pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const auto end = path.find('/', pos);
    const auto segment = path.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    *tiers[i++] = std::string(segment);
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return chain;
}

Result<std::vector<FxRate>> TableFxRateSource::Load() {
  auto rows = store_.ListRates();
  if (!rows) return rows.error();
  std::vector<FxRate> out;
  out.reserve(rows->size());
  for (auto& row : *rows) out.push_back(std::move(row.rate));
  return out;
}

namespace {

__int128 DivRoundHalfAway(__int128 num, __int128 den) {
  __int128 q = num / den;
  const __int128 r = num % den;
  if ((r < 0 ? -r : r) * 2 >= den) q += num < 0 ? -1 : 1;
  return q;
}

// Pairs with no rate either way are given the cross rate through `base`
// (round_half_away(from→base × base→to / 10^10)), so a EUR net prices for a JPY caller with
// only X→CNY rates set. A pair set (or derived from its inverse) always wins over a cross.
FxTable WithCrossRates(FxTable table, const std::string& base) {
  std::set<std::string> currencies;
  for (const auto& r : table.Rates()) {
    currencies.insert(r.from);
    currencies.insert(r.to);
  }
  std::vector<FxRate> crosses;
  for (const auto& a : currencies) {
    for (const auto& b : currencies) {
      if (a == b || a == base || b == base || table.Get(a, b)) continue;
      const auto ab = table.Get(a, base), bb = table.Get(base, b);
      if (!ab || !bb) continue;
      const auto cross = DivRoundHalfAway(static_cast<__int128>(*ab) * *bb, kRateScale);
      if (cross >= FxTable::kMinRateE10 && cross <= FxTable::kMaxRateE10) {
        crosses.push_back(FxRate{a, b, static_cast<std::int64_t>(cross)});
      }
    }
  }
  for (auto& c : crosses) (void)table.Set(std::move(c));
  return table;
}

}  // namespace

PricingServiceImpl::PricingServiceImpl(ports::Database& db, runtime::BlockingPool& pool,
                                       std::shared_ptr<FxRateSource> fx, PricingOptions options, const Clock& clock,
                                       runtime::Logger& log, runtime::MetricsRegistry& metrics)
    : store_(db),
      pool_(pool),
      fx_(fx ? std::move(fx) : std::make_shared<TableFxRateSource>(store_)),
      options_(std::move(options)),
      clock_(clock),
      log_(log),
      rules_loaded_(metrics.AddGauge("pricing_rules_loaded", "Active markup rules in this process's snapshot.")
                        .WithLabels({})),
      fx_age_(metrics.AddGauge("fx_rates_age_seconds", "Age of this process's exchange-rate snapshot.")
                  .WithLabels({})),
      reloads_(metrics.AddCounter("pricing_reloads_total", "Reloads of the pricing snapshots by kind and outcome.",
                                  {"kind", "outcome"})),
      rules_(std::make_shared<const RulesSnapshot>()),
      rates_(std::make_shared<const RatesSnapshot>()) {
  (void)ReloadRules();
  (void)ReloadRates();
}

PricingServiceImpl::~PricingServiceImpl() { Stop(); }

std::shared_ptr<const PricingServiceImpl::RulesSnapshot> PricingServiceImpl::Rules() const {
  std::lock_guard lock(snapshot_mutex_);
  return rules_;
}

std::shared_ptr<const PricingServiceImpl::RatesSnapshot> PricingServiceImpl::RatesSnap() const {
  std::lock_guard lock(snapshot_mutex_);
  return rates_;
}

std::size_t PricingServiceImpl::RulesLoaded() const { return Rules()->count; }
Instant PricingServiceImpl::RatesLoadedAt() const { return RatesSnap()->loaded_at; }

Result<void> PricingServiceImpl::ReloadRules() {
  std::lock_guard reload(rules_reload_mutex_);
  auto loaded = store_.ActiveRules();
  if (!loaded) {
    reloads_.WithLabels({"rules", "error"}).Inc();
    log_.Warn("pricing: reloading markup rules failed; the previous snapshot stays in use",
              {{"error", loaded.error().detail}});
    return loaded.error();
  }
  auto next = std::make_shared<RulesSnapshot>();
  next->count = loaded->size();
  for (auto& rule : *loaded) {
    std::string owner = rule.owner_tenant;
    next->by_owner[owner].push_back(std::move(rule));
  }
  {
    std::lock_guard lock(snapshot_mutex_);
    rules_ = std::move(next);
  }
  rules_loaded_.Set(static_cast<double>(loaded->size()));
  reloads_.WithLabels({"rules", "ok"}).Inc();
  return Ok();
}

Result<void> PricingServiceImpl::ReloadRates() {
  std::lock_guard reload(rates_reload_mutex_);
  auto loaded = fx_->Load();
  if (!loaded) {
    reloads_.WithLabels({"rates", "error"}).Inc();
    log_.Warn("pricing: reloading exchange rates failed; the previous snapshot stays in use",
              {{"source", fx_->Name()}, {"error", loaded.error().detail}});
    return loaded.error();
  }
  FxTable table;
  for (auto& rate : *loaded) {
    const std::string pair = rate.from + "->" + rate.to;
    if (auto set = table.Set(std::move(rate)); !set) {
      log_.Warn("pricing: ignoring an invalid exchange rate", {{"pair", pair}, {"error", set.error().detail}});
    }
  }
  auto next = std::make_shared<RatesSnapshot>();
  next->table = WithCrossRates(std::move(table), options_.default_currency);
  next->loaded_at = clock_.Now();
  {
    std::lock_guard lock(snapshot_mutex_);
    rates_ = std::move(next);
  }
  fx_age_.Set(0);
  reloads_.WithLabels({"rates", "ok"}).Inc();
  return Ok();
}

void PricingServiceImpl::PollOnce() {
  (void)ReloadRules();
  const auto age = clock_.Now() - RatesLoadedAt();
  if (age >= options_.fx_ttl) (void)ReloadRates();
  fx_age_.Set(std::chrono::duration<double>(clock_.Now() - RatesLoadedAt()).count());
}

void PricingServiceImpl::Start() {
  std::lock_guard lock(loop_mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void PricingServiceImpl::Stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PricingServiceImpl::Loop() {
  const auto interval = std::min<std::chrono::milliseconds>(
      options_.poll_interval, std::chrono::duration_cast<std::chrono::milliseconds>(options_.fx_ttl));
  std::unique_lock lock(loop_mutex_);
  while (!stopping_) {
    if (wake_.wait_for(lock, std::max(interval, std::chrono::milliseconds(1)), [this] { return stopping_; })) break;
    lock.unlock();
    PollOnce();
    lock.lock();
  }
}

Result<Money> PricingServiceImpl::Convert(const Money& amount, std::string_view to_currency) const {
  if (!IsCurrencyCode(to_currency)) return Error::Validation("currency", "must be an ISO 4217 code such as EUR");
  return pricing::Convert(amount, to_currency, RatesSnap()->table);
}

// One context's rules, resolved: each rate then costs two conversions and the chain.
class PricingServiceImpl::Resolved final : public RatePricer {
 public:
  Resolved(const PricingServiceImpl& service, const PriceRequest& request)
      : rates_(service.RatesSnap()),
        target_(request.target_currency.empty() ? service.options_.default_currency : request.target_currency) {
    if (!IsCurrencyCode(target_)) {
      error_ = Error::Validation("currency", "must be an ISO 4217 code such as EUR");
      return;
    }
    ctx_.supplier = request.supplier;
    ctx_.country = request.country;
    ctx_.city = request.city;
    ctx_.hotel_id = request.hotel_id;
    ctx_.check_in = request.check_in;
    ctx_.platform_tenant = request.chain.platform;
    ctx_.distributor_tenant = request.chain.distributor;
    ctx_.subagent_tenant = request.chain.subagent;
    // Only each tier's winner is copied (at most three rules), so the cost does not grow with
    // the number of rules other tenants own.
    const auto rules = service.Rules();
    winners_.reserve(3);
    const std::pair<Tier, const std::string*> tiers[] = {{Tier::kPlatform, &ctx_.platform_tenant},
                                                         {Tier::kDistributor, &ctx_.distributor_tenant},
                                                         {Tier::kSubAgent, &ctx_.subagent_tenant}};
    for (const auto& [tier, tenant] : tiers) {
      if (tenant->empty()) continue;
      auto owned = rules->by_owner.find(*tenant);
      if (owned == rules->by_owner.end()) continue;
      const MarkupRule* winner = ResolveRule(owned->second, tier, ctx_);
      if (!winner) continue;
      MarkupRule rule = *winner;
      if (rule.kind == MarkupRule::kFixed && rule.fixed && rule.fixed->currency != target_) {
        auto fixed = pricing::Convert(*rule.fixed, target_, rates_->table);
        if (!fixed) {
          error_ = fixed.error();
          return;
        }
        rule.fixed = *fixed;
      }
      winners_.push_back(std::move(rule));
    }
  }

  Result<PricedRate> Price(const Money& net_in, const std::optional<Money>& selling_floor) const override {
    if (error_) return *error_;
    PricedRate out;
    // A hotel's rates are in one currency: its rate is looked up once.
    if (net_in.currency != rate_from_) {
      rate_from_ = net_in.currency;
      rate_ = rates_->table.Get(net_in.currency, target_);
    }
    if (!rate_ && net_in.currency != target_) {
      // Convert's own refusal (an amount too large, or no rate), worded as for any price.
      auto refused = pricing::Convert(net_in, target_, rates_->table);
      return refused ? Error::NotFound("no exchange rate " + net_in.currency + "->" + target_) : refused.error();
    }
    auto net = pricing::ConvertAt(net_in, target_, rate_.value_or(kRateScale));
    if (!net) return net.error();
    out.net_converted = *net;
    out.fx_rate_e10 = rate_.value_or(0);
    std::optional<Money> floor;
    if (selling_floor) {
      auto converted = selling_floor->currency == net_in.currency && rate_
                           ? pricing::ConvertAt(*selling_floor, target_, *rate_)
                           : pricing::Convert(*selling_floor, target_, rates_->table);
      if (!converted) return converted.error();
      floor = *converted;
    }
    auto breakdown = PriceChain(out.net_converted, ctx_, winners_, floor);
    if (!breakdown) return breakdown.error();
    out.breakdown = std::move(*breakdown);
    out.price_after_platform = out.net_converted;
    for (const auto& line : out.breakdown.lines) {
      if (line.tier == Tier::kPlatform) out.price_after_platform = line.price_after;
    }
    out.price_after_distributor = out.price_after_platform;
    for (const auto& line : out.breakdown.lines) {
      if (line.tier == Tier::kDistributor) out.price_after_distributor = line.price_after;
    }
    return out;
  }

 private:
  std::shared_ptr<const RatesSnapshot> rates_;
  std::string target_;
  PriceContext ctx_;
  std::vector<MarkupRule> winners_;
  std::optional<Error> error_;
  // The last net currency priced and its rate to target_ (a pricer serves one thread).
  mutable std::string rate_from_;
  mutable std::optional<std::int64_t> rate_;
};

std::unique_ptr<RatePricer> PricingServiceImpl::PricerFor(const PriceRequest& context) const {
  return std::make_unique<Resolved>(*this, context);
}

Result<PricedRate> PricingServiceImpl::Price(const PriceRequest& request) const {
  return Resolved(*this, request).Price(request.net, request.selling_floor);
}

}  // namespace hotel::pricing

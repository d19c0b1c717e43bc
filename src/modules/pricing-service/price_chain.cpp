// Markup resolution and the price chain (see price_chain.hpp).
#include "modules/pricing-service/price_chain.hpp"

#include <array>
#include <tuple>

namespace hotel::pricing {
namespace {

const std::string& TenantOf(Tier tier, const PriceContext& ctx) {
  switch (tier) {
    case Tier::kPlatform: return ctx.platform_tenant;
    case Tier::kDistributor: return ctx.distributor_tenant;
    case Tier::kSubAgent: return ctx.subagent_tenant;
  }
  return ctx.platform_tenant;
}

bool FilterHolds(const std::optional<std::string>& filter, const std::string& value) {
  return !filter || *filter == value;
}

bool InRange(std::int64_t minor) { return minor > -kMaxPriceMinor && minor < kMaxPriceMinor; }

Error RuleError(const MarkupRule& rule, std::string message) {
  return Error::Validation("rules[" + rule.id + "]", std::move(message));
}

// The markup `rule` adds to `price`, checked against the rule's own limits.
Result<std::int64_t> MarkupOf(const MarkupRule& rule, const Money& price) {
  std::int64_t amount = 0;
  if (rule.kind == MarkupRule::kPercent) {
    if (rule.percent_bp < 0 && !rule.allow_negative) return RuleError(rule, "negative percentage");
    if (!InRange(rule.percent_bp)) return RuleError(rule, "percentage out of range");
    amount = ScaleRounded(price.minor, rule.percent_bp, 10'000);
  } else {
    if (!rule.fixed) return RuleError(rule, "fixed markup without an amount");
    if (rule.fixed->currency != price.currency) {
      return RuleError(rule, "fixed markup in " + rule.fixed->currency + ", price in " + price.currency);
    }
    if (!InRange(rule.fixed->minor)) return RuleError(rule, "fixed markup out of range");
    amount = rule.fixed->minor;
  }
  if (amount < 0 && !rule.allow_negative) return RuleError(rule, "lowers the price");
  return amount;
}

// The tier a floor-only line belongs to: the lowest tier with a tenant (the caller's).
Tier CallerTier(const PriceContext& ctx) {
  if (!ctx.subagent_tenant.empty()) return Tier::kSubAgent;
  if (!ctx.distributor_tenant.empty()) return Tier::kDistributor;
  return Tier::kPlatform;
}

}  // namespace

std::string_view TierName(Tier tier) {
  switch (tier) {
    case Tier::kPlatform: return "platform";
    case Tier::kDistributor: return "distributor";
    case Tier::kSubAgent: return "sub_agent";
  }
  return "unknown";
}

int Specificity(const MarkupRule& rule) {
  return (rule.hotel_id ? 16 : 0) + (rule.city ? 8 : 0) + (rule.country ? 4 : 0) + (rule.supplier ? 2 : 0) +
         (rule.stay_from || rule.stay_to ? 1 : 0);
}

bool Matches(const MarkupRule& rule, Tier tier, std::string_view tenant, const PriceContext& ctx) {
  return rule.tier == tier && !tenant.empty() && rule.owner_tenant == tenant &&
         FilterHolds(rule.supplier, ctx.supplier) && FilterHolds(rule.country, ctx.country) &&
         FilterHolds(rule.city, ctx.city) && FilterHolds(rule.hotel_id, ctx.hotel_id) &&
         (!rule.stay_from || *rule.stay_from <= ctx.check_in) && (!rule.stay_to || ctx.check_in <= *rule.stay_to);
}

const MarkupRule* ResolveRule(std::span<const MarkupRule> rules, Tier tier, const PriceContext& ctx) {
  const std::string& tenant = TenantOf(tier, ctx);
  const MarkupRule* best = nullptr;
  auto key = [](const MarkupRule& r) { return std::tuple(Specificity(r), r.created_seq, std::string_view(r.id)); };
  for (const MarkupRule& rule : rules) {
    if (!Matches(rule, tier, tenant, ctx)) continue;
    if (!best || key(rule) > key(*best)) best = &rule;
  }
  return best;
}

Result<PriceBreakdown> PriceChain(const Money& net, const PriceContext& ctx, std::span<const MarkupRule> rules,
                                  const std::optional<Money>& selling_floor) {
  if (!IsCurrencyCode(net.currency)) return Error::Validation("net.currency", "not a currency code");
  if (net.minor < 0 || net.minor >= kMaxPriceMinor) return Error::Validation("net", "out of range");
  if (selling_floor) {
    if (selling_floor->currency != net.currency) {
      return Error::Validation("sellingFloor", "currency differs from the net price's");
    }
    if (selling_floor->minor < 0 || selling_floor->minor >= kMaxPriceMinor) {
      return Error::Validation("sellingFloor", "out of range");
    }
  }

  PriceBreakdown out{.net = net, .lines = {}, .final_price = net, .parity_raised = false};
  out.lines.reserve(3);  // one allocation per price, not three (a search prices hundreds)
  for (Tier tier : std::array{Tier::kPlatform, Tier::kDistributor, Tier::kSubAgent}) {
    const MarkupRule* rule = ResolveRule(rules, tier, ctx);
    if (!rule) continue;
    auto amount = MarkupOf(*rule, out.final_price);
    if (!amount) return amount.error();
    const std::int64_t after = out.final_price.minor + *amount;  // both below 10^15: no overflow
    if (after < 0) return RuleError(*rule, "makes the price negative");
    if (after >= kMaxPriceMinor) return RuleError(*rule, "price out of range");
    out.final_price.minor = after;
    out.lines.push_back(TierLine{tier, rule->id, Money{*amount, net.currency}, out.final_price});
  }

  // Rate parity: the supplier's floor is met by the tier that sells below it, never by the
  // ones above (their prices stand).
  if (selling_floor && out.final_price.minor < selling_floor->minor) {
    const std::int64_t gap = selling_floor->minor - out.final_price.minor;
    if (out.lines.empty()) {
      out.lines.push_back(TierLine{CallerTier(ctx), std::nullopt, Money{0, net.currency}, out.final_price});
    }
    TierLine& last = out.lines.back();
    last.amount.minor += gap;
    last.price_after.minor += gap;
    out.final_price = last.price_after;
    out.parity_raised = true;
  }
  return out;
}

}  // namespace hotel::pricing

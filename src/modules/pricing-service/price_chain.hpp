// The price chain: supplier net → platform → distributor → sub-agent markup, each tier's most
// specific rule applied to the previous tier's price, then the supplier's selling floor.
#pragma once

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::pricing {

enum class Tier { kPlatform, kDistributor, kSubAgent };
std::string_view TierName(Tier tier);  // "platform", "distributor", "sub_agent"

// Prices are refused at or above this many minor units (10^15) so that no markup overflows.
inline constexpr std::int64_t kMaxPriceMinor = kMaxAmountMinor;  // core/money: the one bound

struct MarkupRule {
  std::string id;
  Tier tier = Tier::kPlatform;
  std::string owner_tenant;
  // Filters: an unset filter matches anything; a set one must equal the context's value.
  std::optional<std::string> supplier, country, city, hotel_id;
  std::optional<Date> stay_from, stay_to;  // inclusive check-in window; either end may be open
  enum Kind { kPercent, kFixed } kind = kPercent;
  std::int64_t percent_bp = 0;  // basis points; negative only with allow_negative
  std::optional<Money> fixed;   // per stay, in the price's currency
  bool allow_negative = false;  // the rule may lower the price below the previous tier's
  std::int64_t created_seq = 0;
};

struct PriceContext {
  std::string supplier, country, city, hotel_id;
  Date check_in;
  // The tenants along the chain; empty for the tiers below the caller.
  std::string platform_tenant, distributor_tenant, subagent_tenant;
};

struct TierLine {
  Tier tier = Tier::kPlatform;
  std::optional<std::string> rule_id;  // nullopt for a line added only to honour the floor
  Money amount;                        // this tier's markup (negative only by allow_negative)
  Money price_after;                   // the previous price + amount
  bool operator==(const TierLine&) const = default;
};

// net + Σ lines[i].amount == final_price exactly; each line's price_after is the running sum.
struct PriceBreakdown {
  Money net;
  std::vector<TierLine> lines;  // applied tiers only, in chain order
  Money final_price;
  bool parity_raised = false;
};

// 16 per hotel, 8 city, 4 country, 2 supplier, 1 for any stay window: one narrower filter
// outweighs every broader one together.
int Specificity(const MarkupRule& rule);

// Whether `rule` is `tier`'s rule owned by `tenant` and every set filter holds for `ctx`.
bool Matches(const MarkupRule& rule, Tier tier, std::string_view tenant, const PriceContext& ctx);

// The winning rule for a tier: most specific, then newest (highest created_seq), then the
// greatest id so the answer never depends on the order of `rules`. nullptr when none match
// or the tier has no tenant in `ctx`.
const MarkupRule* ResolveRule(std::span<const MarkupRule> rules, Tier tier, const PriceContext& ctx);

// Applies the chain to `net`. `selling_floor` (the supplier's mandatory minimum selling price,
// already in net's currency) raises the last applied line, or adds one for the caller's tier.
// validation_failed: a malformed rule (negative without allow_negative, fixed without an
// amount or in another currency), a price lowered without allow_negative, a negative price,
// a floor in another currency, amounts at or above kMaxPriceMinor.
Result<PriceBreakdown> PriceChain(const Money& net, const PriceContext& ctx, std::span<const MarkupRule> rules,
                                  const std::optional<Money>& selling_floor = std::nullopt);

}  // namespace hotel::pricing

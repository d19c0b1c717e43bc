// Property-style checks over thousands of pseudo-random inputs from a fixed seed: markups never
// lose money unless a rule says so, breakdowns add up exactly, conversion round-trips and is
// monotonic. The mapping from the generator's bits to values is ours (no std distributions),
// so the inputs are the same on every standard library.
#include "modules/pricing-service/fx.hpp"
#include "modules/pricing-service/price_chain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace hotel::pricing {
namespace {

constexpr int kCases = 5000;

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}
  // Uniform enough in [lo, hi] for test inputs (the modulo bias is < 2^-40 for our spans).
  std::int64_t In(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
    return lo + static_cast<std::int64_t>(rng_() % span);
  }
  bool Coin() { return (rng_() & 1) != 0; }
  template <class T, std::size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[static_cast<std::size_t>(In(0, N - 1))];
  }

 private:
  std::mt19937_64 rng_;
};

constexpr std::array<const char*, 2> kSuppliers{"hbx", "ota"};
constexpr std::array<const char*, 2> kCountries{"FR", "DE"};
constexpr std::array<const char*, 3> kCities{"PAR", "LYS", "BER"};
constexpr std::array<const char*, 3> kHotels{"H1", "H2", "H3"};
constexpr std::array<const char*, 3> kCurrencies{"EUR", "JPY", "KWD"};

PriceContext RandomContext(Gen& g) {
  PriceContext ctx{.supplier = g.Pick(kSuppliers), .country = g.Pick(kCountries), .city = g.Pick(kCities),
                   .hotel_id = g.Pick(kHotels), .check_in = Date{20'600 + g.In(0, 60)},
                   .platform_tenant = "plat", .distributor_tenant = "dist", .subagent_tenant = "sub"};
  const auto depth = g.In(0, 2);  // who asks: platform staff, a distributor or a sub-agent
  if (depth < 2) ctx.subagent_tenant.clear();
  if (depth < 1) ctx.distributor_tenant.clear();
  return ctx;
}

std::vector<MarkupRule> RandomRules(Gen& g, const std::string& currency, bool negatives) {
  std::vector<MarkupRule> rules;
  const auto n = g.In(0, 12);
  for (std::int64_t i = 0; i < n; ++i) {
    MarkupRule r;
    r.id = "r" + std::to_string(i);
    r.tier = static_cast<Tier>(g.In(0, 2));
    r.owner_tenant = g.In(0, 5) == 0 ? "someone-else" : (r.tier == Tier::kPlatform      ? "plat"
                                                         : r.tier == Tier::kDistributor ? "dist"
                                                                                        : "sub");
    if (g.Coin()) r.supplier = g.Pick(kSuppliers);
    if (g.Coin()) r.country = g.Pick(kCountries);
    if (g.Coin()) r.city = g.Pick(kCities);
    if (g.In(0, 3) == 0) r.hotel_id = g.Pick(kHotels);
    if (g.Coin()) r.stay_from = Date{20'600 + g.In(0, 60)};
    if (g.Coin()) r.stay_to = Date{20'600 + g.In(0, 60)};
    r.allow_negative = negatives && g.Coin();
    const std::int64_t low = r.allow_negative ? -5'000 : 0;
    if (g.Coin()) {
      r.kind = MarkupRule::kPercent;
      r.percent_bp = g.In(low, 5'000);
    } else {
      r.kind = MarkupRule::kFixed;
      r.fixed = Money{g.In(low, 100'000), currency};
    }
    r.created_seq = g.In(0, 20);  // deliberately collides: ties must still resolve
    rules.push_back(std::move(r));
  }
  return rules;
}

// The shape every successful breakdown has, whatever the rules.
void ExpectConsistent(const PriceBreakdown& b, const std::optional<Money>& floor) {
  std::int64_t running = b.net.minor;
  int previous_tier = -1;
  for (const TierLine& line : b.lines) {
    EXPECT_GT(static_cast<int>(line.tier), previous_tier) << "tiers out of order";
    previous_tier = static_cast<int>(line.tier);
    EXPECT_EQ(line.amount.currency, b.net.currency);
    running += line.amount.minor;
    EXPECT_EQ(line.price_after, (Money{running, b.net.currency}));
  }
  EXPECT_EQ(b.final_price, (Money{running, b.net.currency}));  // exact: no drift
  EXPECT_GE(b.final_price.minor, 0);
  if (floor) EXPECT_GE(b.final_price.minor, floor->minor);
  if (!floor || b.final_price.minor > floor->minor) EXPECT_FALSE(b.parity_raised);
}

TEST(PricingPropertyTest, NonNegativeRulesNeverLoseMoneyAndAddUpExactly) {
  Gen g(20260701);
  int lines = 0, raised = 0;  // guard against a generator that never exercises the chain
  for (int i = 0; i < kCases; ++i) {
    const std::string currency = g.Pick(kCurrencies);
    const Money net{g.In(0, 100'000'000), currency};
    const PriceContext ctx = RandomContext(g);
    const auto rules = RandomRules(g, currency, /*negatives=*/false);
    std::optional<Money> floor;
    if (g.Coin()) floor = Money{g.In(0, 200'000'000), currency};
    auto b = PriceChain(net, ctx, rules, floor);
    ASSERT_TRUE(b) << "case " << i << ": " << b.error().detail;
    EXPECT_GE(b->final_price.minor, net.minor) << "case " << i;
    for (const TierLine& line : b->lines) EXPECT_GE(line.amount.minor, 0) << "case " << i;
    ExpectConsistent(*b, floor);
    lines += static_cast<int>(b->lines.size());
    raised += b->parity_raised ? 1 : 0;
    // The applied line of each tier is the rule ResolveRule picks.
    for (const TierLine& line : b->lines) {
      if (!line.rule_id) continue;
      const MarkupRule* r = ResolveRule(rules, line.tier, ctx);
      ASSERT_NE(r, nullptr);
      EXPECT_EQ(*line.rule_id, r->id);
    }
    if (HasFailure()) FAIL() << "stopping at case " << i;
  }
  EXPECT_GT(lines, kCases / 2);
  EXPECT_GT(raised, kCases / 20);
}

TEST(PricingPropertyTest, AllowedNegativeRulesStillAddUpExactly) {
  Gen g(42);
  int ok = 0;
  for (int i = 0; i < kCases; ++i) {
    const std::string currency = g.Pick(kCurrencies);
    const Money net{g.In(0, 10'000'000), currency};
    const auto rules = RandomRules(g, currency, /*negatives=*/true);
    std::optional<Money> floor;
    if (g.Coin()) floor = Money{g.In(0, 20'000'000), currency};
    auto b = PriceChain(net, RandomContext(g), rules, floor);
    if (!b) {  // only a discount below zero may fail here
      EXPECT_EQ(b.error().code, Errc::validation_failed);
      continue;
    }
    ++ok;
    for (const TierLine& line : b->lines) {
      if (line.amount.minor >= 0 || !line.rule_id) continue;
      bool allowed = false;
      for (const MarkupRule& r : rules) allowed |= r.id == *line.rule_id && r.allow_negative;
      EXPECT_TRUE(allowed) << "case " << i << ": negative line from rule " << *line.rule_id;
    }
    ExpectConsistent(*b, floor);
    if (HasFailure()) FAIL() << "stopping at case " << i;
  }
  EXPECT_GT(ok, kCases / 2);
}

// A→B→A within one minor unit of A. With y = round(x·f + e) where f is B's minor units per
// A's minor unit, and the way back using the derived inverse (relative error δ ≤ 0.5 / Rinv),
// the result is x + x·δ + e₁/f + e₂ with |e₁|, |e₂| ≤ 0.5. It stays within 1 when
//   (a) f ≥ 1: B's minor unit is no coarser than A's (otherwise the trip through B alone loses
//       up to f/2 of A's units, e.g. KRW → USD → KRW, and the property is false), and
//   (b) |x| ≤ Rinv: so |x·δ| ≤ 0.5,
// since then |x·δ + e₁/f| ≤ 1 < 1.5, which rounds to at most 1. The test draws f in [1, 500]
// (to 6 decimals) across currencies with 0, 2 and 3 minor digits and x within both bounds
// (capped at 10^12 minor units).
TEST(PricingPropertyTest, RoundTripStaysWithinOneMinorUnit) {
  constexpr std::array<const char*, 5> kAll{"EUR", "USD", "JPY", "KWD", "CNY"};
  Gen g(7);
  for (int i = 0; i < kCases; ++i) {
    const std::string a = g.Pick(kAll);
    std::string b = g.Pick(kAll);
    while (b == a) b = g.Pick(kAll);
    const int shift = MinorDigits(a) - MinorDigits(b);  // rate_e10 = f × 10^10 × 10^shift
    const std::int64_t f_e6 = g.In(1'000'000, 500'000'000);
    std::int64_t rate = f_e6 * 10'000;  // f × 10^10
    for (int s = 0; s < shift; ++s) rate *= 10;
    for (int s = 0; s > shift; --s) rate /= 10;  // exact: f × 10^10 has ≥ 4 trailing zeros
    FxTable t;
    ASSERT_TRUE(t.Set({a, b, rate})) << a << b << rate;
    const std::int64_t inverse = *t.Get(b, a);
    const std::int64_t bound = std::min<std::int64_t>(inverse, 1'000'000'000'000);
    const std::int64_t x = g.In(-bound, bound);
    auto there = Convert(Money{x, a}, b, t);
    ASSERT_TRUE(there);
    auto back = Convert(*there, a, t);
    ASSERT_TRUE(back);
    EXPECT_LE(std::abs(back->minor - x), 1)
        << "case " << i << ": " << x << " " << a << " -> " << there->minor << " " << b << " -> " << back->minor
        << " (rate " << rate << ", inverse " << inverse << ")";
    if (HasFailure()) FAIL() << "stopping at case " << i;
  }
}

TEST(PricingPropertyTest, ConversionIsMonotonicInTheAmount) {
  constexpr std::array<const char*, 4> kAll{"EUR", "JPY", "KWD", "CNY"};
  Gen g(99);
  for (int i = 0; i < kCases; ++i) {
    const std::string a = g.Pick(kAll);
    std::string b = g.Pick(kAll);
    while (b == a) b = g.Pick(kAll);
    // Rates from 0.0001 to 1000, set in either direction (the other derived), amounts up to
    // 10^11 minor units: every result fits in 64 bits.
    const std::int64_t rate = g.In(1'000'000, 10'000'000'000'000);
    FxTable t;
    ASSERT_TRUE(g.Coin() ? t.Set({a, b, rate}) : t.Set({b, a, rate}));
    const std::int64_t x1 = g.In(-100'000'000'000, 100'000'000'000);
    const std::int64_t x2 = g.Coin() ? x1 + g.In(0, 3) : g.In(x1, 100'000'000'000);  // near and far pairs
    auto y1 = Convert(Money{x1, a}, b, t);
    auto y2 = Convert(Money{x2, a}, b, t);
    ASSERT_TRUE(y1 && y2) << "case " << i;
    EXPECT_LE(y1->minor, y2->minor) << "case " << i << ": " << x1 << " <= " << x2 << " " << a << "->" << b;
    // The sign follows the amount: conversion never turns a refund into a charge.
    if (x1 >= 0) EXPECT_GE(y1->minor, 0) << "case " << i;
    if (x1 <= 0) EXPECT_LE(y1->minor, 0) << "case " << i;
    if (HasFailure()) FAIL() << "stopping at case " << i;
  }
}

}  // namespace
}  // namespace hotel::pricing

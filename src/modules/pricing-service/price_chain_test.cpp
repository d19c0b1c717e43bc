// Markup resolution (most specific wins, newest on ties, stay windows) and the price chain.
#include "modules/pricing-service/price_chain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace hotel::pricing {
namespace {

Date D(const char* text) { return *ParseDate(text); }

PriceContext Ctx() {
  return PriceContext{.supplier = "hbx", .country = "FR", .city = "PAR", .hotel_id = "H1",
                      .check_in = D("2026-07-10"), .platform_tenant = "plat", .distributor_tenant = "dist",
                      .subagent_tenant = "sub"};
}

MarkupRule Percent(std::string id, Tier tier, std::string owner, std::int64_t bp, std::int64_t seq = 1) {
  MarkupRule r;
  r.id = std::move(id);
  r.tier = tier;
  r.owner_tenant = std::move(owner);
  r.kind = MarkupRule::kPercent;
  r.percent_bp = bp;
  r.created_seq = seq;
  return r;
}

MarkupRule Fixed(std::string id, Tier tier, std::string owner, Money amount, std::int64_t seq = 1) {
  MarkupRule r = Percent(std::move(id), tier, std::move(owner), 0, seq);
  r.kind = MarkupRule::kFixed;
  r.fixed = std::move(amount);
  return r;
}

const Money kNet{10000, "EUR"};

TEST(PriceChainTest, SpecificityWeightsEachFilter) {
  MarkupRule r = Percent("r", Tier::kPlatform, "plat", 100);
  EXPECT_EQ(Specificity(r), 0);
  r.stay_to = D("2026-12-31");
  EXPECT_EQ(Specificity(r), 1);
  r.supplier = "hbx";
  r.country = "FR";
  r.city = "PAR";
  r.hotel_id = "H1";
  EXPECT_EQ(Specificity(r), 31);
}

TEST(PriceChainTest, MostSpecificRuleWinsWhateverTheOrder) {
  MarkupRule global = Percent("global", Tier::kPlatform, "plat", 1000, 9);
  MarkupRule country = Percent("country", Tier::kPlatform, "plat", 800, 8);
  country.country = "FR";
  MarkupRule city = Percent("city", Tier::kPlatform, "plat", 700, 1);
  city.city = "PAR";
  MarkupRule hotel = Percent("hotel", Tier::kPlatform, "plat", 500, 2);
  hotel.hotel_id = "H1";
  // Everything but the hotel (8+4+2+1 = 15) still loses to the hotel alone (16).
  MarkupRule broad = Percent("broad", Tier::kPlatform, "plat", 900, 99);
  broad.city = "PAR";
  broad.country = "FR";
  broad.supplier = "hbx";
  broad.stay_from = D("2026-01-01");
  std::vector<MarkupRule> rules{global, country, city, broad, hotel};
  PriceContext ctx = Ctx();
  ASSERT_NE(ResolveRule(rules, Tier::kPlatform, ctx), nullptr);
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "hotel");
  std::reverse(rules.begin(), rules.end());
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "hotel");

  ctx.hotel_id = "H2";  // the hotel rule no longer matches
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "broad");
  ctx.supplier = "ota";
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "city");
  ctx.city = "LYS";
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "country");
  ctx.country = "DE";
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, "global");
}

TEST(PriceChainTest, TiesGoToTheNewestRule) {
  MarkupRule older = Percent("older", Tier::kPlatform, "plat", 1000, 5);
  older.country = "FR";
  MarkupRule newer = Percent("newer", Tier::kPlatform, "plat", 300, 7);
  newer.country = "FR";
  std::vector<MarkupRule> rules{newer, older};
  EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, Ctx())->id, "newer");
  auto b = PriceChain(kNet, Ctx(), rules);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->final_price, (Money{10300, "EUR"}));
}

TEST(PriceChainTest, StayWindowIsInclusiveAndMayBeOpen) {
  MarkupRule summer = Percent("summer", Tier::kPlatform, "plat", 2000);
  summer.stay_from = D("2026-07-01");
  summer.stay_to = D("2026-07-31");
  MarkupRule from_aug = Percent("from_aug", Tier::kPlatform, "plat", 3000);
  from_aug.stay_from = D("2026-08-01");
  MarkupRule base = Percent("base", Tier::kPlatform, "plat", 1000);
  std::vector<MarkupRule> rules{summer, from_aug, base};
  PriceContext ctx = Ctx();
  for (auto [day, want] : std::vector<std::pair<const char*, const char*>>{{"2026-06-30", "base"},
                                                                          {"2026-07-01", "summer"},
                                                                          {"2026-07-31", "summer"},
                                                                          {"2026-08-01", "from_aug"},
                                                                          {"2027-03-01", "from_aug"}}) {
    ctx.check_in = D(day);
    ASSERT_NE(ResolveRule(rules, Tier::kPlatform, ctx), nullptr) << day;
    EXPECT_EQ(ResolveRule(rules, Tier::kPlatform, ctx)->id, want) << day;
  }
}

TEST(PriceChainTest, RulesOfOtherTenantsOrTiersDoNotApply) {
  std::vector<MarkupRule> rules{Percent("other-dist", Tier::kDistributor, "dist2", 5000),
                                Percent("wrong-tier", Tier::kSubAgent, "dist", 5000)};
  auto b = PriceChain(kNet, Ctx(), rules);
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->lines.empty());
  EXPECT_EQ(b->final_price, kNet);
}

TEST(PriceChainTest, AppliesTiersInOrderOnThePreviousPrice) {
  std::vector<MarkupRule> rules{Percent("s", Tier::kSubAgent, "sub", 500), Percent("p", Tier::kPlatform, "plat", 1000),
                                Fixed("d", Tier::kDistributor, "dist", Money{250, "EUR"})};
  auto b = PriceChain(kNet, Ctx(), rules);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->lines.size(), 3u);
  EXPECT_EQ(b->lines[0], (TierLine{Tier::kPlatform, "p", Money{1000, "EUR"}, Money{11000, "EUR"}}));
  EXPECT_EQ(b->lines[1], (TierLine{Tier::kDistributor, "d", Money{250, "EUR"}, Money{11250, "EUR"}}));
  // 5 % of 112.50 = 5.625 → 5.63 (half away from zero).
  EXPECT_EQ(b->lines[2], (TierLine{Tier::kSubAgent, "s", Money{563, "EUR"}, Money{11813, "EUR"}}));
  EXPECT_EQ(b->final_price, (Money{11813, "EUR"}));
  EXPECT_FALSE(b->parity_raised);
}

TEST(PriceChainTest, MissingTiersAddNoLine) {
  std::vector<MarkupRule> rules{Percent("p", Tier::kPlatform, "plat", 1000), Percent("s", Tier::kSubAgent, "sub", 1000)};
  PriceContext ctx = Ctx();
  ctx.subagent_tenant.clear();  // a distributor asking: sub-agent rules are not its concern
  auto b = PriceChain(kNet, ctx, rules);
  ASSERT_TRUE(b);
  ASSERT_EQ(b->lines.size(), 1u);
  EXPECT_EQ(b->lines[0].tier, Tier::kPlatform);
  EXPECT_EQ(b->final_price, (Money{11000, "EUR"}));
}

TEST(PriceChainTest, FixedMarkupInAnotherCurrencyIsRefused) {
  std::vector<MarkupRule> rules{Fixed("d", Tier::kDistributor, "dist", Money{500, "USD"})};
  auto b = PriceChain(kNet, Ctx(), rules);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::validation_failed);
  MarkupRule no_amount = Fixed("e", Tier::kDistributor, "dist", Money{});
  no_amount.fixed.reset();
  EXPECT_FALSE(PriceChain(kNet, Ctx(), std::vector{no_amount}));
}

TEST(PriceChainTest, NegativeMarkupNeedsAllowNegative) {
  std::vector<MarkupRule> rules{Percent("disc", Tier::kDistributor, "dist", -500)};
  auto refused = PriceChain(kNet, Ctx(), rules);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::validation_failed);
  EXPECT_FALSE(PriceChain(kNet, Ctx(), std::vector{Fixed("f", Tier::kPlatform, "plat", Money{-1, "EUR"})}));

  rules[0].allow_negative = true;
  auto allowed = PriceChain(kNet, Ctx(), rules);
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->lines[0].amount, (Money{-500, "EUR"}));
  EXPECT_EQ(allowed->final_price, (Money{9500, "EUR"}));

  // Even an allowed discount cannot take the price below zero.
  MarkupRule huge = Fixed("huge", Tier::kPlatform, "plat", Money{-20000, "EUR"});
  huge.allow_negative = true;
  EXPECT_FALSE(PriceChain(kNet, Ctx(), std::vector{huge}));
}

TEST(PriceChainTest, ParityRaisesTheLastAppliedLine) {
  MarkupRule disc = Percent("disc", Tier::kDistributor, "dist", -1000);
  disc.allow_negative = true;
  std::vector<MarkupRule> rules{Percent("p", Tier::kPlatform, "plat", 200), disc};
  auto b = PriceChain(kNet, Ctx(), rules, Money{10500, "EUR"});
  ASSERT_TRUE(b);
  // 100.00 → 102.00 → -10.20 → 91.80, raised by 13.20 to the floor of 105.00.
  ASSERT_EQ(b->lines.size(), 2u);
  EXPECT_EQ(b->lines[0], (TierLine{Tier::kPlatform, "p", Money{200, "EUR"}, Money{10200, "EUR"}}));
  EXPECT_EQ(b->lines[1], (TierLine{Tier::kDistributor, "disc", Money{300, "EUR"}, Money{10500, "EUR"}}));
  EXPECT_EQ(b->final_price, (Money{10500, "EUR"}));
  EXPECT_TRUE(b->parity_raised);
}

TEST(PriceChainTest, ParityAddsALineForTheCallerWhenNoRuleApplied) {
  PriceContext ctx = Ctx();
  ctx.subagent_tenant.clear();
  auto b = PriceChain(kNet, ctx, {}, Money{12000, "EUR"});
  ASSERT_TRUE(b);
  ASSERT_EQ(b->lines.size(), 1u);
  EXPECT_EQ(b->lines[0], (TierLine{Tier::kDistributor, std::nullopt, Money{2000, "EUR"}, Money{12000, "EUR"}}));
  EXPECT_TRUE(b->parity_raised);
}

TEST(PriceChainTest, FloorAlreadyMetChangesNothing) {
  std::vector<MarkupRule> rules{Percent("p", Tier::kPlatform, "plat", 1000)};
  auto b = PriceChain(kNet, Ctx(), rules, Money{11000, "EUR"});
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->parity_raised);
  EXPECT_EQ(b->final_price, (Money{11000, "EUR"}));
  EXPECT_FALSE(PriceChain(kNet, Ctx(), rules, Money{11000, "USD"}));  // floor must be in net's currency
}

TEST(PriceChainTest, RejectsBadNet) {
  EXPECT_FALSE(PriceChain(Money{-1, "EUR"}, Ctx(), {}));
  EXPECT_FALSE(PriceChain(Money{1, "eur"}, Ctx(), {}));
  EXPECT_FALSE(PriceChain(Money{kMaxPriceMinor, "EUR"}, Ctx(), {}));
}

}  // namespace
}  // namespace hotel::pricing

// PricingServiceImpl over a migrated SQLite file: Price() with every tier's rule from the
// database, a fixed rule in another currency converted, the parity floor, cross rates, the
// rules snapshot reloaded by this process's writes and (after a poll) by another process's,
// FX rates kept until their TTL expires, and the reload loop.
#include "adapters/sqlite/sqlite_database.hpp"
#include "core/ids.hpp"
#include "modules/pricing-service/pricing_module.hpp"
#include "modules/pricing-service/pricing_test_support.hpp"
#include "runtime/blocking.hpp"
#include "storage/migrator.hpp"
#include "support/test_support.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hotel::pricing::testing {
namespace {

class PricingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    auto up = storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    InsertTenantTree(*db_);
    settings_.exchange_rate_cache_ttl = 3600;
    settings_.config_poll_interval_ms = 30000;
    service_ = MakePricingService(*db_, pool_, settings_, log_, metrics_, &clock_);
  }

  // A rule written straight to the table, as another process would.
  StoredRule AddRule(const std::string& owner, Tier tier, std::int64_t percent_bp,
                     std::optional<Money> fixed = std::nullopt) {
    StoredRule s;
    s.rule.id = NewId("mkr");
    s.rule.owner_tenant = owner;
    s.rule.tier = tier;
    s.owner_tenant_path = owner == "tnt_platform" ? "/tnt_platform/"
                          : owner == "tnt_sub"    ? "/tnt_platform/tnt_dist/tnt_sub/"
                                                  : "/tnt_platform/" + owner + "/";
    if (fixed) {
      s.rule.kind = MarkupRule::kFixed;
      s.rule.fixed = fixed;
    } else {
      s.rule.percent_bp = percent_bp;
    }
    s.created_by = "usr_test";
    s.created_at = s.updated_at = "2026-03-01T10:00:00.000Z";
    auto stored = PricingStore(*db_).InsertRule(s);
    EXPECT_TRUE(stored);
    return stored ? *stored : s;
  }

  static PriceRequest Request(Money net, std::string path = "/tnt_platform/tnt_dist/tnt_sub/") {
    PriceRequest r;
    r.net = std::move(net);
    r.supplier = "HBX";
    r.country = "FR";
    r.city = "Paris";
    r.hotel_id = "htl_01hzzzzzzzzzzzzzzzzzzzzzzz";
    r.check_in = *ParseDate("2026-07-01");
    r.chain = ChainFromTenantPath(path);
    return r;
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::BlockingPool pool_{1};
  std::shared_ptr<PricingServiceImpl> service_;
};

TEST(ChainFromTenantPathTest, SplitsSegmentsIntoTiers) {
  auto c = ChainFromTenantPath("/tnt_platform/tnt_d/tnt_s/");
  EXPECT_EQ(c.platform, "tnt_platform");
  EXPECT_EQ(c.distributor, "tnt_d");
  EXPECT_EQ(c.subagent, "tnt_s");
  auto d = ChainFromTenantPath("/tnt_platform/tnt_d/");
  EXPECT_EQ(d.distributor, "tnt_d");
  EXPECT_TRUE(d.subagent.empty());
  EXPECT_TRUE(ChainFromTenantPath("").platform.empty());
}

TEST_F(PricingServiceTest, PricesEveryTierFromTheDatabaseWithAFixedRuleInAnotherCurrency) {
  AddRule("tnt_platform", Tier::kPlatform, 1000);                          // +10%
  AddRule("tnt_dist", Tier::kDistributor, 0, Money{500, "EUR"});           // +5.00 EUR = 39.00 CNY
  AddRule("tnt_sub", Tier::kSubAgent, 500);                                // +5%
  AddRule("tnt_other", Tier::kDistributor, 9000);                          // another chain: ignored
  ASSERT_TRUE(service_->ReloadRules());
  EXPECT_EQ(service_->RulesLoaded(), 4u);

  auto priced = service_->Price(Request(Money{10000, "EUR"}));  // 100.00 EUR
  ASSERT_TRUE(priced) << priced.error().detail;
  EXPECT_EQ(priced->fx_rate_e10, 78'000'000'000);
  EXPECT_EQ(priced->net_converted, (Money{78000, "CNY"}));  // 780.00 CNY at 7.8
  ASSERT_EQ(priced->breakdown.lines.size(), 3u);
  EXPECT_EQ(priced->breakdown.lines[0].amount, (Money{7800, "CNY"}));
  EXPECT_EQ(priced->breakdown.lines[1].amount, (Money{3900, "CNY"}));
  EXPECT_EQ(priced->breakdown.lines[2].amount, (Money{4485, "CNY"}));  // 5% of 897.00
  EXPECT_EQ(priced->breakdown.final_price, (Money{94185, "CNY"}));
  EXPECT_EQ(priced->price_after_platform, (Money{85800, "CNY"}));
  EXPECT_EQ(priced->price_after_distributor, (Money{89700, "CNY"}));
}

TEST_F(PricingServiceTest, APricerForOneContextPricesEachRateAsPriceDoes) {
  AddRule("tnt_platform", Tier::kPlatform, 1000);
  AddRule("tnt_dist", Tier::kDistributor, 0, Money{500, "EUR"});
  AddRule("tnt_sub", Tier::kSubAgent, 500);
  ASSERT_TRUE(service_->ReloadRules());
  const auto context = Request(Money{1, "EUR"});  // its net is not used
  const auto pricer = service_->PricerFor(context);
  const std::vector<std::pair<Money, std::optional<Money>>> rates = {
      {Money{10000, "EUR"}, std::nullopt},
      {Money{123457, "EUR"}, Money{150000, "EUR"}},  // the parity floor raises it
      {Money{99, "EUR"}, std::nullopt},
      {Money{50000, "CNY"}, std::nullopt},           // a rate in another currency
      {Money{10000, "XYZ"}, std::nullopt},           // no FX rate: the same error as Price()
      {Money{20000, "EUR"}, Money{30000, "EUR"}},    // back to a currency priced before
      {Money{kMaxConvertibleMinor, "EUR"}, std::nullopt},  // too large to convert
      {Money{1, "CNY"}, Money{2, "EUR"}},            // a floor in another currency than the net
      {Money{10000, "EUR"}, std::nullopt}};
  for (const auto& [net, floor] : rates) {
    auto request = context;
    request.net = net;
    request.selling_floor = floor;
    auto one = service_->Price(request);
    auto many = pricer->Price(net, floor);
    ASSERT_EQ(one.has_value(), many.has_value()) << net.minor << " " << net.currency;
    if (!one) {
      EXPECT_EQ(one.error().code, many.error().code);
      continue;
    }
    EXPECT_EQ(many->breakdown.final_price, one->breakdown.final_price);
    EXPECT_EQ(many->breakdown.lines, one->breakdown.lines);
    EXPECT_EQ(many->breakdown.parity_raised, one->breakdown.parity_raised);
    EXPECT_EQ(many->net_converted, one->net_converted);
    EXPECT_EQ(many->fx_rate_e10, one->fx_rate_e10);
    EXPECT_EQ(many->price_after_platform, one->price_after_platform);
    EXPECT_EQ(many->price_after_distributor, one->price_after_distributor);
  }
  // An unknown target currency fails every rate, as Price() does.
  auto bad = context;
  bad.target_currency = "cny";
  EXPECT_EQ(service_->PricerFor(bad)->Price(Money{100, "EUR"}, std::nullopt).error().code, Errc::validation_failed);
}

TEST_F(PricingServiceTest, ATierWithoutARuleKeepsThePreviousPrice) {
  AddRule("tnt_sub", Tier::kSubAgent, 1000);
  ASSERT_TRUE(service_->ReloadRules());
  auto priced = service_->Price(Request(Money{50000, "CNY"}));
  ASSERT_TRUE(priced);
  EXPECT_EQ(priced->fx_rate_e10, kRateScale);
  EXPECT_EQ(priced->price_after_platform, (Money{50000, "CNY"}));
  EXPECT_EQ(priced->price_after_distributor, (Money{50000, "CNY"}));
  EXPECT_EQ(priced->breakdown.final_price, (Money{55000, "CNY"}));
}

TEST_F(PricingServiceTest, ParityFloorInTheSupplierCurrencyRaisesTheFinalPrice) {
  AddRule("tnt_platform", Tier::kPlatform, 1000);
  ASSERT_TRUE(service_->ReloadRules());
  auto request = Request(Money{10000, "EUR"}, "/tnt_platform/tnt_dist/");
  request.selling_floor = Money{12000, "EUR"};  // 120.00 EUR = 936.00 CNY
  auto priced = service_->Price(request);
  ASSERT_TRUE(priced);
  EXPECT_EQ(priced->breakdown.final_price, (Money{93600, "CNY"}));
  EXPECT_TRUE(priced->breakdown.parity_raised);
  // The floor raised the last applied line (the platform's): the distributor owes that.
  EXPECT_EQ(priced->price_after_platform, (Money{93600, "CNY"}));
}

TEST_F(PricingServiceTest, TargetCurrencyAndCrossRatesThroughTheDefaultCurrency) {
  auto request = Request(Money{10000, "EUR"});
  request.target_currency = "JPY";  // EUR→CNY and JPY→CNY are set, EUR→JPY is not
  auto priced = service_->Price(request);
  ASSERT_TRUE(priced) << priced.error().detail;
  // 7.8 × (1 / 0.047) ≈ 165.957 yen per euro.
  EXPECT_EQ(priced->net_converted.currency, "JPY");
  EXPECT_NEAR(static_cast<double>(priced->net_converted.minor), 16596.0, 1.0);
  request.target_currency = "XXZ";
  request.net.currency = "XXY";
  auto unknown = service_->Price(request);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, Errc::not_found);
  EXPECT_EQ(service_->DefaultCurrency(), "CNY");
  EXPECT_EQ(*service_->Convert(Money{100, "EUR"}, "CNY"), (Money{780, "CNY"}));
}

TEST_F(PricingServiceTest, AnotherProcessesWriteIsSeenAfterThePoll) {
  auto other = MakePricingService(*db_, pool_, settings_, log_, metrics_, &clock_);
  auto before = service_->Price(Request(Money{10000, "CNY"}));
  ASSERT_TRUE(before);
  EXPECT_EQ(before->breakdown.final_price.minor, 10000);
  // The other instance writes through its own store (and reloads only itself).
  StoredRule r = AddRule("tnt_platform", Tier::kPlatform, 2000);
  ASSERT_TRUE(other->ReloadRules());
  EXPECT_EQ(other->Price(Request(Money{10000, "CNY"}))->breakdown.final_price.minor, 12000);
  EXPECT_EQ(service_->Price(Request(Money{10000, "CNY"}))->breakdown.final_price.minor, 10000);
  service_->PollOnce();
  EXPECT_EQ(service_->Price(Request(Money{10000, "CNY"}))->breakdown.final_price.minor, 12000);
}

TEST_F(PricingServiceTest, ReloadLoopPicksUpWritesWithinThePollInterval) {
  settings_.config_poll_interval_ms = 20;
  auto looping = MakePricingService(*db_, pool_, settings_, log_, metrics_, &clock_);
  looping->Start();
  looping->Start();  // idempotent
  AddRule("tnt_platform", Tier::kPlatform, 1500);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (looping->RulesLoaded() == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  looping->Stop();
  looping->Stop();
  EXPECT_EQ(looping->RulesLoaded(), 1u);
  EXPECT_EQ(looping->Price(Request(Money{10000, "CNY"}))->breakdown.final_price.minor, 11500);
}

TEST_F(PricingServiceTest, FxRatesStayCachedUntilTheirTtlExpires) {
  ASSERT_TRUE(PricingStore(*db_).UpsertRate(
      FxRateRow{FxRate{"EUR", "CNY", 80'000'000'000}, "api", "usr_x", "2026-04-01T00:00:00.000Z"}));
  service_->PollOnce();  // rules reload; rates are fresh, so they stay
  EXPECT_EQ(service_->Convert(Money{100, "EUR"}, "CNY")->minor, 780);
  clock_.Advance(std::chrono::seconds(3599));
  service_->PollOnce();
  EXPECT_EQ(service_->Convert(Money{100, "EUR"}, "CNY")->minor, 780);
  clock_.Advance(std::chrono::seconds(1));
  service_->PollOnce();
  EXPECT_EQ(service_->Convert(Money{100, "EUR"}, "CNY")->minor, 800);
  EXPECT_EQ(service_->RatesLoadedAt(), clock_.Now());
}

TEST_F(PricingServiceTest, DisabledRulesDoNotPriceAndMetricsCountReloads) {
  StoredRule r = AddRule("tnt_platform", Tier::kPlatform, 1000);
  ASSERT_TRUE(service_->ReloadRules());
  r.status = RuleStatus::kDisabled;
  ASSERT_TRUE(PricingStore(*db_).UpdateRule(r));
  ASSERT_TRUE(service_->ReloadRules());
  EXPECT_EQ(service_->Price(Request(Money{10000, "CNY"}))->breakdown.final_price.minor, 10000);
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find("pricing_rules_loaded 0"), std::string::npos) << text;
  EXPECT_NE(text.find("pricing_reloads_total{kind=\"rules\",outcome=\"ok\"}"), std::string::npos);
  EXPECT_NE(text.find("fx_rates_age_seconds"), std::string::npos);
}

}  // namespace
}  // namespace hotel::pricing::testing

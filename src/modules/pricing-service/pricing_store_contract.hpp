// markup_rules and fx_rates over a real database (tests only): the seeded rates, rules
// round-trip with every column, created_seq grows, updates, filters, subtree scoping and
// paging, the active set, rate upsert/delete, tenant paths. One suite run on SQLite
// (pricing_store_test.cpp) and PostgreSQL (pricing_store_pgtest.cpp).
#pragma once

#include "core/ids.hpp"
#include "modules/pricing-service/pricing_store.hpp"
#include "modules/pricing-service/pricing_test_support.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

namespace hotel::pricing::testing {

class PricingStoreContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    InsertTenantTree(db());
    store_ = std::make_unique<PricingStore>(db());
  }
  void TearDown() override {
    store_.reset();
    ScratchDatabaseTest::TearDown();
  }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }
  using ScratchDatabaseTest::Must;

  static StoredRule Rule(std::string owner, std::string path, Tier tier) {
    StoredRule s;
    s.rule.id = NewId("mkr");
    s.rule.owner_tenant = std::move(owner);
    s.owner_tenant_path = std::move(path);
    s.rule.tier = tier;
    s.rule.percent_bp = 1000;
    s.created_by = "usr_1";
    s.created_at = s.updated_at = "2026-03-01T10:00:00.000Z";
    return s;
  }

  std::unique_ptr<PricingStore> store_;
};

TEST_P(PricingStoreContractTest, MigrationSeedsRatesIntoTheDefaultCurrency) {
  auto rates = Must(store_->ListRates());
  ASSERT_GE(rates.size(), 8u);
  auto eur = Must(store_->FindRate("EUR", "CNY"));
  ASSERT_TRUE(eur);
  EXPECT_EQ(eur->rate.rate_e10, 78'000'000'000);
  EXPECT_EQ(eur->source, "seed");
  EXPECT_EQ(eur->updated_at, "2026-01-01T00:00:00.000Z");
  for (const char* c : {"USD", "GBP", "JPY", "HKD", "CHF", "AUD", "AED"}) {
    EXPECT_TRUE(Must(store_->FindRate(c, "CNY"))) << c;
  }
}

TEST_P(PricingStoreContractTest, RuleRoundTripsWithEveryColumn) {
  StoredRule s = Rule("tnt_dist", "/tnt_platform/tnt_dist/", Tier::kDistributor);
  s.rule.supplier = "HBX";
  s.rule.country = "FR";
  s.rule.city = "Paris";
  s.rule.hotel_id = "htl_01hzzzzzzzzzzzzzzzzzzzzzzz";
  s.rule.stay_from = ParseDate("2026-06-01");
  s.rule.stay_to = ParseDate("2026-08-31");
  s.rule.kind = MarkupRule::kFixed;
  s.rule.percent_bp = 0;
  s.rule.fixed = Money{1500, "EUR"};
  s.rule.allow_negative = true;
  s.note = "summer";
  auto inserted = Must(store_->InsertRule(s));
  EXPECT_GT(inserted.rule.created_seq, 0);
  auto read = Must(store_->FindRule(s.rule.id));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->rule.owner_tenant, "tnt_dist");
  EXPECT_EQ(read->owner_tenant_path, "/tnt_platform/tnt_dist/");
  EXPECT_EQ(read->rule.tier, Tier::kDistributor);
  EXPECT_EQ(read->rule.supplier, "HBX");
  EXPECT_EQ(read->rule.country, "FR");
  EXPECT_EQ(read->rule.city, "Paris");
  EXPECT_EQ(read->rule.hotel_id, s.rule.hotel_id);
  EXPECT_EQ(read->rule.stay_from, s.rule.stay_from);
  EXPECT_EQ(read->rule.stay_to, s.rule.stay_to);
  EXPECT_EQ(read->rule.kind, MarkupRule::kFixed);
  EXPECT_EQ(read->rule.fixed, (Money{1500, "EUR"}));
  EXPECT_TRUE(read->rule.allow_negative);
  EXPECT_EQ(read->status, RuleStatus::kActive);
  EXPECT_EQ(read->rule.created_seq, inserted.rule.created_seq);
  EXPECT_EQ(read->created_at, "2026-03-01T10:00:00.000Z");
  EXPECT_EQ(read->note, "summer");
  EXPECT_FALSE(Must(store_->FindRule("mkr_01hzzzzzzzzzzzzzzzzzzzzzzz")));
}

TEST_P(PricingStoreContractTest, CreatedSeqGrowsWithEachInsert) {
  auto a = Must(store_->InsertRule(Rule("tnt_platform", "/tnt_platform/", Tier::kPlatform)));
  auto b = Must(store_->InsertRule(Rule("tnt_platform", "/tnt_platform/", Tier::kPlatform)));
  auto c = Must(store_->InsertRule(Rule("tnt_dist", "/tnt_platform/tnt_dist/", Tier::kDistributor)));
  EXPECT_LT(a.rule.created_seq, b.rule.created_seq);
  EXPECT_LT(b.rule.created_seq, c.rule.created_seq);
}

TEST_P(PricingStoreContractTest, UpdateWritesMutableColumnsAndDisabledRulesLeaveTheActiveSet) {
  StoredRule s = Must(store_->InsertRule(Rule("tnt_dist", "/tnt_platform/tnt_dist/", Tier::kDistributor)));
  EXPECT_EQ(Must(store_->ActiveRules()).size(), 1u);
  s.rule.percent_bp = 2500;
  s.rule.country = std::nullopt;
  s.status = RuleStatus::kDisabled;
  s.updated_at = "2026-03-02T10:00:00.000Z";
  EXPECT_TRUE(Must(store_->UpdateRule(s)));
  auto read = Must(store_->FindRule(s.rule.id));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->rule.percent_bp, 2500);
  EXPECT_EQ(read->status, RuleStatus::kDisabled);
  EXPECT_EQ(read->updated_at, "2026-03-02T10:00:00.000Z");
  EXPECT_TRUE(Must(store_->ActiveRules()).empty());
  s.rule.id = "mkr_01hzzzzzzzzzzzzzzzzzzzzzzz";
  EXPECT_FALSE(Must(store_->UpdateRule(s)));
}

TEST_P(PricingStoreContractTest, ListFiltersScopesToASubtreeAndPages) {
  Must(store_->InsertRule(Rule("tnt_platform", "/tnt_platform/", Tier::kPlatform)));
  Must(store_->InsertRule(Rule("tnt_dist", "/tnt_platform/tnt_dist/", Tier::kDistributor)));
  Must(store_->InsertRule(Rule("tnt_sub", "/tnt_platform/tnt_dist/tnt_sub/", Tier::kSubAgent)));
  Must(store_->InsertRule(Rule("tnt_other", "/tnt_platform/tnt_other/", Tier::kDistributor)));

  EXPECT_EQ(Must(store_->ListRules({}, 50, std::nullopt)).items.size(), 4u);
  RuleFilter subtree;
  subtree.subtree_path = "/tnt_platform/tnt_dist/";
  auto mine = Must(store_->ListRules(subtree, 50, std::nullopt));
  ASSERT_EQ(mine.items.size(), 2u);
  for (const auto& r : mine.items) EXPECT_NE(r.rule.owner_tenant, "tnt_other");
  RuleFilter tier;
  tier.tier = Tier::kDistributor;
  EXPECT_EQ(Must(store_->ListRules(tier, 50, std::nullopt)).items.size(), 2u);
  RuleFilter owner;
  owner.owner_tenant_id = "tnt_sub";
  EXPECT_EQ(Must(store_->ListRules(owner, 50, std::nullopt)).items.size(), 1u);
  RuleFilter disabled;
  disabled.status = RuleStatus::kDisabled;
  EXPECT_TRUE(Must(store_->ListRules(disabled, 50, std::nullopt)).items.empty());

  auto first = Must(store_->ListRules({}, 3, std::nullopt));
  ASSERT_EQ(first.items.size(), 3u);
  ASSERT_TRUE(first.next_cursor);
  auto second = Must(store_->ListRules({}, 3, first.next_cursor));
  ASSERT_EQ(second.items.size(), 1u);
  EXPECT_FALSE(second.next_cursor);
  EXPECT_GT(second.items[0].rule.id, first.items[2].rule.id);
}

TEST_P(PricingStoreContractTest, RatesUpsertAndDelete) {
  FxRateRow row{FxRate{"EUR", "CNY", 78'123'456'789}, "api", "usr_admin", "2026-04-01T00:00:00.000Z"};
  ASSERT_TRUE(store_->UpsertRate(row));
  auto read = Must(store_->FindRate("EUR", "CNY"));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->rate.rate_e10, 78'123'456'789);
  EXPECT_EQ(read->source, "api");
  EXPECT_EQ(read->updated_by, "usr_admin");
  ASSERT_TRUE(store_->UpsertRate(FxRateRow{FxRate{"SEK", "CNY", 6'800'000'000}, "api", "usr_admin",
                                           "2026-04-01T00:00:00.000Z"}));
  EXPECT_TRUE(Must(store_->FindRate("SEK", "CNY")));
  EXPECT_TRUE(Must(store_->DeleteRate("SEK", "CNY")));
  EXPECT_FALSE(Must(store_->DeleteRate("SEK", "CNY")));
  EXPECT_FALSE(Must(store_->FindRate("SEK", "CNY")));
}

TEST_P(PricingStoreContractTest, TenantPathsComeFromTheTenantsTable) {
  EXPECT_EQ(Must(store_->TenantPath("tnt_sub")), std::optional<std::string>("/tnt_platform/tnt_dist/tnt_sub/"));
  EXPECT_EQ(Must(store_->TenantPath("tnt_platform")), std::optional<std::string>("/tnt_platform/"));
  EXPECT_FALSE(Must(store_->TenantPath("tnt_nobody")));
}

}  // namespace hotel::pricing::testing

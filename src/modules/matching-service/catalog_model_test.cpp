// The catalog's pure parts: record cleaning, content hash, search keys, supplier ranking.
#include "modules/config/config_snapshot.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "modules/matching-service/import_runner.hpp"
#include "modules/matching-service/ranking.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace hotel::matching {
namespace {

HotelRecord Record(std::string code = "HBX1", std::string name = "Hotel Royal Montmartre") {
  return {std::move(code), std::move(name), "12 Rue Lepic", "Paris", "fr", "75018", "+33 1 4000 0001", "", 48.886,
          2.34,           4};
}

TEST(CatalogModel, CleanRecordCutsFieldsAndRejectsRecordsWithoutCodeOrName) {
  auto r = CleanRecord(Record());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->country, "FR");
  EXPECT_FALSE(CleanRecord(Record("", "x")));
  EXPECT_FALSE(CleanRecord(Record("A", "   ")));
  EXPECT_FALSE(CleanRecord(Record(std::string(65, 'A'))));

  HotelRecord raw = Record();
  raw.name = "  " + std::string(299, 'a') + "é";  // é would straddle the 300-byte limit
  raw.country = "GBR";
  raw.stars = 12;
  raw.lat = std::numeric_limits<double>::quiet_NaN();
  auto cut = CleanRecord(raw);
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->name, std::string(299, 'a'));  // trimmed, and never half a UTF-8 character
  EXPECT_EQ(cut->country, "");
  EXPECT_EQ(cut->stars, 0);
  EXPECT_EQ(cut->lat, 0);
}

TEST(CatalogModel, ContentHashChangesWithAnyContentFieldButNotWithNoise) {
  const auto base = Record();
  const std::string h = ContentHash(base);
  EXPECT_EQ(h.size(), 16u);
  EXPECT_EQ(ContentHash(Record()), h);
  HotelRecord other_code = base;
  other_code.code = "HBX2";
  EXPECT_EQ(ContentHash(other_code), h) << "the code is the key, not content";
  for (auto change : {+[](HotelRecord& r) { r.name += "!"; }, +[](HotelRecord& r) { r.phone.clear(); },
                      +[](HotelRecord& r) { r.stars = 5; }, +[](HotelRecord& r) { r.lat += 0.0001; },
                      +[](HotelRecord& r) { r.address = "12 Rue"; r.city = "LepicParis"; }}) {
    HotelRecord r = base;
    change(r);
    EXPECT_NE(ContentHash(r), h);
  }
  HotelRecord tiny = base;
  tiny.lon += 1e-12;  // a float's last bits, e.g. after a round trip through another engine
  EXPECT_EQ(ContentHash(tiny), h);
}

TEST(CatalogModel, SearchKeysAreNormalisedNameAndCityWords) {
  HotelRecord r = Record("X", "Hôtel Intl München Zentrum");
  r.city = "München";
  const auto tokens = SearchTokensOf(r);
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), "international"), tokens.end());
  EXPECT_NE(std::find(tokens.begin(), tokens.end(), "munchen"), tokens.end());
  EXPECT_EQ(std::count(tokens.begin(), tokens.end(), "munchen"), 1);  // name and city: one token
  EXPECT_EQ(std::find(tokens.begin(), tokens.end(), "hotel"), tokens.end());

  EXPECT_EQ(QueryTokens("The Hotel"), std::vector<std::string>{});
  EXPECT_EQ(QueryTokens("ROYAL  montmartre royal"), (std::vector<std::string>{"royal", "montmartre"}));
  EXPECT_EQ(QueryTokens("a b c d e f g h i j k").size(), 8u);
  EXPECT_EQ(CityKey("Munich"), CityKey("MÜNCHEN"));
  EXPECT_EQ(CityKey("Moskva"), CityKey("Moscow"));
  EXPECT_NE(CityKey("Paris"), CityKey("Rome"));
}

TEST(CatalogModel, SupplierCodesAreTheAdaptersShape) {
  EXPECT_TRUE(IsSupplierCode("HBX"));
  EXPECT_TRUE(IsSupplierCode("S1_A"));
  EXPECT_FALSE(IsSupplierCode("H"));
  EXPECT_FALSE(IsSupplierCode("hbx"));
  EXPECT_FALSE(IsSupplierCode("HBX-1"));
  EXPECT_FALSE(IsSupplierCode(std::string(17, 'A')));
}

TEST(CatalogModel, EnumNamesRoundTrip) {
  for (auto k : {MappingKind::kAuto, MappingKind::kReviewApproved, MappingKind::kManual, MappingKind::kNewMaster,
                 MappingKind::kDuplicate}) {
    EXPECT_EQ(ParseMappingKind(MappingKindName(k)), k);
  }
  for (auto s : {ReviewStatus::kOpen, ReviewStatus::kApproved, ReviewStatus::kRejected, ReviewStatus::kRemapped}) {
    EXPECT_EQ(ParseReviewStatus(ReviewStatusName(s)), s);
  }
  for (auto k : {PinKind::kMapTo, PinKind::kNewMaster, PinKind::kNotThisMaster}) EXPECT_EQ(ParsePinKind(PinKindName(k)), k);
  for (auto s : {ImportStatus::kQueued, ImportStatus::kRunning, ImportStatus::kSucceeded, ImportStatus::kFailed}) {
    EXPECT_EQ(ParseImportStatus(ImportStatusName(s)), s);
  }
  EXPECT_FALSE(ParseReviewStatus("pending"));
}

TEST(CatalogModel, PairThresholdsComeFromTheirOwnConfigKeyAndBadOnesAreRefused) {
  auto snapshot = [](const char* json_text) {
    config::ConfigSnapshot::Values values;
    if (json_text) values.emplace(std::string(kPairThresholdsKey), boost::json::parse(json_text));
    return std::make_shared<const config::ConfigSnapshot>(std::move(values), config::ConfigSnapshot::Flags{},
                                                          "default", 1, nullptr);
  };
  const MatchSettings defaults;
  auto none = ApplyPairThresholds(*snapshot(nullptr), defaults);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->high, defaults.high);
  auto some = ApplyPairThresholds(*snapshot(R"({"high":0.85,"autoMinName":0.8})"), defaults);
  ASSERT_TRUE(some);
  EXPECT_EQ(some->high, 0.85);
  EXPECT_EQ(some->auto_min_name, 0.8);
  EXPECT_EQ(some->low, defaults.low);
  for (const char* bad : {R"([1])", R"({"high":"x"})", R"({"high":1.5})", R"({"low":0.9})", R"({"hihg":0.9})",
                          R"({"high":0.95})"}) {
    auto r = ApplyPairThresholds(*snapshot(bad), defaults);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, Errc::validation_failed);
    EXPECT_EQ(r.error().fields[0].field.rfind("matching.pair.thresholds", 0), 0u) << bad;
  }
}

MemberView Member(std::string supplier, std::string code, int stars) {
  MemberView m;
  m.mapping.supplier_code = supplier;
  m.mapping.hotel_code = code;
  m.content = Record(code);
  m.content.stars = stars;
  return m;
}

TEST(Ranking, StarsAgreement) {
  EXPECT_EQ(StarsAgreement(4, 4), 1.0);
  EXPECT_EQ(StarsAgreement(4, 5), 0.5);
  EXPECT_EQ(StarsAgreement(4, 2), 0.0);
  EXPECT_EQ(StarsAgreement(0, 2), kNeutralSignal);
}

TEST(Ranking, WithoutSignalsOnlyTheRatingSeparatesSuppliers) {
  const HotelRecord master = Record();
  const auto ranked = RankSuppliers(master, {Member("BBB", "B1", 3), Member("AAA", "A1", 4), Member("CCC", "C1", 4)},
                                    nullptr, config::MatchingWeights{});
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].supplier_code, "AAA");  // equal scores: by supplier code
  EXPECT_EQ(ranked[1].supplier_code, "CCC");
  EXPECT_EQ(ranked[2].supplier_code, "BBB");
  EXPECT_DOUBLE_EQ(ranked[0].score, 0.4 * 0.5 + 0.3 * 1.0 + 0.2 * 0.5 + 0.1 * 0.5);
  EXPECT_DOUBLE_EQ(ranked[2].rating, 0.5);
}

TEST(Ranking, PricesCompareWithinTheCommonCurrencyAndWeightsDecideTheOrder) {
  const HotelRecord master = Record();
  std::vector<MemberView> members = {Member("CHEAP", "C1", 2), Member("DEAR", "D1", 4), Member("USD", "U1", 4)};
  SupplierSignalsFn signals = [](std::string_view supplier, std::string_view) {
    SupplierSignals s;
    if (supplier == "CHEAP") s.cheapest_net = Money{10000, "EUR"};
    if (supplier == "DEAR") s.cheapest_net = Money{20000, "EUR"};
    if (supplier == "USD") s.cheapest_net = Money{1, "USD"};  // another currency: not comparable
    s.reliability = supplier == "DEAR" ? 1.5 : 0.9;            // clamped to 1
    return s;
  };
  auto ranked = RankSuppliers(master, members, signals, {.price = 0.7, .rating = 0.1, .availability = 0.1,
                                                         .supplier_reliability = 0.1});
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].supplier_code, "CHEAP");
  EXPECT_DOUBLE_EQ(ranked[0].price, 1.0);
  const auto& dear = ranked[1];
  EXPECT_EQ(dear.supplier_code, "DEAR");
  EXPECT_DOUBLE_EQ(dear.price, 0.5);
  EXPECT_DOUBLE_EQ(dear.reliability, 1.0);
  EXPECT_DOUBLE_EQ(ranked[2].price, kNeutralSignal);
  ASSERT_TRUE(ranked[2].cheapest_net);

  // The same hotel with the rating weighted: stars agreement now beats price.
  ranked = RankSuppliers(master, members, signals, {.price = 0.1, .rating = 0.7, .availability = 0.1,
                                                    .supplier_reliability = 0.1});
  EXPECT_EQ(ranked[0].supplier_code, "DEAR");
  EXPECT_EQ(ranked[2].supplier_code, "CHEAP");
}

}  // namespace
}  // namespace hotel::matching

// Pair scorer: same hotel written differently scores high, neighbours score low.
#include "modules/matching-service/pair_scorer.hpp"

#include <gtest/gtest.h>

namespace hotel::matching {
namespace {

HotelRecord Grand() {
  return {"A1", "Grand Hotel International Saint Mark", "12 Station Road", "London", "GB", "40211",
          "+44 20 7946 0123", "", 51.507400, -0.127800, 4};
}

TEST(JaroWinkler, KnownValues) {
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_EQ(JaroWinkler("abc", "abc"), 1.0);
  EXPECT_EQ(JaroWinkler("abc", "xyz"), 0.0);
}

TEST(ScorePair, SameHotelWithAbbreviationsScoresHigh) {
  const MatchSettings s;
  HotelRecord b = Grand();
  b.name = "GRAND HTL INTL ST MARK";
  b.address = "12 Station Rd.";
  b.phone = "0044 207946 0123";
  b.lat += 0.0009;  // ~100 m north
  const PairScore p = ScorePair(Prepare(Grand()), Prepare(b), s);
  EXPECT_EQ(p.name, 1.0);
  EXPECT_EQ(p.phone, 1.0);
  EXPECT_GE(p.total, s.high);
}

TEST(ScorePair, ReorderedAndLocalScriptNamesScoreHigh) {
  const MatchSettings s;
  HotelRecord a{"H1", "Hilton Shanghai Hongqiao", "88 Park Road", "Shanghai", "CN", "", "+86 21 5555 0123",
                "Hilton", 31.2, 121.4, 5};
  HotelRecord b = a;
  b.name = "上海虹桥希尔顿酒店";
  b.address.clear();
  EXPECT_GE(ScorePair(Prepare(a), Prepare(b), s).total, s.high);
  b.name = "Shanghai Hongqiao Hilton";
  EXPECT_GE(ScorePair(Prepare(a), Prepare(b), s).total, s.high);
}

TEST(ScorePair, DifferentHotelsNextDoorScoreLow) {
  const MatchSettings s;
  HotelRecord b{"B7", "Golden Riverside Inn", "14 Station Road", "London", "GB", "40877", "+44 20 7946 9999", "",
                51.507700, -0.127800, 3};
  const PairScore p = ScorePair(Prepare(Grand()), Prepare(b), s);
  EXPECT_LT(p.distance_m, 50);
  EXPECT_LT(p.total, s.low);
}

TEST(ScorePair, SameBrandOtherDistrictIsNotAutoMapped) {
  const MatchSettings s;
  HotelRecord a{"H1", "Hilton Garden Inn Shanghai Hongqiao", "8 Lake Road", "Shanghai", "CN", "20001",
                "+86 21 5555 0123", "Hilton", 31.2, 121.4, 4};
  HotelRecord b{"H2", "Hilton Shanghai Pudong", "120 King Street", "Shanghai", "CN", "20817", "+86 21 7777 0123",
                "Hilton", 31.2030, 121.4, 5};
  EXPECT_LT(ScorePair(Prepare(a), Prepare(b), s).total, s.high);
}

TEST(ScorePair, SwappedLatLonStillMatches) {
  const MatchSettings s;
  HotelRecord b = Grand();
  b.lat = Grand().lon;
  b.lon = Grand().lat;
  const PairScore p = ScorePair(Prepare(b), Prepare(Grand()), s);
  EXPECT_TRUE(p.swapped);
  EXPECT_LT(p.distance_m, 1);
  EXPECT_GE(p.total, s.high);
}

TEST(ScorePair, MissingFieldsNeitherHelpNorHurt) {
  const MatchSettings s;
  HotelRecord b = Grand();
  b.address.clear();
  b.phone.clear();
  b.stars = 0;
  const PairScore p = ScorePair(Prepare(Grand()), Prepare(b), s);
  EXPECT_EQ(p.address, -1);
  EXPECT_EQ(p.phone, -1);
  EXPECT_EQ(p.stars, -1);
  EXPECT_GE(p.total, s.high);
}

TEST(ScorePair, NeverAcrossCountries) {
  HotelRecord b = Grand();
  b.country = "FR";
  EXPECT_EQ(ScorePair(Prepare(Grand()), Prepare(b), MatchSettings{}).total, 0);
}

TEST(ParseMatchingAlgorithm, OnlyWeightedScore) {
  ASSERT_TRUE(ParseMatchingAlgorithm("weighted_score"));
  EXPECT_EQ(*ParseMatchingAlgorithm("weighted_score"), MatchingAlgorithm::kWeightedScore);
  auto bad = ParseMatchingAlgorithm("ml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
}

}  // namespace
}  // namespace hotel::matching

// Matcher: catalog seeding, blocking, duplicates, pins, accuracy against the generated world.
#include "modules/matching-service/accuracy.hpp"
#include "modules/matching-service/matcher.hpp"
#include "modules/matching-service/world_records.hpp"

#include <gtest/gtest.h>

namespace hotel::matching {
namespace {

HotelRecord Rec(std::string code, std::string name, double lat, double lon, std::string phone = "") {
  return {std::move(code), std::move(name), "", "Paris", "FR", "", std::move(phone), "", lat, lon, 4};
}

std::vector<HotelRecord> FirstSupplier() {
  return {Rec("A1", "Hotel Royal Montmartre", 48.8860, 2.3400, "+33 1 4000 0001"),
          Rec("A2", "Novotel Paris Les Halles", 48.8620, 2.3460, "+33 1 4000 0002"),
          Rec("A3", "Grand Hotel Central", 48.8700, 2.3300, "+33 1 4000 0003")};
}

std::vector<HotelRecord> SecondSupplier() {
  return {Rec("B1", "ROYAL MONTMARTRE HTL", 48.8861, 2.3401, "0033140000001"),
          Rec("B2", "Novotel Paris Les Halles", 2.3461, 48.8621),  // lat/lon swapped
          Rec("B3", "Ibis Styles Gare du Nord", 48.8800, 2.3550),
          Rec("B4", "Novotel Les Halles Paris", 48.8620, 2.3460, "+33 1 4000 0002")};  // duplicate of B2
}

TEST(Matcher, FirstSupplierSeedsTheCatalog) {
  Matcher m;
  auto run = m.AddSupplier("A", FirstSupplier());
  ASSERT_TRUE(run);
  EXPECT_EQ(run->new_masters, 3u);
  EXPECT_EQ(m.Masters().size(), 3u);
  EXPECT_EQ(m.Masters()[0].seed, (SupplierHotelKey{"A", "A1"}));
}

TEST(Matcher, NextSupplierMapsOntoMastersAndKeepsItsDuplicatesTogether) {
  Matcher m;
  ASSERT_TRUE(m.AddSupplier("A", FirstSupplier()));
  auto run = m.AddSupplier("B", SecondSupplier());
  ASSERT_TRUE(run);
  const auto& d = run->decisions;
  EXPECT_EQ(d[0].kind, DecisionKind::kAutoMapped);
  EXPECT_EQ(d[0].master, 1u);
  EXPECT_EQ(d[2].kind, DecisionKind::kNewMaster);
  // B2 (swapped coordinates) and B4 are one hotel listed twice: both on master 2, one of them
  // as the duplicate, never as a second master.
  EXPECT_EQ(d[1].master, 2u);
  EXPECT_EQ(d[3].master, 2u);
  EXPECT_TRUE((d[1].kind == DecisionKind::kDuplicate) != (d[3].kind == DecisionKind::kDuplicate));
  EXPECT_EQ(m.Masters().size(), 4u);
  EXPECT_EQ(m.FindMaster(2)->members.size(), 3u);
}

TEST(Matcher, SameSupplierTwiceIsAConflictAndUnknownPinnedMastersAreRejected) {
  Matcher m;
  ASSERT_TRUE(m.AddSupplier("A", FirstSupplier()));
  auto again = m.AddSupplier("A", FirstSupplier());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  PinnedDecisions pins{{{"B", "B1"}, {PinnedDecision::Kind::kMapTo, 99}}};
  auto bad = m.AddSupplier("B", SecondSupplier(), pins);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
}

TEST(Matcher, PinnedDecisionsAreNeverOverwrittenByALaterAutomaticRun) {
  // B1 would auto-map to master 1 and B3 would be new; the reviewer decided otherwise.
  PinnedDecisions pins{{{"B", "B1"}, {PinnedDecision::Kind::kNewMaster, 0}},
                       {{"B", "B3"}, {PinnedDecision::Kind::kMapTo, 3}},
                       {{"B", "B4"}, {PinnedDecision::Kind::kNotThisMaster, 2}}};
  Matcher m;
  ASSERT_TRUE(m.AddSupplier("A", FirstSupplier()));
  auto run = m.AddSupplier("B", SecondSupplier(), pins);
  ASSERT_TRUE(run);
  const auto& d = run->decisions;
  EXPECT_EQ(d[0].kind, DecisionKind::kPinned);
  EXPECT_GT(d[0].master, 3u);  // a master of its own
  EXPECT_EQ(d[2].kind, DecisionKind::kPinned);
  EXPECT_EQ(d[2].master, 3u);
  EXPECT_NE(d[3].master, 2u);
  EXPECT_EQ(d[1].kind, DecisionKind::kAutoMapped);  // unpinned records still match
  EXPECT_EQ(run->pinned, 2u);
}

HotelRecord Sydney(std::string code, std::string name, double lat, double lon) {
  return {std::move(code), std::move(name), "", "Sydney", "AU", "", "", "", lat, lon, 5};
}

TEST(Matcher, SimilarHotelsOfOneSupplierAreNotDuplicatesAndHalfANameIsNotAutoMapped) {
  Matcher m;
  auto first = m.AddSupplier("A", {Sydney("A1", "Four Seasons Sydney", -33.8610, 151.2100),
                                   Sydney("A2", "Four Seasons Bondi", -33.8615, 151.2104)});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->new_masters, 2u);
  EXPECT_EQ(first->duplicates, 0u);
  auto second = m.AddSupplier("B", {Sydney("B1", "Four Seasons Circular Quay", -33.8612, 151.2102)});
  ASSERT_TRUE(second);
  EXPECT_NE(second->decisions[0].kind, DecisionKind::kAutoMapped);
}

TEST(Matcher, FindsAMasterWhoseSeedHadLatLonSwappedBeyondNinetyDegrees) {
  Matcher m;
  ASSERT_TRUE(m.AddSupplier("A", {Sydney("A1", "Hilton Sydney Bondi", 151.2100, -33.8610)}));  // "lat" 151
  auto run = m.AddSupplier("B", {Sydney("B1", "HILTON SYDNEY BONDI", -33.8612, 151.2102)});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->decisions[0].kind, DecisionKind::kAutoMapped);
  EXPECT_EQ(run->decisions[0].master, 1u);
}

world::SupplierProfile Profile(int slot) {
  world::SupplierProfile p;
  p.code = std::string(1, static_cast<char>('A' + slot));
  p.seed = 1000 + static_cast<std::uint64_t>(slot);
  p.slot = slot;
  return p;
}

TEST(Matcher, BlockingNeverComparesHotelsFarApart) {
  const auto w = world::GenerateWorld({.seed = 3, .hotels = 1000});
  Matcher m;
  std::size_t first_size = 0;
  for (int s = 0; s < 2; ++s) {
    const auto records = ToRecords(world::MakeSupplierView(w, Profile(s)));
    auto run = m.AddSupplier(Profile(s).code, records);
    ASSERT_TRUE(run);
    EXPECT_LE(run->max_compared_distance_m, m.Settings().block_radius_m);
    if (s == 0) first_size = records.size();
    if (s == 1) {
      // All-pairs would be records × masters; blocking scores a few per record.
      EXPECT_LT(run->pairs_scored, records.size() * first_size / 20);
      for (std::size_t i = 0; i < records.size(); i += 37) {
        const PreparedHotel p = Prepare(records[i]);
        for (MasterId id : m.Candidates(p)) {
          const auto& c = m.FindMaster(id)->prepared;
          const double d = std::min(DistanceMetres(p.lat, p.lon, c.lat, c.lon), DistanceWithSwap(p, c, nullptr));
          EXPECT_LT(d, 3 * m.Settings().block_radius_m) << records[i].name << " vs " << m.FindMaster(id)->record.name;
        }
      }
    }
  }
}

TEST(Matcher, SeededWithStoredMastersDecidesAsTheMatcherThatBuiltThem) {
  // The catalog's import loads the masters from storage into a new Matcher per run: the next
  // supplier must be decided exactly as if the masters had been built in the same Matcher.
  const auto w = world::GenerateWorld({.seed = 7, .hotels = 600});
  const auto first = ToRecords(world::MakeSupplierView(w, Profile(0)));
  const auto second = ToRecords(world::MakeSupplierView(w, Profile(1)));
  Matcher built;
  ASSERT_TRUE(built.AddSupplier("A", first));
  Matcher seeded;
  for (const auto& m : built.Masters()) {
    EXPECT_EQ(seeded.AddMaster(m.seed, m.record, m.members), m.id);
  }
  ASSERT_EQ(seeded.Masters().size(), built.Masters().size());
  EXPECT_EQ(seeded.FindMaster(1)->members, built.FindMaster(1)->members);
  auto expected = built.AddSupplier("B", second);
  auto actual = seeded.AddSupplier("B", second);
  ASSERT_TRUE(expected && actual);
  ASSERT_EQ(actual->decisions.size(), expected->decisions.size());
  for (std::size_t i = 0; i < second.size(); ++i) {
    EXPECT_EQ(actual->decisions[i].kind, expected->decisions[i].kind) << second[i].name;
    EXPECT_EQ(actual->decisions[i].master, expected->decisions[i].master) << second[i].name;
  }
  EXPECT_GT(actual->auto_mapped, second.size() / 2);
  // Seeding adds no supplier: the seed's supplier may still be matched in this run.
  EXPECT_TRUE(seeded.AddSupplier("A", {}));
}

TEST(Matcher, AccuracyAtThreeSuppliersOfAThousandHotels) {
  const auto w = world::GenerateWorld({.seed = 2024, .hotels = 1000});
  Matcher m;
  GroundTruth truth;
  std::vector<std::vector<HotelRecord>> inputs;
  std::vector<SupplierRun> runs;
  for (int s = 0; s < 3; ++s) {
    const auto view = world::MakeSupplierView(w, Profile(s));
    AddTruth(view, truth);
    inputs.push_back(ToRecords(view));
    auto run = m.AddSupplier(view.supplier, inputs.back());
    ASSERT_TRUE(run);
    runs.push_back(std::move(*run));
  }
  const Accuracy a = MeasureAccuracy(m, runs, inputs, truth);
  RecordProperty("precision", std::to_string(a.precision));
  RecordProperty("recall_with_review", std::to_string(a.recall_with_review));
  std::printf("precision %.4f recall(auto) %.4f recall(auto+review) %.4f review %zu positives %zu\n", a.precision,
              a.recall_auto, a.recall_with_review, a.review, a.positives);
  EXPECT_GE(a.precision, 0.98);
  EXPECT_GE(a.recall_with_review, 0.95);
  EXPECT_GT(a.positives, 1000u);
}

}  // namespace
}  // namespace hotel::matching

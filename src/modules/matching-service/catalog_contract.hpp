// The catalog over a real database (tests only): imports of a small world's supplier views,
// idempotent re-imports with stable ids, re-matching of changed content, review decisions and
// their pins surviving re-imports, search, import jobs and the background runner. One suite
// run on SQLite (catalog_test.cpp) and PostgreSQL (catalog_pgtest.cpp).
#pragma once

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "modules/matching-service/catalog_import.hpp"
#include "modules/matching-service/catalog_service.hpp"
#include "modules/matching-service/catalog_test_support.hpp"
#include "modules/matching-service/import_runner.hpp"
#include "modules/matching-service/matcher.hpp"
#include "ports/database_test_fixture.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "storage/migrator.hpp"
#include "world/world.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace hotel::matching::testing {

using namespace std::chrono_literals;

// The world every test imports from: small enough for PostgreSQL round trips, big enough for
// duplicates, reviews and exclusives.
inline const world::World& SmallWorld() {
  static const world::World w = world::GenerateWorld({.seed = 11, .hotels = 400});
  return w;
}

class CatalogContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    service_ = std::make_unique<CatalogService>(db(), clock_);
    for (int s = 0; s < 3; ++s) views_.push_back(View(SmallWorld(), codes_[s], s));
  }
  void TearDown() override {
    service_.reset();
    ScratchDatabaseTest::TearDown();
  }

  CatalogService& svc() { return *service_; }
  std::vector<HotelRecord> Records(int s) { return ToRecords(ToContent(views_[s])); }

  ImportCounts Import(const std::string& supplier, const std::vector<HotelRecord>& records) {
    auto r = ApplyContent(db(), supplier, NewId("imp"), records, MatchSettings{}, clock_.Now());
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    clock_.Advance(1s);
    return r ? *r : ImportCounts{};
  }
  void ImportAll() {
    for (int s = 0; s < 3; ++s) Import(codes_[s], Records(s));
  }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }
  using ScratchDatabaseTest::Must;
  static Errc CodeOf(const auto& r) { return r ? Errc::internal : r.error().code; }

  // Every row of a table as text, sorted: equal snapshots are equal tables.
  std::vector<std::string> Rows(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : Must(sql).rows) {
      std::string line;
      for (std::size_t i = 0; i < row.values.size(); ++i) line += (row.IsNull(i) ? "NULL" : row.GetString(i)) + "|";
      out.push_back(std::move(line));
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> CatalogSnapshot() {
    auto out = Rows("SELECT id, name, lat, lon, updated_at FROM master_hotels");
    for (auto& r : Rows("SELECT supplier_code, hotel_code, master_id, kind, score, decided_at FROM hotel_mappings")) {
      out.push_back(r);
    }
    for (auto& r : Rows("SELECT id, supplier_code, hotel_code, master_id, status, score FROM mapping_reviews")) {
      out.push_back(r);
    }
    return out;
  }
  std::string MasterOf(const std::string& supplier, const std::string& code) {
    auto r = Must("SELECT master_id FROM hotel_mappings WHERE supplier_code = $1 AND hotel_code = $2",
                  {ports::SqlValue(supplier), ports::SqlValue(code)});
    return r.rows.empty() ? "" : r.rows[0].GetString(0);
  }
  std::string KindOf(const std::string& supplier, const std::string& code) {
    auto r = Must("SELECT kind FROM hotel_mappings WHERE supplier_code = $1 AND hotel_code = $2",
                  {ports::SqlValue(supplier), ports::SqlValue(code)});
    return r.rows.empty() ? "" : r.rows[0].GetString(0);
  }
  std::vector<ReviewView> OpenReviews(const std::optional<std::string>& supplier = std::nullopt) {
    ReviewQuery q;
    q.supplier_code = supplier;
    q.limit = 200;
    return Must(svc().ListReviews(q)).items;
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<CatalogService> service_;
  const std::string codes_[3] = {"HBX", "OTA", "RAPID"};
  std::vector<world::SupplierView> views_;
};

TEST_P(CatalogContractTest, ImportsBuildTheCatalogAsTheMatcherDecidesWithPrecisionAtLeast98) {
  Matcher reference;
  for (int s = 0; s < 3; ++s) {
    const auto records = Records(s);
    const ImportCounts c = Import(codes_[s], records);
    auto run = reference.AddSupplier(codes_[s], records);
    ASSERT_TRUE(run);
    // Seeded from storage, the import decides exactly as one Matcher holding every supplier.
    EXPECT_EQ(c.auto_mapped, static_cast<int>(run->auto_mapped)) << codes_[s];
    EXPECT_EQ(c.review, static_cast<int>(run->review)) << codes_[s];
    EXPECT_EQ(c.new_masters, static_cast<int>(run->new_masters)) << codes_[s];
    EXPECT_EQ(c.duplicates, static_cast<int>(run->duplicates)) << codes_[s];
    EXPECT_EQ(c.unchanged, 0);
    EXPECT_EQ(c.skipped, 0);
    if (s == 0) EXPECT_EQ(c.auto_mapped + c.review, 0);
    if (s > 0) EXPECT_GT(c.auto_mapped, static_cast<int>(records.size()) / 2);
  }
  EXPECT_EQ(Count("master_hotels"), static_cast<std::int64_t>(reference.Masters().size()));
  const auto p = MeasureStoredPrecision(db(), views_);
  EXPECT_GE(p.precision(), 0.98) << p.correct << " of " << p.auto_mapped;
  EXPECT_GT(p.auto_mapped, 400u);
  const std::int64_t listed = views_[0].hotels.size() + views_[1].hotels.size() + views_[2].hotels.size();
  EXPECT_EQ(Count("supplier_hotels"), listed);
  EXPECT_EQ(Count("hotel_mappings") + Count("mapping_reviews"), listed);  // every hotel: mapped or in review
  EXPECT_GT(Count("master_hotel_tokens"), Count("master_hotels"));
}

TEST_P(CatalogContractTest, ReimportingTheSameContentChangesNothingAndKeepsMasterIds) {
  ImportAll();
  const auto before = CatalogSnapshot();
  const auto open_reviews = Count("mapping_reviews");
  for (int s : {1, 0, 2}) {
    const ImportCounts c = Import(codes_[s], Records(s));
    EXPECT_EQ(c.auto_mapped + c.review + c.new_masters + c.duplicates, 0) << codes_[s];
    EXPECT_EQ(c.unchanged, static_cast<int>(views_[s].hotels.size()));
  }
  EXPECT_EQ(CatalogSnapshot(), before);  // same ids, same rows, no second review item
  EXPECT_EQ(Count("mapping_reviews"), open_reviews);
  // The supplier hotels were seen again.
  EXPECT_EQ(Must("SELECT COUNT(*) FROM supplier_hotels WHERE last_seen_at > first_seen_at").rows[0].GetInt(0),
            Count("supplier_hotels"));
}

TEST_P(CatalogContractTest, ChangedContentIsMatchedAgainAndASeedRefreshesItsMaster) {
  ImportAll();
  auto otas = Records(1);
  // An auto-mapped OTA hotel whose content now describes another place: matched again.
  auto auto_mapped = std::find_if(otas.begin(), otas.end(), [&](const HotelRecord& r) { return KindOf("OTA", r.code) == "auto"; });
  ASSERT_NE(auto_mapped, otas.end());
  const std::string old_master = MasterOf("OTA", auto_mapped->code);
  auto_mapped->name = "Zzyzx Quartz Lodge";
  auto_mapped->lat = -45.0;
  auto_mapped->lon = 170.0;
  const ImportCounts c = Import("OTA", otas);
  EXPECT_EQ(c.new_masters, 1);
  EXPECT_EQ(c.unchanged, static_cast<int>(otas.size()) - 1);
  EXPECT_NE(MasterOf("OTA", auto_mapped->code), old_master);
  EXPECT_EQ(KindOf("OTA", auto_mapped->code), "new_master");

  // A seed (HBX created the master) whose name changes: same master id, the master's content follows.
  auto hbx = Records(0);
  const std::string seed_master = MasterOf("HBX", hbx[0].code);
  ASSERT_EQ(KindOf("HBX", hbx[0].code), "new_master");
  hbx[0].name += " Annex";
  const ImportCounts again = Import("HBX", hbx);
  EXPECT_EQ(again.unchanged, static_cast<int>(hbx.size()));
  EXPECT_EQ(MasterOf("HBX", hbx[0].code), seed_master);
  const auto master = Must(svc().GetHotel(seed_master)).master;
  EXPECT_EQ(master.content.name, hbx[0].name);
  EXPECT_GT(master.updated_at, master.created_at);
}

TEST_P(CatalogContractTest, ReviewDecisionsMapPinAndSurviveReimports) {
  ImportAll();
  auto open = OpenReviews();
  ASSERT_GE(open.size(), 3u) << "the world should produce a few review items";
  const ReviewView approve = open[0], reject = open[1], remap = open[2];
  EXPECT_EQ(approve.supplier_hotel.code, approve.item.hotel_code);
  EXPECT_EQ(approve.candidate.id, approve.item.master_id);
  EXPECT_GE(approve.item.score, MatchSettings{}.low);  // (>= high too, when the name alone is too far off)

  // approve → mapped to the candidate; the same again is the same answer; another decision conflicts.
  auto a = Must(svc().Decide(approve.item.id, ReviewDecision::kApprove, std::nullopt, "usr_alice"));
  EXPECT_EQ(a.item.status, ReviewStatus::kApproved);
  EXPECT_EQ(a.item.decided_by, "usr_alice");
  EXPECT_EQ(a.item.decided_master_id, approve.item.master_id);
  EXPECT_EQ(MasterOf(a.item.supplier_code, a.item.hotel_code), approve.item.master_id);
  EXPECT_EQ(KindOf(a.item.supplier_code, a.item.hotel_code), "review_approved");
  auto a2 = Must(svc().Decide(approve.item.id, ReviewDecision::kApprove, std::nullopt, "usr_bob"));
  EXPECT_EQ(a2.item.decided_by, "usr_alice");
  EXPECT_EQ(a2.item.decided_at, a.item.decided_at);
  EXPECT_EQ(CodeOf(svc().Decide(approve.item.id, ReviewDecision::kReject, std::nullopt, "usr_bob")), Errc::conflict);

  // reject → a master of its own, pinned "not this master".
  const auto masters_before = Count("master_hotels");
  auto r = Must(svc().Decide(reject.item.id, ReviewDecision::kReject, std::nullopt, "usr_alice"));
  EXPECT_EQ(r.item.status, ReviewStatus::kRejected);
  EXPECT_EQ(Count("master_hotels"), masters_before + 1);
  ASSERT_TRUE(r.item.decided_master_id);
  EXPECT_EQ(MasterOf(r.item.supplier_code, r.item.hotel_code), *r.item.decided_master_id);
  EXPECT_EQ(KindOf(r.item.supplier_code, r.item.hotel_code), "new_master");
  EXPECT_EQ(Must(svc().GetHotel(*r.item.decided_master_id)).master.content.name, reject.supplier_hotel.name);

  // remap → to a master of the reviewer's choice; unknown masters are refused.
  EXPECT_EQ(CodeOf(svc().Decide(remap.item.id, ReviewDecision::kRemap, NewId("htl"), "usr_alice")),
            Errc::validation_failed);
  const std::string target = approve.item.master_id;
  auto m = Must(svc().Decide(remap.item.id, ReviewDecision::kRemap, target, "usr_alice"));
  EXPECT_EQ(m.item.status, ReviewStatus::kRemapped);
  EXPECT_EQ(KindOf(m.item.supplier_code, m.item.hotel_code), "manual");
  EXPECT_EQ(MasterOf(m.item.supplier_code, m.item.hotel_code), target);
  EXPECT_TRUE(svc().Decide(remap.item.id, ReviewDecision::kRemap, target, "usr_bob"));
  EXPECT_EQ(CodeOf(svc().Decide(remap.item.id, ReviewDecision::kRemap, *r.item.decided_master_id, "usr_bob")),
            Errc::conflict);
  EXPECT_EQ(CodeOf(svc().Decide(NewId("mrv"), ReviewDecision::kApprove, std::nullopt, "usr_bob")), Errc::not_found);
  EXPECT_EQ(Count("mapping_pins"), 3);

  // Re-imports, with the decided hotels' content changed too, never re-decide them.
  const auto decided = Rows("SELECT supplier_code, hotel_code, master_id, kind, decided_by FROM hotel_mappings WHERE "
                            "decided_by = 'usr_alice'");
  ASSERT_EQ(decided.size(), 3u);
  for (int s = 0; s < 3; ++s) {
    auto records = Records(s);
    for (auto& rec : records) {
      for (const auto* d : {&approve, &reject, &remap}) {
        if (d->item.supplier_code == codes_[s] && d->item.hotel_code == rec.code) rec.name += " (renovated)";
      }
    }
    const ImportCounts c = Import(codes_[s], records);
    EXPECT_EQ(c.review + c.auto_mapped + c.new_masters + c.duplicates, 0) << codes_[s];
  }
  EXPECT_EQ(Rows("SELECT supplier_code, hotel_code, master_id, kind, decided_by FROM hotel_mappings WHERE "
                 "decided_by = 'usr_alice'"),
            decided);
  EXPECT_EQ(OpenReviews().size(), open.size() - 3);
  ReviewQuery rejected;
  rejected.status = ReviewStatus::kRejected;
  EXPECT_EQ(Must(svc().ListReviews(rejected)).items.size(), 1u);
}

TEST_P(CatalogContractTest, ADecisionCommittedWhileAnImportDecidesIsNeverUndone) {
  ImportAll();
  const auto open = OpenReviews(std::string("OTA"));
  ASSERT_FALSE(open.empty());
  const ReviewView& review = open[0];
  // The supplier now describes the hotel exactly as the candidate: alone, the import would
  // map it there automatically...
  auto records = Records(1);
  auto it = std::find_if(records.begin(), records.end(), [&](const HotelRecord& r) { return r.code == review.item.hotel_code; });
  ASSERT_NE(it, records.end());
  const std::string code = it->code;
  *it = review.candidate.content;
  it->code = code;
  // ...but a reviewer rejects the candidate while the import is deciding.
  int rounds = 0;
  std::optional<std::string> own_master;
  auto counts = ApplyContent(db(), "OTA", NewId("imp"), records, MatchSettings{}, clock_.Now(), [&] {
    if (rounds++ > 0) return;
    auto rejected = svc().Decide(review.item.id, ReviewDecision::kReject, std::nullopt, "usr_alice");
    ASSERT_TRUE(rejected);
    own_master = rejected->item.decided_master_id;
  });
  ASSERT_TRUE(counts) << counts.error().detail;
  EXPECT_EQ(rounds, 2);  // the first decisions were stale: decided again, on the new catalog
  ASSERT_TRUE(own_master);
  EXPECT_EQ(MasterOf("OTA", code), *own_master);
  EXPECT_EQ(KindOf("OTA", code), "new_master");
  EXPECT_EQ(counts->auto_mapped, 0);
  EXPECT_EQ(counts->pinned, 1);
  EXPECT_EQ(Must(svc().GetReview(review.item.id)).item.status, ReviewStatus::kRejected);
}

TEST_P(CatalogContractTest, ReviewListFiltersBySupplierAndPages) {
  ImportAll();
  const auto all = OpenReviews();
  ASSERT_GE(all.size(), 3u);
  std::set<std::string> seen;
  ReviewQuery q;
  q.limit = 2;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = Must(svc().ListReviews(q));
    for (const auto& v : page.items) EXPECT_TRUE(seen.insert(v.item.id).second) << "listed twice: " << v.item.id;
    if (!page.next_cursor) break;
    EXPECT_EQ(page.items.size(), 2u);
    q.after = page.next_cursor;
  }
  EXPECT_EQ(seen.size(), all.size());
  for (const auto& v : OpenReviews(std::string("RAPID"))) EXPECT_EQ(v.item.supplier_code, "RAPID");
  EXPECT_TRUE(OpenReviews(std::string("HBX")).empty());  // the first supplier seeds: nothing to review
}

TEST_P(CatalogContractTest, SearchFindsMastersByNameWordsCityAndCountry) {
  Import("HBX", Records(0));
  const auto& h = views_[0].hotels[5];
  const std::string id = MasterOf("HBX", h.code);
  const auto words = QueryTokens(h.name);
  ASSERT_FALSE(words.empty());
  MasterQuery q;
  q.tokens = words;
  q.limit = 200;
  auto found = Must(svc().SearchHotels(q)).items;
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const CatalogMaster& m) { return m.id == id; })) << h.name;
  for (const auto& m : found) {
    for (const auto& w : words) {
      const auto tokens = SearchTokensOf(m.content);
      EXPECT_TRUE(std::any_of(tokens.begin(), tokens.end(), [&](const std::string& t) { return t.rfind(w, 0) == 0; }))
          << m.content.name << " lacks " << w;
    }
  }
  // A prefix of a word finds it too; the city filter keeps only that city (any spelling).
  q.tokens = {words[0].substr(0, std::max<std::size_t>(3, words[0].size() - 2))};
  q.city_key = CityKey(h.city);
  q.country = h.country;
  found = Must(svc().SearchHotels(q)).items;
  EXPECT_TRUE(std::any_of(found.begin(), found.end(), [&](const CatalogMaster& m) { return m.id == id; }));
  for (const auto& m : found) EXPECT_EQ(CityKey(m.content.city), CityKey(h.city));
  q.country = h.country == "FR" ? "DE" : "FR";
  EXPECT_TRUE(Must(svc().SearchHotels(q)).items.empty());

  // Paging through a city covers each master once.
  MasterQuery city;
  city.city_key = CityKey(h.city);
  city.limit = 7;
  std::set<std::string> seen;
  for (int pages = 0; pages < 200; ++pages) {
    auto page = Must(svc().SearchHotels(city));
    for (const auto& m : page.items) EXPECT_TRUE(seen.insert(m.id).second);
    if (!page.next_cursor) break;
    city.after = page.next_cursor;
  }
  EXPECT_EQ(static_cast<std::int64_t>(seen.size()),
            Must("SELECT COUNT(*) FROM master_hotels WHERE city_key = $1", {ports::SqlValue(CityKey(h.city))})
                .rows[0]
                .GetInt(0));
  EXPECT_EQ(CodeOf(svc().GetHotel(NewId("htl"))), Errc::not_found);
}

TEST_P(CatalogContractTest, SearchStaysFastAtTwentyThousandMasters) {
  const auto big = world::GenerateWorld({.seed = 99, .hotels = 20000});
  std::vector<CatalogMaster> masters;
  const std::string now = FormatIso8601(clock_.Now());
  for (const auto& h : big.hotels) {
    const auto& city = big.cities[h.city];
    HotelRecord r{"W" + std::to_string(h.id), h.name, h.address, city.name, city.country, h.postcode, h.phone,
                  h.chain, h.lat, h.lon, h.stars};
    masters.push_back({NewId("htl"), std::move(r), "WORLD", now, now});
  }
  CatalogRepository repo(db().dialect());
  ASSERT_TRUE(db().Transaction([&](ports::SqlSession& s) { return repo.InsertMasters(s, masters); }));
  if (!IsSqlite()) Must("ANALYZE");
  const auto& sample = big.hotels[1234];
  MasterQuery queries[3];
  queries[0].tokens = QueryTokens(sample.name);
  queries[1].tokens = {QueryTokens(sample.name).front().substr(0, 3)};
  queries[1].city_key = CityKey(big.cities[sample.city].name);
  queries[2].city_key = CityKey(big.cities[sample.city].name);
  queries[2].country = big.cities[sample.city].country;
  for (const auto& q : queries) {
    const auto t0 = std::chrono::steady_clock::now();
    auto page = Must(svc().SearchHotels(q));
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    EXPECT_FALSE(page.items.empty());
    EXPECT_LT(ms.count(), 300) << "a search over 20k masters took " << ms.count() << " ms";  // sanitizers included
  }
}

TEST_P(CatalogContractTest, MappedHotelCodesAreTheSuppliersHotelsWithAMaster) {
  ImportAll();
  const auto codes = Must(svc().MappedHotelCodes("OTA"));
  const auto reviews = OpenReviews(std::string("OTA")).size();
  EXPECT_EQ(codes.size() + reviews, views_[1].hotels.size());
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
  EXPECT_TRUE(Must(svc().MappedHotelCodes("NOPE")).empty());
}

TEST_P(CatalogContractTest, OneImportJobPerSupplierAtATimeAndStaleJobsGiveWay) {
  ImportJobs jobs(db(), clock_);
  auto first = Must(jobs.Create("HBX", 100, "usr_a"));
  EXPECT_EQ(first.status, ImportStatus::kQueued);
  EXPECT_EQ(CodeOf(jobs.Create("HBX", 100, "usr_b")), Errc::conflict);
  EXPECT_TRUE(jobs.Create("OTA", 100, "usr_b"));  // another supplier: its own import
  ASSERT_TRUE(jobs.MarkRunning(first.id));
  ASSERT_TRUE(jobs.Progress(first.id, 1, 100, 250));
  auto running = Must(jobs.Get(first.id));
  EXPECT_EQ(running.status, ImportStatus::kRunning);
  EXPECT_EQ(running.hotels_fetched, 100);
  EXPECT_EQ(running.total, 250);
  EXPECT_EQ(CodeOf(jobs.Create("HBX", 100, "usr_b")), Errc::conflict);

  // A job silent for longer than kStaleImportAfter belongs to a dead process: it gives way.
  clock_.Advance(kStaleImportAfter + 1s);
  auto second = Must(jobs.Create("HBX", 100, "usr_b"));
  auto dead = Must(jobs.Get(first.id));
  EXPECT_EQ(dead.status, ImportStatus::kFailed);
  EXPECT_TRUE(dead.error && dead.error->find("abandoned") != std::string::npos);
  ASSERT_TRUE(jobs.MarkRunning(second.id));
  ImportCounts counts;
  counts.auto_mapped = 7;
  ASSERT_TRUE(jobs.Succeed(second.id, counts));
  EXPECT_EQ(Must(jobs.Get(second.id)).counts.auto_mapped, 7);
  auto third = Must(jobs.Create("HBX", 100, "usr_b"));
  auto listed = Must(jobs.List("HBX", 10, std::nullopt));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].id, third.id);  // latest first
  EXPECT_EQ(listed[2].id, first.id);
  EXPECT_EQ(Must(jobs.List("HBX", 10, listed[0].id)).size(), 2u);
  EXPECT_EQ(CodeOf(jobs.Get(NewId("imp"))), Errc::not_found);
}

// Issue 13: an import whose process is gone gives way at once to a new one.
TEST_P(CatalogContractTest, AnImportOfAGoneProcessGivesWayAtOnce) {
  const auto ms = [](Instant t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); };
  auto r = db().Execute("INSERT INTO process_instances (id, host, pid, started_at, heartbeat_at) VALUES ('ins_a', 'h', 1, 0, $1)",
                        std::vector<ports::SqlValue>{ms(clock_.Now())});
  ASSERT_TRUE(r) << r.error().detail;
  ImportJobs theirs(db(), clock_, {"ins_a", 10s});
  ImportJobs mine(db(), clock_, {"ins_b", 10s});
  auto first = Must(theirs.Create("HBX", 100, "usr_a"));
  ASSERT_TRUE(theirs.MarkRunning(first.id));
  EXPECT_EQ(CodeOf(mine.Create("HBX", 100, "usr_b")), Errc::conflict) << "ins_a is alive";
  clock_.Advance(11s);  // ins_a stopped beating long before kStaleImportAfter
  auto second = Must(mine.Create("HBX", 100, "usr_b"));
  auto dead = Must(theirs.Get(first.id));
  EXPECT_EQ(dead.status, ImportStatus::kFailed);
  EXPECT_EQ(dead.error, "abandoned: its process is gone");
  EXPECT_EQ(Must(mine.Get(second.id)).status, ImportStatus::kQueued);
}

TEST_P(CatalogContractTest, RunnerImportsInTheBackgroundShowingProgressOnePerSupplier) {
  auto directory = std::make_shared<FakeDirectory>();
  auto content = directory->Set("HBX", ToContent(views_[0]));
  content->hold = true;
  content->hold_after_pages = 1;
  runtime::Logger log("catalog-test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {}));
  runtime::MetricsRegistry metrics;
  runtime::BlockingPool pool(2);
  SystemClock clock;
  auto runner = std::make_shared<ImportRunner>(db(), clock, pool, log, metrics, directory, [] { return MatchSettings{}; },
                                               ImportOptions{});
  boost::asio::io_context io;
  auto work = boost::asio::make_work_guard(io);
  std::thread thread([&] { io.run(); });
  auto start = [&](const std::string& code) {
    return boost::asio::co_spawn(io, runner->Start(code, 100, "usr_ops", io.get_executor()), boost::asio::use_future)
        .get();
  };
  auto job = start("HBX");
  ASSERT_TRUE(job) << job.error().detail;
  auto wait_for = [&](auto pred) {
    for (int i = 0; i < 2000 && !pred(); ++i) std::this_thread::sleep_for(5ms);
    return pred();
  };
  EXPECT_TRUE(wait_for([&] { return Must(runner->jobs().Get(job->id)).hotels_fetched == 100; }));
  auto progress = Must(runner->jobs().Get(job->id));
  EXPECT_EQ(progress.status, ImportStatus::kRunning);
  EXPECT_EQ(progress.pages, 1);
  EXPECT_EQ(progress.total, static_cast<std::int64_t>(views_[0].hotels.size()));
  EXPECT_EQ(CodeOf(start("HBX")), Errc::conflict);
  EXPECT_EQ(CodeOf(start("NOPE")), Errc::not_found);

  content->hold = false;
  EXPECT_TRUE(wait_for([&] { return Must(runner->jobs().Get(job->id)).status != ImportStatus::kRunning; }));
  auto done = Must(runner->jobs().Get(job->id));
  EXPECT_EQ(done.status, ImportStatus::kSucceeded) << done.error.value_or("");
  EXPECT_EQ(done.hotels_fetched, static_cast<int>(views_[0].hotels.size()));
  EXPECT_EQ(done.pages, static_cast<int>((views_[0].hotels.size() + 99) / 100));
  EXPECT_EQ(done.counts.new_masters + done.counts.duplicates, static_cast<int>(views_[0].hotels.size()));
  EXPECT_TRUE(done.finished_at);

  // A supplier failing mid-import fails the job, naming the page and the error.
  content->fail = true;
  auto failing = start("HBX");
  ASSERT_TRUE(failing);
  EXPECT_TRUE(wait_for([&] { return Must(runner->jobs().Get(failing->id)).status == ImportStatus::kFailed; }));
  const auto failed = Must(runner->jobs().Get(failing->id));
  EXPECT_NE(failed.error.value_or("").find("page 1: upstream_unavailable"), std::string::npos) << *failed.error;
  work.reset();
  thread.join();
  pool.Join();
}

}  // namespace hotel::matching::testing

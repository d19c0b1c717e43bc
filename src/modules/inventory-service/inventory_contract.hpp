// Inventory over a real database (tests only): allotments, holds, their state machine, expiry,
// and no oversell under concurrent holds. One suite run on SQLite (inventory_test.cpp) and
// PostgreSQL (inventory_pgtest.cpp).
#pragma once

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "modules/inventory-service/service.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <map>
#include <set>
#include <thread>

namespace hotel::inventory::testing {

class InventoryContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    service_ = std::make_unique<InventoryService>(db(), clock_);
  }
  void TearDown() override {
    service_.reset();
    ScratchDatabaseTest::TearDown();
  }

  InventoryService& svc() { return *service_; }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }
  using ScratchDatabaseTest::Must;

  static Date D(std::string_view text) { return *ParseDate(text); }
  static Errc CodeOf(const auto& r) { return r ? Errc::internal : r.error().code; }

  HoldRequest Stay(std::string_view in, std::string_view out, int rooms,
                   std::optional<std::string> reference = std::nullopt) {
    HoldRequest r;
    r.hotel_id = hotel_;
    r.room_type = "DBL";
    r.check_in = D(in);
    r.check_out = D(out);
    r.rooms = rooms;
    r.ttl = std::chrono::seconds(600);
    r.reference = std::move(reference);
    return r;
  }
  // night -> {total, sold, held} of room type DBL.
  std::map<std::string, std::array<std::int64_t, 3>> Nights(std::string_view from, std::string_view to) {
    std::map<std::string, std::array<std::int64_t, 3>> out;
    for (const auto& n : Must(svc().ListAllotments(hotel_, std::string("DBL"), D(from), D(to)))) {
      out[n.night] = {n.total, n.sold, n.held};
    }
    return out;
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<InventoryService> service_;
  std::string hotel_ = NewId("htl");
};

TEST_P(InventoryContractTest, SetAllotmentLoadsEveryNightOfTheRangeInclusive) {
  auto nights = Must(svc().SetAllotment(hotel_, "DBL", D("2027-02-27"), D("2027-03-01"), 5));
  ASSERT_EQ(nights.size(), 3u);
  EXPECT_EQ(nights[0].night, "2027-02-27");
  EXPECT_EQ(nights[2].night, "2027-03-01");
  EXPECT_EQ(nights[1].total, 5);
  EXPECT_EQ(nights[1].Available(), 5);
  EXPECT_EQ(nights[1].updated_at, FormatIso8601(clock_.Now()));
  Must(svc().SetAllotment(hotel_, "TWN", D("2027-02-28"), D("2027-02-28"), 2));
  Must(svc().SetAllotment(NewId("htl"), "DBL", D("2027-02-28"), D("2027-02-28"), 9));
  auto all = Must(svc().ListAllotments(hotel_, std::nullopt, D("2027-02-01"), D("2027-03-31")));
  ASSERT_EQ(all.size(), 4u);  // DBL x3, then TWN
  EXPECT_EQ(all[3].room_type, "TWN");
  EXPECT_EQ(Nights("2027-02-28", "2027-02-28").size(), 1u);
}

TEST_P(InventoryContractTest, LoweringTotalBelowSoldPlusHeldIsAConflictNamingTheNightAndChangesNothing) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-05-01"), D("2027-05-05"), 4));
  auto hold = Must(svc().PlaceHold(Stay("2027-05-03", "2027-05-04", 3)));
  Must(svc().Confirm(hold.hold.id));
  Must(svc().PlaceHold(Stay("2027-05-03", "2027-05-04", 1)));
  auto lower = svc().SetAllotment(hotel_, "DBL", D("2027-05-01"), D("2027-05-05"), 3);
  ASSERT_EQ(CodeOf(lower), Errc::conflict);
  EXPECT_NE(lower.error().detail.find("2027-05-03"), std::string::npos) << lower.error().detail;
  auto nights = Nights("2027-05-01", "2027-05-05");
  for (const auto& [night, v] : nights) EXPECT_EQ(v[0], 4) << night;  // all or nothing
  EXPECT_EQ(nights["2027-05-03"], (std::array<std::int64_t, 3>{4, 3, 1}));
  // Raising is fine, and so is lowering exactly to sold + held.
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-05-03"), D("2027-05-03"), 4));
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-05-01"), D("2027-05-02"), 0));
}

TEST_P(InventoryContractTest, HoldTakesRoomsOnEveryNightOrOnNone) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-06-01"), D("2027-06-03"), 2));
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-06-02"), D("2027-06-02"), 1));
  auto short_night = svc().PlaceHold(Stay("2027-06-01", "2027-06-04", 2));
  ASSERT_EQ(CodeOf(short_night), Errc::sold_out);
  EXPECT_NE(short_night.error().detail.find("2027-06-02"), std::string::npos) << short_night.error().detail;
  for (const auto& [night, v] : Nights("2027-06-01", "2027-06-03")) EXPECT_EQ(v[2], 0) << night;
  // A night with no allotment loaded is sold out too.
  EXPECT_EQ(CodeOf(svc().PlaceHold(Stay("2027-06-03", "2027-06-05", 1))), Errc::sold_out);
  EXPECT_EQ(Nights("2027-06-03", "2027-06-03")["2027-06-03"][2], 0);

  auto ok = Must(svc().PlaceHold(Stay("2027-06-01", "2027-06-04", 1)));
  EXPECT_TRUE(ok.created);
  EXPECT_TRUE(IsId(ok.hold.id, "hld")) << ok.hold.id;
  EXPECT_EQ(ok.hold.status, HoldStatus::held);
  EXPECT_EQ(ok.hold.expires_at, FormatIso8601(clock_.Now() + std::chrono::seconds(600)));
  EXPECT_EQ(Nights("2027-06-01", "2027-06-03"),
            (std::map<std::string, std::array<std::int64_t, 3>>{{"2027-06-01", {2, 0, 1}},
                                                                 {"2027-06-02", {1, 0, 1}},
                                                                 {"2027-06-03", {2, 0, 1}}}));
  auto again = Must(svc().GetHold(ok.hold.id));
  EXPECT_EQ(again.check_in, "2027-06-01");
  EXPECT_EQ(again.check_out, "2027-06-04");
  EXPECT_EQ(again.expires_at, ok.hold.expires_at);
  EXPECT_EQ(again.created_at, ok.hold.created_at);
  EXPECT_EQ(CodeOf(svc().GetHold(NewId("hld"))), Errc::not_found);
}

TEST_P(InventoryContractTest, AvailabilityIsPerNightOfTheStayAndZeroWhereNothingIsLoaded) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-07-01"), D("2027-07-02"), 3));
  Must(svc().PlaceHold(Stay("2027-07-02", "2027-07-03", 2)));
  auto a = Must(svc().Availability(hotel_, "DBL", D("2027-06-30"), D("2027-07-04")));
  ASSERT_EQ(a.size(), 4u);
  EXPECT_EQ(a[0].night, "2027-06-30");
  EXPECT_EQ(a[0].available, 0);
  EXPECT_EQ(a[1].available, 3);
  EXPECT_EQ(a[2].available, 1);
  EXPECT_EQ(a[3].night, "2027-07-03");
  EXPECT_EQ(a[3].available, 0);
}

TEST_P(InventoryContractTest, RepeatingAReferenceAnswersTheSameHoldAndTakesRoomsOnce) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-08-01"), D("2027-08-02"), 5));
  auto first = Must(svc().PlaceHold(Stay("2027-08-01", "2027-08-03", 2, "ord_1")));
  auto second = Must(svc().PlaceHold(Stay("2027-08-01", "2027-08-03", 2, "ord_1")));
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.hold.id, first.hold.id);
  EXPECT_EQ(Nights("2027-08-01", "2027-08-01")["2027-08-01"][2], 2);
  EXPECT_EQ(CodeOf(svc().PlaceHold(Stay("2027-08-01", "2027-08-02", 2, "ord_1"))), Errc::conflict);
  // Holds without a reference are all distinct.
  auto a = Must(svc().PlaceHold(Stay("2027-08-01", "2027-08-02", 1)));
  auto b = Must(svc().PlaceHold(Stay("2027-08-01", "2027-08-02", 1)));
  EXPECT_NE(a.hold.id, b.hold.id);
  EXPECT_EQ(Nights("2027-08-01", "2027-08-01")["2027-08-01"][2], 4);
}

TEST_P(InventoryContractTest, ConfirmMovesHeldToSoldAndReleaseGivesRoomsBack) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-09-01"), D("2027-09-02"), 5));
  auto h = Must(svc().PlaceHold(Stay("2027-09-01", "2027-09-03", 2))).hold;
  auto confirmed = Must(svc().Confirm(h.id));
  EXPECT_EQ(confirmed.status, HoldStatus::confirmed);
  EXPECT_EQ(Nights("2027-09-01", "2027-09-02")["2027-09-02"], (std::array<std::int64_t, 3>{5, 2, 0}));
  // Confirming again answers the confirmed hold, without moving rooms twice.
  EXPECT_EQ(Must(svc().Confirm(h.id)).status, HoldStatus::confirmed);
  EXPECT_EQ(Nights("2027-09-01", "2027-09-02")["2027-09-02"], (std::array<std::int64_t, 3>{5, 2, 0}));
  // Releasing a confirmed hold (a cancelled booking) gives its sold rooms back.
  EXPECT_EQ(Must(svc().Release(h.id)).status, HoldStatus::released);
  EXPECT_EQ(Nights("2027-09-01", "2027-09-02")["2027-09-01"], (std::array<std::int64_t, 3>{5, 0, 0}));
  EXPECT_EQ(Must(svc().Release(h.id)).status, HoldStatus::released);  // idempotent
  EXPECT_EQ(Must(svc().GetHold(h.id)).status, HoldStatus::released);

  auto g = Must(svc().PlaceHold(Stay("2027-09-01", "2027-09-03", 3))).hold;
  Must(svc().Release(g.id));
  EXPECT_EQ(Nights("2027-09-01", "2027-09-02")["2027-09-02"], (std::array<std::int64_t, 3>{5, 0, 0}));
  auto confirm_after_release = svc().Confirm(g.id);
  EXPECT_EQ(CodeOf(confirm_after_release), Errc::conflict);
  EXPECT_EQ(CodeOf(svc().Confirm(NewId("hld"))), Errc::not_found);
  EXPECT_EQ(CodeOf(svc().Release(NewId("hld"))), Errc::not_found);
}

TEST_P(InventoryContractTest, ExpiryReturnsHeldRoomsOnceAndLeavesTheRestAlone) {
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-10-01"), D("2027-10-03"), 4));
  auto soon = Must(svc().PlaceHold(Stay("2027-10-01", "2027-10-04", 2))).hold;
  auto later_req = Stay("2027-10-01", "2027-10-02", 1);
  later_req.ttl = std::chrono::seconds(3600);
  auto later = Must(svc().PlaceHold(later_req)).hold;
  auto confirmed = Must(svc().PlaceHold(Stay("2027-10-02", "2027-10-03", 1))).hold;
  Must(svc().Confirm(confirmed.id));

  EXPECT_EQ(Must(svc().ExpireHolds(clock_.Now())), 0);
  clock_.Advance(std::chrono::seconds(600));  // exactly at expiry: expired
  // Past its expiry, a hold can no longer be confirmed, even before the sweep ran.
  EXPECT_EQ(CodeOf(svc().Confirm(soon.id)), Errc::conflict);
  EXPECT_EQ(Must(svc().ExpireHolds(clock_.Now())), 1);
  EXPECT_EQ(Must(svc().ExpireHolds(clock_.Now())), 0);  // idempotent
  EXPECT_EQ(Must(svc().GetHold(soon.id)).status, HoldStatus::expired);
  EXPECT_EQ(Must(svc().GetHold(later.id)).status, HoldStatus::held);
  EXPECT_EQ(Must(svc().GetHold(confirmed.id)).status, HoldStatus::confirmed);
  EXPECT_EQ(Nights("2027-10-01", "2027-10-03"),
            (std::map<std::string, std::array<std::int64_t, 3>>{{"2027-10-01", {4, 0, 1}},
                                                                 {"2027-10-02", {4, 1, 0}},
                                                                 {"2027-10-03", {4, 0, 0}}}));
  EXPECT_EQ(CodeOf(svc().Confirm(soon.id)), Errc::conflict);
  EXPECT_EQ(CodeOf(svc().Release(soon.id)), Errc::conflict);
  Must(svc().Confirm(later.id));  // still live
}

// The invariant: 16 threads race for the last rooms; exactly the available count wins.
TEST_P(InventoryContractTest, ConcurrentHoldsOnTheLastRoomsNeverOversell) {
  constexpr int kThreads = 16, kTotal = 5;
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-11-01"), D("2027-11-03"), kTotal));
  std::atomic<int> won{0}, sold_out{0}, other{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto r = svc().PlaceHold(Stay("2027-11-01", "2027-11-04", 1));
      if (r) ++won;
      else if (r.error().code == Errc::sold_out) ++sold_out;
      else ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won, kTotal);
  EXPECT_EQ(sold_out, kThreads - kTotal);
  EXPECT_EQ(other, 0);
  for (const auto& [night, v] : Nights("2027-11-01", "2027-11-03")) {
    EXPECT_EQ(v, (std::array<std::int64_t, 3>{kTotal, 0, kTotal})) << night;
  }
}

// Overlapping stays of several rooms, confirms and releases racing: per night, held and sold
// always equal what the successful holds say, and never exceed the total.
TEST_P(InventoryContractTest, ConcurrentOverlappingStaysKeepEveryNightConsistent) {
  constexpr int kThreads = 16, kTotal = 7;
  Must(svc().SetAllotment(hotel_, "DBL", D("2027-12-01"), D("2027-12-04"), kTotal));
  const std::vector<std::pair<std::string, std::string>> stays = {
      {"2027-12-01", "2027-12-03"}, {"2027-12-02", "2027-12-05"}, {"2027-12-03", "2027-12-04"},
      {"2027-12-01", "2027-12-05"}};
  std::mutex mu;
  std::vector<Hold> holds;
  std::atomic<int> errors{0}, sold_out{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      for (int round = 0; round < 3; ++round) {
        const auto& stay = stays[(i + round) % stays.size()];
        auto r = svc().PlaceHold(Stay(stay.first, stay.second, 1 + (i % 2)));
        if (!r) {
          if (r.error().code == Errc::sold_out) ++sold_out;
          else ++errors;
          continue;
        }
        Result<Hold> next = r->hold;
        if (i % 3 == 0) next = svc().Confirm(r->hold.id);
        if (i % 3 == 1 && round == 0) next = svc().Release(r->hold.id);
        if (!next) {
          ++errors;
          continue;
        }
        std::lock_guard lock(mu);
        holds.push_back(*next);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, 0);
  std::map<std::string, std::array<std::int64_t, 3>> expected;
  for (Date d = D("2027-12-01"); d <= D("2027-12-04"); d = d + 1) expected[FormatDate(d)] = {kTotal, 0, 0};
  for (const auto& h : holds) {
    for (Date d : NightsOf(D(h.check_in), D(h.check_out))) {
      if (h.status == HoldStatus::held) expected[FormatDate(d)][2] += h.rooms;
      if (h.status == HoldStatus::confirmed) expected[FormatDate(d)][1] += h.rooms;
    }
  }
  auto nights = Nights("2027-12-01", "2027-12-04");
  EXPECT_EQ(nights, expected);
  for (const auto& [night, v] : nights) EXPECT_LE(v[1] + v[2], v[0]) << night;
  // 48 attempts at 1-2 rooms against 7 per night: the last rooms were fought over.
  EXPECT_GT(sold_out, 0);
}

TEST_P(InventoryContractTest, ConcurrentHoldsWithOneReferenceMakeOneHold) {
  constexpr int kThreads = 8;
  Must(svc().SetAllotment(hotel_, "DBL", D("2028-01-01"), D("2028-01-01"), 5));
  std::mutex mu;
  std::set<std::string> ids;
  std::atomic<int> created{0}, errors{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto r = svc().PlaceHold(Stay("2028-01-01", "2028-01-02", 2, "ord_same"));
      if (!r) {
        ADD_FAILURE() << CodeName(r.error().code) << ": " << r.error().detail;
        ++errors;
        return;
      }
      if (r->created) ++created;
      std::lock_guard lock(mu);
      ids.insert(r->hold.id);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(Nights("2028-01-01", "2028-01-01")["2028-01-01"], (std::array<std::int64_t, 3>{5, 0, 2}));
}

TEST_P(InventoryContractTest, SeveralSweepersAndReleasesRacingExpireEachHoldOnce) {
  constexpr int kHolds = 12, kSweepers = 4;
  Must(svc().SetAllotment(hotel_, "DBL", D("2028-02-01"), D("2028-02-02"), kHolds));
  std::vector<std::string> ids;
  for (int i = 0; i < kHolds; ++i) ids.push_back(Must(svc().PlaceHold(Stay("2028-02-01", "2028-02-03", 1))).hold.id);
  clock_.Advance(std::chrono::seconds(601));
  std::atomic<int> expired{0}, released{0}, errors{0};
  std::latch start(kSweepers + 1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kSweepers; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      auto n = svc().ExpireHolds(clock_.Now());
      if (n) expired += *n;
      else ++errors;
    });
  }
  threads.emplace_back([&] {  // a release racing the sweep on the first holds
    start.arrive_and_wait();
    for (int i = 0; i < 3; ++i) {
      auto r = svc().Release(ids[static_cast<std::size_t>(i)]);
      if (r) ++released;
      else if (r.error().code != Errc::conflict) ++errors;  // lost to the sweep
    }
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(expired + released, kHolds);
  for (const auto& [night, v] : Nights("2028-02-01", "2028-02-02")) {
    EXPECT_EQ(v, (std::array<std::int64_t, 3>{kHolds, 0, 0})) << night;
  }
}

}  // namespace hotel::inventory::testing

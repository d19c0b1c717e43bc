// Suppliers over a real database (tests only): rows round-trip with sealed credentials (never
// plaintext in the table), codes are unique, updates bump the version, paging, the sync claim
// and the availability snapshot. One suite run on SQLite (supplier_store_test.cpp) and
// PostgreSQL (supplier_store_pgtest.cpp).
#pragma once

#include "core/clock.hpp"
#include "modules/supplier-adapter/service.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

namespace hotel::supplier_adapter::testing {

class SupplierStoreContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    service_ = std::make_unique<SupplierService>(db(), cipher_, clock_);
  }
  void TearDown() override {
    service_.reset();
    ScratchDatabaseTest::TearDown();
  }

  SupplierService& svc() { return *service_; }
  SupplierRepository& repo() { return svc().repository(); }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }
  void Must(const Result<void>& r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
  }
  using ScratchDatabaseTest::Must;

  static NewSupplier Hbx(std::string code = "HBX") {
    NewSupplier in;
    in.code = std::move(code);
    in.name = "Hotelbeds";
    in.protocol = "hbx-json";
    in.endpoint = "http://127.0.0.1:9101";
    in.currency = "EUR";
    in.api_key = "plain-api-key-7781";
    in.secret = "plain-secret-5512";
    in.timeouts.book_ms = 45000;
    return in;
  }

  CredentialsCipher cipher_{"contract-test-encryption-secret-32+chars"};
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<SupplierService> service_;
};

TEST_P(SupplierStoreContractTest, CreatedSupplierReadsBackWithSealedCredentials) {
  auto created = Must(svc().Create(Hbx()));
  EXPECT_EQ(created.id.substr(0, 4), "sup_");
  auto read = Must(svc().Get("HBX"));
  EXPECT_EQ(read.id, created.id);
  EXPECT_EQ(read.name, "Hotelbeds");
  EXPECT_EQ(read.protocol, "hbx-json");
  EXPECT_EQ(read.endpoint, "http://127.0.0.1:9101");
  EXPECT_EQ(read.currency, "EUR");
  EXPECT_TRUE(read.enabled);
  EXPECT_EQ(read.timeouts.book_ms, 45000);
  EXPECT_EQ(read.timeouts.search_ms, 10000);
  EXPECT_EQ(read.version, 1);
  EXPECT_EQ(read.created_at, "2027-01-15T08:00:00.000Z");
  ASSERT_TRUE(read.api_key_sealed && read.secret_sealed);
  EXPECT_EQ(Must(cipher_.Open(*read.api_key_sealed)), "plain-api-key-7781");
  EXPECT_EQ(Must(cipher_.Open(*read.secret_sealed)), "plain-secret-5512");
}

TEST_P(SupplierStoreContractTest, TheTableNeverHoldsCredentialsInClear) {
  Must(svc().Create(Hbx()));
  auto rows = Must("SELECT * FROM suppliers");
  ASSERT_EQ(rows.rows.size(), 1u);
  for (const auto& v : rows.rows[0].values) {
    if (!std::holds_alternative<std::string>(v)) continue;
    const auto& text = std::get<std::string>(v);
    EXPECT_EQ(text.find("plain-api-key"), std::string::npos) << text;
    EXPECT_EQ(text.find("plain-secret"), std::string::npos) << text;
  }
  // And the schema refuses anything not sealed.
  auto raw = db().Execute("UPDATE suppliers SET api_key_enc = 'plain-api-key'");
  EXPECT_FALSE(raw);
}

TEST_P(SupplierStoreContractTest, DuplicateCodeIsAConflict) {
  Must(svc().Create(Hbx()));
  auto again = svc().Create(Hbx());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  EXPECT_NE(again.error().detail.find("HBX"), std::string::npos);
}

TEST_P(SupplierStoreContractTest, UpdateChangesOnlyTheGivenFieldsAndBumpsTheVersion) {
  Must(svc().Create(Hbx()));
  clock_.Advance(std::chrono::seconds(5));
  SupplierPatch p;
  p.name = "Hotelbeds APItude";
  p.search_ms = 3000;
  p.secret = std::optional<std::string>{};  // removed
  p.api_key = std::optional<std::string>("rotated-key-0001");
  auto updated = Must(svc().Update("HBX", p));
  EXPECT_EQ(updated.version, 2);
  auto read = Must(svc().Get("HBX"));
  EXPECT_EQ(read.version, 2);
  EXPECT_EQ(read.name, "Hotelbeds APItude");
  EXPECT_EQ(read.timeouts.search_ms, 3000);
  EXPECT_EQ(read.timeouts.book_ms, 45000);
  EXPECT_EQ(read.endpoint, "http://127.0.0.1:9101");
  EXPECT_FALSE(read.secret_sealed);
  ASSERT_TRUE(read.api_key_sealed);
  EXPECT_EQ(Must(cipher_.Open(*read.api_key_sealed)), "rotated-key-0001");
  EXPECT_EQ(read.updated_at, "2027-01-15T08:00:05.000Z");
  EXPECT_EQ(read.created_at, "2027-01-15T08:00:00.000Z");

  auto missing = svc().Update("NOPE", p);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_P(SupplierStoreContractTest, AStaleVersionDoesNotOverwriteANewerRow) {
  auto s = Must(svc().Create(Hbx()));
  Must(svc().Update("HBX", SupplierPatch{.name = "Newer"}));
  s.name = "Stale";
  EXPECT_FALSE(Must(repo().Update(s)));
  EXPECT_EQ(Must(svc().Get("HBX")).name, "Newer");
}

TEST_P(SupplierStoreContractTest, EnableAndDisableBumpTheVersionOnlyOnChange) {
  Must(svc().Create(Hbx()));
  EXPECT_FALSE(Must(svc().SetEnabled("HBX", false)).enabled);
  EXPECT_EQ(Must(svc().Get("HBX")).version, 2);
  EXPECT_FALSE(Must(svc().SetEnabled("HBX", false)).enabled);
  EXPECT_EQ(Must(svc().Get("HBX")).version, 2);
  EXPECT_TRUE(Must(svc().SetEnabled("HBX", true)).enabled);
  EXPECT_EQ(Must(svc().Get("HBX")).version, 3);
}

TEST_P(SupplierStoreContractTest, ListPagesByCode) {
  for (const char* code : {"RPD", "HBX", "OTA", "DIDA", "ETG"}) Must(svc().Create(Hbx(code)));
  auto first = Must(svc().List({.limit = 2}));
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].code, "DIDA");
  EXPECT_EQ(first.items[1].code, "ETG");
  ASSERT_EQ(first.next_cursor, std::optional<std::string>("ETG"));
  auto second = Must(svc().List({.limit = 2, .cursor = first.next_cursor}));
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].code, "HBX");
  auto last = Must(svc().List({.limit = 2, .cursor = second.next_cursor}));
  ASSERT_EQ(last.items.size(), 1u);
  EXPECT_EQ(last.items[0].code, "RPD");
  EXPECT_FALSE(last.next_cursor);
  EXPECT_EQ(Must(repo().ListAll()).size(), 5u);
}

TEST_P(SupplierStoreContractTest, SyncClaimIsExclusiveUntilFinishedOrStale) {
  Must(svc().Create(Hbx()));
  EXPECT_FALSE(Must(repo().FindSyncState("HBX")));
  const std::string t0 = "2027-01-15T08:00:00.000Z", t1 = "2027-01-15T08:01:00.000Z";
  EXPECT_TRUE(Must(repo().ClaimSync("HBX", t0, "2027-01-15T07:30:00.000Z")));
  EXPECT_FALSE(Must(repo().ClaimSync("HBX", t1, "2027-01-15T07:31:00.000Z"))) << "a run holds it";
  auto running = Must(repo().FindSyncState("HBX"));
  ASSERT_TRUE(running);
  EXPECT_EQ(running->running_since, t0);
  EXPECT_EQ(running->last_started_at, t0);

  Must(repo().FinishSync("HBX", t1, SyncOutcome::kPartial, std::string("upstream_timeout"), 42));
  auto done = Must(repo().FindSyncState("HBX"));
  ASSERT_TRUE(done);
  EXPECT_FALSE(done->running_since);
  EXPECT_EQ(done->last_finished_at, t1);
  EXPECT_EQ(done->last_outcome, SyncOutcome::kPartial);
  EXPECT_EQ(done->last_error, "upstream_timeout");
  EXPECT_EQ(done->hotels_synced, 42);

  EXPECT_TRUE(Must(repo().ClaimSync("HBX", "2027-01-15T08:02:00.000Z", "2027-01-15T07:32:00.000Z")));
  // A claim older than the stale limit belongs to a dead run: taken over.
  EXPECT_TRUE(Must(repo().ClaimSync("HBX", "2027-01-15T09:00:00.000Z", "2027-01-15T08:30:00.000Z")));
}

// Issue 13: a sync claim names its process; another process takes it over as soon as that
// process is gone (no heartbeat after the bound), not after the 30-minute stale limit.
TEST_P(SupplierStoreContractTest, ASyncClaimOfAGoneProcessIsTakenOverAtOnce) {
  Must(svc().Create(Hbx()));
  Must(db().Execute("INSERT INTO process_instances (id, host, pid, started_at, heartbeat_at) "
                    "VALUES ('ins_a', 'h', 1, 1000, 5000), ('ins_b', 'h', 2, 1000, 5000)"));
  const std::string t0 = "2027-01-15T08:00:00.000Z", stale = "2027-01-15T07:30:00.000Z";
  EXPECT_TRUE(Must(repo().ClaimSync("HBX", t0, stale, {"ins_a", std::chrono::seconds(10)}, 4000)));
  EXPECT_FALSE(Must(repo().ClaimSync("HBX", t0, stale, {"ins_b", std::chrono::seconds(10)}, 4000)))
      << "ins_a beat at 5000, after the bound: alive";
  EXPECT_TRUE(Must(repo().ClaimSync("HBX", t0, stale, {"ins_b", std::chrono::seconds(10)}, 6000)))
      << "ins_a silent since 5000: gone";
  EXPECT_FALSE(Must(repo().ClaimSync("HBX", t0, stale, {"ins_a", std::chrono::seconds(10)}, 4000)));
}

TEST_P(SupplierStoreContractTest, ConcurrentClaimsLetExactlyOneRunStart) {
  Must(svc().Create(Hbx()));
  std::atomic<int> won{0};
  std::latch go(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      go.arrive_and_wait();
      auto r = repo().ClaimSync("HBX", "2027-01-15T08:00:00.000Z", "2027-01-15T07:30:00.000Z");
      if (r && *r) ++won;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(won.load(), 1);
}

TEST_P(SupplierStoreContractTest, AvailabilitySnapshotUpsertsAndForgetsThePast) {
  Must(svc().Create(Hbx()));
  const Date d1 = *ParseDate("2027-01-16"), d2 = *ParseDate("2027-01-22");
  Must(repo().UpsertAvailability({{"HBX", "H1", d1, 1, 12000, "EUR", 3, "2027-01-15T08:00:00.000Z"},
                                  {"HBX", "H2", d1, 1, std::nullopt, "", 0, "2027-01-15T08:00:00.000Z"},
                                  {"HBX", "H1", d2, 1, 15000, "EUR", 2, "2027-01-15T08:00:00.000Z"}}));
  Must(repo().UpsertAvailability({{"HBX", "H1", d1, 1, 11000, "EUR", 4, "2027-01-15T08:05:00.000Z"}}));
  auto rows = Must(repo().ListAvailability("HBX"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].hotel_code, "H1");
  EXPECT_EQ(rows[0].check_in, d1);
  EXPECT_EQ(rows[0].min_net_minor, 11000);
  EXPECT_EQ(rows[0].rate_count, 4);
  EXPECT_EQ(rows[0].synced_at, "2027-01-15T08:05:00.000Z");
  EXPECT_EQ(rows[2].hotel_code, "H2");
  EXPECT_FALSE(rows[2].min_net_minor);
  EXPECT_EQ(rows[2].currency, "");
  EXPECT_EQ(Must(repo().DeleteAvailabilityBefore("HBX", d2)), 2);
  EXPECT_EQ(Must(repo().ListAvailability("HBX")).size(), 1u);
}

}  // namespace hotel::supplier_adapter::testing

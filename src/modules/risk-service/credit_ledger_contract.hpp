// The credit ledger over a real database (tests only): accounts, idempotent deposits and
// adjustments, holds within what is available, capture/release/refund that move money once,
// the caller's rollback, and the same guarantees under 16 concurrent threads. One suite run on
// SQLite (credit_ledger_test.cpp, a file with several connections) and PostgreSQL
// (credit_ledger_pgtest.cpp, READ COMMITTED).
#pragma once

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "modules/risk-service/credit_ledger.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <latch>
#include <limits>
#include <optional>
#include <thread>

namespace hotel::credit::testing {

class CreditLedgerContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    ledger_.emplace(db().dialect(), clock_);
    AddTenant("tnt_dist", "tnt_platform", "distributor", "/tnt_platform/tnt_dist/");
    AddTenant("tnt_sub", "tnt_dist", "subagent", "/tnt_platform/tnt_dist/tnt_sub/");
    AddTenant("tnt_other", "tnt_platform", "distributor", "/tnt_platform/tnt_other/");
  }
  void TearDown() override {
    ledger_.reset();
    ScratchDatabaseTest::TearDown();
  }

  void AddTenant(const std::string& id, const std::string& parent, const std::string& kind, const std::string& path) {
    Must("INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at) "
         "VALUES ($1, $2, $3, $4, 'active', 'CNY', $5, $6, $6)",
         {id, parent, kind, "Tenant " + id, path, std::string("2027-01-01T00:00:00.000Z")});
  }

  CreditLedger& ledger() { return *ledger_; }

  // Runs `f(session)` in a transaction on `on` (default: the fixture's handle); commits when
  // it succeeds, rolls back when it fails; returns what it returned (or the commit's error).
  template <class F>
  auto Tx(F f, ports::Database* on = nullptr) -> decltype(f(std::declval<ports::SqlSession&>())) {
    using R = decltype(f(std::declval<ports::SqlSession&>()));
    std::optional<R> out;
    auto done = (on ? *on : db()).Transaction([&](ports::SqlSession& s) -> Result<void> {
      out.emplace(f(s));
      if (!*out) return out->error();
      return Ok();
    });
    if (!done && (!out || *out)) return done.error();
    return std::move(*out);
  }

  template <class T>
  T Ok_(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }

  Account Open(const std::string& tenant = "tnt_sub", std::int64_t limit = 0) {
    return Ok_(Tx([&](ports::SqlSession& s) { return ledger().OpenAccount(s, tenant, "CNY", limit, "usr_admin"); }));
  }
  Account Read(const std::string& id) {
    auto a = Ok_(Tx([&](ports::SqlSession& s) { return ledger().FindAccount(s, id); }));
    EXPECT_TRUE(a.has_value());
    return a.value_or(Account{});
  }
  Result<Hold> PlaceHold(std::int64_t amount, const std::string& order, ports::Database* on = nullptr) {
    return Tx([&](ports::SqlSession& s) { return ledger().PlaceHold(s, "tnt_sub", Money{amount, "CNY"}, order, "usr_a"); },
              on);
  }
  Result<std::vector<Hold>> Capture(const std::string& order, ports::Database* on = nullptr) {
    return Tx([&](ports::SqlSession& s) { return ledger().CaptureHolds(s, order, "system"); }, on);
  }
  Result<std::vector<Hold>> Release(const std::string& order) {
    return Tx([&](ports::SqlSession& s) { return ledger().ReleaseHolds(s, order, "system", "order failed"); });
  }
  Result<Entry> Refund(std::int64_t amount, const std::string& order, const std::string& ref,
                       ports::Database* on = nullptr) {
    return Tx([&](ports::SqlSession& s) {
      return ledger().Refund(s, order, "tnt_sub", Money{amount, "CNY"}, ref, "usr_a", "cancelled");
    }, on);
  }
  std::vector<Entry> EntriesOf(const std::string& account, int limit = 200) {
    return Ok_(Tx([&](ports::SqlSession& s) { return ledger().Entries(s, {account, limit, std::nullopt}); }));
  }
  std::int64_t CountWhere(const std::string& sql) { return Must(sql).rows.at(0).GetInt(0); }

  // Several handles on the one database, so that concurrent threads really use several
  // connections (on SQLite: several writers contending for the file lock).
  std::vector<std::unique_ptr<ports::Database>> Handles(int n) {
    std::vector<std::unique_ptr<ports::Database>> out;
    for (int i = 0; i < n; ++i) {
      ports::DatabaseOptions o;
      o.pool_size = 4;
      o.busy_timeout_ms = 20000;
      o.acquire_timeout_ms = 20000;
      o.max_attempts = 10;
      out.push_back(ScratchDatabaseTest::Open(o));
    }
    return out;
  }

  // Runs body(i, handle) on 16 threads released at once.
  template <class Body>
  void OnSixteenThreads(Body body) {
    auto handles = Handles(4);
    std::latch start(16);
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        body(i, handles[static_cast<std::size_t>(i) % handles.size()].get());
      });
    }
    for (auto& t : threads) t.join();
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::optional<CreditLedger> ledger_;
};

TEST_P(CreditLedgerContractTest, OpenedAccountReadsBackAndIsUniquePerTenantAndCurrency) {
  Account a = Open("tnt_sub", 100000);
  EXPECT_TRUE(IsId(a.id, "cra")) << a.id;
  EXPECT_EQ(a.tenant_id, "tnt_sub");
  EXPECT_EQ(a.currency, "CNY");
  EXPECT_EQ(a.limit_minor, 100000);
  EXPECT_EQ(a.balance_minor, 0);
  EXPECT_EQ(a.held_minor, 0);
  EXPECT_EQ(a.available_minor(), 100000);
  EXPECT_EQ(a.status, "active");
  EXPECT_EQ(a.created_at, "2027-01-15T08:00:00.000Z");

  auto found = Ok_(Tx([&](ports::SqlSession& s) { return ledger().FindAccountFor(s, "tnt_sub", "CNY"); }));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, a.id);
  auto none = Ok_(Tx([&](ports::SqlSession& s) { return ledger().FindAccountFor(s, "tnt_sub", "EUR"); }));
  EXPECT_FALSE(none);

  auto again = Tx([&](ports::SqlSession& s) { return ledger().OpenAccount(s, "tnt_sub", "CNY", 5, "usr_admin"); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict);
  auto eur = Tx([&](ports::SqlSession& s) { return ledger().OpenAccount(s, "tnt_sub", "EUR", 5, "usr_admin"); });
  EXPECT_TRUE(eur);
  auto bad = Tx([&](ports::SqlSession& s) { return ledger().OpenAccount(s, "tnt_sub", "cny", 5, "usr_admin"); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields.at(0).field, "currency");
}

TEST_P(CreditLedgerContractTest, LimitAndStatusChange) {
  Account a = Open("tnt_sub", 100000);
  clock_.Advance(std::chrono::minutes(1));
  auto changed = Ok_(Tx([&](ports::SqlSession& s) { return ledger().SetLimit(s, a.id, 250000, "usr_ops", "raise"); }));
  EXPECT_EQ(changed.limit_minor, 250000);
  EXPECT_EQ(changed.updated_at, "2027-01-15T08:01:00.000Z");
  auto entries = EntriesOf(a.id);
  ASSERT_EQ(entries.size(), 2u);  // newest first: the raise, then the opening limit
  EXPECT_EQ(entries[0].kind, EntryKind::kLimitChange);
  EXPECT_EQ(entries[0].amount_minor, 150000);
  EXPECT_EQ(entries[0].actor, "usr_ops");
  EXPECT_EQ(entries[0].note, "raise");
  EXPECT_EQ(entries[1].amount_minor, 100000);

  auto frozen = Ok_(Tx([&](ports::SqlSession& s) { return ledger().SetStatus(s, a.id, "frozen", "usr_ops"); }));
  EXPECT_EQ(frozen.status, "frozen");
  auto bad = Tx([&](ports::SqlSession& s) { return ledger().SetStatus(s, a.id, "closed", "usr_ops"); });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
  auto missing = Tx([&](ports::SqlSession& s) { return ledger().SetStatus(s, "cra_missing", "active", "usr_ops"); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
}

TEST_P(CreditLedgerContractTest, DepositAndAdjustmentAreIdempotentByReference) {
  Account a = Open();
  auto first = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 100000, "slip-1", "usr_f", "wire"); }));
  auto again = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 100000, "slip-1", "usr_f", "wire"); }));
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(first.balance_after, 100000);
  EXPECT_EQ(Read(a.id).balance_minor, 100000);

  auto adj = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -30000, "adj-1", "usr_f", "fee"); }));
  auto adj2 = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -30000, "adj-1", "usr_f", "fee"); }));
  EXPECT_EQ(adj.id, adj2.id);
  EXPECT_EQ(adj.balance_after, 70000);
  EXPECT_EQ(Read(a.id).balance_minor, 70000);
  // The same reference under another kind is another movement.
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, 5000, "slip-1", "usr_f", "bonus"); }));
  EXPECT_EQ(Read(a.id).balance_minor, 75000);

  auto zero = Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 0, "slip-2", "usr_f", ""); });
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().fields.at(0).field, "amount.amount");
  auto no_note = Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, 10, "", "usr_f", ""); });
  ASSERT_FALSE(no_note);
  EXPECT_EQ(no_note.error().fields.at(0).field, "note");
  auto missing = Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, "cra_missing", 5, "", "usr_f", ""); });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_EQ(EntriesOf(a.id).size(), 3u);
}

// Issue 14: every amount inside the one bound, the balance too, and nothing that refuses moves
// anything. Before the bound, two deposits of 2^62 answered balanceAfter 0 (wrapped), and the
// next read of `available` was a signed overflow.
TEST_P(CreditLedgerContractTest, AmountsAndTheBalanceStayInsideTheOneBound) {
  Account a = Open("tnt_sub", 10);
  const std::int64_t max = kMaxAmountMinor - 1;
  for (std::int64_t bad : {kMaxAmountMinor, std::int64_t{4611686018427387904}, std::numeric_limits<std::int64_t>::max(),
                           std::int64_t{9223372036854775797}}) {
    SCOPED_TRACE(bad);
    auto d = Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, bad, "", "usr_f", ""); });
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, Errc::validation_failed);
    auto adj = Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -bad, "", "usr_f", "x"); });
    ASSERT_FALSE(adj);
    EXPECT_EQ(adj.error().code, Errc::validation_failed);
    auto limit = Tx([&](ports::SqlSession& s) { return ledger().SetLimit(s, a.id, bad, "usr_f", "x"); });
    ASSERT_FALSE(limit);
    EXPECT_EQ(limit.error().code, Errc::validation_failed);
  }
  auto min_adj = Tx([&](ports::SqlSession& s) {
    return ledger().Adjust(s, a.id, std::numeric_limits<std::int64_t>::min(), "", "usr_f", "x");
  });
  EXPECT_FALSE(min_adj);
  // Up to the bound works; one more is refused and moves nothing.
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, max, "", "usr_f", ""); }));
  auto over = Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 1, "", "usr_f", ""); });
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, Errc::validation_failed);
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().SetLimit(s, a.id, max, "usr_f", "max"); }));
  Account after = Read(a.id);
  EXPECT_EQ(after.balance_minor, max);
  EXPECT_EQ(after.limit_minor, max);
  EXPECT_EQ(after.available_minor(), 2 * max);  // no overflow: both bounded
  // Down to the negative bound by adjustments, then no further.
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -max, "", "usr_f", "x"); }));
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -max, "", "usr_f", "x"); }));
  auto below = Tx([&](ports::SqlSession& s) { return ledger().Adjust(s, a.id, -10, "", "usr_f", "x"); });
  ASSERT_FALSE(below);
  EXPECT_EQ(Read(a.id).balance_minor, -max);
  // Every entry's after-figure equals the running sum of the accepted moves.
  std::int64_t balance = 0;
  auto entries = EntriesOf(a.id);
  std::reverse(entries.begin(), entries.end());
  for (const auto& e : entries) {
    if (e.kind == EntryKind::kDeposit || e.kind == EntryKind::kAdjustment) {
      balance += e.amount_minor;
      EXPECT_EQ(e.balance_after, balance);
    }
  }
  EXPECT_EQ(balance, -max);
  // A hold beyond the bound is refused before any SQL.
  auto hold = PlaceHold(kMaxAmountMinor, "ord_huge");
  ASSERT_FALSE(hold);
  EXPECT_EQ(hold.error().code, Errc::validation_failed);
}

// A row written by hand or by an older version with figures no write of this version makes:
// every read of it is an error naming the account, never an overflow (UBSan) or a wrapped sum.
TEST_P(CreditLedgerContractTest, AnAccountRowBeyondTheBoundsReadsAsAnErrorNotACrash) {
  Account a = Open("tnt_sub", 10);
  Must("UPDATE credit_accounts SET balance_minor = $1 WHERE id = $2",
       {std::int64_t{9223372036854775797}, a.id});
  auto one = Tx([&](ports::SqlSession& s) { return ledger().FindAccount(s, a.id); });
  ASSERT_FALSE(one);
  EXPECT_EQ(one.error().code, Errc::internal);
  EXPECT_NE(one.error().detail.find(a.id), std::string::npos);
  auto list = Tx([&](ports::SqlSession& s) { return ledger().ListAccounts(s, "", 50, std::nullopt); });
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().code, Errc::internal);
  auto hold = PlaceHold(100, "ord_poisoned");
  EXPECT_FALSE(hold);
  auto deposit = Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 1, "", "usr_f", ""); });
  EXPECT_FALSE(deposit);
  // Corrected by an operator, it reads again.
  Must("UPDATE credit_accounts SET balance_minor = 0 WHERE id = $1", {a.id});
  EXPECT_EQ(Read(a.id).available_minor(), 10);
}

TEST_P(CreditLedgerContractTest, HoldWithinAvailableIsPlacedAndBeyondIsRefusedMovingNothing) {
  Account a = Open("tnt_sub", 60000);
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 40000, "d1", "usr_f", ""); }));
  auto hold = Ok_(PlaceHold(70000, "ord_1"));
  EXPECT_EQ(hold.state, HoldState::kHeld);
  EXPECT_EQ(hold.account_id, a.id);
  EXPECT_EQ(hold.amount, (Money{70000, "CNY"}));
  EXPECT_EQ(Read(a.id).held_minor, 70000);
  EXPECT_EQ(Read(a.id).available_minor(), 30000);

  auto beyond = PlaceHold(30001, "ord_2");
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, Errc::credit_insufficient);
  EXPECT_NE(beyond.error().detail.find("300.00 CNY"), std::string::npos) << beyond.error().detail;
  EXPECT_EQ(Read(a.id).held_minor, 70000);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_holds WHERE order_id = 'ord_2'"), 0);

  // Exactly what is available fits.
  Ok_(PlaceHold(30000, "ord_3"));
  EXPECT_EQ(Read(a.id).available_minor(), 0);
  // The same order again returns the hold and holds nothing more.
  auto same = Ok_(PlaceHold(70000, "ord_1"));
  EXPECT_EQ(same.amount.minor, 70000);
  EXPECT_EQ(Read(a.id).held_minor, 100000);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'hold'"), 2);
}

TEST_P(CreditLedgerContractTest, FrozenOrMissingAccountRefusesHolds) {
  auto none = PlaceHold(100, "ord_1");
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, Errc::credit_insufficient);
  Account a = Open("tnt_sub", 100000);
  Ok_(Tx([&](ports::SqlSession& s) { return ledger().SetStatus(s, a.id, "frozen", "usr_ops"); }));
  auto frozen = PlaceHold(100, "ord_1");
  ASSERT_FALSE(frozen);
  EXPECT_EQ(frozen.error().code, Errc::credit_insufficient);
  EXPECT_NE(frozen.error().detail.find("frozen"), std::string::npos);
  EXPECT_EQ(Read(a.id).held_minor, 0);
}

TEST_P(CreditLedgerContractTest, CaptureChargesOnceAndReleaseAfterCaptureDoesNothing) {
  Account a = Open("tnt_sub", 100000);
  Ok_(PlaceHold(60000, "ord_1"));
  auto captured = Ok_(Capture("ord_1"));
  ASSERT_EQ(captured.size(), 1u);
  EXPECT_EQ(captured[0].state, HoldState::kCaptured);
  Account after = Read(a.id);
  EXPECT_EQ(after.balance_minor, -60000);
  EXPECT_EQ(after.held_minor, 0);
  EXPECT_EQ(after.available_minor(), 40000);

  Ok_(Capture("ord_1"));
  auto released = Ok_(Release("ord_1"));
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].state, HoldState::kCaptured);
  EXPECT_EQ(Read(a.id).balance_minor, -60000);
  EXPECT_EQ(Read(a.id).held_minor, 0);
  auto entries = EntriesOf(a.id);
  ASSERT_EQ(entries.size(), 3u);  // charge, hold, opening limit
  EXPECT_EQ(entries[0].kind, EntryKind::kCharge);
  EXPECT_EQ(entries[0].amount_minor, -60000);
  EXPECT_EQ(entries[0].balance_after, -60000);
  EXPECT_EQ(entries[0].held_after, 0);
  EXPECT_EQ(entries[0].order_id, "ord_1");
  EXPECT_EQ(entries[1].kind, EntryKind::kHold);
}

TEST_P(CreditLedgerContractTest, ReleaseGivesBackTheHoldOnce) {
  Account a = Open("tnt_sub", 100000);
  Ok_(PlaceHold(60000, "ord_1"));
  auto released = Ok_(Release("ord_1"));
  ASSERT_EQ(released.size(), 1u);
  EXPECT_EQ(released[0].state, HoldState::kReleased);
  Ok_(Release("ord_1"));
  Ok_(Capture("ord_1"));  // released stays released
  Account after = Read(a.id);
  EXPECT_EQ(after.held_minor, 0);
  EXPECT_EQ(after.balance_minor, 0);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'release'"), 1);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'charge'"), 0);
  EXPECT_TRUE(Ok_(Capture("ord_unknown")).empty());
}

TEST_P(CreditLedgerContractTest, RefundIsBoundedByTheChargeAndIdempotentByReference) {
  Account a = Open("tnt_sub", 100000);
  Ok_(PlaceHold(60000, "ord_1"));
  auto early = Refund(100, "ord_1", "rf-0");
  ASSERT_FALSE(early);  // nothing charged yet
  EXPECT_EQ(early.error().code, Errc::validation_failed);
  Ok_(Capture("ord_1"));

  auto r1 = Ok_(Refund(20000, "ord_1", "rf-1"));
  EXPECT_EQ(r1.kind, EntryKind::kRefund);
  EXPECT_EQ(r1.balance_after, -40000);
  auto r1again = Ok_(Refund(20000, "ord_1", "rf-1"));
  EXPECT_EQ(r1again.id, r1.id);
  EXPECT_EQ(Read(a.id).balance_minor, -40000);

  auto beyond = Refund(40001, "ord_1", "rf-2");
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code, Errc::validation_failed);
  ASSERT_EQ(beyond.error().fields.size(), 1u);
  EXPECT_EQ(beyond.error().fields[0].field, "refund.amount");
  EXPECT_NE(beyond.error().fields[0].message.find("400.00 CNY"), std::string::npos) << beyond.error().fields[0].message;
  EXPECT_EQ(Read(a.id).balance_minor, -40000);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE reference = 'rf-2'"), 0);

  Ok_(Refund(40000, "ord_1", "rf-3"));
  EXPECT_EQ(Read(a.id).balance_minor, 0);
  auto holds = Ok_(Tx([&](ports::SqlSession& s) { return ledger().HoldsOf(s, "ord_1"); }));
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].refunded_minor, 60000);
  auto more = Refund(1, "ord_1", "rf-4");
  ASSERT_FALSE(more);
  EXPECT_EQ(more.error().code, Errc::validation_failed);
}

TEST_P(CreditLedgerContractTest, CallersRollbackLeavesNothing) {
  Account a = Open("tnt_sub", 100000);
  auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto h = ledger().PlaceHold(s, "tnt_sub", Money{5000, "CNY"}, "ord_1", "usr_a");
    EXPECT_TRUE(h);
    auto d = ledger().Deposit(s, a.id, 7000, "slip-x", "usr_f", "");
    EXPECT_TRUE(d);
    auto c = ledger().CaptureHolds(s, "ord_1", "system");
    EXPECT_TRUE(c);
    return Error::Conflict("the order's state changed meanwhile");
  });
  ASSERT_FALSE(r);
  Account after = Read(a.id);
  EXPECT_EQ(after.balance_minor, 0);
  EXPECT_EQ(after.held_minor, 0);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_holds"), 0);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries"), 1);  // the opening limit only
  // The reference is free again: nothing of the rolled-back deposit remains.
  auto d = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, 7000, "slip-x", "usr_f", ""); }));
  EXPECT_EQ(d.balance_after, 7000);
}

TEST_P(CreditLedgerContractTest, AnOrdersHoldsOnSeveralTiersArePlacedTogetherOrNotAtAll) {
  Account sub = Open("tnt_sub", 10000);
  Account dist = Open("tnt_dist", 5000);
  using Request = CreditLedger::HoldRequest;
  const auto place = [&](std::int64_t sub_amount, std::int64_t dist_amount, const std::string& order) {
    return Tx([&](ports::SqlSession& s) {
      // The distributor's account is given (already looked up), the sub-agent's is found.
      return ledger().PlaceHolds(s, order,
                                 {Request{"tnt_sub", Money{sub_amount, "CNY"}, ""},
                                  Request{"tnt_dist", Money{dist_amount, "CNY"}, dist.id}},
                                 "usr_a");
    });
  };
  auto both = place(3000, 2800, "ord_1");
  ASSERT_TRUE(both) << both.error().detail;
  ASSERT_EQ(both->size(), 2u);
  // In account-id order (the lock order), each held and written down with its figures.
  EXPECT_LT((*both)[0].account_id, (*both)[1].account_id);
  for (const Hold& h : *both) EXPECT_EQ(h.state, HoldState::kHeld);
  EXPECT_EQ(Read(sub.id).held_minor, 3000);
  EXPECT_EQ(Read(dist.id).held_minor, 2800);
  auto entries = EntriesOf(dist.id);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].kind, EntryKind::kHold);
  EXPECT_EQ(entries[0].amount_minor, 2800);
  EXPECT_EQ(entries[0].held_after, 2800);
  EXPECT_EQ(entries[0].order_id, "ord_1");
  EXPECT_EQ(entries[0].created_at, "2027-01-15T08:00:00.000Z");
  // Again for the same order: the existing holds, nothing moved.
  auto again = place(3000, 2800, "ord_1");
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(Read(sub.id).held_minor, 3000);
  EXPECT_EQ(Read(dist.id).held_minor, 2800);
  // The distributor cannot cover the next order: the transaction rolls back, nothing is held
  // on either tier (the sub-agent's account could have covered its share).
  auto short_ = place(1000, 2201, "ord_2");
  ASSERT_FALSE(short_);
  EXPECT_EQ(short_.error().code, Errc::credit_insufficient);
  EXPECT_NE(short_.error().detail.find("22.00"), std::string::npos) << short_.error().detail;
  EXPECT_EQ(Read(sub.id).held_minor, 3000);
  EXPECT_EQ(Read(dist.id).held_minor, 2800);
  EXPECT_TRUE(Ok_(Tx([&](ports::SqlSession& s) { return ledger().HoldsOf(s, "ord_2"); })).empty());
  // Captured together, each account once.
  auto captured = Capture("ord_1");
  ASSERT_TRUE(captured) << captured.error().detail;
  ASSERT_EQ(captured->size(), 2u);
  for (const Hold& h : *captured) EXPECT_EQ(h.state, HoldState::kCaptured);
  EXPECT_EQ(Read(sub.id).balance_minor, -3000);
  EXPECT_EQ(Read(dist.id).balance_minor, -2800);
  EXPECT_EQ(Read(dist.id).held_minor, 0);
  auto charge = EntriesOf(dist.id).at(0);
  EXPECT_EQ(charge.kind, EntryKind::kCharge);
  EXPECT_EQ(charge.amount_minor, -2800);
  EXPECT_EQ(charge.balance_after, -2800);
  EXPECT_EQ(charge.held_after, 0);
  EXPECT_EQ(charge.actor, "system");
  auto twice = Capture("ord_1");
  ASSERT_TRUE(twice);
  EXPECT_EQ(Read(dist.id).balance_minor, -2800);
}

// The capture an order's confirmation sends with its commit, without reading the holds:
// the same effect as CaptureHolds, once however often it is sent.
TEST_P(CreditLedgerContractTest, ADeferredCaptureChargesEachTierOnce) {
  Account sub = Open("tnt_sub", 10000);
  Account dist = Open("tnt_dist", 5000);
  using Request = CreditLedger::HoldRequest;
  auto placed = Tx([&](ports::SqlSession& s) {
    return ledger().PlaceHolds(s, "ord_9", {Request{"tnt_sub", Money{3000, "CNY"}, sub.id}, Request{"tnt_dist", Money{2800, "CNY"}, dist.id}},
                               "usr_a");
  });
  ASSERT_TRUE(placed) << placed.error().detail;
  for (int i = 0; i < 2; ++i) {  // a repeat (a redelivered confirmation) charges nothing more
    auto captured = Tx([&](ports::SqlSession& s) -> Result<bool> {
      auto r = ledger().CaptureHoldsDeferred(s, "ord_9", {dist.id, sub.id}, "system");
      if (!r) return r.error();
      return true;
    });
    ASSERT_TRUE(captured) << captured.error().detail;
    EXPECT_EQ(Read(sub.id).balance_minor, -3000);
    EXPECT_EQ(Read(sub.id).held_minor, 0);
    EXPECT_EQ(Read(dist.id).balance_minor, -2800);
    EXPECT_EQ(Read(dist.id).held_minor, 0);
  }
  auto holds = Tx([&](ports::SqlSession& s) { return ledger().HoldsOf(s, "ord_9"); });
  ASSERT_TRUE(holds);
  for (const Hold& h : *holds) EXPECT_EQ(h.state, HoldState::kCaptured);
  auto entries = EntriesOf(sub.id);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries[0].kind, EntryKind::kCharge);
  EXPECT_EQ(entries[0].amount_minor, -3000);
  EXPECT_EQ(entries[0].balance_after, -3000);
}

TEST_P(CreditLedgerContractTest, EntriesAreListedNewestFirstWithACursor) {
  Account a = Open();
  for (int i = 1; i <= 5; ++i) {
    Ok_(Tx([&](ports::SqlSession& s) { return ledger().Deposit(s, a.id, i, "d" + std::to_string(i), "usr_f", ""); }));
  }
  auto page1 = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Entries(s, {a.id, 2, std::nullopt}); }));
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].reference, "d5");
  EXPECT_EQ(page1[1].reference, "d4");
  auto page2 = Ok_(Tx([&](ports::SqlSession& s) { return ledger().Entries(s, {a.id, 10, page1[1].id}); }));
  ASSERT_EQ(page2.size(), 3u);
  EXPECT_EQ(page2[0].reference, "d3");
  EXPECT_EQ(page2[2].reference, "d1");
}

TEST_P(CreditLedgerContractTest, AccountsAreListedBySubtreeAndFilters) {
  Account sub = Open("tnt_sub");
  Account dist = Open("tnt_dist");
  Account other = Open("tnt_other");
  auto all = Ok_(Tx([&](ports::SqlSession& s) { return ledger().ListAccounts(s, "", 50, std::nullopt); }));
  EXPECT_EQ(all.size(), 3u);
  auto tree = Ok_(Tx([&](ports::SqlSession& s) {
    return ledger().ListAccounts(s, "/tnt_platform/tnt_dist/", 50, std::nullopt);
  }));
  ASSERT_EQ(tree.size(), 2u);
  for (const auto& a : tree) EXPECT_NE(a.id, other.id);
  CreditLedger::AccountQuery q;
  q.tenant_path_prefix = "/tnt_platform/tnt_dist/";
  q.tenant_id = "tnt_sub";
  auto one = Ok_(Tx([&](ports::SqlSession& s) { return ledger().ListAccounts(s, q); }));
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].id, sub.id);
  auto page = Ok_(Tx([&](ports::SqlSession& s) { return ledger().ListAccounts(s, "", 1, std::nullopt); }));
  ASSERT_EQ(page.size(), 1u);
  auto rest = Ok_(Tx([&](ports::SqlSession& s) { return ledger().ListAccounts(s, "", 50, page[0].id); }));
  EXPECT_EQ(rest.size(), 2u);
  (void)dist;
}

TEST_P(CreditLedgerContractTest, ConcurrentHoldsNeverExceedWhatIsAvailable) {
  Account a = Open("tnt_sub", 10 * 7000);
  std::atomic<int> placed{0}, refused{0}, other{0};
  OnSixteenThreads([&](int i, ports::Database* h) {
    auto r = PlaceHold(7000, "ord_" + std::to_string(i), h);
    if (r) {
      ++placed;
    } else if (r.error().code == Errc::credit_insufficient) {
      ++refused;
    } else {
      ++other;
      ADD_FAILURE() << CodeName(r.error().code) << ": " << r.error().detail;
    }
  });
  EXPECT_EQ(placed.load(), 10);
  EXPECT_EQ(refused.load(), 6);
  EXPECT_EQ(other.load(), 0);
  Account after = Read(a.id);
  EXPECT_EQ(after.held_minor, 10 * 7000);
  EXPECT_GE(after.available_minor(), 0);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_holds"), 10);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'hold'"), 10);
}

TEST_P(CreditLedgerContractTest, ConcurrentCapturesOfOneOrderChargeOnce) {
  Account a = Open("tnt_sub", 100000);
  Ok_(PlaceHold(60000, "ord_1"));
  std::atomic<int> failed{0};
  OnSixteenThreads([&](int, ports::Database* h) {
    auto r = Capture("ord_1", h);
    if (!r) {
      ++failed;
      ADD_FAILURE() << CodeName(r.error().code) << ": " << r.error().detail;
    }
  });
  EXPECT_EQ(failed.load(), 0);
  Account after = Read(a.id);
  EXPECT_EQ(after.balance_minor, -60000);
  EXPECT_EQ(after.held_minor, 0);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'charge'"), 1);
}

TEST_P(CreditLedgerContractTest, ConcurrentRefundsWithOneReferenceRefundOnce) {
  Account a = Open("tnt_sub", 100000);
  Ok_(PlaceHold(60000, "ord_1"));
  Ok_(Capture("ord_1"));
  std::atomic<int> failed{0};
  OnSixteenThreads([&](int, ports::Database* h) {
    auto r = Refund(25000, "ord_1", "cancel-ord_1", h);
    if (!r) {
      ++failed;
      ADD_FAILURE() << CodeName(r.error().code) << ": " << r.error().detail;
    }
  });
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(Read(a.id).balance_minor, -35000);
  EXPECT_EQ(CountWhere("SELECT COUNT(*) FROM credit_entries WHERE kind = 'refund'"), 1);
}

}  // namespace hotel::credit::testing

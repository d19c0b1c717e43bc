// The ports::Database contract: one gtest suite that every adapter instantiates (tests only).
//
// Usage, in exactly one test file per adapter:
//   INSTANTIATE_TEST_SUITE_P(Sqlite, DatabaseContractTest,
//       ::testing::Values(ContractBackend{"File", MakeScratch, OpenSqliteDatabase}),
//       ContractBackendName);
#pragma once

#include "ports/database.hpp"
#include "ports/database_test_fixture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hotel::ports::testing {

class DatabaseContractTest : public ScratchDatabaseTest {};

TEST_P(DatabaseContractTest, PingSucceeds) { EXPECT_TRUE(db().Ping()); }

TEST_P(DatabaseContractTest, BoundParametersRoundTripWithTheirTypes) {
  Must("CREATE TABLE vals (id INTEGER PRIMARY KEY, i BIGINT, b BOOLEAN, d DOUBLE PRECISION, s TEXT)");
  const std::string injection = "x'); DROP TABLE vals; --";
  const std::string unicode = "Hôtel 酒店 🏨 \"quoted\" 'single' \\ back";
  const std::string big(200000, 'z');
  struct Case {
    std::int64_t i;
    bool b;
    double d;
    SqlValue s;
  };
  std::vector<Case> cases = {
      {std::numeric_limits<std::int64_t>::max(), true, 0.1, std::string(unicode)},
      {std::numeric_limits<std::int64_t>::min(), false, -1.7976931348623157e308, std::string(injection)},
      {0, true, 5e-324, SqlNull()},
      {-1, false, 123456789.125, std::string(big)},
      {7, true, 0.0, std::string("")},
  };
  for (std::size_t k = 0; k < cases.size(); ++k) {
    std::vector<SqlValue> params = {std::int64_t(k), cases[k].i, cases[k].b, cases[k].d, cases[k].s};
    auto r = Must("INSERT INTO vals (id, i, b, d, s) VALUES ($1, $2, $3, $4, $5)", params);
    EXPECT_EQ(r.affected_rows, 1);
  }
  auto rows = Must("SELECT id, i, b, d, s FROM vals ORDER BY id").rows;
  ASSERT_EQ(rows.size(), cases.size());
  for (std::size_t k = 0; k < cases.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_EQ(rows[k].values[1], SqlValue(cases[k].i));
    EXPECT_EQ(rows[k].values[2], SqlValue(cases[k].b));  // a bool, not 0/1, on both engines
    EXPECT_EQ(rows[k].values[3], SqlValue(cases[k].d));
    EXPECT_EQ(rows[k].values[4], cases[k].s);
  }
  EXPECT_EQ(Count("vals"), 5);  // the injection string was stored, not run
}

TEST_P(DatabaseContractTest, NullParameterBindsAsNull) {
  auto r = Must("SELECT CAST($1 AS BIGINT) IS NULL AS is_null", {SqlNull()});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_TRUE(r.rows[0].GetBool(0));
}

TEST_P(DatabaseContractTest, PlaceholdersInLiteralsIdentifiersAndCommentsAreUntouched) {
  auto r = Must("SELECT '$1' AS lit, 'it''s $2' AS quoted, $1 AS p /* $2 */ -- $3\n", {std::string("v")});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].GetString(r.Column("lit")), "$1");
  EXPECT_EQ(r.rows[0].GetString(r.Column("quoted")), "it's $2");
  EXPECT_EQ(r.rows[0].GetString(r.Column("p")), "v");
  auto named = Must("SELECT 1 AS \"$1\"");
  EXPECT_EQ(named.columns, std::vector<std::string>{"$1"});
}

TEST_P(DatabaseContractTest, PlaceholdersBindByNumberNotByPosition) {
  auto r = Must("SELECT $2 AS second, $1 AS first, $2 AS again", {std::string("a"), std::string("b")});
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0].GetString(0), "b");
  EXPECT_EQ(r.rows[0].GetString(1), "a");
  EXPECT_EQ(r.rows[0].GetString(2), "b");
}

TEST_P(DatabaseContractTest, AffectedRowsCountsOnlyChangedRows) {
  EXPECT_EQ(Must("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)").affected_rows, 0);
  EXPECT_EQ(Must("INSERT INTO t (id, v) VALUES (1, 10), (2, 10), (3, 30)").affected_rows, 3);
  EXPECT_EQ(Must("UPDATE t SET v = v + 1 WHERE v = $1", {std::int64_t{10}}).affected_rows, 2);
  EXPECT_EQ(Must("SELECT * FROM t").affected_rows, 0);
  EXPECT_EQ(Must("DELETE FROM t WHERE id = $1", {std::int64_t{99}}).affected_rows, 0);
  auto returning = Must("DELETE FROM t WHERE v = $1 RETURNING id", {std::int64_t{11}});
  EXPECT_EQ(returning.affected_rows, 2);
  EXPECT_EQ(returning.rows.size(), 2u);
}

TEST_P(DatabaseContractTest, TransactionCommitsEveryStatement) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  auto r = db().Transaction([](SqlSession& s) -> Result<void> {
    for (std::int64_t i = 1; i <= 3; ++i) {
      auto ins = s.Execute("INSERT INTO t (id, v) VALUES ($1, $2)", std::vector<SqlValue>{i, std::string("x")});
      if (!ins) return ins.error();
    }
    return s.ExecuteScript("UPDATE t SET v = 'y' WHERE id = 1; UPDATE t SET v = 'z' WHERE id = 2;");
  });
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(Count("t"), 3);
  EXPECT_EQ(Must("SELECT v FROM t WHERE id = 2").rows.at(0).GetString(0), "z");
}

TEST_P(DatabaseContractTest, TransactionRollsBackWhenBodyReturnsAnError) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  auto r = db().Transaction([](SqlSession& s) -> Result<void> {
    if (auto ins = s.Execute("INSERT INTO t (id) VALUES (1)"); !ins) return ins.error();
    return Error{Errc::sold_out, "no rooms left", {}};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::sold_out);  // the body's own error comes back unchanged
  EXPECT_EQ(r.error().detail, "no rooms left");
  EXPECT_EQ(Count("t"), 0);
}

TEST_P(DatabaseContractTest, TransactionRollsBackWhenAStatementFails) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Must("INSERT INTO t (id) VALUES (1)");
  auto r = db().Transaction([](SqlSession& s) -> Result<void> {
    if (auto ins = s.Execute("INSERT INTO t (id) VALUES (2)"); !ins) return ins.error();
    if (auto dup = s.Execute("INSERT INTO t (id) VALUES (1)"); !dup) return dup.error();
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict);
  EXPECT_EQ(Count("t"), 1);
  EXPECT_TRUE(db().Transaction([](SqlSession& s) -> Result<void> {  // the handle is still usable
    auto ins = s.Execute("INSERT INTO t (id) VALUES (3)");
    return ins ? Ok() : Result<void>(ins.error());
  }));
  EXPECT_EQ(Count("t"), 2);
}

// Deferred statements (SqlSession::Defer) run before the next statement that answers, in
// order, inside the transaction; a deferred failure fails the transaction whole.
TEST_P(DatabaseContractTest, DeferredStatementsRunInOrderBeforeTheNextAnswer) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  auto r = db().Transaction([](SqlSession& s) -> Result<void> {
    for (std::int64_t i = 1; i <= 3; ++i) {
      if (auto d = s.Defer("INSERT INTO t (id, v) VALUES ($1, $2)", std::vector<SqlValue>{i, std::string("d")}); !d) {
        return d;
      }
    }
    if (auto d = s.Defer("UPDATE t SET v = 'e' WHERE id = 2"); !d) return d;
    auto seen = s.Execute("SELECT COUNT(*), MAX(v) FROM t");
    if (!seen) return seen.error();
    if (seen->rows.at(0).GetInt(0) != 3 || seen->rows.at(0).GetString(1) != "e") return Error::Internal("not in order");
    // Deferred at the end: sent with the commit.
    return s.Defer("INSERT INTO t (id, v) VALUES (4, 'last')");
  });
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(Count("t"), 4);
  EXPECT_EQ(Must("SELECT v FROM t WHERE id = 2").rows.at(0).GetString(0), "e");
}

TEST_P(DatabaseContractTest, ADeferredFailureRollsTheTransactionBack) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  Must("INSERT INTO t (id) VALUES (1)");
  // Failing before a later statement: that statement fails.
  auto before = db().Transaction([](SqlSession& s) -> Result<void> {
    if (auto d = s.Defer("INSERT INTO t (id) VALUES (2)"); !d) return d;
    if (auto d = s.Defer("INSERT INTO t (id) VALUES (1)"); !d) return d;  // a duplicate
    auto later = s.Execute("INSERT INTO t (id) VALUES (3)");
    if (!later) return later.error();
    return {};
  });
  ASSERT_FALSE(before);
  EXPECT_EQ(before.error().code, Errc::conflict);
  // Failing at the commit: the commit fails.
  auto at_commit = db().Transaction([](SqlSession& s) -> Result<void> {
    if (auto ins = s.Execute("INSERT INTO t (id) VALUES (5)"); !ins) return ins.error();
    return s.Defer("INSERT INTO t (id) VALUES (1)");
  });
  ASSERT_FALSE(at_commit);
  EXPECT_EQ(at_commit.error().code, Errc::conflict);
  EXPECT_EQ(Count("t"), 1) << "nothing of either transaction stayed";
  EXPECT_TRUE(db().Transaction([](SqlSession& s) -> Result<void> { return s.Defer("INSERT INTO t (id) VALUES (6)"); }));
  EXPECT_EQ(Count("t"), 2) << "the handle is still usable";
}

// ExecuteAll: independent statements answered in order; the first failure fails the call.
TEST_P(DatabaseContractTest, ExecuteAllAnswersEachStatementInOrder) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
  auto r = db().Transaction([](SqlSession& s) -> Result<void> {
    for (int round = 0; round < 3; ++round) {  // the same shapes again: prepared on a later use
      const std::int64_t base = round * 10;
      const std::vector<SqlValue> a{base + 1, std::string("a")}, b{base + 2, std::string("b")};
      const std::vector<SqlValue> none;
      const std::vector<SqlValue> c{base};
      const Statement batch[] = {{"INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT DO NOTHING", a},
                                 {"INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT DO NOTHING", b},
                                 {"INSERT INTO t (id, v) VALUES ($1, $2) ON CONFLICT DO NOTHING", a},
                                 {"SELECT COUNT(*) FROM t WHERE id > $1", c}};
      auto all = s.ExecuteAll(batch);
      if (!all) return all.error();
      if (all->size() != 4) return Error::Internal("answers: " + std::to_string(all->size()));
      if ((*all)[0].affected_rows != 1 || (*all)[1].affected_rows != 1 || (*all)[2].affected_rows != 0) {
        return Error::Internal("affected rows out of order");
      }
      if ((*all)[3].rows.at(0).GetInt(0) != 2) return Error::Internal("the select ran before the inserts");
    }
    const Statement failing[] = {{"INSERT INTO t (id, v) VALUES (100, 'x')", {}},
                                 {"INSERT INTO t (id, v) VALUES (1, 'dup')", {}},
                                 {"INSERT INTO t (id, v) VALUES (101, 'never')", {}}};
    auto failed = s.ExecuteAll(failing);
    if (failed) return Error::Internal("a duplicate in a batch succeeded");
    return failed.error();
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::conflict) << r.error().detail;
  EXPECT_EQ(Count("t"), 0) << "rolled back whole";
}

TEST_P(DatabaseContractTest, UniqueAndPrimaryKeyViolationsAreConflicts) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)");
  Must("INSERT INTO t (id, name) VALUES (1, 'a')");
  auto dup_name = db().Execute("INSERT INTO t (id, name) VALUES ($1, $2)",
                               std::vector<SqlValue>{std::int64_t{2}, std::string("a")});
  ASSERT_FALSE(dup_name);
  EXPECT_EQ(dup_name.error().code, Errc::conflict);
  auto dup_id = db().Execute("INSERT INTO t (id, name) VALUES (1, 'b')");
  ASSERT_FALSE(dup_id);
  EXPECT_EQ(dup_id.error().code, Errc::conflict);
}

TEST_P(DatabaseContractTest, ErrorsNeverContainBoundValues) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY, secret TEXT UNIQUE CHECK (length(secret) < 20))");
  const std::string secret = "card-4111111111111111";
  Must("INSERT INTO t (id, secret) VALUES (1, $1)", {std::string("short")});
  auto too_long = db().Execute("INSERT INTO t (id, secret) VALUES (2, $1)", std::vector<SqlValue>{secret});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().detail.find("4111"), std::string::npos) << too_long.error().detail;
  auto dup = db().Execute("INSERT INTO t (id, secret) VALUES (3, $1)", std::vector<SqlValue>{std::string("short")});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().detail.find("short"), std::string::npos) << dup.error().detail;
}

TEST_P(DatabaseContractTest, BadSqlIsAnInternalErrorNotACrash) {
  auto syntax = db().Execute("SELEC 1");
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().code, Errc::internal);
  auto missing_param = db().Execute("SELECT $1 AS x");
  ASSERT_FALSE(missing_param);
  EXPECT_EQ(missing_param.error().code, Errc::internal);
  auto no_table = db().Execute("SELECT * FROM no_such_table");
  ASSERT_FALSE(no_table);
  EXPECT_TRUE(db().Ping());
}

TEST_P(DatabaseContractTest, ConcurrentTransactionsFromEightThreadsCountExactly) {
  Must("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)");
  Must("CREATE TABLE increments (thread_no INTEGER NOT NULL, i INTEGER NOT NULL, PRIMARY KEY (thread_no, i))");
  Must("INSERT INTO counter (id, n) VALUES (1, 0)");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> failures{0};
  std::string first_error;
  std::mutex error_mutex;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = db().Transaction([&](SqlSession& s) -> Result<void> {
          auto up = s.Execute("UPDATE counter SET n = n + 1 WHERE id = 1");
          if (!up) return up.error();
          auto ins = s.Execute("INSERT INTO increments (thread_no, i) VALUES ($1, $2)",
                               std::vector<SqlValue>{std::int64_t{t}, std::int64_t{i}});
          return ins ? Ok() : Result<void>(ins.error());
        });
        if (!r) {
          ++failures;
          std::lock_guard lock(error_mutex);
          if (first_error.empty()) first_error = std::string(CodeName(r.error().code)) + ": " + r.error().detail;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0) << first_error;
  EXPECT_EQ(Must("SELECT n FROM counter WHERE id = 1").rows.at(0).GetInt(0), kThreads * kPerThread);
  EXPECT_EQ(Count("increments"), kThreads * kPerThread);
}

TEST_P(DatabaseContractTest, ConcurrentReadsAndWritesOutsideTransactionsAllSucceed) {
  Must("CREATE TABLE events (id INTEGER PRIMARY KEY, who INTEGER NOT NULL)");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        bool ok = t % 2 == 0
                      ? bool(db().Execute("INSERT INTO events (id, who) VALUES ($1, $2)",
                                          std::vector<SqlValue>{std::int64_t{t * 1000 + i}, std::int64_t{t}}))
                      : bool(db().Execute("SELECT COUNT(*) FROM events WHERE who >= $1",
                                          std::vector<SqlValue>{std::int64_t{0}}));
        if (!ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("events"), kThreads / 2 * kPerThread);
}

TEST_P(DatabaseContractTest, WritesAreVisibleToTheNextReadFromAnyThread) {
  Must("CREATE TABLE t (id INTEGER PRIMARY KEY)");
  for (std::int64_t i = 1; i <= 20; ++i) {
    Must("INSERT INTO t (id) VALUES ($1)", {i});
    std::int64_t seen = -1;
    std::thread([&] { seen = Count("t"); }).join();
    ASSERT_EQ(seen, i);
  }
}

}  // namespace hotel::ports::testing

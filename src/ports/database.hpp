// The database port: SQL with bound parameters over SQLite (embedded) or PostgreSQL.
// Calls block; async code runs them on runtime::BlockingPool, never on the I/O threads.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace hotel::ports {

// A bound parameter or a column value. NULL is std::monostate. Booleans are stored as
// 0/1 on SQLite; the accessors below read either form. Money is never a double.
using SqlValue = std::variant<std::monostate, bool, std::int64_t, double, std::string>;

inline SqlValue SqlNull() { return std::monostate{}; }

struct SqlRow {
  std::vector<SqlValue> values;

  bool IsNull(std::size_t i) const;
  std::int64_t GetInt(std::size_t i) const;       // integer, bool, or a numeric string
  bool GetBool(std::size_t i) const;              // bool, 0/1 integer, or 't'/'f' text
  double GetDouble(std::size_t i) const;          // float or integer
  std::string GetString(std::size_t i) const;     // text (integers/floats are formatted)
  std::optional<std::string> GetOptString(std::size_t i) const;
  std::optional<std::int64_t> GetOptInt(std::size_t i) const;
  std::optional<bool> GetOptBool(std::size_t i) const;
  std::optional<double> GetOptDouble(std::size_t i) const;
};

struct SqlResult {
  std::vector<std::string> columns;
  std::vector<SqlRow> rows;
  std::int64_t affected_rows = 0;  // for INSERT/UPDATE/DELETE

  std::size_t Column(std::string_view name) const;  // index of a column; asserts it exists
};

enum class Dialect { sqlite, postgres };

// One statement of a batch (SqlSession::ExecuteAll).
struct Statement {
  std::string_view sql;
  std::span<const SqlValue> params;
};

// Placeholders are `$1`, `$2`, ... in both dialects (the SQLite adapter maps them to ?NNN).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params = {}) = 0;
  // Several statements, no parameters (migrations and test fixtures only).
  virtual Result<void> ExecuteScript(std::string_view sql) = 0;
  // A statement whose answer nobody reads (an insert of a transition row, of an event): it
  // may be sent later, together with the next statement that needs an answer or with the
  // commit — PostgreSQL sends them in one round trip (a pipeline). Its failure then fails that
  // statement, or the commit, and the transaction rolls back whole either way. Default: now.
  virtual Result<void> Defer(std::string_view sql, std::span<const SqlValue> params = {}) {
    auto r = Execute(sql, params);
    if (!r) return r.error();
    return {};
  }
  // After the commit, before Transaction() returns: wait until the log is on disk (with a
  // relaxed commit: ReleaseLocksBeforeFlush). Default: nothing (the commit waited itself).
  virtual void AwaitDurableAfterCommit() {}
  // Statements that do not depend on each other's answers, run in order and answered in order
  // — PostgreSQL sends them in one round trip. The first failure fails the call (the later
  // statements do not run). Default: one after the other.
  virtual Result<std::vector<SqlResult>> ExecuteAll(std::span<const Statement> statements) {
    std::vector<SqlResult> out;
    out.reserve(statements.size());
    for (const auto& st : statements) {
      auto r = Execute(st.sql, st.params);
      if (!r) return r.error();
      out.push_back(std::move(*r));
    }
    return out;
  }
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;

  // One statement in its own (auto-committed) transaction.
  virtual Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params = {}) = 0;

  // Runs `body` in a transaction: commits when it returns success, rolls back when it returns
  // an error. On PostgreSQL a serialization failure or deadlock (40001, 40P01) re-runs `body`
  // (up to `max_attempts` times), so `body` must not have side effects outside the session.
  // Isolation is each engine's default: SQLite transactions are serializable (one writer);
  // PostgreSQL's are READ COMMITTED, so read-modify-write must be one guarded statement
  // (`SET n = n + $1`, `... WHERE balance >= $1`), which is correct on both engines.
  // `body` must use the session, not this Database (that would wait on itself on SQLite).
  virtual Result<void> Transaction(const std::function<Result<void>(SqlSession&)>& body) = 0;

  // Cheap round trip used by /ready. Fails (upstream_unavailable) when the server is down.
  virtual Result<void> Ping() = 0;

  // The URL with the password removed, for logs and /ready.
  virtual std::string Describe() const = 0;
};

// A SqlSession whose statements each run on their own (auto-committed) on `db`: for code that
// takes a session but has one read to make, without a transaction's extra round trips.
class AutoCommitSession final : public SqlSession {
 public:
  explicit AutoCommitSession(Database& db) : db_(db) {}
  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params = {}) override {
    return db_.Execute(sql, params);
  }
  Result<void> ExecuteScript(std::string_view) override { return Error::Internal("scripts run only in a transaction"); }

 private:
  Database& db_;
};

struct DatabaseOptions {
  std::string url;                // sqlite:///path/to.db | sqlite::memory: | postgresql://...
  int pool_size = 10;             // PostgreSQL connections; SQLite uses one writer + readers
  int connect_timeout_ms = 5000;
  int acquire_timeout_ms = 5000;  // waiting for a free pooled connection
  int busy_timeout_ms = 5000;     // SQLite lock wait
  int max_attempts = 3;           // serialization-failure retries in Transaction()
  // false: commits do not wait for the log to reach disk (PostgreSQL synchronous_commit=off
  // for every connection of this pool). For a second pool of writes whose loss in a crash the
  // platform tolerates (RelaxCommit below says which). SQLite ignores it.
  bool durable_commits = true;
};

// Inside a transaction: its row locks are released before the disk flush, and Transaction()
// still returns only once the commit is durable (PostgreSQL: a relaxed commit, then a
// durability wait in the same round trip; SQLite: nothing to do). For transactions that lock
// rows every other one needs (a tenant's credit accounts), whose commit must be durable
// before anything outside the database hears of it.
Result<void> ReleaseLocksBeforeFlush(SqlSession& session, Dialect dialect);

// Inside a transaction (first statement): its commit does not wait for the log to reach disk
// (PostgreSQL: SET LOCAL synchronous_commit TO off; SQLite never waits in WAL mode with
// synchronous=NORMAL). A crash within a fraction of a second may lose the transaction whole —
// never part of it — and a later commit that waits (any durable transaction
// of any session) makes it durable too: the log is written in order. Only for writes the
// platform re-derives when they are lost (an order the supplier confirmed: a restart finds the
// booking again). For rows others wait on whose commit must still be durable:
// ReleaseLocksBeforeFlush.
Result<void> RelaxCommit(SqlSession& session, Dialect dialect);
// Opens the adapter the URL names. Never fails because a server is down: a dead PostgreSQL
// makes calls fail with upstream_unavailable (and /ready say so) until it comes back.
// Fails only for a malformed or unsupported URL (validation_failed).
Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options);

}  // namespace hotel::ports

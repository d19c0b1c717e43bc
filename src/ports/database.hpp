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

// Placeholders are `$1`, `$2`, ... in both dialects (the SQLite adapter maps them to ?NNN).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  virtual Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params = {}) = 0;
  // Several statements, no parameters (migrations and test fixtures only).
  virtual Result<void> ExecuteScript(std::string_view sql) = 0;
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

struct DatabaseOptions {
  std::string url;                // sqlite:///path/to.db | sqlite::memory: | postgresql://...
  int pool_size = 10;             // PostgreSQL connections; SQLite uses one writer + readers
  int connect_timeout_ms = 5000;
  int acquire_timeout_ms = 5000;  // waiting for a free pooled connection
  int busy_timeout_ms = 5000;     // SQLite lock wait
  int max_attempts = 3;           // serialization-failure retries in Transaction()
};

// Opens the adapter the URL names. Never fails because a server is down: a dead PostgreSQL
// makes calls fail with upstream_unavailable (and /ready say so) until it comes back.
// Fails only for a malformed or unsupported URL (validation_failed).
Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options);

}  // namespace hotel::ports

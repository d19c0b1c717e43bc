// Versioned schema migrations (migrations/<dialect>/NNN_name.{up,down}.sql, embedded in the
// binary at build time), each applied in one transaction together with its version row.
#pragma once

#include "core/error.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::storage {

struct Migration {
  int version = 0;
  std::string name;      // "config_center" for 001_config_center.up.sql
  std::string up_sql;    // several statements; run with SqlSession::ExecuteScript
  std::string down_sql;  // must exist; a deliberate no-op down holds just a comment
};

struct MigrationStatus {
  int version = 0;
  std::string name;
  bool applied = false;
  std::optional<std::string> applied_at;  // UTC, "2026-01-31T12:00:00.000Z"
  bool known = true;  // false: recorded in the database but not in this binary (a newer one ran)
};

// The migrations built into this binary for `dialect`, ordered by version.
std::vector<Migration> EmbeddedMigrations(ports::Dialect dialect);

// Rejects duplicate or non-positive versions, empty names, empty up or down scripts.
Result<void> ValidateMigrations(const std::vector<Migration>& migrations);

// Applies and rolls back `migrations` on `db`, recording them in schema_migrations(version,
// name, applied_at). On PostgreSQL each step holds pg_advisory_xact_lock, and re-checks the
// version under it, so processes migrating at once apply every migration exactly once.
class Migrator {
 public:
  Migrator(ports::Database& db, std::vector<Migration> migrations);

  // Applies pending migrations in version order (all, or the first `steps`). Returns the
  // versions applied. Stops at the first failure, which leaves that migration unapplied
  // (its schema changes rolled back with it); the ones before it stay applied.
  Result<std::vector<int>> Up(std::optional<int> steps = {});

  // Rolls back the `steps` most recently applied versions, newest first. Returns them.
  // Nothing applied is not an error (empty result).
  Result<std::vector<int>> Down(int steps = 1);

  // Every known migration and every applied one, by version.
  Result<std::vector<MigrationStatus>> Status();

 private:
  struct Applied {
    int version;
    std::string name;
    std::string applied_at;
  };
  Result<void> EnsureVersionTable();
  Result<bool> VersionTableExists();
  Result<std::vector<Applied>> AppliedVersions();
  // Runs `script` and records (or erases) `m` in one transaction; false if someone else did.
  Result<bool> Step(const Migration& m, bool up);
  Result<void> Lock(ports::SqlSession& session);

  ports::Database& db_;
  std::vector<Migration> migrations_;  // sorted by version
};

}  // namespace hotel::storage

// Migrator: one transaction per migration (script + schema_migrations row), locked on PostgreSQL.
#include "storage/migrator.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace hotel::storage {
namespace {

using ports::Dialect;
using ports::SqlValue;

// pg_advisory_xact_lock key shared by every `hotel` process: ASCII "hotelmig".
constexpr std::int64_t kMigrationLockKey = 0x686f74656c6d6967;

Error Invalid(std::string detail) { return Error{Errc::validation_failed, std::move(detail), {}}; }

std::string Label(const Migration& m) { return std::to_string(m.version) + "_" + m.name; }

bool IsBlank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

std::string CreateVersionTableSql(Dialect dialect) {
  if (dialect == Dialect::postgres) {
    return "CREATE TABLE IF NOT EXISTS schema_migrations ("
           " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
           " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";
  }
  return "CREATE TABLE IF NOT EXISTS schema_migrations ("
         " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
         " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";
}

// applied_at in the same ISO 8601 UTC form on both engines.
std::string SelectAppliedSql(Dialect dialect) {
  if (dialect == Dialect::postgres) {
    return "SELECT version, name,"
           " to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
           " FROM schema_migrations ORDER BY version";
  }
  return "SELECT version, name, applied_at FROM schema_migrations ORDER BY version";
}

}  // namespace

Result<void> ValidateMigrations(const std::vector<Migration>& migrations) {
  std::map<int, const Migration*> seen;
  for (const auto& m : migrations) {
    if (m.version <= 0) return Invalid("migration " + Label(m) + ": version must be a positive number");
    if (m.name.empty()) return Invalid("migration " + std::to_string(m.version) + " has no name");
    if (auto [it, inserted] = seen.emplace(m.version, &m); !inserted) {
      return Invalid("migration version " + std::to_string(m.version) + " is defined twice (" + Label(*it->second) +
                     ", " + Label(m) + ")");
    }
    if (IsBlank(m.up_sql)) return Invalid("migration " + Label(m) + " has an empty up script");
    if (IsBlank(m.down_sql)) return Invalid("migration " + Label(m) + " has no down script");
  }
  return {};
}

Migrator::Migrator(ports::Database& db, std::vector<Migration> migrations)
    : db_(db), migrations_(std::move(migrations)) {
  std::stable_sort(migrations_.begin(), migrations_.end(),
                   [](const Migration& a, const Migration& b) { return a.version < b.version; });
}

Result<void> Migrator::Lock(ports::SqlSession& session) {
  if (db_.dialect() != Dialect::postgres) return {};  // SQLite: BEGIN IMMEDIATE already excludes others
  auto r = session.Execute("SELECT pg_advisory_xact_lock($1)", std::vector<SqlValue>{kMigrationLockKey});
  if (!r) return r.error();
  return {};
}

Result<void> Migrator::EnsureVersionTable() {
  // Under the lock: two PostgreSQL sessions racing on CREATE TABLE IF NOT EXISTS can both
  // pass the existence check and one then fails on the catalog's unique index.
  return db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (auto r = Lock(s); !r) return r;
    auto r = s.Execute(CreateVersionTableSql(db_.dialect()));
    if (!r) return r.error();
    return {};
  });
}

Result<bool> Migrator::VersionTableExists() {
  auto r = db_.dialect() == Dialect::postgres
               ? db_.Execute("SELECT to_regclass('schema_migrations') IS NOT NULL")
               : db_.Execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!r) return r.error();
  return !r->rows.empty() && r->rows[0].GetBool(0);
}

Result<std::vector<Migrator::Applied>> Migrator::AppliedVersions() {
  auto r = db_.Execute(SelectAppliedSql(db_.dialect()));
  if (!r) return r.error();
  std::vector<Applied> out;
  for (const auto& row : r->rows) {
    out.push_back({static_cast<int>(row.GetInt(0)), row.GetString(1), row.GetString(2)});
  }
  return out;
}

Result<bool> Migrator::Step(const Migration& m, bool up) {
  bool done = false;
  auto r = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    done = false;  // the body may run again after a serialization failure
    if (auto locked = Lock(s); !locked) return locked;
    // Re-checked under the lock: another process may have done this step meanwhile.
    auto row = s.Execute("SELECT 1 FROM schema_migrations WHERE version = $1", std::vector<SqlValue>{std::int64_t{m.version}});
    if (!row) return row.error();
    if (row->rows.empty() != up) return {};
    if (auto script = s.ExecuteScript(up ? m.up_sql : m.down_sql); !script) {
      Error e = script.error();
      e.detail = "migration " + Label(m) + (up ? " (up)" : " (down)") + " failed: " + e.detail;
      return e;
    }
    auto record = up ? s.Execute("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                                 std::vector<SqlValue>{std::int64_t{m.version}, m.name})
                     : s.Execute("DELETE FROM schema_migrations WHERE version = $1",
                                 std::vector<SqlValue>{std::int64_t{m.version}});
    if (!record) return record.error();
    done = true;
    return {};
  });
  if (!r) return r.error();
  return done;
}

Result<std::vector<int>> Migrator::Up(std::optional<int> steps) {
  if (steps && *steps < 0) return Invalid("steps must not be negative");
  if (auto v = ValidateMigrations(migrations_); !v) return v.error();
  if (auto t = EnsureVersionTable(); !t) return t.error();
  auto applied = AppliedVersions();
  if (!applied) return applied.error();
  std::set<int> applied_set;
  for (const auto& a : *applied) applied_set.insert(a.version);

  std::vector<int> done;
  for (const auto& m : migrations_) {
    if (steps && static_cast<int>(done.size()) >= *steps) break;
    if (applied_set.count(m.version)) continue;
    auto step = Step(m, /*up=*/true);
    if (!step) return step.error();
    if (*step) done.push_back(m.version);
  }
  return done;
}

Result<std::vector<int>> Migrator::Down(int steps) {
  if (steps < 0) return Invalid("steps must not be negative");
  if (auto v = ValidateMigrations(migrations_); !v) return v.error();
  auto exists = VersionTableExists();
  if (!exists) return exists.error();
  if (!*exists) return std::vector<int>{};
  auto applied = AppliedVersions();
  if (!applied) return applied.error();

  std::vector<int> done;
  for (auto it = applied->rbegin(); it != applied->rend() && static_cast<int>(done.size()) < steps; ++it) {
    auto m = std::find_if(migrations_.begin(), migrations_.end(),
                          [&](const Migration& x) { return x.version == it->version; });
    if (m == migrations_.end()) {
      return Invalid("cannot roll back migration " + std::to_string(it->version) + "_" + it->name +
                     ": this binary does not contain it (it was applied by a newer version)");
    }
    auto step = Step(*m, /*up=*/false);
    if (!step) return step.error();
    if (*step) done.push_back(m->version);
  }
  return done;
}

Result<std::vector<MigrationStatus>> Migrator::Status() {
  if (auto v = ValidateMigrations(migrations_); !v) return v.error();
  auto exists = VersionTableExists();
  if (!exists) return exists.error();
  std::map<int, MigrationStatus> by_version;
  for (const auto& m : migrations_) by_version[m.version] = MigrationStatus{m.version, m.name, false, std::nullopt, true};
  if (*exists) {
    auto applied = AppliedVersions();
    if (!applied) return applied.error();
    for (const auto& a : *applied) {
      auto [it, inserted] = by_version.try_emplace(a.version, MigrationStatus{a.version, a.name, true, a.applied_at, false});
      it->second.applied = true;
      it->second.applied_at = a.applied_at;
    }
  }
  std::vector<MigrationStatus> out;
  for (auto& [version, status] : by_version) out.push_back(std::move(status));
  return out;
}

}  // namespace hotel::storage

// Config center storage: platform_config, feature_flags and config_audit on SQLite or PostgreSQL.
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "modules/config/config_snapshot.hpp"
#include "ports/database.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::config {

// Every write through the store announces itself here (pg_notify, inside its transaction).
inline constexpr std::string_view kChangeChannel = "platform_config_changed";
inline constexpr std::size_t kMaxKeyLength = 255;   // platform_config.key
inline constexpr std::size_t kMaxFlagLength = 100;  // feature_flags.name
inline constexpr std::size_t kMaxEnvLength = 20;    // platform_config.env

struct ConfigEntry {
  std::string key;
  boost::json::value value;
  std::string env;
  std::optional<std::string> description;
  std::string updated_at;  // ISO 8601 UTC, "...Z"
  std::optional<std::string> updated_by;
};

struct FlagEntry {
  FeatureFlag flag;
  std::string updated_at;
  std::optional<std::string> updated_by;
};

struct AuditEntry {
  std::int64_t id = 0;
  std::string at, actor, kind, name;  // kind: "config" | "flag"
  boost::json::value old_value;       // null: the key did not exist before
  boost::json::value new_value;       // null: the key was deleted
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

struct SnapshotData {
  ConfigSnapshot::Values values;
  ConfigSnapshot::Flags flags;
};

// What a process in `env` sees: the rows of `env` plus those of "default" (a key is unique
// across environments, so the two sets never overlap), and every flag.
Result<SnapshotData> LoadSnapshotData(ports::Database& db, std::string_view env);

struct ConfigWrite {
  std::string key;
  boost::json::value value;
  std::optional<std::string> description;  // absent: keep the current one
  std::optional<std::string> env;          // absent: keep the current one ("default" for a new key)
};

struct AuditFilter {
  std::optional<std::string> kind;
  std::optional<std::string> name;
};

// Each write is one transaction: the row (with updated_by/updated_at), its config_audit row,
// and on PostgreSQL the NOTIFY. Writers are serialised (an advisory lock on PostgreSQL, the
// single writer on SQLite) so the audit's old value is exactly what the write replaced.
// Blocking: call through runtime::BlockingPool.
class ConfigStore {
 public:
  ConfigStore(ports::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Lists are ordered by key/name; the cursor is the last key/name of the previous page.
  Result<Page<ConfigEntry>> ListConfig(const std::optional<std::string>& env, int limit,
                                       const std::optional<std::string>& cursor);
  Result<std::optional<ConfigEntry>> GetConfig(std::string_view key);
  struct PutResult {
    ConfigEntry entry;
    bool created = false;
  };
  Result<PutResult> PutConfig(const ConfigWrite& write, std::string_view actor);
  Result<bool> DeleteConfig(std::string_view key, std::string_view actor);  // false: no such key

  Result<Page<FlagEntry>> ListFlags(int limit, const std::optional<std::string>& cursor);
  Result<std::optional<FlagEntry>> GetFlag(std::string_view name);
  struct PutFlagResult {
    FlagEntry entry;
    bool created = false;
  };
  // `keep_description`: the caller sent none, so an existing flag keeps its own (as PutConfig
  // keeps a value's description) instead of losing it to an empty string.
  Result<PutFlagResult> PutFlag(const FeatureFlag& flag, std::string_view actor, bool keep_description = false);

  // Newest first; the cursor is the id of the last entry of the previous page.
  Result<Page<AuditEntry>> ListAudit(const AuditFilter& filter, int limit, std::optional<std::int64_t> cursor);

 private:
  ports::Database& db_;
  const Clock& clock_;
};

// The JSON kept in config_audit for a flag: {"enabled","rolloutPct","whitelist","description"}.
boost::json::value FlagAuditJson(const FeatureFlag& flag);

}  // namespace hotel::config

// ConfigStore: the SQL of the config center, written once for both dialects.
#include "modules/config/config_store.hpp"
#include "ports/sql_text.hpp"

#include <boost/json.hpp>

namespace hotel::config {
namespace {

using ports::SqlRow;
using ports::SqlValue;

// Serialises config writers on PostgreSQL (READ COMMITTED would otherwise let two writers
// both read the same "old" value for the audit). Any fixed number; "hotelcfg" in ASCII.
constexpr std::int64_t kWriteLockId = 0x686f74656c636667;

// The few places where the engines differ: JSON and array columns, and timestamps, which
// PostgreSQL keeps as timestamptz and SQLite as ISO 8601 text (both read back as "...Z").
class Sql {
 public:
  explicit Sql(ports::Dialect d) : pg_(d == ports::Dialect::postgres) {}
  bool pg() const { return pg_; }
  std::string Ts(std::string_view col) const {
    return ports::TimestampText(pg_ ? ports::Dialect::postgres : ports::Dialect::sqlite, col);
  }
  std::string TsIn(int n) const { return pg_ ? "CAST($" + std::to_string(n) + " AS TIMESTAMPTZ)" : "$" + std::to_string(n); }
  std::string JsonOut(std::string_view col) const { return pg_ ? "CAST(" + std::string(col) + " AS TEXT)" : std::string(col); }
  std::string JsonIn(int n) const { return pg_ ? "CAST($" + std::to_string(n) + " AS JSONB)" : "$" + std::to_string(n); }
  // TEXT[] on PostgreSQL, a JSON array on SQLite; both travel as JSON array text.
  std::string ListOut(std::string_view col) const {
    return pg_ ? "CAST(array_to_json(" + std::string(col) + ") AS TEXT)" : std::string(col);
  }
  std::string ListIn(int n) const {
    return pg_ ? "ARRAY(SELECT jsonb_array_elements_text(CAST($" + std::to_string(n) + " AS JSONB)))"
               : "$" + std::to_string(n);
  }

 private:
  bool pg_;
};

Result<boost::json::value> ParseColumn(const std::optional<std::string>& text, std::string_view what) {
  if (!text) return boost::json::value();
  boost::system::error_code ec;
  auto v = boost::json::parse(*text, ec);
  if (ec) return Error::Internal("config: stored " + std::string(what) + " is not valid JSON");
  return v;
}

std::string ConfigColumns(const Sql& sql) {
  return "key, " + sql.JsonOut("value") + " AS value, env, description, " + sql.Ts("updated_at") +
         " AS updated_at, updated_by";
}

Result<ConfigEntry> ReadConfigRow(const SqlRow& row) {
  auto value = ParseColumn(row.GetOptString(1), "config value");
  if (!value) return value.error();
  return ConfigEntry{row.GetString(0), std::move(*value), row.GetString(2), row.GetOptString(3),
                     row.GetString(4), row.GetOptString(5)};
}

std::string FlagColumns(const Sql& sql) {
  return "name, enabled, rollout_pct, " + sql.ListOut("whitelist") + " AS whitelist, description, " +
         sql.Ts("updated_at") + " AS updated_at, updated_by";
}

Result<FlagEntry> ReadFlagRow(const SqlRow& row) {
  auto list = ParseColumn(row.GetOptString(3), "flag whitelist");
  if (!list) return list.error();
  FeatureFlag flag{row.GetString(0), row.GetBool(1), static_cast<int>(row.GetInt(2)), {}, row.GetOptString(4).value_or("")};
  if (list->is_array()) {
    for (const auto& t : list->get_array()) {
      if (t.is_string()) flag.whitelist.emplace_back(t.get_string());
    }
  }
  return FlagEntry{std::move(flag), row.GetString(5), row.GetOptString(6)};
}

std::string WhitelistJson(const std::vector<std::string>& whitelist) {
  boost::json::array a;
  for (const auto& t : whitelist) a.emplace_back(t);
  return boost::json::serialize(a);
}

Result<void> LockWriters(ports::SqlSession& s, const Sql& sql) {
  if (!sql.pg()) return {};  // SQLite transactions already take the one write lock
  std::vector<SqlValue> p{kWriteLockId};
  auto r = s.Execute("SELECT pg_advisory_xact_lock($1)", p);
  if (!r) return r.error();
  return {};
}

// Delivered by PostgreSQL only if and when the transaction commits.
Result<void> Notify(ports::SqlSession& s, const Sql& sql, std::string payload) {
  if (!sql.pg()) return {};
  std::vector<SqlValue> p{std::string(kChangeChannel), std::move(payload)};
  auto r = s.Execute("SELECT pg_notify($1, $2)", p);
  if (!r) return r.error();
  return {};
}

Result<void> Audit(ports::SqlSession& s, const Sql& sql, const std::string& now, std::string_view actor,
                   std::string_view kind, std::string_view name, const boost::json::value& old_value,
                   const boost::json::value& new_value) {
  auto json_or_null = [](const boost::json::value& v) -> SqlValue {
    if (v.is_null()) return ports::SqlNull();
    return boost::json::serialize(v);
  };
  std::vector<SqlValue> p{now, std::string(actor), std::string(kind), std::string(name), json_or_null(old_value),
                          json_or_null(new_value)};
  auto r = s.Execute("INSERT INTO config_audit (at, actor, kind, name, old_value, new_value) VALUES (" + sql.TsIn(1) +
                         ", $2, $3, $4, " + sql.JsonIn(5) + ", " + sql.JsonIn(6) + ")",
                     p);
  if (!r) return r.error();
  return {};
}

template <class T>
void TrimPage(Page<T>& page, int limit, const std::function<std::string(const T&)>& cursor_of) {
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_cursor = cursor_of(page.items.back());
  }
}

}  // namespace

boost::json::value FlagAuditJson(const FeatureFlag& flag) {
  boost::json::array whitelist;
  for (const auto& t : flag.whitelist) whitelist.emplace_back(t);
  return boost::json::object{{"enabled", flag.enabled},
                             {"rolloutPct", flag.rollout_pct},
                             {"whitelist", std::move(whitelist)},
                             {"description", flag.description}};
}

Result<SnapshotData> LoadSnapshotData(ports::Database& db, std::string_view env) {
  const Sql sql(db.dialect());
  const std::string config_query = "SELECT key, " + sql.JsonOut("value") +
                                   " FROM platform_config WHERE env = $1 OR env = 'default'";
  const std::string flag_query = "SELECT " + FlagColumns(sql) + " FROM feature_flags";
  std::vector<SqlValue> p{std::string(env)};
  SnapshotData out;
  auto read = [&](auto&& exec) -> Result<void> {
    out = {};
    auto values = exec(config_query, std::span<const SqlValue>(p));
    if (!values) return values.error();
    for (const auto& row : values->rows) {
      auto v = ParseColumn(row.GetOptString(1), "config value");
      if (!v) return v.error();
      out.values.emplace(row.GetString(0), std::move(*v));
    }
    auto flags = exec(flag_query, std::span<const SqlValue>());
    if (!flags) return flags.error();
    for (const auto& row : flags->rows) {
      auto f = ReadFlagRow(row);
      if (!f) return f.error();
      out.flags.emplace(f->flag.name, std::move(f->flag));
    }
    return {};
  };
  Result<void> done;
  if (sql.pg()) {
    // One snapshot of the server for both tables (READ COMMITTED would take one per statement).
    done = db.Transaction([&](ports::SqlSession& s) -> Result<void> {
      if (auto r = s.Execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"); !r) return r.error();
      return read([&](std::string_view q, std::span<const SqlValue> args) { return s.Execute(q, args); });
    });
  } else {
    // Two reads on SQLite's reader connections rather than a transaction, which would take
    // the single writer; a write landing between them is picked up by the next reload.
    done = read([&](std::string_view q, std::span<const SqlValue> args) { return db.Execute(q, args); });
  }
  if (!done) return done.error();
  return out;
}

Result<Page<ConfigEntry>> ConfigStore::ListConfig(const std::optional<std::string>& env, int limit,
                                                  const std::optional<std::string>& cursor) {
  const Sql sql(db_.dialect());
  std::string q = "SELECT " + ConfigColumns(sql) + " FROM platform_config WHERE 1 = 1";
  std::vector<SqlValue> p;
  if (env) {
    p.emplace_back(*env);
    q += " AND env = $" + std::to_string(p.size());
  }
  if (cursor) {
    p.emplace_back(*cursor);
    q += " AND key > $" + std::to_string(p.size());
  }
  p.emplace_back(std::int64_t(limit) + 1);
  q += " ORDER BY key LIMIT $" + std::to_string(p.size());
  auto r = db_.Execute(q, p);
  if (!r) return r.error();
  Page<ConfigEntry> page;
  for (const auto& row : r->rows) {
    auto e = ReadConfigRow(row);
    if (!e) return e.error();
    page.items.push_back(std::move(*e));
  }
  TrimPage<ConfigEntry>(page, limit, [](const ConfigEntry& e) { return e.key; });
  return page;
}

Result<std::optional<ConfigEntry>> ConfigStore::GetConfig(std::string_view key) {
  const Sql sql(db_.dialect());
  std::vector<SqlValue> p{std::string(key)};
  auto r = db_.Execute("SELECT " + ConfigColumns(sql) + " FROM platform_config WHERE key = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<ConfigEntry>();
  auto e = ReadConfigRow(r->rows[0]);
  if (!e) return e.error();
  return std::optional<ConfigEntry>(std::move(*e));
}

Result<ConfigStore::PutResult> ConfigStore::PutConfig(const ConfigWrite& write, std::string_view actor) {
  const Sql sql(db_.dialect());
  const std::string now = FormatIso8601(clock_.Now());
  const std::string value_text = boost::json::serialize(write.value);
  PutResult out;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    out = {};  // the body may run again after a serialization failure
    if (auto l = LockWriters(s, sql); !l) return l.error();
    std::vector<SqlValue> key{write.key};
    auto old = s.Execute("SELECT " + sql.JsonOut("value") + ", env, description FROM platform_config WHERE key = $1", key);
    if (!old) return old.error();
    boost::json::value old_value;
    std::string env = write.env.value_or("default");
    std::optional<std::string> description = write.description;
    if (!old->rows.empty()) {
      auto parsed = ParseColumn(old->rows[0].GetOptString(0), "config value");
      if (!parsed) return parsed.error();
      old_value = std::move(*parsed);
      if (!write.env) env = old->rows[0].GetString(1);
      if (!write.description) description = old->rows[0].GetOptString(2);
    }
    SqlValue description_param = description ? SqlValue(*description) : ports::SqlNull();
    std::vector<SqlValue> p{value_text, env, description_param, now, std::string(actor), write.key};
    const std::string q =
        old->rows.empty()
            ? "INSERT INTO platform_config (value, env, description, updated_at, updated_by, key) VALUES (" +
                  sql.JsonIn(1) + ", $2, $3, " + sql.TsIn(4) + ", $5, $6)"
            : "UPDATE platform_config SET value = " + sql.JsonIn(1) + ", env = $2, description = $3, updated_at = " +
                  sql.TsIn(4) + ", updated_by = $5 WHERE key = $6";
    if (auto r = s.Execute(q, p); !r) return r.error();
    if (auto a = Audit(s, sql, now, actor, "config", write.key, old_value, write.value); !a) return a.error();
    if (auto n = Notify(s, sql, "config:" + write.key); !n) return n.error();
    out.created = old->rows.empty();
    out.entry = ConfigEntry{write.key, write.value, env, description, now, std::string(actor)};
    return {};
  });
  if (!tx) return tx.error();
  return out;
}

Result<bool> ConfigStore::DeleteConfig(std::string_view key, std::string_view actor) {
  const Sql sql(db_.dialect());
  const std::string now = FormatIso8601(clock_.Now());
  bool found = false;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    found = false;
    if (auto l = LockWriters(s, sql); !l) return l.error();
    std::vector<SqlValue> p{std::string(key)};
    auto old = s.Execute("SELECT " + sql.JsonOut("value") + " FROM platform_config WHERE key = $1", p);
    if (!old) return old.error();
    if (old->rows.empty()) return {};
    auto old_value = ParseColumn(old->rows[0].GetOptString(0), "config value");
    if (!old_value) return old_value.error();
    if (auto r = s.Execute("DELETE FROM platform_config WHERE key = $1", p); !r) return r.error();
    if (auto a = Audit(s, sql, now, actor, "config", key, *old_value, {}); !a) return a.error();
    if (auto n = Notify(s, sql, "config:" + std::string(key)); !n) return n.error();
    found = true;
    return {};
  });
  if (!tx) return tx.error();
  return found;
}

Result<Page<FlagEntry>> ConfigStore::ListFlags(int limit, const std::optional<std::string>& cursor) {
  const Sql sql(db_.dialect());
  std::string q = "SELECT " + FlagColumns(sql) + " FROM feature_flags";
  std::vector<SqlValue> p;
  if (cursor) {
    p.emplace_back(*cursor);
    q += " WHERE name > $1";
  }
  p.emplace_back(std::int64_t(limit) + 1);
  q += " ORDER BY name LIMIT $" + std::to_string(p.size());
  auto r = db_.Execute(q, p);
  if (!r) return r.error();
  Page<FlagEntry> page;
  for (const auto& row : r->rows) {
    auto e = ReadFlagRow(row);
    if (!e) return e.error();
    page.items.push_back(std::move(*e));
  }
  TrimPage<FlagEntry>(page, limit, [](const FlagEntry& e) { return e.flag.name; });
  return page;
}

Result<std::optional<FlagEntry>> ConfigStore::GetFlag(std::string_view name) {
  const Sql sql(db_.dialect());
  std::vector<SqlValue> p{std::string(name)};
  auto r = db_.Execute("SELECT " + FlagColumns(sql) + " FROM feature_flags WHERE name = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<FlagEntry>();
  auto e = ReadFlagRow(r->rows[0]);
  if (!e) return e.error();
  return std::optional<FlagEntry>(std::move(*e));
}

Result<ConfigStore::PutFlagResult> ConfigStore::PutFlag(const FeatureFlag& requested, std::string_view actor,
                                                        bool keep_description) {
  const Sql sql(db_.dialect());
  const std::string now = FormatIso8601(clock_.Now());
  PutFlagResult out;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    out = {};
    FeatureFlag flag = requested;
    if (auto l = LockWriters(s, sql); !l) return l.error();
    std::vector<SqlValue> key{flag.name};
    auto old = s.Execute("SELECT " + FlagColumns(sql) + " FROM feature_flags WHERE name = $1", key);
    if (!old) return old.error();
    boost::json::value old_value;
    if (!old->rows.empty()) {
      auto e = ReadFlagRow(old->rows[0]);
      if (!e) return e.error();
      old_value = FlagAuditJson(e->flag);
      if (keep_description) flag.description = e->flag.description;
    }
    std::vector<SqlValue> p{flag.enabled, std::int64_t(flag.rollout_pct), WhitelistJson(flag.whitelist),
                            flag.description, now, std::string(actor), flag.name};
    const std::string q =
        old->rows.empty()
            ? "INSERT INTO feature_flags (enabled, rollout_pct, whitelist, description, created_at, updated_at, "
              "updated_by, name) VALUES ($1, $2, " + sql.ListIn(3) + ", $4, " + sql.TsIn(5) + ", " + sql.TsIn(5) +
                  ", $6, $7)"
            : "UPDATE feature_flags SET enabled = $1, rollout_pct = $2, whitelist = " + sql.ListIn(3) +
                  ", description = $4, updated_at = " + sql.TsIn(5) + ", updated_by = $6 WHERE name = $7";
    if (auto r = s.Execute(q, p); !r) return r.error();
    if (auto a = Audit(s, sql, now, actor, "flag", flag.name, old_value, FlagAuditJson(flag)); !a) return a.error();
    if (auto n = Notify(s, sql, "flag:" + flag.name); !n) return n.error();
    out.created = old->rows.empty();
    out.entry = FlagEntry{flag, now, std::string(actor)};
    return {};
  });
  if (!tx) return tx.error();
  return out;
}

Result<Page<AuditEntry>> ConfigStore::ListAudit(const AuditFilter& filter, int limit, std::optional<std::int64_t> cursor) {
  const Sql sql(db_.dialect());
  std::string q = "SELECT id, " + sql.Ts("at") + " AS at, actor, kind, name, " + sql.JsonOut("old_value") +
                  " AS old_value, " + sql.JsonOut("new_value") + " AS new_value FROM config_audit WHERE 1 = 1";
  std::vector<SqlValue> p;
  if (filter.kind) {
    p.emplace_back(*filter.kind);
    q += " AND kind = $" + std::to_string(p.size());
  }
  if (filter.name) {
    p.emplace_back(*filter.name);
    q += " AND name = $" + std::to_string(p.size());
  }
  if (cursor) {
    p.emplace_back(*cursor);
    q += " AND id < $" + std::to_string(p.size());
  }
  p.emplace_back(std::int64_t(limit) + 1);
  q += " ORDER BY id DESC LIMIT $" + std::to_string(p.size());
  auto r = db_.Execute(q, p);
  if (!r) return r.error();
  Page<AuditEntry> page;
  for (const auto& row : r->rows) {
    auto old_value = ParseColumn(row.GetOptString(5), "audit value");
    auto new_value = ParseColumn(row.GetOptString(6), "audit value");
    if (!old_value) return old_value.error();
    if (!new_value) return new_value.error();
    page.items.push_back(AuditEntry{row.GetInt(0), row.GetString(1), row.GetString(2), row.GetString(3),
                                    row.GetString(4), std::move(*old_value), std::move(*new_value)});
  }
  TrimPage<AuditEntry>(page, limit, [](const AuditEntry& e) { return std::to_string(e.id); });
  return page;
}

}  // namespace hotel::config

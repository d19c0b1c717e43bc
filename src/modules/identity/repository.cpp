// Identity's SQL. Timestamps are written as ISO 8601 text by the application (its clock, so
// tests control time) and read back in the same form on both engines.
#include "modules/identity/repository.hpp"
#include "ports/sql_text.hpp"

#include <vector>

namespace hotel::identity {
namespace {

using ports::SqlRow;
using ports::SqlValue;

// A statement under construction: Bind() appends a parameter and returns its placeholder.
struct Query {
  std::string sql;
  std::vector<SqlValue> params;
  std::string Bind(SqlValue v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  }
};

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue OptText(const std::optional<std::string>& s) { return s ? SqlValue(*s) : ports::SqlNull(); }

// A suspended tenant blocks everyone below it: is any tenant on t's path suspended?
constexpr std::string_view kBlocked =
    "EXISTS (SELECT 1 FROM tenants a WHERE a.status = 'suspended' AND substr(t.path, 1, length(a.path)) = a.path)";

Tenant ReadTenant(const SqlRow& r, std::size_t i = 0) {
  Tenant t;
  t.id = r.GetString(i + 0);
  t.parent_id = r.GetOptString(i + 1);
  t.kind = ParseKind(r.GetString(i + 2)).value_or(TenantKind::subagent);
  t.name = r.GetString(i + 3);
  t.status = ParseTenantStatus(r.GetString(i + 4)).value_or(TenantStatus::suspended);
  t.currency = r.GetString(i + 5);
  t.contact = {r.GetOptString(i + 6), r.GetOptString(i + 7), r.GetOptString(i + 8)};
  t.path = r.GetString(i + 9);
  t.created_at = r.GetString(i + 10);
  t.updated_at = r.GetString(i + 11);
  return t;
}

User ReadUser(const SqlRow& r, std::size_t i = 0) {
  User u;
  u.id = r.GetString(i + 0);
  u.tenant_id = r.GetString(i + 1);
  u.email = r.GetString(i + 2);
  u.name = r.GetString(i + 3);
  u.role = ParseRole(r.GetString(i + 4)).value_or(Role::agent);
  u.status = ParseUserStatus(r.GetString(i + 5)).value_or(UserStatus::disabled);
  u.last_login_at = r.GetOptString(i + 6);
  u.created_at = r.GetString(i + 7);
  u.updated_at = r.GetString(i + 8);
  return u;
}
constexpr std::size_t kUserColumnCount = 9;

ApiKey ReadKey(const SqlRow& r, std::size_t i = 0) {
  ApiKey k;
  k.id = r.GetString(i + 0);
  k.tenant_id = r.GetString(i + 1);
  k.name = r.GetString(i + 2);
  k.role = ParseRole(r.GetString(i + 3)).value_or(Role::agent);
  k.prefix = r.GetString(i + 4);
  k.created_by = r.GetString(i + 5);
  k.created_at = r.GetString(i + 6);
  k.last_used_at = r.GetOptString(i + 7);
  k.revoked_at = r.GetOptString(i + 8);
  return k;
}
constexpr std::size_t kKeyColumnCount = 9;

template <class T, class F>
Result<std::optional<T>> One(Result<ports::SqlResult> r, F read) {
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<T>{};
  return std::optional<T>(read(r->rows.front()));
}

// Keyset paging by id: one row more than asked tells whether another page follows.
template <class T, class F>
Result<Page<T>> PageOf(Result<ports::SqlResult> r, int limit, F read) {
  if (!r) return r.error();
  Page<T> page;
  for (const auto& row : r->rows) page.items.push_back(read(row));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = page.items.back().id;
  }
  return page;
}

void AddPaging(Query& q, std::string_view id_column, const PageRequest& page) {
  if (page.cursor) q.sql += " AND " + std::string(id_column) + " > " + q.Bind(Text(*page.cursor));
  q.sql += " ORDER BY " + std::string(id_column) + " LIMIT " + q.Bind(std::int64_t{page.limit + 1});
}

Result<void> Done(Result<ports::SqlResult> r) {
  if (!r) return r.error();
  return Ok();
}

}  // namespace

Repository::Repository(ports::Dialect dialect) : dialect_(dialect) {
  tenant_columns_ = "t.id, t.parent_id, t.kind, t.name, t.status, t.currency, t.contact_name, t.contact_email, "
                    "t.contact_phone, t.path, " + Ts("t.created_at") + ", " + Ts("t.updated_at");
  user_columns_ = "u.id, u.tenant_id, u.email, u.name, u.role, u.status, " + Ts("u.last_login_at") + ", " +
                  Ts("u.created_at") + ", " + Ts("u.updated_at");
  key_columns_ = "k.id, k.tenant_id, k.name, k.role, k.prefix, k.created_by, " + Ts("k.created_at") + ", " +
                 Ts("k.last_used_at") + ", " + Ts("k.revoked_at");
}

std::string Repository::Ts(std::string_view column) const {
  return ports::TimestampText(dialect_, column);
}

// ---- tenants ----

Result<std::optional<Tenant>> Repository::FindTenant(ports::SqlSession& s, std::string_view id) const {
  const SqlValue p[] = {Text(id)};
  return One<Tenant>(s.Execute("SELECT " + tenant_columns_ + " FROM tenants t WHERE t.id = $1", p),
                     [](const SqlRow& r) { return ReadTenant(r); });
}

Result<std::optional<Tenant>> Repository::FindChildByName(ports::SqlSession& s, std::string_view parent_id,
                                                          std::string_view name) const {
  const SqlValue p[] = {Text(parent_id), Text(name)};
  return One<Tenant>(
      s.Execute("SELECT " + tenant_columns_ + " FROM tenants t WHERE t.parent_id = $1 AND t.name = $2", p),
      [](const SqlRow& r) { return ReadTenant(r); });
}

Result<Page<Tenant>> Repository::ListTenants(ports::SqlSession& s, const TenantQuery& tq) const {
  Query q;
  q.sql = "SELECT " + tenant_columns_ + " FROM tenants t WHERE 1 = 1";
  if (tq.subtree_path) {
    // Paths end in '/', and '0' is the byte after '/': the range holds exactly the subtree.
    std::string upper = *tq.subtree_path;
    upper.back() = '0';
    q.sql += " AND t.path >= " + q.Bind(Text(*tq.subtree_path)) + " AND t.path < " + q.Bind(Text(upper));
  }
  if (tq.only_id) q.sql += " AND t.id = " + q.Bind(Text(*tq.only_id));
  if (tq.filter.parent_id) q.sql += " AND t.parent_id = " + q.Bind(Text(*tq.filter.parent_id));
  if (tq.filter.status) q.sql += " AND t.status = " + q.Bind(Text(StatusName(*tq.filter.status)));
  AddPaging(q, "t.id", tq.page);
  return PageOf<Tenant>(s.Execute(q.sql, q.params), tq.page.limit, [](const SqlRow& r) { return ReadTenant(r); });
}

Result<void> Repository::InsertTenant(ports::SqlSession& s, const Tenant& t) const {
  const SqlValue p[] = {Text(t.id),           OptText(t.parent_id),     Text(KindName(t.kind)),
                        Text(t.name),         Text(StatusName(t.status)), Text(t.currency),
                        OptText(t.contact.name), OptText(t.contact.email), OptText(t.contact.phone),
                        Text(t.path),         Text(t.created_at),       Text(t.updated_at)};
  return Done(s.Execute(
      "INSERT INTO tenants (id, parent_id, kind, name, status, currency, contact_name, contact_email, contact_phone, "
      "path, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
      p));
}

Result<void> Repository::UpdateTenant(ports::SqlSession& s, const Tenant& t) const {
  const SqlValue p[] = {Text(t.id), Text(t.name), OptText(t.contact.name), OptText(t.contact.email),
                        OptText(t.contact.phone), Text(t.updated_at)};
  return Done(s.Execute("UPDATE tenants SET name = $2, contact_name = $3, contact_email = $4, contact_phone = $5, "
                        "updated_at = $6 WHERE id = $1",
                        p));
}

Result<void> Repository::SetTenantStatus(ports::SqlSession& s, std::string_view id, TenantStatus status,
                                         std::string_view at) const {
  const SqlValue p[] = {Text(id), Text(StatusName(status)), Text(at)};
  return Done(s.Execute("UPDATE tenants SET status = $2, updated_at = $3 WHERE id = $1", p));
}

// ---- users ----

Result<std::optional<User>> Repository::FindUser(ports::SqlSession& s, std::string_view id) const {
  const SqlValue p[] = {Text(id)};
  return One<User>(s.Execute("SELECT " + user_columns_ + " FROM users u WHERE u.id = $1", p),
                   [](const SqlRow& r) { return ReadUser(r); });
}

Result<std::optional<User>> Repository::FindUserByEmail(ports::SqlSession& s, std::string_view email) const {
  const SqlValue p[] = {Text(email)};
  return One<User>(s.Execute("SELECT " + user_columns_ + " FROM users u WHERE u.email = $1", p),
                   [](const SqlRow& r) { return ReadUser(r); });
}

Result<std::optional<LoginRecord>> Repository::FindLogin(ports::SqlSession& s, std::string_view email) const {
  const SqlValue p[] = {Text(email)};
  return One<LoginRecord>(
      s.Execute("SELECT " + user_columns_ + ", u.password_hash, " + std::string(kBlocked) +
                    " FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.email = $1",
                p),
      [](const SqlRow& r) {
        return LoginRecord{ReadUser(r), r.GetString(kUserColumnCount), r.GetBool(kUserColumnCount + 1)};
      });
}

Result<std::optional<UserAuthRecord>> Repository::FindUserAuth(ports::SqlSession& s, std::string_view id) const {
  const SqlValue p[] = {Text(id)};
  return One<UserAuthRecord>(
      s.Execute("SELECT " + user_columns_ + ", t.path, " + std::string(kBlocked) +
                    ", t.kind FROM users u JOIN tenants t ON t.id = u.tenant_id WHERE u.id = $1",
                p),
      [](const SqlRow& r) {
        return UserAuthRecord{ReadUser(r), r.GetString(kUserColumnCount), r.GetBool(kUserColumnCount + 1),
                              ParseKind(r.GetString(kUserColumnCount + 2)).value_or(TenantKind::subagent)};
      });
}

Result<Page<User>> Repository::ListUsers(ports::SqlSession& s, std::string_view tenant_id,
                                         const PageRequest& page) const {
  Query q;
  q.sql = "SELECT " + user_columns_ + " FROM users u WHERE u.tenant_id = " + q.Bind(Text(tenant_id));
  AddPaging(q, "u.id", page);
  return PageOf<User>(s.Execute(q.sql, q.params), page.limit, [](const SqlRow& r) { return ReadUser(r); });
}

Result<void> Repository::InsertUser(ports::SqlSession& s, const User& u, std::string_view password_hash) const {
  const SqlValue p[] = {Text(u.id),   Text(u.tenant_id),       Text(u.email),         Text(u.name),
                        Text(RoleName(u.role)), Text(StatusName(u.status)), Text(password_hash),
                        Text(u.created_at), Text(u.updated_at)};
  return Done(s.Execute("INSERT INTO users (id, tenant_id, email, name, role, status, password_hash, created_at, "
                        "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        p));
}

Result<void> Repository::UpdateUser(ports::SqlSession& s, const User& u) const {
  const SqlValue p[] = {Text(u.id), Text(u.name), Text(RoleName(u.role)), Text(StatusName(u.status)),
                        Text(u.updated_at)};
  return Done(s.Execute("UPDATE users SET name = $2, role = $3, status = $4, updated_at = $5 WHERE id = $1", p));
}

Result<void> Repository::RecordLogin(ports::SqlSession& s, std::string_view id, std::string_view at) const {
  const SqlValue p[] = {Text(id), Text(at)};
  return Done(s.Execute("UPDATE users SET last_login_at = $2 WHERE id = $1", p));
}

// ---- API keys ----

Result<std::optional<ApiKey>> Repository::FindKey(ports::SqlSession& s, std::string_view id) const {
  const SqlValue p[] = {Text(id)};
  return One<ApiKey>(s.Execute("SELECT " + key_columns_ + " FROM api_keys k WHERE k.id = $1", p),
                     [](const SqlRow& r) { return ReadKey(r); });
}

Result<std::optional<ApiKey>> Repository::FindActiveKeyByName(ports::SqlSession& s, std::string_view tenant_id,
                                                              std::string_view name) const {
  const SqlValue p[] = {Text(tenant_id), Text(name)};
  return One<ApiKey>(s.Execute("SELECT " + key_columns_ +
                                   " FROM api_keys k WHERE k.tenant_id = $1 AND k.name = $2 AND k.revoked_at IS NULL "
                                   "ORDER BY k.id LIMIT 1",
                               p),
                     [](const SqlRow& r) { return ReadKey(r); });
}

Result<std::optional<KeyAuthRecord>> Repository::FindKeyAuth(ports::SqlSession& s, std::string_view key_hash) const {
  const SqlValue p[] = {Text(key_hash)};
  return One<KeyAuthRecord>(
      s.Execute("SELECT " + key_columns_ + ", t.path, " + std::string(kBlocked) +
                    ", t.kind FROM api_keys k JOIN tenants t ON t.id = k.tenant_id WHERE k.key_hash = $1",
                p),
      [](const SqlRow& r) {
        return KeyAuthRecord{ReadKey(r), r.GetString(kKeyColumnCount), r.GetBool(kKeyColumnCount + 1),
                             ParseKind(r.GetString(kKeyColumnCount + 2)).value_or(TenantKind::subagent)};
      });
}

Result<Page<ApiKey>> Repository::ListKeys(ports::SqlSession& s, std::string_view tenant_id,
                                          const PageRequest& page) const {
  Query q;
  q.sql = "SELECT " + key_columns_ + " FROM api_keys k WHERE k.tenant_id = " + q.Bind(Text(tenant_id));
  AddPaging(q, "k.id", page);
  return PageOf<ApiKey>(s.Execute(q.sql, q.params), page.limit, [](const SqlRow& r) { return ReadKey(r); });
}

Result<void> Repository::InsertKey(ports::SqlSession& s, const ApiKey& k, std::string_view key_hash) const {
  const SqlValue p[] = {Text(k.id),     Text(k.tenant_id),  Text(k.name),       Text(RoleName(k.role)),
                        Text(k.prefix), Text(key_hash),     Text(k.created_by), Text(k.created_at)};
  return Done(s.Execute("INSERT INTO api_keys (id, tenant_id, name, role, prefix, key_hash, created_by, created_at) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        p));
}

Result<void> Repository::RevokeKey(ports::SqlSession& s, std::string_view id, std::string_view at) const {
  const SqlValue p[] = {Text(id), Text(at)};
  return Done(s.Execute("UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", p));
}

Result<void> Repository::RecordKeyUse(ports::SqlSession& s, std::string_view id, std::string_view at,
                                      std::string_view not_before) const {
  const SqlValue p[] = {Text(id), Text(at), Text(not_before)};
  return Done(s.Execute(
      "UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $3)", p));
}

}  // namespace hotel::identity

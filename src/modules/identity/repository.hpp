// SQL over identity's tables (tenants, users, api_keys), the same statements on SQLite and
// PostgreSQL. Every function takes a session, so one function serves inside a transaction
// and (through DirectSession) on its own.
#pragma once

#include "modules/identity/model.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hotel::identity {

using DirectSession = ports::AutoCommitSession;  // one auto-committed statement at a time

// What login needs: the user, the password hash, and whether the tenant or any ancestor is
// suspended.
struct LoginRecord {
  User user;
  std::string password_hash;
  bool tenant_blocked = false;
};

// What authentication needs for a token's user or a key.
struct UserAuthRecord {
  User user;
  std::string tenant_path;
  bool tenant_blocked = false;
  TenantKind tenant_kind = TenantKind::subagent;
};
struct KeyAuthRecord {
  ApiKey key;
  std::string tenant_path;
  bool tenant_blocked = false;
  TenantKind tenant_kind = TenantKind::subagent;
};

struct TenantQuery {
  std::optional<std::string> subtree_path;  // only this tenant and those below it
  std::optional<std::string> only_id;       // only this tenant
  TenantFilter filter;
  PageRequest page;
};

class Repository {
 public:
  explicit Repository(ports::Dialect dialect);

  Result<std::optional<Tenant>> FindTenant(ports::SqlSession& s, std::string_view id) const;
  Result<std::optional<Tenant>> FindChildByName(ports::SqlSession& s, std::string_view parent_id,
                                                std::string_view name) const;
  Result<Page<Tenant>> ListTenants(ports::SqlSession& s, const TenantQuery& q) const;
  Result<void> InsertTenant(ports::SqlSession& s, const Tenant& t) const;
  Result<void> UpdateTenant(ports::SqlSession& s, const Tenant& t) const;  // name, contact, updated_at
  Result<void> SetTenantStatus(ports::SqlSession& s, std::string_view id, TenantStatus status,
                               std::string_view at) const;

  Result<std::optional<User>> FindUser(ports::SqlSession& s, std::string_view id) const;
  Result<std::optional<User>> FindUserByEmail(ports::SqlSession& s, std::string_view email) const;
  Result<std::optional<LoginRecord>> FindLogin(ports::SqlSession& s, std::string_view email) const;
  Result<std::optional<UserAuthRecord>> FindUserAuth(ports::SqlSession& s, std::string_view id) const;
  Result<Page<User>> ListUsers(ports::SqlSession& s, std::string_view tenant_id, const PageRequest& page) const;
  Result<void> InsertUser(ports::SqlSession& s, const User& u, std::string_view password_hash) const;
  Result<void> UpdateUser(ports::SqlSession& s, const User& u) const;  // name, role, status, updated_at
  Result<void> RecordLogin(ports::SqlSession& s, std::string_view id, std::string_view at) const;

  Result<std::optional<ApiKey>> FindKey(ports::SqlSession& s, std::string_view id) const;
  Result<std::optional<ApiKey>> FindActiveKeyByName(ports::SqlSession& s, std::string_view tenant_id,
                                                    std::string_view name) const;
  Result<std::optional<KeyAuthRecord>> FindKeyAuth(ports::SqlSession& s, std::string_view key_hash) const;
  Result<Page<ApiKey>> ListKeys(ports::SqlSession& s, std::string_view tenant_id, const PageRequest& page) const;
  Result<void> InsertKey(ports::SqlSession& s, const ApiKey& k, std::string_view key_hash) const;
  // Sets revoked_at unless already set (revoking twice keeps the first time).
  Result<void> RevokeKey(ports::SqlSession& s, std::string_view id, std::string_view at) const;
  // Sets last_used_at = at unless it is already later than `not_before`: at most one write per
  // key per interval, whichever process makes it.
  Result<void> RecordKeyUse(ports::SqlSession& s, std::string_view id, std::string_view at,
                            std::string_view not_before) const;

 private:
  std::string Ts(std::string_view column) const;  // a timestamp column read as ISO 8601 UTC text

  ports::Dialect dialect_;
  std::string tenant_columns_, user_columns_, key_columns_;
};

}  // namespace hotel::identity

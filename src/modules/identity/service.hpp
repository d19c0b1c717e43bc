// Identity's use cases: each checks the rules, then reads or writes through the repository.
// They block (database, Argon2id): handlers run them on the BlockingPool.
#pragma once

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "modules/identity/hashing.hpp"
#include "modules/identity/model.hpp"
#include "modules/identity/repository.hpp"
#include "ports/database.hpp"

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hotel::identity {

// Moves whenever this process changes who may authenticate (a tenant's status, a user's
// status or role, a revoked key): the authenticator's short-lived cache drops what it
// cached before, so such a change takes effect at once in this process.
std::uint64_t AuthGeneration();
void BumpAuthGeneration();

struct IdentityOptions {
  std::string jwt_secret;  // ≥ 32 characters for Login/Authenticate; unused by the CLI
  int jwt_expiry_hours = 24;
  std::string default_currency = "CNY";  // of new tenants that name none
  PasswordCost password_cost = PasswordCost::Interactive();
  // last_used_at is written at most this often per key: a key used 100 times a second
  // must not turn every request into a database write.
  std::chrono::seconds key_use_interval{60};
};

inline constexpr std::size_t kMinJwtSecretLength = 32;

class IdentityService {
 public:
  IdentityService(ports::Database& db, const Clock& clock, IdentityOptions options);

  // Unknown email and wrong password answer alike (401), and take about as long: an
  // unknown email is verified against a dummy hash.
  Result<LoginResult> Login(std::string_view email, std::string_view password);
  // Exactly one of the two. A token's user and tenant (and its ancestors) are re-read on
  // every call, so disabling or suspending takes effect on the next request, in every process.
  Result<Principal> Authenticate(std::string_view bearer_token, std::string_view api_key);
  Result<MeView> Me(const Principal& caller);

  Result<Page<Tenant>> ListTenants(const Principal& caller, const TenantFilter& filter, const PageRequest& page);
  Result<Tenant> CreateTenant(const Principal& caller, NewTenant in);
  Result<Tenant> GetTenant(const Principal& caller, std::string_view id);
  Result<Tenant> UpdateTenant(const Principal& caller, std::string_view id, TenantPatch patch);
  Result<Tenant> SetTenantStatus(const Principal& caller, std::string_view id, TenantStatus status);

  Result<Page<User>> ListUsers(const Principal& caller, std::string_view tenant_id, const PageRequest& page);
  Result<User> CreateUser(const Principal& caller, std::string_view tenant_id, NewUser in);
  Result<User> GetUser(const Principal& caller, std::string_view id);
  Result<User> UpdateUser(const Principal& caller, std::string_view id, UserPatch patch);

  Result<Page<ApiKey>> ListKeys(const Principal& caller, std::string_view tenant_id, const PageRequest& page);
  Result<CreatedKey> CreateKey(const Principal& caller, std::string_view tenant_id, NewKey in);
  // Revoking a revoked key succeeds again (DELETE is idempotent).
  Result<void> RevokeKey(const Principal& caller, std::string_view id);

  // Who the CLI and the demo seeding act as: platform_admin rights, "operator" in audit columns.
  static Principal Operator();

  ports::Database& database() { return db_; }
  const Repository& repository() const { return repo_; }

 private:
  Result<Principal> AuthenticateToken(std::string_view token);
  Result<Principal> AuthenticateKey(std::string_view key);
  Result<Tenant> LoadTenant(std::string_view id, std::string_view not_found_detail);
  Result<User> LoadUser(std::string_view id);
  std::string Now() const;
  const std::string& DummyHash();

  ports::Database& db_;
  const Clock& clock_;
  IdentityOptions options_;
  Repository repo_;
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  std::mutex key_use_mutex_;
  std::unordered_map<std::string, Instant> key_use_written_;  // key id -> when we last wrote it
};

}  // namespace hotel::identity

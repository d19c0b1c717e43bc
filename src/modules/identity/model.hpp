// Identity's records (tenants, users, API keys) and the inputs that create or change them.
#pragma once

#include "core/principal.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::identity {

// The root of the hierarchy, created by migration 003 (every other tenant id is a ULID).
inline constexpr std::string_view kPlatformTenantId = "tnt_platform";
// Levels below the platform; deep enough for any reseller chain, small enough to bound paths.
inline constexpr int kMaxTenantDepth = 8;

enum class TenantKind { platform, distributor, subagent };
enum class TenantStatus { active, suspended };
enum class UserStatus { active, disabled };

std::string_view KindName(TenantKind kind);
std::optional<TenantKind> ParseKind(std::string_view name);
std::string_view StatusName(TenantStatus status);
std::optional<TenantStatus> ParseTenantStatus(std::string_view name);
std::string_view StatusName(UserStatus status);
std::optional<UserStatus> ParseUserStatus(std::string_view name);

struct Contact {
  std::optional<std::string> name, email, phone;
  bool operator==(const Contact&) const = default;
};

struct Tenant {
  std::string id;
  std::optional<std::string> parent_id;  // empty only for the platform
  TenantKind kind = TenantKind::subagent;
  std::string name;
  TenantStatus status = TenantStatus::active;
  std::string currency;  // ISO 4217
  Contact contact;
  std::string path;  // "/tnt_platform/tnt_a/": the ids from the root down to this tenant
  std::string created_at, updated_at;  // ISO 8601 UTC

  // Levels below the platform (platform 0, distributor 1, its sub-agents 2, ...).
  int Depth() const;
};

struct User {
  std::string id;
  std::string tenant_id;
  std::string email;  // normalised: trimmed, ASCII-lowercased
  std::string name;
  Role role = Role::agent;
  UserStatus status = UserStatus::active;
  std::optional<std::string> last_login_at;
  std::string created_at, updated_at;
};

struct ApiKey {
  std::string id;
  std::string tenant_id;
  std::string name;
  Role role = Role::agent;
  std::string prefix;  // "hk_live_" + the key's first 8 random characters: enough to recognise it
  std::string created_by;  // user id, API key id, or "operator" for the CLI
  std::string created_at;
  std::optional<std::string> last_used_at, revoked_at;
};

using CreatedUser = User;

// A new key with its plaintext, which exists only in this answer: the database keeps a hash.
struct CreatedKey {
  ApiKey key;
  std::string plaintext;
};

struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;  // the last id of the previous page
};

template <class T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
};

struct TenantFilter {
  std::optional<std::string> parent_id;
  std::optional<TenantStatus> status;
};

struct NewTenant {
  std::string parent_id;
  std::string name;
  std::optional<std::string> currency;  // the parent's when absent
  Contact contact;
};

struct TenantPatch {
  std::optional<std::string> name;
  std::optional<Contact> contact;  // replaces the whole contact
};

struct NewUser {
  std::string email;
  std::string name;
  Role role = Role::agent;
  std::string password;
};

struct UserPatch {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<UserStatus> status;
};

struct NewKey {
  std::string name;
  std::optional<Role> role;  // rules::DefaultKeyRole of the tenant when absent
};

struct LoginResult {
  std::string access_token;
  std::string expires_at;  // ISO 8601 UTC
  User user;
};

// GET /me: who is calling and the tenant they act for.
struct MeView {
  Principal principal;
  Tenant tenant;
  std::optional<User> user;  // people only
};

}  // namespace hotel::identity

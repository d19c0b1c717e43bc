// Identity's use cases over the repository, with the rules of rules.hpp.
#include "modules/identity/service.hpp"

#include "core/ids.hpp"
#include "modules/identity/jwt.hpp"
#include "modules/identity/rules.hpp"
#include "modules/identity/validation.hpp"

#include <atomic>

namespace hotel::identity {

namespace {
std::atomic<std::uint64_t> auth_generation{0};
}  // namespace

std::uint64_t AuthGeneration() { return auth_generation.load(std::memory_order_acquire); }
void BumpAuthGeneration() { auth_generation.fetch_add(1, std::memory_order_acq_rel); }
namespace {

Error Unauthenticated(std::string detail) { return Error{Errc::unauthenticated, std::move(detail), {}}; }

constexpr std::string_view kBadLogin = "The email or password is incorrect.";

// A unique-constraint conflict from the database, told in the API's words.
template <class T>
Result<T> ExplainConflict(Result<T> r, std::string detail) {
  if (!r && r.error().code == Errc::conflict) return Error::Conflict(std::move(detail));
  return r;
}

std::int64_t UnixSeconds(Instant t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

TenantTier TierOf(TenantKind kind) {
  switch (kind) {
    case TenantKind::platform: return TenantTier::platform;
    case TenantKind::distributor: return TenantTier::distributor;
    case TenantKind::subagent: return TenantTier::sub_agent;
  }
  return TenantTier::sub_agent;
}

}  // namespace

IdentityService::IdentityService(ports::Database& db, const Clock& clock, IdentityOptions options)
    : db_(db), clock_(clock), options_(std::move(options)), repo_(db.dialect()) {}

Principal IdentityService::Operator() {
  Principal p;
  p.tenant_id = std::string(kPlatformTenantId);
  p.tenant_path = "/" + std::string(kPlatformTenantId) + "/";
  p.role = Role::platform_admin;
  p.tier = TenantTier::platform;
  p.subject = "operator";
  return p;
}

std::string IdentityService::Now() const { return FormatIso8601(clock_.Now()); }

const std::string& IdentityService::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto h = HashPassword("not-a-password-of-anyone", options_.password_cost);
    dummy_hash_ = h ? *h : std::string();
  });
  return dummy_hash_;
}

Result<Tenant> IdentityService::LoadTenant(std::string_view id, std::string_view not_found_detail) {
  DirectSession s(db_);
  auto t = repo_.FindTenant(s, id);
  if (!t) return t.error();
  if (!*t) return Error::NotFound(std::string(not_found_detail));
  return std::move(**t);
}

Result<User> IdentityService::LoadUser(std::string_view id) {
  DirectSession s(db_);
  auto u = repo_.FindUser(s, id);
  if (!u) return u.error();
  if (!*u) return Error::NotFound("No user with this id.");
  return std::move(**u);
}

// ---- authentication ----

Result<LoginResult> IdentityService::Login(std::string_view email, std::string_view password) {
  if (options_.jwt_secret.size() < kMinJwtSecretLength) return Error::Internal("JWT_SECRET is not configured");
  DirectSession s(db_);
  auto record = repo_.FindLogin(s, NormaliseEmail(email));
  if (!record) return record.error();
  if (!*record) {
    (void)VerifyPassword(DummyHash(), password);  // spend the same time as for a real user
    return Unauthenticated(std::string(kBadLogin));
  }
  if (!VerifyPassword((*record)->password_hash, password)) return Unauthenticated(std::string(kBadLogin));
  // Checked only after the password, so that these answers reveal nothing to a guesser.
  if ((*record)->user.status != UserStatus::active) return Unauthenticated("This user is disabled.");
  if ((*record)->tenant_blocked) return Unauthenticated("This user's tenant is suspended.");

  User user = std::move((*record)->user);
  const Instant now = clock_.Now();
  user.last_login_at = FormatIso8601(now);
  if (auto w = repo_.RecordLogin(s, user.id, *user.last_login_at); !w) return w.error();

  TokenClaims claims;
  claims.subject = user.id;
  claims.tenant_id = user.tenant_id;
  claims.role = user.role;
  claims.issued_at = UnixSeconds(now);
  claims.expires_at = claims.issued_at + std::int64_t{options_.jwt_expiry_hours} * 3600;
  claims.token_id = NewUlid(now);
  LoginResult out;
  out.access_token = SignJwt(claims, options_.jwt_secret);
  out.expires_at = FormatIso8601(Instant(std::chrono::seconds(claims.expires_at)));
  out.user = std::move(user);
  return out;
}

Result<Principal> IdentityService::Authenticate(std::string_view bearer_token, std::string_view api_key) {
  if (bearer_token.empty() == api_key.empty()) {
    return Unauthenticated("Send one credential: Authorization: Bearer <token> or X-Api-Key: <key>.");
  }
  return bearer_token.empty() ? AuthenticateKey(api_key) : AuthenticateToken(bearer_token);
}

Result<Principal> IdentityService::AuthenticateToken(std::string_view token) {
  if (options_.jwt_secret.size() < kMinJwtSecretLength) return Error::Internal("JWT_SECRET is not configured");
  auto claims = VerifyJwt(token, options_.jwt_secret, UnixSeconds(clock_.Now()));
  if (!claims) return claims.error();
  DirectSession s(db_);
  auto record = repo_.FindUserAuth(s, claims->subject);
  if (!record) return record.error();
  if (!*record || (*record)->user.tenant_id != claims->tenant_id) {
    return Unauthenticated("The token's user does not exist.");
  }
  const auto& r = **record;
  if (r.user.status != UserStatus::active) return Unauthenticated("This user is disabled.");
  if (r.tenant_blocked) return Unauthenticated("This user's tenant is suspended.");
  Principal p;
  p.tenant_id = r.user.tenant_id;
  p.tenant_path = r.tenant_path;
  p.role = r.user.role;  // the current role, not the one in the token: role changes apply at once
  p.tier = TierOf(r.tenant_kind);
  p.user_id = r.user.id;
  p.subject = r.user.email;
  return p;
}

Result<Principal> IdentityService::AuthenticateKey(std::string_view key) {
  if (!LooksLikeApiKey(key)) return Unauthenticated("The API key is not valid.");
  DirectSession s(db_);
  auto record = repo_.FindKeyAuth(s, HashApiKey(key));
  if (!record) return record.error();
  if (!*record) return Unauthenticated("The API key is not valid.");
  const auto& r = **record;
  if (r.key.revoked_at) return Unauthenticated("The API key has been revoked.");
  if (r.tenant_blocked) return Unauthenticated("The API key's tenant is suspended.");

  const Instant now = clock_.Now();
  bool write = false;
  {
    std::lock_guard lock(key_use_mutex_);
    auto [it, inserted] = key_use_written_.try_emplace(r.key.id, now);
    if (inserted || now - it->second >= options_.key_use_interval) {
      it->second = now;
      write = true;
    }
  }
  // Bookkeeping only: a failed write must not refuse a valid key.
  if (write) (void)repo_.RecordKeyUse(s, r.key.id, FormatIso8601(now), FormatIso8601(now - options_.key_use_interval));

  Principal p;
  p.tenant_id = r.key.tenant_id;
  p.tenant_path = r.tenant_path;
  p.role = r.key.role;
  p.tier = TierOf(r.tenant_kind);
  p.api_key_id = r.key.id;
  p.subject = r.key.prefix;
  return p;
}

Result<MeView> IdentityService::Me(const Principal& caller) {
  auto tenant = LoadTenant(caller.tenant_id, "Your tenant no longer exists.");
  if (!tenant) return tenant.error();
  MeView me{caller, std::move(*tenant), std::nullopt};
  if (!caller.user_id.empty()) {
    auto user = LoadUser(caller.user_id);
    if (!user) return user.error();
    me.user = std::move(*user);
  }
  return me;
}

// ---- tenants ----

Result<Page<Tenant>> IdentityService::ListTenants(const Principal& caller, const TenantFilter& filter,
                                                  const PageRequest& page) {
  TenantQuery q;
  q.filter = filter;
  q.page = page;
  if (caller.role == Role::agent || caller.role == Role::finance) q.only_id = caller.tenant_id;
  else if (!caller.IsPlatformStaff()) q.subtree_path = caller.tenant_path;
  DirectSession s(db_);
  return repo_.ListTenants(s, q);
}

Result<Tenant> IdentityService::CreateTenant(const Principal& caller, NewTenant in) {
  if (auto e = ValidationError(Prepare(in))) return *e;
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto parent = LoadTenant(in.parent_id, "No tenant with this id.");
  if (!parent) return parent.error();
  if (auto r = rules::CreateChildTenant(caller, *parent); !r) return r.error();

  Tenant t;
  const std::string now = Now();
  t.id = NewId("tnt");
  t.parent_id = parent->id;
  t.kind = rules::ChildKind(*parent);
  t.name = std::move(in.name);
  t.status = TenantStatus::active;
  t.currency = in.currency.value_or(options_.default_currency);
  t.contact = std::move(in.contact);
  t.path = parent->path + t.id + "/";
  t.created_at = t.updated_at = now;
  DirectSession s(db_);  // one INSERT: atomic by itself; the foreign key guards the parent
  auto inserted = ExplainConflict(repo_.InsertTenant(s, t), "A tenant with this name already exists under this parent.");
  if (!inserted) return inserted.error();
  return t;
}

Result<Tenant> IdentityService::GetTenant(const Principal& caller, std::string_view id) {
  auto t = LoadTenant(id, "No tenant with this id.");
  if (!t) return t;
  if (auto r = rules::ReadTenant(caller, *t); !r) return r.error();
  return t;
}

Result<Tenant> IdentityService::UpdateTenant(const Principal& caller, std::string_view id, TenantPatch patch) {
  struct Bump {
    ~Bump() { BumpAuthGeneration(); }
  } bump_on_return;
  if (auto e = ValidationError(Prepare(patch))) return *e;
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto t = LoadTenant(id, "No tenant with this id.");
  if (!t) return t;
  if (auto r = rules::UpdateTenant(caller, *t); !r) return r.error();
  if (patch.name) t->name = std::move(*patch.name);
  if (patch.contact) t->contact = std::move(*patch.contact);
  t->updated_at = Now();
  DirectSession s(db_);
  auto w = ExplainConflict(repo_.UpdateTenant(s, *t), "A tenant with this name already exists under this parent.");
  if (!w) return w.error();
  return t;
}

Result<Tenant> IdentityService::SetTenantStatus(const Principal& caller, std::string_view id, TenantStatus status) {
  struct Bump {
    ~Bump() { BumpAuthGeneration(); }
  } bump_on_return;
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto t = LoadTenant(id, "No tenant with this id.");
  if (!t) return t;
  if (auto r = rules::ChangeTenantStatus(caller, *t); !r) return r.error();
  if (t->status == status) return t;  // suspending a suspended tenant changes nothing
  t->status = status;
  t->updated_at = Now();
  DirectSession s(db_);
  if (auto w = repo_.SetTenantStatus(s, t->id, status, t->updated_at); !w) return w.error();
  return t;
}

// ---- users ----

Result<Page<User>> IdentityService::ListUsers(const Principal& caller, std::string_view tenant_id,
                                              const PageRequest& page) {
  if (auto r = rules::MayListUsers(caller); !r) return r.error();
  auto t = LoadTenant(tenant_id, "No tenant with this id.");
  if (!t) return t.error();
  if (auto r = rules::ListUsers(caller, *t); !r) return r.error();
  DirectSession s(db_);
  return repo_.ListUsers(s, t->id, page);
}

Result<User> IdentityService::CreateUser(const Principal& caller, std::string_view tenant_id, NewUser in) {
  auto fields = Prepare(in);
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto t = LoadTenant(tenant_id, "No tenant with this id.");
  if (!t) return t.error();
  if (auto r = rules::ManageMembers(caller, *t); !r) return r.error();
  if (auto r = rules::AssignRole(caller, *t, in.role, "role"); !r) {
    Error e = r.error();  // error() returns a copy: take one, not two
    if (e.code != Errc::validation_failed) return e;
    fields.insert(fields.end(), e.fields.begin(), e.fields.end());
  }
  if (auto e = ValidationError(std::move(fields))) return *e;
  // Hashed only once the caller is known to be allowed: Argon2id is deliberately expensive.
  auto hash = HashPassword(in.password, options_.password_cost);
  if (!hash) return hash.error();

  User u;
  u.id = NewId("usr");
  u.tenant_id = t->id;
  u.email = std::move(in.email);
  u.name = std::move(in.name);
  u.role = in.role;
  u.status = UserStatus::active;
  u.created_at = u.updated_at = Now();
  DirectSession s(db_);
  auto w = ExplainConflict(repo_.InsertUser(s, u, *hash), "A user with this email already exists.");
  if (!w) return w.error();
  return u;
}

Result<User> IdentityService::GetUser(const Principal& caller, std::string_view id) {
  auto u = LoadUser(id);
  if (!u) return u;
  auto t = LoadTenant(u->tenant_id, "No user with this id.");
  if (!t) return t.error();
  if (auto r = rules::ReadUser(caller, *t, *u); !r) return r.error();
  return u;
}

Result<User> IdentityService::UpdateUser(const Principal& caller, std::string_view id, UserPatch patch) {
  struct Bump {
    ~Bump() { BumpAuthGeneration(); }
  } bump_on_return;
  if (auto e = ValidationError(Prepare(patch))) return *e;
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto u = LoadUser(id);
  if (!u) return u;
  auto t = LoadTenant(u->tenant_id, "No user with this id.");
  if (!t) return t.error();
  if (auto r = rules::UpdateUser(caller, *t, *u, patch); !r) return r.error();
  if (patch.name) u->name = std::move(*patch.name);
  if (patch.role) u->role = *patch.role;
  if (patch.status) u->status = *patch.status;
  u->updated_at = Now();
  DirectSession s(db_);
  if (auto w = repo_.UpdateUser(s, *u); !w) return w.error();
  return u;
}

// ---- API keys ----

Result<Page<ApiKey>> IdentityService::ListKeys(const Principal& caller, std::string_view tenant_id,
                                               const PageRequest& page) {
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto t = LoadTenant(tenant_id, "No tenant with this id.");
  if (!t) return t.error();
  if (auto r = rules::ManageMembers(caller, *t); !r) return r.error();
  DirectSession s(db_);
  return repo_.ListKeys(s, t->id, page);
}

Result<CreatedKey> IdentityService::CreateKey(const Principal& caller, std::string_view tenant_id, NewKey in) {
  auto fields = Prepare(in);
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  auto t = LoadTenant(tenant_id, "No tenant with this id.");
  if (!t) return t.error();
  if (auto r = rules::ManageMembers(caller, *t); !r) return r.error();
  const Role role = in.role.value_or(rules::DefaultKeyRole(t->kind));
  if (auto r = rules::AssignRole(caller, *t, role, "role"); !r) {
    Error e = r.error();  // error() returns a copy: take one, not two
    if (e.code != Errc::validation_failed) return e;
    fields.insert(fields.end(), e.fields.begin(), e.fields.end());
  }
  if (auto e = ValidationError(std::move(fields))) return *e;

  auto generated = GenerateApiKey();
  CreatedKey out;
  out.key.id = NewId("key");
  out.key.tenant_id = t->id;
  out.key.name = std::move(in.name);
  out.key.role = role;
  out.key.prefix = generated.prefix;
  out.key.created_by = caller.Actor().empty() ? "operator" : caller.Actor();
  out.key.created_at = Now();
  DirectSession s(db_);
  if (auto w = repo_.InsertKey(s, out.key, generated.hash); !w) return w.error();
  out.plaintext = std::move(generated.plaintext);
  return out;
}

Result<void> IdentityService::RevokeKey(const Principal& caller, std::string_view id) {
  struct Bump {
    ~Bump() { BumpAuthGeneration(); }
  } bump_on_return;
  if (auto r = rules::MayAdminister(caller); !r) return r.error();
  DirectSession s(db_);
  auto k = repo_.FindKey(s, id);
  if (!k) return k.error();
  if (!*k) return Error::NotFound("No API key with this id.");
  auto t = LoadTenant((*k)->tenant_id, "No API key with this id.");
  if (!t) return t.error();
  if (auto r = rules::Reach(caller, *t); !r) return Error::NotFound("No API key with this id.");
  if (auto r = rules::ManageMembers(caller, *t); !r) return r.error();
  if ((*k)->revoked_at) return Ok();
  return repo_.RevokeKey(s, (*k)->id, Now());
}

}  // namespace hotel::identity

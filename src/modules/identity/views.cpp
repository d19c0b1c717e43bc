// JSON in and out for the identity API (Boost.JSON and runtime::JsonReader).
#include "modules/identity/views.hpp"

#include "modules/identity/validation.hpp"
#include "core/ids.hpp"
#include "runtime/handler_support.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

namespace hotel::identity::views {
namespace {

using runtime::JsonReader;

boost::json::value OptJson(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value(nullptr);
}

std::string RoleList() {
  std::string out;
  for (Role r : {Role::platform_admin, Role::platform_ops, Role::distributor_admin, Role::agent, Role::finance}) {
    out += (out.empty() ? "" : ", ") + std::string(RoleName(r));
  }
  return out;
}

// A role field: absent → nullopt; present, it must name a role.
std::optional<Role> ReadRole(JsonReader& r, std::string_view field) {
  auto name = r.Optional<std::string>(field);
  if (!name) return std::nullopt;
  auto role = ParseRole(*name);
  r.Check(field, role.has_value(), "must be one of " + RoleList());
  return role;
}

void ReadContact(JsonReader& r, Contact& c) {
  r.NoOtherFields({"name", "email", "phone"});
  c.name = r.Optional<std::string>("name");
  c.email = r.Optional<std::string>("email");
  c.phone = r.Optional<std::string>("phone");
}

// Content checks per body type (validation.hpp); a login is checked for shape only.
template <class T>
std::vector<FieldError> PrepareFields(T& in) {
  return identity::Prepare(in);
}
std::vector<FieldError> PrepareFields(LoginRequest&) { return {}; }

// Parses `body`, lets `read` fill T from the reader, then adds the content checks of
// validation.hpp, so one answer names every bad field.
template <class T, class Read>
Result<T> ParseBody(std::string_view body, Read read) {
  auto json = runtime::ParseJson(body);
  if (!json) return json.error();
  JsonReader r(*json);
  T out{};
  read(r, out);
  // Fields already reported (missing, wrong type) keep their first message.
  if (json->is_object()) {
    for (const auto& f : PrepareFields(out)) r.Check(f.field, false, f.message);
  }
  if (auto e = r.Finish()) return *e;
  return out;
}

}  // namespace

Result<LoginRequest> ParseLogin(std::string_view body) {
  return ParseBody<LoginRequest>(body, [](JsonReader& r, LoginRequest& in) {
    r.NoOtherFields({"email", "password"});
    in.email = r.Required<std::string>("email");
    in.password = r.Required<std::string>("password");
  });
}

Result<NewTenant> ParseNewTenant(std::string_view body) {
  return ParseBody<NewTenant>(body, [](JsonReader& r, NewTenant& in) {
    r.NoOtherFields({"parentId", "name", "currency", "contact"});
    in.parent_id = r.Required<std::string>("parentId");
    in.name = r.Required<std::string>("name");
    in.currency = r.Optional<std::string>("currency");
    r.Object("contact", false, [&](JsonReader& c) { ReadContact(c, in.contact); });
  });
}

Result<TenantPatch> ParseTenantPatch(std::string_view body) {
  return ParseBody<TenantPatch>(body, [](JsonReader& r, TenantPatch& in) {
    r.NoOtherFields({"name", "contact"});
    in.name = r.Optional<std::string>("name");
    r.Object("contact", false, [&](JsonReader& c) {
      in.contact.emplace();
      ReadContact(c, *in.contact);
    });
  });
}

Result<NewUser> ParseNewUser(std::string_view body) {
  return ParseBody<NewUser>(body, [](JsonReader& r, NewUser& in) {
    r.NoOtherFields({"email", "name", "role", "password"});
    in.email = r.Required<std::string>("email");
    in.name = r.Required<std::string>("name");
    in.password = r.Required<std::string>("password");
    r.Required<std::string>("role");  // reports a missing role; ReadRole checks the name
    in.role = ReadRole(r, "role").value_or(Role::agent);
  });
}

Result<UserPatch> ParseUserPatch(std::string_view body) {
  return ParseBody<UserPatch>(body, [](JsonReader& r, UserPatch& in) {
    r.NoOtherFields({"name", "role", "status"});
    in.name = r.Optional<std::string>("name");
    in.role = ReadRole(r, "role");
    if (auto status = r.Optional<std::string>("status")) {
      in.status = ParseUserStatus(*status);
      r.Check("status", in.status.has_value(), "must be active or disabled");
    }
  });
}

Result<NewKey> ParseNewKey(std::string_view body) {
  return ParseBody<NewKey>(body, [](JsonReader& r, NewKey& in) {
    r.NoOtherFields({"name", "role"});
    in.name = r.Required<std::string>("name");
    in.role = ReadRole(r, "role");  // absent: the tenant's default (agent: machines book)
  });
}

Result<PageRequest> ParsePage(const runtime::Request& req, std::string_view cursor_prefix) {
  PageRequest page;
  std::vector<FieldError> errors;
  if (auto limit = req.QueryParam("limit")) {
    int n = 0;
    const bool digits = !limit->empty() && limit->size() <= 4 &&
                        limit->find_first_not_of("0123456789") == std::string::npos;
    if (digits) n = std::stoi(*limit);
    if (!digits || n < 1 || n > 200) errors.push_back({"limit", "must be an integer from 1 to 200"});
    else page.limit = n;
  }
  // The platform tenant's id is the one id that is not a ULID.
  auto cursor = runtime::CursorParam(req, [cursor_prefix](std::string_view c) {
    return IsId(c, cursor_prefix) || (cursor_prefix == "tnt" && c == kPlatformTenantId);
  });
  if (!cursor) {
    errors.push_back(cursor.error().fields.front());
  } else {
    page.cursor = std::move(*cursor);
  }
  if (auto e = ValidationError(std::move(errors))) return *e;
  return page;
}

Result<TenantFilter> ParseTenantFilter(const runtime::Request& req) {
  TenantFilter f;
  if (auto parent = req.QueryParam("parentId"); parent && !parent->empty()) f.parent_id = std::move(*parent);
  if (auto status = req.QueryParam("status"); status && !status->empty()) {
    f.status = ParseTenantStatus(*status);
    if (!f.status) return Error::Validation("status", "must be active or suspended");
  }
  return f;
}

boost::json::object TenantJson(const Tenant& t) {
  return {{"id", t.id},
          {"parentId", OptJson(t.parent_id)},
          {"kind", KindName(t.kind)},
          {"name", t.name},
          {"status", StatusName(t.status)},
          {"currency", t.currency},
          {"contact", {{"name", OptJson(t.contact.name)},
                       {"email", OptJson(t.contact.email)},
                       {"phone", OptJson(t.contact.phone)}}},
          {"createdAt", t.created_at},
          {"updatedAt", t.updated_at}};
}

boost::json::object UserJson(const User& u) {
  return {{"id", u.id},
          {"tenantId", u.tenant_id},
          {"email", u.email},
          {"name", u.name},
          {"role", RoleName(u.role)},
          {"status", StatusName(u.status)},
          {"lastLoginAt", OptJson(u.last_login_at)},
          {"createdAt", u.created_at},
          {"updatedAt", u.updated_at}};
}

boost::json::object KeyJson(const ApiKey& k) {
  return {{"id", k.id},
          {"tenantId", k.tenant_id},
          {"name", k.name},
          {"role", RoleName(k.role)},
          {"prefix", k.prefix},
          {"status", k.revoked_at ? "revoked" : "active"},
          {"createdBy", k.created_by},
          {"createdAt", k.created_at},
          {"lastUsedAt", OptJson(k.last_used_at)},
          {"revokedAt", OptJson(k.revoked_at)}};
}

boost::json::object CreatedKeyJson(const CreatedKey& k) {
  auto o = KeyJson(k.key);
  o["key"] = k.plaintext;
  return o;
}

boost::json::object LoginJson(const LoginResult& r) {
  return {{"accessToken", r.access_token}, {"tokenType", "Bearer"}, {"expiresAt", r.expires_at},
          {"user", UserJson(r.user)}};
}

boost::json::object MeJson(const MeView& me) {
  const auto& p = me.principal;
  boost::json::object o{
      {"tenantId", p.tenant_id},
      {"role", RoleName(p.role)},
      {"userId", p.user_id.empty() ? boost::json::value(nullptr) : boost::json::value(p.user_id)},
      {"apiKeyId", p.api_key_id.empty() ? boost::json::value(nullptr) : boost::json::value(p.api_key_id)},
      {"subject", p.subject},
      {"tenant", {{"id", me.tenant.id},
                  {"name", me.tenant.name},
                  {"kind", KindName(me.tenant.kind)},
                  {"status", StatusName(me.tenant.status)},
                  {"currency", me.tenant.currency}}}};
  o["user"] = me.user ? boost::json::value(UserJson(*me.user)) : boost::json::value(nullptr);
  return o;
}

}  // namespace hotel::identity::views

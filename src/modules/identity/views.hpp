// The identity API's JSON: request bodies and query strings in (validated, every bad field
// named), records out (camelCase, never a hash or a stored secret).
#pragma once

#include "modules/identity/model.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace hotel::identity::views {

struct LoginRequest {
  std::string email, password;
};

Result<LoginRequest> ParseLogin(std::string_view body);
Result<NewTenant> ParseNewTenant(std::string_view body);
Result<TenantPatch> ParseTenantPatch(std::string_view body);
Result<NewUser> ParseNewUser(std::string_view body);
Result<UserPatch> ParseUserPatch(std::string_view body);
Result<NewKey> ParseNewKey(std::string_view body);

// ?limit (1..200, default 50) and ?cursor.
// limit 1..200; cursor the nextCursor of a previous page (an id with `cursor_prefix`).
Result<PageRequest> ParsePage(const runtime::Request& req, std::string_view cursor_prefix);
// ?parentId and ?status.
Result<TenantFilter> ParseTenantFilter(const runtime::Request& req);

boost::json::object TenantJson(const Tenant& t);
boost::json::object UserJson(const User& u);
boost::json::object KeyJson(const ApiKey& k);
boost::json::object LoginJson(const LoginResult& r);
boost::json::object MeJson(const MeView& me);
boost::json::object CreatedKeyJson(const CreatedKey& k);  // the key's plaintext, this once

template <class T, class F>
boost::json::object PageJson(const Page<T>& page, F to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  boost::json::object o{{"items", std::move(items)}};
  if (page.next_cursor) o["nextCursor"] = *page.next_cursor;
  else o["nextCursor"] = nullptr;
  return o;
}

}  // namespace hotel::identity::views

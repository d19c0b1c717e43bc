// Role names as they appear in the API, JWT claims and the database.
#include "core/principal.hpp"

namespace hotel {
namespace {
constexpr std::pair<Role, std::string_view> kRoles[] = {
    {Role::platform_admin, "platform_admin"}, {Role::platform_ops, "platform_ops"},
    {Role::distributor_admin, "distributor_admin"}, {Role::agent, "agent"}, {Role::finance, "finance"},
};
}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, n] : kRoles) {
    if (r == role) return n;
  }
  return "agent";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoles) {
    if (n == name) return r;
  }
  return std::nullopt;
}

}  // namespace hotel

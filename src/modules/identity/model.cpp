// Wire and database names of identity's enums.
#include "modules/identity/model.hpp"

#include <algorithm>

namespace hotel::identity {
namespace {

template <class E, std::size_t N>
std::string_view NameOf(const std::pair<E, std::string_view> (&table)[N], E value) {
  for (const auto& [v, n] : table) {
    if (v == value) return n;
  }
  return table[0].second;
}

template <class E, std::size_t N>
std::optional<E> Parse(const std::pair<E, std::string_view> (&table)[N], std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

constexpr std::pair<TenantKind, std::string_view> kKinds[] = {
    {TenantKind::platform, "platform"}, {TenantKind::distributor, "distributor"}, {TenantKind::subagent, "subagent"}};
constexpr std::pair<TenantStatus, std::string_view> kTenantStatuses[] = {{TenantStatus::active, "active"},
                                                                         {TenantStatus::suspended, "suspended"}};
constexpr std::pair<UserStatus, std::string_view> kUserStatuses[] = {{UserStatus::active, "active"},
                                                                     {UserStatus::disabled, "disabled"}};

}  // namespace

std::string_view KindName(TenantKind kind) { return NameOf(kKinds, kind); }
std::optional<TenantKind> ParseKind(std::string_view name) { return Parse(kKinds, name); }
std::string_view StatusName(TenantStatus status) { return NameOf(kTenantStatuses, status); }
std::optional<TenantStatus> ParseTenantStatus(std::string_view name) { return Parse(kTenantStatuses, name); }
std::string_view StatusName(UserStatus status) { return NameOf(kUserStatuses, status); }
std::optional<UserStatus> ParseUserStatus(std::string_view name) { return Parse(kUserStatuses, name); }

int Tenant::Depth() const {
  // "/tnt_platform/" has two slashes and depth 0; each level adds one.
  return static_cast<int>(std::count(path.begin(), path.end(), '/')) - 2;
}

}  // namespace hotel::identity

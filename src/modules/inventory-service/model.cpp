// Calendar arithmetic for nights (std::chrono civil calendar) and hold state names.
#include "modules/inventory-service/model.hpp"

#include <array>
#include <cstdio>

namespace hotel::inventory {
namespace {

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

int ToInt(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

constexpr std::array<std::string_view, 4> kStatusNames{"held", "confirmed", "released", "expired"};

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return std::nullopt;
  const int year = ToInt(y);
  if (year < 2000 || year > 2999) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(ToInt(m))},
                                        std::chrono::day{static_cast<unsigned>(ToInt(d))}};
  if (!ymd.ok()) return std::nullopt;
  return Date{std::chrono::sys_days(ymd).time_since_epoch().count()};
}

std::string FormatDate(Date d) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(d.days))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::vector<Date> NightsOf(Date check_in, Date check_out) {
  std::vector<Date> out;
  for (Date d = check_in; d < check_out; d = d + 1) out.push_back(d);
  return out;
}

std::string_view HoldStatusName(HoldStatus s) { return kStatusNames[static_cast<std::size_t>(s)]; }

std::optional<HoldStatus> ParseHoldStatus(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<HoldStatus>(i);
  }
  return std::nullopt;
}

}  // namespace hotel::inventory

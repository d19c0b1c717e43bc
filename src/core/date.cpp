// Civil-calendar arithmetic (std::chrono) and ISO 8601 parsing without locale or libc time zones.
#include "core/date.hpp"

#include <chrono>
#include <cstdio>

namespace hotel {
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

// "hh:mm:ss[.fff…]" → seconds of the day + nanoseconds; nullopt when malformed.
std::optional<std::chrono::nanoseconds> ParseTimeOfDay(std::string_view t, std::size_t* used) {
  if (t.size() < 5 || t[2] != ':' || !Digits(t.substr(0, 2)) || !Digits(t.substr(3, 2))) return std::nullopt;
  int h = ToInt(t.substr(0, 2)), m = ToInt(t.substr(3, 2)), s = 0;
  std::size_t i = 5;
  if (t.size() >= 8 && t[5] == ':' && Digits(t.substr(6, 2))) {
    s = ToInt(t.substr(6, 2));
    i = 8;
  }
  if (h > 23 || m > 59 || s > 60) return std::nullopt;
  std::int64_t frac_ns = 0;
  if (i < t.size() && (t[i] == '.' || t[i] == ',')) {
    ++i;
    std::int64_t scale = 100000000;
    const std::size_t start = i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      frac_ns += (t[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return std::nullopt;
  }
  *used = i;
  return std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s) + std::chrono::nanoseconds(frac_ns);
}

// The local part "YYYY-MM-DDThh:mm[:ss[.f]]" (or a bare date) as an instant read in UTC; `rest`
// is what follows it.
std::optional<Instant> ParseLocalPart(std::string_view text, std::string_view* rest) {
  auto date = ParseDate(text.substr(0, 10));
  // An Instant is 64-bit nanoseconds: it ends on 2262-04-11 (a day kept for time and offset).
  if (!date || date->days > 106'750) return std::nullopt;
  Instant t{std::chrono::duration_cast<Instant::duration>(std::chrono::days(date->days))};
  if (text.size() == 10) {
    *rest = {};
    return t;
  }
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  std::size_t used = 0;
  auto tod = ParseTimeOfDay(text.substr(11), &used);
  if (!tod) return std::nullopt;
  *rest = text.substr(11 + used);
  return t + std::chrono::duration_cast<Instant::duration>(*tod);
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!Digits(y) || !Digits(m) || !Digits(d)) return std::nullopt;
  const int year = ToInt(y);
  if (year < 2000 || year > 2199) return std::nullopt;  // inside the instants system_clock holds (core/clock)
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(ToInt(m))},
                                        std::chrono::day{static_cast<unsigned>(ToInt(d))}};
  if (!ymd.ok()) return std::nullopt;
  return Date{std::chrono::sys_days(ymd).time_since_epoch().count()};
}

std::string FormatDate(Date d) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(d.days))};
  const int year = static_cast<int>(ymd.year());
  const auto month = static_cast<unsigned>(ymd.month()), day = static_cast<unsigned>(ymd.day());
  if (year < 0 || year > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
  }
  // By hand: the simulators format a date per night of every rate they price.
  std::string out(10, '-');
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[5] = static_cast<char>('0' + month / 10);
  out[6] = static_cast<char>('0' + month % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

Date DateOf(Instant t) {
  return Date{std::chrono::floor<std::chrono::days>(t).time_since_epoch().count()};
}

std::vector<Date> NightsOf(Date check_in, Date check_out) {
  std::vector<Date> out;
  for (Date d = check_in; d < check_out; d = d + 1) out.push_back(d);
  return out;
}

std::optional<Instant> ParseIso8601(std::string_view text) {
  std::string_view rest;
  auto local = ParseLocalPart(text, &rest);
  if (!local || text.size() == 10) return std::nullopt;
  if (rest == "Z" || rest == "z") return local;
  if (rest.size() != 6 && rest.size() != 5) return std::nullopt;
  const char sign = rest[0];
  if (sign != '+' && sign != '-') return std::nullopt;
  std::string_view hh = rest.substr(1, 2), mm = rest.size() == 6 ? rest.substr(4, 2) : rest.substr(3, 2);
  if (rest.size() == 6 && rest[3] != ':') return std::nullopt;
  if (!Digits(hh) || !Digits(mm) || ToInt(hh) > 14 || ToInt(mm) > 59) return std::nullopt;
  const auto offset = std::chrono::hours(ToInt(hh)) + std::chrono::minutes(ToInt(mm));
  return sign == '+' ? *local - offset : *local + offset;
}

std::optional<Instant> ParseLocalDeadline(std::string_view text) {
  if (auto exact = ParseIso8601(text)) return exact;
  std::string_view rest;
  auto local = ParseLocalPart(text, &rest);
  if (!local || !rest.empty()) return std::nullopt;
  return *local - std::chrono::hours(14);
}

}  // namespace hotel

// ISO 8601 formatting of instants.
#include "core/clock.hpp"


namespace hotel {

void AppendIso8601(std::string& out, Instant t) {
  using namespace std::chrono;
  const auto ms = floor<milliseconds>(t);
  const auto day = floor<days>(ms);
  const year_month_day ymd{day};
  const hh_mm_ss hms{ms - day};
  char buf[24];
  const auto put = [&](int at, unsigned v, int digits) {
    for (int i = digits - 1; i >= 0; --i, v /= 10) buf[at + i] = static_cast<char>('0' + v % 10);
  };
  const int year = static_cast<int>(ymd.year());
  put(0, static_cast<unsigned>(year < 0 ? 0 : year > 9999 ? 9999 : year), 4);
  buf[4] = '-';
  put(5, static_cast<unsigned>(ymd.month()), 2);
  buf[7] = '-';
  put(8, static_cast<unsigned>(ymd.day()), 2);
  buf[10] = 'T';
  put(11, static_cast<unsigned>(hms.hours().count()), 2);
  buf[13] = ':';
  put(14, static_cast<unsigned>(hms.minutes().count()), 2);
  buf[16] = ':';
  put(17, static_cast<unsigned>(hms.seconds().count()), 2);
  buf[19] = '.';
  put(20, static_cast<unsigned>(hms.subseconds().count()), 3);
  buf[23] = 'Z';
  out.append(buf, sizeof buf);
}

std::optional<Instant> InstantFromUnixSeconds(std::int64_t seconds) {
  if (!UnixSecondsInBounds(seconds)) return std::nullopt;
  return Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::seconds(seconds)));
}

std::optional<Instant> InstantFromUnixMillis(std::int64_t millis) {
  if (millis < 0 || millis / 1000 >= kMaxUnixSeconds) return std::nullopt;
  return Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::milliseconds(millis)));
}

std::string FormatIso8601(Instant t) {
  std::string out;
  AppendIso8601(out, t);
  return out;
}

}  // namespace hotel

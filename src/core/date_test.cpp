#include "core/date.hpp"

#include <gtest/gtest.h>

#include <limits>

#include <cstdio>

namespace hotel {
namespace {

using namespace std::chrono;

Instant Utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
  return sys_days(year{y} / month{mo} / day{d}) + hours(h) + minutes(mi) + seconds(s);
}

TEST(Date, ParsesAndFormatsCalendarDates) {
  auto d = ParseDate("2026-12-01");
  ASSERT_TRUE(d);
  EXPECT_EQ(FormatDate(*d), "2026-12-01");
  EXPECT_EQ(FormatDate(*d + 31), "2027-01-01");
  EXPECT_EQ(*ParseDate("2027-03-01") - *ParseDate("2027-02-28"), 1);
  EXPECT_EQ(*ParseDate("2028-03-01") - *ParseDate("2028-02-28"), 2);  // leap year
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-12-01", "2026-12-01T00:00:00Z", "1999-12-31", "2026/12/01"}) {
    EXPECT_FALSE(ParseDate(bad)) << bad;
  }
  EXPECT_EQ(NightsOf(*d, *d + 3).size(), 3u);
  EXPECT_EQ(DateOf(Utc(2026, 12, 1, 23, 59)), *d);
}

TEST(Date, FormatsEveryDayAsTheCalendarSaysIt) {
  for (std::int64_t day = -800000; day < 3000000; day += 13) {  // years 0179 to 10183
    const year_month_day ymd{sys_days(days(day))};
    char expected[24];
    std::snprintf(expected, sizeof expected, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    ASSERT_EQ(FormatDate(Date{day}), expected) << day;
  }
}

TEST(Date, FormatsInstantsAsIso8601Utc) {
  EXPECT_EQ(FormatIso8601(Utc(2026, 11, 25, 20, 36, 23) + milliseconds(123)), "2026-11-25T20:36:23.123Z");
  EXPECT_EQ(FormatIso8601(Instant{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(Instant{} - milliseconds(1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIso8601(Utc(2028, 2, 29, 23, 59, 59) + microseconds(999999)), "2028-02-29T23:59:59.999Z");
  std::string out = "x";
  AppendIso8601(out, Utc(2000, 1, 1, 0, 0));
  EXPECT_EQ(out, "x2000-01-01T00:00:00.000Z");
  // Every millisecond-precision instant over two centuries reads back as itself (the parser
  // takes years 2000–2261).
  std::uint64_t state = 88172645463325252ull;
  for (int i = 0; i < 20000; ++i) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    const Instant t = Utc(2000, 1, 1, 0, 0) + milliseconds(state % (200ull * 365 * 86400 * 1000));
    const auto back = ParseIso8601(FormatIso8601(t));
    ASSERT_TRUE(back) << FormatIso8601(t);
    ASSERT_EQ(*back, t) << FormatIso8601(t);
  }
}

TEST(Date, ParsesInstantsWithTheirOffset) {
  EXPECT_EQ(ParseIso8601("2026-12-01T23:59:00Z"), Utc(2026, 12, 1, 23, 59));
  EXPECT_EQ(ParseIso8601("2026-12-01T23:59:00+01:00"), Utc(2026, 12, 1, 22, 59));
  EXPECT_EQ(ParseIso8601("2026-12-01T23:59:00-0530"), Utc(2026, 12, 2, 5, 29));
  EXPECT_EQ(ParseIso8601("2026-12-01T23:59Z"), Utc(2026, 12, 1, 23, 59));
  EXPECT_EQ(ParseIso8601("2026-12-01T23:59:00.250Z"), Utc(2026, 12, 1, 23, 59) + milliseconds(250));
  for (const char* bad : {"2026-12-01T23:59:00", "2026-12-01", "2026-12-01T25:00:00Z", "2026-12-01T23:59:00+15:00",
                          "2026-12-01T23:59:00+01", "garbage", ""}) {
    EXPECT_FALSE(ParseIso8601(bad)) << bad;
  }
}

// system_clock's nanoseconds end in 2262: a date or an instant beyond what it holds is refused
// at parsing, never converted with an overflow (UBSan aborts on "2999-…" without the bound).
TEST(Date, DatesAndInstantsStayInsideWhatTheClockHolds) {
  EXPECT_TRUE(ParseDate("2199-12-31"));
  EXPECT_FALSE(ParseDate("2200-01-01"));
  EXPECT_FALSE(ParseDate("2999-12-31"));
  EXPECT_FALSE(ParseIso8601("2999-12-31T23:59:59Z"));
  EXPECT_FALSE(ParseLocalDeadline("2999-12-31"));
  EXPECT_EQ(InstantFromUnixSeconds(1'800'000'000), Instant(std::chrono::seconds(1'800'000'000)));
  EXPECT_FALSE(InstantFromUnixSeconds(kMaxUnixSeconds));
  EXPECT_FALSE(InstantFromUnixSeconds(-1));
  EXPECT_FALSE(InstantFromUnixSeconds(std::numeric_limits<std::int64_t>::max()));
  EXPECT_FALSE(InstantFromUnixMillis(std::numeric_limits<std::int64_t>::max()));
  EXPECT_FALSE(InstantFromUnixMillis(std::numeric_limits<std::int64_t>::min()));
  EXPECT_EQ(InstantFromUnixMillis(1'800'000'000'123), Instant(std::chrono::milliseconds(1'800'000'000'123)));
}

TEST(Date, LocalDeadlinesWithoutAZoneTakeTheEarliestInstant) {
  EXPECT_EQ(ParseLocalDeadline("2026-12-01T23:59:00+01:00"), Utc(2026, 12, 1, 22, 59));
  // No zone: read in UTC+14, so the deadline is never later than the hotel meant.
  EXPECT_EQ(ParseLocalDeadline("2026-12-01T23:59:00"), Utc(2026, 12, 1, 9, 59));
  EXPECT_EQ(ParseLocalDeadline("2026-12-01"), Utc(2026, 11, 30, 10, 0));
  EXPECT_FALSE(ParseLocalDeadline("tomorrow"));
}

}  // namespace
}  // namespace hotel

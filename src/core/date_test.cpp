#include "core/date.hpp"

#include <gtest/gtest.h>

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

TEST(Date, LocalDeadlinesWithoutAZoneTakeTheEarliestInstant) {
  EXPECT_EQ(ParseLocalDeadline("2026-12-01T23:59:00+01:00"), Utc(2026, 12, 1, 22, 59));
  // No zone: read in UTC+14, so the deadline is never later than the hotel meant.
  EXPECT_EQ(ParseLocalDeadline("2026-12-01T23:59:00"), Utc(2026, 12, 1, 9, 59));
  EXPECT_EQ(ParseLocalDeadline("2026-12-01"), Utc(2026, 11, 30, 10, 0));
  EXPECT_FALSE(ParseLocalDeadline("tomorrow"));
}

}  // namespace
}  // namespace hotel

// Calendar nights and hold states: strict dates, night counting across months and leap days.
#include "modules/inventory-service/model.hpp"

#include <gtest/gtest.h>

namespace hotel::inventory {
namespace {

TEST(InventoryModelTest, ParsesAndFormatsRealDatesOnly) {
  ASSERT_TRUE(ParseDate("2026-02-28"));
  EXPECT_EQ(FormatDate(*ParseDate("2026-02-28")), "2026-02-28");
  EXPECT_EQ(FormatDate(*ParseDate("2028-02-29")), "2028-02-29");
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "2026-01-01T00:00",
                          "1999-12-31", "abcd-ef-gh", "", "2026/01/01"}) {
    EXPECT_FALSE(ParseDate(bad)) << bad;
  }
}

TEST(InventoryModelTest, NightsOfAStayCrossMonthsAndExcludeCheckOut) {
  auto nights = NightsOf(*ParseDate("2028-02-28"), *ParseDate("2028-03-02"));
  ASSERT_EQ(nights.size(), 3u);
  EXPECT_EQ(FormatDate(nights[0]), "2028-02-28");
  EXPECT_EQ(FormatDate(nights[1]), "2028-02-29");
  EXPECT_EQ(FormatDate(nights[2]), "2028-03-01");
  EXPECT_TRUE(NightsOf(*ParseDate("2026-01-02"), *ParseDate("2026-01-02")).empty());
  EXPECT_EQ(*ParseDate("2027-01-01") - *ParseDate("2026-01-01"), 365);
}

TEST(InventoryModelTest, HoldStatusNamesRoundTrip) {
  for (auto s : {HoldStatus::held, HoldStatus::confirmed, HoldStatus::released, HoldStatus::expired}) {
    EXPECT_EQ(ParseHoldStatus(HoldStatusName(s)), s);
  }
  EXPECT_FALSE(ParseHoldStatus("cancelled"));
}

}  // namespace
}  // namespace hotel::inventory

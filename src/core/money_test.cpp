#include "core/money.hpp"

#include <gtest/gtest.h>

namespace hotel {
namespace {

TEST(Money, ParsesDecimalStringsExactly) {
  EXPECT_EQ(ParseDecimalMinor("205.40", "EUR"), 20540);
  EXPECT_EQ(ParseDecimalMinor("205.4", "EUR"), 20540);
  EXPECT_EQ(ParseDecimalMinor("205", "EUR"), 20500);
  EXPECT_EQ(ParseDecimalMinor("0.01", "USD"), 1);
  EXPECT_EQ(ParseDecimalMinor("-12.34", "USD"), -1234);
  EXPECT_EQ(ParseDecimalMinor("1500", "JPY"), 1500);
  EXPECT_EQ(ParseDecimalMinor("1.234", "KWD"), 1234);
  // 0.1 + 0.2 in binary floating point is not 0.3; here it is.
  EXPECT_EQ(*ParseDecimalMinor("0.1", "EUR") + *ParseDecimalMinor("0.2", "EUR"), *ParseDecimalMinor("0.3", "EUR"));
}

TEST(Money, RoundsExtraDigitsHalfAwayFromZero) {
  EXPECT_EQ(ParseDecimalMinor("12.345", "EUR"), 1235);
  EXPECT_EQ(ParseDecimalMinor("12.344999", "EUR"), 1234);
  EXPECT_EQ(ParseDecimalMinor("-12.345", "EUR"), -1235);
  EXPECT_EQ(ParseDecimalMinor("1500.5", "JPY"), 1501);
}

TEST(Money, RejectsAnythingElse) {
  for (const char* bad : {"", "-", "12.", ".5", "1e3", "12,50", "NaN", "inf", " 12", "12 ", "0x10", "1.2.3",
                          "99999999999999999999", "12a"}) {
    EXPECT_EQ(ParseDecimalMinor(bad, "EUR"), std::nullopt) << bad;
  }
  EXPECT_EQ(ParseDecimalMinor("12.00", "eur"), std::nullopt);
  EXPECT_EQ(ParseDecimalMinor("12.00", "EURO"), std::nullopt);
}

TEST(Money, FormatsByCurrencyPrecision) {
  EXPECT_EQ(FormatDecimal(20540, "EUR"), "205.40");
  EXPECT_EQ(FormatDecimal(5, "EUR"), "0.05");
  EXPECT_EQ(FormatDecimal(-5, "EUR"), "-0.05");
  EXPECT_EQ(FormatDecimal(1500, "JPY"), "1500");
  EXPECT_EQ(FormatDecimal(1234, "KWD"), "1.234");
  EXPECT_EQ(FormatDecimal(Money{0, "USD"}), "0.00");
  for (std::int64_t v : {0LL, 1LL, 99LL, 100LL, 123456789LL, -42LL}) {
    EXPECT_EQ(ParseDecimalMinor(FormatDecimal(v, "EUR"), "EUR"), v);
  }
}

TEST(Money, ScalesWithRounding) {
  EXPECT_EQ(ScaleRounded(1000, 15, 100), 150);
  EXPECT_EQ(ScaleRounded(1001, 1, 2), 501);   // 500.5 → 501
  EXPECT_EQ(ScaleRounded(-1001, 1, 2), -501);
  EXPECT_EQ(ScaleRounded(1003, 1, 3), 334);   // 334.33
  EXPECT_EQ(ScaleRounded(INT64_MAX / 2, 2, 2), INT64_MAX / 2);
}

}  // namespace
}  // namespace hotel

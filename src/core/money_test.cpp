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
  // Beyond int64: saturated, not wrapped (and no undefined behaviour under UBSan).
  EXPECT_EQ(ScaleRounded(INT64_MAX, 3, 1), INT64_MAX);
  EXPECT_EQ(ScaleRounded(INT64_MIN, 3, 1), INT64_MIN);
  EXPECT_EQ(ScaleRounded(5, 1, 0), 0);
}

TEST(Money, EveryParsedAmountIsInsideTheOneBound) {
  EXPECT_EQ(ParseDecimalMinor("9999999999999.99", "EUR"), kMaxAmountMinor - 1);
  EXPECT_EQ(ParseDecimalMinor("-9999999999999.99", "EUR"), -(kMaxAmountMinor - 1));
  EXPECT_EQ(ParseDecimalMinor("10000000000000.00", "EUR"), std::nullopt);
  EXPECT_EQ(ParseDecimalMinor("999999999999999", "JPY"), kMaxAmountMinor - 1);
  EXPECT_EQ(ParseDecimalMinor("1000000000000000", "JPY"), std::nullopt);
  EXPECT_EQ(ParseDecimalMinor("92233720368547758.07", "EUR"), std::nullopt);  // INT64_MAX
  EXPECT_EQ(ParseDecimalMinor("9999999999999.995", "EUR"), std::nullopt);     // rounds up onto the bound
  EXPECT_TRUE(AmountInBounds(kMaxAmountMinor - 1));
  EXPECT_FALSE(AmountInBounds(kMaxAmountMinor));
  EXPECT_FALSE(AmountInBounds(-kMaxAmountMinor));
  EXPECT_FALSE(AmountInBounds(INT64_MIN));
}

TEST(Money, CheckedArithmeticReportsOverflowInsteadOfWrapping) {
  EXPECT_EQ(CheckedAdd(1, 2), 3);
  EXPECT_EQ(CheckedAdd(INT64_MAX, 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(4611686018427387904, 4611686018427387904), std::nullopt);
  EXPECT_EQ(CheckedSub(INT64_MIN, 1), std::nullopt);
  EXPECT_EQ(CheckedSub(-9223372036854775807, 10), std::nullopt);
  EXPECT_EQ(CheckedSub(0, INT64_MIN), std::nullopt);
  EXPECT_EQ(CheckedMul(INT64_MAX, 2), std::nullopt);
  EXPECT_EQ(CheckedMul(-3, 4), -12);
  EXPECT_EQ(AddBounded(Money{kMaxAmountMinor - 2, "EUR"}, Money{1, "EUR"}), (Money{kMaxAmountMinor - 1, "EUR"}));
  EXPECT_EQ(AddBounded(Money{kMaxAmountMinor - 1, "EUR"}, Money{1, "EUR"}), std::nullopt);
  EXPECT_EQ(AddBounded(Money{1, "EUR"}, Money{1, "USD"}), std::nullopt);
}

}  // namespace
}  // namespace hotel

// Exchange-rate table and the conversion rule: minor digits, rounding, inverse rates.
#include "modules/pricing-service/fx.hpp"

#include <gtest/gtest.h>

namespace hotel::pricing {
namespace {

TEST(FxTest, SameCurrencyIsUnchanged) {
  FxTable t;
  auto m = Convert(Money{12345, "EUR"}, "EUR", t);
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (Money{12345, "EUR"}));
}

TEST(FxTest, UnknownPairIsNotFound) {
  FxTable t;
  auto m = Convert(Money{100, "EUR"}, "USD", t);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, Errc::not_found);
}

TEST(FxTest, ConvertsBetweenTwoDigitCurrencies) {
  FxTable t;
  ASSERT_TRUE(t.Set({"EUR", "CNY", 78'123'456'789}));  // 7.8123456789
  EXPECT_EQ(*Convert(Money{10000, "EUR"}, "CNY", t), (Money{78123, "CNY"}));  // 781.23456789
  EXPECT_EQ(*Convert(Money{1, "EUR"}, "CNY", t), (Money{8, "CNY"}));         // 0.078 → 0.08
  EXPECT_EQ(*Convert(Money{-1, "EUR"}, "CNY", t), (Money{-8, "CNY"}));       // symmetric
}

TEST(FxTest, RespectsJpyAndKwdMinorDigits) {
  FxTable t;
  ASSERT_TRUE(t.Set({"EUR", "JPY", 1'625'000'000'000}));  // 162.5
  ASSERT_TRUE(t.Set({"EUR", "KWD", 3'350'000'000}));      // 0.335
  // 1.00 EUR → 162.5 JPY → 163 yen (no minor digits, half away from zero).
  EXPECT_EQ(*Convert(Money{100, "EUR"}, "JPY", t), (Money{163, "JPY"}));
  EXPECT_EQ(*Convert(Money{-100, "EUR"}, "JPY", t), (Money{-163, "JPY"}));
  // 100.00 EUR → 33.500 KWD = 33500 fils.
  EXPECT_EQ(*Convert(Money{10000, "EUR"}, "KWD", t), (Money{33500, "KWD"}));
  // 0.01 EUR → 0.00335 KWD → 0.003 (3 fils).
  EXPECT_EQ(*Convert(Money{1, "EUR"}, "KWD", t), (Money{3, "KWD"}));
  // JPY → KWD through derived inverses is not chained: no direct pair, not_found.
  EXPECT_EQ(Convert(Money{1000, "JPY"}, "KWD", t).error().code, Errc::not_found);
}

TEST(FxTest, DerivesTheInverseWhenOnlyOneDirectionIsKnown) {
  FxTable t;
  ASSERT_TRUE(t.Set({"EUR", "JPY", 1'600'000'000'000}));  // 160
  ASSERT_TRUE(t.Get("JPY", "EUR"));
  EXPECT_EQ(*t.Get("JPY", "EUR"), 62'500'000);  // 10^20 / 1.6·10^12 = 0.00625
  EXPECT_EQ(*Convert(Money{16000, "JPY"}, "EUR", t), (Money{10000, "EUR"}));
  // Rounding of the inverse: 10^20 / 3·10^10 = 3333333333.33 → 3333333333; 2/3 → ...67.
  ASSERT_TRUE(t.Set({"USD", "GBP", 30'000'000'000}));
  EXPECT_EQ(*t.Get("GBP", "USD"), 3'333'333'333);
  ASSERT_TRUE(t.Set({"USD", "CHF", 15'000'000'000}));
  EXPECT_EQ(*t.Get("CHF", "USD"), 6'666'666'667);
}

TEST(FxTest, AnExplicitDirectionWinsOverTheDerivedInverse) {
  FxTable t;
  ASSERT_TRUE(t.Set({"EUR", "USD", 11'000'000'000}));
  ASSERT_TRUE(t.Set({"USD", "EUR", 9'000'000'000}));  // a spread: not the exact inverse
  EXPECT_EQ(*t.Get("USD", "EUR"), 9'000'000'000);
  EXPECT_TRUE(t.Remove("USD", "EUR"));
  EXPECT_EQ(*t.Get("USD", "EUR"), 9'090'909'091);
  EXPECT_EQ(t.Rates().size(), 1u);
}

TEST(FxTest, RejectsBadRates) {
  FxTable t;
  EXPECT_FALSE(t.Set({"EUR", "EUR", 10'000'000'000}));
  EXPECT_FALSE(t.Set({"eur", "USD", 10'000'000'000}));
  EXPECT_FALSE(t.Set({"EUR", "USD", 0}));
  EXPECT_FALSE(t.Set({"EUR", "USD", -5}));
  EXPECT_FALSE(t.Set({"EUR", "USD", FxTable::kMinRateE10 - 1}));
  EXPECT_FALSE(t.Set({"EUR", "USD", FxTable::kMaxRateE10 + 1}));
  EXPECT_TRUE(t.Set({"EUR", "USD", FxTable::kMinRateE10}));
  EXPECT_GT(*t.Get("USD", "EUR"), 0);
}

TEST(FxTest, RefusesAmountsBeyondTheExactRange) {
  FxTable t;
  ASSERT_TRUE(t.Set({"EUR", "USD", 11'000'000'000}));
  EXPECT_TRUE(Convert(Money{kMaxConvertibleMinor - 1, "EUR"}, "USD", t));
  EXPECT_EQ(Convert(Money{kMaxConvertibleMinor, "EUR"}, "USD", t).error().code, Errc::validation_failed);
  // A huge rate times an allowed amount can leave 64 bits: an error, not a wrapped value.
  ASSERT_TRUE(t.Set({"KWD", "JPY", FxTable::kMaxRateE10}));
  EXPECT_FALSE(Convert(Money{kMaxConvertibleMinor - 1, "KWD"}, "JPY", t));
}

}  // namespace
}  // namespace hotel::pricing

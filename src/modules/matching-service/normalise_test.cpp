// Normalisation: diacritics, scripts, abbreviations, stop words, phones.
#include "modules/matching-service/normalise.hpp"

#include <gtest/gtest.h>

namespace hotel::matching {
namespace {

using Tokens = std::vector<std::string>;

TEST(FoldText, LowercasesAndFoldsLatinDiacritics) {
  EXPECT_EQ(FoldText("München Schöneberg"), "munchen schoneberg");
  EXPECT_EQ(FoldText("Kraków Podgórze"), "krakow podgorze");
  EXPECT_EQ(FoldText("İSTANBUL Beyoğlu Şişli Kadıköy"), "istanbul beyoglu sisli kadikoy");
  EXPECT_EQ(FoldText("Straße Œuvre Łódź Ångström"), "strasse oeuvre lodz angstrom");
  EXPECT_EQ(FoldText("Champs-Élysées"), "champs elysees");
}

TEST(FoldText, PunctuationBecomesOneSpaceApostrophesVanish) {
  EXPECT_EQ(FoldText("  Jing'an,  (Shanghai)--Hotel!! "), "jingan shanghai hotel");
  EXPECT_EQ(FoldText("Rock & Roll"), "rock and roll");
  EXPECT_EQ(FoldText("O’Neill"), "oneill");
}

TEST(FoldText, TransliteratesCyrillic) {
  EXPECT_EQ(FoldText("Хилтон Москва Арбат"), "hilton moscow arbat");
  EXPECT_EQ(FoldText("Санкт-Петербург"), "saint petersburg");
  EXPECT_EQ(FoldText("Жуковка"), "zhukovka");  // letter by letter when no table entry
}

TEST(FoldText, SegmentsChineseAndJapanese) {
  EXPECT_EQ(FoldText("上海虹桥希尔顿酒店"), "shanghai hongqiao hilton hotel");
  EXPECT_EQ(FoldText("ヒルトン東京新宿"), "hilton tokyo shinjuku");
  EXPECT_EQ(FoldText("インターコンチネンタル大阪"), "intercontinental osaka");  // not "inn" + rest
}

TEST(FoldText, MapsArabicWordsWithOrWithoutTheArticle) {
  EXPECT_EQ(FoldText("فندق هيلتون دبي ديرة"), "hotel hilton dubai deira");
  EXPECT_EQ(FoldText("الزمالك"), "zamalek");
}

TEST(FoldText, SurvivesInvalidUtf8) { EXPECT_EQ(FoldText("a\xff\xfe" "b\xc3"), "a b"); }

TEST(NameTokens, ExpandsAbbreviationsAndDropsStopWords) {
  EXPECT_EQ(NameTokens("The Grand Htl Intl & Spa"), (Tokens{"grand", "international", "spa"}));
  EXPECT_EQ(NameTokens("St Mark Apts"), (Tokens{"saint", "mark", "apartments"}));
  EXPECT_EQ(NameTokens("Hotel Kempinski"), (Tokens{"kempinski"}));
  EXPECT_EQ(NameTokens("MOSKVA"), (Tokens{"moscow"}));
  EXPECT_EQ(NameTokens("Hotel Muenchen"), NameTokens("hotel münchen"));
  EXPECT_EQ(NameTokens("Courtyard by Marriott"), (Tokens{"courtyard", "marriott"}));
}

TEST(AddressTokens, ExpandsStreetAbbreviations) {
  EXPECT_EQ(AddressTokens("12 Station Rd."), (Tokens{"12", "station", "road"}));
  EXPECT_EQ(AddressTokens("5 Park Ave"), (Tokens{"5", "park", "avenue"}));
  EXPECT_EQ(AddressTokens("7 Saint Mark St"), (Tokens{"7", "saint", "mark", "street"}));
}

TEST(PhoneDigits, KeepsDigitsWithoutInternationalPrefix) {
  EXPECT_EQ(PhoneDigits("+86 (21) 5555-0123"), "862155550123");
  EXPECT_EQ(PhoneDigits("0086 21 5555 0123"), "862155550123");
  EXPECT_EQ(PhoneDigits("n/a"), "");
}

}  // namespace
}  // namespace hotel::matching

// Text normalisation for hotel matching: case, diacritics, local scripts, abbreviations.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotel::matching {

// Lowercase ASCII: Latin-1 Supplement and Latin Extended-A folded ("München" → "munchen",
// "Kraków" → "krakow", "ß" → "ss"); Cyrillic transliterated through a word table, else
// letter by letter (GOST-like); Chinese/Japanese segmented greedily against a word table
// (cities, districts, chains, "hotel"); Arabic words through a word table; punctuation and
// whitespace → one space; apostrophes dropped ("Jing'an" → "jingan"); "&" → "and".
// Characters of other scripts, and CJK/Arabic words missing from the tables, are dropped.
std::string FoldText(std::string_view utf8);

// Tokens of a hotel name: FoldText, abbreviations expanded (intl → international,
// htl → hotel, st → saint, apts → apartments …), spelling aliases unified (moskva → moscow,
// munich/muenchen → munchen), stop words dropped ("hotel", "the", "and", "by", articles).
std::vector<std::string> NameTokens(std::string_view name);

// Tokens of a street address, with street abbreviations expanded (st → street, rd → road …).
std::vector<std::string> AddressTokens(std::string_view address);

// Digits only, without an international "00" prefix: "+86 (21) 5555-0123" → "862155550123".
std::string PhoneDigits(std::string_view phone);

}  // namespace hotel::matching

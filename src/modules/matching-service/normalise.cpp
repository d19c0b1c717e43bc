// Normalisation tables and the UTF-8 walk behind FoldText / NameTokens / AddressTokens.
#include "modules/matching-service/normalise.hpp"

#include <array>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace hotel::matching {
namespace {

std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) {
      out.push_back(U'\uFFFD');
      ++i;
      continue;
    }
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    bool ok = true;
    for (int k = 1; k < len; ++k) {
      const auto cb = static_cast<unsigned char>(s[i + k]);
      if ((cb & 0xC0) != 0x80) ok = false;
      c = (c << 6) | (cb & 0x3F);
    }
    out.push_back(ok ? c : U'\uFFFD');
    i += ok ? len : 1;
  }
  return out;
}

// Latin-1 Supplement (U+00C0–U+00FF) and Latin Extended-A (U+0100–U+017F) → ASCII.
const std::array<std::string, 0x180 - 0xC0>& LatinFold() {
  static const auto table = [] {
    std::array<std::string, 0x180 - 0xC0> t;
    const char* latin1 =  // U+00C0..U+00FF, one entry per code point, '|' separated
        "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o| |o|u|u|u|u|y|th|ss|"
        "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o| |o|u|u|u|u|y|th|y";
    std::size_t k = 0;
    std::string cur;
    for (const char* p = latin1;; ++p) {
      if (*p == '|' || *p == '\0') {
        t[k++] = cur;
        cur.clear();
        if (*p == '\0') break;
      } else {
        cur.push_back(*p);
      }
    }
    // U+0100..U+017F as runs of one folding.
    const std::pair<int, const char*> runs[] = {
        {6, "a"}, {8, "c"},  {4, "d"}, {10, "e"}, {8, "g"}, {4, "h"}, {10, "i"}, {2, "ij"},
        {2, "j"}, {3, "k"},  {10, "l"}, {9, "n"}, {6, "o"}, {2, "oe"}, {6, "r"}, {8, "s"},
        {6, "t"}, {12, "u"}, {2, "w"}, {3, "y"},  {6, "z"}, {1, "s"}};
    for (const auto& [count, fold] : runs) {
      for (int i = 0; i < count; ++i) t[k++] = fold;
    }
    return t;
  }();
  return table;
}

std::string CyrillicLetter(char32_t c) {  // lowercase а..я, ё
  static const char* kLetters[32] = {"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k",
                                     "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh",
                                     "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"};
  if (c >= 0x430 && c <= 0x44F) return kLetters[c - 0x430];
  if (c == 0x451) return "e";
  return "";
}

using WordTable = std::unordered_map<std::u32string, std::string>;

WordTable MakeTable(std::initializer_list<std::pair<const char*, const char*>> entries) {
  WordTable t;
  for (const auto& [word, latin] : entries) t.emplace(Decode(word), latin);
  return t;
}

// Chinese and Japanese: the place names and chains the platform's cities carry, plus "hotel".
const WordTable& CjkWords() {
  static const WordTable t = MakeTable({
      {"上海", "shanghai"}, {"北京", "beijing"}, {"广州", "guangzhou"}, {"虹桥", "hongqiao"},
      {"浦东", "pudong"}, {"静安", "jingan"}, {"外滩", "bund"}, {"徐家汇", "xujiahui"},
      {"王府井", "wangfujing"}, {"朝阳", "chaoyang"}, {"海淀", "haidian"}, {"东城", "dongcheng"},
      {"天河", "tianhe"}, {"白云", "baiyun"}, {"越秀", "yuexiu"}, {"酒店", "hotel"}, {"饭店", "hotel"},
      {"宾馆", "hotel"}, {"希尔顿", "hilton"}, {"花园", "garden"}, {"逸林", "doubletree"},
      {"万豪", "marriott"}, {"万怡", "courtyard"}, {"喜来登", "sheraton"}, {"丽思卡尔顿", "ritz carlton"},
      {"诺富特", "novotel"}, {"宜必思", "ibis"}, {"索菲特", "sofitel"}, {"美居", "mercure"},
      {"洲际", "intercontinental"}, {"假日", "holiday inn"}, {"皇冠假日", "crowne plaza"},
      {"凯悦", "hyatt regency"}, {"柏悦", "park hyatt"}, {"凯宾斯基", "kempinski"}, {"丽笙", "radisson blu"},
      {"四季", "four seasons"}, {"华美达", "ramada"},
      {"東京", "tokyo"}, {"大阪", "osaka"}, {"新宿", "shinjuku"}, {"渋谷", "shibuya"}, {"銀座", "ginza"},
      {"上野", "ueno"}, {"梅田", "umeda"}, {"難波", "namba"}, {"新大阪", "shin osaka"}, {"ホテル", "hotel"},
      {"ヒルトン", "hilton"}, {"ガーデン", "garden"}, {"イン", "inn"}, {"マリオット", "marriott"},
      {"コートヤード", "courtyard"}, {"シェラトン", "sheraton"}, {"リッツ", "ritz"}, {"カールトン", "carlton"},
      {"ノボテル", "novotel"}, {"イビス", "ibis"}, {"ソフィテル", "sofitel"}, {"メルキュール", "mercure"},
      {"インターコンチネンタル", "intercontinental"}, {"ホリデイ", "holiday"}, {"クラウンプラザ", "crowne plaza"},
      {"ハイアット", "hyatt"}, {"リージェンシー", "regency"}, {"パーク", "park"}, {"ケンピンスキー", "kempinski"},
      {"ラディソン", "radisson"}, {"ブル", "blu"}, {"フォーシーズンズ", "four seasons"}, {"ラマダ", "ramada"},
  });
  return t;
}

// Russian words whose letter-by-letter transliteration is not the usual Latin spelling.
const WordTable& CyrillicWords() {
  static const WordTable t = MakeTable({
      {"москва", "moscow"}, {"санкт", "saint"}, {"петербург", "petersburg"}, {"кремль", "kremlin"},
      {"невский", "nevsky"}, {"проспект", "prospect"}, {"васильевский", "vasilyevsky"}, {"остров", "island"},
      {"петроградский", "petrogradsky"}, {"замоскворечье", "zamoskvorechye"}, {"тверская", "tverskaya"},
      {"гостиница", "hotel"}, {"отель", "hotel"}, {"хилтон", "hilton"}, {"гарден", "garden"}, {"инн", "inn"},
      {"дабл", "double"}, {"три", "tree"}, {"марриотт", "marriott"}, {"кортъярд", "courtyard"},
      {"шератон", "sheraton"}, {"ритц", "ritz"}, {"карлтон", "carlton"}, {"новотель", "novotel"},
      {"ибис", "ibis"}, {"софитель", "sofitel"}, {"меркюр", "mercure"},
      {"интерконтиненталь", "intercontinental"}, {"холидей", "holiday"}, {"кроун", "crowne"},
      {"плаза", "plaza"}, {"хаятт", "hyatt"}, {"ридженси", "regency"}, {"парк", "park"},
      {"кемпински", "kempinski"}, {"рэдиссон", "radisson"}, {"блу", "blu"}, {"бест", "best"},
      {"вестерн", "western"}, {"плюс", "plus"}, {"четыре", "four"}, {"сезона", "seasons"}, {"рамада", "ramada"},
  });
  return t;
}

const WordTable& ArabicWords() {
  static const WordTable t = MakeTable({
      {"دبي", "dubai"}, {"القاهرة", "cairo"}, {"ديرة", "deira"}, {"جميرا", "jumeirah"}, {"وسط", "downtown"},
      {"المدينة", ""}, {"المارينا", "marina"}, {"الزمالك", "zamalek"}, {"جاردن", "garden"}, {"سيتي", "city"},
      {"مصر", "heliopolis"}, {"الجديدة", ""}, {"فندق", "hotel"}, {"هيلتون", "hilton"}, {"ان", "inn"},
      {"ماريوت", "marriott"}, {"كورتيارد", "courtyard"}, {"شيراتون", "sheraton"}, {"ريتز", "ritz"},
      {"كارلتون", "carlton"}, {"نوفوتيل", "novotel"}, {"ايبيس", "ibis"}, {"سوفيتيل", "sofitel"},
      {"ميركيور", "mercure"}, {"انتركونتيننتال", "intercontinental"}, {"هوليداي", "holiday"},
      {"كراون", "crowne"}, {"بلازا", "plaza"}, {"حياة", "hyatt"}, {"ريجنسي", "regency"}, {"بارك", "park"},
      {"كمبينسكي", "kempinski"}, {"راديسون", "radisson"}, {"بلو", "blu"}, {"فور", "four"},
      {"سيزونز", "seasons"}, {"رمادا", "ramada"},
  });
  return t;
}

enum class Kind { kOther, kSpace, kCyrillic, kArabic, kCjk };

Kind Classify(char32_t c) {
  if (c >= 0x400 && c <= 0x4FF) return Kind::kCyrillic;
  if (c >= 0x600 && c <= 0x6FF) return Kind::kArabic;
  if ((c >= 0x3040 && c <= 0x30FA) || c == 0x30FC || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF)) {
    return Kind::kCjk;
  }
  return Kind::kOther;
}

char32_t LowerCyrillic(char32_t c) {
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c == 0x401) return 0x451;
  return c;
}

void AppendWord(std::string& out, const std::string& word) {
  out.push_back(' ');
  out += word;
  out.push_back(' ');
}

void AppendCyrillic(std::string& out, std::u32string word) {
  for (auto& c : word) c = LowerCyrillic(c);
  const auto& table = CyrillicWords();
  if (auto it = table.find(word); it != table.end()) return AppendWord(out, it->second);
  std::string latin;
  for (char32_t c : word) latin += CyrillicLetter(c);
  AppendWord(out, latin);
}

void AppendArabic(std::string& out, const std::u32string& word) {
  const auto& table = ArabicWords();
  if (auto it = table.find(word); it != table.end()) return AppendWord(out, it->second);
  const std::u32string article = U"\u0627\u0644";  // "al-"
  if (word.size() > 2 && word.compare(0, 2, article) == 0) {
    if (auto it = table.find(word.substr(2)); it != table.end()) return AppendWord(out, it->second);
  }
  // Unknown Arabic word: dropped (no reliable letter-level transliteration without vowels).
}

// Greedy longest match against the CJK table; characters no entry covers are dropped.
void AppendCjk(std::string& out, const std::u32string& run) {
  const auto& table = CjkWords();
  std::size_t pos = 0;
  while (pos < run.size()) {
    bool found = false;
    for (std::size_t len = std::min<std::size_t>(12, run.size() - pos); len > 0; --len) {
      if (auto it = table.find(run.substr(pos, len)); it != table.end()) {
        AppendWord(out, it->second);
        pos += len;
        found = true;
        break;
      }
    }
    if (!found) ++pos;
  }
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

using Replacements = std::unordered_map<std::string, std::string>;

const Replacements& NameReplacements() {
  static const Replacements t = {
      {"intl", "international"}, {"int", "international"}, {"htl", "hotel"}, {"st", "saint"}, {"ste", "sainte"},
      {"apts", "apartments"}, {"apt", "apartments"}, {"res", "residence"}, {"gdns", "gardens"},
      {"gdn", "garden"}, {"sq", "square"}, {"arpt", "airport"}, {"ctrl", "central"}, {"ctr", "centre"},
      {"center", "centre"}, {"stes", "suites"}, {"pal", "palace"}, {"mt", "mount"}, {"dwtn", "downtown"},
      {"harbor", "harbour"}, {"munich", "munchen"}, {"muenchen", "munchen"}, {"roma", "rome"},
      {"lisboa", "lisbon"}, {"moskva", "moscow"}, {"sankt", "saint"}, {"peterburg", "petersburg"},
      {"dubayy", "dubai"}, {"qahira", "cairo"}, {"zuerich", "zurich"}, {"doubletree", "double tree"}};
  return t;
}

const Replacements& AddressReplacements() {
  static const Replacements t = {{"st", "street"},      {"str", "street"},   {"rd", "road"},
                                 {"ave", "avenue"},     {"av", "avenue"},    {"blvd", "boulevard"},
                                 {"ln", "lane"},        {"sq", "square"},    {"pl", "place"},
                                 {"dr", "drive"},       {"hwy", "highway"},  {"n", "north"},
                                 {"s", "south"},        {"e", "east"},       {"w", "west"}};
  return t;
}

const std::unordered_set<std::string>& NameStopWords() {
  static const std::unordered_set<std::string> t = {"hotel", "hotels", "the", "and", "by", "a", "an", "of",
                                                    "de", "del", "della", "di", "da", "du", "des", "la",
                                                    "le", "les", "el", "al", "l", "d", "y", "und", "et"};
  return t;
}

std::vector<std::string> Tokens(std::string_view text, const Replacements& replacements,
                                const std::unordered_set<std::string>* stop) {
  std::vector<std::string> out;
  for (auto& token : Split(FoldText(text))) {
    if (auto it = replacements.find(token); it != replacements.end()) token = it->second;
    for (auto& word : Split(token)) {  // a replacement can be two words ("double tree")
      if (stop && stop->contains(word)) continue;
      out.push_back(std::move(word));
    }
  }
  return out;
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  const std::u32string cps = Decode(utf8);
  std::string raw;
  raw.reserve(utf8.size() + 8);
  std::size_t i = 0;
  while (i < cps.size()) {
    const char32_t c = cps[i];
    const Kind kind = Classify(c);
    if (kind == Kind::kCyrillic || kind == Kind::kArabic || kind == Kind::kCjk) {
      std::size_t j = i;
      while (j < cps.size() && Classify(cps[j]) == kind) ++j;
      const std::u32string run = cps.substr(i, j - i);
      if (kind == Kind::kCyrillic) AppendCyrillic(raw, run);
      else if (kind == Kind::kArabic) AppendArabic(raw, run);
      else AppendCjk(raw, run);
      i = j;
      continue;
    }
    ++i;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') raw.push_back(static_cast<char>(c - 'A' + 'a'));
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) raw.push_back(static_cast<char>(c));
      else if (c == '\'' || c == '`') continue;
      else if (c == '&') raw += " and ";
      else raw.push_back(' ');
    } else if (c >= 0xC0 && c < 0x180) {
      raw += LatinFold()[c - 0xC0];
    } else if (c == 0x2018 || c == 0x2019 || c == 0xB4) {
      continue;  // typographic apostrophes and the acute accent used as one
    } else {
      raw.push_back(' ');
    }
  }
  std::string out;  // collapse runs of spaces, trim
  out.reserve(raw.size());
  for (char ch : raw) {
    if (ch == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(ch);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<std::string> NameTokens(std::string_view name) {
  return Tokens(name, NameReplacements(), &NameStopWords());
}

std::vector<std::string> AddressTokens(std::string_view address) {
  return Tokens(address, AddressReplacements(), nullptr);
}

std::string PhoneDigits(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.size() > 2 && digits.compare(0, 2, "00") == 0) digits.erase(0, 2);
  return digits;
}

}  // namespace hotel::matching

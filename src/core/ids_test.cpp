#include "core/ids.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <vector>

namespace hotel {
namespace {

TEST(Ulid, HasTwentySixCrockfordCharacters) {
  const std::string id = NewUlid();
  ASSERT_EQ(id.size(), 26u);
  EXPECT_EQ(id.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ"), std::string::npos);
}

TEST(Ulid, EncodesTimestampInFirstTenCharacters) {
  // 1469918176385 ms encodes as "01ARYZ6S41" (ULID spec example).
  EXPECT_EQ(FormatUlid(1469918176385, {}), "01ARYZ6S410000000000000000");
  std::array<std::uint8_t, 10> ones;
  ones.fill(0xFF);
  EXPECT_EQ(FormatUlid(0, ones), "0000000000ZZZZZZZZZZZZZZZZ");
}

TEST(Ulid, SortsInCreationOrderWithinOneMillisecond) {
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(1);
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(NewUlid(t));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
}

TEST(Id, CarriesKindPrefixAndValidates) {
  const std::string id = NewId("ord");
  EXPECT_EQ(id.substr(0, 4), "ord_");
  EXPECT_TRUE(IsId(id, "ord"));
  EXPECT_FALSE(IsId(id, "qte"));
  EXPECT_FALSE(IsId("ord_", "ord"));
  EXPECT_FALSE(IsId("ord_01arz3ndektsv4rrffq69g5fa!", "ord"));
  EXPECT_FALSE(IsId("ord_81arz3ndektsv4rrffq69g5fav", "ord"));  // overflows 128 bits
}

}  // namespace
}  // namespace hotel

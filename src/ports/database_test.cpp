// SqlRow accessors read values the way either engine returns them.
#include "ports/database.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace hotel::ports {
namespace {

SqlRow Row(std::vector<SqlValue> values) { return SqlRow{std::move(values)}; }

TEST(SqlRowTest, GetIntReadsIntegersBoolsAndNumericStrings) {
  auto row = Row({std::int64_t{42}, true, false, std::string("-17"), std::string("42.000"),
                  3.0, SqlNull(), std::string("abc"), 2.5});
  EXPECT_EQ(row.GetInt(0), 42);
  EXPECT_EQ(row.GetInt(1), 1);
  EXPECT_EQ(row.GetInt(2), 0);
  EXPECT_EQ(row.GetInt(3), -17);
  EXPECT_EQ(row.GetInt(4), 42);  // PostgreSQL NUMERIC with a scale
  EXPECT_EQ(row.GetInt(5), 3);
  EXPECT_EQ(row.GetInt(6), 0);
  EXPECT_EQ(row.GetInt(7), 0);
  EXPECT_EQ(row.GetInt(8), 0);  // not a whole number: no silent truncation
}

TEST(SqlRowTest, GetIntKeepsTheFullInt64Range) {
  auto row = Row({std::string("9223372036854775807"), std::string("-9223372036854775808"),
                  std::numeric_limits<std::int64_t>::min()});
  EXPECT_EQ(row.GetInt(0), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(row.GetInt(1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(row.GetInt(2), std::numeric_limits<std::int64_t>::min());
}

TEST(SqlRowTest, GetBoolReadsBoolIntegerAndPostgresText) {
  auto row = Row({true, std::int64_t{0}, std::int64_t{1}, std::string("t"), std::string("f"),
                  std::string("true"), std::string("FALSE"), std::string("1"), std::string("0"),
                  SqlNull()});
  EXPECT_TRUE(row.GetBool(0));
  EXPECT_FALSE(row.GetBool(1));
  EXPECT_TRUE(row.GetBool(2));
  EXPECT_TRUE(row.GetBool(3));
  EXPECT_FALSE(row.GetBool(4));
  EXPECT_TRUE(row.GetBool(5));
  EXPECT_FALSE(row.GetBool(6));
  EXPECT_TRUE(row.GetBool(7));
  EXPECT_FALSE(row.GetBool(8));
  EXPECT_FALSE(row.GetBool(9));
}

TEST(SqlRowTest, GetStringFormatsNumbersAndBools) {
  auto row = Row({std::string("héllo"), std::int64_t{-5}, 0.1, true, SqlNull(), 1e300});
  EXPECT_EQ(row.GetString(0), "héllo");
  EXPECT_EQ(row.GetString(1), "-5");
  EXPECT_EQ(row.GetString(2), "0.1");  // shortest form that reads back as the same double
  EXPECT_EQ(row.GetString(3), "true");
  EXPECT_EQ(row.GetString(4), "");
  EXPECT_EQ(std::stod(row.GetString(5)), 1e300);
}

TEST(SqlRowTest, GetDoubleReadsFloatsIntegersAndNumericText) {
  auto row = Row({0.25, std::int64_t{3}, std::string("1.5"), SqlNull()});
  EXPECT_DOUBLE_EQ(row.GetDouble(0), 0.25);
  EXPECT_DOUBLE_EQ(row.GetDouble(1), 3.0);
  EXPECT_DOUBLE_EQ(row.GetDouble(2), 1.5);
  EXPECT_DOUBLE_EQ(row.GetDouble(3), 0.0);
}

TEST(SqlRowTest, OptionalAccessorsMapNullToNullopt) {
  auto row = Row({SqlNull(), std::int64_t{7}, std::string("x"), true, 1.5});
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_FALSE(row.IsNull(1));
  EXPECT_EQ(row.GetOptInt(0), std::nullopt);
  EXPECT_EQ(row.GetOptInt(1), 7);
  EXPECT_EQ(row.GetOptString(0), std::nullopt);
  EXPECT_EQ(row.GetOptString(2), "x");
  EXPECT_EQ(row.GetOptBool(0), std::nullopt);
  EXPECT_EQ(row.GetOptBool(3), true);
  EXPECT_EQ(row.GetOptDouble(0), std::nullopt);
  EXPECT_EQ(row.GetOptDouble(4), 1.5);
}

TEST(SqlResultTest, ColumnFindsIndexByName) {
  SqlResult result;
  result.columns = {"id", "name", "enabled"};
  EXPECT_EQ(result.Column("id"), 0u);
  EXPECT_EQ(result.Column("enabled"), 2u);
}

}  // namespace
}  // namespace hotel::ports

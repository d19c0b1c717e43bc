#include "runtime/json.hpp"

#include <gtest/gtest.h>

namespace hotel::runtime {
namespace {

TEST(ParseJson, MalformedJsonNamesLineColumnAndByte) {
  auto r = ParseJson("{\n  \"a\": 1,\n  \"b\": }");
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "body");
  EXPECT_NE(r.error().fields[0].message.find("line 3, column 8"), std::string::npos) << r.error().fields[0].message;
}

TEST(ParseJson, RejectsTrailingGarbageAndEmptyBody) {
  EXPECT_TRUE(ParseJson("{} x").has_error());
  EXPECT_TRUE(ParseJson("").has_error());
  EXPECT_TRUE(ParseJson("{\"a\":").has_error());
  EXPECT_FALSE(ParseJson(" {\"a\": [1, 2]} \n").has_error());
}

TEST(ParseJson, RejectsExcessiveNesting) {
  std::string deep(200, '[');
  deep += std::string(200, ']');
  EXPECT_TRUE(ParseJson(deep).has_error());
}

TEST(JsonReader, CollectsEveryBadFieldWithItsPath) {
  auto v = ParseJson(R"({"checkIn": 5, "rooms": [{"adults": 2}, {"adults": "two"}, {}], "extra": true})").value();
  JsonReader r(v);
  r.Required<std::string>("checkIn");
  r.Required<std::string>("checkOut");
  r.Array("rooms", true, [](JsonReader& room) { room.Required<int>("adults"); });
  r.NoOtherFields({"checkIn", "checkOut", "rooms"});
  auto err = r.Finish();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, Errc::validation_failed);
  std::vector<FieldError> expected = {
      {"checkIn", "must be a string"},
      {"checkOut", "is required"},
      {"rooms[1].adults", "must be an integer"},
      {"rooms[2].adults", "is required"},
      {"extra", "is not a known field"},
  };
  EXPECT_EQ(err->fields, expected);
}

TEST(JsonReader, IntegersAreNeverTruncatedOrOverflowed) {
  auto v = ParseJson(R"({"a": 1.5, "b": 3000000000, "c": 18446744073709551615, "d": 42})").value();
  JsonReader r(v);
  r.Required<std::int64_t>("a");
  r.Required<int>("b");
  r.Required<std::int64_t>("c");
  EXPECT_EQ(r.Required<int>("d"), 42);
  auto err = r.Finish();
  ASSERT_TRUE(err);
  ASSERT_EQ(err->fields.size(), 3u);
  EXPECT_EQ(err->fields[0].message, "must be an integer");
  EXPECT_EQ(err->fields[1].message, "is out of range");
  EXPECT_EQ(err->fields[2].message, "is out of range");
}

TEST(JsonReader, OptionalFieldsAndNestedObjects) {
  auto v = ParseJson(R"({"contact": {"email": "a@b.c"}, "note": null})").value();
  JsonReader r(v);
  EXPECT_FALSE(r.Optional<std::string>("note"));
  EXPECT_FALSE(r.Optional<std::string>("missing"));
  std::string email;
  r.Object("contact", true, [&](JsonReader& c) { email = c.Required<std::string>("email"); });
  r.Object("guest", false, [&](JsonReader&) { FAIL() << "absent optional object visited"; });
  EXPECT_EQ(email, "a@b.c");
  EXPECT_FALSE(r.Finish());
}

TEST(JsonReader, NonObjectBodyIsOneError) {
  auto v = ParseJson("[1,2]").value();
  JsonReader r(v);
  r.Required<std::string>("x");
  auto err = r.Finish();
  ASSERT_TRUE(err);
  ASSERT_EQ(err->fields.size(), 1u);
  EXPECT_EQ(err->fields[0].field, "body");
}

TEST(JsonReader, CheckAddsConstraintErrorsOnce) {
  auto v = ParseJson(R"({"adults": 0})").value();
  JsonReader r(v);
  const int adults = r.Required<int>("adults");
  r.Check("adults", adults >= 1, "must be at least 1");
  r.Check("adults", adults <= 9, "must be at most 9");
  auto err = r.Finish();
  ASSERT_TRUE(err);
  ASSERT_EQ(err->fields.size(), 1u);
  EXPECT_EQ(err->fields[0].message, "must be at least 1");
}

}  // namespace
}  // namespace hotel::runtime

// Events: the JSON form round-trips and malformed input is rejected naming the field; the
// outbox insert and ConsumeOnce on a migrated SQLite database.
#include "events/events.hpp"

#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "storage/migrator.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace hotel::events {
namespace {

namespace json = boost::json;

const ManualClock kClock(Instant(std::chrono::milliseconds(1'790'000'000'123)));

Event Sample() {
  auto e = MakeEvent("order.confirmed", "order", "ord_1", "tnt_1",
                     json::object{{"total", json::object{{"amount", 123450}, {"currency", "CNY"}}}}, kClock,
                     "0af7651916cd43dd8448eb211c80319c");
  e.sequence = 42;
  return e;
}

TEST(EventJson, RoundTripsEveryField) {
  const Event e = Sample();
  auto back = EventFromJson(json::value(EventToJson(e)));
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->id, e.id);
  EXPECT_TRUE(e.id.starts_with("evt_"));
  EXPECT_EQ(back->type, "order.confirmed");
  EXPECT_EQ(back->aggregate_type, "order");
  EXPECT_EQ(back->aggregate_id, "ord_1");
  EXPECT_EQ(back->tenant_id, "tnt_1");
  EXPECT_EQ(back->occurred_at, e.occurred_at);
  EXPECT_EQ(back->trace_id, e.trace_id);
  EXPECT_EQ(back->sequence, 42);
  EXPECT_EQ(back->payload, e.payload);
  EXPECT_EQ(EventToJson(e).at("occurredAt").as_string(), "2026-09-21T14:13:20.123Z");
}

// Each case: a field replaced (or removed) in a valid event, and the field the error must name.
struct Malformed {
  std::string field;
  std::string json_value;  // "" removes the field
};

TEST(EventJson, RejectsMalformedInputNamingTheField) {
  const Malformed cases[] = {
      {"id", ""},           {"id", "\"ord_01jd\""},   {"id", "7"},
      {"type", ""},         {"type", "\"\""},         {"type", "[]"},
      {"aggregateType", ""}, {"aggregateId", "{}"},   {"tenantId", "1"},
      {"occurredAt", ""},   {"occurredAt", "\"2026-01-01T10:00:00\""}, {"occurredAt", "\"yesterday\""},
      {"sequence", "-1"},   {"sequence", "1.5"},      {"sequence", "\"3\""},
      {"payload", ""},      {"payload", "[1]"},       {"traceId", "false"},
  };
  for (const auto& c : cases) {
    auto o = EventToJson(Sample());
    if (c.json_value.empty()) {
      o.erase(c.field);
    } else {
      o[c.field] = json::parse(c.json_value);
    }
    auto r = EventFromJson(o);
    ASSERT_FALSE(r) << c.field << " = " << c.json_value;
    EXPECT_EQ(r.error().code, Errc::validation_failed);
    ASSERT_EQ(r.error().fields.size(), 1u);
    EXPECT_EQ(r.error().fields[0].field, c.field) << c.json_value;
  }
  EXPECT_FALSE(EventFromJson(json::parse("[1,2]")));
  EXPECT_FALSE(EventFromJson(json::parse("\"evt\"")));
  EXPECT_FALSE(EventFromJson(json::value(nullptr)));
}

TEST(EventJson, OptionalFieldsMayBeAbsent) {
  auto o = EventToJson(Sample());
  o.erase("tenantId");
  o.erase("traceId");
  o.erase("sequence");
  auto r = EventFromJson(o);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->tenant_id, "");
  EXPECT_EQ(r->sequence, 0);
}

class OutboxSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = scratch_.url()});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up());
  }
  std::int64_t Count(const std::string& sql) {
    auto r = db_->Execute(sql);
    EXPECT_TRUE(r);
    return r ? r->rows.at(0).GetInt(0) : -1;
  }
  adapters::testing::SqliteFileScratch scratch_;
  std::unique_ptr<ports::Database> db_;
};

TEST_F(OutboxSqlTest, AppendsManyEventsInBatchesInOneTransaction) {
  std::vector<Event> events;
  for (int i = 0; i < 450; ++i) events.push_back(MakeEvent("search.completed", "search", "s" + std::to_string(i), "", {}, kClock));
  ASSERT_TRUE(db_->Transaction([&](ports::SqlSession& s) { return AppendToOutbox(s, events); }));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE published_at IS NULL AND attempts = 0"), 450);
  // Sequence follows the order of the vector.
  auto r = db_->Execute("SELECT aggregate_id FROM outbox ORDER BY sequence");
  ASSERT_TRUE(r);
  for (int i = 0; i < 450; ++i) EXPECT_EQ(r->rows[i].GetString(0), "s" + std::to_string(i));
}

TEST_F(OutboxSqlTest, AppendIsUndoneWithItsTransaction) {
  auto r = db_->Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (auto ok = AppendToOutbox(s, Sample()); !ok) return ok;
    return Error::Conflict("the state change failed");
  });
  EXPECT_FALSE(r);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox"), 0);
}

TEST_F(OutboxSqlTest, ConsumeOnceIsTrueOnlyTheFirstTimePerConsumer) {
  auto consume = [&](std::string_view consumer, std::string_view id) {
    bool first = false;
    EXPECT_TRUE(db_->Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto r = ConsumeOnce(s, consumer, id);
      if (!r) return r.error();
      first = *r;
      return Ok();
    }));
    return first;
  };
  EXPECT_TRUE(consume("billing", "evt_a"));
  EXPECT_FALSE(consume("billing", "evt_a"));
  EXPECT_TRUE(consume("analytics", "evt_a"));
  EXPECT_TRUE(consume("billing", "evt_b"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM consumed_events"), 3);
}

}  // namespace
}  // namespace hotel::events

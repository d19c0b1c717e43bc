// Writing to the outbox and recording consumed events, inside the caller's transaction.
#include "events/events.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>

namespace hotel::events {
namespace {

using ports::SqlValue;

// 8 parameters a row: 200 rows stay far below both engines' limits on bound parameters
// (SQLite 32766, PostgreSQL 65535) while one statement still carries a whole buffer flush.
constexpr std::size_t kRowsPerInsert = 200;
constexpr int kColumns = 8;

Result<void> InsertBatch(ports::SqlSession& session, std::span<const Event> events) {
  std::string sql =
      "INSERT INTO outbox (id, type, aggregate_type, aggregate_id, tenant_id, payload, occurred_at, trace_id) VALUES ";
  std::vector<SqlValue> params;
  params.reserve(events.size() * kColumns);
  for (std::size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    sql += i == 0 ? "(" : ", (";
    for (int c = 0; c < kColumns; ++c) {
      if (c) sql += ", ";
      sql += "$" + std::to_string(i * kColumns + c + 1);
    }
    sql += ")";
    params.emplace_back(e.id);
    params.emplace_back(e.type);
    params.emplace_back(e.aggregate_type);
    params.emplace_back(e.aggregate_id);
    params.emplace_back(e.tenant_id);
    params.emplace_back(boost::json::serialize(e.payload));
    params.emplace_back(FormatIso8601(e.occurred_at));
    params.emplace_back(e.trace_id);
  }
  // Nothing reads its answer: in a transaction it goes out with the next statement or the
  // commit (SqlSession::Defer), one round trip less per state change.
  return session.Defer(sql, params);
}

}  // namespace

Result<void> AppendToOutbox(ports::SqlSession& session, const Event& event) {
  return InsertBatch(session, std::span<const Event>(&event, 1));
}

Result<void> AppendToOutbox(ports::SqlSession& session, const std::vector<Event>& events) {
  std::span<const Event> all(events);
  for (std::size_t at = 0; at < all.size(); at += kRowsPerInsert) {
    auto r = InsertBatch(session, all.subspan(at, std::min(kRowsPerInsert, all.size() - at)));
    if (!r) return r;
  }
  return Ok();
}

Result<bool> ConsumeOnce(ports::SqlSession& session, std::string_view consumer, std::string_view event_id) {
  const SqlValue p[] = {std::string(consumer), std::string(event_id)};
  auto r = session.Execute("INSERT INTO consumed_events (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

}  // namespace hotel::events

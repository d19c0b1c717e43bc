// Inventory's SQL. Nights and stay dates are DATE on PostgreSQL and 'YYYY-MM-DD' text on
// SQLite; both read back through CAST(... AS TEXT). Timestamps are written by the application.
#include "modules/inventory-service/repository.hpp"
#include "ports/sql_text.hpp"

namespace hotel::inventory {
namespace {

using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }

AllotmentNight ReadNight(const SqlRow& r) {
  AllotmentNight n;
  n.hotel_id = r.GetString(0);
  n.room_type = r.GetString(1);
  n.night = r.GetString(2);
  n.total = r.GetInt(3);
  n.sold = r.GetInt(4);
  n.held = r.GetInt(5);
  n.updated_at = r.GetString(6);
  return n;
}

Hold ReadHold(const SqlRow& r) {
  Hold h;
  h.id = r.GetString(0);
  h.hotel_id = r.GetString(1);
  h.room_type = r.GetString(2);
  h.check_in = r.GetString(3);
  h.check_out = r.GetString(4);
  h.rooms = static_cast<int>(r.GetInt(5));
  h.status = ParseHoldStatus(r.GetString(6)).value_or(HoldStatus::expired);
  h.expires_at = r.GetString(7);
  h.reference = r.GetOptString(8);
  h.created_at = r.GetString(9);
  h.updated_at = r.GetString(10);
  return h;
}

constexpr std::string_view kNightColumns =
    "hotel_id, room_type, CAST(night AS TEXT), total, sold, held, ";

}  // namespace

std::string Repository::Ts(std::string_view column) const {
  return ports::TimestampText(dialect_, column);
}

std::string Repository::HoldColumns() const {
  return "id, hotel_id, room_type, CAST(check_in AS TEXT), CAST(check_out AS TEXT), rooms, status, " +
         Ts("expires_at") + ", reference, " + Ts("created_at") + ", " + Ts("updated_at");
}

Result<bool> Repository::UpsertTotal(ports::SqlSession& s, const NightKey& key, int total, const std::string& now) {
  const SqlValue p[] = {Text(key.hotel_id), Text(key.room_type), Text(key.night), Int(total), Text(now)};
  auto r = s.Execute(
      "INSERT INTO allotments (hotel_id, room_type, night, total, sold, held, updated_at) "
      "VALUES ($1, $2, $3, $4, 0, 0, $5) "
      "ON CONFLICT (hotel_id, room_type, night) DO UPDATE SET total = excluded.total, updated_at = excluded.updated_at "
      "WHERE allotments.sold + allotments.held <= excluded.total",
      p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<std::optional<AllotmentNight>> Repository::FindNight(ports::SqlSession& s, const NightKey& key) {
  const SqlValue p[] = {Text(key.hotel_id), Text(key.room_type), Text(key.night)};
  auto r = s.Execute(std::string("SELECT ") + std::string(kNightColumns) + Ts("updated_at") +
                         " FROM allotments WHERE hotel_id = $1 AND room_type = $2 AND night = $3",
                     p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<AllotmentNight>{};
  return std::optional<AllotmentNight>(ReadNight(r->rows.front()));
}

Result<std::vector<AllotmentNight>> Repository::ListNights(ports::SqlSession& s, const std::string& hotel_id,
                                                           const std::optional<std::string>& room_type, Date from,
                                                           Date to) {
  std::vector<SqlValue> p = {Text(hotel_id), Text(FormatDate(from)), Text(FormatDate(to))};
  std::string sql = std::string("SELECT ") + std::string(kNightColumns) + Ts("updated_at") +
                    " FROM allotments WHERE hotel_id = $1 AND night >= $2 AND night <= $3";
  if (room_type) {
    p.push_back(Text(*room_type));
    sql += " AND room_type = $4";
  }
  sql += " ORDER BY room_type, night";
  auto r = s.Execute(sql, p);
  if (!r) return r.error();
  std::vector<AllotmentNight> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadNight(row));
  return out;
}

Result<bool> Repository::Move(ports::SqlSession& s, const NightKey& key, StockMove move, int n,
                              const std::string& now) {
  std::string_view change;
  switch (move) {
    case StockMove::take_held: change = "held = held + $1 WHERE total - sold - held >= $1"; break;
    case StockMove::held_to_sold: change = "held = held - $1, sold = sold + $1 WHERE held >= $1"; break;
    case StockMove::return_held: change = "held = held - $1 WHERE held >= $1"; break;
    case StockMove::return_sold: change = "sold = sold - $1 WHERE sold >= $1"; break;
  }
  // `change` ends in its guard; the key is appended to the same WHERE.
  const std::string set(change.substr(0, change.find(" WHERE ")));
  const std::string guard(change.substr(change.find(" WHERE ") + 7));
  const SqlValue p[] = {Int(n), Text(now), Text(key.hotel_id), Text(key.room_type), Text(key.night)};
  auto r = s.Execute("UPDATE allotments SET " + set + ", updated_at = $2 WHERE hotel_id = $3 AND room_type = $4 "
                     "AND night = $5 AND " + guard,
                     p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<void> Repository::InsertHold(ports::SqlSession& s, const Hold& h) {
  const SqlValue p[] = {Text(h.id),        Text(h.hotel_id),
                        Text(h.room_type), Text(h.check_in),
                        Text(h.check_out), Int(h.rooms),
                        Text(HoldStatusName(h.status)), Text(h.expires_at),
                        h.reference ? Text(*h.reference) : ports::SqlNull(), Text(h.created_at),
                        Text(h.updated_at)};
  auto r = s.Execute(
      "INSERT INTO allotment_holds (id, hotel_id, room_type, check_in, check_out, rooms, status, expires_at, "
      "reference, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<Hold>> Repository::FindHold(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT " + HoldColumns() + " FROM allotment_holds WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<Hold>{};
  return std::optional<Hold>(ReadHold(r->rows.front()));
}

Result<std::optional<Hold>> Repository::FindHoldByReference(ports::SqlSession& s, const std::string& reference) {
  const SqlValue p[] = {Text(reference)};
  auto r = s.Execute("SELECT " + HoldColumns() + " FROM allotment_holds WHERE reference = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<Hold>{};
  return std::optional<Hold>(ReadHold(r->rows.front()));
}

Result<bool> Repository::Transition(ports::SqlSession& s, const std::string& id, HoldStatus from, HoldStatus to,
                                    const std::string& now, ExpiryGuard guard) {
  std::string sql = "UPDATE allotment_holds SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4";
  if (guard == ExpiryGuard::live) sql += " AND expires_at > $2";
  if (guard == ExpiryGuard::expired) sql += " AND expires_at <= $2";
  const SqlValue p[] = {Text(HoldStatusName(to)), Text(now), Text(id), Text(HoldStatusName(from))};
  auto r = s.Execute(sql, p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<std::vector<std::string>> Repository::ExpiredHoldIds(ports::SqlSession& s, const std::string& now, int limit) {
  const SqlValue p[] = {Text(now), Int(limit)};
  auto r = s.Execute(
      "SELECT id FROM allotment_holds WHERE status = 'held' AND expires_at <= $1 ORDER BY expires_at, id LIMIT $2", p);
  if (!r) return r.error();
  std::vector<std::string> out;
  for (const auto& row : r->rows) out.push_back(row.GetString(0));
  return out;
}

}  // namespace hotel::inventory

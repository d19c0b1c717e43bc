// Order-service SQL. Instants are written as ISO 8601 text and read back as such on both
// engines (to_char on PostgreSQL); JSON documents are text, written and read whole.
#include "modules/order-service/repository.hpp"
#include "ports/lease.hpp"
#include "ports/sql_text.hpp"

#include <boost/json.hpp>

namespace hotel::orders {
namespace {

namespace json = boost::json;
using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }
SqlValue OptText(const std::optional<std::string>& s) { return s ? Text(*s) : ports::SqlNull(); }
SqlValue OptInt(const std::optional<std::int64_t>& v) { return v ? Int(*v) : ports::SqlNull(); }
std::string Ser(const json::value& v) { return json::serialize(v); }
json::value Parse(const std::string& text) {
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  return ec ? json::value() : v;
}
json::object ParseObject(const std::string& text) {
  auto v = Parse(text);
  return v.is_object() ? v.as_object() : json::object{};
}
json::array ParseArray(const std::string& text) {
  auto v = Parse(text);
  return v.is_array() ? v.as_array() : json::array{};
}

constexpr std::string_view kQuoteColumns =
    "id, tenant_id, tenant_path, created_by, offer_json, master_hotel_id, hotel_name, status, price_minor, currency, "
    "previous_price_minor, net_minor, net_currency, breakdown_json, cancellation_json, refundable, ";

supplier::QuoteStatus ParseQuoteStatus(const std::string& s) {
  if (s == "price_changed") return supplier::QuoteStatus::kPriceChanged;
  if (s == "sold_out") return supplier::QuoteStatus::kSoldOut;
  return supplier::QuoteStatus::kAvailable;
}

// A stored amount beyond core/money's one bound (written by hand or by an older version): an
// error naming the row, never a number whose arithmetic overflows later.
Error OutOfBounds(std::string_view what, const std::string& id) {
  return Error::Internal("The " + std::string(what) + " " + id +
                         " holds an amount beyond the platform's bound; it needs an operator's correction.");
}

Result<QuoteRecord> ReadQuote(const SqlRow& r) {
  QuoteRecord q;
  q.id = r.GetString(0);
  q.tenant_id = r.GetString(1);
  q.tenant_path = r.GetString(2);
  q.created_by = r.GetString(3);
  auto offer = OfferDataFromJson(Parse(r.GetString(4)));
  if (!offer) return offer.error();
  q.offer = std::move(*offer);
  q.master_hotel_id = r.GetString(5);
  q.hotel_name = r.GetOptString(6);
  q.status = ParseQuoteStatus(r.GetString(7));
  q.price = Money{r.GetInt(8), r.GetString(9)};
  if (auto prev = r.GetOptInt(10)) q.previous_price = Money{*prev, q.price.currency};
  q.net = Money{r.GetInt(11), r.GetString(12)};
  q.breakdown = ParseObject(r.GetString(13));
  q.cancellation = PolicyFromJson(Parse(r.GetString(14)));
  q.refundable = r.GetBool(15);
  q.expires_at = r.GetString(16);
  q.created_at = r.GetString(17);
  if (!AmountInBounds(q.price.minor) || !AmountInBounds(q.net.minor) ||
      (q.previous_price && !AmountInBounds(q.previous_price->minor))) {
    return OutOfBounds("quote", q.id);
  }
  return q;
}

Result<OrderRecord> ReadOrder(const SqlRow& r) {
  OrderRecord o;
  std::size_t i = 0;
  o.id = r.GetString(i++);
  o.tenant_id = r.GetString(i++);
  o.tenant_path = r.GetString(i++);
  o.quote_id = r.GetString(i++);
  o.client_reference = r.GetString(i++);
  o.supplier_reference_key = r.GetString(i++);
  o.supplier = r.GetString(i++);
  o.hotel_code = r.GetString(i++);
  o.master_hotel_id = r.GetString(i++);
  o.hotel_name = r.GetOptString(i++);
  o.check_in = ParseDate(r.GetString(i++)).value_or(Date{});
  o.check_out = ParseDate(r.GetString(i++)).value_or(Date{});
  o.rooms = ParseArray(r.GetString(i++));
  o.guests = ParseArray(r.GetString(i++));
  o.contact = ParseObject(r.GetString(i++));
  o.lead_guest = r.GetString(i++);
  o.remark = r.GetOptString(i++);
  o.room_name = r.GetString(i++);
  o.board = r.GetString(i++);
  o.status = ParseStatus(r.GetString(i++)).value_or(OrderStatus::kPending);
  o.status_reason = r.GetOptString(i++);
  o.price.minor = r.GetInt(i++);
  o.price.currency = r.GetString(i++);
  o.net.minor = r.GetInt(i++);
  o.net.currency = r.GetString(i++);
  o.breakdown = ParseObject(r.GetString(i++));
  o.credit = SharesFromJson(Parse(r.GetString(i++)));
  o.cancellation = PolicyFromJson(Parse(r.GetString(i++)));
  o.refundable = r.GetBool(i++);
  o.supplier_booking_reference = r.GetOptString(i++);
  o.risk_score = static_cast<int>(r.GetInt(i++));
  o.risk_reasons = ParseArray(r.GetString(i++));
  o.reviewed_by = r.GetOptString(i++);
  o.reviewed_at = r.GetOptString(i++);
  o.cancel_penalty_minor = r.GetOptInt(i++);
  o.refunded_minor = r.GetOptInt(i++);
  o.expires_at = r.GetString(i++);
  o.created_by = r.GetString(i++);
  o.created_at = r.GetString(i++);
  o.updated_at = r.GetString(i++);
  o.version = r.GetInt(i++);
  o.worker = r.GetOptString(i++);
  o.worker_until = r.GetOptString(i++);
  o.booking_started_at = r.GetOptString(i++);
  o.next_check_at = r.GetOptString(i++);
  o.checks = static_cast<int>(r.GetInt(i++));
  o.watch_until = r.GetOptString(i++);
  for (auto minor : {std::optional<std::int64_t>(o.price.minor), std::optional<std::int64_t>(o.net.minor),
                     o.cancel_penalty_minor, o.refunded_minor}) {
    if (minor && !AmountInBounds(*minor)) return OutOfBounds("order", o.id);
  }
  return o;
}

Result<std::vector<OrderRecord>> ReadOrders(Result<ports::SqlResult> r) {
  if (!r) return r.error();
  std::vector<OrderRecord> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) {
    auto o = ReadOrder(row);
    if (!o) return o.error();
    out.push_back(std::move(*o));
  }
  return out;
}

}  // namespace

std::string OrderRepository::Ts(std::string_view column) const {
  return ports::TimestampText(dialect_, column);
}

std::string OrderRepository::Day(std::string_view column) const {
  if (dialect_ == ports::Dialect::sqlite) return std::string(column);
  return "to_char(" + std::string(column) + ", 'YYYY-MM-DD')";
}

std::string OrderRepository::OrderColumns() const {
  return "id, tenant_id, tenant_path, quote_id, client_reference, supplier_reference_key, supplier, hotel_code, "
         "master_hotel_id, hotel_name, " +
         Day("check_in") + ", " + Day("check_out") +
         ", rooms_json, guests_json, contact_json, lead_guest, remark, room_name, board, status, status_reason, "
         "price_minor, currency, net_minor, net_currency, breakdown_json, credit_json, cancellation_json, refundable, "
         "supplier_booking_reference, risk_score, risk_reasons_json, reviewed_by, " +
         Ts("reviewed_at") + ", cancel_penalty_minor, refunded_minor, " + Ts("expires_at") + ", created_by, " +
         Ts("created_at") + ", " + Ts("updated_at") + ", version, worker, " + Ts("worker_until") + ", " +
         Ts("booking_started_at") + ", " + Ts("next_check_at") + ", checks, " + Ts("watch_until");
}

Result<void> OrderRepository::InsertQuote(ports::SqlSession& s, const QuoteRecord& q) {
  const SqlValue p[] = {Text(q.id),
                        Text(q.tenant_id),
                        Text(q.tenant_path),
                        Text(q.created_by),
                        Text(Ser(OfferDataToJson(q.offer))),
                        Text(q.master_hotel_id),
                        OptText(q.hotel_name),
                        Text(supplier::QuoteStatusName(q.status)),
                        Int(q.price.minor),
                        Text(q.price.currency),
                        q.previous_price ? Int(q.previous_price->minor) : ports::SqlNull(),
                        Int(q.net.minor),
                        Text(q.net.currency),
                        Text(Ser(q.breakdown)),
                        Text(Ser(PolicyToJson(q.cancellation))),
                        SqlValue(q.refundable),
                        Text(q.expires_at),
                        Text(q.created_at)};
  auto r = s.Execute(
      "INSERT INTO quotes (" + std::string(kQuoteColumns) +
          "expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
          "$17, $18)",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<QuoteRecord>> OrderRepository::FindQuote(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT " + std::string(kQuoteColumns) + Ts("expires_at") + ", " + Ts("created_at") +
                         " FROM quotes WHERE id = $1",
                     p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<QuoteRecord>{};
  auto q = ReadQuote(r->rows.front());
  if (!q) return q.error();
  return std::optional<QuoteRecord>(std::move(*q));
}

Result<void> OrderRepository::InsertOrder(ports::SqlSession& s, const OrderRecord& o) {
  const SqlValue p[] = {Text(o.id),
                        Text(o.tenant_id),
                        Text(o.tenant_path),
                        Text(o.quote_id),
                        Text(o.client_reference),
                        Text(o.supplier_reference_key),
                        Text(o.supplier),
                        Text(o.hotel_code),
                        Text(o.master_hotel_id),
                        OptText(o.hotel_name),
                        Text(FormatDate(o.check_in)),
                        Text(FormatDate(o.check_out)),
                        Text(Ser(o.rooms)),
                        Text(Ser(o.guests)),
                        Text(Ser(o.contact)),
                        Text(o.lead_guest),
                        OptText(o.remark),
                        Text(o.room_name),
                        Text(o.board),
                        Text(StatusName(o.status)),
                        OptText(o.status_reason),
                        Int(o.price.minor),
                        Text(o.price.currency),
                        Int(o.net.minor),
                        Text(o.net.currency),
                        Text(Ser(o.breakdown)),
                        Text(Ser(SharesToJson(o.credit))),
                        Text(Ser(PolicyToJson(o.cancellation))),
                        SqlValue(o.refundable),
                        Int(o.risk_score),
                        Text(Ser(o.risk_reasons)),
                        Text(o.expires_at),
                        Text(o.created_by),
                        Text(o.created_at),
                        Text(o.updated_at),
                        OptText(o.worker),
                        OptText(o.worker_until),
                        OptText(o.booking_started_at),
                        OptText(o.next_check_at)};
  // Deferred (sent with the next statement that answers, or the commit): a duplicate client
  // reference then fails that statement, or the commit, as a conflict all the same.
  auto r = s.Defer(
      "INSERT INTO orders (id, tenant_id, tenant_path, quote_id, client_reference, supplier_reference_key, supplier, "
      "hotel_code, master_hotel_id, hotel_name, check_in, check_out, rooms_json, guests_json, contact_json, lead_guest, "
      "remark, room_name, board, status, status_reason, price_minor, currency, net_minor, net_currency, breakdown_json, "
      "credit_json, cancellation_json, refundable, risk_score, risk_reasons_json, expires_at, created_by, created_at, "
      "updated_at, worker, worker_until, booking_started_at, next_check_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
      "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, "
      "$32, $33, $34, $35, $36, $37, $38, $39)",
      p);
  if (!r) {
    if (r.error().code == Errc::conflict) {
      return Error::Conflict("An order with client reference " + o.client_reference + " already exists.");
    }
    return r.error();
  }
  return Ok();
}

Result<std::optional<OrderRecord>> OrderRepository::FindOrder(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = ReadOrders(s.Execute("SELECT " + OrderColumns() + " FROM orders WHERE id = $1", p));
  if (!r) return r.error();
  if (r->empty()) return std::optional<OrderRecord>{};
  return std::optional<OrderRecord>(std::move(r->front()));
}

Result<std::optional<OrderRecord>> OrderRepository::FindByClientReference(ports::SqlSession& s,
                                                                          const std::string& tenant_id,
                                                                          const std::string& client_reference) {
  const SqlValue p[] = {Text(tenant_id), Text(client_reference)};
  auto r = ReadOrders(
      s.Execute("SELECT " + OrderColumns() + " FROM orders WHERE tenant_id = $1 AND client_reference = $2", p));
  if (!r) return r.error();
  if (r->empty()) return std::optional<OrderRecord>{};
  return std::optional<OrderRecord>(std::move(r->front()));
}

Result<bool> OrderRepository::UpdateStatus(ports::SqlSession& s, const std::string& id, OrderStatus from,
                                           OrderStatus to, const OrderChanges& c, const std::string& now,
                                           OrderRecord* after) {
  if (!CanTransition(from, to)) {
    return Error::Conflict("An order cannot go from " + std::string(StatusName(from)) + " to " +
                           std::string(StatusName(to)) + ".");
  }
  std::vector<SqlValue> p = {Text(id), Text(StatusName(from)), Text(StatusName(to)), Text(now)};
  std::string sql = "UPDATE orders SET status = $3, updated_at = $4, version = version + 1";
  const auto set = [&](std::string_view column, SqlValue v) {
    p.push_back(std::move(v));
    sql += ", " + std::string(column) + " = $" + std::to_string(p.size());
  };
  if (c.status_reason) set("status_reason", Text(*c.status_reason));
  if (c.supplier_booking_reference) set("supplier_booking_reference", Text(*c.supplier_booking_reference));
  if (c.cancel_penalty_minor) set("cancel_penalty_minor", OptInt(c.cancel_penalty_minor));
  if (c.refunded_minor) set("refunded_minor", OptInt(c.refunded_minor));
  if (c.reviewed_by) set("reviewed_by", Text(*c.reviewed_by));
  if (c.reviewed_at) set("reviewed_at", Text(*c.reviewed_at));
  if (c.booking_started_at) set("booking_started_at", Text(*c.booking_started_at));
  if (c.schedule) {
    set("worker", OptText(c.schedule->worker));
    set("worker_until", OptText(c.schedule->worker_until));
    set("next_check_at", OptText(c.schedule->next_check_at));
    set("watch_until", OptText(c.schedule->watch_until));
    set("checks", Int(c.schedule->checks));
  }
  sql += " WHERE id = $1 AND status = $2";
  if (after) sql += " RETURNING " + OrderColumns();
  auto r = s.Execute(sql, p);
  if (!r) return r.error();
  if (after) {
    if (r->rows.empty()) return false;
    auto o = ReadOrder(r->rows.front());
    if (!o) return o.error();
    *after = std::move(*o);
    return true;
  }
  return r->affected_rows == 1;
}

Result<void> OrderRepository::AppendTransition(ports::SqlSession& s, const std::string& order_id,
                                               std::optional<OrderStatus> from, OrderStatus to,
                                               const std::string& actor, const std::string& reason,
                                               const std::string& at) {
  const SqlValue p[] = {Text(order_id), from ? Text(StatusName(*from)) : ports::SqlNull(), Text(StatusName(to)),
                        Text(actor.empty() ? "system" : actor), Text(reason), Text(at), Text(order_id)};
  // $7 repeats $1: PostgreSQL deduces one type per parameter, and these two uses differ.
  // Deferred: nothing reads its answer (sent with the next statement or the commit).
  auto r = s.Defer(
      "INSERT INTO order_transitions (order_id, seq, from_status, to_status, actor, reason, at) "
      "SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM order_transitions WHERE order_id = $7",
      p);
  if (!r) return r.error();
  return Ok();
}

Result<std::optional<OrderStatus>> OrderRepository::EnteredFrom(ports::SqlSession& s, const std::string& order_id,
                                                              OrderStatus to) {
  const SqlValue p[] = {Text(order_id), Text(StatusName(to))};
  auto r = s.Execute(
      "SELECT from_status FROM order_transitions WHERE order_id = $1 AND to_status = $2 ORDER BY seq DESC LIMIT 1", p);
  if (!r) return r.error();
  if (r->rows.empty() || r->rows[0].IsNull(0)) return std::optional<OrderStatus>{};
  return ParseStatus(r->rows[0].GetString(0));
}

Result<void> OrderRepository::AppendFirstTransitions(ports::SqlSession& s, const std::string& order_id,
                                                    const std::vector<Transition>& steps) {
  std::vector<SqlValue> p;
  std::string sql = "INSERT INTO order_transitions (order_id, seq, from_status, to_status, actor, reason, at) VALUES ";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& t = steps[i];
    const std::size_t base = p.size();
    p.insert(p.end(), {Text(order_id), Int(t.seq), OptText(t.from), Text(t.to), Text(t.actor.empty() ? "system" : t.actor),
                       Text(t.reason), Text(t.at)});
    sql += (i ? ", (" : "(");
    for (std::size_t k = 1; k <= 7; ++k) sql += (k > 1 ? ", $" : "$") + std::to_string(base + k);
    sql += ")";
  }
  return s.Defer(sql, p);  // nothing reads its answer
}

Result<std::vector<Transition>> OrderRepository::Transitions(ports::SqlSession& s, const std::string& order_id) {
  const SqlValue p[] = {Text(order_id)};
  auto r = s.Execute("SELECT seq, from_status, to_status, actor, reason, " + Ts("at") +
                         " FROM order_transitions WHERE order_id = $1 ORDER BY seq",
                     p);
  if (!r) return r.error();
  std::vector<Transition> out;
  for (const auto& row : r->rows) {
    out.push_back({static_cast<int>(row.GetInt(0)), row.GetOptString(1), row.GetString(2), row.GetString(3),
                   row.GetString(4), row.GetString(5)});
  }
  return out;
}

Result<std::vector<OrderRecord>> OrderRepository::List(ports::SqlSession& s, const OrderFilter& f) {
  std::vector<SqlValue> p;
  std::string where;
  const auto add = [&](std::string_view cond, SqlValue v) {
    p.push_back(std::move(v));
    std::string c(cond);
    c.replace(c.find('?'), 1, "$" + std::to_string(p.size()));
    where += (where.empty() ? " WHERE " : " AND ") + c;
  };
  if (!f.tenant_path_prefix.empty()) {
    // A range over the path index, equivalent to LIKE 'prefix%' for paths ending in '/'.
    add("tenant_path >= ?", Text(f.tenant_path_prefix));
    add("tenant_path < ?", Text(f.tenant_path_prefix.substr(0, f.tenant_path_prefix.size() - 1) + "0"));
  }
  if (f.status) add("status = ?", Text(StatusName(*f.status)));
  if (f.client_reference) add("client_reference = ?", Text(*f.client_reference));
  if (f.hotel_id) add("master_hotel_id = ?", Text(*f.hotel_id));
  if (f.check_in_from) add("check_in >= ?", Text(FormatDate(*f.check_in_from)));
  if (f.check_in_to) add("check_in <= ?", Text(FormatDate(*f.check_in_to)));
  if (f.created_from) add("created_at >= ?", Text(*f.created_from));
  if (f.created_to) add("created_at < ?", Text(*f.created_to));
  if (f.after) add("id < ?", Text(*f.after));
  p.push_back(Int(f.limit + 1));
  return ReadOrders(s.Execute(
      "SELECT " + OrderColumns() + " FROM orders" + where + " ORDER BY id DESC LIMIT $" + std::to_string(p.size()), p));
}

Result<std::vector<OrderRecord>> OrderRepository::DueForCheck(ports::SqlSession& s, const std::string& now, int limit) {
  const SqlValue p[] = {Text(now), Int(limit)};
  return ReadOrders(s.Execute("SELECT " + OrderColumns() +
                                  " FROM orders WHERE next_check_at IS NOT NULL AND next_check_at <= $1 "
                                  "ORDER BY next_check_at LIMIT $2",
                              p));
}

Result<std::vector<OrderRecord>> OrderRepository::OrphanedBookings(ports::SqlSession& s, std::int64_t alive_after_ms,
                                                                   int limit) {
  const SqlValue p[] = {Int(alive_after_ms), Int(limit)};
  return ReadOrders(s.Execute("SELECT " + OrderColumns() + " FROM orders WHERE status IN ('BOOKING', 'CANCELLING') AND " +
                                  ports::OwnerGoneSql("worker", 1) + " ORDER BY id LIMIT $2",
                              p));
}

Result<bool> OrderRepository::Claim(ports::SqlSession& s, const std::string& id, OrderStatus status,
                                    const std::string& me, const std::string& until, const std::string& now,
                                    std::int64_t alive_after_ms) {
  const SqlValue p[] = {Text(id), Text(StatusName(status)), Text(me), Text(until), Text(now), Int(alive_after_ms)};
  auto r = s.Execute("UPDATE orders SET worker = $3, worker_until = $4 WHERE id = $1 AND status = $2 AND "
                     "(worker IS NULL OR worker = $3 OR worker_until IS NULL OR worker_until < $5 OR " +
                         ports::OwnerGoneSql("worker", 6) + ")",
                     p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<bool> OrderRepository::Reschedule(ports::SqlSession& s, const std::string& id, OrderStatus status,
                                         const Schedule& c, const std::optional<std::string>& status_reason,
                                         const std::string& now) {
  std::vector<SqlValue> p = {Text(id),
                             Text(StatusName(status)),
                             OptText(c.worker),
                             OptText(c.worker_until),
                             OptText(c.next_check_at),
                             OptText(c.watch_until),
                             Int(c.checks)};
  std::string sql =
      "UPDATE orders SET worker = $3, worker_until = $4, next_check_at = $5, watch_until = $6, checks = $7";
  if (status_reason) {
    p.push_back(Text(*status_reason));
    p.push_back(Text(now));
    sql += ", status_reason = $8, updated_at = $9, version = version + 1";
  }
  auto r = s.Execute(sql + " WHERE id = $1 AND status = $2", p);
  if (!r) return r.error();
  return r->affected_rows == 1;
}

Result<std::vector<OrderRecord>> OrderRepository::DueToExpire(ports::SqlSession& s, OrderStatus status,
                                                              const std::string& now, int limit) {
  const SqlValue p[] = {Text(StatusName(status)), Text(now), Int(limit)};
  return ReadOrders(s.Execute(
      "SELECT " + OrderColumns() + " FROM orders WHERE status = $1 AND expires_at < $2 ORDER BY expires_at LIMIT $3",
      p));
}

Result<std::vector<OrderRecord>> OrderRepository::ConfirmedEndedBefore(ports::SqlSession& s, Date day, int limit) {
  const SqlValue p[] = {Text(FormatDate(day)), Int(limit)};
  return ReadOrders(s.Execute(
      "SELECT " + OrderColumns() + " FROM orders WHERE status = 'CONFIRMED' AND check_out < $1 ORDER BY id LIMIT $2",
      p));
}

Result<RiskFigures> OrderRepository::Figures(ports::SqlSession& s, const RiskFigureQuery& q) {
  RiskFigures f;
  {
    // One round trip; each count is a LIMITed index range (idx_orders_tenant_created,
    // idx_orders_tenant_guest, idx_orders_tenant_failed).
    const SqlValue p[] = {Text(q.tenant_id), Text(q.hour_ago), Text(q.day_ago), Text(q.lead_guest),
                          std::int64_t{q.hour_cap}, std::int64_t{q.day_cap}, std::int64_t{q.guest_cap},
                          std::int64_t{q.failed_cap}};
    auto r = s.Execute(
        "SELECT "
        "(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE tenant_id = $1 AND created_at >= $2 LIMIT $5) h), "
        "(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE tenant_id = $1 AND created_at >= $3 LIMIT $6) d), "
        "(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE tenant_id = $1 AND lead_guest = $4 AND created_at >= $3 "
        "LIMIT $7) g), "
        "(SELECT COUNT(*) FROM (SELECT 1 FROM orders WHERE tenant_id = $1 AND status IN ('FAILED', 'REJECTED') "
        "AND created_at >= $3 LIMIT $8) f), "
        "(SELECT " + Ts("created_at") + " FROM tenants WHERE id = $1)",
        p);
    if (!r) return r.error();
    const auto& row = r->rows.front();
    f.orders_last_hour = static_cast<int>(row.GetInt(0));
    f.orders_last_day = static_cast<int>(row.GetInt(1));
    f.same_guest_last_day = static_cast<int>(row.GetInt(2));
    f.failed_last_day = static_cast<int>(row.GetInt(3));
    f.tenant_created_at = row.GetOptString(4);
  }
  return f;
}

Result<std::vector<std::int64_t>> OrderRepository::ConfirmedAmounts(ports::SqlSession& s, const std::string& tenant_id,
                                                                    const std::string& currency, int limit) {
  const SqlValue p[] = {Text(tenant_id), Text(currency), std::int64_t{limit}};
  auto r = s.Execute(
      "SELECT price_minor FROM orders WHERE tenant_id = $1 AND currency = $2 AND status IN ('CONFIRMED', "
      "'COMPLETED') ORDER BY id DESC LIMIT $3",
      p);
  if (!r) return r.error();
  std::vector<std::int64_t> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(row.GetInt(0));
  return out;
}

Result<std::optional<std::string>> OrderRepository::HotelName(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT name FROM master_hotels WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(r->rows.front().GetString(0));
}

Result<std::optional<std::string>> OrderRepository::TenantCurrency(ports::SqlSession& s, const std::string& id) {
  const SqlValue p[] = {Text(id)};
  auto r = s.Execute("SELECT currency FROM tenants WHERE id = $1", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<std::string>{};
  return std::optional<std::string>(r->rows.front().GetString(0));
}

}  // namespace hotel::orders

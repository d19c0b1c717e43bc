// Internal to the credit ledger: the SQL helper its two files share (the row readers, the
// guarded account moves, the entry writes). Not part of the module's interface.
#pragma once

#include "modules/risk-service/credit_ledger.hpp"
#include "ports/sql_text.hpp"

#include "core/ids.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::credit::detail {

using ports::SqlRow;
using ports::SqlValue;

inline SqlValue Text(std::string_view s) { return std::string(s); }
inline SqlValue Int(std::int64_t v) { return v; }
inline SqlValue OptText(const std::string& s) { return s.empty() ? ports::SqlNull() : Text(s); }

inline Result<HoldState> ParseHoldState(std::string_view s) {
  if (s == "held") return HoldState::kHeld;
  if (s == "captured") return HoldState::kCaptured;
  if (s == "released") return HoldState::kReleased;
  return Error::Internal("credit_holds.state has an unknown value: " + std::string(s));
}

inline EntryKind ParseEntryKind(std::string_view s) {
  for (auto k : {EntryKind::kDeposit, EntryKind::kAdjustment, EntryKind::kHold, EntryKind::kRelease,
                 EntryKind::kCharge, EntryKind::kRefund, EntryKind::kLimitChange}) {
    if (EntryKindName(k) == s) return k;
  }
  return EntryKind::kAdjustment;
}

inline Result<Account> ReadAccount(const SqlRow& r) {
  Account a;
  a.id = r.GetString(0);
  a.tenant_id = r.GetString(1);
  a.currency = r.GetString(2);
  a.limit_minor = r.GetInt(3);
  a.balance_minor = r.GetInt(4);
  a.held_minor = r.GetInt(5);
  a.status = r.GetString(6);
  a.created_at = r.GetString(7);
  a.updated_at = r.GetString(8);
  for (std::int64_t figure : {a.limit_minor, a.balance_minor, a.held_minor}) {
    if (figure <= -kMaxLedgerFigure || figure >= kMaxLedgerFigure) {
      return Error::Internal("Credit account " + a.id + " holds a figure beyond the ledger's bounds (" +
                             std::to_string(figure) + "); it needs an operator's correction.");
    }
  }
  return a;
}

// Every account of a result, or the first row's error.
inline Result<std::vector<Account>> ReadAccounts(const std::vector<SqlRow>& rows) {
  std::vector<Account> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    auto a = ReadAccount(row);
    if (!a) return a.error();
    out.push_back(std::move(*a));
  }
  return out;
}

inline Entry ReadEntry(const SqlRow& r) {
  Entry e;
  e.id = r.GetString(0);
  e.account_id = r.GetString(1);
  e.kind = ParseEntryKind(r.GetString(2));
  e.amount_minor = r.GetInt(3);
  e.balance_after = r.GetInt(4);
  e.held_after = r.GetInt(5);
  e.order_id = r.GetOptString(6).value_or("");
  e.reference = r.GetOptString(7).value_or("");
  e.note = r.GetString(8);
  e.actor = r.GetString(9);
  e.created_at = r.GetString(10);
  return e;
}

inline Result<Hold> ReadHold(const SqlRow& r) {
  Hold h;
  h.order_id = r.GetString(0);
  h.account_id = r.GetString(1);
  h.tenant_id = r.GetString(2);
  h.amount = Money{r.GetInt(3), r.GetString(4)};
  auto state = ParseHoldState(r.GetString(5));
  if (!state) return state.error();
  h.state = *state;
  h.refunded_minor = r.GetInt(6);
  return h;
}

// The account's figures after a guarded UPDATE ... RETURNING balance_minor, held_minor.
struct After {
  std::int64_t balance = 0, held = 0;
};



class Sql {
 public:
  Sql(ports::SqlSession& s, ports::Dialect d, const Clock& clock) : s_(s), d_(d), now_(FormatIso8601(clock.Now())) {}

  const std::string& now() const { return now_; }

  std::string Ts(std::string_view column) const {
    return ports::TimestampText(d_, column);
  }
  std::string AccountColumns(std::string_view p = "") const {
    const std::string a(p);
    return a + "id, " + a + "tenant_id, " + a + "currency, " + a + "limit_minor, " + a + "balance_minor, " + a +
           "held_minor, " + a + "status, " + Ts(a + "created_at") + ", " + Ts(a + "updated_at");
  }
  std::string EntryColumns() const {
    return "id, account_id, kind, amount_minor, balance_after, held_after, order_id, reference, note, actor, " +
           Ts("created_at");
  }
  static constexpr std::string_view kHoldColumns =
      "order_id, account_id, tenant_id, amount_minor, currency, state, refunded_minor";

  Result<ports::SqlResult> Run(std::string_view sql, std::span<const SqlValue> p = {}) { return s_.Execute(sql, p); }
  // Statements independent of each other's answers, in one round trip where the engine can.
  Result<std::vector<ports::SqlResult>> RunAll(std::span<const ports::Statement> statements) {
    return s_.ExecuteAll(statements);
  }
  // Whether a batch saves round trips (PostgreSQL) rather than being run one by one (SQLite).
  bool Batches() const { return d_ == ports::Dialect::postgres; }
  // MoveWithEntry's PostgreSQL statement and parameters, for a batch of moves.
  static std::string MoveWithEntrySql(std::string_view set, std::string_view guard) {
    return "WITH a AS (UPDATE credit_accounts SET " + std::string(set) + ", updated_at = $3 WHERE id = $2" +
           std::string(guard) +
           " RETURNING balance_minor, held_minor) "
           "INSERT INTO credit_entries (id, account_id, kind, amount_minor, balance_after, held_after, "
           "order_id, reference, note, actor, created_at) "
           "SELECT $4, $2, $5, $6, a.balance_minor, a.held_minor, $7, $8, $9, $10, $3 FROM a "
           "RETURNING balance_after, held_after";
  }
  std::vector<SqlValue> MoveWithEntryParams(std::int64_t amount, const Entry& e) const {
    return {Int(amount),         Text(e.account_id),  Text(now_),           Text(e.id),   Text(EntryKindName(e.kind)),
            Int(e.amount_minor), OptText(e.order_id), OptText(e.reference), Text(e.note), Text(e.actor)};
  }

  Result<std::optional<credit::Account>> LoadAccount(const std::string& id) {
    const SqlValue p[] = {Text(id)};
    auto r = Run("SELECT " + AccountColumns() + " FROM credit_accounts WHERE id = $1", p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<credit::Account>{};
    auto a = ReadAccount(r->rows.front());
    if (!a) return a.error();
    return std::optional<credit::Account>(std::move(*a));
  }

  Result<credit::Account> MustAccount(const std::string& id) {
    auto a = LoadAccount(id);
    if (!a) return a.error();
    if (!*a) return Error::NotFound("No credit account " + id + ".");
    return std::move(**a);
  }

  Result<std::optional<Entry>> EntryByReference(const std::string& account_id, EntryKind kind,
                                                const std::string& reference) {
    const SqlValue p[] = {Text(account_id), Text(EntryKindName(kind)), Text(reference)};
    auto r = Run("SELECT " + EntryColumns() +
                     " FROM credit_entries WHERE account_id = $1 AND kind = $2 AND reference = $3",
                 p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<Entry>{};
    return std::optional<Entry>(ReadEntry(r->rows.front()));
  }

  // Inserts an entry; false when its reference was already used (nothing written).
  Result<bool> InsertEntry(const Entry& e) {
    const SqlValue p[] = {Text(e.id),        Text(e.account_id),    Text(EntryKindName(e.kind)),
                          Int(e.amount_minor), Int(e.balance_after), Int(e.held_after),
                          OptText(e.order_id), OptText(e.reference), Text(e.note),
                          Text(e.actor),     Text(e.created_at)};
    auto r = Run(
        "INSERT INTO credit_entries (id, account_id, kind, amount_minor, balance_after, held_after, order_id, "
        "reference, note, actor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
        "ON CONFLICT DO NOTHING",
        p);
    if (!r) return r.error();
    return r->affected_rows == 1;
  }

  Result<void> SetEntryAfter(Entry& e, const After& after) {
    e.balance_after = after.balance;
    e.held_after = after.held;
    const SqlValue p[] = {Int(after.balance), Int(after.held), Text(e.id)};
    auto r = Run("UPDATE credit_entries SET balance_after = $1, held_after = $2 WHERE id = $3", p);
    if (!r) return r.error();
    return Ok();
  }

  // One guarded UPDATE of the account; nullopt when its WHERE refused (nothing changed).
  Result<std::optional<After>> MoveAccount(std::string_view set, std::string_view guard, const std::string& id,
                                           std::int64_t amount) {
    const SqlValue p[] = {Int(amount), Text(id), Text(now_)};
    auto r = Run("UPDATE credit_accounts SET " + std::string(set) + ", updated_at = $3 WHERE id = $2" +
                     std::string(guard) + " RETURNING balance_minor, held_minor",
                 p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<After>{};
    return std::optional<After>(After{r->rows[0].GetInt(0), r->rows[0].GetInt(1)});
  }

  // The guarded move of an account and its entry (e.after figures filled in): on PostgreSQL
  // one statement (a data-modifying CTE), on SQLite the UPDATE then the INSERT. nullopt when
  // the guard refused (nothing written). `amount` is $1 of `set` and `guard`.
  Result<std::optional<After>> MoveWithEntry(std::string_view set, std::string_view guard, std::int64_t amount,
                                             Entry& e) {
    if (d_ != ports::Dialect::postgres) {
      auto after = MoveAccount(set, guard, e.account_id, amount);
      if (!after || !*after) return after;
      e.balance_after = (*after)->balance;
      e.held_after = (*after)->held;
      auto ins = InsertEntry(e);
      if (!ins) return ins.error();
      return after;
    }
    const auto p = MoveWithEntryParams(amount, e);
    auto r = Run(MoveWithEntrySql(set, guard), p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<After>{};
    e.balance_after = r->rows[0].GetInt(0);
    e.held_after = r->rows[0].GetInt(1);
    e.created_at = now_;
    return std::optional<After>(After{e.balance_after, e.held_after});
  }

  Result<std::vector<Hold>> HoldsOf(const std::string& order_id, std::string_view state_filter = "") {
    std::vector<SqlValue> p = {Text(order_id)};
    std::string sql = "SELECT " + std::string(kHoldColumns) + " FROM credit_holds WHERE order_id = $1";
    if (!state_filter.empty()) {
      p.push_back(Text(state_filter));
      sql += " AND state = $2";
    }
    auto r = Run(sql + " ORDER BY account_id", p);
    if (!r) return r.error();
    std::vector<Hold> out;
    for (const auto& row : r->rows) {
      auto h = ReadHold(row);
      if (!h) return h.error();
      out.push_back(std::move(*h));
    }
    return out;
  }

  Result<std::optional<Hold>> HoldOn(const std::string& order_id, const std::string& account_id) {
    const SqlValue p[] = {Text(order_id), Text(account_id)};
    auto r = Run("SELECT " + std::string(kHoldColumns) + " FROM credit_holds WHERE order_id = $1 AND account_id = $2",
                 p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<Hold>{};
    auto h = ReadHold(r->rows.front());
    if (!h) return h.error();
    return std::optional<Hold>(std::move(*h));
  }

 private:
  ports::SqlSession& s_;
  ports::Dialect d_;
  std::string now_;
};

inline Entry NewEntry(const std::string& account_id, EntryKind kind, std::int64_t amount, std::string order_id,
               std::string reference, std::string note, std::string actor, std::string now) {
  Entry e;
  e.id = NewId("cre");
  e.account_id = account_id;
  e.kind = kind;
  e.amount_minor = amount;
  e.order_id = std::move(order_id);
  e.reference = std::move(reference);
  e.note = std::move(note);
  e.actor = actor.empty() ? "system" : std::move(actor);
  e.created_at = std::move(now);
  return e;
}

inline Result<void> CheckText(std::string_view field, const std::string& value, std::size_t max) {
  if (value.size() > max) return Error::Validation(std::string(field), "at most " + std::to_string(max) + " characters");
  return Ok();
}

inline std::string Figure(std::int64_t minor, const std::string& currency) {
  return FormatDecimal(minor, currency) + " " + currency;
}


}  // namespace hotel::credit::detail

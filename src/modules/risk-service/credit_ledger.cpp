// The credit ledger's SQL. Each balance/held change is one UPDATE whose WHERE clause carries
// the invariant and whose RETURNING gives the figures after it, so READ COMMITTED (PostgreSQL)
// and SQLite's single writer both see exactly one winner. Rows that make a call idempotent
// (the hold row, an entry's reference) are written FIRST with ON CONFLICT DO NOTHING: a
// concurrent duplicate then waits on the unique key and finds the first call's row, instead
// of moving money a second time. Timestamps are written as ISO 8601 text.
#include "modules/risk-service/credit_ledger.hpp"
#include "ports/sql_text.hpp"

#include "core/ids.hpp"
#include "runtime/metrics.hpp"

#include <algorithm>

namespace hotel::credit {
namespace {

using ports::SqlRow;
using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }
SqlValue OptText(const std::string& s) { return s.empty() ? ports::SqlNull() : Text(s); }

Result<HoldState> ParseHoldState(std::string_view s) {
  if (s == "held") return HoldState::kHeld;
  if (s == "captured") return HoldState::kCaptured;
  if (s == "released") return HoldState::kReleased;
  return Error::Internal("credit_holds.state has an unknown value: " + std::string(s));
}

EntryKind ParseEntryKind(std::string_view s) {
  for (auto k : {EntryKind::kDeposit, EntryKind::kAdjustment, EntryKind::kHold, EntryKind::kRelease,
                 EntryKind::kCharge, EntryKind::kRefund, EntryKind::kLimitChange}) {
    if (EntryKindName(k) == s) return k;
  }
  return EntryKind::kAdjustment;
}

Account ReadAccount(const SqlRow& r) {
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
  return a;
}

Entry ReadEntry(const SqlRow& r) {
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

Result<Hold> ReadHold(const SqlRow& r) {
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

}  // namespace

std::string_view EntryKindName(EntryKind k) {
  switch (k) {
    case EntryKind::kDeposit: return "deposit";
    case EntryKind::kAdjustment: return "adjustment";
    case EntryKind::kHold: return "hold";
    case EntryKind::kRelease: return "release";
    case EntryKind::kCharge: return "charge";
    case EntryKind::kRefund: return "refund";
    case EntryKind::kLimitChange: return "limit_change";
  }
  return "adjustment";
}

namespace {

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

  Result<std::optional<credit::Account>> LoadAccount(const std::string& id) {
    const SqlValue p[] = {Text(id)};
    auto r = Run("SELECT " + AccountColumns() + " FROM credit_accounts WHERE id = $1", p);
    if (!r) return r.error();
    if (r->rows.empty()) return std::optional<credit::Account>{};
    return std::optional<credit::Account>(ReadAccount(r->rows.front()));
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
    const SqlValue p[] = {Int(amount),         Text(e.account_id), Text(now_),         Text(e.id),
                          Text(EntryKindName(e.kind)), Int(e.amount_minor), OptText(e.order_id), OptText(e.reference),
                          Text(e.note),        Text(e.actor)};
    auto r = Run("WITH a AS (UPDATE credit_accounts SET " + std::string(set) + ", updated_at = $3 WHERE id = $2" +
                     std::string(guard) +
                     " RETURNING balance_minor, held_minor) "
                     "INSERT INTO credit_entries (id, account_id, kind, amount_minor, balance_after, held_after, "
                     "order_id, reference, note, actor, created_at) "
                     "SELECT $4, $2, $5, $6, a.balance_minor, a.held_minor, $7, $8, $9, $10, $3 FROM a "
                     "RETURNING balance_after, held_after",
                 p);
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

Entry NewEntry(const std::string& account_id, EntryKind kind, std::int64_t amount, std::string order_id,
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

Result<void> CheckText(std::string_view field, const std::string& value, std::size_t max) {
  if (value.size() > max) return Error::Validation(std::string(field), "at most " + std::to_string(max) + " characters");
  return Ok();
}

std::string Figure(std::int64_t minor, const std::string& currency) {
  return FormatDecimal(minor, currency) + " " + currency;
}

}  // namespace

void CreditLedger::CountIn(runtime::MetricsRegistry& metrics) {
  auto& holds = metrics.AddCounter("credit_holds_total", "Credit holds asked for, by outcome.", {"outcome"});
  holds_placed_ = &holds.WithLabels({"placed"});
  holds_refused_ = &holds.WithLabels({"refused"});
  captures_ = &metrics.AddCounter("credit_captures_total", "Credit holds turned into charges.").WithLabels({});
  releases_ = &metrics.AddCounter("credit_releases_total", "Credit holds released.").WithLabels({});
}

Result<Account> CreditLedger::OpenAccount(ports::SqlSession& s, const std::string& tenant_id,
                                          const std::string& currency, std::int64_t limit_minor,
                                          const std::string& actor) {
  if (!IsCurrencyCode(currency)) return Error::Validation("currency", "must be an ISO 4217 code such as CNY");
  if (limit_minor < 0) return Error::Validation("limit.amount", "must not be negative");
  Sql q(s, dialect_, clock_);
  {
    const SqlValue p[] = {Text(tenant_id)};
    auto t = q.Run("SELECT 1 FROM tenants WHERE id = $1", p);
    if (!t) return t.error();
    if (t->rows.empty()) return Error::Validation("tenantId", "no such tenant");
  }
  // Checked before the INSERT: on PostgreSQL a failed INSERT would abort the caller's transaction.
  if (auto existing = FindAccountFor(s, tenant_id, currency); !existing) {
    return existing.error();
  } else if (*existing) {
    return Error::Conflict("Tenant " + tenant_id + " already has a " + currency + " credit account (" +
                           (*existing)->id + ").");
  }
  const std::string id = NewId("cra");
  const SqlValue p[] = {Text(id), Text(tenant_id), Text(currency), Int(limit_minor), Text(q.now())};
  auto r = q.Run(
      "INSERT INTO credit_accounts (id, tenant_id, currency, limit_minor, balance_minor, held_minor, status, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, 0, 0, 'active', $5, $5) ON CONFLICT DO NOTHING",
      p);
  if (!r) return r.error();
  if (r->affected_rows != 1) {
    return Error::Conflict("Tenant " + tenant_id + " already has a " + currency + " credit account.");
  }
  if (limit_minor != 0) {
    Entry e = NewEntry(id, EntryKind::kLimitChange, limit_minor, "", "", "account opened", actor, q.now());
    if (auto ins = q.InsertEntry(e); !ins) return ins.error();
  }
  return q.MustAccount(id);
}

Result<std::optional<Account>> CreditLedger::FindAccount(ports::SqlSession& s, const std::string& account_id) {
  return Sql(s, dialect_, clock_).LoadAccount(account_id);
}

Result<std::optional<Account>> CreditLedger::FindAccountFor(ports::SqlSession& s, const std::string& tenant_id,
                                                            const std::string& currency) {
  Sql q(s, dialect_, clock_);
  const SqlValue p[] = {Text(tenant_id), Text(currency)};
  auto r = q.Run("SELECT " + q.AccountColumns() + " FROM credit_accounts WHERE tenant_id = $1 AND currency = $2", p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<Account>{};
  return std::optional<Account>(ReadAccount(r->rows.front()));
}

Result<Account> CreditLedger::SetLimit(ports::SqlSession& s, const std::string& account_id, std::int64_t limit_minor,
                                       const std::string& actor, const std::string& note) {
  if (limit_minor < 0) return Error::Validation("limit.amount", "must not be negative");
  if (auto c = CheckText("note", note, 1000); !c) return c.error();
  Sql q(s, dialect_, clock_);
  // Compare-and-set on the old limit, so the entry's delta is exact even when two operators
  // change the limit at once.
  for (int attempt = 0; attempt < 5; ++attempt) {
    auto current = q.MustAccount(account_id);
    if (!current) return current.error();
    if (current->limit_minor == limit_minor) return current;
    const SqlValue p[] = {Int(limit_minor), Text(account_id), Text(q.now()), Int(current->limit_minor)};
    auto r = q.Run(
        "UPDATE credit_accounts SET limit_minor = $1, updated_at = $3 WHERE id = $2 AND limit_minor = $4 "
        "RETURNING balance_minor, held_minor",
        p);
    if (!r) return r.error();
    if (r->rows.empty()) continue;
    Entry e = NewEntry(account_id, EntryKind::kLimitChange, limit_minor - current->limit_minor, "", "", note, actor,
                       q.now());
    e.balance_after = r->rows[0].GetInt(0);
    e.held_after = r->rows[0].GetInt(1);
    if (auto ins = q.InsertEntry(e); !ins) return ins.error();
    return q.MustAccount(account_id);
  }
  return Error::Conflict("The credit limit of " + account_id + " kept changing; try again.");
}

Result<Account> CreditLedger::SetStatus(ports::SqlSession& s, const std::string& account_id,
                                        const std::string& status, const std::string& actor) {
  (void)actor;  // the status is not a movement: no entry (updated_at records when)
  if (status != "active" && status != "frozen") return Error::Validation("status", "must be active or frozen");
  Sql q(s, dialect_, clock_);
  const SqlValue p[] = {Text(status), Text(account_id), Text(q.now())};
  auto r = q.Run("UPDATE credit_accounts SET status = $1, updated_at = $3 WHERE id = $2 AND status <> $1", p);
  if (!r) return r.error();
  return q.MustAccount(account_id);
}

namespace {

// Deposit and adjustment: the entry first (its reference makes the call idempotent), then
// the balance, then the entry's after-figures.
Result<Entry> MoveBalance(Sql& q, const std::string& account_id, EntryKind kind, std::int64_t amount,
                          const std::string& reference, const std::string& actor, const std::string& note) {
  if (auto c = CheckText("reference", reference, 200); !c) return c.error();
  if (auto c = CheckText("note", note, 1000); !c) return c.error();
  if (!reference.empty()) {
    auto seen = q.EntryByReference(account_id, kind, reference);
    if (!seen) return seen.error();
    if (*seen) return std::move(**seen);
  }
  auto account = q.MustAccount(account_id);
  if (!account) return account.error();
  Entry e = NewEntry(account_id, kind, amount, "", reference, note, actor, q.now());
  auto inserted = q.InsertEntry(e);
  if (!inserted) return inserted.error();
  if (!*inserted) {  // a concurrent call with the same reference won
    auto seen = q.EntryByReference(account_id, kind, reference);
    if (!seen) return seen.error();
    if (*seen) return std::move(**seen);
    return Error::Conflict("The reference " + reference + " is being used by another request; try again.");
  }
  auto after = q.MoveAccount("balance_minor = balance_minor + $1", "", account_id, amount);
  if (!after) return after.error();
  if (!*after) return Error::NotFound("No credit account " + account_id + ".");
  if (auto set = q.SetEntryAfter(e, **after); !set) return set.error();
  return e;
}

}  // namespace

Result<Entry> CreditLedger::Deposit(ports::SqlSession& s, const std::string& account_id, std::int64_t amount_minor,
                                    const std::string& reference, const std::string& actor, const std::string& note) {
  if (amount_minor <= 0) return Error::Validation("amount.amount", "must be greater than zero");
  Sql q(s, dialect_, clock_);
  return MoveBalance(q, account_id, EntryKind::kDeposit, amount_minor, reference, actor, note);
}

Result<Entry> CreditLedger::Adjust(ports::SqlSession& s, const std::string& account_id, std::int64_t amount_minor,
                                   const std::string& reference, const std::string& actor, const std::string& note) {
  if (amount_minor == 0) return Error::Validation("amount.amount", "must not be zero");
  if (note.empty()) return Error::Validation("note", "an adjustment needs a note saying why");
  Sql q(s, dialect_, clock_);
  return MoveBalance(q, account_id, EntryKind::kAdjustment, amount_minor, reference, actor, note);
}

Result<Hold> CreditLedger::PlaceHold(ports::SqlSession& s, const std::string& tenant_id, const Money& amount,
                                     const std::string& order_id, const std::string& actor) {
  auto holds = PlaceHolds(s, order_id, {HoldRequest{tenant_id, amount, ""}}, actor);
  if (!holds) return holds.error();
  return std::move(holds->front());
}

Result<std::vector<Hold>> CreditLedger::PlaceHolds(ports::SqlSession& s, const std::string& order_id,
                                                   std::vector<HoldRequest> requests, const std::string& actor) {
  if (order_id.empty() || order_id.size() > 40) return Error::Validation("orderId", "must be 1 to 40 characters");
  if (requests.empty()) return std::vector<Hold>{};
  for (auto& r : requests) {
    if (r.amount.minor <= 0) return Error::Validation("amount.amount", "must be greater than zero");
    if (!IsCurrencyCode(r.amount.currency)) return Error::Validation("amount.currency", "must be an ISO 4217 code");
    if (!r.account_id.empty()) continue;
    auto account = FindAccountFor(s, r.tenant_id, r.amount.currency);
    if (!account) return account.error();
    if (!*account) {
      if (holds_refused_) holds_refused_->Inc();
      return Error{Errc::credit_insufficient, "No " + r.amount.currency + " credit account for this tenant.", {}};
    }
    r.account_id = (*account)->id;
  }
  std::sort(requests.begin(), requests.end(),
            [](const HoldRequest& a, const HoldRequest& b) { return a.account_id < b.account_id; });
  Sql q(s, dialect_, clock_);
  // The hold rows first (no account lock yet): a concurrent call for the same order waits on
  // their keys, then finds them and moves nothing.
  std::vector<Hold> holds;
  std::vector<bool> fresh;
  for (const auto& r : requests) {
    const SqlValue p[] = {Text(order_id), Text(r.account_id), Text(r.tenant_id), Int(r.amount.minor),
                          Text(r.amount.currency), Text(q.now())};
    auto ins = q.Run(
        "INSERT INTO credit_holds (order_id, account_id, tenant_id, amount_minor, currency, state, refunded_minor, "
        "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'held', 0, $6, $6) ON CONFLICT DO NOTHING",
        p);
    if (!ins) return ins.error();
    if (ins->affected_rows == 1) {
      holds.push_back(Hold{order_id, r.account_id, r.tenant_id, r.amount, HoldState::kHeld, 0});
      fresh.push_back(true);
      continue;
    }
    auto existing = q.HoldOn(order_id, r.account_id);
    if (!existing) return existing.error();
    if (!*existing) {
      return Error::Conflict("A hold for order " + order_id + " is being placed by another request; try again.");
    }
    holds.push_back(std::move(**existing));
    fresh.push_back(false);
  }
  // Then the accounts, each one guarded statement with its entry, in account-id order.
  for (std::size_t i = 0; i < holds.size(); ++i) {
    if (!fresh[i]) continue;
    const Hold& h = holds[i];
    Entry e = NewEntry(h.account_id, EntryKind::kHold, h.amount.minor, order_id, order_id, "", actor, q.now());
    auto after = q.MoveWithEntry("held_minor = held_minor + $1",
                                 " AND status = 'active' AND balance_minor + limit_minor - held_minor >= $1",
                                 h.amount.minor, e);
    if (!after) return after.error();
    if (*after) {
      if (holds_placed_) holds_placed_->Inc();
      continue;
    }
    // Refused: this hold and the ones not yet moved are taken back (the ones moved before
    // stay in the transaction, which the caller rolls back).
    if (holds_refused_) holds_refused_->Inc();
    for (std::size_t k = i; k < holds.size(); ++k) {
      if (!fresh[k]) continue;
      const SqlValue key[] = {Text(order_id), Text(holds[k].account_id)};
      if (auto del = q.Run("DELETE FROM credit_holds WHERE order_id = $1 AND account_id = $2", key); !del) {
        return del.error();
      }
    }
    auto now = q.MustAccount(h.account_id);
    if (!now) return now.error();
    if (now->status != "active") {
      return Error{Errc::credit_insufficient, "The " + h.amount.currency + " credit account is " + now->status + ".", {}};
    }
    return Error{Errc::credit_insufficient,
                 "Available credit " + Figure(now->available_minor(), h.amount.currency) + " is less than " +
                     Figure(h.amount.minor, h.amount.currency) + ".",
                 {}};
  }
  return holds;
}

namespace {

// Moves every held hold of the order to captured or released, each by one guarded state
// change; the account moves only when that change happened, so repeated or concurrent calls
// settle a hold once. On PostgreSQL the hold's change, the account's move and the entry are
// one statement per hold (the account row stays locked from there to the commit). Returns
// the order's holds after.
Result<std::vector<Hold>> SettleHolds(Sql& q, ports::Dialect dialect, const std::string& order_id, bool capture,
                                      const std::string& actor, const std::string& note, runtime::Counter* settled) {
  auto holds = q.HoldsOf(order_id);  // in account-id order
  if (!holds) return holds.error();
  const std::string_view state = capture ? "captured" : "released";
  const EntryKind kind = capture ? EntryKind::kCharge : EntryKind::kRelease;
  for (Hold& h : *holds) {
    if (h.state != HoldState::kHeld) continue;
    bool moved_now = false;
    if (dialect == ports::Dialect::postgres) {
      Entry e = NewEntry(h.account_id, kind, 0, order_id, order_id, note, actor, q.now());
      const SqlValue p[] = {Text(state), Text(q.now()), Text(order_id), Text(h.account_id), Text(e.id),
                            Text(EntryKindName(kind)), Text(e.note), Text(e.actor)};
      auto r = q.Run(std::string("WITH h AS (UPDATE credit_holds SET state = $1, updated_at = $2 WHERE order_id = $3 "
                                 "AND account_id = $4 AND state = 'held' RETURNING amount_minor), "
                                 "a AS (UPDATE credit_accounts SET ") +
                         (capture ? "balance_minor = balance_minor - h.amount_minor, " : "") +
                         "held_minor = held_minor - h.amount_minor, updated_at = $2 FROM h WHERE id = $4 "
                         "RETURNING balance_minor, held_minor, h.amount_minor) "
                         "INSERT INTO credit_entries (id, account_id, kind, amount_minor, balance_after, held_after, "
                         "order_id, reference, note, actor, created_at) "
                         "SELECT $5, $4, $6, -a.amount_minor, a.balance_minor, a.held_minor, $3, $3, $7, $8, $2 FROM a "
                         "RETURNING amount_minor",
                     p);
      if (!r) return r.error();
      moved_now = !r->rows.empty();
    } else {
      const SqlValue p[] = {Text(state), Text(q.now()), Text(order_id), Text(h.account_id)};
      auto moved = q.Run(
          "UPDATE credit_holds SET state = $1, updated_at = $2 WHERE order_id = $3 AND account_id = $4 "
          "AND state = 'held' RETURNING amount_minor",
          p);
      if (!moved) return moved.error();
      if (!moved->rows.empty()) {
        const std::int64_t amount = moved->rows[0].GetInt(0);
        auto after = capture ? q.MoveAccount("balance_minor = balance_minor - $1, held_minor = held_minor - $1", "",
                                             h.account_id, amount)
                             : q.MoveAccount("held_minor = held_minor - $1", "", h.account_id, amount);
        if (!after) return after.error();
        if (!*after) return Error::Internal("credit account " + h.account_id + " vanished under a hold");
        Entry e = NewEntry(h.account_id, kind, -amount, order_id, order_id, note, actor, q.now());
        e.balance_after = (*after)->balance;
        e.held_after = (*after)->held;
        auto entry = q.InsertEntry(e);
        if (!entry) return entry.error();
        moved_now = true;
      }
    }
    if (moved_now) {
      h.state = capture ? HoldState::kCaptured : HoldState::kReleased;
      if (settled) settled->Inc();
      continue;
    }
    // Settled meanwhile by another call: read what it became.
    auto now = q.HoldOn(order_id, h.account_id);
    if (!now) return now.error();
    if (*now) h = std::move(**now);
  }
  return holds;
}

}  // namespace

Result<std::vector<Hold>> CreditLedger::CaptureHolds(ports::SqlSession& s, const std::string& order_id,
                                                     const std::string& actor) {
  Sql q(s, dialect_, clock_);
  return SettleHolds(q, dialect_, order_id, true, actor, "", captures_);
}

Result<std::vector<Hold>> CreditLedger::ReleaseHolds(ports::SqlSession& s, const std::string& order_id,
                                                     const std::string& actor, const std::string& reason) {
  if (auto c = CheckText("reason", reason, 1000); !c) return c.error();
  Sql q(s, dialect_, clock_);
  return SettleHolds(q, dialect_, order_id, false, actor, reason, releases_);
}

Result<Entry> CreditLedger::Refund(ports::SqlSession& s, const std::string& order_id, const std::string& tenant_id,
                                   const Money& refund, const std::string& reference, const std::string& actor,
                                   const std::string& note) {
  if (refund.minor <= 0) return Error::Validation("refund.amount", "must be greater than zero");
  if (reference.empty()) return Error::Validation("reference", "a refund needs a reference (it makes it idempotent)");
  if (auto c = CheckText("reference", reference, 200); !c) return c.error();
  if (auto c = CheckText("note", note, 1000); !c) return c.error();
  Sql q(s, dialect_, clock_);
  auto account = FindAccountFor(s, tenant_id, refund.currency);
  if (!account) return account.error();
  if (!*account) return Error::NotFound("No " + refund.currency + " credit account for this tenant.");
  const std::string account_id = (*account)->id;
  auto same = [&](Entry e) -> Result<Entry> {
    if (e.order_id != order_id) {
      return Error::Conflict("The refund reference " + reference + " was used for another order.");
    }
    return e;
  };
  if (auto seen = q.EntryByReference(account_id, EntryKind::kRefund, reference); !seen) {
    return seen.error();
  } else if (*seen) {
    return same(std::move(**seen));
  }
  auto hold = q.HoldOn(order_id, account_id);
  if (!hold) return hold.error();
  if (!*hold || (*hold)->state != HoldState::kCaptured) {
    return Error::Validation("refund.amount", "nothing was charged for order " + order_id + " on this account");
  }
  Entry e = NewEntry(account_id, EntryKind::kRefund, refund.minor, order_id, reference, note, actor, q.now());
  auto inserted = q.InsertEntry(e);
  if (!inserted) return inserted.error();
  if (!*inserted) {
    auto seen = q.EntryByReference(account_id, EntryKind::kRefund, reference);
    if (!seen) return seen.error();
    if (*seen) return same(std::move(**seen));
    return Error::Conflict("The refund reference " + reference + " is being used by another request; try again.");
  }
  const SqlValue p[] = {Int(refund.minor), Text(q.now()), Text(order_id), Text(account_id)};
  auto bounded = q.Run(
      "UPDATE credit_holds SET refunded_minor = refunded_minor + $1, updated_at = $2 WHERE order_id = $3 "
      "AND account_id = $4 AND state = 'captured' AND refunded_minor + $1 <= amount_minor RETURNING refunded_minor",
      p);
  if (!bounded) return bounded.error();
  if (bounded->rows.empty()) {
    const SqlValue k[] = {Text(e.id)};
    if (auto del = q.Run("DELETE FROM credit_entries WHERE id = $1", k); !del) return del.error();
    auto now = q.HoldOn(order_id, account_id);
    if (!now) return now.error();
    const std::int64_t left = *now ? (*now)->amount.minor - (*now)->refunded_minor : 0;
    return Error::Validation("refund.amount", "at most " + Figure(left, refund.currency) +
                                                  " remains to refund of what order " + order_id + " was charged");
  }
  auto after = q.MoveAccount("balance_minor = balance_minor + $1", "", account_id, refund.minor);
  if (!after) return after.error();
  if (!*after) return Error::Internal("credit account " + account_id + " vanished under a refund");
  if (auto set = q.SetEntryAfter(e, **after); !set) return set.error();
  return e;
}

Result<std::vector<Hold>> CreditLedger::HoldsOf(ports::SqlSession& s, const std::string& order_id) {
  return Sql(s, dialect_, clock_).HoldsOf(order_id);
}

Result<std::vector<Entry>> CreditLedger::Entries(ports::SqlSession& s, const EntryQuery& eq) {
  Sql q(s, dialect_, clock_);
  std::vector<SqlValue> p = {Text(eq.account_id), Int(eq.limit)};
  std::string sql = "SELECT " + q.EntryColumns() + " FROM credit_entries WHERE account_id = $1";
  if (eq.after) {
    p.push_back(Text(*eq.after));
    sql += " AND id < $3";
  }
  auto r = q.Run(sql + " ORDER BY id DESC LIMIT $2", p);
  if (!r) return r.error();
  std::vector<Entry> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadEntry(row));
  return out;
}

Result<std::vector<Account>> CreditLedger::ListAccounts(ports::SqlSession& s, const std::string& tenant_path_prefix,
                                                        int limit, const std::optional<std::string>& after) {
  AccountQuery aq;
  aq.tenant_path_prefix = tenant_path_prefix;
  aq.limit = limit;
  aq.after = after;
  return ListAccounts(s, aq);
}

Result<std::vector<Account>> CreditLedger::ListAccounts(ports::SqlSession& s, const AccountQuery& aq) {
  Sql q(s, dialect_, clock_);
  // substr, not LIKE: tenant ids contain '_', a LIKE wildcard.
  std::vector<SqlValue> p = {Text(aq.tenant_path_prefix), Int(aq.limit)};
  std::string sql = "SELECT " + q.AccountColumns("a.") +
                    " FROM credit_accounts a JOIN tenants t ON t.id = a.tenant_id "
                    "WHERE substr(t.path, 1, length(CAST($1 AS TEXT))) = CAST($1 AS TEXT)";
  auto add = [&](std::string_view clause, std::string value) {
    p.push_back(Text(value));
    sql += std::string(" AND ") + std::string(clause) + " $" + std::to_string(p.size());
  };
  if (aq.tenant_id) add("a.tenant_id =", *aq.tenant_id);
  if (aq.currency) add("a.currency =", *aq.currency);
  if (aq.after) add("a.id >", *aq.after);
  auto r = q.Run(sql + " ORDER BY a.id LIMIT $2", p);
  if (!r) return r.error();
  std::vector<Account> out;
  out.reserve(r->rows.size());
  for (const auto& row : r->rows) out.push_back(ReadAccount(row));
  return out;
}

}  // namespace hotel::credit

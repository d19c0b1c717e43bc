// The credit ledger's SQL. Each balance/held change is one UPDATE whose WHERE clause carries
// the invariant and whose RETURNING gives the figures after it, so READ COMMITTED (PostgreSQL)
// and SQLite's single writer both see exactly one winner. Rows that make a call idempotent
// (the hold row, an entry's reference) are written FIRST with ON CONFLICT DO NOTHING: a
// concurrent duplicate then waits on the unique key and finds the first call's row, instead
// of moving money a second time. Timestamps are written as ISO 8601 text.
#include "modules/risk-service/credit_ledger.hpp"
#include "modules/risk-service/credit_sql.hpp"

#include "runtime/metrics.hpp"

#include <algorithm>
#include <limits>

namespace hotel::credit {
using namespace detail;

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

std::int64_t Account::available_minor() const {
  const __int128 v = static_cast<__int128>(balance_minor) + limit_minor - held_minor;
  if (v > std::numeric_limits<std::int64_t>::max()) return std::numeric_limits<std::int64_t>::max();
  if (v < std::numeric_limits<std::int64_t>::min()) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(v);
}

namespace {

Result<void> CheckLimit(std::int64_t limit_minor) {
  if (limit_minor < 0 || !AmountInBounds(limit_minor)) {
    return Error::Validation("limit.amount", "must not be negative; " + AmountBoundsMessage());
  }
  return Ok();
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
  if (auto c = CheckLimit(limit_minor); !c) return c.error();
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
  auto a = ReadAccount(r->rows.front());
  if (!a) return a.error();
  return std::optional<Account>(std::move(*a));
}

Result<std::vector<Account>> CreditLedger::FindAccountsFor(ports::SqlSession& s,
                                                          const std::vector<std::string>& tenant_ids,
                                                          const std::string& currency) {
  if (tenant_ids.empty()) return std::vector<Account>{};
  Sql q(s, dialect_, clock_);
  std::vector<SqlValue> p{Text(currency)};
  std::string in;
  for (const auto& t : tenant_ids) {
    p.push_back(Text(t));
    in += (in.empty() ? "$" : ", $") + std::to_string(p.size());
  }
  auto r = q.Run("SELECT " + q.AccountColumns() + " FROM credit_accounts WHERE currency = $1 AND tenant_id IN (" + in + ")",
                 p);
  if (!r) return r.error();
  return ReadAccounts(r->rows);
}

Result<Account> CreditLedger::SetLimit(ports::SqlSession& s, const std::string& account_id, std::int64_t limit_minor,
                                       const std::string& actor, const std::string& note) {
  if (auto c = CheckLimit(limit_minor); !c) return c.error();
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
  if (!AmountInBounds(amount)) return Error::Validation("amount.amount", AmountBoundsMessage());
  auto account = q.MustAccount(account_id);
  if (!account) return account.error();
  // The balance stays inside the one bound too (account figures are bounded on read, so the
  // sum cannot overflow; checked anyway).
  const auto balance_after = CheckedAdd(account->balance_minor, amount);
  if (!balance_after || !AmountInBounds(*balance_after)) {
    return Error::Validation("amount.amount", "would take the balance beyond the bound: the balance " +
                                                  AmountBoundsMessage());
  }
  Entry e = NewEntry(account_id, kind, amount, "", reference, note, actor, q.now());
  auto inserted = q.InsertEntry(e);
  if (!inserted) return inserted.error();
  if (!*inserted) {  // a concurrent call with the same reference won
    auto seen = q.EntryByReference(account_id, kind, reference);
    if (!seen) return seen.error();
    if (*seen) return std::move(**seen);
    return Error::Conflict("The reference " + reference + " is being used by another request; try again.");
  }
  // The bound again in the guard, against a concurrent move since the read above.
  const std::string bound = std::to_string(kMaxAmountMinor);
  auto after = q.MoveAccount("balance_minor = balance_minor + $1",
                             " AND balance_minor + $1 > -" + bound + " AND balance_minor + $1 < " + bound, account_id,
                             amount);
  if (!after) return after.error();
  if (!*after) {
    return Error::Conflict("The balance of " + account_id + " changed meanwhile and this move would take it beyond "
                           "the bound; nothing was moved.");
  }
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
  return ReadAccounts(r->rows);
}

}  // namespace hotel::credit

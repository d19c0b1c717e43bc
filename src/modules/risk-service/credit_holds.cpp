// The credit ledger's holds: placing them for an order (each tier's account, all or none),
// settling them (capture on confirmation, release on failure or expiry) and refunds after a
// cancellation. The same rules as credit_ledger.cpp: the row that makes a call idempotent is
// written first, and each move of an account is one guarded UPDATE.
#include "modules/risk-service/credit_ledger.hpp"
#include "modules/risk-service/credit_sql.hpp"

#include "runtime/metrics.hpp"

#include <algorithm>

namespace hotel::credit {
using namespace detail;

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
    if (r.amount.minor <= 0 || !AmountInBounds(r.amount.minor)) {
      return Error::Validation("amount.amount", "must be greater than zero; " + AmountBoundsMessage());
    }
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
  // their keys, then finds them and moves nothing. All in one round trip where the engine can.
  constexpr std::string_view kInsertHold =
      "INSERT INTO credit_holds (order_id, account_id, tenant_id, amount_minor, currency, state, refunded_minor, "
      "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'held', 0, $6, $6) ON CONFLICT DO NOTHING";
  std::vector<std::vector<SqlValue>> insert_params;
  std::vector<ports::Statement> inserts;
  insert_params.reserve(requests.size());
  for (const auto& r : requests) {
    insert_params.push_back({Text(order_id), Text(r.account_id), Text(r.tenant_id), Int(r.amount.minor),
                             Text(r.amount.currency), Text(q.now())});
    inserts.push_back({kInsertHold, insert_params.back()});
  }
  auto inserted = q.RunAll(inserts);
  if (!inserted) return inserted.error();
  std::vector<Hold> holds;
  std::vector<bool> fresh;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    if ((*inserted)[i].affected_rows == 1) {
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
  // Then the accounts, each one guarded statement with its entry, in account-id order (one
  // round trip for all on PostgreSQL: a refusal then has moved the later accounts too, in the
  // transaction the caller rolls back on the error anyway).
  constexpr std::string_view kSet = "held_minor = held_minor + $1";
  constexpr std::string_view kGuard = " AND status = 'active' AND balance_minor + limit_minor - held_minor >= $1";
  std::vector<std::size_t> refused_at;
  if (q.Batches()) {
    const std::string sql = Sql::MoveWithEntrySql(kSet, kGuard);
    std::vector<std::vector<SqlValue>> move_params;
    std::vector<ports::Statement> moves;
    std::vector<std::size_t> which;
    move_params.reserve(holds.size());
    for (std::size_t i = 0; i < holds.size(); ++i) {
      if (!fresh[i]) continue;
      const Hold& h = holds[i];
      Entry e = NewEntry(h.account_id, EntryKind::kHold, h.amount.minor, order_id, order_id, "", actor, q.now());
      move_params.push_back(q.MoveWithEntryParams(h.amount.minor, e));
      moves.push_back({sql, move_params.back()});
      which.push_back(i);
    }
    auto moved = q.RunAll(moves);
    if (!moved) return moved.error();
    for (std::size_t m = 0; m < which.size(); ++m) {
      if ((*moved)[m].rows.empty()) refused_at.push_back(which[m]);
      else if (holds_placed_) holds_placed_->Inc();
    }
  } else {
    for (std::size_t i = 0; i < holds.size() && refused_at.empty(); ++i) {
      if (!fresh[i]) continue;
      const Hold& h = holds[i];
      Entry e = NewEntry(h.account_id, EntryKind::kHold, h.amount.minor, order_id, order_id, "", actor, q.now());
      auto after = q.MoveWithEntry(kSet, kGuard, h.amount.minor, e);
      if (!after) return after.error();
      if (*after) {
        if (holds_placed_) holds_placed_->Inc();
      } else {
        refused_at.push_back(i);
      }
    }
  }
  if (refused_at.empty()) return holds;
  // Refused: this hold and the ones after it are taken back (the ones moved stay in the
  // transaction, which the caller rolls back).
  const std::size_t i = refused_at.front();
  const Hold& h = holds[i];
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

namespace {

// PostgreSQL: one hold's change (held → captured | released), its account's move and the
// entry, as one statement ($1 state, $2 now, $3 order, $4 account, $5 entry id, $6 kind, $7
// note, $8 actor); no row when the hold was not held.
std::string SettleSql(bool capture) {
  return std::string("WITH h AS (UPDATE credit_holds SET state = $1, updated_at = $2 WHERE order_id = $3 "
                     "AND account_id = $4 AND state = 'held' RETURNING amount_minor), "
                     "a AS (UPDATE credit_accounts SET ") +
         (capture ? "balance_minor = balance_minor - h.amount_minor, " : "") +
         "held_minor = held_minor - h.amount_minor, updated_at = $2 FROM h WHERE id = $4 "
         "RETURNING balance_minor, held_minor, h.amount_minor) "
         "INSERT INTO credit_entries (id, account_id, kind, amount_minor, balance_after, held_after, "
         "order_id, reference, note, actor, created_at) "
         "SELECT $5, $4, $6, -a.amount_minor, a.balance_minor, a.held_minor, $3, $3, $7, $8, $2 FROM a "
         "RETURNING amount_minor";
}

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
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < holds->size(); ++i) {
    if ((*holds)[i].state == HoldState::kHeld) open.push_back(i);
  }
  std::vector<bool> moved(holds->size(), false);
  if (dialect == ports::Dialect::postgres) {
    // Per hold one statement (its change, the account's move, the entry), all of the order's
    // in one round trip, in account-id order.
    const std::string sql = SettleSql(capture);
    std::vector<std::vector<SqlValue>> params;
    std::vector<ports::Statement> statements;
    params.reserve(open.size());
    for (std::size_t i : open) {
      const Hold& h = (*holds)[i];
      Entry e = NewEntry(h.account_id, kind, 0, order_id, order_id, note, actor, q.now());
      params.push_back({Text(state), Text(q.now()), Text(order_id), Text(h.account_id), Text(e.id),
                        Text(EntryKindName(kind)), Text(e.note), Text(e.actor)});
      statements.push_back({sql, params.back()});
    }
    auto r = q.RunAll(statements);
    if (!r) return r.error();
    for (std::size_t k = 0; k < open.size(); ++k) moved[open[k]] = !(*r)[k].rows.empty();
  } else {
    for (std::size_t i : open) {
      const Hold& h = (*holds)[i];
      const SqlValue p[] = {Text(state), Text(q.now()), Text(order_id), Text(h.account_id)};
      auto changed = q.Run(
          "UPDATE credit_holds SET state = $1, updated_at = $2 WHERE order_id = $3 AND account_id = $4 "
          "AND state = 'held' RETURNING amount_minor",
          p);
      if (!changed) return changed.error();
      if (changed->rows.empty()) continue;
      const std::int64_t amount = changed->rows[0].GetInt(0);
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
      moved[i] = true;
    }
  }
  for (std::size_t i : open) {
    Hold& h = (*holds)[i];
    if (moved[i]) {
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

Result<void> CreditLedger::CaptureHoldsDeferred(ports::SqlSession& s, const std::string& order_id,
                                                std::vector<std::string> account_ids, const std::string& actor) {
  // Elsewhere, or with an account not known (an order placed before accounts were recorded
  // on its shares): the capture that reads the holds.
  const bool unknown = account_ids.empty() || std::any_of(account_ids.begin(), account_ids.end(),
                                                          [](const std::string& a) { return a.empty(); });
  if (dialect_ != ports::Dialect::postgres || unknown) {
    auto captured = CaptureHolds(s, order_id, actor);
    if (!captured) return captured.error();
    return Ok();
  }
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  Sql q(s, dialect_, clock_);
  static const std::string sql = SettleSql(true);
  for (const auto& account_id : account_ids) {
    Entry e = NewEntry(account_id, EntryKind::kCharge, 0, order_id, order_id, "", actor, q.now());
    const SqlValue p[] = {Text("captured"), Text(q.now()), Text(order_id), Text(account_id), Text(e.id),
                          Text(EntryKindName(EntryKind::kCharge)), Text(e.note), Text(e.actor)};
    if (auto d = s.Defer(sql, p); !d) return d;
    if (captures_) captures_->Inc();  // counted when sent: a hold settled before moves nothing
  }
  return Ok();
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
  if (refund.minor <= 0 || !AmountInBounds(refund.minor)) {
    return Error::Validation("refund.amount", "must be greater than zero; " + AmountBoundsMessage());
  }
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

}  // namespace hotel::credit

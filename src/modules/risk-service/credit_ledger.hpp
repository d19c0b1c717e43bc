// Credit accounts (issue 5 §4): one per tenant and currency, with a credit limit, a balance
// (deposits + refunds + adjustments − charges) and holds. What a tenant may still spend:
//   available = balance + limit − held        (never allowed below zero by a hold)
// Every movement is an entry (credit_entries) with who, when, why and the order it belongs
// to; holds are rows (credit_holds) keyed by (order, account) so that placing, capturing or
// releasing the same hold twice changes nothing. Every function takes the caller's SqlSession
// so that order-service moves credit in the same transaction as the order's state change
// and its outbox event. Each change is one guarded UPDATE (`... WHERE available >= $n`),
// correct under READ COMMITTED and SQLite alike: no path can double-charge.
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "ports/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::runtime {
class Counter;
class MetricsRegistry;
}  // namespace hotel::runtime

namespace hotel::credit {

struct Account {
  std::string id;         // "cra_…"
  std::string tenant_id;
  std::string currency;
  std::int64_t limit_minor = 0;
  std::int64_t balance_minor = 0;
  std::int64_t held_minor = 0;
  std::string status;     // active | frozen (a frozen account refuses new holds)
  std::string created_at, updated_at;
  // Computed in __int128 and saturated: never undefined behaviour. Accounts read from the
  // database are within kMaxLedgerFigure (ReadAccount refuses others), so it is exact for them.
  std::int64_t available_minor() const;
};

// The bounds the ledger keeps. Every amount that enters (a limit, a deposit, an adjustment, a
// hold, a refund) is inside core/money's one bound (|amount| < 10^15, AmountInBounds), and a
// deposit or adjustment that would take the balance outside it is refused. Captures and refunds
// move the balance by at most what holds and charges already bounded, so no figure this version
// writes reaches kMaxLedgerFigure; a row beyond it (written by hand or by an older version) is
// read as an internal error naming the account, never as a number that overflows later.
inline constexpr std::int64_t kMaxLedgerFigure = 100 * kMaxAmountMinor;  // 10^17

enum class EntryKind { kDeposit, kAdjustment, kHold, kRelease, kCharge, kRefund, kLimitChange };
std::string_view EntryKindName(EntryKind k);  // deposit | adjustment | hold | release | charge | refund | limit_change

struct Entry {
  std::string id;          // "cre_…"
  std::string account_id;
  EntryKind kind = EntryKind::kDeposit;
  std::int64_t amount_minor = 0;  // signed effect on balance (charge < 0) or on held (hold > 0, release < 0)
  std::int64_t balance_after = 0, held_after = 0;
  std::string order_id;    // empty for deposits/adjustments
  std::string reference;   // the caller's reference (deposit slip, refund key)
  std::string note;
  std::string actor;       // usr_…/key_…/"system"
  std::string created_at;
};

enum class HoldState { kHeld, kCaptured, kReleased };

struct Hold {
  std::string order_id;
  std::string account_id;
  std::string tenant_id;
  Money amount;
  HoldState state = HoldState::kHeld;
  std::int64_t refunded_minor = 0;  // after capture: refunded so far (≤ amount)
};

class CreditLedger {
 public:
  CreditLedger(ports::Dialect dialect, const Clock& clock) : dialect_(dialect), clock_(clock) {}
  // Counts credit_holds_total{outcome=placed|refused}, credit_captures_total and
  // credit_releases_total (holds settled) in `metrics`, which must outlive the ledger.
  void CountIn(runtime::MetricsRegistry& metrics);

  // conflict when the tenant already has an account in that currency.
  Result<Account> OpenAccount(ports::SqlSession& s, const std::string& tenant_id, const std::string& currency,
                              std::int64_t limit_minor, const std::string& actor);
  Result<std::optional<Account>> FindAccount(ports::SqlSession& s, const std::string& account_id);
  Result<std::optional<Account>> FindAccountFor(ports::SqlSession& s, const std::string& tenant_id,
                                                const std::string& currency);
  // The accounts of several tenants in `currency`, in one query (tenants without one absent).
  Result<std::vector<Account>> FindAccountsFor(ports::SqlSession& s, const std::vector<std::string>& tenant_ids,
                                               const std::string& currency);
  Result<Account> SetLimit(ports::SqlSession& s, const std::string& account_id, std::int64_t limit_minor,
                           const std::string& actor, const std::string& note);
  Result<Account> SetStatus(ports::SqlSession& s, const std::string& account_id, const std::string& status,
                            const std::string& actor);
  // Deposit (> 0) or manual adjustment (either sign). `reference` makes it idempotent per
  // account: the same reference again returns the first entry and moves nothing.
  Result<Entry> Deposit(ports::SqlSession& s, const std::string& account_id, std::int64_t amount_minor,
                        const std::string& reference, const std::string& actor, const std::string& note);
  Result<Entry> Adjust(ports::SqlSession& s, const std::string& account_id, std::int64_t amount_minor,
                       const std::string& reference, const std::string& actor, const std::string& note);

  // Holds `amount` on the tenant's account in amount.currency for `order_id`.
  // credit_insufficient when available < amount (or no/frozen account: detail says which);
  // the same (order, tenant) again returns the existing hold unchanged.
  Result<Hold> PlaceHold(ports::SqlSession& s, const std::string& tenant_id, const Money& amount,
                         const std::string& order_id, const std::string& actor);
  // The holds of one order on several tenants' accounts (the B2B2B chain), placed together:
  // the hold rows first, then each account's guarded move with its entry as the last
  // statements, in account-id order (as captures, releases and refunds lock them), so that
  // the hot account rows stay locked for as little of the transaction as possible and two
  // orders never wait on each other in a cycle. `account_id` may be given (already looked
  // up); otherwise the tenant's account in amount.currency. On credit_insufficient the holds
  // moved before the refusal are still in the transaction: the caller rolls it back.
  struct HoldRequest {
    std::string tenant_id;
    Money amount;
    std::string account_id;  // optional
  };
  Result<std::vector<Hold>> PlaceHolds(ports::SqlSession& s, const std::string& order_id,
                                       std::vector<HoldRequest> requests, const std::string& actor);
  // Every held hold of the order → charge (balance −= amount, held −= amount). Captured or
  // released holds are left alone (idempotent). Returns the order's holds after.
  Result<std::vector<Hold>> CaptureHolds(ports::SqlSession& s, const std::string& order_id, const std::string& actor);
  // The same capture without reading the holds first or answering them: one statement per
  // hold on `account_ids` (the order's accounts, as PlaceHolds placed them), deferred
  // (SqlSession::Defer: sent with the commit, so the hot account rows are locked for the
  // commit's round trip only), in account-id order. Idempotent like CaptureHolds; for callers
  // that do not read the holds back. Falls back to CaptureHolds on SQLite, or when an account
  // id is empty (not recorded on the order).
  Result<void> CaptureHoldsDeferred(ports::SqlSession& s, const std::string& order_id,
                                    std::vector<std::string> account_ids, const std::string& actor);
  // Every held hold of the order → released (held −= amount). Idempotent.
  Result<std::vector<Hold>> ReleaseHolds(ports::SqlSession& s, const std::string& order_id, const std::string& actor,
                                         const std::string& reason);
  // After capture: gives back `refund` of the captured hold on `tenant_id`'s account
  // (balance += refund), at most what remains unrefunded; `reference` makes it idempotent
  // (the same reference again moves nothing). validation_failed beyond what was charged.
  Result<Entry> Refund(ports::SqlSession& s, const std::string& order_id, const std::string& tenant_id,
                       const Money& refund, const std::string& reference, const std::string& actor,
                       const std::string& note);
  Result<std::vector<Hold>> HoldsOf(ports::SqlSession& s, const std::string& order_id);

  struct EntryQuery {
    std::string account_id;
    int limit = 50;
    std::optional<std::string> after;  // id cursor (entries are listed newest first)
  };
  Result<std::vector<Entry>> Entries(ports::SqlSession& s, const EntryQuery& q);
  // Accounts whose tenant path starts with `tenant_path_prefix` ("" = all), id cursor.
  Result<std::vector<Account>> ListAccounts(ports::SqlSession& s, const std::string& tenant_path_prefix, int limit,
                                            const std::optional<std::string>& after);
  // The same with the API's filters (tenant, currency).
  struct AccountQuery {
    std::string tenant_path_prefix;  // "" = all
    std::optional<std::string> tenant_id, currency;
    int limit = 50;
    std::optional<std::string> after;  // id cursor (ascending ids)
  };
  Result<std::vector<Account>> ListAccounts(ports::SqlSession& s, const AccountQuery& q);

 private:
  ports::Dialect dialect_;
  const Clock& clock_;
  runtime::Counter* holds_placed_ = nullptr;
  runtime::Counter* holds_refused_ = nullptr;
  runtime::Counter* captures_ = nullptr;
  runtime::Counter* releases_ = nullptr;
};

}  // namespace hotel::credit

// Inventory's SQL over a SqlSession (a transaction's, or DirectSession's auto-commit). Every
// stock change is one guarded UPDATE, so it is correct under PostgreSQL's READ COMMITTED
// without reading first; callers check the affected rows.
#pragma once

#include "modules/inventory-service/model.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::inventory {

using DirectSession = ports::AutoCommitSession;  // one auto-committed statement at a time

// Which row of allotments a stock change applies to.
struct NightKey {
  const std::string& hotel_id;
  const std::string& room_type;
  std::string night;  // YYYY-MM-DD
};

// How a stock change moves rooms; each is guarded so no column goes negative or past total.
enum class StockMove {
  take_held,     // held += n   where total - sold - held >= n
  held_to_sold,  // held -= n, sold += n   where held >= n
  return_held,   // held -= n   where held >= n
  return_sold,   // sold -= n   where sold >= n
};

// For hold transitions: whether the hold must be still live, or already past its expiry.
enum class ExpiryGuard { none, live, expired };

class Repository {
 public:
  explicit Repository(ports::Dialect dialect) : dialect_(dialect) {}

  // Creates the night with `total`, or sets its total. False (and nothing changed) when the
  // night already has more than `total` rooms sold or held.
  Result<bool> UpsertTotal(ports::SqlSession& s, const NightKey& key, int total, const std::string& now);
  Result<std::optional<AllotmentNight>> FindNight(ports::SqlSession& s, const NightKey& key);
  // Nights in [from, to] inclusive, of one room type or all; by room type, then night.
  Result<std::vector<AllotmentNight>> ListNights(ports::SqlSession& s, const std::string& hotel_id,
                                                 const std::optional<std::string>& room_type, Date from, Date to);
  // Applies `move` of `n` rooms to one night; false when the guard did not hold (or no row).
  Result<bool> Move(ports::SqlSession& s, const NightKey& key, StockMove move, int n, const std::string& now);

  Result<void> InsertHold(ports::SqlSession& s, const Hold& h);
  Result<std::optional<Hold>> FindHold(ports::SqlSession& s, const std::string& id);
  Result<std::optional<Hold>> FindHoldByReference(ports::SqlSession& s, const std::string& reference);
  // from → to when the hold is still in `from` (and passes `guard` at `now`); false otherwise.
  Result<bool> Transition(ports::SqlSession& s, const std::string& id, HoldStatus from, HoldStatus to,
                          const std::string& now, ExpiryGuard guard);
  // Ids of holds still 'held' whose expiry is at or before `now`, oldest first.
  Result<std::vector<std::string>> ExpiredHoldIds(ports::SqlSession& s, const std::string& now, int limit);

 private:
  std::string Ts(std::string_view column) const;  // a timestamp column as ISO 8601 text
  std::string HoldColumns() const;

  ports::Dialect dialect_;
};

}  // namespace hotel::inventory

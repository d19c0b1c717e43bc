// The supplier-adapter's SQL (suppliers, sync state, availability snapshot) on either engine.
// Blocking: callers run it on the BlockingPool. Credentials pass through as sealed text only.
#pragma once

#include "modules/supplier-adapter/model.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::supplier_adapter {

class SupplierRepository {
 public:
  explicit SupplierRepository(ports::Database& db) : db_(db) {}

  // conflict when the code is taken.
  Result<void> Insert(const Supplier& s);
  Result<std::optional<Supplier>> Find(const std::string& code);
  Result<Page<Supplier>> List(const PageRequest& page);
  Result<std::vector<Supplier>> ListAll();
  // Writes every mutable column of `s` and bumps the version, if the row is still at
  // `s.version` (optimistic locking); false when it changed meanwhile (or is gone).
  Result<bool> Update(const Supplier& s);

  // Takes the sync claim of `code` unless a run holds one that started after `stale_before`;
  // records the start. False: another run is going on.
  // The claim names `owner`; one whose owner is gone (no heartbeat after `alive_after_ms`) is
  // taken over at once.
  Result<bool> ClaimSync(const std::string& code, const std::string& now, const std::string& stale_before,
                         const ports::LeaseOwner& owner = {}, std::int64_t alive_after_ms = 0);
  // Records the end of a run and gives the claim back.
  Result<void> FinishSync(const std::string& code, const std::string& now, SyncOutcome outcome,
                          const std::optional<std::string>& error, std::int64_t hotels_synced);
  Result<std::optional<SyncState>> FindSyncState(const std::string& code);

  // Inserts or replaces snapshot rows, in one transaction.
  Result<void> UpsertAvailability(const std::vector<AvailabilityRow>& rows);
  // Removes snapshot rows of `code` with a check-in before `before` (stays in the past).
  Result<std::int64_t> DeleteAvailabilityBefore(const std::string& code, Date before);
  // Every row of `code`, or only those of one of its hotels.
  Result<std::vector<AvailabilityRow>> ListAvailability(const std::string& code,
                                                        const std::optional<std::string>& hotel_code = std::nullopt);

 private:
  std::string Ts(std::string_view column) const;  // a timestamp column as ISO 8601 text
  std::string SupplierColumns() const;
  bool IsSqlite() const { return db_.dialect() == ports::Dialect::sqlite; }

  ports::Database& db_;
};

}  // namespace hotel::supplier_adapter

// Inventory's use cases: loading allotments, holding rooms on every night of a stay or on
// none, confirming, releasing and expiring holds. No oversell under concurrency: each night's
// change is one guarded UPDATE inside the stay's transaction.
#pragma once

#include "core/clock.hpp"
#include "modules/inventory-service/model.hpp"
#include "modules/inventory-service/repository.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::inventory {

class InventoryService {
 public:
  // `db` and `clock` must outlive the service.
  InventoryService(ports::Database& db, const Clock& clock);

  // Sets `total` rooms on every night of [from, to] (inclusive). All or nothing: a night with
  // more rooms sold + held than `total` is a conflict naming that night.
  Result<std::vector<AllotmentNight>> SetAllotment(const std::string& hotel_id, const std::string& room_type, Date from,
                                                   Date to, int total);
  // Loaded nights in [from, to] (inclusive), of one room type or of all.
  Result<std::vector<AllotmentNight>> ListAllotments(const std::string& hotel_id,
                                                     const std::optional<std::string>& room_type, Date from, Date to);
  // What can be held on each night of a stay (0 where nothing is loaded).
  Result<std::vector<NightAvailability>> Availability(const std::string& hotel_id, const std::string& room_type,
                                                      Date check_in, Date check_out);

  // Takes `rooms` on every night of the stay, or nothing (sold_out naming the first night
  // short). A request whose reference already has a hold answers that hold (created=false);
  // the same reference for another stay is a conflict.
  Result<HoldOutcome> PlaceHold(const HoldRequest& request);
  Result<Hold> GetHold(const std::string& id);
  // held → confirmed (rooms move from held to sold). Confirming a confirmed hold answers it
  // again; a released, expired or past-its-expiry hold is a conflict.
  Result<Hold> Confirm(const std::string& id);
  // held → released (held rooms back) or confirmed → released (sold rooms back). Releasing a
  // released hold answers it again; an expired one is a conflict (its rooms are already back).
  Result<Hold> Release(const std::string& id);
  // Expires every hold past its expiry at `now`, giving its rooms back. Idempotent, and safe
  // from several processes at once (each hold's transition is guarded). Returns how many.
  Result<int> ExpireHolds(Instant now);

 private:
  std::string Now() const;
  // Applies `move` to every night of `h`; any night failing its guard is an internal error
  // (the hold's status said the rooms were there).
  Result<void> MoveNights(ports::SqlSession& s, const Hold& h, StockMove move, const std::string& now);

  ports::Database& db_;
  const Clock& clock_;
  Repository repo_;
};

}  // namespace hotel::inventory

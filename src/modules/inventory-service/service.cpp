// Inventory's use cases over the repository, each state change in one transaction.
#include "modules/inventory-service/service.hpp"

#include "core/ids.hpp"

#include <cassert>

namespace hotel::inventory {
namespace {

Error SoldOut(std::string detail) { return Error{Errc::sold_out, std::move(detail), {}}; }

Result<void> CheckStay(Date check_in, Date check_out, int rooms) {
  if (check_out <= check_in) return Error::Validation("checkOut", "must be after checkIn");
  if (check_out - check_in > kMaxStayNights) {
    return Error::Validation("checkOut", "a stay is at most " + std::to_string(kMaxStayNights) + " nights");
  }
  if (rooms < 1 || rooms > kMaxRooms) return Error::Validation("rooms", "must be from 1 to 9");
  return Ok();
}

Result<void> CheckRange(Date from, Date to) {
  if (to < from) return Error::Validation("to", "must not be before from");
  if (to - from + 1 > kMaxRangeNights) {
    return Error::Validation("to", "a range is at most " + std::to_string(kMaxRangeNights) + " nights");
  }
  return Ok();
}

bool SameStay(const Hold& h, const HoldRequest& r) {
  return h.hotel_id == r.hotel_id && h.room_type == r.room_type && h.check_in == FormatDate(r.check_in) &&
         h.check_out == FormatDate(r.check_out) && h.rooms == r.rooms;
}

Result<HoldOutcome> ExistingForReference(const Hold& h, const HoldRequest& r) {
  if (!SameStay(h, r)) {
    return Error::Conflict("Reference " + *r.reference + " already holds another stay (hold " + h.id + ").");
  }
  return HoldOutcome{h, false};
}

}  // namespace

InventoryService::InventoryService(ports::Database& db, const Clock& clock)
    : db_(db), clock_(clock), repo_(db.dialect()) {}

std::string InventoryService::Now() const { return FormatIso8601(clock_.Now()); }

Result<std::vector<AllotmentNight>> InventoryService::SetAllotment(const std::string& hotel_id,
                                                                   const std::string& room_type, Date from, Date to,
                                                                   int total) {
  if (auto ok = CheckRange(from, to); !ok) return ok.error();
  if (total < 0 || total > kMaxTotal) return Error::Validation("total", "must be from 0 to 10000");
  const std::string now = Now();
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    for (Date d = from; d <= to; d = d + 1) {
      const NightKey key{hotel_id, room_type, FormatDate(d)};
      auto set = repo_.UpsertTotal(s, key, total, now);
      if (!set) return set.error();
      if (!*set) {
        auto night = repo_.FindNight(s, key);
        if (!night) return night.error();
        const auto taken = *night ? (*night)->sold + (*night)->held : 0;
        return Error::Conflict("Night " + key.night + " already has " + std::to_string(taken) +
                               " rooms sold or held, more than a total of " + std::to_string(total) + ".");
      }
    }
    return Ok();
  });
  if (!tx) return tx.error();
  return ListAllotments(hotel_id, room_type, from, to);
}

Result<std::vector<AllotmentNight>> InventoryService::ListAllotments(const std::string& hotel_id,
                                                                     const std::optional<std::string>& room_type,
                                                                     Date from, Date to) {
  if (auto ok = CheckRange(from, to); !ok) return ok.error();
  DirectSession s(db_);
  return repo_.ListNights(s, hotel_id, room_type, from, to);
}

Result<std::vector<NightAvailability>> InventoryService::Availability(const std::string& hotel_id,
                                                                      const std::string& room_type, Date check_in,
                                                                      Date check_out) {
  if (auto ok = CheckStay(check_in, check_out, 1); !ok) return ok.error();
  DirectSession s(db_);
  auto nights = repo_.ListNights(s, hotel_id, room_type, check_in, check_out + -1);
  if (!nights) return nights.error();
  std::vector<NightAvailability> out;
  auto it = nights->begin();
  for (Date d : NightsOf(check_in, check_out)) {
    NightAvailability a{FormatDate(d), 0};
    if (it != nights->end() && it->night == a.night) a.available = (it++)->Available();
    out.push_back(std::move(a));
  }
  return out;
}

Result<HoldOutcome> InventoryService::PlaceHold(const HoldRequest& request) {
  if (auto ok = CheckStay(request.check_in, request.check_out, request.rooms); !ok) return ok.error();
  if (request.ttl.count() < 1) return Error::Validation("ttlSeconds", "must be positive");
  const Instant now = clock_.Now();
  const std::string now_text = FormatIso8601(now);
  HoldOutcome outcome;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (request.reference) {
      auto existing = repo_.FindHoldByReference(s, *request.reference);
      if (!existing) return existing.error();
      if (*existing) {
        auto same = ExistingForReference(**existing, request);
        if (!same) return same.error();
        outcome = std::move(*same);
        return Ok();
      }
    }
    Hold h;
    h.id = NewId("hld");
    h.hotel_id = request.hotel_id;
    h.room_type = request.room_type;
    h.check_in = FormatDate(request.check_in);
    h.check_out = FormatDate(request.check_out);
    h.rooms = request.rooms;
    h.status = HoldStatus::held;
    h.expires_at = FormatIso8601(now + request.ttl);
    h.reference = request.reference;
    h.created_at = now_text;
    h.updated_at = now_text;
    // The hold row first: a concurrent hold with the same reference waits here on PostgreSQL
    // (unique index) before either touches stock.
    if (auto ins = repo_.InsertHold(s, h); !ins) return ins.error();
    // Nights in date order, so concurrent stays lock rows in one order (no deadlock).
    for (Date d : NightsOf(request.check_in, request.check_out)) {
      const NightKey key{h.hotel_id, h.room_type, FormatDate(d)};
      auto taken = repo_.Move(s, key, StockMove::take_held, h.rooms, now_text);
      if (!taken) return taken.error();
      if (!*taken) {
        auto night = repo_.FindNight(s, key);
        if (!night) return night.error();
        const auto left = *night ? (*night)->Available() : 0;
        return SoldOut("Only " + std::to_string(left) + " " + h.room_type + " room(s) left on " + key.night + ", " +
                       std::to_string(h.rooms) + " requested.");
      }
    }
    outcome = HoldOutcome{std::move(h), true};
    return Ok();
  });
  if (!tx) {
    // Another request with the same reference committed first: answer its hold.
    if (tx.error().code == Errc::conflict && request.reference) {
      DirectSession s(db_);
      auto existing = repo_.FindHoldByReference(s, *request.reference);
      if (existing && *existing) return ExistingForReference(**existing, request);
    }
    return tx.error();
  }
  return outcome;
}

Result<Hold> InventoryService::GetHold(const std::string& id) {
  DirectSession s(db_);
  auto h = repo_.FindHold(s, id);
  if (!h) return h.error();
  if (!*h) return Error::NotFound("No allotment hold with this id.");
  return std::move(**h);
}

Result<void> InventoryService::MoveNights(ports::SqlSession& s, const Hold& h, StockMove move, const std::string& now) {
  const auto in = ParseDate(h.check_in), out = ParseDate(h.check_out);
  if (!in || !out) return Error::Internal("hold " + h.id + " has unreadable dates");
  for (Date d : NightsOf(*in, *out)) {
    auto moved = repo_.Move(s, NightKey{h.hotel_id, h.room_type, FormatDate(d)}, move, h.rooms, now);
    if (!moved) return moved.error();
    if (!*moved) return Error::Internal("hold " + h.id + ": night " + FormatDate(d) + " lacks the rooms it holds");
  }
  return Ok();
}

Result<Hold> InventoryService::Confirm(const std::string& id) {
  const std::string now = Now();
  std::optional<Hold> result;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto found = repo_.FindHold(s, id);
    if (!found) return found.error();
    if (!*found) return Error::NotFound("No allotment hold with this id.");
    Hold h = std::move(**found);
    if (h.status == HoldStatus::confirmed) {
      result = std::move(h);
      return Ok();
    }
    if (h.status != HoldStatus::held) {
      return Error::Conflict("Hold " + h.id + " is " + std::string(HoldStatusName(h.status)) +
                             "; it can no longer be confirmed.");
    }
    auto moved = repo_.Transition(s, h.id, HoldStatus::held, HoldStatus::confirmed, now, ExpiryGuard::live);
    if (!moved) return moved.error();
    if (!*moved) {
      // Past its expiry (the sweep has not run yet), or changed by a concurrent request.
      return Error::Conflict("Hold " + h.id + " expired at " + h.expires_at + " or changed meanwhile; hold again.");
    }
    if (auto ok = MoveNights(s, h, StockMove::held_to_sold, now); !ok) return ok.error();
    h.status = HoldStatus::confirmed;
    h.updated_at = now;
    result = std::move(h);
    return Ok();
  });
  if (!tx) return tx.error();
  return std::move(*result);
}

Result<Hold> InventoryService::Release(const std::string& id) {
  const std::string now = Now();
  std::optional<Hold> result;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    auto found = repo_.FindHold(s, id);
    if (!found) return found.error();
    if (!*found) return Error::NotFound("No allotment hold with this id.");
    Hold h = std::move(**found);
    if (h.status == HoldStatus::released) {
      result = std::move(h);
      return Ok();
    }
    if (h.status == HoldStatus::expired) {
      return Error::Conflict("Hold " + h.id + " has expired; its rooms are already back.");
    }
    const HoldStatus from = h.status;
    auto moved = repo_.Transition(s, h.id, from, HoldStatus::released, now, ExpiryGuard::none);
    if (!moved) return moved.error();
    if (!*moved) return Error::Conflict("Hold " + h.id + " changed meanwhile; read it again.");
    const auto move = from == HoldStatus::held ? StockMove::return_held : StockMove::return_sold;
    if (auto ok = MoveNights(s, h, move, now); !ok) return ok.error();
    h.status = HoldStatus::released;
    h.updated_at = now;
    result = std::move(h);
    return Ok();
  });
  if (!tx) return tx.error();
  return std::move(*result);
}

Result<int> InventoryService::ExpireHolds(Instant now) {
  constexpr int kBatch = 200;
  const std::string now_text = FormatIso8601(now);
  int expired = 0;
  for (;;) {
    DirectSession direct(db_);
    auto ids = repo_.ExpiredHoldIds(direct, now_text, kBatch);
    if (!ids) return ids.error();
    int this_batch = 0;
    for (const auto& id : *ids) {
      bool mine = false;
      auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
        mine = false;
        // The guarded transition decides who expires it: another process doing the same sweep
        // (or a confirm/release racing it) finds zero rows and leaves the stock alone.
        auto moved = repo_.Transition(s, id, HoldStatus::held, HoldStatus::expired, now_text, ExpiryGuard::expired);
        if (!moved) return moved.error();
        if (!*moved) return Ok();
        auto h = repo_.FindHold(s, id);
        if (!h) return h.error();
        assert(*h);
        if (auto ok = MoveNights(s, **h, StockMove::return_held, now_text); !ok) return ok.error();
        mine = true;
        return Ok();
      });
      if (!tx) return tx.error();
      if (mine) ++this_batch;
    }
    expired += this_batch;
    // A short batch was the last; a batch where others took every hold means they are sweeping.
    if (static_cast<int>(ids->size()) < kBatch || this_batch == 0) break;
  }
  return expired;
}

}  // namespace hotel::inventory

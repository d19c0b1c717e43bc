// The protocol-independent heart of `hotel supplier-sim`: one simulated supplier's hotels
// (a `world` supplier view), room types, prices, stock, opaque expiring rate tokens, bookings
// (holds, late confirmations, on-request), cancellation policies, and fault decisions.
// Deterministic from the seeds: the same options and the same sequence of requests give the
// same answers. Thread-safe (one mutex; a simulator is not the thing being measured).
//
// The protocol front-ends (supplier-sim/<protocol>/) translate their wire format to these calls;
// transport faults (latency, timeout, 5xx, throttling, malformed bodies) are applied around
// them by FaultMiddleware.
#pragma once

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "runtime/http.hpp"
#include "runtime/router.hpp"
#include "world/supplier_view.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hotel::sim {

struct SimOptions {
  std::string protocol;              // hbx-json | ota-xml | rapid-json
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;            // 0: any free port (printed on start)
  std::uint64_t seed = 1;            // this supplier's noise, prices, stock and fault sequence
  std::uint64_t world_seed = 42;     // the world every simulator shares (same real hotels)
  std::size_t hotels = 5000;         // size of that world
  std::string supplier_code;         // hotel code prefix; default by protocol: HBX, OTA, RPD
  int slot = -1;                     // which exclusive hotels are this supplier's; default by protocol
  double coverage = 0.8;             // share of the world this supplier lists
  std::string currency;              // default by protocol: EUR, USD, USD
  std::string api_key;               // required credential (protocol's header); empty: none checked
  std::string secret;                // HBX signature secret; empty: signature not checked

  // Transport faults, per request with these probabilities (0..1), and always-on latency.
  int latency_ms = 0;
  int jitter_ms = 0;
  double error_rate = 0;             // 5xx
  double timeout_rate = 0;           // never answers (holds the request hang_ms)
  double throttle_rate = 0;          // 403 "Over QPS" (hbx) / 429 (others) with quota headers
  double malformed_rate = 0;         // truncated / HTML / wrong-typed body with status 200
  // Business faults.
  double price_change_rate = 0;      // a re-check answers another price
  double sold_out_rate = 0;          // a booking finds no room
  int hang_ms = 120000;              // how long a "timeout" holds the request before closing
  int late_confirm_ms = 3000;        // booking_timeout_confirmed: retrievable after this
  int on_request_ms = 5000;          // on_request / unknown bookings confirm after this
  int rate_token_ttl_s = 1800;       // rate keys expire (HBX: 30 minutes)
  int hold_ttl_s = 600;              // uncommitted holds are released after this
  int gone_window_s = 900;           // hbx: repeating a failed request within it → 410
  int quota_per_minute = 0;          // > 0: real per-minute quota, throttled beyond it
};

// Fills the protocol defaults (supplier code, slot, currency) and checks ranges.
Result<SimOptions> Normalise(SimOptions options);

// Per-request scenario names (header X-Sim-Scenario, or Rapid's `Test`). Rapid's own names are
// accepted as aliases: price_mismatch → price_changed, rooms_unavailable → sold_out,
// service_unavailable → server_error.
enum class Scenario {
  kNone,
  // transport (FaultMiddleware)
  kTimeout, kServerError, kThrottled, kMalformed,
  // business (front-ends and SimCore)
  kPriceChanged,             // recheck: another price
  kSoldOut,                  // recheck / book: no room
  kBookingTimeoutConfirmed,  // book: the booking is made but the answer never comes; it is
                             // retrievable after late_confirm_ms
  kBookingErrorConfirmed,    // book: answers 5xx but the booking is made (retrievable at once)
  kOnRequest,                // book: status on_request, confirmed after on_request_ms
  kUnknown,                  // book: status unknown, confirmed after on_request_ms
};
std::optional<Scenario> ParseScenario(std::string_view name);  // "" → kNone
std::string_view ScenarioName(Scenario s);

struct RoomType {
  std::string code;      // "DBL.ST", "TWN.SU", …
  std::string name;      // "Double Standard"
  int max_occupancy = 3;
};

enum class RateClass { kRefundable, kNonRefundable };  // HBX NOR / NRF

// One room occupancy, as in the canonical model.
struct Occupancy {
  int adults = 2;
  std::vector<int> child_ages;
};

struct PenaltyPoint {
  Instant from;             // UTC
  std::int64_t amount = 0;  // minor units, whole booking
};

// What a rate token stands for (encoded, authenticated, time-stamped inside the token).
struct RateKey {
  std::string hotel_code;
  std::string room_code;
  std::string board;        // RO BB HB FB AI
  RateClass rate_class = RateClass::kRefundable;
  Date check_in;
  Date check_out;
  std::vector<Occupancy> rooms;
  std::int64_t net = 0;     // minor units, whole stay, all rooms, at issue time
  std::int64_t issued_at_s = 0;
};

struct SimRate {
  RateKey key;
  std::string token;
  std::string room_name;
  std::int64_t net = 0;           // minor units, whole stay, all rooms
  std::int64_t selling = 0;       // recommended selling price (net + ~20 %)
  bool selling_mandatory = false; // hotelMandatory: sell at least at `selling`
  int rooms_left = 0;             // min over the nights of the room type's stock
  bool recheck = false;           // HBX rateType RECHECK
  std::vector<PenaltyPoint> cancellation;  // empty points never; NRF: one point at issue time
  std::vector<std::int64_t> nightly;       // per night, all rooms
};

enum class BookingState { kHeld, kConfirmed, kOnRequest, kUnknown, kCancelled, kReleased };
std::string_view BookingStateName(BookingState s);

struct SimBooking {
  std::string reference;         // the supplier's, "HBX-1-000001"
  std::string client_reference;
  BookingState state = BookingState::kConfirmed;
  RateKey key;
  std::string room_name;
  std::int64_t net = 0;
  std::vector<PenaltyPoint> cancellation;
  std::string holder_first, holder_last;
  Instant created_at;
  Instant visible_at;            // Retrieve finds it from then on (late confirmations)
  Instant settles_at;            // on_request/unknown → confirmed; held → released (expiry)
  std::int64_t cancellation_penalty = -1;  // once cancelled
};

struct BookInput {
  std::string token;
  std::string client_reference;
  std::string holder_first, holder_last;
  std::optional<std::int64_t> expected_net;  // refuse (price_changed) when it differs
  bool hold = false;                         // Rapid hold / OTA Initiate
  Scenario scenario = Scenario::kNone;
};

enum class RecheckOutcome { kAvailable, kPriceChanged, kSoldOut };

struct RecheckResult {
  RecheckOutcome outcome = RecheckOutcome::kAvailable;
  SimRate rate;  // the current rate (a new token); meaningless when sold out
};

class SimCore {
 public:
  SimCore(SimOptions options, const Clock& clock);

  const SimOptions& options() const { return options_; }
  const std::string& currency() const { return options_.currency; }
  const std::vector<world::SupplierHotel>& Hotels() const { return view_.hotels; }
  const world::SupplierHotel* FindHotel(std::string_view code) const;
  const world::SupplierView& View() const { return view_; }
  // The hotel's UTC offset in minutes (from its longitude, rounded to the hour): the "hotel
  // local time" of cancellation deadlines.
  int UtcOffsetMinutes(const world::SupplierHotel& hotel) const;
  std::vector<RoomType> RoomTypes(const world::SupplierHotel& hotel) const;

  // Availability of one hotel for a stay: every room type × board × rate class with stock on
  // every night. Errors: validation_failed (dates, occupancy).
  Result<std::vector<SimRate>> Availability(std::string_view hotel_code, Date check_in, Date check_out,
                                            const std::vector<Occupancy>& rooms);

  // Decodes a token (validation_failed: "invalid rate key" when forged/garbled, "rate key
  // expired" after rate_token_ttl_s).
  Result<RateKey> Decode(std::string_view token) const;

  // Re-check: the current price (price_change_rate / kPriceChanged: +5..15 %) and stock
  // (none → sold out; kSoldOut forces it). A new token either way.
  Result<RecheckResult> Recheck(std::string_view token, Scenario scenario);

  // Book (or hold). Errors: validation_failed (token), conflict ("duplicate client reference")
  // when the reference was used before, sold_out (stock, sold_out_rate, kSoldOut),
  // price_changed (expected_net differs from the token's current price).
  // kBookingTimeoutConfirmed: made, visible after late_confirm_ms. kOnRequest / kUnknown: made
  // in that state, confirmed after on_request_ms.
  Result<SimBooking> Book(const BookInput& input);

  // By supplier reference or (when empty) client reference; not_found when absent or not yet
  // visible. Applies due state changes first (confirmations, hold expiry).
  Result<SimBooking> Retrieve(std::string_view reference, std::string_view client_reference = {});
  Result<SimBooking> Commit(std::string_view reference);    // held → confirmed; gone when expired
  Result<SimBooking> Release(std::string_view reference);   // held → released (stock back)
  // The penalty cancelling now would cost (minor units); not_found; conflict when cancelled.
  Result<std::int64_t> CancelQuote(std::string_view reference);
  Result<SimBooking> Cancel(std::string_view reference);    // stock back; conflict when already

  // Content paging over Hotels() (offset/limit).
  std::vector<world::SupplierHotel> ContentPage(std::size_t offset, std::size_t limit) const;

  // Fault dice: true with the option's probability (deterministic sequence from the seed).
  bool Roll(double probability);
  // Per-minute quota (quota_per_minute): true when this request is within it; `remaining`
  // is what is left this minute, `reset_s` seconds until the window resets.
  bool TakeQuota(int* remaining, int* reset_s);

  Instant Now() const { return clock_.Now(); }

  // What tests need to prove exactly-once booking from outside: bookings made, and bookings
  // refused because their client reference was used before (exported on /metrics).
  struct Counts {
    std::uint64_t bookings = 0, duplicate_refusals = 0;
  };
  Counts GetCounts() const {
    std::lock_guard lock(mutex_);
    return counts_;
  }
  // Every booking and hold with its state as of now (due changes applied), hidden ones
  // included: what the supplier really holds, for tests that compare it with the platform's
  // orders (GET /sim/bookings).
  std::vector<SimBooking> AllBookings();
  std::string FormatMoney(std::int64_t minor) const { return FormatDecimal(minor, options_.currency); }

 private:
  std::string Issue(const RateKey& key) const;
  SimRate Price(const world::SupplierHotel& hotel, const RoomType& room, std::string_view board, RateClass rc,
                Date check_in, Date check_out, const std::vector<Occupancy>& rooms, std::int64_t bump_percent) const;
  int StockLeft(const std::string& hotel, const std::string& room, Date check_in, Date check_out) const;
  void Take(const RateKey& key, int delta);
  void Settle(SimBooking& b);  // due state changes
  bool RollLocked(double probability);

  SimOptions options_;
  const Clock& clock_;
  world::World world_;
  world::SupplierView view_;
  std::unordered_map<std::string, std::size_t> by_code_;
  std::string token_key_;

  mutable std::mutex mutex_;
  std::uint64_t dice_state_ = 0;
  std::map<std::string, int> taken_;  // "hotel|room|YYYY-MM-DD" → rooms booked or held
  std::map<std::string, SimBooking> bookings_;               // by reference
  std::unordered_map<std::string, std::string> by_client_;   // client reference → reference
  std::uint64_t next_booking_ = 1;
  Counts counts_;
  std::int64_t quota_window_ = -1;
  int quota_used_ = 0;
};

// Transport faults around a protocol's routes (not /health): latency + jitter, then by
// scenario header or by the dice: timeout (hold the request hang_ms, then close without an
// answer), 5xx (HTML 503, as a load balancer would), throttling (`throttle_status` with
// Retry-After and Rate-Limit-*-Remaining headers), malformed (the real answer with status 200
// but cut in half, or HTML, or wrong types). `scenario_header` is the protocol's header name.
runtime::Middleware FaultMiddleware(std::shared_ptr<SimCore> core, std::string scenario_header, int throttle_status);

// The scenario a request asks for in `header` (kNone when absent); nullopt for an unknown name.
std::optional<Scenario> RequestScenario(const runtime::Request& request, std::string_view header);

// `hotel supplier-sim`: serves one simulator until SIGTERM/SIGINT; prints one JSON line
// {"supplier_sim":…, "url":…, "supplier_code":…, "hotels":…} on stdout when listening.
int RunSupplierSim(const SimOptions& options);

// In-process simulator on its own thread, for tests (port 0).
class SimServer {
 public:
  explicit SimServer(SimOptions options, const Clock* clock = nullptr);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;
  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  SimCore& core();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// What each protocol front-end provides (supplier-sim/<protocol>/routes.cpp).
void RegisterHbxRoutes(runtime::Router& router, std::shared_ptr<SimCore> core);
void RegisterOtaRoutes(runtime::Router& router, std::shared_ptr<SimCore> core);
void RegisterRapidRoutes(runtime::Router& router, std::shared_ptr<SimCore> core);

}  // namespace hotel::sim

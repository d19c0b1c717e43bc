// The SupplierConnector port: what the platform asks of a supplier, in the platform's
// canonical model (money in minor units + currency, hotel-local stay dates, occupancy per room,
// board, cancellation policy as a list of {from, penalty}, refundable flag). One connector per
// protocol translates to and from the supplier's wire format (modules/supplier-adapter/
// connectors/<protocol>/); the supplier-adapter wraps each with a pool, deadlines, safe retries,
// a circuit breaker and metrics.
//
// A connector makes ONE attempt per call and maps every outcome to a Result:
//   upstream_timeout      the deadline passed (the call may still have happened!)
//   upstream_unavailable  connection refused/reset, 5xx, or a body that cannot be parsed
//                         (garbage, HTML, truncated, wrong types, too large). Detail names the
//                         problem and at most a bounded excerpt of the body (kMaxExcerpt).
//                         Also: the supplier refused OUR credentials (401/403): the supplier
//                         is unusable for us, and our own caller is not unauthenticated.
//   rate_limited          429, or 403 "over QPS"; retry_after_ms when the supplier says
//   validation_failed     the supplier rejected our data (bad/expired rate token, bad dates)
//   sold_out              no longer available (recheck or book)
//   price_changed         only from Book when the supplier refuses a changed price
//   conflict              duplicate client reference (the booking may exist: Retrieve it)
//   not_found             retrieve/cancel of a booking the supplier does not know
//   gone                  the supplier refuses to repeat a recently failed request (HBX 410)
// Business outcomes (sold_out, price_changed, validation_failed, conflict, not_found) say the
// supplier is healthy; the breaker counts only timeouts, unavailable and throttling.
#pragma once

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "runtime/trace.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::supplier {

inline constexpr std::size_t kMaxExcerpt = 256;  // bytes of a bad body an error may quote
// A supplier answer above this is refused unread (upstream_unavailable): no real one is this big.
inline constexpr std::size_t kMaxResponseBytes = 8 * 1024 * 1024;

// A body excerpt safe for an error detail or a log line: at most kMaxExcerpt bytes, control
// characters replaced, "…(N bytes)" appended when cut.
std::string Excerpt(std::string_view body);

// ---- Occupancy and search ----------------------------------------------------------------

struct RoomOccupancy {
  int adults = 2;                 // 1..9
  std::vector<int> child_ages;    // 0..17 each
  bool operator==(const RoomOccupancy&) const = default;
};

enum class Board { kRoomOnly, kBedAndBreakfast, kHalfBoard, kFullBoard, kAllInclusive };
std::string_view BoardCode(Board b);                      // "RO", "BB", "HB", "FB", "AI"
std::optional<Board> ParseBoardCode(std::string_view c);  // the same codes

// Test scenario for one call, sent to simulators (and to suppliers with a test mode) in the
// protocol's way: HBX/OTA an `X-Sim-Scenario` header, Rapid its `Test` header. Empty: none.
// Names: see supplier-sim (price_changed, sold_out, timeout, server_error, throttled,
// malformed, booking_timeout_confirmed, on_request, duplicate_reference, …).
struct CallOptions {
  std::chrono::milliseconds timeout{10000};
  const runtime::TraceContext* trace = nullptr;
  std::string test_scenario;
  // The HTTP connection pool of the call (runtime::ClientRequest::pool): set per operation by
  // the supplier-adapter, so that bookings and searches never wait for each other's
  // connections. Empty: the default pool.
  std::string pool;
};

struct SearchRequest {
  std::vector<std::string> hotel_codes;  // the supplier's own codes; 1..250
  Date check_in;
  Date check_out;                        // > check_in, at most 30 nights
  std::vector<RoomOccupancy> rooms;      // one per room, 1..9
  std::string currency;                  // preferred; a supplier may answer in its own
  std::string nationality = "GB";        // guest nationality, ISO-2 (prices depend on it)
};

// One point of a cancellation policy: from `from` on, cancelling costs `penalty` (absolute,
// for the whole booking). Sorted by `from`; before the first point cancelling is free. A
// non-refundable rate has one point at (or before) the booking time with the full price.
struct CancellationPenalty {
  Instant from;
  Money penalty;
  bool operator==(const CancellationPenalty&) const = default;
};

enum class PaymentType { kAtWeb, kAtHotel };

struct Rate {
  std::string rate_token;    // opaque; never parsed by the platform
  std::string room_code;     // the supplier's room type code
  std::string room_name;
  Board board = Board::kRoomOnly;
  Money net;                 // what we pay the supplier, whole stay, all rooms
  std::optional<Money> selling_floor;  // a mandatory minimum resale price (rate parity)
  bool refundable = true;
  std::vector<CancellationPenalty> cancellation;
  int rooms_left = -1;       // the supplier's allotment; -1 when not said
  bool recheck_required = false;  // HBX RECHECK, Rapid always: quote before booking
  PaymentType payment = PaymentType::kAtWeb;
};

struct HotelOffers {
  std::string hotel_code;
  std::vector<Rate> rates;
};

struct SearchResult {
  std::vector<HotelOffers> hotels;  // hotels with at least one rate
};

// ---- Quote (re-check) ---------------------------------------------------------------------

struct QuoteRequest {
  std::string hotel_code;
  std::string rate_token;
  // The search it came from (some protocols need it again).
  Date check_in;
  Date check_out;
  std::vector<RoomOccupancy> rooms;
  // The net the caller saw at search: protocols that answer only the current price (HBX
  // checkrates, OTA) report kPriceChanged when it differs. Rapid says so itself.
  std::optional<Money> expected_net;
};

enum class QuoteStatus { kAvailable, kPriceChanged, kSoldOut };
std::string_view QuoteStatusName(QuoteStatus s);  // available | price_changed | sold_out

struct Quote {
  QuoteStatus status = QuoteStatus::kAvailable;
  Rate rate;  // the authoritative rate (new price / token); empty token when sold out
};

// ---- Booking ------------------------------------------------------------------------------

struct Guest {
  std::string first_name;
  std::string last_name;
  bool child = false;
  int age = 0;  // children only
};

struct BookRequest {
  std::string hotel_code;
  std::string rate_token;            // from a Quote (or a BOOKABLE search rate)
  std::string client_reference;      // OUR reference (order id): unique per supplier, 3..28
                                     // characters [A-Za-z0-9_-]; the retry key
  Date check_in;
  Date check_out;
  std::vector<RoomOccupancy> rooms;
  std::vector<std::vector<Guest>> guests;  // per room; the first guest of room 0 is the holder
  Money expected_net;                // the quoted net; a supplier may refuse a different one
  std::string remark;
  bool hold_only = false;            // Rapid hold / OTA Initiate without Commit (optional)
};

enum class BookingStatus {
  kConfirmed,   // booked
  kOnRequest,   // the hotel must still confirm; poll Retrieve
  kUnknown,     // the supplier could not say; poll Retrieve (never assume failure)
  kHeld,        // a hold (hold_only): Commit or let it lapse
  kCancelled,
  kFailed,      // the supplier says it did not book
};
std::string_view BookingStatusName(BookingStatus s);  // confirmed | on_request | unknown | held | cancelled | failed

struct Booking {
  std::string supplier_reference;  // the supplier's booking id
  std::string client_reference;
  BookingStatus status = BookingStatus::kUnknown;
  std::string hotel_code;
  Date check_in;
  Date check_out;
  Money net;
  std::vector<CancellationPenalty> cancellation;
  std::optional<Money> cancellation_penalty;  // charged, once cancelled
};

struct RetrieveRequest {
  std::string client_reference;              // always known
  std::string supplier_reference;            // empty when the booking answer was lost
  Date check_in;                             // some suppliers search bookings by dates
  Date check_out;
};

struct CancelRequest {
  std::string supplier_reference;
  std::string client_reference;
};

// ---- Content ------------------------------------------------------------------------------

// A supplier's hotel, as the mapper needs it (SUPPLIERS.md "the minimum a mapper needs").
struct ContentHotel {
  std::string code;
  std::string name;
  std::string address;   // empty when unknown
  std::string city;
  std::string country;   // ISO-2
  std::string postcode;
  std::string phone;
  std::string chain;
  double lat = 0;        // WGS84 degrees; as the supplier sent them (maybe swapped)
  double lon = 0;
  int stars = 0;         // 0 when unknown
};

struct ContentRequest {
  std::string cursor;    // empty: the first page
  int page_size = 1000;
};

struct ContentPage {
  std::vector<ContentHotel> hotels;
  std::string next_cursor;  // empty: no more pages
  std::int64_t total = -1;  // the supplier's total when it says, for progress
};

// ---- The port -----------------------------------------------------------------------------

class SupplierConnector {
 public:
  virtual ~SupplierConnector() = default;

  virtual std::string_view Protocol() const = 0;  // "hbx-json", "ota-xml", "rapid-json"

  virtual boost::asio::awaitable<Result<SearchResult>> Search(const SearchRequest& request, const CallOptions& call) = 0;
  virtual boost::asio::awaitable<Result<Quote>> Recheck(const QuoteRequest& request, const CallOptions& call) = 0;
  virtual boost::asio::awaitable<Result<Booking>> Book(const BookRequest& request, const CallOptions& call) = 0;
  // Commit a held booking (Rapid resume / OTA Commit). Protocols without holds: validation_failed.
  virtual boost::asio::awaitable<Result<Booking>> Commit(const Booking& held, const CallOptions& call) = 0;
  virtual boost::asio::awaitable<Result<Booking>> Retrieve(const RetrieveRequest& request, const CallOptions& call) = 0;
  // What cancelling now would cost (HBX SIMULATION, Rapid/OTA from the stored policy).
  virtual boost::asio::awaitable<Result<Money>> QuoteCancel(const CancelRequest& request, const CallOptions& call) = 0;
  virtual boost::asio::awaitable<Result<Booking>> Cancel(const CancelRequest& request, const CallOptions& call) = 0;
  virtual boost::asio::awaitable<Result<ContentPage>> Content(const ContentRequest& request, const CallOptions& call) = 0;
};

// Where and how to reach one supplier: built by the supplier-adapter from its database row.
struct ConnectorConfig {
  std::string supplier_code;   // "HBX"
  std::string endpoint;        // "http://127.0.0.1:9101" (no trailing slash)
  std::string api_key;         // decrypted credentials; never logged
  std::string secret;
  std::string currency;        // the account's currency, when the protocol needs to send one
};

}  // namespace hotel::supplier

namespace hotel::supplier {

// The suppliers a process knows (supplier-adapter's registry), for modules that call them:
// matching-service imports content, inventory sync and query-engine search.
struct SupplierSummary {
  std::string code;
  std::string protocol;
  bool enabled = true;
};

class SupplierDirectory {
 public:
  virtual ~SupplierDirectory() = default;
  virtual std::vector<SupplierSummary> List() const = 0;
  // The supplier's connector with retries, breaker and metrics; null when unknown or disabled.
  virtual std::shared_ptr<SupplierConnector> Connector(std::string_view code) const = 0;
};

}  // namespace hotel::supplier

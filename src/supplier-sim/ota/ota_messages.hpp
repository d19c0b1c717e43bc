// The ota-xml simulator's messages: OTA requests read into plain structs, and OTA answers
// written from SimCore's rates and bookings. No I/O (routes.cpp does the HTTP and SimCore calls).
//
// Wire choices (the connector, modules/supplier-adapter/connectors/ota/, reads them):
// - one RoomStay per hotel and room type: its RatePlans (board × rate class, with the
//   cancellation penalties of that room's price) and RoomRates (BookingCode = SimCore token,
//   NumberOfUnits = rooms left, one Rate per run of equal nights, Total for the whole stay and
//   all rooms);
// - amounts as decimal text in the supplier's currency ("205.40"); implied decimals
//   (DecimalPlaces) are accepted on input;
// - cancellation deadlines in hotel-local time without an offset ("2026-11-29T23:59:00");
// - RatePlanCode "<board>-FLX" (refundable) / "<board>-NRF", meal plans as OTA MPT codes.
// Errors: HTTP 200 with <Errors><Error Type Code ShortText/> (Type is OTA's EWT: 3 business
// rule, 4 authentication, 7 protocol violation, 10 required field missing, 1 unknown):
//   497 authorization (wrong RequestorID ID / MessagePassword)   15 invalid date
//   321 required field missing      320 invalid value (also: not XML, not this message)
//   392 unknown hotel code (a Warning: the other hotels are still answered)
//   249 invalid or expired BookingCode   322 no availability (sold out; also a Warning when
//   a search finds nothing)   189 price has changed (the agreed Total differs)
//   95 duplicate reservation (ResID_Type 16 reused)   16 already cancelled
//   356 invalid status for Commit/Ignore   245 unknown reservation   450 hold expired
//   448 system error
// Only transport faults (FaultMiddleware), booking_error_confirmed (500) and an unknown
// message name (404) answer with another status.
#pragma once

#include "core/date.hpp"
#include "core/error.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::sim::ota {

// One OTA <Error>: EWT type, ERR code, short text.
struct OtaFault {
  int type = 3;
  int code = 450;
  std::string text;
};

// What SimCore's error means in OTA terms. `conflict_code`: 95 (duplicate reservation) when
// booking, 16 (already cancelled) when cancelling, 356 (invalid status) for commit/release.
OtaFault OtaFaultFor(const Error& error, int conflict_code = 95);

// POS/Source/RequestorID.
struct Requestor {
  std::string id;
  std::string password;
};

struct AvailSegment {
  Date check_in;
  Date check_out;
  std::vector<Occupancy> rooms;           // RoomStayCandidates expanded by Quantity
  std::vector<std::string> hotel_codes;   // every Criterion/HotelRef
};

struct AvailRQ {
  std::vector<AvailSegment> segments;
};

struct ResRQ {
  std::string res_status;          // Initiate | Commit | Ignore
  std::string supplier_reference;  // ResID_Type 14 (Commit / Ignore of a hold)
  std::string client_reference;    // ResID_Type 16 (or UniqueID Type 16)
  std::string booking_code;        // RoomRate BookingCode (Initiate / single-phase Commit)
  std::string hotel_code;          // BasicPropertyInfo HotelCode, when given
  std::optional<std::int64_t> expected_net;  // RoomStay or ResGlobalInfo Total, minor units
  std::string holder_first, holder_last;
};

struct ReadRQ {
  std::string supplier_reference;
  std::string client_reference;
};

struct CancelRQ {
  bool commit = false;  // CancelType Commit; Quote / Initiate only price it
  std::string supplier_reference;
  std::string client_reference;
};

struct DescriptiveInfoRQ {
  std::int64_t start = 0;
  std::int64_t max = 1000;
};

// The message `name` ("OTA_HotelAvailRQ") in `body`, with its POS requestor. A fault when the
// body is not that OTA message (not XML, another root, another namespace) or a field is
// missing (321) or invalid (320, 15 for dates). `currency` is the supplier's: an expected
// total in another one is invalid.
struct Message {
  Requestor requestor;
  AvailRQ avail;
  ResRQ res;
  ReadRQ read;
  CancelRQ cancel;
  DescriptiveInfoRQ content;
};
std::optional<OtaFault> ParseMessage(std::string_view name, std::string_view body, std::string_view currency,
                                     Message* out);

// The answer's root for a request message ("OTA_HotelAvailRQ" → "OTA_HotelAvailRS"); empty
// for a message this supplier does not implement.
std::string_view ResponseRoot(std::string_view request);

// ---- Answers ------------------------------------------------------------------------------

std::string ErrorRS(std::string_view root, const OtaFault& fault);

struct HotelRates {
  const world::SupplierHotel* hotel = nullptr;
  std::vector<SimRate> rates;
};
// `warnings`: Warning elements (e.g. 392 unknown hotel codes, 322 nothing available).
std::string AvailRS(const SimCore& core, const std::vector<HotelRates>& hotels, const std::vector<OtaFault>& warnings);

// OTA_HotelResRS (`retrieve` false) or OTA_ResRetrieveRS (true) for one booking.
std::string ReservationRS(const SimCore& core, const SimBooking& booking, bool retrieve);

// OTA_CancelRS: Status "Pending" with the penalty cancelling would cost (quote), or "Cancelled".
std::string CancelRS(const SimCore& core, std::string_view reference, bool cancelled, std::int64_t penalty);

std::string DescriptiveInfoRS(const SimCore& core, std::int64_t start, const std::vector<world::SupplierHotel>& hotels);

// Names on the wire.
std::string_view ResStatusName(BookingState state);  // Pending, Committed, OnRequest, Unknown, Cancelled, Ignored
std::string RatePlanCode(std::string_view board, RateClass rate_class);

}  // namespace hotel::sim::ota

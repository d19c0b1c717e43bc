// The ota-xml wire format (OpenTravel 2019A style messages), without I/O: request builders and
// response parsers for the ota connector, kept apart so they can be unit tested and fuzzed.
//
// Messages are POSTed as text/xml to {endpoint}/ota/{MessageName}; credentials travel in the
// message's POS (RequestorID ID = api key, MessagePassword = secret).
//
// Amounts: we send decimal text ("205.40"); we read decimal text or OTA's implied decimals
// (Amount="20540" DecimalPlaces="2"), always exactly (core/money.hpp), never through a double.
//
// OTA <Errors> (always HTTP 200) map to the port's codes (ports/supplier_connector.hpp):
//   Type 4/5/6, Code 497 authorization          → upstream_unavailable (the supplier is unusable for us)
//   322 no availability                          → sold_out
//   189 price has changed                        → price_changed
//   95 duplicate reservation (client reference)  → conflict
//   16 already cancelled, 356 invalid status     → conflict
//   245 invalid confirmation / unknown booking   → not_found
//   450 unable to process (hold expired)         → gone
//   187 system unavailable, 448 system error     → upstream_unavailable
//   anything else (15 date, 249 rate code, 320 invalid value, 321 missing field, 392 hotel
//   code, …)                                     → validation_failed (the supplier rejected our data)
//
// Rate tokens: an OTA rate is booked by its BookingCode, but OTA has no re-check message, so a
// re-check searches the hotel again and must find "the same rate" by room type and rate plan.
// Our opaque rate_token therefore carries all three: "ota1;<room>;<plan>;<BookingCode>".
#pragma once

#include "core/date.hpp"
#include "core/error.hpp"
#include "core/money.hpp"
#include "ports/supplier_connector.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::supplier::ota {

inline constexpr std::string_view kNamespace = "http://www.opentravel.org/OTA/2003/05";
inline constexpr std::string_view kProtocol = "ota-xml";
inline constexpr std::string_view kScenarioHeader = "X-Sim-Scenario";
// A body larger than this is refused unread by the parsers (a search of 250 hotels is ~2 MB).
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;

struct Credentials {
  std::string api_key;
  std::string secret;
};

// ---- Rate tokens --------------------------------------------------------------------------

struct RateRef {
  std::string room_code;
  std::string plan_code;
  std::string booking_code;
};
std::string MakeRateToken(const RateRef& ref);
// nullopt when the token was not made by MakeRateToken.
std::optional<RateRef> ParseRateToken(std::string_view token);

// OTA meal plan codes (MPT): 14 room only, 3/19 breakfast, 12 half board, 10 full board,
// 1 all inclusive. The first known code of a space-separated list wins.
std::optional<Board> BoardFromMealPlanCodes(std::string_view codes);
std::string_view MealPlanCode(Board board);

// ---- Requests -----------------------------------------------------------------------------

std::string BuildAvailRQ(const SearchRequest& request, const Credentials& credentials);
// ResStatus="Initiate" (hold) of a rate: `rate` from ParseRateToken, or a bare BookingCode.
std::string BuildInitiateRQ(const BookRequest& request, const RateRef& rate, const Credentials& credentials);
// ResStatus="Commit" of a held reservation.
std::string BuildCommitRQ(std::string_view supplier_reference, std::string_view client_reference,
                          const Credentials& credentials);
// ResStatus="Ignore": release a hold.
std::string BuildIgnoreRQ(std::string_view supplier_reference, const Credentials& credentials);
std::string BuildReadRQ(const RetrieveRequest& request, const Credentials& credentials);
// CancelType="Quote" (what it would cost) or "Commit" (cancel).
std::string BuildCancelRQ(const CancelRequest& request, bool commit, const Credentials& credentials);
std::string BuildDescriptiveInfoRQ(std::int64_t start, int max, const Credentials& credentials);

// ---- Responses ----------------------------------------------------------------------------
// Every parser: upstream_unavailable for a body that is not a well-formed OTA answer of the
// expected kind (detail quotes at most Excerpt(body)); the mapped code for an <Errors> answer.
// They never throw.

// What the parsers need besides the body: the stay (relative cancellation deadlines are
// counted from check-in) and the time of the call (a penalty without a deadline applies now).
struct ParseContext {
  Date check_in;
  Date check_out;
  Instant now;
};

Result<SearchResult> ParseAvailRS(std::string_view body, const ParseContext& context);
// OTA_HotelResRS (Initiate / Commit / Ignore answers) or OTA_ResRetrieveRS (OTA_ReadRQ).
Result<Booking> ParseReservationRS(std::string_view body, const ParseContext& context);

struct CancelOutcome {
  BookingStatus status = BookingStatus::kUnknown;  // kCancelled once cancelled
  std::string supplier_reference;
  std::optional<Money> penalty;  // what cancelling costs (quote) or cost (commit), when said
};
Result<CancelOutcome> ParseCancelRS(std::string_view body);

// `start` is the offset the page was asked from, `max` its size: next_cursor is the next offset
// while the supplier's Total says there are more.
Result<ContentPage> ParseDescriptiveInfoRS(std::string_view body, std::int64_t start, int max);

// The port's error for a non-200 HTTP answer (nullopt for 200): 429 and 403 "over QPS" →
// rate_limited (with Retry-After in the detail), 401/403 → upstream_unavailable (the supplier is unusable for us), 5xx →
// upstream_unavailable, 400/413/422 → validation_failed, anything else → upstream_unavailable.
std::optional<Error> ErrorForHttpStatus(int status, std::string_view body, std::string_view retry_after);

// The port's code for an OTA <Error Type Code> (the table above).
Errc ErrcForOtaError(int type, int code);

}  // namespace hotel::supplier::ota

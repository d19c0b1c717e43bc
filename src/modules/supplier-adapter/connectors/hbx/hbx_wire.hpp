// The hbx-json wire format (modelled on Hotelbeds APItude): request builders and response
// parsers, pure (no I/O) so they can be unit tested and fuzzed. Parsers never throw and never
// trust the body: anything that is not what the protocol says is upstream_unavailable, with at
// most supplier::Excerpt(body) of it in the detail.
#pragma once

#include "ports/supplier_connector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::supplier::hbx {

inline constexpr std::string_view kProtocol = "hbx-json";
inline constexpr std::string_view kScenarioHeader = "X-Sim-Scenario";
// Bodies above this are refused before parsing. The supplier-adapter should build the HTTP
// client with max_response_bytes = kMaxBodyBytes so that such a body is never read whole.
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;
inline constexpr int kMaxContentPage = 1000;  // APItude content pages: `to - from + 1` <= 1000

// ---- Requests ------------------------------------------------------------------------------

// Paths under the endpoint.
inline constexpr std::string_view kAvailabilityPath = "/hotel-api/1.0/hotels";
inline constexpr std::string_view kCheckRatesPath = "/hotel-api/1.0/checkrates";
inline constexpr std::string_view kBookingsPath = "/hotel-api/1.0/bookings";
inline constexpr std::string_view kContentPath = "/hotel-content-api/1.0/hotels";

// Checks what the protocol cannot carry (validation_failed naming the field), then builds the
// body. Identical rooms are sent as one occupancy with `rooms: N`, as APItude expects.
Result<std::string> AvailabilityBody(const SearchRequest& request);
std::string CheckRatesBody(std::string_view rate_token);
Result<std::string> BookingBody(const BookRequest& request);

// "/hotel-api/1.0/bookings/1-3923?cancellationFlag=SIMULATION" and friends, percent-encoded.
std::string BookingPath(std::string_view reference);
std::string BookingListPath(std::string_view client_reference);
std::string CancelPath(std::string_view reference, bool simulation);
// `cursor` is the next page's `from` (1-based) as text; empty: the first page.
Result<std::string> ContentPath(std::string_view cursor, int page_size);

// X-Signature: lowercase hex SHA-256 of api key + secret + unix seconds.
std::string Signature(std::string_view api_key, std::string_view secret, std::int64_t unix_seconds);

// ---- Responses (2xx bodies) ----------------------------------------------------------------

Result<SearchResult> ParseAvailability(std::string_view body);
// The checkrates answer's single rate, and the hotel it belongs to.
struct CheckedRate {
  std::string hotel_code;
  Rate rate;
};
Result<CheckedRate> ParseCheckRates(std::string_view body);
// {"booking":{…}}: a booking answer, a booking detail, or a cancellation answer. For a
// cancelled booking the hotel's totalNet is the penalty charged (cancellation_penalty).
Result<Booking> ParseBooking(std::string_view body);
// {"bookings":{"bookings":[…]}}: the booking whose clientReference is `client_reference`, if any.
Result<std::optional<Booking>> ParseBookingList(std::string_view body, std::string_view client_reference);
// A cancellation SIMULATION answer: what cancelling now would cost (the hotel's totalNet).
Result<Money> ParseCancellationCost(std::string_view body);
// One content page; next_cursor is the next `from` while `to` < `total`.
Result<ContentPage> ParseContent(std::string_view body);

// ---- Errors (non-2xx answers) --------------------------------------------------------------

// Maps a status and the protocol's error body ({"error":{"code","message"}}, or anything a
// proxy sends) to the port's Errc, as ports/supplier_connector.hpp says.
Error ErrorFromResponse(int status, std::string_view body, std::string_view retry_after = {});

// ---- Codes ---------------------------------------------------------------------------------

// APItude board codes onto the canonical boards (RO/SC room only, BB/CB/AB… breakfast, HB/MB
// half board, FB/PB full board, AI/TI all inclusive); nullopt for codes we cannot place.
std::optional<Board> BoardFromCode(std::string_view code);
// "4EST", "3LL", "5LUX" → 4, 3, 5; anything else → 0 (unknown).
int StarsFromCategory(std::string_view category_code);

}  // namespace hotel::supplier::hbx

// The rapid-json wire format (modelled on Expedia Rapid v3) as pure functions: request
// builders and response parsers, no I/O. Parsers never throw and never trust the body: any
// input (garbage, HTML, truncated, wrong types, huge numbers, deep nesting, megabytes) gives
// a Result, and an error detail quotes at most supplier::Excerpt(body).
#pragma once

#include "ports/supplier_connector.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::supplier::rapid {

// Bodies above this are refused unparsed (upstream_unavailable). Give the supplier's HttpClient
// the same max_response_bytes so such a body is never read whole.
inline constexpr std::size_t kMaxBody = 8 * 1024 * 1024;

// The scenario header Rapid's test mode reads.
inline constexpr std::string_view kTestHeader = "Test";

// Rapid expresses meal plans as amenities; these are the ids both our simulator and this
// connector use (a real account's ids would be configured here). No meal amenity: room only.
inline constexpr std::string_view kAmenityBreakfast = "free_breakfast";
inline constexpr std::string_view kAmenityHalfBoard = "half_board";
inline constexpr std::string_view kAmenityFullBoard = "full_board";
inline constexpr std::string_view kAmenityAllInclusive = "all_inclusive";

// ---- Requests -----------------------------------------------------------------------------

// "Authorization: EAN APIKey=…,Signature=<sha512 hex of apikey+secret+timestamp>,timestamp=…".
std::string AuthorizationHeader(std::string_view api_key, std::string_view secret, std::int64_t unix_seconds);

// "2-9,4": adults, then the children's ages. Rapid's key of occupancy_pricing too.
std::string OccupancyParam(const RoomOccupancy& room);

// Path and query of the availability call ("/v3/properties/availability?checkin=…").
std::string AvailabilityTarget(const SearchRequest& request, std::string_view currency);

// Rapid prices every night of every occupancy of every rate: 250 properties for 28 nights
// and several occupancies would answer tens of megabytes. Searches are sent in batches of at
// most this many properties, so that each answer stays well below kMaxBody.
std::size_t PropertiesPerRequest(const SearchRequest& request);

// A Rapid link (price check, book, retrieve, cancel) must be a path on the supplier we talk
// to: relative, under /v3/, no scheme or authority (a token from elsewhere is not followed).
bool IsRapidPath(std::string_view href, std::string_view prefix = "/v3/");

// The booking email sent with every itinerary; retrieving by affiliate_reference_id needs it.
inline constexpr std::string_view kBookingEmail = "reservations@hotel-platform.invalid";

// POST /v3/itineraries body. The first guest of each room is that room's name (the lead
// guest's when a room has none). validation_failed for a reference Rapid would refuse (3..28
// characters) or a missing lead guest.
Result<std::string> ItineraryBody(const BookRequest& request, std::string_view email);

// "/v3/itineraries?affiliate_reference_id=…&email=…".
std::string ItinerarySearchTarget(std::string_view client_reference, std::string_view email);

// "/v3/properties/content?language=en-US&supply_source=expedia&limit=N[&token=cursor]".
std::string ContentTarget(const ContentRequest& request);

// ---- Responses ----------------------------------------------------------------------------

// Any non-2xx answer → the port's error (supplier_connector.hpp). `retry_after` is the
// Retry-After header ("" when absent). `booking_lookup`: 404 means "no such booking"
// (not_found); elsewhere a 404 is an unknown or stale link (validation_failed).
Error ErrorFromResponse(int status, std::string_view body, std::string_view retry_after, bool booking_lookup);

// 200 availability array. Rates whose pricing does not cover every requested room are
// refused with the response (a supplier answering that is broken, not partly right).
Result<SearchResult> ParseAvailability(std::string_view body, const SearchRequest& request);

// 200 price check. The Quote's rate_token is the book link (for Book); sold out: empty.
// `request` gives the rooms (to total occupancy_pricing) and the hotel code.
Result<Quote> ParsePriceCheck(std::string_view body, const QuoteRequest& request);

// 201/202 itinerary creation: the id and its links.
struct ItineraryCreated {
  std::string itinerary_id;
  std::string retrieve_href;
  std::string resume_href;  // holds only
  std::string cancel_href;  // holds only (DELETE releases)
};
Result<ItineraryCreated> ParseItineraryCreated(std::string_view body);

// One retrieved itinerary: the canonical booking plus the links needed to act on it.
struct Itinerary {
  Booking booking;
  struct Room {
    std::string id;
    std::string status;       // booked | pending | canceled | on_hold | …
    std::string cancel_href;  // DELETE cancels this room
  };
  std::vector<Room> rooms;
  std::string resume_href;    // on hold: PUT commits
  std::string cancel_href;    // on hold: DELETE releases
  std::optional<Money> refund;  // Σ rooms' cancel_refund, when every room says
};
Result<Itinerary> ParseItinerary(std::string_view body);
// GET /v3/itineraries?affiliate_reference_id=…: an array (Rapid) or one object.
Result<std::vector<Itinerary>> ParseItineraryList(std::string_view body);

// 200 content: an object keyed by property_id; the next cursor from the `Link` header
// (rel="next"; its `token` parameter), the total from `Pagination-Total-Results`.
Result<ContentPage> ParseContent(std::string_view body, std::string_view link_header, std::string_view total_header);

// The penalty a policy charges at `at`: the latest point at or before it, 0 before the first.
Money PenaltyAt(const std::vector<CancellationPenalty>& policy, Instant at, std::string_view currency);

}  // namespace hotel::supplier::rapid

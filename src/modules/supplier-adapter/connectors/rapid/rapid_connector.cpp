// The rapid-json connector: shopping → price check → itinerary (optionally held, then resumed)
// → retrieve → cancel per room, over one HttpClient, one attempt per step. Wire details live in
// rapid_wire / rapid_rates; this file is only the call sequences and status handling.
#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace hotel::supplier {
namespace {

namespace asio = boost::asio;
using SteadyClock = std::chrono::steady_clock;
using rapid::Itinerary;

class RapidConnector final : public SupplierConnector {
 public:
  RapidConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http)
      : config_(std::move(config)), http_(std::move(http)) {
    while (!config_.endpoint.empty() && config_.endpoint.back() == '/') config_.endpoint.pop_back();
  }

  std::string_view Protocol() const override { return "rapid-json"; }

  asio::awaitable<Result<SearchResult>> Search(const SearchRequest& request, const CallOptions& call) override {
    if (request.hotel_codes.empty()) co_return SearchResult{};
    const Deadline deadline = DeadlineOf(call);
    std::string currency = !request.currency.empty() ? request.currency : config_.currency;
    if (currency.empty()) currency = "USD";
    // Large searches go in batches (one attempt each, one deadline for all); any failing batch
    // fails the search rather than hiding hotels.
    const std::size_t batch = rapid::PropertiesPerRequest(request);
    SearchResult all;
    SearchRequest part = request;
    for (std::size_t i = 0; i < request.hotel_codes.size(); i += batch) {
      const auto first = request.hotel_codes.begin() + static_cast<std::ptrdiff_t>(i);
      part.hotel_codes.assign(first, first + static_cast<std::ptrdiff_t>(std::min(batch, request.hotel_codes.size() - i)));
      auto r = co_await Send("GET", rapid::AvailabilityTarget(part, currency), {}, call, deadline);
      if (!r) co_return r.error();
      if (r->status == 404) continue;  // Rapid's "no availability" in some versions
      if (r->status != 200) co_return Fail(*r, false);
      auto found = rapid::ParseAvailability(r->body, part);
      if (!found) co_return found.error();
      for (auto& h : found->hotels) all.hotels.push_back(std::move(h));
    }
    co_return all;
  }

  asio::awaitable<Result<Quote>> Recheck(const QuoteRequest& request, const CallOptions& call) override {
    if (!rapid::IsRapidPath(request.rate_token, "/v3/properties/")) {
      co_return Error::Validation("rate_token", "not a rapid price check link");
    }
    auto r = co_await Send("GET", request.rate_token, {}, call, DeadlineOf(call));
    if (!r) co_return r.error();
    if (r->status == 200) co_return rapid::ParsePriceCheck(r->body, request);
    co_return Fail(*r, false);
  }

  asio::awaitable<Result<Booking>> Book(const BookRequest& request, const CallOptions& call) override {
    if (!rapid::IsRapidPath(request.rate_token, "/v3/itineraries")) {
      co_return Error::Validation("rate_token", "rapid books only through a price check's book link: Recheck first");
    }
    auto body = rapid::ItineraryBody(request, rapid::kBookingEmail);
    if (!body) co_return body.error();
    const Deadline deadline = DeadlineOf(call);
    auto r = co_await Send("POST", request.rate_token, std::move(*body), call, deadline);
    if (!r) co_return r.error();
    if (r->status != 200 && r->status != 201 && r->status != 202) co_return Fail(*r, false);
    auto created = rapid::ParseItineraryCreated(r->body);
    // The itinerary may well exist; an unreadable answer is the supplier's fault and the caller
    // finds out by retrieving with the client reference.
    if (!created) co_return created.error();

    Booking booking;
    booking.supplier_reference = created->itinerary_id;
    booking.client_reference = request.client_reference;
    booking.hotel_code = request.hotel_code;
    booking.check_in = request.check_in;
    booking.check_out = request.check_out;
    booking.net = request.expected_net;
    booking.status = request.hold_only ? BookingStatus::kHeld : BookingStatus::kUnknown;
    // 202: accepted but not (yet) decided; only polling will tell.
    if (r->status == 202) co_return booking;
    // Rapid's creation answer carries no status or price: read them back. If that read fails the
    // booking stands as unknown (poll Retrieve), never as failed.
    auto read = co_await Send("GET", created->retrieve_href, {}, call, deadline);
    if (!read || read->status != 200) co_return booking;
    auto itinerary = rapid::ParseItinerary(read->body);
    if (!itinerary) co_return booking;
    co_return Complete(std::move(itinerary->booking), booking);
  }

  asio::awaitable<Result<Booking>> Commit(const Booking& held, const CallOptions& call) override {
    const Deadline deadline = DeadlineOf(call);
    auto it = co_await Find(held.client_reference, held.supplier_reference, call, deadline);
    if (!it) co_return it.error();
    Booking booking = Complete(std::move(it->booking), held);
    if (booking.status == BookingStatus::kConfirmed) co_return booking;  // resumed before
    if (booking.status != BookingStatus::kHeld || it->resume_href.empty()) {
      co_return Error::Conflict("rapid itinerary " + booking.supplier_reference + " is " +
                                std::string(BookingStatusName(booking.status)) + ", not on hold");
    }
    auto r = co_await Send("PUT", it->resume_href, {}, call, deadline);
    if (!r) co_return r.error();
    if (r->status / 100 != 2) co_return Fail(*r, true);
    booking.status = BookingStatus::kConfirmed;
    co_return booking;
  }

  asio::awaitable<Result<Booking>> Retrieve(const RetrieveRequest& request, const CallOptions& call) override {
    auto it = co_await Find(request.client_reference, request.supplier_reference, call, DeadlineOf(call));
    if (!it) co_return it.error();
    co_return std::move(it->booking);
  }

  // Rapid has no cancellation quote: the penalty is read from the cancel_penalties (and
  // non-refundable nights) stored with the itinerary, at the current time.
  asio::awaitable<Result<Money>> QuoteCancel(const CancelRequest& request, const CallOptions& call) override {
    auto it = co_await Find(request.client_reference, request.supplier_reference, call, DeadlineOf(call));
    if (!it) co_return it.error();
    const Booking& b = it->booking;
    if (b.status == BookingStatus::kCancelled) {
      co_return Error::Conflict("rapid itinerary " + b.supplier_reference + " is already cancelled");
    }
    if (b.status == BookingStatus::kHeld) co_return Money{0, b.net.currency};  // releasing a hold is free
    co_return rapid::PenaltyAt(b.cancellation, std::chrono::system_clock::now(), b.net.currency);
  }

  // Rapid cancels room by room through each room's link (found by a retrieve), then the
  // itinerary is read again for the penalty actually charged (what was not refunded).
  asio::awaitable<Result<Booking>> Cancel(const CancelRequest& request, const CallOptions& call) override {
    const Deadline deadline = DeadlineOf(call);
    auto it = co_await Find(request.client_reference, request.supplier_reference, call, deadline);
    if (!it) co_return it.error();
    Booking booking = std::move(it->booking);
    if (booking.status == BookingStatus::kCancelled) co_return booking;  // a repeated cancel is a no-op
    const Money estimate = booking.status == BookingStatus::kHeld
                               ? Money{0, booking.net.currency}
                               : rapid::PenaltyAt(booking.cancellation, std::chrono::system_clock::now(),
                                                  booking.net.currency);
    if (booking.status == BookingStatus::kHeld && !it->cancel_href.empty()) {
      auto r = co_await Send("DELETE", it->cancel_href, {}, call, deadline);  // releases the hold
      if (!r) co_return r.error();
      if (r->status / 100 != 2) co_return Fail(*r, true);
    } else {
      for (const auto& room : it->rooms) {
        if (room.status == "canceled" || room.status == "cancelled") continue;
        if (room.cancel_href.empty()) {
          co_return Error::Unavailable("rapid itinerary " + booking.supplier_reference + " room " + room.id +
                                       " has no cancel link");
        }
        auto r = co_await Send("DELETE", room.cancel_href, {}, call, deadline);
        if (!r) co_return r.error();
        if (r->status / 100 != 2) co_return Fail(*r, true);
      }
    }
    auto after = co_await Find(request.client_reference, booking.supplier_reference, call, deadline);
    if (after && after->booking.status == BookingStatus::kCancelled) {
      Booking cancelled = std::move(after->booking);
      if (!cancelled.cancellation_penalty) cancelled.cancellation_penalty = estimate;
      co_return cancelled;
    }
    // The cancellation went through; the read-back did not: report it with the policy's penalty.
    booking.status = BookingStatus::kCancelled;
    booking.cancellation_penalty = estimate;
    co_return booking;
  }

  asio::awaitable<Result<ContentPage>> Content(const ContentRequest& request, const CallOptions& call) override {
    auto r = co_await Send("GET", rapid::ContentTarget(request), {}, call, DeadlineOf(call));
    if (!r) co_return r.error();
    if (r->status != 200) co_return Fail(*r, false);
    co_return rapid::ParseContent(r->body, r->Header("Link"), r->Header("Pagination-Total-Results"));
  }

 private:
  using Deadline = SteadyClock::time_point;

  static Deadline DeadlineOf(const CallOptions& call) { return SteadyClock::now() + call.timeout; }

  static Error Fail(const runtime::ClientResponse& r, bool booking_lookup) {
    return rapid::ErrorFromResponse(r.status, r.body, r.Header("Retry-After"), booking_lookup);
  }

  // What the supplier said, filled in with what we knew when it did not say it.
  static Booking Complete(Booking from_supplier, const Booking& known) {
    if (from_supplier.client_reference.empty()) from_supplier.client_reference = known.client_reference;
    if (from_supplier.hotel_code.empty()) from_supplier.hotel_code = known.hotel_code;
    return from_supplier;
  }

  // One request within the call's deadline; the deadline spans every request of a call.
  asio::awaitable<Result<runtime::ClientResponse>> Send(std::string method, std::string target, std::string body,
                                                        const CallOptions& call, Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) co_return Error::Timeout("rapid: the call's deadline passed before " + method + " " + target);
    runtime::ClientRequest req;
    req.pool = call.pool;  // the operation's bulkhead (ResilientConnector)
    req.method = std::move(method);
    req.url = config_.endpoint + target;
    req.timeout = left;
    req.headers.emplace_back("Accept", "application/json");
    if (!config_.api_key.empty()) {
      const auto now_s =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      req.headers.emplace_back("Authorization", rapid::AuthorizationHeader(config_.api_key, config_.secret, now_s));
    }
    if (!call.test_scenario.empty()) req.headers.emplace_back(std::string(rapid::kTestHeader), call.test_scenario);
    if (!body.empty()) {
      req.headers.emplace_back("Content-Type", "application/json");
      req.body = std::move(body);
    }
    auto r = co_await http_->Send(std::move(req), call.trace);
    if (r && r->body.size() > rapid::kMaxBody) {
      co_return Error::Unavailable("rapid: response of " + std::to_string(r->body.size()) + " bytes is over the limit");
    }
    co_return r;
  }

  // The itinerary booked under `client_reference` (Rapid's retrieve by affiliate reference
  // needs no itinerary token, so it works even when the booking answer was lost).
  asio::awaitable<Result<Itinerary>> Find(std::string client_reference, std::string supplier_reference,
                                          const CallOptions& call, Deadline deadline) {
    if (client_reference.empty()) co_return Error::Validation("client_reference", "required to find a rapid itinerary");
    auto r = co_await Send("GET", rapid::ItinerarySearchTarget(client_reference, rapid::kBookingEmail), {}, call,
                           deadline);
    if (!r) co_return r.error();
    if (r->status != 200) co_return Fail(*r, true);
    auto list = rapid::ParseItineraryList(r->body);
    if (!list) co_return list.error();
    for (auto& it : *list) {
      if (supplier_reference.empty() || it.booking.supplier_reference == supplier_reference) {
        if (it.booking.client_reference.empty()) it.booking.client_reference = client_reference;
        co_return std::move(it);
      }
    }
    co_return Error::NotFound("rapid has no itinerary " + supplier_reference + " for " + client_reference);
  }

  ConnectorConfig config_;
  std::shared_ptr<runtime::HttpClient> http_;
};

}  // namespace

std::unique_ptr<SupplierConnector> MakeRapidConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http) {
  return std::make_unique<RapidConnector>(std::move(config), std::move(http));
}

}  // namespace hotel::supplier

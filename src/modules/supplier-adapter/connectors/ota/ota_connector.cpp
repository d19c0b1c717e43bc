// The ota-xml connector: the SupplierConnector port over OpenTravel XML messages (ota_wire.hpp),
// one HTTP attempt per operation (two for a booking: Initiate then Commit, in one deadline).
#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"
#include "runtime/crash_point.hpp"

#include <boost/asio/awaitable.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <utility>

namespace hotel::supplier {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

bool ValidClientReference(std::string_view r) {
  return r.size() >= 3 && r.size() <= 28 && std::all_of(r.begin(), r.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
         });
}

Instant Now() { return std::chrono::system_clock::now(); }

// A booking answer may leave out what we already know (OTA Commit answers are often short).
void FillFrom(Booking& b, const Booking& known) {
  if (b.client_reference.empty()) b.client_reference = known.client_reference;
  if (b.hotel_code.empty()) b.hotel_code = known.hotel_code;
  if (b.check_in == Date{} && b.check_out == Date{}) {
    b.check_in = known.check_in;
    b.check_out = known.check_out;
  }
  if (b.net.currency.empty()) b.net = known.net;
  if (b.cancellation.empty()) b.cancellation = known.cancellation;
}

class OtaConnector final : public SupplierConnector {
 public:
  OtaConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http)
      : config_(std::move(config)), http_(std::move(http)), credentials_{config_.api_key, config_.secret} {}

  std::string_view Protocol() const override { return ota::kProtocol; }

  asio::awaitable<Result<SearchResult>> Search(const SearchRequest& request, const CallOptions& call) override {
    if (request.hotel_codes.empty()) co_return SearchResult{};
    if (auto e = CheckStay(request.check_in, request.check_out, request.rooms)) co_return *e;
    const ota::ParseContext ctx{request.check_in, request.check_out, Now()};
    auto body = co_await Post("OTA_HotelAvailRQ", ota::BuildAvailRQ(request, credentials_), call, call.timeout);
    if (!body) {
      // Some OTA suppliers answer "no availability" as an error rather than an empty list.
      if (body.error().code == Errc::sold_out) co_return SearchResult{};
      co_return body.error();
    }
    co_return ota::ParseAvailRS(*body, ctx);
  }

  // OTA has no re-check message: the hotel is searched again, live, and the same room type and
  // rate plan looked up. A different total than the caller saw is a price change.
  asio::awaitable<Result<Quote>> Recheck(const QuoteRequest& request, const CallOptions& call) override {
    auto ref = ota::ParseRateToken(request.rate_token);
    if (!ref) co_return Error::Validation("rate_token", "is not an ota-xml rate token");
    if (auto e = CheckStay(request.check_in, request.check_out, request.rooms)) co_return *e;
    SearchRequest search;
    search.hotel_codes = {request.hotel_code};
    search.check_in = request.check_in;
    search.check_out = request.check_out;
    search.rooms = request.rooms;
    search.currency = request.expected_net ? request.expected_net->currency : config_.currency;
    auto result = co_await Search(search, call);
    if (!result) co_return result.error();
    for (const HotelOffers& hotel : result->hotels) {
      if (hotel.hotel_code != request.hotel_code) continue;
      for (const Rate& rate : hotel.rates) {
        auto found = ota::ParseRateToken(rate.rate_token);
        if (!found || found->room_code != ref->room_code || found->plan_code != ref->plan_code) continue;
        Quote quote;
        quote.status = request.expected_net && *request.expected_net != rate.net ? QuoteStatus::kPriceChanged
                                                                                 : QuoteStatus::kAvailable;
        quote.rate = rate;
        co_return quote;
      }
    }
    co_return Quote{QuoteStatus::kSoldOut, {}};
  }

  // Initiate (the supplier holds the room), then Commit, within the caller's one deadline.
  asio::awaitable<Result<Booking>> Book(const BookRequest& request, const CallOptions& call) override {
    if (!ValidClientReference(request.client_reference)) {
      co_return Error::Validation("client_reference", "must be 3..28 characters of [A-Za-z0-9_-]");
    }
    if (request.rate_token.empty()) co_return Error::Validation("rate_token", "is empty");
    if (request.rooms.empty()) co_return Error::Validation("rooms", "at least one room is needed");
    // A bare BookingCode (not one of our tokens) is booked as it is.
    ota::RateRef ref = ota::ParseRateToken(request.rate_token).value_or(ota::RateRef{{}, {}, request.rate_token});
    const auto started = std::chrono::steady_clock::now();
    const ota::ParseContext ctx{request.check_in, request.check_out, Now()};
    auto body = co_await Post("OTA_HotelResRQ", ota::BuildInitiateRQ(request, ref, credentials_), call, call.timeout);
    if (!body) co_return body.error();
    auto held = ota::ParseReservationRS(*body, ctx);
    if (!held) co_return held.error();
    Booking known;
    known.client_reference = request.client_reference;
    known.hotel_code = request.hotel_code;
    known.check_in = request.check_in;
    known.check_out = request.check_out;
    known.net = request.expected_net;
    FillFrom(*held, known);
    // Held as asked, or the supplier decided at once (booked, on request, unknown).
    if (request.hold_only || held->status != BookingStatus::kHeld) co_return held;
    runtime::CrashPoint("ota.between_initiate_and_commit");
    const auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    const auto left = call.timeout - spent;
    if (left <= 0ms) {
      co_return Error::Timeout(fmt::format("ota-xml booking: the deadline passed after Initiate; hold {} not committed",
                                           held->supplier_reference));
    }
    co_return co_await CommitWithin(*held, call, left);
  }

  asio::awaitable<Result<Booking>> Commit(const Booking& held, const CallOptions& call) override {
    if (held.supplier_reference.empty()) co_return Error::Validation("supplier_reference", "is empty");
    co_return co_await CommitWithin(held, call, call.timeout);
  }

  asio::awaitable<Result<Booking>> Retrieve(const RetrieveRequest& request, const CallOptions& call) override {
    if (request.supplier_reference.empty() && request.client_reference.empty()) {
      co_return Error::Validation("client_reference", "a reference is needed");
    }
    const ota::ParseContext ctx{request.check_in, request.check_out, Now()};
    auto body = co_await Post("OTA_ReadRQ", ota::BuildReadRQ(request, credentials_), call, call.timeout);
    if (!body) co_return body.error();
    auto booking = ota::ParseReservationRS(*body, ctx);
    if (booking && booking->client_reference.empty()) booking->client_reference = request.client_reference;
    co_return booking;
  }

  asio::awaitable<Result<Money>> QuoteCancel(const CancelRequest& request, const CallOptions& call) override {
    if (request.supplier_reference.empty() && request.client_reference.empty()) {
      co_return Error::Validation("supplier_reference", "a reference is needed");
    }
    auto body = co_await Post("OTA_CancelRQ", ota::BuildCancelRQ(request, false, credentials_), call, call.timeout);
    if (!body) co_return body.error();
    auto outcome = ota::ParseCancelRS(*body);
    if (!outcome) co_return outcome.error();
    if (!outcome->penalty) co_return Error::Unavailable("ota-xml cancellation quote: answer without a CancelRule amount");
    co_return *outcome->penalty;
  }

  asio::awaitable<Result<Booking>> Cancel(const CancelRequest& request, const CallOptions& call) override {
    if (request.supplier_reference.empty() && request.client_reference.empty()) {
      co_return Error::Validation("supplier_reference", "a reference is needed");
    }
    auto body = co_await Post("OTA_CancelRQ", ota::BuildCancelRQ(request, true, credentials_), call, call.timeout);
    if (!body) co_return body.error();
    auto outcome = ota::ParseCancelRS(*body);
    if (!outcome) co_return outcome.error();
    Booking b;
    b.supplier_reference = outcome->supplier_reference.empty() ? request.supplier_reference : outcome->supplier_reference;
    b.client_reference = request.client_reference;
    b.status = outcome->status;
    b.cancellation_penalty = outcome->penalty;
    co_return b;
  }

  asio::awaitable<Result<ContentPage>> Content(const ContentRequest& request, const CallOptions& call) override {
    std::int64_t start = 0;
    if (!request.cursor.empty()) {
      const char* end = request.cursor.data() + request.cursor.size();
      auto [p, ec] = std::from_chars(request.cursor.data(), end, start);
      if (ec != std::errc() || p != end || start < 0) co_return Error::Validation("cursor", "is not an ota-xml cursor");
    }
    if (request.page_size < 1 || request.page_size > 5000) co_return Error::Validation("page_size", "must be 1..5000");
    auto body = co_await Post("OTA_HotelDescriptiveInfoRQ",
                              ota::BuildDescriptiveInfoRQ(start, request.page_size, credentials_), call, call.timeout);
    if (!body) co_return body.error();
    co_return ota::ParseDescriptiveInfoRS(*body, start, request.page_size);
  }

 private:
  static std::optional<Error> CheckStay(Date check_in, Date check_out, const std::vector<RoomOccupancy>& rooms) {
    if (check_out <= check_in) return Error::Validation("check_out", "must be after check_in");
    if (rooms.empty()) return Error::Validation("rooms", "at least one room is needed");
    return std::nullopt;
  }

  asio::awaitable<Result<Booking>> CommitWithin(const Booking& held, const CallOptions& call,
                                                std::chrono::milliseconds timeout) {
    const ota::ParseContext ctx{held.check_in, held.check_out, Now()};
    auto body = co_await Post("OTA_HotelResRQ",
                              ota::BuildCommitRQ(held.supplier_reference, held.client_reference, credentials_), call,
                              timeout);
    if (!body) co_return body.error();
    auto booking = ota::ParseReservationRS(*body, ctx);
    if (booking) FillFrom(*booking, held);
    co_return booking;
  }

  // One POST of one message: the body of a 200 answer, or the port's error for anything else.
  asio::awaitable<Result<std::string>> Post(std::string_view message, std::string xml, const CallOptions& call,
                                            std::chrono::milliseconds timeout) {
    runtime::ClientRequest request;
    request.pool = call.pool;  // the operation's bulkhead (ResilientConnector)
    request.method = "POST";
    request.url = fmt::format("{}/ota/{}", config_.endpoint, message);
    request.headers = {{"Content-Type", "text/xml; charset=utf-8"}, {"Accept", "text/xml"}};
    if (!call.test_scenario.empty()) request.headers.emplace_back(ota::kScenarioHeader, call.test_scenario);
    request.body = std::move(xml);
    request.timeout = timeout;
    auto response = co_await http_->Send(std::move(request), call.trace);
    if (!response) {
      Error e = response.error();
      e.detail = fmt::format("ota-xml {}: {}", message, e.detail);
      co_return e;
    }
    if (auto e = ota::ErrorForHttpStatus(response->status, response->body, response->Header("Retry-After"))) {
      e->detail = fmt::format("{} ({})", e->detail, message);
      co_return *e;
    }
    if (response->body.size() > ota::kMaxBodyBytes) {
      co_return Error::Unavailable(fmt::format("ota-xml {}: response of {} bytes is over the {} byte limit", message,
                                               response->body.size(), ota::kMaxBodyBytes));
    }
    co_return std::move(response->body);
  }

  ConnectorConfig config_;
  std::shared_ptr<runtime::HttpClient> http_;
  ota::Credentials credentials_;
};

}  // namespace

std::unique_ptr<SupplierConnector> MakeOtaConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http) {
  return std::make_unique<OtaConnector>(std::move(config), std::move(http));
}

}  // namespace hotel::supplier

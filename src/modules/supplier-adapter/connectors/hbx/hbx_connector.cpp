// The hbx-json connector: the SupplierConnector port over HTTP, one attempt per call; the
// wire format itself is in hbx_wire.cpp.
#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/hbx/hbx_wire.hpp"

#include <chrono>
#include <utility>

namespace hotel::supplier {
namespace {

namespace asio = boost::asio;

class HbxConnector final : public SupplierConnector {
 public:
  HbxConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http)
      : config_(std::move(config)), http_(std::move(http)) {}

  std::string_view Protocol() const override { return hbx::kProtocol; }

  asio::awaitable<Result<SearchResult>> Search(const SearchRequest& request, const CallOptions& call) override {
    auto body = hbx::AvailabilityBody(request);
    if (!body) co_return body.error();
    auto response = co_await Call("POST", std::string(hbx::kAvailabilityPath), std::move(*body), call);
    if (!response) co_return response.error();
    co_return hbx::ParseAvailability(response->body);
  }

  asio::awaitable<Result<Quote>> Recheck(const QuoteRequest& request, const CallOptions& call) override {
    if (request.rate_token.empty()) co_return Error::Validation("rate_token", "is required");
    auto response =
        co_await Call("POST", std::string(hbx::kCheckRatesPath), hbx::CheckRatesBody(request.rate_token), call);
    if (!response) {
      // Sold out is an answer of the re-check, not a failure of the call.
      if (response.error().code == Errc::sold_out) co_return Quote{QuoteStatus::kSoldOut, Rate{}};
      co_return response.error();
    }
    auto checked = hbx::ParseCheckRates(response->body);
    if (!checked) co_return checked.error();
    Quote quote;
    quote.rate = std::move(checked->rate);
    // checkrates answers only the current price: a change is ours to notice.
    if (request.expected_net && *request.expected_net != quote.rate.net) quote.status = QuoteStatus::kPriceChanged;
    co_return quote;
  }

  asio::awaitable<Result<Booking>> Book(const BookRequest& request, const CallOptions& call) override {
    if (request.hold_only) co_return Error::Validation("hold_only", "hbx-json has no holds");
    auto body = hbx::BookingBody(request);
    if (!body) co_return body.error();
    auto response = co_await Call("POST", std::string(hbx::kBookingsPath), std::move(*body), call);
    if (!response) co_return response.error();
    auto booking = hbx::ParseBooking(response->body);
    if (booking && booking->client_reference.empty()) booking->client_reference = request.client_reference;
    co_return booking;
  }

  asio::awaitable<Result<Booking>> Commit(const Booking& held, const CallOptions& call) override {
    co_return Error::Validation("supplier_reference", "hbx-json has no holds to commit");
  }

  asio::awaitable<Result<Booking>> Retrieve(const RetrieveRequest& request, const CallOptions& call) override {
    if (!request.supplier_reference.empty()) {
      auto response = co_await Call("GET", hbx::BookingPath(request.supplier_reference), {}, call);
      if (!response) co_return response.error();
      co_return hbx::ParseBooking(response->body);
    }
    auto found = co_await FindByClientReference(request.client_reference, call);
    if (!found) co_return found.error();
    co_return std::move(*found);
  }

  asio::awaitable<Result<Money>> QuoteCancel(const CancelRequest& request, const CallOptions& call) override {
    auto reference = co_await ReferenceOf(request, call);
    if (!reference) co_return reference.error();
    auto response = co_await Call("DELETE", hbx::CancelPath(*reference, true), {}, call);
    if (!response) co_return response.error();
    co_return hbx::ParseCancellationCost(response->body);
  }

  asio::awaitable<Result<Booking>> Cancel(const CancelRequest& request, const CallOptions& call) override {
    auto reference = co_await ReferenceOf(request, call);
    if (!reference) co_return reference.error();
    auto response = co_await Call("DELETE", hbx::CancelPath(*reference, false), {}, call);
    if (!response) co_return response.error();
    auto booking = hbx::ParseBooking(response->body);
    if (booking && booking->client_reference.empty()) booking->client_reference = request.client_reference;
    co_return booking;
  }

  asio::awaitable<Result<ContentPage>> Content(const ContentRequest& request, const CallOptions& call) override {
    auto path = hbx::ContentPath(request.cursor, request.page_size);
    if (!path) co_return path.error();
    auto response = co_await Call("GET", std::move(*path), {}, call);
    if (!response) co_return response.error();
    co_return hbx::ParseContent(response->body);
  }

 private:
  // The booking list is how a booking whose answer was lost is found: by our reference.
  asio::awaitable<Result<Booking>> FindByClientReference(const std::string& client_reference, const CallOptions& call) {
    if (client_reference.empty()) co_return Error::Validation("client_reference", "is required");
    auto response = co_await Call("GET", hbx::BookingListPath(client_reference), {}, call);
    if (!response) co_return response.error();
    auto found = hbx::ParseBookingList(response->body, client_reference);
    if (!found) co_return found.error();
    if (!*found) co_return Error::NotFound("hbx-json has no booking with client reference " + client_reference);
    co_return std::move(**found);
  }

  asio::awaitable<Result<std::string>> ReferenceOf(const CancelRequest& request, const CallOptions& call) {
    if (!request.supplier_reference.empty()) co_return request.supplier_reference;
    auto found = co_await FindByClientReference(request.client_reference, call);
    if (!found) co_return found.error();
    co_return found->supplier_reference;
  }

  // One HTTP exchange. A non-2xx answer becomes the port's error for it.
  asio::awaitable<Result<runtime::ClientResponse>> Call(std::string method, std::string path, std::string body,
                                                        const CallOptions& call) {
    runtime::ClientRequest request;
    request.pool = call.pool;  // the operation's bulkhead (ResilientConnector)
    request.method = std::move(method);
    request.url = config_.endpoint + path;
    request.timeout = call.timeout;
    request.headers.emplace_back("Accept", "application/json");
    if (!config_.api_key.empty()) request.headers.emplace_back("Api-key", config_.api_key);
    if (!config_.secret.empty()) {
      const auto now_s =
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
      request.headers.emplace_back("X-Signature", hbx::Signature(config_.api_key, config_.secret, now_s));
    }
    if (!call.test_scenario.empty())
      request.headers.emplace_back(std::string(hbx::kScenarioHeader), call.test_scenario);
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = std::move(body);
    auto response = co_await http_->Send(std::move(request), call.trace);
    if (!response) co_return response.error();
    if (response->status < 200 || response->status > 299) {
      co_return hbx::ErrorFromResponse(response->status, response->body, response->Header("Retry-After"));
    }
    co_return std::move(*response);
  }

  ConnectorConfig config_;
  std::shared_ptr<runtime::HttpClient> http_;
};

}  // namespace

std::unique_ptr<SupplierConnector> MakeHbxConnector(ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http) {
  return std::make_unique<HbxConnector>(std::move(config), std::move(http));
}

}  // namespace hotel::supplier

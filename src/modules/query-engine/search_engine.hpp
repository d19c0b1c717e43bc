// The search itself: destination → master hotels → supplier calls (fan_out.hpp) → priced,
// merged, sorted offers with sealed ids → one JSON body, cached per tenant and visibility.
#pragma once

#include "core/clock.hpp"
#include "core/principal.hpp"
#include "modules/pricing-service/pricing_service.hpp"
#include "modules/query-engine/catalog_index.hpp"
#include "modules/query-engine/fan_out.hpp"
#include "modules/query-engine/offer.hpp"
#include "modules/query-engine/search_request.hpp"
#include "ports/cache.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace hotel::events {
class BufferedEventWriter;
}

namespace hotel::query {

struct QueryOptions {
  int concurrency = 0;                     // calls in flight per search; 0: CONCURRENCY_LIMIT
  int process_concurrency = 0;             // across searches; 0: 8 × concurrency
  std::chrono::milliseconds timeout{0};    // the search's deadline; 0: QUERY_TIMEOUT_MS
  // A complete answer is reused for a minute; a partial one only briefly, so that a supplier
  // that was slow gets another chance soon.
  std::chrono::milliseconds complete_ttl{60000};
  std::chrono::milliseconds partial_ttl{5000};
  int max_hotels = kMaxMaxHotels;          // upper bound of the request's maxHotels
  std::chrono::milliseconds catalog_poll{3000};
};

struct SearchDeps {
  std::shared_ptr<supplier::SupplierDirectory> directory;
  std::shared_ptr<pricing::PricingService> pricing;
  std::shared_ptr<ports::Cache> cache;  // null: no result cache
  events::BufferedEventWriter* events = nullptr;
  std::shared_ptr<CatalogIndex> catalog;
  std::shared_ptr<const OfferCodec> codec;
  const Clock* clock = nullptr;
  runtime::MetricsRegistry* metrics = nullptr;
  runtime::Logger* log = nullptr;
};

class SearchEngine {
 public:
  SearchEngine(SearchDeps deps, QueryOptions options);

  // The answer body (application/json), shared with the result cache (a hit is not copied).
  // Errors only for the caller's own mistakes or a missing ENCRYPTION_SECRET: slow or failing
  // suppliers make a partial answer, not an error.
  boost::asio::awaitable<Result<std::shared_ptr<const std::string>>> Search(const SearchQuery& query,
                                                                           const Principal& caller,
                                                                           const runtime::TraceContext& trace);

  const QueryOptions& options() const { return options_; }
  bool KnownCurrency(std::string_view currency) const;

 private:
  struct Visibility;
  boost::asio::awaitable<std::string> Compute(const SearchQuery& query, const Principal& caller,
                                              const runtime::TraceContext& trace, bool& complete);
  double SuccessRate(const std::string& supplier) const;
  void RecordSupplier(const std::string& supplier, bool ok);

  SearchDeps deps_;
  QueryOptions options_;
  std::shared_ptr<AsyncSemaphore> process_bound_;
  runtime::CounterFamily* requests_;
  runtime::HistogramFamily* duration_;
  runtime::CounterFamily* supplier_calls_;
  runtime::GaugeFamily* cache_entries_;
  runtime::GaugeFamily* calls_waiting_;
  runtime::HistogramFamily* compose_;
  runtime::HistogramFamily* overhead_;
  runtime::CounterFamily* offers_;
  runtime::CounterFamily* unpriced_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<double, double>, std::less<>> success_;  // supplier → (ok, calls), decayed
};

}  // namespace hotel::query

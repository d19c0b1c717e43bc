// The query-engine module: POST /api/v1/search over the in-memory catalog, the suppliers of a
// SupplierDirectory and the caller's price chain. `main` lists
// Spec(directory, pricing, cache, events).
#pragma once

#include "modules/query-engine/search_engine.hpp"
#include "runtime/module.hpp"

namespace hotel::query {

// Options left 0 take CONCURRENCY_LIMIT and QUERY_TIMEOUT_MS from the settings; offers are
// sealed under ENCRYPTION_SECRET. `events` may be null (no search events).
runtime::ModuleSpec Spec(std::shared_ptr<supplier::SupplierDirectory> directory,
                         std::shared_ptr<pricing::PricingService> pricing, std::shared_ptr<ports::Cache> cache,
                         events::BufferedEventWriter* events, QueryOptions options = {});

// The route alone, for tests and for a module built around an engine.
void RegisterSearchRoutes(runtime::Router& router, std::shared_ptr<SearchEngine> engine, const Clock& clock);

}  // namespace hotel::query

// The pricing API: /api/v1/markup-rules, /api/v1/fx-rates, /api/v1/price-previews. Thin
// handlers: check the caller, parse, run the store call on the BlockingPool, reload this
// process's snapshot after a write, render JSON or problem+json.
#pragma once

#include "modules/pricing-service/pricing_service_impl.hpp"
#include "runtime/router.hpp"

#include <memory>

namespace hotel::pricing {

// `service` (and its pool and store) must outlive `router`.
void RegisterPricingRoutes(runtime::Router& router, std::shared_ptr<PricingServiceImpl> service);

}  // namespace hotel::pricing

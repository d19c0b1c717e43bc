// The inventory API's routes (admin scope): thin handlers that check the caller, parse, run a
// use case on the BlockingPool, and render JSON or problem+json.
#pragma once

#include "modules/inventory-service/service.hpp"
#include "runtime/blocking.hpp"
#include "runtime/router.hpp"

namespace hotel::inventory {

// Registers /api/v1/allotments and /api/v1/allotment-holds. `service` and `pool` must outlive
// `router`.
void RegisterInventoryRoutes(runtime::Router& router, InventoryService& service, runtime::BlockingPool& pool);

}  // namespace hotel::inventory

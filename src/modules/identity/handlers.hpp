// The identity API's routes: thin handlers that parse, run a use case on the BlockingPool,
// and render JSON or problem+json.
#pragma once

#include "modules/identity/service.hpp"
#include "runtime/blocking.hpp"
#include "runtime/router.hpp"

namespace hotel::identity {

// Registers every /api/v1 route of the module. `service` and `pool` must outlive `router`.
void RegisterIdentityRoutes(runtime::Router& router, IdentityService& service, runtime::BlockingPool& pool);

}  // namespace hotel::identity

// api-gateway: the single entry for /api/v1. This first part serves the API index; auth,
// rate limiting and routing to modules in other processes arrive with identity (issue 3).
#pragma once

#include "runtime/module.hpp"

namespace hotel::api_gateway {

runtime::ModuleSpec Spec();

}  // namespace hotel::api_gateway

// api-gateway module: serves the API index (GET /api/v1). Its edge work (CORS, auth, rate
// limits, forwarding to modules in other processes) is middleware: gateway_middleware.hpp.
#pragma once

#include "runtime/module.hpp"

namespace hotel::api_gateway {

runtime::ModuleSpec Spec();

}  // namespace hotel::api_gateway

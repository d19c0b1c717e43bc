// Authentication middleware: credentials of /api/v1 requests -> req.principal, through the
// identity module's Authenticator port.
#pragma once

#include "modules/identity/authenticator.hpp"
#include "runtime/http.hpp"
#include "runtime/log.hpp"

#include <memory>

namespace hotel::api_gateway {

// Public: GET/HEAD /api/v1 (the index), POST /api/v1/auth/login and CORS pre-flights; their
// credentials are ignored. Paths outside /api/v1 (probes) are not touched.
bool IsPublicApiRequest(const runtime::Request& req);

// For every other /api/v1 request, matched or not (so that route existence is not revealed
// to anonymous callers): exactly one of `Authorization: Bearer <jwt>` or `X-Api-Key` ->
// Authenticator -> req.principal. None or a non-Bearer Authorization -> 401 unauthenticated
// with WWW-Authenticate: Bearer; both -> 400 validation_failed; the Authenticator's error
// as its problem (401, or 503 when identity's store is down). A null authenticator (a
// process without identity access) answers 503 for protected paths.
// Credentials are never logged.
runtime::Middleware MakeAuthMiddleware(std::shared_ptr<identity::Authenticator> authenticator, runtime::Logger& log);

}  // namespace hotel::api_gateway

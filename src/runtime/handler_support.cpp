// Shared handler answers: problem+json, JSON bodies, the platform-staff guard.
#include "runtime/handler_support.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace hotel::runtime {

Response Problem(const Request& req, const Error& error) { return ProblemResponse(error, req.trace.TraceId()); }

Response JsonResponse(int status, const boost::json::object& body) {
  return Response::Json(status, boost::json::serialize(body));
}

Response Unauthenticated(const Request& req) {
  return Problem(req, Error{Errc::unauthenticated, "Send Authorization: Bearer <token> or X-Api-Key: <key>.", {}});
}

std::optional<Response> RefuseUnlessPlatformStaff(const Request& req, std::string_view forbidden_detail) {
  if (!req.principal) return Unauthenticated(req);
  if (!req.principal->IsPlatformStaff()) return Problem(req, Error{Errc::forbidden, std::string(forbidden_detail), {}});
  return std::nullopt;
}

}  // namespace hotel::runtime

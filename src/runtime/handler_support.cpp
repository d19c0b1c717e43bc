// Shared handler answers: problem+json, JSON bodies, the platform-staff guard.
#include "runtime/handler_support.hpp"

#include "core/ids.hpp"

#include <boost/json/serialize.hpp>

#include <string>

namespace hotel::runtime {

Result<std::optional<std::string>> CursorParam(const Request& req,
                                               const std::function<bool(std::string_view)>& valid) {
  auto cursor = req.QueryParam("cursor");
  if (!cursor) return std::optional<std::string>{};
  if (cursor->empty() || cursor->size() > 300 || !valid(*cursor)) {
    return Error::Validation("cursor", "must be the nextCursor of a previous page");
  }
  return cursor;
}

Result<std::optional<std::string>> IdCursorParam(const Request& req, std::string_view prefix) {
  return CursorParam(req, [prefix](std::string_view c) { return IsId(c, prefix); });
}

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

// What the modules' HTTP handlers share: problem+json and JSON answers, the platform-staff
// guard, and running a storage call on the blocking pool.
#pragma once

#include "core/error.hpp"
#include "runtime/blocking.hpp"
#include "runtime/http.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace hotel::runtime {

// The one reader of `?cursor=` for every list: absent → nullopt; present, it must be what
// `valid` accepts (the list's nextCursor: an id with its prefix, a config key, …), else
// validation_failed on "cursor" ("must be the nextCursor of a previous page").
Result<std::optional<std::string>> CursorParam(const Request& req,
                                               const std::function<bool(std::string_view)>& valid);
// The common case: a cursor that is an id with `prefix` (core/ids IsId).
Result<std::optional<std::string>> IdCursorParam(const Request& req, std::string_view prefix);

// `error` as problem+json, with the request's trace id.
Response Problem(const Request& req, const Error& error);

// `body` serialised as an application/json answer.
Response JsonResponse(int status, const boost::json::object& body);

// The 401 for a request that carries no principal.
Response Unauthenticated(const Request& req);

// nullopt when the caller is platform staff (platform_admin, platform_ops); otherwise the
// answer: 401 without a principal, 403 with `forbidden_detail` for anyone else.
std::optional<Response> RefuseUnlessPlatformStaff(const Request& req, std::string_view forbidden_detail);

// Runs `work` (returning a Result) on `pool` and answers `render(value)`, or `render()` for
// Result<void>; an error becomes problem+json.
template <class Work, class Render>
boost::asio::awaitable<Response> CallOnPool(const Request& req, BlockingPool& pool, Work work, Render render) {
  auto result = co_await pool.Run(std::move(work));
  if (!result) co_return Problem(req, result.error());
  if constexpr (std::is_void_v<typename decltype(result)::value_type>) {
    co_return render();
  } else {
    co_return render(*result);
  }
}

}  // namespace hotel::runtime

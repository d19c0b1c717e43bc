// Bearer / API-key authentication in front of /api/v1.
#include "modules/api-gateway/auth_middleware.hpp"

#include "modules/api-gateway/api_paths.hpp"

#include <strings.h>

#include <atomic>

namespace hotel::api_gateway {
namespace {

constexpr std::string_view kService = "api-gateway";

runtime::Response Unauthenticated(const runtime::Request& req, std::string detail) {
  auto resp = runtime::ProblemResponse(Error{Errc::unauthenticated, std::move(detail), {}}, req.trace.TraceId());
  resp.headers.emplace_back("WWW-Authenticate", "Bearer");
  return resp;
}

// The token of "Bearer <token>" (scheme case-insensitive, RFC 7235); nullopt for another scheme.
std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() < kScheme.size() || strncasecmp(authorization.data(), kScheme.data(), kScheme.size()) != 0) {
    return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace

bool IsPublicApiRequest(const runtime::Request& req) {
  if (IsPreflight(req)) return true;
  if (req.path == "/api/v1") return req.method == "GET" || req.method == "HEAD";
  return req.path == "/api/v1/auth/login" && req.method == "POST";
}

runtime::Middleware MakeAuthMiddleware(std::shared_ptr<identity::Authenticator> authenticator, runtime::Logger& log) {
  // A missing authenticator is a wiring fact, not a per-request event: say it once.
  auto reported_missing = std::make_shared<std::atomic<bool>>(false);
  return [authenticator = std::move(authenticator), reported_missing, &log](
             runtime::Request& req, const runtime::Next& next) -> boost::asio::awaitable<runtime::Response> {
    if (!IsApiPath(req.path) || IsPublicApiRequest(req)) co_return co_await next(req);

    const std::string_view authorization = req.Header("authorization");
    const std::string_view api_key = req.Header("x-api-key");
    identity::Credentials credentials;
    if (!authorization.empty()) {
      auto token = BearerToken(authorization);
      if (!token) co_return Unauthenticated(req, "The Authorization header must use the Bearer scheme.");
      if (token->empty()) co_return Unauthenticated(req, "The Bearer token is empty.");
      credentials.bearer_token = *token;
    }
    credentials.api_key = api_key;
    if (credentials.bearer_token.empty() && credentials.api_key.empty()) {
      co_return Unauthenticated(req, "Send a Bearer token (Authorization) or an API key (X-Api-Key).");
    }
    if (!credentials.bearer_token.empty() && !credentials.api_key.empty()) {
      co_return runtime::ProblemResponse(
          Error::Validation("X-Api-Key", "send either Authorization: Bearer or X-Api-Key, not both"), req.trace.TraceId());
    }
    if (!authenticator) {
      if (!reported_missing->exchange(true)) {
        log.Log(runtime::LogLevel::error, "no authenticator in this process; protected API paths answer 503",
                {{"path", req.path}}, &req.trace, kService);
      }
      co_return runtime::ProblemResponse(Error::Unavailable("Authentication is not available in this process."),
                                         req.trace.TraceId());
    }

    Result<Principal> principal = co_await authenticator->Authenticate(credentials);
    if (!principal) {
      const Error& error = principal.error();
      const bool ours = error.code == Errc::unauthenticated;
      // The detail is safe to show by the port's contract; the credential itself never is.
      log.Log(ours ? runtime::LogLevel::info : runtime::LogLevel::warn, "authentication failed",
              {{"credential", credentials.api_key.empty() ? "bearer" : "api_key"},
               {"code", CodeName(error.code)},
               {"reason", error.detail},
               {"path", req.path},
               {"remoteAddr", req.remote_address}},
              &req.trace, kService);
      auto resp = runtime::ProblemResponse(error, req.trace.TraceId());
      if (ours) resp.headers.emplace_back("WWW-Authenticate", "Bearer");
      co_return resp;
    }
    req.principal = std::make_shared<const Principal>(std::move(*principal));
    co_return co_await next(req);
  };
}

}  // namespace hotel::api_gateway

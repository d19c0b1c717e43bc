// The Idempotency-Key middleware: claim the key, run the handler once, keep its answer.
#include "modules/api-gateway/idempotency_middleware.hpp"

#include "modules/api-gateway/api_paths.hpp"
#include "modules/api-gateway/idempotency_store.hpp"

#include <openssl/evp.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <memory>

namespace hotel::api_gateway {
namespace {

constexpr std::string_view kService = "api-gateway";

bool IsMutation(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool ContainsNoStore(std::string_view cache_control) {
  for (std::size_t i = 0; i + 8 <= cache_control.size(); ++i) {
    if (IEquals(cache_control.substr(i, 8), "no-store")) return true;
  }
  return false;
}

// PostgreSQL TEXT refuses NUL and invalid UTF-8; such a body is not kept (API answers are
// JSON, so this is a guard, not a path taken).
bool IsStorableText(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    const int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xe ? 2 : (c >> 3) == 0x1e ? 3 : -1;
    if (extra < 0 || i + extra >= s.size()) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += 1 + extra;
  }
  return true;
}

// The handler's own headers, minus those that belong to one exchange (the server and the
// outer middlewares add them afresh to a replay).
runtime::Headers KeptHeaders(const runtime::Headers& headers) {
  static constexpr std::string_view kPerExchange[] = {"Date", "Connection", "Content-Length", "Transfer-Encoding",
                                                      "X-Request-ID", "Set-Cookie", "Idempotent-Replayed"};
  runtime::Headers out;
  for (const auto& h : headers) {
    bool skip = false;
    for (auto name : kPerExchange) skip = skip || IEquals(h.first, name);
    if (!skip) out.push_back(h);
  }
  return out;
}

// The store's own failure says nothing useful to a client (and may name SQL): an outage is
// 503 (retry), anything else 500.
Error ForClient(const Error& e) {
  if (e.code == Errc::upstream_unavailable || e.code == Errc::upstream_timeout) {
    return Error{e.code, "The idempotency store is unreachable; retry later.", {}};
  }
  return Error::Internal("The idempotency store failed.");
}

struct State {
  IdempotencyStore store;
  runtime::BlockingPool& pool;
  IdempotencyOptions options;
  const Clock& clock;
  runtime::Logger& log;
  runtime::Counter& replays;
  runtime::Counter& mismatches;
  runtime::Counter& in_progress;
  runtime::Counter& errors;
  std::atomic<std::uint64_t> stored{0};
};

runtime::Response Problem(const runtime::Request& req, const Error& e) {
  return runtime::ProblemResponse(e, req.trace.TraceId());
}

// Keeps the answer (or releases the key when it is not to be kept); every purge_every-th
// kept answer also purges expired rows. Failures are logged: the client has its answer.
boost::asio::awaitable<void> Finish(State& s, const runtime::Request& req, const std::string& actor,
                                    const std::string& key, std::int64_t token, const runtime::Response& resp) {
  const std::string_view body = resp.Body();  // its own, or a cache's shared one
  const bool keep = resp.status < 500 && body.size() <= s.options.max_stored_body &&
                    !ContainsNoStore(resp.Header("Cache-Control")) && IsStorableText(body) &&
                    IsStorableText(resp.content_type);
  if (!keep) {
    auto released = co_await s.pool.Run([&] { return s.store.Release(actor, key, token); });
    if (!released) {
      s.errors.Inc();
      s.log.Log(runtime::LogLevel::warn, "idempotency key not released; it stays busy until its lease ends",
                {{"error", released.error().detail}, {"route", std::string(req.route)}}, &req.trace, kService);
    }
    co_return;
  }
  const Instant now = s.clock.Now();
  const StoredResponse stored{resp.status, resp.content_type, KeptHeaders(resp.headers), std::string(body)};
  const bool purge = s.options.purge_every > 0 && ++s.stored % static_cast<std::uint64_t>(s.options.purge_every) == 0;
  auto done = co_await s.pool.Run([&]() -> Result<bool> {
    auto r = s.store.Complete(actor, key, token, stored);
    if (purge) {
      if (auto purged = s.store.PurgeExpired(now, s.options.purge_batch); !purged) {
        s.log.Log(runtime::LogLevel::warn, "purging expired idempotency keys failed", {{"error", purged.error().detail}},
                  nullptr, kService);
      }
    }
    return r;
  });
  if (!done) {
    s.errors.Inc();
    s.log.Log(runtime::LogLevel::error, "idempotent answer not stored; a retry after the lease runs the handler again",
              {{"error", done.error().detail}, {"route", std::string(req.route)}}, &req.trace, kService);
  } else if (!*done) {
    s.log.Log(runtime::LogLevel::warn, "idempotency claim was taken over before the answer was stored (lease too short?)",
              {{"route", std::string(req.route)}, {"leaseMs", s.options.lease.count()}}, &req.trace, kService);
  }
}

}  // namespace

bool ValidIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) return false;
  for (char c : key) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

std::string RequestFingerprint(std::string_view method, std::string_view target, std::string_view body) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (std::string_view part : {method, target, body}) {
    const std::string length = std::to_string(part.size()) + ":";
    EVP_DigestUpdate(ctx, length.data(), length.size());
    EVP_DigestUpdate(ctx, part.data(), part.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, digest, &size);
  EVP_MD_CTX_free(ctx);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xf]);
  }
  return out;
}

runtime::Middleware MakeIdempotencyMiddleware(ports::Database& db, runtime::BlockingPool& pool,
                                              IdempotencyOptions options, const Clock& clock, runtime::Logger& log,
                                              runtime::MetricsRegistry& metrics) {
  auto& conflicts = metrics.AddCounter("idempotency_conflicts_total",
                                       "Idempotency-Key requests refused: 422 (reason=mismatch) or 409 (in_progress).",
                                       {"reason"});
  // new, not make_shared: State holds an atomic (not movable) and clang 14 has no
  // parenthesised aggregate initialisation.
  auto state = std::shared_ptr<State>(new State{
      IdempotencyStore(db, options.owner), pool, options, clock, log,
      metrics.AddCounter("idempotency_replays_total", "Answers given again for a repeated Idempotency-Key.").WithLabels({}),
      conflicts.WithLabels({"mismatch"}), conflicts.WithLabels({"in_progress"}),
      metrics.AddCounter("idempotency_store_errors_total", "Idempotency-Key store failures (claims, stores, releases).")
          .WithLabels({})});

  return [state](runtime::Request& req, const runtime::Next& next) -> boost::asio::awaitable<runtime::Response> {
    if (!IsMutation(req.method) || req.route.empty() || !IsApiPath(req.path)) co_return co_await next(req);
    const std::string_view header = req.Header("idempotency-key");
    if (header.empty() || !req.principal || req.principal->Actor().empty()) co_return co_await next(req);
    if (!ValidIdempotencyKey(header)) {
      co_return Problem(req, Error::Validation("Idempotency-Key", "Must be 1 to 255 visible ASCII characters."));
    }
    State& s = *state;
    const std::string actor = req.principal->Actor();
    const std::string key(header);
    const std::string fingerprint = RequestFingerprint(req.method, req.target, req.body);
    const Instant now = s.clock.Now();
    auto claim = co_await s.pool.Run(
        [&] { return s.store.Claim(actor, key, fingerprint, now, now + s.options.lease, now + s.options.ttl); });
    if (!claim) {
      s.errors.Inc();
      s.log.Log(runtime::LogLevel::error, "idempotency store unavailable; request refused",
                {{"error", claim.error().detail}, {"route", std::string(req.route)}}, &req.trace, kService);
      co_return Problem(req, ForClient(claim.error()));
    }

    if (const auto* existing = std::get_if<Existing>(&*claim)) {
      if (existing->fingerprint != fingerprint) {
        s.mismatches.Inc();
        co_return Problem(req, Error{Errc::idempotency_mismatch,
                                     "Idempotency-Key " + key + " was used with another request.", {}});
      }
      if (!existing->response) {
        s.in_progress.Inc();
        auto busy = Problem(req, Error::Conflict("A request with this Idempotency-Key is still in progress; retry later."));
        busy.headers.emplace_back("Retry-After", "1");
        co_return busy;
      }
      s.replays.Inc();
      runtime::Response replay;
      replay.status = existing->response->status;
      replay.content_type = existing->response->content_type;
      replay.headers = existing->response->headers;
      replay.body = existing->response->body;
      replay.SetHeader("Idempotent-Replayed", "true");
      co_return replay;
    }

    const std::int64_t token = std::get<Claimed>(*claim).token;
    runtime::Response resp;
    std::exception_ptr failure;
    try {
      resp = co_await next(req);
    } catch (...) {
      failure = std::current_exception();  // released below: no co_await inside a handler
    }
    if (failure) {
      resp.status = 500;  // releases the key; the server answers the exception itself
      co_await Finish(s, req, actor, key, token, resp);
      std::rethrow_exception(failure);
    }
    co_await Finish(s, req, actor, key, token, resp);
    co_return resp;
  };
}

}  // namespace hotel::api_gateway

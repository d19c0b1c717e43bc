// Identity module wiring: options from the settings, the routes, and the Authenticator.
#include "modules/identity/identity.hpp"

#include "modules/identity/handlers.hpp"

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <unordered_map>

namespace hotel::identity {
namespace {

class IdentityModule final : public runtime::Module {
 public:
  explicit IdentityModule(runtime::ModuleContext& ctx)
      : service_(ctx.database, ctx.clock, OptionsFromSettings(ctx.settings)), pool_(ctx.blocking) {}

  void RegisterRoutes(runtime::Router& router) override { RegisterIdentityRoutes(router, service_, pool_); }

 private:
  IdentityService service_;
  runtime::BlockingPool& pool_;
};

// Authenticates against the database, and keeps each answer for kAuthCacheTtl: a cache hit
// costs a hash lookup instead of a database round trip on the blocking pool (most of a
// cached search's cost). A change made through this process (suspension, disabled user,
// role, revoked key) empties the cache at once (AuthGeneration); one made by another process
// is seen within kAuthCacheTtl. Failures are never cached.
class DatabaseAuthenticator final : public Authenticator {
 public:
  static constexpr auto kAuthCacheTtl = std::chrono::seconds(1);
  static constexpr std::size_t kMaxEntries = 100000;

  DatabaseAuthenticator(ports::Database& db, runtime::BlockingPool& pool, IdentityOptions options, const Clock* clock)
      : clock_(clock ? clock : &system_clock_), service_(db, *clock_, std::move(options)), pool_(pool) {}

  boost::asio::awaitable<Result<Principal>> Authenticate(const Credentials& credentials) override {
    // Copies: the request's buffers are not ours to read from another thread.
    const std::string token(credentials.bearer_token);
    const std::string key(credentials.api_key);
    const std::string cache_key = (token.empty() ? "k:" + key : "t:" + token);
    const Instant now = clock_->Now();
    const std::uint64_t generation = AuthGeneration();
    {
      std::lock_guard lock(mutex_);
      if (auto it = cache_.find(cache_key); it != cache_.end()) {
        if (it->second.generation == generation && now < it->second.expires_at) co_return it->second.principal;
        cache_.erase(it);
      }
    }
    auto result = co_await pool_.Run([&] { return service_.Authenticate(token, key); });
    if (result) {
      std::lock_guard lock(mutex_);
      if (cache_.size() >= kMaxEntries) cache_.clear();  // a flood of distinct credentials: start over
      cache_[cache_key] = Cached{*result, generation, now + kAuthCacheTtl};
    }
    co_return result;
  }

 private:
  struct Cached {
    Principal principal;
    std::uint64_t generation = 0;
    Instant expires_at{};
  };
  SystemClock system_clock_;
  const Clock* clock_;
  IdentityService service_;
  runtime::BlockingPool& pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace

IdentityOptions OptionsFromSettings(const runtime::Settings& settings) {
  if (settings.jwt_secret.size() < kMinJwtSecretLength) {
    throw std::runtime_error("JWT_SECRET must be set to at least " + std::to_string(kMinJwtSecretLength) +
                             " characters: the identity module signs login tokens with it");
  }
  IdentityOptions o;
  o.jwt_secret = settings.jwt_secret;
  o.jwt_expiry_hours = settings.jwt_expiry_hours;
  o.default_currency = settings.default_currency;
  return o;
}

runtime::ModuleSpec Spec() {
  return {"identity",
          "Tenants (platform, distributors, sub-agents), users, API keys, login (JWT).",
          {"/api/v1/auth", "/api/v1/me", "/api/v1/tenants", "/api/v1/users", "/api/v1/api-keys"},
          [](runtime::ModuleContext& ctx) { return std::make_unique<IdentityModule>(ctx); }};
}

std::shared_ptr<Authenticator> MakeAuthenticator(ports::Database& db, runtime::BlockingPool& pool,
                                                 const runtime::Settings& settings, const Clock* clock) {
  return std::make_shared<DatabaseAuthenticator>(db, pool, OptionsFromSettings(settings), clock);
}

}  // namespace hotel::identity

// Identity module wiring: options from the settings, the routes, and the Authenticator.
#include "modules/identity/identity.hpp"

#include "modules/identity/handlers.hpp"

#include <stdexcept>

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

class DatabaseAuthenticator final : public Authenticator {
 public:
  DatabaseAuthenticator(ports::Database& db, runtime::BlockingPool& pool, IdentityOptions options, const Clock* clock)
      : clock_(clock ? clock : &system_clock_), service_(db, *clock_, std::move(options)), pool_(pool) {}

  boost::asio::awaitable<Result<Principal>> Authenticate(const Credentials& credentials) override {
    // Copies: the request's buffers are not ours to read from another thread.
    const std::string token(credentials.bearer_token);
    const std::string key(credentials.api_key);
    co_return co_await pool_.Run([&] { return service_.Authenticate(token, key); });
  }

 private:
  SystemClock system_clock_;
  const Clock* clock_;
  IdentityService service_;
  runtime::BlockingPool& pool_;
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

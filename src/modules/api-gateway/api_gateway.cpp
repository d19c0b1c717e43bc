// api-gateway module wiring and its handlers.
#include "modules/api-gateway/api_gateway.hpp"

#include <boost/json.hpp>

namespace hotel::api_gateway {
namespace {

class ApiGateway final : public runtime::Module {
 public:
  explicit ApiGateway(runtime::ModuleContext& ctx) : ctx_(ctx) {}

  void RegisterRoutes(runtime::Router& router) override {
    boost::json::array modules;
    for (const auto& m : ctx_.started_modules) modules.push_back(boost::json::string(m));
    const std::string index = boost::json::serialize(boost::json::object{
        {"name", "hotel-platform"},
        {"apiVersion", "v1"},
        {"modules", modules},
        {"defaultCurrency", ctx_.settings.default_currency},
        {"links", {{"health", "/health"}, {"ready", "/ready"}, {"metrics", "/metrics"}}}});
    router.Get("/api/v1", runtime::Sync([index](runtime::Request&) { return runtime::Response::Json(200, index); }));
  }

 private:
  runtime::ModuleContext& ctx_;
};

}  // namespace

runtime::ModuleSpec Spec() {
  return {"api-gateway", "Single entry for /api/v1: authentication, rate limiting, routing to modules.", {},
          [](runtime::ModuleContext& ctx) { return std::make_unique<ApiGateway>(ctx); }};
}

}  // namespace hotel::api_gateway

// Assembling the gateway's middleware chain for one process.
#include "modules/api-gateway/gateway_middleware.hpp"

#include "modules/api-gateway/auth_middleware.hpp"

#include <boost/asio/system_executor.hpp>

#include <algorithm>

namespace hotel::api_gateway {

GatewayOptions OptionsFromSettings(const runtime::Settings& settings) {
  GatewayOptions o;
  o.rate_limit.max = static_cast<std::uint32_t>(settings.rate_limit_max);
  o.rate_limit.window = std::chrono::milliseconds(settings.rate_limit_window_ms);
  return o;
}

GatewayFeatures FeaturesFor(const std::vector<std::string>& started_modules) {
  const bool gateway = std::find(started_modules.begin(), started_modules.end(), "api-gateway") != started_modules.end();
  return {.edge = true, .auth = true, .rate_limit = gateway, .proxy = gateway};
}

std::vector<runtime::Middleware> BuildMiddleware(const GatewayDeps& deps) {
  std::vector<runtime::Middleware> chain;
  if (deps.features.edge) chain.push_back(MakeEdgeMiddleware(deps.options.edge));
  if (deps.features.auth) chain.push_back(MakeAuthMiddleware(deps.authenticator, deps.log));
  if (deps.features.rate_limit) {
    std::shared_ptr<RateLimiter> limiter = deps.rate_limiter;
    if (!limiter) {
      auto in_process = std::make_shared<InProcessRateLimiter>(deps.options.limiter);
      // Every limit exports a gauge; a weak_ptr, because the registry may outlive the chain.
      deps.metrics.AddCollector([weak = std::weak_ptr<InProcessRateLimiter>(in_process)](std::string& out) {
        auto l = weak.lock();
        if (!l) return;
        out += "# HELP gateway_rate_limiter_keys Callers with a live rate-limit window in this process.\n"
               "# TYPE gateway_rate_limiter_keys gauge\ngateway_rate_limiter_keys " +
               std::to_string(l->KeyCount()) + "\n";
      });
      limiter = std::move(in_process);
    }
    chain.push_back(MakeRateLimitMiddleware(std::move(limiter), {deps.options.rate_limit, deps.tenant_policy}, deps.clock,
                                            deps.log, deps.metrics));
  }
  if (deps.database && deps.blocking) {
    chain.push_back(MakeIdempotencyMiddleware(*deps.database, *deps.blocking, deps.options.idempotency, deps.clock,
                                              deps.log, deps.metrics));
  }
  if (deps.features.proxy && !deps.remote_modules.empty()) {
    if (deps.upstream_client.expired()) {
      deps.log.Error("api-gateway: remote modules but no upstream client; forwarded requests will answer 503");
    }
    for (const auto& m : deps.remote_modules) {
      if (m.url.empty()) {
        deps.log.Warn("module not in this process and without a URL; its requests will answer 503",
                      {{"module", m.name}, {"variable", "MODULE_URLS"}});
      }
    }
    chain.push_back(MakeProxyMiddleware(deps.remote_modules, deps.options.proxy, deps.upstream_client, deps.clock,
                                        deps.log, deps.metrics));
  }
  return chain;
}

std::shared_ptr<runtime::HttpClient> MakeUpstreamClient(const GatewayOptions& options) {
  runtime::HttpClientOptions client_options;
  // The default (10) would cap the calls in flight to one upstream process at 10.
  client_options.pool_size_per_host = options.upstream_pool_size;
  client_options.user_agent = "hotel-api-gateway";
  // HttpClient runs each call on the awaiting coroutine's executor; this one is not used.
  return std::make_shared<runtime::HttpClient>(boost::asio::system_executor(), client_options);
}

std::vector<RemoteModule> RemoteModulesFor(const std::vector<runtime::ModuleSpec>& all_modules,
                                           const std::vector<std::string>& started_modules,
                                           const std::map<std::string, std::string>& module_urls) {
  std::vector<RemoteModule> out;
  for (const auto& spec : all_modules) {
    if (spec.path_prefixes.empty()) continue;
    if (std::find(started_modules.begin(), started_modules.end(), spec.name) != started_modules.end()) continue;
    auto url = module_urls.find(spec.name);
    out.push_back({spec.name, spec.path_prefixes, url == module_urls.end() ? std::string() : url->second});
  }
  return out;
}

}  // namespace hotel::api_gateway

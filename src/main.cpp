// `hotel`: one binary, many roles (ClickHouse-style subcommands).
#include "commands/commands.hpp"
#include "commands/wiring.hpp"
#include "modules/api-gateway/api_gateway.hpp"
#include "modules/config/config_module.hpp"
#include "modules/identity/identity.hpp"
#include "modules/inventory-service/inventory.hpp"
#include "modules/matching-service/matching_module.hpp"
#include "modules/order-service/order_module.hpp"
#include "modules/pricing-service/pricing_module.hpp"
#include "modules/query-engine/query_module.hpp"
#include "modules/risk-service/risk_service.hpp"
#include "modules/supplier-adapter/supplier_adapter.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

#ifdef HOTEL_JEMALLOC
// Read by jemalloc at start-up (MALLOC_CONF in the environment is applied after it): two
// arenas (threads keep their own caches), purging by a background thread, and pages freed
// for a second given back to the system, so the resident size follows the load, not its peak.
extern "C" {
const char* malloc_conf = "background_thread:true,narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
#endif

namespace hotel::commands {

std::vector<runtime::ModuleSpec> AllModules(const SharedServices& shared) {
  // The availability sync covers the hotels the catalog has mapped; the catalog ranks a
  // master's suppliers with what the sync and the connectors observed.
  supplier_adapter::HotelCodeSource hotel_codes;
  matching::ModuleOptions matching_options;
  if (shared.database) {
    hotel_codes = matching::MappedHotelCodes(*shared.database);
    matching_options.signals = RankingSignals(*shared.database, shared.suppliers);
  }
  return {
      api_gateway::Spec(),
      identity::Spec(),
      config::Spec(shared.config_client),
      inventory::Spec(),
      supplier_adapter::Spec(shared.suppliers, shared.config_client, std::move(hotel_codes)),
      matching::Spec(shared.config_client, shared.suppliers, std::move(matching_options)),
      pricing::Spec(shared.pricing),
      query::Spec(shared.suppliers, shared.pricing, shared.search_cache, shared.event_writer.get()),
      risk::Spec(),
      orders::Spec(orders::OrderDeps{shared.suppliers, shared.pricing, shared.config_client, shared.relay, ""}),
  };
}

}  // namespace hotel::commands

int main(int argc, char** argv) {
  using namespace hotel::commands;
  CLI::App app{"Hotel Platform: B2B2B hotel distribution. Configuration comes from the environment (see `hotel env`)."};
  app.require_subcommand(1);

  std::string only;
  auto* serve = app.add_subcommand("serve", "Serve the HTTP API with every module (or --only some) in this process");
  serve->add_option("--only", only, "Comma-separated modules to start, e.g. api-gateway,query-engine");

  std::string direction;
  std::optional<int> steps;
  auto* migrate = app.add_subcommand("migrate", "Apply or undo database migrations");
  migrate->add_option("direction", direction, "up | down | status")->required()->check(CLI::IsMember({"up", "down", "status"}));
  migrate->add_option("steps", steps, "How many migrations (up: default all; down: default 1)")->check(CLI::PositiveNumber);

  bool markdown = false;
  auto* env = app.add_subcommand("env", "Check the configuration and print every setting with its value");
  env->add_flag("--markdown", markdown, "Print the reference table (names, defaults, meaning) as Markdown");

  UserArgs user_args;
  auto* users = app.add_subcommand("users", "Manage users without the API");
  users->require_subcommand(1);
  auto* users_create = users->add_subcommand("create", "Create a user (bootstrap the first platform admin)");
  users_create->add_option("--tenant", user_args.tenant, "Tenant id, or `platform`")->required();
  users_create->add_option("--role", user_args.role, "platform_admin | platform_ops | distributor_admin | agent | finance")->required();
  users_create->add_option("--email", user_args.email, "Login email")->required();
  users_create->add_option("--name", user_args.name, "Display name (default: the email)");
  users_create->add_flag("--password-stdin", user_args.password_stdin, "Read the password from standard input");

  KeyArgs key_args;
  auto* keys = app.add_subcommand("keys", "Manage API keys without the API");
  keys->require_subcommand(1);
  auto* keys_create = keys->add_subcommand("create", "Create an API key for a tenant; prints it once");
  keys_create->add_option("--tenant", key_args.tenant, "Tenant id, or `platform`")->required();
  keys_create->add_option("--name", key_args.name, "What the key is for");
  keys_create->add_option("--role", key_args.role, "Role the key acts with (default: agent; platform_ops in the platform tenant)");

  auto* seed_demo = app.add_subcommand("seed-demo", "Create the demo world (idempotent); prints its credentials as KEY=value");

  hotel::sim::SimOptions sim;
  auto* supplier_sim = app.add_subcommand(
      "supplier-sim",
      "Serve one simulated supplier (hbx-json: Hotelbeds-like, ota-xml: OpenTravel, rapid-json: Expedia-Rapid-like), "
      "deterministic from its seeds. Per-request test scenarios: header X-Sim-Scenario (Rapid: Test) = timeout | "
      "server_error | throttled | malformed | price_changed | sold_out | booking_timeout_confirmed | "
      "booking_error_confirmed | on_request | unknown");
  supplier_sim->add_option("--protocol", sim.protocol, "hbx-json | ota-xml | rapid-json")
      ->required()->check(CLI::IsMember({"hbx-json", "ota-xml", "rapid-json"}));
  supplier_sim->add_option("--host", sim.host, "Address to listen on")->capture_default_str();
  supplier_sim->add_option("--port", sim.port, "Port (0: any free port; the URL is printed)")->capture_default_str();
  supplier_sim->add_option("--seed", sim.seed, "This supplier's seed: codes, noise, prices, stock, fault dice")->capture_default_str();
  supplier_sim->add_option("--world-seed", sim.world_seed, "The world all simulators share")->capture_default_str();
  supplier_sim->add_option("--hotels", sim.hotels, "Hotels in the world (the supplier lists --coverage of them)")->capture_default_str();
  supplier_sim->add_option("--coverage", sim.coverage, "Share of the world this supplier lists")->capture_default_str();
  supplier_sim->add_option("--supplier-code", sim.supplier_code, "Hotel code prefix (default HBX / OTA / RPD)");
  supplier_sim->add_option("--slot", sim.slot, "Which exclusive hotels are this supplier's (default 0 / 1 / 2)");
  supplier_sim->add_option("--currency", sim.currency, "Price currency (default EUR / USD / USD)");
  supplier_sim->add_option("--api-key", sim.api_key, "Credential the supplier requires (default: none checked)")
      ->envname("SUPPLIER_SIM_API_KEY");
  supplier_sim->add_option("--secret", sim.secret, "Signature secret (default: signatures not checked)")
      ->envname("SUPPLIER_SIM_SECRET");
  supplier_sim->add_option("--latency-ms", sim.latency_ms, "Added to every answer")->capture_default_str();
  supplier_sim->add_option("--jitter-ms", sim.jitter_ms, "Up to this much more, at random")->capture_default_str();
  supplier_sim->add_option("--error-rate", sim.error_rate, "Share of requests answered 503")->capture_default_str();
  supplier_sim->add_option("--timeout-rate", sim.timeout_rate, "Share of requests never answered")->capture_default_str();
  supplier_sim->add_option("--throttle-rate", sim.throttle_rate, "Share of requests throttled (403 Over QPS / 429)")->capture_default_str();
  supplier_sim->add_option("--malformed-rate", sim.malformed_rate, "Share of answers with a broken body")->capture_default_str();
  supplier_sim->add_option("--price-change-rate", sim.price_change_rate, "Share of re-checks with another price")->capture_default_str();
  supplier_sim->add_option("--sold-out-rate", sim.sold_out_rate, "Share of bookings that find no room")->capture_default_str();
  supplier_sim->add_option("--quota-per-minute", sim.quota_per_minute, "Requests per minute before throttling (0: none)")->capture_default_str();
  supplier_sim->add_option("--hang-ms", sim.hang_ms, "How long a timed-out request is held")->capture_default_str();
  supplier_sim->add_option("--late-confirm-ms", sim.late_confirm_ms, "booking_timeout_confirmed: retrievable after")->capture_default_str();
  supplier_sim->add_option("--on-request-ms", sim.on_request_ms, "on_request/unknown bookings confirm after")->capture_default_str();
  supplier_sim->add_option("--rate-key-ttl-s", sim.rate_token_ttl_s, "Rate tokens expire after")->capture_default_str();
  supplier_sim->add_option("--hold-ttl-s", sim.hold_ttl_s, "Uncommitted holds are released after")->capture_default_str();

  auto* modules = app.add_subcommand("modules", "List the modules `hotel serve` can start");
  auto* version = app.add_subcommand("version", "Print the version");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }

  if (*serve) {
    std::vector<std::string> names;
    std::string item;
    for (char c : only + ",") {
      if (c == ',') {
        if (!item.empty()) names.push_back(item);
        item.clear();
      } else if (c != ' ') {
        item.push_back(c);
      }
    }
    return Serve(names);
  }
  if (*migrate) return Migrate(direction, steps);
  if (*env) return PrintEnv(markdown);
  if (*users_create) {
    if (!user_args.password_stdin) {
      std::cerr << "hotel users create: pass --password-stdin (passwords never go on the command line)\n";
      return kExitUsage;
    }
    return CreateUser(user_args);
  }
  if (*keys_create) return CreateKey(key_args);
  if (*seed_demo) return SeedDemo();
  if (*supplier_sim) return hotel::sim::RunSupplierSim(sim);
  if (*modules) {
    for (const auto& m : AllModules({})) std::cout << m.name << "\t" << m.description << "\n";
    return kExitOk;
  }
  if (*version) {
    std::cout << "hotel " << HOTEL_VERSION << "\n";
    return kExitOk;
  }
  return kExitUsage;
}

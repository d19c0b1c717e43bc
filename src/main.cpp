// `hotel`: one binary, many roles (ClickHouse-style subcommands).
#include "commands/commands.hpp"
#include "modules/api-gateway/api_gateway.hpp"
#include "modules/config/config_module.hpp"
#include "modules/identity/identity.hpp"
#include "modules/inventory-service/inventory.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace hotel::commands {

std::vector<runtime::ModuleSpec> AllModules(std::shared_ptr<config::ConfigClient> config_client) {
  return {
      api_gateway::Spec(),
      identity::Spec(),
      config::Spec(std::move(config_client)),
      inventory::Spec(),
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
  if (*modules) {
    for (const auto& m : AllModules(nullptr)) std::cout << m.name << "\t" << m.description << "\n";
    return kExitOk;
  }
  if (*version) {
    std::cout << "hotel " << HOTEL_VERSION << "\n";
    return kExitOk;
  }
  return kExitUsage;
}

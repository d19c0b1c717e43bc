// `hotel`: one binary, many roles (ClickHouse-style subcommands).
#include "commands/commands.hpp"
#include "modules/api-gateway/api_gateway.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace hotel::commands {

std::vector<runtime::ModuleSpec> AllModules() {
  return {
      api_gateway::Spec(),
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
  if (*modules) {
    for (const auto& m : AllModules()) std::cout << m.name << "\t" << m.description << "\n";
    return kExitOk;
  }
  if (*version) {
    std::cout << "hotel " << HOTEL_VERSION << "\n";
    return kExitOk;
  }
  return kExitUsage;
}

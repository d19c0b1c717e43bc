// The `hotel` subcommands. Each returns the process exit code (2 = bad configuration/usage).
#pragma once

#include "runtime/module.hpp"

namespace hotel::config {
class ConfigClient;
}

#include <optional>
#include <string>
#include <vector>

namespace hotel::commands {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Every module `hotel serve` can start, in start order (listed explicitly in main.cpp).
// Modules that read configuration share `config_client` (null: listing only).
std::vector<runtime::ModuleSpec> AllModules(std::shared_ptr<config::ConfigClient> config_client);

int Serve(const std::vector<std::string>& only);
int Migrate(const std::string& direction, std::optional<int> steps);
int PrintEnv(bool markdown);

struct UserArgs {
  std::string tenant, role, email, name, password;
  bool password_stdin = false;
};
int CreateUser(const UserArgs& args);
struct KeyArgs {
  std::string tenant, name = "cli", role;  // empty role: the tenant's default (agent; platform_ops on the platform)
};
int CreateKey(const KeyArgs& args);
int SeedDemo();

// Shared by the commands: settings or a clear exit-2 message naming the variable.
std::optional<runtime::Settings> LoadSettingsOrReport();

}  // namespace hotel::commands

// The `hotel` subcommands. Each returns the process exit code (2 = bad configuration/usage).
#pragma once

#include "runtime/module.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hotel::commands {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Every module `hotel serve` can start, in start order (listed explicitly in main.cpp).
std::vector<runtime::ModuleSpec> AllModules();

int Serve(const std::vector<std::string>& only);
int Migrate(const std::string& direction, std::optional<int> steps);
int PrintEnv(bool markdown);

// Shared by the commands: settings or a clear exit-2 message naming the variable.
std::optional<runtime::Settings> LoadSettingsOrReport();

}  // namespace hotel::commands

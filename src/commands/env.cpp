// `hotel env`: validates the configuration and prints it (secrets masked), or the
// reference table for the README.
#include "commands/commands.hpp"

#include <iostream>

namespace hotel::commands {

std::optional<runtime::Settings> LoadSettingsOrReport() {
  auto settings = runtime::LoadSettingsFromProcess();
  if (settings) return std::move(*settings);
  std::cerr << "hotel: invalid configuration:\n";
  for (const auto& f : settings.error().fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  if (settings.error().fields.empty()) std::cerr << "  " << settings.error().detail << "\n";
  return std::nullopt;
}

int PrintEnv(bool markdown) {
  if (markdown) {
    std::cout << "| Variable | Default | Meaning |\n|---|---|---|\n";
    for (const auto& s : runtime::SettingSpecs()) {
      std::cout << "| `" << s.name << "` | " << (s.default_value.empty() ? "" : "`" + std::string(s.default_value) + "`")
                << " | " << s.description << " |\n";
    }
    return kExitOk;
  }
  if (!LoadSettingsOrReport()) return kExitUsage;
  const auto env = runtime::LoadMergedEnvironment().value();
  for (const auto& s : runtime::SettingSpecs()) {
    auto it = env.find(s.name);
    std::string value = it != env.end() ? it->second : std::string(s.default_value);
    if (s.secret && !value.empty()) value = "(set, " + std::to_string(value.size()) + " characters)";
    std::cout << s.name << "=" << value << (it == env.end() ? "  # default" : "") << "\n";
  }
  return kExitOk;
}

}  // namespace hotel::commands

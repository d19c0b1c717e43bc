// HOTEL_CRASH_AT, read once.
#include "runtime/crash_point.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <string>

#include <unistd.h>

namespace hotel::runtime {
namespace {

struct Armed {
  std::string name;
  long at = 1;
  std::atomic<long> hits{0};
};

Armed* Load() {
  const char* env = std::getenv("HOTEL_CRASH_AT");
  if (!env || !*env) return nullptr;
  auto* armed = new Armed;  // lives as long as the process
  std::string spec(env);
  if (auto colon = spec.rfind(':'); colon != std::string::npos) {
    armed->at = std::max(1L, std::strtol(spec.c_str() + colon + 1, nullptr, 10));
    spec.resize(colon);
  }
  armed->name = std::move(spec);
  return armed;
}

}  // namespace

void CrashPoint(std::string_view name) {
  static Armed* const armed = Load();
  if (!armed || name != armed->name) return;
  if (armed->hits.fetch_add(1) + 1 != armed->at) return;
  static constexpr char kMessage[] = "HOTEL_CRASH_AT: killing the process at a crash point\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
  ::kill(::getpid(), SIGKILL);
}

}  // namespace hotel::runtime

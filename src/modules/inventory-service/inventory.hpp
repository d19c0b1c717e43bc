// The inventory-service module: direct-contract allotments and holds on them. `main` lists
// Spec(); while running, the module expires overdue holds every few seconds.
#pragma once

#include "runtime/module.hpp"

#include <chrono>

namespace hotel::inventory {

inline constexpr std::chrono::milliseconds kExpirySweepInterval{5000};

runtime::ModuleSpec Spec();

// As Spec(), with another sweep interval (tests).
runtime::ModuleSpec SpecWithSweepInterval(std::chrono::milliseconds interval);

}  // namespace hotel::inventory

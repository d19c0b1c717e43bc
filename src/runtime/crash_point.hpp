// Crash points for the crash tests (issue 13): `HOTEL_CRASH_AT=<name>[:<n>]` in a process's
// environment makes the n-th (default: first) arrival at the point named `name` kill the
// process with SIGKILL, as `kill -9` would at exactly that moment (between a booking's commit
// and its supplier call, between an OTA Initiate and its Commit, ...). Unset: a relaxed atomic
// load per call, nothing else. Never set it in production.
#pragma once

#include <string_view>

namespace hotel::runtime {

void CrashPoint(std::string_view name);

}  // namespace hotel::runtime

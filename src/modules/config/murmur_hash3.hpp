// MurmurHash3 x86_32 (Austin Appleby's public-domain reference), used to bucket tenants for flag rollouts.
#pragma once

#include <cstdint>
#include <string_view>

namespace hotel::config {

// Same result as the reference MurmurHash3_x86_32(data, len, seed, &out) on any platform:
// blocks are read little-endian explicitly, so the rollout bucket of a tenant never depends
// on the machine that evaluates the flag.
std::uint32_t MurmurHash3X86_32(std::string_view data, std::uint32_t seed = 0);

}  // namespace hotel::config

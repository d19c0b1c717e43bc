// The identity module: tenants, users, API keys, login. `main` lists Spec() and hands the
// api-gateway an Authenticator from MakeAuthenticator().
#pragma once

#include "core/clock.hpp"
#include "modules/identity/authenticator.hpp"
#include "modules/identity/service.hpp"
#include "runtime/blocking.hpp"
#include "runtime/module.hpp"
#include "runtime/settings.hpp"

#include <memory>

namespace hotel::identity {

// The module's options from the settings. Throws std::runtime_error naming JWT_SECRET when
// it is shorter than 32 characters (or unset): tokens signed with a weak secret can be forged.
IdentityOptions OptionsFromSettings(const runtime::Settings& settings);

runtime::ModuleSpec Spec();

// The Authenticator port over the database (tokens verified with JWT_SECRET, keys by hash
// lookup; user, key and tenant status re-read on every call, no cache). Throws like
// OptionsFromSettings. `db` and `pool` must outlive it; `clock` too when given (tests).
std::shared_ptr<Authenticator> MakeAuthenticator(ports::Database& db, runtime::BlockingPool& pool,
                                                 const runtime::Settings& settings, const Clock* clock = nullptr);

}  // namespace hotel::identity

// `hotel users create`, `hotel keys create`, `hotel seed-demo`: bootstrap an installation
// without the API (API-CONVENTIONS.md, "Operator bootstrap and demo data").
#include "commands/commands.hpp"

#include "modules/identity/bootstrap.hpp"
#include "ports/database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace hotel::commands {


namespace {
struct Opened {
  std::optional<runtime::Settings> settings;
  std::unique_ptr<runtime::Logger> log;
  std::unique_ptr<ports::Database> db;
};

Opened Open() {
  Opened o;
  o.settings = LoadSettingsOrReport();
  if (!o.settings) return o;
  // Human-facing commands log to stderr, so stdout carries only their answer.
  o.log = std::make_unique<runtime::Logger>(o.settings->service_name, o.settings->log_level,
                                            runtime::MakeFdSink(STDERR_FILENO));
  o.db = OpenConfiguredDatabase(*o.settings, *o.log);
  return o;
}

int Report(const Error& e, std::string_view what) {
  std::cerr << "hotel " << what << ": " << e.detail << "\n";
  for (const auto& f : e.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  return e.code == Errc::validation_failed || e.code == Errc::conflict || e.code == Errc::not_found ? kExitUsage
                                                                                                     : kExitFailure;
}
}  // namespace

int CreateUser(const UserArgs& args) {
  auto o = Open();
  if (!o.db) return kExitUsage;
  std::string password = args.password;
  if (args.password_stdin) {
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
  }
  if (password.empty()) {
    std::cerr << "hotel users create: a password is required (--password-stdin)\n";
    return kExitUsage;
  }
  auto user = identity::CreateUserCli(*o.db, args.tenant, args.role, args.email, args.name.empty() ? args.email : args.name,
                                      password);
  if (!user) return Report(user.error(), "users create");
  std::cout << user->id << "\n";
  return kExitOk;
}

int CreateKey(const KeyArgs& args) {
  auto o = Open();
  if (!o.db) return kExitUsage;
  auto key = identity::CreateKeyCli(*o.db, args.tenant, args.name, args.role);
  if (!key) return Report(key.error(), "keys create");
  std::cerr << "API key " << key->key.id << " for " << key->key.tenant_id << " (shown once; store it now):\n";
  std::cout << key->plaintext << "\n";
  return kExitOk;
}

int SeedDemo() {
  auto o = Open();
  if (!o.db) return kExitUsage;
  const char* password = std::getenv("DEMO_PASSWORD");
  if (!password || std::string_view(password).size() < 8) {
    std::cerr << "hotel seed-demo: set DEMO_PASSWORD (8+ characters) for the demo users\n";
    return kExitUsage;
  }
  identity::DemoSeed seed{password, password, password, o.settings->default_currency};
  auto world = identity::SeedDemo(*o.db, seed);
  if (!world) return Report(world.error(), "seed-demo");
  // Shell-sourceable, so the README's curl walk-through can `source var/demo.env`.
  std::cout << "DEMO_PLATFORM_ADMIN_EMAIL=" << world->platform_admin.email << "\n"
            << "DEMO_DISTRIBUTOR_ID=" << world->distributor_id << "\n"
            << "DEMO_DISTRIBUTOR_ADMIN_EMAIL=" << world->distributor_admin.email << "\n"
            << "DEMO_AGENCY_ID=" << world->agency_id << "\n"
            << "DEMO_AGENT_EMAIL=" << world->agent.email << "\n";
  if (world->platform_admin.created || world->distributor_admin.created || world->agent.created) {
    std::cout << "DEMO_PASSWORD=" << password << "\n";
  }
  if (world->api_key) {
    std::cout << "DEMO_AGENT_API_KEY=" << *world->api_key << "\n";
  } else {
    std::cerr << "hotel seed-demo: the demo API key " << world->api_key_prefix
              << "… exists already and cannot be shown again (create another with `hotel keys create`)\n";
  }
  return kExitOk;
}

}  // namespace hotel::commands

// `hotel migrate up [N] | down [N] | status`: the embedded, versioned migrations.
#include "commands/commands.hpp"

#include "ports/database.hpp"
#include "storage/migrator.hpp"

#include <unistd.h>

#include <iostream>

namespace hotel::commands {


int Migrate(const std::string& direction, std::optional<int> steps) {
  auto settings = LoadSettingsOrReport();
  if (!settings) return kExitUsage;
  runtime::Logger log(settings->service_name, settings->log_level, runtime::MakeFdSink(STDOUT_FILENO));
  auto db = OpenConfiguredDatabase(*settings, log);
  if (!db) return kExitUsage;
  storage::Migrator migrator(*db, storage::EmbeddedMigrations(db->dialect()));

  if (direction == "status") {
    auto status = migrator.Status();
    if (!status) {
      std::cerr << "hotel migrate status: " << status.error().detail << "\n";
      return kExitFailure;
    }
    for (const auto& m : *status) {
      // A version recorded by a newer binary is shown, so a downgrade is noticed.
      std::cout << (m.applied ? "applied  " : "pending  ") << m.version << "  " << m.name
                << (m.applied_at ? "  " + *m.applied_at : "") << (m.known ? "" : "  (not in this binary)") << "\n";
    }
    return kExitOk;
  }
  auto done = direction == "up" ? migrator.Up(steps) : migrator.Down(steps.value_or(1));
  if (!done) {
    log.Error("migration failed; the failed step was rolled back",
              {{"direction", direction}, {"error", done.error().detail}, {"database", db->Describe()}});
    return kExitFailure;
  }
  boost::json::array versions;
  for (int v : *done) versions.push_back(v);
  log.Info(direction == "up" ? "migrations applied" : "migrations reverted",
           {{"versions", versions}, {"database", db->Describe()}});
  return kExitOk;
}

}  // namespace hotel::commands

// Building connectors from supplier rows, and keeping them in step with the table.
#include "modules/supplier-adapter/registry.hpp"

#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/repository.hpp"

#include <boost/asio/system_executor.hpp>

namespace hotel::supplier_adapter {

ConnectorFactory ProtocolConnectors() {
  return [](const std::string& protocol, supplier::ConnectorConfig config,
            std::shared_ptr<runtime::HttpClient> http) -> std::unique_ptr<supplier::SupplierConnector> {
    if (protocol == "hbx-json") return supplier::MakeHbxConnector(std::move(config), std::move(http));
    if (protocol == "ota-xml") return supplier::MakeOtaConnector(std::move(config), std::move(http));
    if (protocol == "rapid-json") return supplier::MakeRapidConnector(std::move(config), std::move(http));
    return nullptr;
  };
}

SupplierRegistry::SupplierRegistry(ports::Database& db, std::shared_ptr<const CredentialsCipher> cipher,
                                   ConnectorFactory factory, RegistryOptions options, ConfigSource config,
                                   const Clock& clock, runtime::MetricsRegistry& metrics, runtime::Logger& log)
    : db_(db),
      cipher_(std::move(cipher)),
      factory_(std::move(factory)),
      options_(std::move(options)),
      config_(config ? std::move(config) : SourceOf(nullptr)),
      clock_(clock),
      metrics_(metrics),
      log_(log) {}

SupplierRegistry::~SupplierRegistry() { Stop(); }

std::vector<supplier::SupplierSummary> SupplierRegistry::List() const {
  std::shared_lock lock(mutex_);
  std::vector<supplier::SupplierSummary> out;
  out.reserve(entries_.size());
  for (const auto& [code, e] : entries_) out.push_back({code, e.protocol, e.enabled});
  return out;
}

std::shared_ptr<supplier::SupplierConnector> SupplierRegistry::Connector(std::string_view code) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(code);
  if (it == entries_.end() || !it->second.enabled) return nullptr;
  return it->second.connector;
}

std::optional<SupplierStatus> SupplierRegistry::Status(std::string_view code) const {
  std::shared_lock lock(mutex_);
  auto it = entries_.find(code);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

SupplierStatus SupplierRegistry::Build(const Supplier& row) const {
  SupplierStatus s{row.code, row.protocol, row.currency, row.enabled, row.version, {}, nullptr};
  if (!row.enabled) return s;
  supplier::ConnectorConfig config;
  config.supplier_code = row.code;
  config.endpoint = row.endpoint;
  while (!config.endpoint.empty() && config.endpoint.back() == '/') config.endpoint.pop_back();
  config.currency = row.currency;
  for (auto [sealed, out] : {std::pair{&row.api_key_sealed, &config.api_key}, std::pair{&row.secret_sealed, &config.secret}}) {
    if (!*sealed) continue;
    auto opened = cipher_->Open(**sealed);
    if (!opened) {
      s.problem = opened.error().detail;
      return s;
    }
    *out = std::move(*opened);
  }
  runtime::HttpClientOptions http_options;
  http_options.pool_size_per_host = options_.pool_size;
  http_options.pool_sizes = {{std::string(kBookingPool), options_.booking_pool_size}};
  // Bigger answers are refused by every connector's parser anyway (supplier::kMaxResponseBytes):
  // the client stops reading them instead of buffering them whole.
  http_options.max_response_bytes = supplier::kMaxResponseBytes;
  auto http = std::make_shared<runtime::HttpClient>(boost::asio::system_executor(), http_options);
  std::vector<std::string> redact{config.api_key, config.secret};
  auto inner = factory_(row.protocol, std::move(config), std::move(http));
  if (!inner) {
    s.problem = "no connector for protocol " + row.protocol + " in this build";
    return s;
  }
  ResilientConnector::Options o;
  o.supplier_code = row.code;
  o.timeouts = row.timeouts;
  o.retry = options_.retry;
  o.jitter = options_.jitter;
  o.breaker = [config = config_] { return ReadBreakerOptions(*config()); };
  o.redact = std::move(redact);
  o.grace = options_.grace;
  s.connector = std::make_shared<ResilientConnector>(std::move(inner), std::move(o), clock_, metrics_, log_);
  return s;
}

void SupplierRegistry::Apply(const Supplier& row) {
  std::lock_guard reload(reload_mutex_);
  {
    std::shared_lock lock(mutex_);
    auto it = entries_.find(row.code);
    if (it != entries_.end() && it->second.version >= row.version) return;
  }
  SupplierStatus built = Build(row);
  if (!built.problem.empty()) {
    log_.Log(runtime::LogLevel::error, "supplier has no connector",
             {{"supplier", row.code}, {"protocol", row.protocol}, {"problem", built.problem}}, nullptr,
             "supplier-adapter");
  } else {
    log_.Log(runtime::LogLevel::info, "supplier connector built",
             {{"supplier", row.code}, {"protocol", row.protocol}, {"enabled", row.enabled}, {"version", row.version}},
             nullptr, "supplier-adapter");
  }
  std::unique_lock lock(mutex_);
  entries_[row.code] = std::move(built);
}

Result<void> SupplierRegistry::Reload() {
  SupplierRepository repo(db_);
  auto rows = repo.ListAll();
  {
    std::lock_guard reload(reload_mutex_);
    if (!rows) {
      if (!failing_) {
        log_.Log(runtime::LogLevel::warn, "supplier registry reload failed",
                 {{"code", CodeName(rows.error().code)}, {"detail", supplier::Excerpt(rows.error().detail)}}, nullptr,
                 "supplier-adapter");
      }
      failing_ = true;
      return rows.error();
    }
    failing_ = false;
  }
  for (const auto& row : *rows) Apply(row);
  std::lock_guard reload(reload_mutex_);
  std::unique_lock lock(mutex_);
  std::erase_if(entries_, [&](const auto& kv) {
    return std::none_of(rows->begin(), rows->end(), [&](const Supplier& s) { return s.code == kv.first; });
  });
  return Ok();
}

void SupplierRegistry::Start() {
  std::lock_guard lock(poll_mutex_);
  if (poller_.joinable()) return;
  stopping_ = false;
  poller_ = std::thread([this] { PollLoop(); });
}

void SupplierRegistry::Stop() {
  {
    std::lock_guard lock(poll_mutex_);
    if (!poller_.joinable()) return;
    stopping_ = true;
  }
  poll_cv_.notify_all();
  poller_.join();
}

void SupplierRegistry::PollLoop() {
  (void)Reload();
  std::unique_lock lock(poll_mutex_);
  while (!stopping_) {
    poll_cv_.wait_for(lock, options_.reload_interval, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    (void)Reload();
    lock.lock();
  }
}

}  // namespace hotel::supplier_adapter

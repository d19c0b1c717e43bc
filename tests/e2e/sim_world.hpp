// Three `hotel supplier-sim` processes (one per protocol) for end-to-end tests, and the steps
// every such test starts with: register them as suppliers, import their content.
#pragma once

#include "platform_fixture.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace hotel::testing {

struct Sim {
  std::string protocol;
  std::string code;
  std::string api_key;
  std::unique_ptr<ChildProcess> process;
  std::string url;
  std::string currency;
};

// Starts HBX (hbx-json), OTA (ota-xml) and RPD (rapid-json) on port 0 with `extra` arguments
// (latency, fault rates, …), each with its own credentials. ASSERTs inside: call through
// ASSERT_NO_FATAL_FAILURE.
inline void StartSims(std::vector<Sim>& sims, int hotels = 400, const std::vector<std::string>& extra = {}) {
  const std::vector<std::pair<std::string, std::string>> protocols{
      {"hbx-json", "HBX"}, {"ota-xml", "OTA"}, {"rapid-json", "RPD"}};
  int seed = 11;
  for (const auto& [protocol, code] : protocols) {
    Sim sim{protocol, code, "key-" + code, nullptr, {}, {}};
    std::vector<std::string> args{HotelBinary(), "supplier-sim", "--protocol", protocol, "--port", "0", "--hotels",
                                  std::to_string(hotels), "--seed", std::to_string(seed++), "--api-key", sim.api_key,
                                  "--secret", "secret-" + code};
    args.insert(args.end(), extra.begin(), extra.end());
    sim.process = std::make_unique<ChildProcess>(args);
    auto line = sim.process->WaitForLine([](const std::string& l) { return l.find("\"supplier_sim\"") != std::string::npos; });
    ASSERT_TRUE(line) << protocol << " simulator did not start: " << sim.process->Stderr();
    const auto ready = boost::json::parse(*line).as_object();
    sim.url = std::string(ready.at("url").as_string());
    sim.currency = std::string(ready.at("currency").as_string());
    EXPECT_EQ(ready.at("supplier_code").as_string(), code);
    sims.push_back(std::move(sim));
  }
}

// Waits for a content import to finish; returns the job.
inline boost::json::object AwaitImport(std::uint16_t port, const Caller& who, const std::string& id) {
  for (int i = 0; i < 600; ++i) {
    auto r = Api(port, "GET", "/api/v1/content-imports/" + id, who);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    if (r.status != 200) return {};
    const auto status = r.obj().at("status").as_string();
    if (status == "succeeded" || status == "failed") return r.obj();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "import " << id << " did not finish in 60 s";
  return {};
}

// Registers every simulator as a supplier (`extra` fields merged into each body) and imports
// their content one after the other. ASSERTs inside.
inline void RegisterAndImport(std::uint16_t port, const Caller& root, const std::vector<Sim>& sims,
                              const boost::json::object& extra = {}) {
  for (const auto& sim : sims) {
    boost::json::object body{{"code", sim.code},
                             {"name", "Simulated " + sim.protocol},
                             {"protocol", sim.protocol},
                             {"endpoint", sim.url},
                             {"currency", sim.currency},
                             {"credentials", boost::json::object{{"apiKey", sim.api_key}, {"secret", "secret-" + sim.code}}}};
    for (const auto& [k, v] : extra) body[k] = v;
    auto r = Api(port, "POST", "/api/v1/suppliers", root, body);
    ASSERT_EQ(r.status, 201) << r.raw.body;
  }
  for (const auto& sim : sims) {
    auto start = Api(port, "POST", "/api/v1/suppliers/" + sim.code + "/content-imports", root);
    ASSERT_EQ(start.status, 202) << start.raw.body;
    auto job = AwaitImport(port, root, std::string(start.obj().at("id").as_string()));
    ASSERT_EQ(job.at("status").as_string(), "succeeded") << boost::json::serialize(job);
  }
}

}  // namespace hotel::testing

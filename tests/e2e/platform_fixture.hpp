// A migrated platform database with a bootstrapped platform admin, and a small API client
// for end-to-end tests of identity, config and the gateway.
#pragma once

#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>

namespace hotel::testing {

struct Caller {
  std::string token;    // Bearer JWT
  std::string api_key;  // X-Api-Key
};

struct ApiResult {
  int status = 0;
  boost::json::value json;  // null when the body is not JSON
  HttpResult raw;
  const boost::json::object& obj() const { return json.as_object(); }
  std::string Str(std::string_view field) const {
    return std::string(json.as_object().at(field).as_string());
  }
};

inline ApiResult Api(std::uint16_t port, const std::string& method, const std::string& path, const Caller& who = {},
                     const std::optional<boost::json::value>& body = std::nullopt,
                     std::vector<std::pair<std::string, std::string>> headers = {}) {
  if (!who.token.empty()) headers.emplace_back("Authorization", "Bearer " + who.token);
  if (!who.api_key.empty()) headers.emplace_back("X-Api-Key", who.api_key);
  if (body) headers.emplace_back("Content-Type", "application/json");
  ApiResult r;
  r.raw = HttpCall(port, method, path, body ? boost::json::serialize(*body) : std::string(), headers);
  r.status = r.raw.status;
  boost::system::error_code ec;
  r.json = boost::json::parse(r.raw.body, ec);
  if (ec) r.json = nullptr;
  return r;
}

// Environment every process of a test shares: one database, the same secrets.
class PlatformFixture : public ::testing::Test {
 protected:
  static constexpr const char* kAdminEmail = "root@platform.test";
  static constexpr const char* kAdminPassword = "correct horse battery staple";

  void SetUp() override {
    env_ = {{"DATABASE_URL", database_url_.empty() ? "sqlite://" + dir_.path() + "/hotel.db" : database_url_},
            {"JWT_SECRET", "e2e-jwt-secret-0123456789abcdef0123456789"},
            {"ENCRYPTION_SECRET", "e2e-encryption-secret-0123456789abcdef"},
            {"LOG_LEVEL", "info"}};
    auto up = RunCommand({HotelBinary(), "migrate", "up"}, env_);
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto admin = RunCommand({HotelBinary(), "users", "create", "--tenant", "platform", "--role", "platform_admin",
                             "--email", kAdminEmail, "--name", "Root", "--password-stdin"},
                            env_, std::string(kAdminPassword) + "\n");
    ASSERT_EQ(admin.exit_code, 0) << admin.err << admin.out;
  }

  std::map<std::string, std::string> Env(std::map<std::string, std::string> extra = {}) const {
    auto e = env_;
    for (auto& [k, v] : extra) e[k] = v;
    return e;
  }

  static Caller Login(std::uint16_t port, const std::string& email, const std::string& password) {
    auto r = Api(port, "POST", "/api/v1/auth/login", {}, boost::json::object{{"email", email}, {"password", password}});
    EXPECT_EQ(r.status, 200) << r.raw.body;
    if (r.status != 200) return {};
    return {r.Str("accessToken"), {}};
  }

  TempDir dir_;
  std::string database_url_;  // set before SetUp for another database (PostgreSQL); default SQLite in dir_
  std::map<std::string, std::string> env_;
};

}  // namespace hotel::testing

// Every endpoint of identity, config and the gateway, called by every role and by a foreign
// tenant: anonymous → 401, outside your subtree → 404 (existence is not revealed), a role
// without the right → 403, allowed → 2xx.
#include "platform_fixture.hpp"

#include <functional>

namespace hotel::testing {
namespace {

using boost::json::object;

enum Who { kAnonymous, kPlatformAdmin, kPlatformOps, kDistAdmin, kForeignAdmin, kAgent, kFinance, kAgentKey, kWhoCount };
constexpr const char* kWhoNames[] = {"anonymous", "platform_admin", "platform_ops", "distributor_admin",
                                     "foreign distributor_admin", "agent", "finance", "agent API key"};

// Expected status per caller; 0 means "2xx".
using Expect = std::array<int, kWhoCount>;

class AuthzMatrixTest : public PlatformFixture {
 protected:
  void SetUp() override {
    PlatformFixture::SetUp();
    server_ = std::make_unique<HotelServer>(Env({{"RATE_LIMIT_MAX", "100000"}}));
    port_ = server_->port();
    callers_[kPlatformAdmin] = Login(port_, kAdminEmail, kAdminPassword);
    const Caller& root = callers_[kPlatformAdmin];
    MakeUser(root, "tnt_platform", "ops@platform.test", "platform_ops");
    callers_[kPlatformOps] = Login(port_, "ops@platform.test", kPassword);
    dist_ = MakeTenant(root, "tnt_platform", "Dist A");
    foreign_ = MakeTenant(root, "tnt_platform", "Dist B");
    MakeUser(root, dist_, "admin@a.test", "distributor_admin");
    MakeUser(root, foreign_, "admin@b.test", "distributor_admin");
    MakeUser(root, dist_, "finance@a.test", "finance");
    callers_[kDistAdmin] = Login(port_, "admin@a.test", kPassword);
    callers_[kForeignAdmin] = Login(port_, "admin@b.test", kPassword);
    callers_[kFinance] = Login(port_, "finance@a.test", kPassword);
    sub_ = MakeTenant(callers_[kDistAdmin], dist_, "Agency A1");
    agent_user_ = MakeUser(callers_[kDistAdmin], sub_, "agent@a1.test", "agent");
    callers_[kAgent] = Login(port_, "agent@a1.test", kPassword);
    auto key = Api(port_, "POST", "/api/v1/tenants/" + sub_ + "/api-keys", callers_[kDistAdmin], object{{"name", "k"}});
    ASSERT_EQ(key.status, 201) << key.raw.body;
    callers_[kAgentKey] = {{}, key.Str("key")};
  }

  std::string MakeTenant(const Caller& who, const std::string& parent, const std::string& name) {
    auto r = Api(port_, "POST", "/api/v1/tenants", who, object{{"parentId", parent}, {"name", name}});
    EXPECT_EQ(r.status, 201) << r.raw.body;
    return r.status == 201 ? r.Str("id") : "";
  }
  std::string MakeUser(const Caller& who, const std::string& tenant, const std::string& email, const std::string& role) {
    auto r = Api(port_, "POST", "/api/v1/tenants/" + tenant + "/users", who,
                 object{{"email", email}, {"name", email}, {"role", role}, {"password", kPassword}});
    EXPECT_EQ(r.status, 201) << r.raw.body;
    return r.status == 201 ? r.Str("id") : "";
  }

  // Runs one request per caller. `make` builds (path, body) per caller, so mutations can use
  // fresh objects and never depend on another caller's row.
  void Check(const std::string& name, const std::string& method,
             const std::function<std::pair<std::string, std::optional<boost::json::value>>(Who)>& make,
             const Expect& expect) {
    for (int w = 0; w < kWhoCount; ++w) {
      auto [path, body] = make(static_cast<Who>(w));
      auto r = Api(port_, method, path, callers_[w], body);
      const int want = expect[static_cast<std::size_t>(w)];
      if (want == 0) {
        EXPECT_TRUE(r.status >= 200 && r.status < 300) << name << " as " << kWhoNames[w] << ": " << r.status << " " << r.raw.body;
      } else {
        EXPECT_EQ(r.status, want) << name << " as " << kWhoNames[w] << ": " << r.raw.body;
        if (r.status >= 400) EXPECT_EQ(r.raw.Header("content-type"), "application/problem+json") << name;
      }
    }
  }

  static constexpr const char* kPassword = "matrix-password-123";
  std::unique_ptr<HotelServer> server_;
  std::uint16_t port_ = 0;
  std::array<Caller, kWhoCount> callers_;
  std::string dist_, foreign_, sub_, agent_user_;
  int seq_ = 0;
  std::string Unique(const std::string& base) { return base + std::to_string(++seq_); }
};

using P = std::pair<std::string, std::optional<boost::json::value>>;
//                                 anon  padmin pops  dadmin foreign agent finance key
constexpr Expect kEveryone{        401,  0,     0,    0,     0,      0,    0,      0};
constexpr Expect kStaffOnly{       401,  0,     0,    403,   403,    403,  403,    403};
constexpr Expect kSubtreeRead{     401,  0,     0,    0,     404,    0,    0,      0};
constexpr Expect kSubtreeAdmin{    401,  0,     0,    0,     404,    403,  403,    403};

TEST_F(AuthzMatrixTest, Identity) {
  Check("GET /api/v1/me", "GET", [](Who) { return P{"/api/v1/me", {}}; }, kEveryone);
  Check("GET /api/v1/tenants", "GET", [](Who) { return P{"/api/v1/tenants", {}}; }, kEveryone);
  // Finance reads its subtree's money, not the tenant tree: its own tenant only.
  Check("GET /api/v1/tenants/{sub}", "GET", [&](Who) { return P{"/api/v1/tenants/" + sub_, {}}; },
        {401, 0, 0, 0, 404, 0, 403, 0});
  Check("PATCH /api/v1/tenants/{sub}", "PATCH",
        [&](Who) { return P{"/api/v1/tenants/" + sub_, object{{"name", Unique("Agency A1 ")}}}; }, kSubtreeAdmin);
  Check("POST /api/v1/tenants (under dist A)", "POST",
        [&](Who) { return P{"/api/v1/tenants", object{{"parentId", dist_}, {"name", Unique("New ")}}}; },
        {401, 0, 0, 0, 404, 403, 403, 403});
  Check("POST /api/v1/tenants/{sub}/suspend", "POST", [&](Who) {
    // Each caller suspends a fresh sub-agent, so one success does not change the next call.
    const std::string t = MakeTenant(callers_[kPlatformAdmin], dist_, Unique("Victim "));
    return P{"/api/v1/tenants/" + t + "/suspend", {}};
  }, kSubtreeAdmin);
  Check("POST /api/v1/tenants/{sub}/activate", "POST", [&](Who) { return P{"/api/v1/tenants/" + sub_ + "/activate", {}}; },
        kSubtreeAdmin);
  Check("GET /api/v1/tenants/{sub}/users", "GET", [&](Who) { return P{"/api/v1/tenants/" + sub_ + "/users", {}}; },
        {401, 0, 0, 0, 404, 403, 403, 403});  // finance reads money, not people
  Check("POST /api/v1/tenants/{sub}/users", "POST", [&](Who) {
    return P{"/api/v1/tenants/" + sub_ + "/users",
             object{{"email", Unique("u") + "@a1.test"}, {"name", "U"}, {"role", "agent"}, {"password", kPassword}}};
  }, kSubtreeAdmin);
  Check("GET /api/v1/users/{agent}", "GET", [&](Who) { return P{"/api/v1/users/" + agent_user_, {}}; },
        {401, 0, 0, 0, 404, 0, 403, 403});
  Check("PATCH /api/v1/users/{agent}", "PATCH",
        [&](Who) { return P{"/api/v1/users/" + agent_user_, object{{"name", Unique("Agent ")}}}; }, kSubtreeAdmin);
  Check("GET /api/v1/tenants/{sub}/api-keys", "GET", [&](Who) { return P{"/api/v1/tenants/" + sub_ + "/api-keys", {}}; },
        kSubtreeAdmin);
  Check("POST /api/v1/tenants/{sub}/api-keys", "POST",
        [&](Who) { return P{"/api/v1/tenants/" + sub_ + "/api-keys", object{{"name", Unique("key ")}}}; }, kSubtreeAdmin);
  Check("DELETE /api/v1/api-keys/{id}", "DELETE", [&](Who) {
    auto k = Api(port_, "POST", "/api/v1/tenants/" + sub_ + "/api-keys", callers_[kPlatformAdmin], object{{"name", Unique("doomed ")}});
    return P{"/api/v1/api-keys/" + k.Str("id"), {}};
  }, kSubtreeAdmin);
}

TEST_F(AuthzMatrixTest, ConfigCenter) {
  Check("GET /api/v1/config", "GET", [](Who) { return P{"/api/v1/config", {}}; }, kStaffOnly);
  Check("GET /api/v1/config/{key}", "GET", [](Who) { return P{"/api/v1/config/matching.algorithm.weights", {}}; }, kStaffOnly);
  Check("PUT /api/v1/config/{key}", "PUT", [&](Who) { return P{"/api/v1/config/matrix.test", object{{"value", Unique("v")}}}; },
        kStaffOnly);
  Check("DELETE /api/v1/config/{key}", "DELETE", [&](Who w) {
    const std::string key = "matrix.delete." + std::to_string(w);
    Api(port_, "PUT", "/api/v1/config/" + key, callers_[kPlatformAdmin], object{{"value", 1}});
    return P{"/api/v1/config/" + key, {}};
  }, kStaffOnly);
  Check("GET /api/v1/config/audit", "GET", [](Who) { return P{"/api/v1/config/audit", {}}; }, kStaffOnly);
  Check("GET /api/v1/feature-flags", "GET", [](Who) { return P{"/api/v1/feature-flags", {}}; }, kStaffOnly);
  Check("GET /api/v1/feature-flags/{name}", "GET", [](Who) { return P{"/api/v1/feature-flags/admin.v2", {}}; }, kStaffOnly);
  Check("PUT /api/v1/feature-flags/{name}", "PUT", [](Who) {
    return P{"/api/v1/feature-flags/matching.ai.boost",
             object{{"enabled", false}, {"rolloutPct", 100}, {"whitelist", boost::json::array{}}}};
  }, kStaffOnly);
  Check("GET /api/v1/feature-flags/{name}/evaluate", "GET",
        [](Who) { return P{"/api/v1/feature-flags/admin.v2/evaluate?tenantId=tnt_platform", {}}; }, kStaffOnly);
}

TEST_F(AuthzMatrixTest, SuppliersAndCatalog) {
  // One supplier per caller for the mutations (nothing listens at its endpoint: imports and
  // syncs are accepted and then fail in the background, which is not what is checked here).
  auto supplier_body = [](Who w) {
    return object{{"code", "AZ" + std::to_string(static_cast<int>(w))},
                  {"name", "matrix"},
                  {"protocol", "hbx-json"},
                  {"endpoint", "http://127.0.0.1:9"},
                  {"currency", "EUR"}};
  };
  const Caller& root = callers_[kPlatformAdmin];
  for (int w = 0; w < kWhoCount; ++w) {
    auto r = Api(port_, "POST", "/api/v1/suppliers", root, supplier_body(static_cast<Who>(w)));
    ASSERT_EQ(r.status, 201) << r.raw.body;
  }
  auto code = [](Who w) { return "AZ" + std::to_string(static_cast<int>(w)); };
  Check("GET /api/v1/suppliers", "GET", [](Who) { return P{"/api/v1/suppliers", {}}; }, kStaffOnly);
  Check("POST /api/v1/suppliers", "POST", [](Who w) {
    return P{"/api/v1/suppliers", object{{"code", "NEW" + std::to_string(static_cast<int>(w))}, {"name", "n"},
                                         {"protocol", "ota-xml"}, {"endpoint", "http://127.0.0.1:9"}, {"currency", "USD"}}};
  }, kStaffOnly);
  Check("GET /api/v1/suppliers/{code}", "GET", [&](Who w) { return P{"/api/v1/suppliers/" + code(w), {}}; }, kStaffOnly);
  Check("PATCH /api/v1/suppliers/{code}", "PATCH", [&](Who w) {
    return P{"/api/v1/suppliers/" + code(w), object{{"name", "renamed"}}};
  }, kStaffOnly);
  Check("POST /api/v1/suppliers/{code}/disable", "POST", [&](Who w) { return P{"/api/v1/suppliers/" + code(w) + "/disable", {}}; }, kStaffOnly);
  Check("POST /api/v1/suppliers/{code}/enable", "POST", [&](Who w) { return P{"/api/v1/suppliers/" + code(w) + "/enable", {}}; }, kStaffOnly);
  Check("GET /api/v1/suppliers/{code}/health", "GET", [&](Who w) { return P{"/api/v1/suppliers/" + code(w) + "/health", {}}; }, kStaffOnly);
  // The sync flag is off: staff get the 409 that says so, everyone else never gets that far.
  constexpr Expect kStaffConflict{401, 409, 409, 403, 403, 403, 403, 403};
  Check("POST /api/v1/suppliers/{code}/sync", "POST", [&](Who w) { return P{"/api/v1/suppliers/" + code(w) + "/sync", {}}; }, kStaffConflict);
  Check("POST /api/v1/suppliers/{code}/content-imports", "POST", [&](Who w) {
    return P{"/api/v1/suppliers/" + code(w) + "/content-imports", {}};
  }, kStaffOnly);
  Check("GET /api/v1/suppliers/{code}/content-imports", "GET", [&](Who w) {
    return P{"/api/v1/suppliers/" + code(w) + "/content-imports", {}};
  }, kStaffOnly);
  auto imports = Api(port_, "GET", "/api/v1/suppliers/" + code(kPlatformAdmin) + "/content-imports", root);
  ASSERT_EQ(imports.status, 200) << imports.raw.body;
  ASSERT_FALSE(imports.obj().at("items").as_array().empty());
  const std::string import_id(imports.obj().at("items").as_array()[0].as_object().at("id").as_string());
  Check("GET /api/v1/content-imports/{id}", "GET", [&](Who) { return P{"/api/v1/content-imports/" + import_id, {}}; }, kStaffOnly);
  Check("GET /api/v1/hotels", "GET", [](Who) { return P{"/api/v1/hotels?q=grand", {}}; }, kStaffOnly);
  Check("GET /api/v1/mapping-reviews", "GET", [](Who) { return P{"/api/v1/mapping-reviews", {}}; }, kStaffOnly);
  constexpr Expect kStaffNotFound{401, 404, 404, 403, 403, 403, 403, 403};
  Check("GET /api/v1/hotels/{id}", "GET", [](Who) { return P{"/api/v1/hotels/htl_00000000000000000000000000", {}}; }, kStaffNotFound);
  Check("GET /api/v1/mapping-reviews/{id}", "GET", [](Who) { return P{"/api/v1/mapping-reviews/mrv_00000000000000000000000000", {}}; },
        kStaffNotFound);
  for (const char* action : {"approve", "reject"}) {
    Check(std::string("POST /api/v1/mapping-reviews/{id}/") + action, "POST", [&](Who) {
      return P{std::string("/api/v1/mapping-reviews/mrv_00000000000000000000000000/") + action, {}};
    }, kStaffNotFound);
  }
  Check("POST /api/v1/mapping-reviews/{id}/remap", "POST", [](Who) {
    return P{"/api/v1/mapping-reviews/mrv_00000000000000000000000000/remap",
             object{{"masterId", "htl_00000000000000000000000000"}}};
  }, kStaffNotFound);
}

// The transaction core: who may price, grant credit, search, quote, book and review.
TEST_F(AuthzMatrixTest, TransactionCore) {
  const Caller& root = callers_[kPlatformAdmin];
  constexpr Expect kBookersBad{401, 403, 403, 400, 400, 400, 403, 400};
  constexpr Expect kAllNotFound{401, 404, 404, 404, 404, 404, 404, 404};
  constexpr Expect kStaffNotFound{401, 404, 404, 403, 403, 403, 403, 403};
  constexpr Expect kGrantors{401, 0, 0, 0, 400, 403, 403, 403};      // the tier above the tenant

  Check("GET /api/v1/fx-rates", "GET", [](Who) { return P{"/api/v1/fx-rates", {}}; }, kEveryone);
  Check("PUT /api/v1/fx-rates/{from}/{to}", "PUT", [](Who) { return P{"/api/v1/fx-rates/USD/CNY", object{{"rate", "7.2"}}}; },
        kStaffOnly);
  Check("DELETE /api/v1/fx-rates/{from}/{to}", "DELETE", [&](Who) {
    EXPECT_EQ(Api(port_, "PUT", "/api/v1/fx-rates/CHF/GBP", root, object{{"rate", "0.89"}}).status / 100, 2);
    return P{"/api/v1/fx-rates/CHF/GBP", {}};
  }, kStaffOnly);

  Check("GET /api/v1/markup-rules", "GET", [](Who) { return P{"/api/v1/markup-rules", {}}; }, kEveryone);
  Check("POST /api/v1/markup-rules (for the sub-agent)", "POST", [&](Who) {
    return P{"/api/v1/markup-rules", object{{"ownerTenantId", sub_}, {"kind", "percent"}, {"percentBp", 100}}};
  }, kGrantors);
  auto rule = Api(port_, "POST", "/api/v1/markup-rules", root, object{{"ownerTenantId", sub_}, {"kind", "percent"}, {"percentBp", 150}});
  ASSERT_EQ(rule.status, 201) << rule.raw.body;
  const std::string rule_id = rule.Str("id");
  Check("GET /api/v1/markup-rules/{id}", "GET", [&](Who) { return P{"/api/v1/markup-rules/" + rule_id, {}}; }, kSubtreeRead);
  Check("PATCH /api/v1/markup-rules/{id}", "PATCH", [&](Who) {
    return P{"/api/v1/markup-rules/" + rule_id, object{{"percentBp", 200}}};
  }, kSubtreeAdmin);
  Check("DELETE /api/v1/markup-rules/{id}", "DELETE", [&](Who) { return P{"/api/v1/markup-rules/" + rule_id, {}}; },
        kSubtreeAdmin);
  Check("POST /api/v1/price-previews", "POST", [&](Who) {
    return P{"/api/v1/price-previews", object{{"tenantId", sub_}, {"net", object{{"amount", 10000}, {"currency", "EUR"}}},
                                              {"currency", "CNY"}, {"checkIn", "2027-06-01"}}};
  }, kGrantors);

  Check("GET /api/v1/credit-accounts", "GET", [](Who) { return P{"/api/v1/credit-accounts", {}}; }, kEveryone);
  Check("POST /api/v1/credit-accounts", "POST", [&](Who) {
    const std::string tenant = MakeTenant(root, dist_, Unique("Credit "));
    return P{"/api/v1/credit-accounts",
             object{{"tenantId", tenant}, {"currency", "CNY"}, {"limit", object{{"amount", 1000}, {"currency", "CNY"}}}}};
  }, kGrantors);
  auto account = Api(port_, "POST", "/api/v1/credit-accounts", root,
                     object{{"tenantId", sub_}, {"currency", "CNY"}, {"limit", object{{"amount", 1000}, {"currency", "CNY"}}}});
  ASSERT_EQ(account.status, 201) << account.raw.body;
  const std::string account_id = account.Str("id");
  Check("GET /api/v1/credit-accounts/{id}", "GET", [&](Who) { return P{"/api/v1/credit-accounts/" + account_id, {}}; },
        kSubtreeRead);
  Check("PATCH /api/v1/credit-accounts/{id}", "PATCH", [&](Who) {
    return P{"/api/v1/credit-accounts/" + account_id, object{{"limit", object{{"amount", 2000}, {"currency", "CNY"}}}}};
  }, kSubtreeAdmin);
  Check("POST /api/v1/credit-accounts/{id}/deposits", "POST", [&](Who) {
    return P{"/api/v1/credit-accounts/" + account_id + "/deposits",
             object{{"amount", object{{"amount", 100}, {"currency", "CNY"}}}, {"reference", Unique("DEP-")}}};
  }, kSubtreeAdmin);
  Check("POST /api/v1/credit-accounts/{id}/adjustments", "POST", [&](Who) {
    return P{"/api/v1/credit-accounts/" + account_id + "/adjustments",
             object{{"amount", object{{"amount", -1}, {"currency", "CNY"}}}, {"reference", Unique("ADJ-")}, {"note", "fix"}}};
  }, kSubtreeAdmin);
  Check("GET /api/v1/credit-accounts/{id}/entries", "GET", [&](Who) {
    return P{"/api/v1/credit-accounts/" + account_id + "/entries", {}};
  }, kSubtreeRead);

  Check("POST /api/v1/search", "POST", [](Who) {
    return P{"/api/v1/search", object{{"destination", object{{"city", "Paris"}}}, {"checkIn", "2028-01-10"},
                                      {"checkOut", "2028-01-12"}, {"rooms", boost::json::array{object{{"adults", 2}}}}}};
  }, kEveryone);
  Check("POST /api/v1/quotes", "POST", [](Who) { return P{"/api/v1/quotes", object{{"offerId", "ofr_nonsense"}}}; }, kBookersBad);
  Check("GET /api/v1/quotes/{id}", "GET", [](Who) { return P{"/api/v1/quotes/qte_00000000000000000000000000", {}}; },
        kAllNotFound);
  Check("POST /api/v1/orders", "POST", [](Who) { return P{"/api/v1/orders", object{}}; }, kBookersBad);
  Check("GET /api/v1/orders", "GET", [](Who) { return P{"/api/v1/orders", {}}; }, kEveryone);
  Check("GET /api/v1/orders/{id}", "GET", [](Who) { return P{"/api/v1/orders/ord_00000000000000000000000000", {}}; },
        kAllNotFound);
  constexpr Expect kCancellers{401, 404, 404, 404, 404, 404, 403, 404};  // finance only reads
  for (const char* action : {"cancel-quote", "cancel"}) {
    Check(std::string("POST /api/v1/orders/{id}/") + action, "POST", [&](Who) {
      return P{std::string("/api/v1/orders/ord_00000000000000000000000000/") + action, {}};
    }, kCancellers);
  }
  Check("GET /api/v1/risk-reviews", "GET", [](Who) { return P{"/api/v1/risk-reviews", {}}; }, kStaffOnly);
  for (const char* action : {"approve", "reject"}) {
    Check(std::string("POST /api/v1/risk-reviews/{id}/") + action, "POST", [&](Who) {
      return P{std::string("/api/v1/risk-reviews/ord_00000000000000000000000000/") + action, {}};
    }, kStaffNotFound);
  }
}

TEST_F(AuthzMatrixTest, GatewayIndexAndLoginArePublic) {
  constexpr Expect kPublic{0, 0, 0, 0, 0, 0, 0, 0};
  Check("GET /api/v1", "GET", [](Who) { return P{"/api/v1", {}}; }, kPublic);
  Check("POST /api/v1/auth/login", "POST", [](Who) {
    return P{"/api/v1/auth/login", object{{"email", "admin@a.test"}, {"password", kPassword}}};
  }, kPublic);
}

}  // namespace
}  // namespace hotel::testing

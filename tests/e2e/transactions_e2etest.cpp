// Issue 5 end to end: three simulator processes and `hotel serve`; the demo world's agency (a
// sub-agent under a distributor) searches, quotes, books, lists and cancels with markups on
// every tier and credit moving on both accounts; every booking fault the simulators can inject
// ends with one supplier booking at most and one charge at most; concurrent creations and
// cancellations of one order; the risk review queue.
#include "booking_world.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <future>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace hotel::testing {
namespace {

using boost::json::array;
using boost::json::object;

class TransactionsE2E : public BookingWorld {};

TEST_F(TransactionsE2E, SearchQuoteBookListCancelAsSubAgent) {
  ASSERT_NO_FATAL_FAILURE(StartWorld());

  // Search: offers in CNY per master hotel, suppliers anonymised for an agent, then cached.
  const auto search = SearchWithOffers(40);
  ASSERT_FALSE(search.empty());
  EXPECT_EQ(search.at("currency").as_string(), "CNY");
  for (const auto& s : search.at("suppliers").as_array()) {
    EXPECT_EQ(std::string(s.at("supplier").as_string()).rfind("supplier-", 0), 0u) << "an agent sees no supplier names";
  }
  const auto offers = Offers(search);
  ASSERT_FALSE(offers.empty());
  for (const auto& o : offers) {
    for (auto hidden : {"supplier", "net", "breakdown", "supplierHotelCode"}) EXPECT_FALSE(o.contains(hidden)) << hidden;
    EXPECT_EQ(o.at("price").at("currency").as_string(), "CNY");
  }
  auto bad = Api(port_, "POST", "/api/v1/search", agent_,
                 object{{"destination", object{{"city", "Paris"}}}, {"checkIn", DaysFromNow(10)}, {"checkOut", DaysFromNow(10)},
                        {"rooms", array{object{{"adults", 2}}}}});
  EXPECT_EQ(bad.status, 400) << bad.raw.body;
  EXPECT_NE(bad.raw.body.find("checkOut"), std::string::npos) << bad.raw.body;

  // Quote, then book with an Idempotency-Key.
  const auto& offer = offers.front();
  auto quote = Quote(offer);
  ASSERT_EQ(quote.status, 201) << quote.raw.body;
  ASSERT_EQ(quote.obj().at("status").as_string(), "available") << quote.raw.body;
  EXPECT_EQ(Amount(quote.obj().at("price")), Amount(offer.at("price")));
  const std::string quote_id = quote.Str("quoteId");
  auto again_quote = Api(port_, "GET", "/api/v1/quotes/" + quote_id, agent_);
  ASSERT_EQ(again_quote.status, 200) << again_quote.raw.body;
  EXPECT_EQ(again_quote.Str("quoteId"), quote_id);
  EXPECT_EQ(Api(port_, "GET", "/api/v1/quotes/" + quote_id, dist_).status, 404) << "a quote is its tenant's alone";
  const auto body = OrderBody(quote_id, "AGENCY-0001");
  auto order = Api(port_, "POST", "/api/v1/orders", agent_, body, {{"Idempotency-Key", "order-0001"}});
  ASSERT_EQ(order.status, 201) << order.raw.body;
  ASSERT_EQ(order.obj().at("status").as_string(), "CONFIRMED") << order.raw.body;
  const std::string order_id = order.Str("orderId");
  const std::int64_t price = Amount(order.obj().at("price"));
  auto replay = Api(port_, "POST", "/api/v1/orders", agent_, body, {{"Idempotency-Key", "order-0001"}});
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Str("orderId"), order_id);
  EXPECT_EQ(replay.raw.Header("idempotent-replayed"), "true");
  auto other_body = OrderBody(quote_id, "AGENCY-0002");
  EXPECT_EQ(Api(port_, "POST", "/api/v1/orders", agent_, other_body, {{"Idempotency-Key", "order-0001"}}).status, 422);
  for (auto hidden : {"supplier", "net", "breakdown", "credit", "supplierBookingReference"}) {
    EXPECT_FALSE(order.obj().contains(hidden)) << hidden;
  }

  // The platform sees the chain: net → +10 % → +5 % → +2 %, each on the previous price.
  auto staff = Api(port_, "GET", "/api/v1/orders/" + order_id, root_);
  ASSERT_EQ(staff.status, 200) << staff.raw.body;
  const auto& breakdown = staff.obj().at("breakdown").as_object();
  const auto& lines = breakdown.at("lines").as_array();
  ASSERT_EQ(lines.size(), 3u) << staff.raw.body;
  std::int64_t running = Amount(breakdown.at("netConverted"));
  const std::int64_t bps[] = {1000, 500, 200};
  const char* tiers[] = {"platform", "distributor", "sub_agent"};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(lines[i].at("tier").as_string(), tiers[i]);
    const std::int64_t expected = (running * bps[i] * 2 + 10000) / 20000;  // half away from zero, positive
    EXPECT_EQ(Amount(lines[i].at("amount")), expected) << "tier " << tiers[i];
    running += expected;
    EXPECT_EQ(Amount(lines[i].at("priceAfter")), running);
  }
  EXPECT_EQ(running, price);
  const std::int64_t owed_by_agency = Amount(breakdown.at("priceAfterDistributor"));
  const std::int64_t owed_by_distributor = Amount(breakdown.at("priceAfterPlatform"));

  // Credit: each tier owes its parent what the parent sold at, charged once.
  auto agency = Account(agency_account_, agent_);
  EXPECT_EQ(Amount(agency.at("balance")), -owed_by_agency);
  EXPECT_EQ(Amount(agency.at("held")), 0);
  auto distributor = Account(dist_account_, dist_);
  EXPECT_EQ(Amount(distributor.at("balance")), -owed_by_distributor);
  EXPECT_EQ(Amount(distributor.at("held")), 0);

  // Lists: the agency and its distributor see it; the distributor sees its own tier's line only.
  for (const auto* who : {&agent_, &dist_}) {
    auto list = Api(port_, "GET", "/api/v1/orders?status=CONFIRMED", *who);
    ASSERT_EQ(list.status, 200) << list.raw.body;
    EXPECT_NE(list.raw.body.find(order_id), std::string::npos);
  }
  auto by_ref = Api(port_, "GET", "/api/v1/orders?clientReference=AGENCY-0001", agent_);
  ASSERT_EQ(by_ref.status, 200);
  EXPECT_EQ(by_ref.obj().at("items").as_array().size(), 1u);

  // Cancel: what it would cost, then the cancellation; the rest comes back to both accounts.
  auto cq = Api(port_, "POST", "/api/v1/orders/" + order_id + "/cancel-quote", agent_);
  ASSERT_EQ(cq.status, 200) << cq.raw.body;
  const std::int64_t penalty = Amount(cq.obj().at("penalty"));
  EXPECT_EQ(penalty + Amount(cq.obj().at("refund")), price);
  auto cancelled = Api(port_, "POST", "/api/v1/orders/" + order_id + "/cancel", agent_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw.body;
  EXPECT_EQ(cancelled.obj().at("status").as_string(), "CANCELLED");
  auto again = Api(port_, "POST", "/api/v1/orders/" + order_id + "/cancel", agent_);
  EXPECT_EQ(again.status, 200) << "cancelling a cancelled order answers it again";
  EXPECT_EQ(again.obj().at("status").as_string(), "CANCELLED");
  // Each tier keeps its share of the supplier's penalty and gets the rest back, once.
  auto detail = Api(port_, "GET", "/api/v1/orders/" + order_id, root_);  // an agent sees its own hold only
  ASSERT_EQ(detail.status, 200);
  std::map<std::string, std::int64_t> kept;  // tenant → charged − refunded
  for (const auto& h : detail.obj().at("holds").as_array()) {
    kept[std::string(h.at("tenantId").as_string())] += Amount(h.at("amount")) - Amount(h.at("refunded"));
  }
  EXPECT_EQ(Amount(Account(agency_account_, agent_).at("balance")), -kept[demo_.agency_id]);
  EXPECT_EQ(Amount(Account(dist_account_, dist_).at("balance")), -kept[demo_.distributor_id]);
  if (penalty == 0) EXPECT_EQ(kept[demo_.agency_id], 0) << "a free cancellation refunds everything";
  EXPECT_LE(kept[demo_.agency_id], owed_by_agency);
  std::vector<std::string> path;
  for (const auto& t : detail.obj().at("transitions").as_array()) path.emplace_back(t.at("to").as_string());
  EXPECT_EQ(path.front(), "PENDING");
  EXPECT_EQ(path.back(), "CANCELLED");
  EXPECT_EQ(SupplierBookings(), 1);
}

TEST_F(TransactionsE2E, EveryBookingFaultBooksOnceAndChargesOnce) {
  ASSERT_NO_FATAL_FAILURE(StartWorld());
  const auto search = SearchWithOffers(50);
  ASSERT_FALSE(search.empty());
  const auto offers = Offers(search);
  struct Case {
    std::string scenario, final_status;
  };
  const std::vector<Case> cases{{"", "CONFIRMED"},
                                {"booking_timeout_confirmed", "CONFIRMED"},
                                {"booking_error_confirmed", "CONFIRMED"},
                                {"on_request", "CONFIRMED"},
                                {"unknown", "CONFIRMED"},
                                {"sold_out", "FAILED"}};
  ASSERT_GE(offers.size(), cases.size() + 4);
  std::vector<std::pair<std::string, std::string>> placed;  // order id, expected final status
  std::size_t next_offer = 0;
  // The next offer the supplier still confirms at re-check (a simulator sells some out).
  auto next_quote = [&](const std::string& scenario = {}) {
    while (next_offer < offers.size()) {
      auto quote = Quote(offers[next_offer++], scenario);
      if (quote.status == 201) return quote;
      EXPECT_EQ(quote.status, 409) << quote.raw.body;
    }
    ADD_FAILURE() << "every offer sold out";
    return ApiResult{};
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto quote = next_quote();
    ASSERT_EQ(quote.status, 201) << quote.raw.body;
    std::vector<std::pair<std::string, std::string>> headers;
    if (!cases[i].scenario.empty()) headers.emplace_back("X-Test-Scenario", cases[i].scenario);
    auto order = Api(port_, "POST", "/api/v1/orders", agent_, OrderBody(quote.Str("quoteId"), "FAULT-" + std::to_string(i)), headers);
    ASSERT_EQ(order.status, 201) << cases[i].scenario << ": " << order.raw.body;
    placed.emplace_back(order.Str("orderId"), cases[i].final_status);
  }
  // A changed price at re-check must be accepted before booking.
  {
    auto changed = next_quote("price_changed");
    ASSERT_EQ(changed.status, 201) << changed.raw.body;
    EXPECT_EQ(changed.obj().at("status").as_string(), "price_changed");
    EXPECT_NE(Amount(changed.obj().at("price")), Amount(changed.obj().at("previousPrice")));
    auto refused = Api(port_, "POST", "/api/v1/orders", agent_, OrderBody(changed.Str("quoteId"), "FAULT-PC"));
    EXPECT_EQ(refused.status, 409) << refused.raw.body;
    auto accepted_body = OrderBody(changed.Str("quoteId"), "FAULT-PC");
    accepted_body["acceptPriceChange"] = true;
    auto accepted = Api(port_, "POST", "/api/v1/orders", agent_, accepted_body);
    ASSERT_EQ(accepted.status, 201) << accepted.raw.body;
    EXPECT_EQ(Amount(accepted.obj().at("price")), Amount(changed.obj().at("price")));
    placed.emplace_back(accepted.Str("orderId"), "CONFIRMED");
  }

  std::int64_t confirmed = 0, charged = 0;
  for (const auto& [id, expected] : placed) {
    auto order = AwaitSettled(id);
    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order.at("status").as_string(), expected) << id << ": " << boost::json::serialize(order);
    std::int64_t captured = 0;
    for (const auto& h : order.at("holds").as_array()) {
      if (h.at("state").as_string() == "captured" && h.at("tenantId").as_string() == demo_.agency_id) captured += Amount(h.at("amount"));
      EXPECT_NE(h.at("state").as_string(), "held") << "a settled order keeps no hold";
    }
    if (expected == "CONFIRMED") {
      ++confirmed;
      EXPECT_GT(captured, 0);
      charged += captured;
    } else {
      EXPECT_EQ(captured, 0);
    }
  }
  EXPECT_EQ(SupplierBookings(), confirmed) << "one supplier booking per confirmed order, none for the failed one";
  const auto agency = Account(agency_account_, agent_);
  EXPECT_EQ(Amount(agency.at("balance")), -charged) << "each confirmed order charged exactly once";
  EXPECT_EQ(Amount(agency.at("held")), 0);
}

TEST_F(TransactionsE2E, ConcurrentCreationsAndCancellationsOfOneOrder) {
  ASSERT_NO_FATAL_FAILURE(StartWorld());
  const auto offers = Offers(SearchWithOffers(60));
  ASSERT_FALSE(offers.empty());
  auto quote = Quote(offers.front());
  ASSERT_EQ(quote.status, 201) << quote.raw.body;
  const auto body = OrderBody(quote.Str("quoteId"), "RACE-1");
  std::vector<std::future<ApiResult>> creations;
  for (int i = 0; i < 10; ++i) {
    creations.push_back(std::async(std::launch::async, [&] { return Api(port_, "POST", "/api/v1/orders", agent_, body); }));
  }
  std::set<std::string> ids;
  for (auto& f : creations) {
    auto r = f.get();
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.raw.body;
    ids.insert(r.Str("orderId"));
  }
  ASSERT_EQ(ids.size(), 1u) << "one clientReference, one order";
  const std::string id = *ids.begin();
  auto order = AwaitSettled(id);
  ASSERT_EQ(order.at("status").as_string(), "CONFIRMED");
  EXPECT_EQ(SupplierBookings(), 1);

  std::vector<std::future<ApiResult>> cancels;
  for (int i = 0; i < 10; ++i) {
    cancels.push_back(std::async(std::launch::async, [&] { return Api(port_, "POST", "/api/v1/orders/" + id + "/cancel", agent_); }));
  }
  int ok = 0;
  for (auto& f : cancels) {
    auto r = f.get();  // 200 (cancelled, by this call or an earlier one), or 409 while another is cancelling
    if (r.status == 200) ++ok;
    else EXPECT_EQ(r.status, 409) << r.raw.body;
  }
  EXPECT_GE(ok, 1);
  auto after = Api(port_, "GET", "/api/v1/orders/" + id, root_);
  ASSERT_EQ(after.status, 200);
  std::int64_t refunded = 0, captured = 0;
  for (const auto& h : after.obj().at("holds").as_array()) {
    if (h.at("tenantId").as_string() != demo_.agency_id) continue;
    refunded += Amount(h.at("refunded"));
    captured += Amount(h.at("amount"));
  }
  const auto agency = Account(agency_account_, agent_);
  EXPECT_EQ(Amount(agency.at("balance")), refunded - captured) << "refunded once";
}

TEST_F(TransactionsE2E, RiskReviewAndCreditLimits) {
  ASSERT_NO_FATAL_FAILURE(StartWorld());
  // Rules that make any order of this young tenant score 100 (new tenant worth 100 points).
  auto rules = Api(port_, "PUT", "/api/v1/config/risk.rules", root_,
                   object{{"value", object{{"newTenantPoints", 100}}}, {"description", "e2e: review everything"}});
  ASSERT_TRUE(rules.status == 200 || rules.status == 201) << rules.raw.body;
  const auto offers = Offers(SearchWithOffers(70));
  ASSERT_GE(offers.size(), 3u);
  std::string review_id;
  for (int i = 0; i < 50 && review_id.empty(); ++i) {  // the config reaches the module through its client
    auto quote = Quote(offers[0]);
    ASSERT_EQ(quote.status, 201) << quote.raw.body;
    auto order = Api(port_, "POST", "/api/v1/orders", agent_, OrderBody(quote.Str("quoteId"), "RISK-" + std::to_string(i)));
    ASSERT_TRUE(order.status == 201) << order.raw.body;
    if (order.obj().at("status").as_string() == "PENDING_REVIEW") review_id = order.Str("orderId");
    else std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_FALSE(review_id.empty()) << "no order was held for review";
  auto queue = Api(port_, "GET", "/api/v1/risk-reviews", root_);
  ASSERT_EQ(queue.status, 200) << queue.raw.body;
  EXPECT_NE(queue.raw.body.find(review_id), std::string::npos);
  EXPECT_EQ(Api(port_, "GET", "/api/v1/risk-reviews", agent_).status, 403);
  auto approved = Api(port_, "POST", "/api/v1/risk-reviews/" + review_id + "/approve", root_);
  ASSERT_EQ(approved.status, 200) << approved.raw.body;
  EXPECT_EQ(AwaitSettled(review_id).at("status").as_string(), "CONFIRMED");
  EXPECT_EQ(Api(port_, "POST", "/api/v1/risk-reviews/" + review_id + "/reject", root_).status, 409);

  // With risk.auto.reject on for the agency, the same score is refused.
  auto flag = Api(port_, "PUT", "/api/v1/feature-flags/risk.auto.reject", root_,
                  object{{"enabled", true}, {"rolloutPct", 100}, {"whitelist", array{demo_.agency_id}}});
  ASSERT_EQ(flag.status, 200) << flag.raw.body;
  int status = 0;
  for (int i = 0; i < 50 && status != 422; ++i) {
    auto quote = Quote(offers[1]);
    ASSERT_EQ(quote.status, 201) << quote.raw.body;
    auto order = Api(port_, "POST", "/api/v1/orders", agent_, OrderBody(quote.Str("quoteId"), "REJECT-" + std::to_string(i)));
    status = order.status;
    if (status == 422) EXPECT_EQ(order.obj().at("code").as_string(), "risk_rejected");
    else std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(status, 422);

  // Back to normal rules; a limit too small for the order answers 402 and holds nothing.
  ASSERT_EQ(Api(port_, "DELETE", "/api/v1/config/risk.rules", root_).status / 100, 2);
  auto limit = Api(port_, "PATCH", "/api/v1/credit-accounts/" + agency_account_, dist_,
                   object{{"limit", object{{"amount", 0}, {"currency", "CNY"}}}});
  ASSERT_EQ(limit.status, 200) << limit.raw.body;
  const auto before = Account(agency_account_, agent_);
  int refused = 0;
  for (int i = 0; i < 50 && refused != 402; ++i) {
    auto quote = Quote(offers[2]);
    ASSERT_EQ(quote.status, 201) << quote.raw.body;
    auto order = Api(port_, "POST", "/api/v1/orders", agent_, OrderBody(quote.Str("quoteId"), "BROKE-" + std::to_string(i)));
    refused = order.status;
    if (refused == 402) EXPECT_EQ(order.obj().at("code").as_string(), "credit_insufficient");
    else std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(refused, 402);
  const auto after = Account(agency_account_, agent_);
  EXPECT_EQ(Amount(after.at("held")), Amount(before.at("held")));
}


// The money side an operator and a distributor manage, without suppliers: markup rules, the
// exchange-rate table, price previews, credit deposits, adjustments and entries.
TEST_F(TransactionsE2E, MarkupsRatesAndCreditAdministration) {
  HotelServer server(Env());
  port_ = server.port();
  root_ = Login(port_, kAdminEmail, kAdminPassword);
  dist_ = Login(port_, demo_.dist_email, demo_.password);
  agent_ = Caller{{}, demo_.agent_key};

  // Exchange rates: read by anyone, set exactly from a decimal string by platform staff.
  auto rates = Api(port_, "GET", "/api/v1/fx-rates", agent_);
  ASSERT_EQ(rates.status, 200) << rates.raw.body;
  EXPECT_FALSE(rates.obj().at("items").as_array().empty()) << "a fresh install can price";
  auto set = Api(port_, "PUT", "/api/v1/fx-rates/USD/CNY", root_, object{{"rate", "7.2"}});
  ASSERT_EQ(set.status / 100, 2) << set.raw.body;
  EXPECT_EQ(set.obj().at("rateE10").as_int64(), 72'000'000'000);
  EXPECT_EQ(Api(port_, "PUT", "/api/v1/fx-rates/USD/CNY", dist_, object{{"rate", "9"}}).status, 403);
  EXPECT_EQ(Api(port_, "PUT", "/api/v1/fx-rates/USD/CNY", root_, object{{"rate", "7.2e0"}}).status, 400);
  ASSERT_EQ(Api(port_, "PUT", "/api/v1/fx-rates/CHF/GBP", root_, object{{"rate", "0.8912"}}).status / 100, 2);
  EXPECT_EQ(Api(port_, "DELETE", "/api/v1/fx-rates/CHF/GBP", root_).status / 100, 2);

  // Markup rules on the three tiers; the most specific wins; the preview shows the chain.
  auto platform = Api(port_, "POST", "/api/v1/markup-rules", root_,
                      object{{"ownerTenantId", "tnt_platform"}, {"kind", "percent"}, {"percentBp", 1000}});
  ASSERT_EQ(platform.status, 201) << platform.raw.body;
  auto fee = Api(port_, "POST", "/api/v1/markup-rules", dist_,
                 object{{"ownerTenantId", demo_.distributor_id}, {"kind", "fixed"},
                        {"fixedAmount", object{{"amount", 1000}, {"currency", "CNY"}}}, {"note", "handling fee"}});
  ASSERT_EQ(fee.status, 201) << fee.raw.body;
  const std::string fee_id = fee.Str("id");
  auto city = Api(port_, "POST", "/api/v1/markup-rules", dist_,
                  object{{"ownerTenantId", demo_.distributor_id}, {"kind", "percent"}, {"percentBp", 500}, {"city", "Paris"}});
  ASSERT_EQ(city.status, 201) << city.raw.body;
  EXPECT_EQ(Api(port_, "POST", "/api/v1/markup-rules", dist_,
                object{{"ownerTenantId", "tnt_platform"}, {"kind", "percent"}, {"percentBp", 1}}).status, 400)
      << "a distributor cannot write the platform's rules";
  auto listed = Api(port_, "GET", "/api/v1/markup-rules?ownerTenantId=" + demo_.distributor_id, dist_);
  ASSERT_EQ(listed.status, 200) << listed.raw.body;
  EXPECT_EQ(listed.obj().at("items").as_array().size(), 2u);
  EXPECT_EQ(Api(port_, "GET", "/api/v1/markup-rules/" + fee_id, agent_).status, 404) << "not in the agency's subtree";
  auto patched = Api(port_, "PATCH", "/api/v1/markup-rules/" + fee_id, dist_,
                     object{{"fixedAmount", object{{"amount", 2000}, {"currency", "CNY"}}}});
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(Api(port_, "GET", "/api/v1/markup-rules/" + fee_id, dist_).status, 200);

  auto preview = [&](const std::string& city_name) {
    return Api(port_, "POST", "/api/v1/price-previews", root_,
               object{{"tenantId", demo_.agency_id}, {"net", object{{"amount", 10000}, {"currency", "USD"}}},
                      {"currency", "CNY"}, {"supplier", "HBX"}, {"country", "FR"}, {"city", city_name},
                      {"hotelId", "htl_00000000000000000000000000"}, {"checkIn", "2027-06-01"}});
  };
  auto lyon = preview("Lyon");  // 100.00 USD → 720.00 CNY, +10 % = 792.00, +20.00 fee = 812.00
  ASSERT_EQ(lyon.status, 200) << lyon.raw.body;
  EXPECT_EQ(Amount(lyon.obj().at("netConverted")), 72000);
  EXPECT_EQ(Amount(lyon.obj().at("finalPrice")), 81200);
  auto paris = preview("Paris");  // the city rule is more specific than the fee: 792.00 + 5 % = 831.60
  ASSERT_EQ(paris.status, 200) << paris.raw.body;
  EXPECT_EQ(Amount(paris.obj().at("finalPrice")), 83160);
  EXPECT_EQ(Api(port_, "DELETE", "/api/v1/markup-rules/" + city.Str("id"), dist_).status / 100, 2);
  EXPECT_EQ(Amount(preview("Paris").obj().at("finalPrice")), 81200) << "a disabled rule no longer applies";

  // Credit: granted by the tier above, topped up and adjusted with a reference, every entry kept.
  auto opened = Api(port_, "POST", "/api/v1/credit-accounts", dist_,
                    object{{"tenantId", demo_.agency_id}, {"currency", "CNY"}, {"limit", object{{"amount", 500000}, {"currency", "CNY"}}}});
  ASSERT_EQ(opened.status, 201) << opened.raw.body;
  const std::string account = opened.Str("id");
  EXPECT_EQ(Api(port_, "POST", "/api/v1/credit-accounts", dist_,
                object{{"tenantId", demo_.distributor_id}, {"currency", "CNY"}, {"limit", object{{"amount", 1}, {"currency", "CNY"}}}})
                .status,
            403)
      << "a tenant never grants itself credit";
  const object deposit{{"amount", object{{"amount", 100000}, {"currency", "CNY"}}}, {"reference", "WIRE-1"}, {"note", "wire"}};
  auto d1 = Api(port_, "POST", "/api/v1/credit-accounts/" + account + "/deposits", dist_, deposit);
  ASSERT_EQ(d1.status, 201) << d1.raw.body;
  auto d2 = Api(port_, "POST", "/api/v1/credit-accounts/" + account + "/deposits", dist_, deposit);
  ASSERT_EQ(d2.status / 100, 2) << d2.raw.body;
  auto adj = Api(port_, "POST", "/api/v1/credit-accounts/" + account + "/adjustments", dist_,
                 object{{"amount", object{{"amount", -2500}, {"currency", "CNY"}}}, {"reference", "FIX-1"}, {"note", "bank fee"}});
  ASSERT_EQ(adj.status, 201) << adj.raw.body;
  EXPECT_EQ(Api(port_, "POST", "/api/v1/credit-accounts/" + account + "/deposits", agent_, deposit).status, 403);
  auto mine = Account(account, agent_);
  EXPECT_EQ(Amount(mine.at("balance")), 97500) << "the same deposit reference counts once";
  EXPECT_EQ(Amount(mine.at("available")), 597500);
  auto entries = Api(port_, "GET", "/api/v1/credit-accounts/" + account + "/entries", agent_);
  ASSERT_EQ(entries.status, 200) << entries.raw.body;
  std::multiset<std::string> kinds;
  for (const auto& e : entries.obj().at("items").as_array()) kinds.emplace(e.at("kind").as_string());
  EXPECT_EQ(kinds.count("deposit"), 1u);
  EXPECT_EQ(kinds.count("adjustment"), 1u);
  auto accounts = Api(port_, "GET", "/api/v1/credit-accounts?tenantId=" + demo_.agency_id, dist_);
  ASSERT_EQ(accounts.status, 200) << accounts.raw.body;
  EXPECT_EQ(accounts.obj().at("items").as_array().size(), 1u);
}
}  // namespace
}  // namespace hotel::testing

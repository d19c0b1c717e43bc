// The credit API's JSON: accounts and entries out, request bodies in (each bad field named).
#pragma once

#include "modules/risk-service/credit_ledger.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace hotel::credit::views {

struct NewAccount {
  std::string tenant_id;
  std::string currency;
  std::int64_t limit_minor = 0;
};

struct AccountPatch {
  std::optional<std::int64_t> limit_minor;
  std::optional<std::string> status;
  std::string note;
};

struct Movement {  // a deposit (> 0) or an adjustment (either sign, note required)
  std::int64_t amount_minor = 0;
  std::string reference;
  std::string note;
};

struct PageRequest {
  int limit = 50;
  std::optional<std::string> cursor;
};

Result<NewAccount> ParseNewAccount(std::string_view body);
// `currency`: the account's; money in another currency is refused.
Result<AccountPatch> ParseAccountPatch(std::string_view body, const std::string& currency);
Result<Movement> ParseMovement(std::string_view body, const std::string& currency, bool adjustment);
// ?limit (1..200, default 50) and ?cursor (an id with `cursor_prefix`).
Result<PageRequest> ParsePage(const runtime::Request& req, std::string_view cursor_prefix);

boost::json::object MoneyJson(std::int64_t minor, const std::string& currency);
boost::json::object AccountJson(const Account& a);
boost::json::object EntryJson(const Entry& e, const std::string& currency);

}  // namespace hotel::credit::views

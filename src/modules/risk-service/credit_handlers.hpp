// The credit API (/api/v1/credit-accounts): list, open, read, change limit/status, deposits,
// adjustments, entries. Credit is granted by the tier above: platform staff manage every
// account, a distributor_admin the accounts of tenants strictly below its own; whoever is in
// the account tenant's ancestry (or the tenant itself) may read it; anyone else gets 404.
#pragma once

#include "modules/risk-service/credit_ledger.hpp"
#include "runtime/blocking.hpp"
#include "runtime/router.hpp"

#include <memory>

namespace hotel::credit {

struct CreditApi {
  CreditLedger& ledger;
  ports::Database& db;
  runtime::BlockingPool& pool;
};

// `api` (and what it refers to) must outlive `router`.
void RegisterCreditRoutes(runtime::Router& router, std::shared_ptr<const CreditApi> api);

}  // namespace hotel::credit

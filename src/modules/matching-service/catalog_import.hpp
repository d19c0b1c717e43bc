// One supplier's content into the master catalog: what is new or changed is matched against
// the stored catalog, and every decision is written in ONE transaction. The matching runs
// before that transaction, and the transaction writes only if no other import or review
// decision committed meanwhile (catalog_lock's version); otherwise it decides again (after a
// few rounds, under the lock).
//
// Rules, per supplier hotel (by its code):
// - decided by a person (a pin: approve, reject, remap) → left where the person put it;
// - mapped before and its content unchanged → left as it is (re-importing is idempotent);
// - the seed of its master (new_master) → stays; a changed content refreshes the master's;
// - auto-mapped or a duplicate before, content changed → matched again;
// - in the review queue, content unchanged → its open item stays (no second item);
//   content changed → matched again, the open item updated or dropped;
// - new → matched.
// Master ids never change: the Matcher is seeded with every stored master (Matcher::AddMaster).
// Supplier hotels missing from this content keep their mappings (a supplier's list is often
// paged or filtered; removing hotels is a decision for a person).
#pragma once

#include "core/clock.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "modules/matching-service/pair_scorer.hpp"
#include "ports/database.hpp"

#include <functional>
#include <string>
#include <vector>

namespace hotel::matching {

// `records` as the supplier sent them: cleaned (CleanRecord; those without a code or a name
// are skipped and counted), and a code listed twice keeps its last content. Blocking.
// `before_write` (tests) runs after each round of deciding, before its transaction.
Result<ImportCounts> ApplyContent(ports::Database& db, const std::string& supplier, const std::string& import_id,
                                  const std::vector<HotelRecord>& records, const MatchSettings& settings, Instant now,
                                  const std::function<void()>& before_write = {});

}  // namespace hotel::matching

// ApplyContent: stored catalog → seeded Matcher → decisions → rows, in one transaction.
#include "modules/matching-service/catalog_import.hpp"

#include "core/ids.hpp"
#include "modules/matching-service/catalog_repository.hpp"
#include "modules/matching-service/matcher.hpp"

#include <unordered_map>

namespace hotel::matching {
namespace {

// What the import does with one supplier hotel.
enum class Treatment {
  kMatch,       // decided by the Matcher
  kKeep,        // mapping left as it is (passed to the Matcher as a pin, so it holds its master)
  kKeepReview,  // open review item left as it is (not a member of anything: not passed)
  kPinned,      // a person's map-to or new-master decision without a mapping yet
};

struct Cleaned {
  std::vector<HotelRecord> records;  // unique codes, in first-seen order
  int skipped = 0;
};

Cleaned Clean(const std::vector<HotelRecord>& raw) {
  Cleaned out;
  std::unordered_map<std::string, std::size_t> index;
  for (const auto& r : raw) {
    auto c = CleanRecord(r);
    if (!c) {
      ++out.skipped;
      continue;
    }
    if (auto it = index.find(c->code); it != index.end()) {
      out.records[it->second] = std::move(*c);  // the supplier's latest word on that code
      continue;
    }
    index.emplace(c->code, out.records.size());
    out.records.push_back(std::move(*c));
  }
  return out;
}

PinnedDecision::Kind MatcherPinKind(PinKind k) {
  switch (k) {
    case PinKind::kMapTo: return PinnedDecision::Kind::kMapTo;
    case PinKind::kNewMaster: return PinnedDecision::Kind::kNewMaster;
    case PinKind::kNotThisMaster: return PinnedDecision::Kind::kNotThisMaster;
  }
  return PinnedDecision::Kind::kMapTo;
}

// The decisions of one run, as rows to write.
struct Writes {
  std::vector<CatalogMaster> new_masters;
  std::vector<std::pair<std::string, HotelRecord>> refreshed_masters;  // id, new content
  std::vector<Mapping> mappings;
  std::vector<std::string> unmapped;  // codes whose mapping goes (they went to review)
  std::vector<ReviewItem> new_reviews, updated_reviews;
  std::vector<std::string> dropped_reviews;  // ids of open items no longer needed
};

// The catalog as one import reads it. `version` is catalog_lock's: any decision committed
// since moves it.
struct Loaded {
  std::int64_t version = 0;
  std::vector<CatalogMaster> masters;
  SupplierState state;
};

// Reads the catalog; with `consistent`, only when no decision committed while reading (the
// version before and after agree), else nullopt.
Result<std::optional<Loaded>> Load(ports::SqlSession& s, CatalogRepository& repo, const std::string& supplier,
                                   bool consistent) {
  Loaded loaded;
  auto before = repo.Version(s);
  if (!before) return before.error();
  loaded.version = *before;
  auto masters = repo.LoadMasters(s);
  if (!masters) return masters.error();
  loaded.masters = std::move(*masters);
  auto state = repo.LoadSupplierState(s, supplier);
  if (!state) return state.error();
  loaded.state = std::move(*state);
  if (consistent) {
    auto after = repo.Version(s);
    if (!after) return after.error();
    if (*after != *before) return std::optional<Loaded>{};
  }
  return std::optional<Loaded>(std::move(loaded));
}

struct Plan {
  Writes w;
  ImportCounts counts;
};

// Every decision of the import, against the catalog as loaded. No I/O.
Result<Plan> Decide(const Loaded& loaded, const Cleaned& cleaned, const std::vector<StoredSupplierHotel>& stored,
                    const std::string& supplier, const std::string& import_id, const MatchSettings& settings,
                    const std::string& now_text) {
  const auto& records = cleaned.records;
  ImportCounts counts;
  counts.skipped = cleaned.skipped;
  Matcher matcher(settings);
  std::vector<std::string> db_id(1);  // by Matcher id; [0] unused
  std::unordered_map<std::string, MasterId> internal;
  std::unordered_map<std::string, const CatalogMaster*> master_by_id;
  for (const auto& m : loaded.masters) {
    const MasterId id = matcher.AddMaster({m.seed_supplier, m.content.code}, m.content);
    db_id.push_back(m.id);
    internal.emplace(m.id, id);
    master_by_id.emplace(m.id, &m);
  }

  Writes w;
  std::vector<HotelRecord> input;
  std::vector<Treatment> treatment;  // per input record
  PinnedDecisions pins;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const HotelRecord& r = records[i];
    const SupplierHotelKey key{supplier, r.code};
    const auto hash = loaded.state.content_hashes.find(r.code);
    const bool changed = hash == loaded.state.content_hashes.end() || hash->second != stored[i].content_hash;
    const auto pin = loaded.state.pins.find(r.code);
    const auto mapping = loaded.state.mappings.find(r.code);
    const auto review = loaded.state.open_reviews.find(r.code);
    const bool pinned = pin != loaded.state.pins.end();
    Treatment t = Treatment::kMatch;
    if (mapping != loaded.state.mappings.end() && internal.contains(mapping->second.master_id)) {
      const MappingKind kind = mapping->second.kind;
      const bool stays = !changed || pinned || kind == MappingKind::kNewMaster ||
                         kind == MappingKind::kReviewApproved || kind == MappingKind::kManual;
      if (stays) {
        t = Treatment::kKeep;
        pins[key] = {PinnedDecision::Kind::kMapTo, internal.at(mapping->second.master_id)};
        const CatalogMaster* m = master_by_id.at(mapping->second.master_id);
        if (changed && kind == MappingKind::kNewMaster && m->seed_supplier == supplier && m->content.code == r.code) {
          w.refreshed_masters.emplace_back(m->id, r);
        }
      }
    } else if (pinned) {
      // A person's decision the catalog has not applied yet: the Matcher applies it.
      PinnedDecision d{MatcherPinKind(pin->second.kind), 0};
      if (pin->second.master_id) {
        auto it = internal.find(*pin->second.master_id);
        if (it != internal.end()) d.master = it->second;
      }
      if (d.kind == PinnedDecision::Kind::kNewMaster) {
        t = Treatment::kPinned;
        pins[key] = d;
      } else if (d.master != 0) {
        // kMapTo is applied as given; kNotThisMaster leaves the rest to the Matcher.
        if (d.kind == PinnedDecision::Kind::kMapTo) t = Treatment::kPinned;
        pins[key] = d;
      }
    } else if (review != loaded.state.open_reviews.end() && !changed) {
      ++counts.unchanged;
      continue;  // Treatment::kKeepReview: not a member of anything, so not a Matcher input
    }
    if (pinned) ++counts.pinned;
    input.push_back(r);
    treatment.push_back(t);
  }

  auto run = matcher.AddSupplier(supplier, input, pins);
  if (!run) return run.error();
  for (MasterId id = db_id.size(); id <= matcher.Masters().size(); ++id) {
    const auto* m = matcher.FindMaster(id);
    db_id.push_back(NewId("htl"));
    w.new_masters.push_back({db_id.back(), m->record, supplier, now_text, now_text});
  }

  for (std::size_t j = 0; j < input.size(); ++j) {
    const HotelRecord& r = input[j];
    const Decision& d = run->decisions[j];
    const auto review = loaded.state.open_reviews.find(r.code);
    const bool has_review = review != loaded.state.open_reviews.end();
    auto map_to = [&](MappingKind kind, std::optional<double> score, std::string by) {
      w.mappings.push_back({supplier, r.code, db_id[d.master], kind, score, std::move(by), now_text});
      if (has_review) w.dropped_reviews.push_back(review->second.id);
    };
    if (treatment[j] == Treatment::kKeep) {
      ++counts.unchanged;
      continue;
    }
    if (treatment[j] == Treatment::kPinned) {
      const Pin& pin = loaded.state.pins.at(r.code);
      const bool own_master = d.master > loaded.masters.size();
      map_to(own_master ? MappingKind::kNewMaster : MappingKind::kManual, std::nullopt, pin.decided_by);
      continue;
    }
    switch (d.kind) {
      case DecisionKind::kAutoMapped:
        map_to(MappingKind::kAuto, d.score, std::string(kMatcherActor));
        ++counts.auto_mapped;
        break;
      case DecisionKind::kDuplicate:
        map_to(MappingKind::kDuplicate, d.score, std::string(kMatcherActor));
        ++counts.duplicates;
        break;
      case DecisionKind::kNewMaster:
      case DecisionKind::kPinned:  // not reached: unpinned records are never kPinned
        map_to(MappingKind::kNewMaster, std::nullopt, std::string(kMatcherActor));
        ++counts.new_masters;
        break;
      case DecisionKind::kReview: {
        if (loaded.state.mappings.contains(r.code)) w.unmapped.push_back(r.code);
        ReviewItem item;
        item.id = has_review ? review->second.id : NewId("mrv");
        item.supplier_code = supplier;
        item.hotel_code = r.code;
        item.master_id = db_id[d.master];
        item.score = d.score;
        item.parts = PartsOf(ScorePair(Prepare(r), matcher.FindMaster(d.master)->prepared, settings));
        item.import_id = import_id;
        item.created_at = has_review ? review->second.created_at : now_text;
        item.updated_at = now_text;
        (has_review ? w.updated_reviews : w.new_reviews).push_back(std::move(item));
        ++counts.review;
        break;
      }
    }
  }

  return Plan{std::move(w), counts};
}

Result<void> Write(ports::SqlSession& s, CatalogRepository& repo, const std::string& supplier,
                   const std::vector<StoredSupplierHotel>& stored, const std::string& import_id,
                   const std::string& now_text, const Writes& w) {
  // Parents before children: supplier hotels and masters, then what refers to them.
  if (auto ok = repo.UpsertSupplierHotels(s, supplier, stored, import_id, now_text); !ok) return ok;
  if (auto ok = repo.InsertMasters(s, w.new_masters); !ok) return ok;
  for (const auto& [id, content] : w.refreshed_masters) {
    if (auto ok = repo.UpdateMasterContent(s, id, content, now_text); !ok) return ok;
  }
  for (const auto& code : w.unmapped) {
    if (auto ok = repo.DeleteMapping(s, supplier, code); !ok) return ok;
  }
  if (auto ok = repo.UpsertMappings(s, w.mappings, import_id); !ok) return ok;
  for (const auto& id : w.dropped_reviews) {
    if (auto ok = repo.DeleteOpenReview(s, id); !ok) return ok;
  }
  for (const auto& item : w.updated_reviews) {
    if (auto ok = repo.UpdateOpenReview(s, item); !ok) return ok;
  }
  for (const auto& item : w.new_reviews) {
    if (auto ok = repo.InsertReview(s, item); !ok) return ok;
  }
  return Ok();
}

// Optimistic rounds before deciding under the lock: deciding is the slow part (every master is
// prepared and scored), and on SQLite the lock stops every writer of the process.
constexpr int kOptimisticRounds = 3;

}  // namespace

Result<ImportCounts> ApplyContent(ports::Database& db, const std::string& supplier, const std::string& import_id,
                                  const std::vector<HotelRecord>& raw, const MatchSettings& settings, Instant now,
                                  const std::function<void()>& before_write) {
  const Cleaned cleaned = Clean(raw);
  std::vector<StoredSupplierHotel> stored;
  stored.reserve(cleaned.records.size());
  for (const auto& r : cleaned.records) stored.push_back({r, ContentHash(r)});
  const std::string now_text = FormatIso8601(now);
  CatalogRepository repo(db.dialect());

  // Read and decide outside any transaction; write only if no decision committed meanwhile.
  for (int round = 0; round < kOptimisticRounds; ++round) {
    AutoCommitSession reader(db);
    auto loaded = Load(reader, repo, supplier, true);
    if (!loaded) return loaded.error();
    if (!*loaded) continue;
    auto plan = Decide(**loaded, cleaned, stored, supplier, import_id, settings, now_text);
    if (!plan) return plan.error();
    if (before_write) before_write();
    bool stale = false;
    auto tx = db.Transaction([&](ports::SqlSession& s) -> Result<void> {
      auto locked = repo.LockAt(s, (*loaded)->version);
      if (!locked) return locked.error();
      stale = !*locked;
      if (stale) return Error::Conflict("the catalog changed while the import decided");  // rolls back
      return Write(s, repo, supplier, stored, import_id, now_text, plan->w);
    });
    if (tx) return plan->counts;
    if (!stale) return tx.error();
  }

  // Busy catalog: decide under the lock, where nothing can change.
  ImportCounts counts;
  auto tx = db.Transaction([&](ports::SqlSession& s) -> Result<void> {
    if (auto ok = repo.Lock(s); !ok) return ok;
    auto loaded = Load(s, repo, supplier, false);
    if (!loaded) return loaded.error();
    auto plan = Decide(**loaded, cleaned, stored, supplier, import_id, settings, now_text);
    if (!plan) return plan.error();
    if (before_write) before_write();
    counts = plan->counts;
    return Write(s, repo, supplier, stored, import_id, now_text, plan->w);
  });
  if (!tx) return tx.error();
  return counts;
}

}  // namespace hotel::matching

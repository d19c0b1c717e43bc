// Supplier use cases: validation beyond shape (uniqueness, credentials sealing), optimistic
// updates that bump the row's version.
#include "modules/supplier-adapter/service.hpp"

#include "core/ids.hpp"

namespace hotel::supplier_adapter {
namespace {

constexpr int kUpdateAttempts = 5;

Error NotFound(const std::string& code) { return Error::NotFound("No supplier with code " + code + "."); }

}  // namespace

Result<Supplier> SupplierService::Create(const NewSupplier& in) {
  Supplier s;
  s.id = NewId("sup");
  s.code = in.code;
  s.name = in.name;
  s.protocol = in.protocol;
  s.endpoint = in.endpoint;
  s.currency = in.currency;
  s.enabled = in.enabled;
  s.timeouts = in.timeouts;
  if (in.api_key) {
    auto sealed = cipher_.Seal(*in.api_key, "credentials.apiKey");
    if (!sealed) return sealed.error();
    s.api_key_sealed = std::move(*sealed);
  }
  if (in.secret) {
    auto sealed = cipher_.Seal(*in.secret, "credentials.secret");
    if (!sealed) return sealed.error();
    s.secret_sealed = std::move(*sealed);
  }
  s.created_at = s.updated_at = FormatIso8601(clock_.Now());
  if (auto r = repo_.Insert(s); !r) return r.error();
  return s;
}

Result<Supplier> SupplierService::Get(const std::string& code) {
  auto found = repo_.Find(code);
  if (!found) return found.error();
  if (!*found) return NotFound(code);
  return std::move(**found);
}

Result<Page<Supplier>> SupplierService::List(const PageRequest& page) { return repo_.List(page); }

template <class Change>
Result<Supplier> SupplierService::Modify(const std::string& code, Change change) {
  for (int attempt = 0; attempt < kUpdateAttempts; ++attempt) {
    auto current = Get(code);
    if (!current) return current.error();
    Supplier next = *current;
    if (auto ok = change(next); !ok) return ok.error();
    next.updated_at = FormatIso8601(clock_.Now());
    auto written = repo_.Update(next);
    if (!written) return written.error();
    if (*written) {
      ++next.version;
      return next;
    }
  }
  return Error::Conflict("The supplier " + code + " keeps changing; try again.");
}

Result<Supplier> SupplierService::Update(const std::string& code, const SupplierPatch& patch) {
  // Seal outside the retry loop: a fresh nonce per attempt would be harmless, but pointless.
  std::optional<std::optional<std::string>> api_key, secret;
  for (auto [in, out, field] : {std::tuple{&patch.api_key, &api_key, "credentials.apiKey"},
                                std::tuple{&patch.secret, &secret, "credentials.secret"}}) {
    if (!*in) continue;
    if (!**in) {
      *out = std::optional<std::string>{};
      continue;
    }
    auto sealed = cipher_.Seal(***in, field);
    if (!sealed) return sealed.error();
    *out = std::optional<std::string>(std::move(*sealed));
  }
  return Modify(code, [&](Supplier& s) -> Result<void> {
    if (patch.name) s.name = *patch.name;
    if (patch.endpoint) s.endpoint = *patch.endpoint;
    if (patch.currency) s.currency = *patch.currency;
    if (api_key) s.api_key_sealed = *api_key;
    if (secret) s.secret_sealed = *secret;
    if (patch.search_ms) s.timeouts.search_ms = *patch.search_ms;
    if (patch.quote_ms) s.timeouts.quote_ms = *patch.quote_ms;
    if (patch.book_ms) s.timeouts.book_ms = *patch.book_ms;
    if (patch.retrieve_ms) s.timeouts.retrieve_ms = *patch.retrieve_ms;
    if (patch.cancel_ms) s.timeouts.cancel_ms = *patch.cancel_ms;
    if (patch.content_ms) s.timeouts.content_ms = *patch.content_ms;
    return Ok();
  });
}

Result<Supplier> SupplierService::SetEnabled(const std::string& code, bool enabled) {
  auto current = Get(code);
  if (!current) return current.error();
  if (current->enabled == enabled) return current;  // nothing changes, no rebuild anywhere
  return Modify(code, [&](Supplier& s) -> Result<void> {
    s.enabled = enabled;
    return Ok();
  });
}

}  // namespace hotel::supplier_adapter

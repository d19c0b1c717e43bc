// Supplier use cases behind the admin API: create, read, change, enable/disable. Seals
// credentials before they reach the repository. Blocking: run on the BlockingPool.
#pragma once

#include "core/clock.hpp"
#include "modules/supplier-adapter/credentials_cipher.hpp"
#include "modules/supplier-adapter/repository.hpp"

namespace hotel::supplier_adapter {

class SupplierService {
 public:
  SupplierService(ports::Database& db, const CredentialsCipher& cipher, const Clock& clock)
      : repo_(db), cipher_(cipher), clock_(clock) {}

  // `in` is already validated field by field (views). conflict on a taken code;
  // validation_failed naming `credentials.apiKey` when credentials come without a cipher.
  Result<Supplier> Create(const NewSupplier& in);
  Result<Supplier> Get(const std::string& code);
  Result<Page<Supplier>> List(const PageRequest& page);
  Result<Supplier> Update(const std::string& code, const SupplierPatch& patch);
  Result<Supplier> SetEnabled(const std::string& code, bool enabled);

  SupplierRepository& repository() { return repo_; }

 private:
  // Applies `change` to the current row and writes it, re-reading when another writer won.
  template <class Change>
  Result<Supplier> Modify(const std::string& code, Change change);

  SupplierRepository repo_;
  const CredentialsCipher& cipher_;
  const Clock& clock_;
};

}  // namespace hotel::supplier_adapter

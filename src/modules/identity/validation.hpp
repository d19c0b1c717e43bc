// Field checks shared by the API and the operator CLI: names, emails, currencies, phones.
#pragma once

#include "core/error.hpp"
#include "modules/identity/model.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::identity {

inline constexpr std::size_t kMaxNameLength = 200;

// Surrounding whitespace removed.
std::string Trim(std::string_view text);
// Trimmed and ASCII-lowercased: emails are unique regardless of case.
std::string NormaliseEmail(std::string_view email);

// Each returns the problem as a message ("must be ..."), or nullopt when the value is fine.
std::optional<std::string> CheckName(std::string_view trimmed);
std::optional<std::string> CheckEmail(std::string_view normalised);
std::optional<std::string> CheckCurrency(std::string_view code);  // three capital letters
std::optional<std::string> CheckPhone(std::string_view phone);
std::optional<std::string> CheckPassword(std::string_view password);

// Normalise an input in place (trim names, lowercase emails) and list every bad field, named
// as in the JSON body ("name", "contact.email"). The API and the CLI share these.
std::vector<FieldError> Prepare(NewTenant& in);
std::vector<FieldError> Prepare(TenantPatch& in);
std::vector<FieldError> Prepare(NewUser& in);
std::vector<FieldError> Prepare(UserPatch& in);
std::vector<FieldError> Prepare(NewKey& in);

// validation_failed carrying `fields`, or nullopt when there are none.
std::optional<Error> ValidationError(std::vector<FieldError> fields);

}  // namespace hotel::identity

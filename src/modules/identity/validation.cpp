// Field checks: deliberately simple shapes (a mail server has the last word on an address).
#include "modules/identity/validation.hpp"

#include "modules/identity/hashing.hpp"

#include <algorithm>

namespace hotel::identity {
namespace {
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }
}  // namespace

std::string Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string NormaliseEmail(std::string_view email) {
  std::string out = Trim(email);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<std::string> CheckName(std::string_view trimmed) {
  if (trimmed.empty()) return "must not be empty";
  if (trimmed.size() > kMaxNameLength) return "must be at most " + std::to_string(kMaxNameLength) + " characters";
  if (std::any_of(trimmed.begin(), trimmed.end(), [](char c) { return IsControl(static_cast<unsigned char>(c)); })) {
    return "must not contain control characters";
  }
  return std::nullopt;
}

std::optional<std::string> CheckEmail(std::string_view e) {
  const auto at = e.find('@');
  const bool shape = at != std::string_view::npos && at > 0 && e.find('@', at + 1) == std::string_view::npos &&
                     e.find('.', at + 2) != std::string_view::npos && e.back() != '.' && e.size() <= 254;
  const bool clean = std::none_of(e.begin(), e.end(), [](char c) {
    return IsSpace(c) || IsControl(static_cast<unsigned char>(c)) || c == '<' || c == '>' || c == ',';
  });
  if (!shape || !clean) return "must be an email address like name@example.com";
  return std::nullopt;
}

std::optional<std::string> CheckCurrency(std::string_view code) {
  if (code.size() != 3 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return "must be an ISO 4217 code of three capital letters, like CNY";
  }
  return std::nullopt;
}

std::optional<std::string> CheckPhone(std::string_view phone) {
  const bool ok = !phone.empty() && phone.size() <= 32 &&
                  std::all_of(phone.begin(), phone.end(), [](char c) {
                    return (c >= '0' && c <= '9') || c == '+' || c == ' ' || c == '-' || c == '(' || c == ')';
                  }) &&
                  std::any_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!ok) return "must be a phone number of digits, spaces, +, -, ( and ), at most 32 characters";
  return std::nullopt;
}

std::optional<std::string> CheckPassword(std::string_view password) {
  if (password.size() < kMinPasswordLength) {
    return "must be at least " + std::to_string(kMinPasswordLength) + " characters";
  }
  if (password.size() > kMaxPasswordLength) {
    return "must be at most " + std::to_string(kMaxPasswordLength) + " characters";
  }
  return std::nullopt;
}

namespace {

void Add(std::vector<FieldError>& out, std::string field, const std::optional<std::string>& problem) {
  if (problem) out.push_back({std::move(field), *problem});
}

void PrepareContact(Contact& c, std::vector<FieldError>& out) {
  if (c.name) {
    c.name = Trim(*c.name);
    if (c.name->empty()) c.name.reset();  // an empty optional field is the same as none
    else Add(out, "contact.name", CheckName(*c.name));
  }
  if (c.email) {
    c.email = NormaliseEmail(*c.email);
    if (c.email->empty()) c.email.reset();
    else Add(out, "contact.email", CheckEmail(*c.email));
  }
  if (c.phone) {
    c.phone = Trim(*c.phone);
    if (c.phone->empty()) c.phone.reset();
    else Add(out, "contact.phone", CheckPhone(*c.phone));
  }
}

}  // namespace

std::vector<FieldError> Prepare(NewTenant& in) {
  std::vector<FieldError> out;
  in.parent_id = Trim(in.parent_id);
  if (in.parent_id.empty()) out.push_back({"parentId", "must not be empty"});
  in.name = Trim(in.name);
  Add(out, "name", CheckName(in.name));
  if (in.currency) Add(out, "currency", CheckCurrency(*in.currency));
  PrepareContact(in.contact, out);
  return out;
}

std::vector<FieldError> Prepare(TenantPatch& in) {
  std::vector<FieldError> out;
  if (in.name) {
    in.name = Trim(*in.name);
    Add(out, "name", CheckName(*in.name));
  }
  if (in.contact) PrepareContact(*in.contact, out);
  return out;
}

std::vector<FieldError> Prepare(NewUser& in) {
  std::vector<FieldError> out;
  in.email = NormaliseEmail(in.email);
  Add(out, "email", CheckEmail(in.email));
  in.name = Trim(in.name);
  Add(out, "name", CheckName(in.name));
  Add(out, "password", CheckPassword(in.password));
  return out;
}

std::vector<FieldError> Prepare(UserPatch& in) {
  std::vector<FieldError> out;
  if (in.name) {
    in.name = Trim(*in.name);
    Add(out, "name", CheckName(*in.name));
  }
  return out;
}

std::vector<FieldError> Prepare(NewKey& in) {
  std::vector<FieldError> out;
  in.name = Trim(in.name);
  Add(out, "name", CheckName(in.name));
  return out;
}

std::optional<Error> ValidationError(std::vector<FieldError> fields) {
  if (fields.empty()) return std::nullopt;
  return Error{Errc::validation_failed, "The request has invalid fields.", std::move(fields)};
}

}  // namespace hotel::identity

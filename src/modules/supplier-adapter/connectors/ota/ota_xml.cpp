// pugixml helpers for the ota connector (see ota_xml.hpp).
#include "modules/supplier-adapter/connectors/ota/ota_xml.hpp"

#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"
#include "ports/supplier_connector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace hotel::supplier::ota::xml {
namespace {

struct StringWriter final : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

std::string_view Trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

pugi::xml_node Path(pugi::xml_node node, std::initializer_list<std::string_view> locals) {
  for (std::string_view l : locals) {
    if (!node) break;
    node = Child(node, l);
  }
  return node;
}

std::string_view Attr(const pugi::xml_node& node, const char* name) { return node.attribute(name).value(); }

std::string_view Text(const pugi::xml_node& node) { return Trim(node.child_value()); }

Result<pugi::xml_node> Load(pugi::xml_document& doc, std::string_view body, std::initializer_list<std::string_view> roots,
                            std::string_view what) {
  if (body.size() > kMaxBodyBytes) {
    return Error::Unavailable(fmt::format("ota-xml {}: response of {} bytes is over the {} byte limit", what,
                                          body.size(), kMaxBodyBytes));
  }
  // Entity-safe by construction: no parse_doctype, so a DOCTYPE (and any entity it declares)
  // is skipped, and references to undeclared entities stay literal text.
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Error::Unavailable(fmt::format("ota-xml {}: not XML ({} at byte {}): {}", what, parsed.description(),
                                          parsed.offset, Excerpt(body)));
  }
  pugi::xml_node root = doc.document_element();
  const std::string_view local = LocalName(root);
  if (!root || std::find(roots.begin(), roots.end(), local) == roots.end()) {
    return Error::Unavailable(fmt::format("ota-xml {}: unexpected root element <{}>: {}", what,
                                          Excerpt(root ? std::string_view(root.name()) : std::string_view()),
                                          Excerpt(body)));
  }
  const std::string_view name = root.name();
  const auto colon = name.rfind(':');
  const std::string ns_attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
  const pugi::xml_attribute ns = root.attribute(ns_attr.c_str());
  if (ns && std::string_view(ns.value()) != kNamespace) {
    return Error::Unavailable(
        fmt::format("ota-xml {}: root element in namespace {}, not OpenTravel", what, Excerpt(ns.value())));
  }
  return root;
}

pugi::xml_node NewMessage(pugi::xml_document& doc, const char* root) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node r = doc.append_child(root);
  r.append_attribute("xmlns").set_value(kNamespace.data(), kNamespace.size());
  r.append_attribute("Version").set_value("1.0");
  r.append_attribute("PrimaryLangID").set_value("en");
  return r;
}

pugi::xml_node AddPos(pugi::xml_node root, std::string_view api_key, std::string_view secret) {
  pugi::xml_node source = Add(Add(root, "POS"), "Source");
  pugi::xml_node requestor = Add(source, "RequestorID");
  Set(requestor, "ID", api_key);
  if (!secret.empty()) Set(requestor, "MessagePassword", secret);
  return source;
}

pugi::xml_node Add(pugi::xml_node parent, const char* name) { return parent.append_child(name); }

void Set(pugi::xml_node node, const char* attribute, std::string_view value) {
  node.append_attribute(attribute).set_value(value.data(), value.size());
}

void SetText(pugi::xml_node node, std::string_view text) {
  node.append_child(pugi::node_pcdata).set_value(text.data(), text.size());
}

std::string ToString(const pugi::xml_document& doc) {
  StringWriter w;
  doc.save(w, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return std::move(w.out);
}

}  // namespace hotel::supplier::ota::xml

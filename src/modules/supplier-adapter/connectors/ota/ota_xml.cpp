// pugixml helpers for the ota connector (see ota_xml.hpp).
#include "modules/supplier-adapter/connectors/ota/ota_xml.hpp"

#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"
#include "ports/supplier_connector.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace hotel::supplier::ota::xml {
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

}  // namespace hotel::supplier::ota::xml

// pugixml helpers for the ota-xml simulator (see ota_xml.hpp).
#include "supplier-sim/ota/ota_xml.hpp"

namespace hotel::sim::ota::xml {
pugi::xml_node NewMessage(pugi::xml_document& doc, std::string_view root) {
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version").set_value("1.0");
  decl.append_attribute("encoding").set_value("UTF-8");
  pugi::xml_node r = doc.append_child(std::string(root).c_str());
  Set(r, "xmlns", kNamespace);
  Set(r, "Version", "1.0");
  return r;
}

}  // namespace hotel::sim::ota::xml

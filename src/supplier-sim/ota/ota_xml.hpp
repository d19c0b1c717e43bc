// pugixml helpers for the ota-xml simulator: namespace-prefix-blind lookup and serialisation.
// (The connector has its own: the two sides of the protocol share no code on purpose, so each
// is tested against an independent reading of the wire format.)
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotel::sim::ota::xml {

inline constexpr std::string_view kNamespace = "http://www.opentravel.org/OTA/2003/05";

std::string_view LocalName(const pugi::xml_node& node);
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
pugi::xml_node Path(pugi::xml_node node, std::initializer_list<std::string_view> locals);

template <class F>
void ForEach(const pugi::xml_node& node, std::string_view local, F&& fn) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) fn(c);
  }
}

std::string_view Attr(const pugi::xml_node& node, const char* name);
std::string_view Text(const pugi::xml_node& node);

// <root xmlns=OTA Version TimeStamp?> under an XML declaration.
pugi::xml_node NewMessage(pugi::xml_document& doc, std::string_view root);
pugi::xml_node Add(pugi::xml_node parent, const char* name);
void Set(pugi::xml_node node, const char* attribute, std::string_view value);
void SetText(pugi::xml_node node, std::string_view text);
std::string ToString(const pugi::xml_document& doc);

}  // namespace hotel::sim::ota::xml

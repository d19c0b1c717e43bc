// pugixml helpers shared by XML protocols (the OTA connector and the OTA simulator):
// namespace-prefix-blind lookup, and building/serialising documents.
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotel::runtime::xml {

// "ota:RoomStay" → "RoomStay": partners differ in whether they prefix a namespace.
std::string_view LocalName(const pugi::xml_node& node);

// The first child element with this local name (empty node when none).
pugi::xml_node Child(const pugi::xml_node& node, std::string_view local);
// Child(Child(node, a), b)…: a path of local names.
pugi::xml_node Path(pugi::xml_node node, std::initializer_list<std::string_view> locals);

// Calls fn(child) for each child element with this local name.
template <class F>
void ForEach(const pugi::xml_node& node, std::string_view local, F&& fn) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) fn(c);
  }
}

// An attribute's value; empty when absent.
std::string_view Attr(const pugi::xml_node& node, const char* name);
// The element's text content (first PCDATA/CDATA), trimmed of surrounding blanks.
std::string_view Text(const pugi::xml_node& node);

pugi::xml_node Add(pugi::xml_node parent, const char* name);
void Set(pugi::xml_node node, const char* attribute, std::string_view value);
void SetText(pugi::xml_node node, std::string_view text);

// The document without whitespace or declaration, UTF-8.
std::string ToString(const pugi::xml_document& doc);

}  // namespace hotel::runtime::xml

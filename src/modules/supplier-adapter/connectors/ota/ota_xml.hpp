// Small pugixml helpers for the ota connector's builders and parsers: namespace-prefix-blind
// element lookup, bounded and entity-safe loading, and serialisation.
#pragma once

#include "core/error.hpp"

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotel::supplier::ota::xml {

// "ota:RoomStay" → "RoomStay": suppliers differ in whether they prefix the OTA namespace.
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

// Parses an OTA message whose root's local name is one of `roots`, in the OTA namespace (or
// none declared). No DTD processing: pugixml never loads external entities and expands only
// the five predefined ones and character references. Bodies above kMaxBodyBytes are refused
// unread. Errors are upstream_unavailable naming `what` and quoting Excerpt(body).
Result<pugi::xml_node> Load(pugi::xml_document& doc, std::string_view body, std::initializer_list<std::string_view> roots,
                            std::string_view what);

// A new message document: declaration + <root xmlns=OTA Version="1.0">. Returns the root.
pugi::xml_node NewMessage(pugi::xml_document& doc, const char* root);
// <POS><Source><RequestorID ID=api_key MessagePassword=secret/></Source></POS>; returns Source.
pugi::xml_node AddPos(pugi::xml_node root, std::string_view api_key, std::string_view secret);

pugi::xml_node Add(pugi::xml_node parent, const char* name);
void Set(pugi::xml_node node, const char* attribute, std::string_view value);
void SetText(pugi::xml_node node, std::string_view text);

std::string ToString(const pugi::xml_document& doc);

}  // namespace hotel::supplier::ota::xml

// Small pugixml helpers for the ota connector's builders and parsers: namespace-prefix-blind
// element lookup, bounded and entity-safe loading, and serialisation.
#pragma once

#include "core/error.hpp"

#include "runtime/xml.hpp"

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotel::supplier::ota::xml {

// The generic helpers (runtime/xml.hpp), under the names this protocol's code uses.
using runtime::xml::Add;
using runtime::xml::Attr;
using runtime::xml::Child;
using runtime::xml::ForEach;
using runtime::xml::LocalName;
using runtime::xml::Path;
using runtime::xml::Set;
using runtime::xml::SetText;
using runtime::xml::Text;
using runtime::xml::ToString;

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


}  // namespace hotel::supplier::ota::xml

// pugixml helpers for the ota-xml simulator: namespace-prefix-blind lookup and serialisation.
// (The connector has its own: the two sides of the protocol share no code on purpose, so each
// is tested against an independent reading of the wire format.)
#pragma once

#include "runtime/xml.hpp"

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace hotel::sim::ota::xml {

inline constexpr std::string_view kNamespace = "http://www.opentravel.org/OTA/2003/05";

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

// <root xmlns=OTA Version TimeStamp?> under an XML declaration.
pugi::xml_node NewMessage(pugi::xml_document& doc, std::string_view root);

}  // namespace hotel::sim::ota::xml

// pugixml helpers (see xml.hpp).
#include "runtime/xml.hpp"

namespace hotel::runtime::xml {
namespace {

struct StringWriter final : pugi::xml_writer {
  std::string out;
  void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
};

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

std::string_view Text(const pugi::xml_node& node) {
  std::string_view s = node.child_value();
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
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

}  // namespace hotel::runtime::xml

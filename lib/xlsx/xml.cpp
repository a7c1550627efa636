#include "xlsx/xml.hpp"

#include <cstring>
#include <vector>

#include "core/strings.hpp"
#include "text/unicode.hpp"

namespace fbkit::xlsx {

namespace {

// The UTF-16 unit of an "_xHHHH_" escape at s[i], if there is one.
bool escape_at(std::string_view s, std::size_t i, std::uint32_t& unit) {
  if (i + 7 > s.size() || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') {
    return false;
  }
  const auto [ptr, ec] = std::from_chars(s.data() + i + 2, s.data() + i + 6, unit, 16);
  return ec == std::errc() && ptr == s.data() + i + 6;
}

}  // namespace

std::string_view local(const char* name) {
  const char* colon = std::strrchr(name, ':');
  return colon != nullptr ? std::string_view(colon + 1) : std::string_view(name);
}

pugi::xml_node child(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local(c.name()) == name) {
      return c;
    }
  }
  return {};
}

std::string_view attr(pugi::xml_node node, std::string_view name) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (local(a.name()) == name) {
      return a.value();
    }
  }
  return {};
}

void append_decoded(std::string& out, std::string_view s) {
  if (s.find("_x") == std::string_view::npos) {
    out += s;
    return;
  }
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t unit = 0;
    if (!escape_at(s, i, unit)) {
      out += s[i++];
      continue;
    }
    i += 7;
    std::uint32_t low = 0;
    if (unit >= 0xD800 && unit < 0xDC00 && escape_at(s, i, low) && low >= 0xDC00 && low < 0xE000) {
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      i += 7;
    } else if (unit >= 0xD800 && unit < 0xE000) {
      unit = 0xFFFD;  // half a surrogate pair is no character
    }
    text::append_utf8(out, static_cast<char32_t>(unit));
  }
}

std::string string_item(pugi::xml_node item) {
  std::string text;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local(c.name());
    if (name == "t") {
      append_decoded(text, c.text().get());
    } else if (name == "r") {
      append_decoded(text, child(c, "t").text().get());
    }
  }
  return text;
}

bool parse_ref(std::string_view ref, std::int64_t& col, std::int64_t& row) {
  std::size_t i = 0;
  col = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) {
    col = col * 26 + ((ref[i] | 0x20) - 'a' + 1);
    if (col > kMaxColumns) {
      return false;
    }
    ++i;
  }
  if (i == 0) {
    return false;
  }
  --col;
  row = 0;
  return i == ref.size() || (parse_int(ref.substr(i), row) && row > 0);
}

std::string resolve(const std::string& source_part, std::string_view target) {
  std::vector<std::string> parts;
  std::string_view rest = target;
  if (!target.empty() && target.front() == '/') {
    rest.remove_prefix(1);
  } else {
    std::string_view dir(source_part);
    const std::size_t slash = dir.rfind('/');
    dir = slash == std::string_view::npos ? std::string_view() : dir.substr(0, slash);
    while (!dir.empty()) {
      const std::size_t s = dir.find('/');
      parts.emplace_back(dir.substr(0, s));
      dir = s == std::string_view::npos ? std::string_view() : dir.substr(s + 1);
    }
  }
  while (!rest.empty()) {
    const std::size_t s = rest.find('/');
    const std::string_view seg = rest.substr(0, s);
    if (seg == "..") {
      if (!parts.empty()) {
        parts.pop_back();
      }
    } else if (!seg.empty() && seg != ".") {
      parts.emplace_back(seg);
    }
    rest = s == std::string_view::npos ? std::string_view() : rest.substr(s + 1);
  }
  std::string out;
  for (const std::string& p : parts) {
    out += out.empty() ? "" : "/";
    out += p;
  }
  return out;
}

std::string rels_part(const std::string& part) {
  const std::size_t slash = part.rfind('/');
  if (slash == std::string::npos) {
    return "_rels/" + part + ".rels";
  }
  return part.substr(0, slash) + "/_rels/" + part.substr(slash + 1) + ".rels";
}

DataError no_such_sheet(const std::string& file, const std::string& wanted, const std::vector<std::string>& sheets) {
  std::string list;
  for (const std::string& s : sheets) {
    list += (list.empty() ? "" : ", ") + s;
  }
  return DataError(file + ": no sheet named " + quote_value(wanted) + " (sheets: " + excerpt(list, 200) + ")");
}

}  // namespace fbkit::xlsx

// XML helpers of the xlsx reader: prefix-blind element and attribute lookup
// (most writers use the default namespace, some .NET ones "x:"), cell
// references, OOXML string escapes and relationship paths.
#pragma once

#include <charconv>
#include <cstdint>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace fbkit::xlsx {

constexpr std::int64_t kMaxColumns = 16384;  // XFD, Excel's last column

// The name of an element or attribute without its namespace prefix ("x:row" -> "row").
std::string_view local(const char* name);
// The first child element with this local name (a null node if none).
pugi::xml_node child(pugi::xml_node node, std::string_view name);
// The value of the attribute with this local name ("" if none).
std::string_view attr(pugi::xml_node node, std::string_view name);

// The whole of s as an integer; false if it is not one.
template <typename Int>
inline bool parse_int(std::string_view s, Int& out) {
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Appends s with the "_xHHHH_" escapes OOXML strings use for characters XML
// cannot hold decoded ("_x000D_" is CR, "_x005F_" a literal underscore).
void append_decoded(std::string& out, std::string_view s);

// The text of a shared string <si> or an inline <is>: its <t>, or its rich-text
// runs <r><t> joined; phonetic guides <rPh> are not part of the text.
std::string string_item(pugi::xml_node item);

// "AA12" -> column 26 (0-based) and row 12 (0 if the reference has no row);
// false if malformed or beyond column XFD.
bool parse_ref(std::string_view ref, std::int64_t& col, std::int64_t& row);

// "xl/workbook.xml" + "worksheets/sheet1.xml" -> "xl/worksheets/sheet1.xml";
// a target starting with '/' is from the archive root; ".." goes up.
std::string resolve(const std::string& source_part, std::string_view target);

// The error of a --sheet the workbook has no sheet of, in both readers' words:
// "<file>: no sheet named 'X' (sheets: A, B)", the list cut at 200 characters.
DataError no_such_sheet(const std::string& file, const std::string& wanted, const std::vector<std::string>& sheets);

// The relationships part of a part: "xl/workbook.xml" -> "xl/_rels/workbook.xml.rels".
std::string rels_part(const std::string& part);

}  // namespace fbkit::xlsx

#include "xlsx/spreadsheetml.hpp"

#include <pugixml.hpp>

#include "core/error.hpp"
#include "core/strings.hpp"
#include "xlsx/xml.hpp"

namespace fbkit::xlsx {

namespace {

constexpr std::string_view kNamespace = "urn:schemas-microsoft-com:office:spreadsheet";

// All the text under a node (a <Data> of rich text holds <Font>, <B> ... runs),
// in document order. Walked without recursion: the file is untrusted, and
// elements nested a million deep must not exhaust the stack.
void append_text(std::string& out, pugi::xml_node node) {
  pugi::xml_node n = node.first_child();
  while (n) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
      out += n.value();
    }
    if (n.type() == pugi::node_element && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n != node && !n.next_sibling()) {
      n = n.parent();
    }
    if (n == node) {
      break;
    }
    n = n.next_sibling();
  }
}

// "2025-02-04T12:12:00.000" -> "2025-02-04T12:12:00"; "2025-02-04T00:00:00.000" -> "2025-02-04".
std::string datetime_text(std::string value) {
  const std::size_t dot = value.find('.');
  if (dot != std::string::npos && value.find('T') != std::string::npos && dot > value.find('T')) {
    value.resize(dot);
  }
  if (value.size() == 19 && value.compare(10, 9, "T00:00:00") == 0) {
    value.resize(10);
  }
  return value;
}

std::string cell_text(pugi::xml_node cell) {
  const pugi::xml_node data = child(cell, "Data");
  if (!data) {
    return "";
  }
  std::string text;
  append_text(text, data);
  const std::string_view type = attr(data, "Type");
  if (type == "DateTime") {
    return datetime_text(std::move(text));
  }
  if (type == "Boolean") {
    return text == "1" ? "TRUE" : text == "0" ? "FALSE" : text;
  }
  return text;
}

// A 1-based ss:Index as a 0-based position; `fallback` when absent or not a number past it.
std::int64_t index_of(pugi::xml_node node, std::int64_t fallback, std::int64_t limit) {
  std::int64_t index = 0;
  if (parse_int(attr(node, "Index"), index) && index - 1 >= fallback && index <= limit) {
    return index - 1;
  }
  return fallback;
}

}  // namespace

bool looks_like_spreadsheetml(std::string_view first_bytes) {
  if (first_bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    first_bytes.remove_prefix(3);
  }
  return first_bytes.substr(0, 5) == "<?xml" && first_bytes.find(kNamespace) != std::string_view::npos;
}

struct XmlSheetReader::Impl {
  std::string name;
  std::string bytes;  // the document, which doc points into
  pugi::xml_document doc;
  std::vector<std::string> sheet_names;
  std::string sheet;
  pugi::xml_node row;  // the next <Row> to read
  std::int64_t row_number = 0;
  bool first_row = true;

  void open(const std::string& wanted) {
    const pugi::xml_parse_result result =
        doc.load_buffer_inplace(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!result) {
      throw DataError(name + ": damaged XML Spreadsheet 2003 workbook (bad XML at byte " +
                      std::to_string(result.offset) + ": " + result.description() + ")");
    }
    const pugi::xml_node workbook = child(doc, "Workbook");
    pugi::xml_node chosen;
    for (pugi::xml_node ws = workbook.first_child(); ws; ws = ws.next_sibling()) {
      if (local(ws.name()) != "Worksheet") {
        continue;
      }
      sheet_names.emplace_back(attr(ws, "Name"));
      if (!chosen && (wanted.empty() || sheet_names.back() == wanted)) {
        chosen = ws;
        sheet = sheet_names.back();
      }
    }
    if (!chosen && sheet_names.empty()) {
      throw DataError(name + ": XML Spreadsheet 2003 workbook without a worksheet");
    }
    if (!chosen) {
      throw no_such_sheet(name, wanted, sheet_names);
    }
    row = child(child(chosen, "Table"), "Row");
  }

  // The cells of one <Row>, trailing empty ones trimmed.
  std::vector<std::string> cells_of(pugi::xml_node r) {
    std::vector<std::string> cells;
    std::int64_t col = 0;
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      if (local(c.name()) != "Cell") {
        continue;
      }
      col = index_of(c, col, kMaxColumns);
      std::int64_t across = 0;
      if (!parse_int(attr(c, "MergeAcross"), across) || across < 0 || col + across >= kMaxColumns) {
        across = 0;
      }
      const std::string text = cell_text(c);
      cells.resize(static_cast<std::size_t>(col + across + 1));
      // A header's merged value is repeated into its columns when the copies come to 1 MiB
      // at most (a long value merged across 16,384 columns would take gigabytes).
      const bool repeat = first_row && static_cast<std::uint64_t>(across) * text.size() <= (std::uint64_t{1} << 20);
      for (std::int64_t k = 0; k <= across; ++k) {
        if (k == 0 || repeat) {
          cells[static_cast<std::size_t>(col + k)] = text;
        }
      }
      col += across + 1;
    }
    while (!cells.empty() && cells.back().empty()) {
      cells.pop_back();
    }
    return cells;
  }
};

XmlSheetReader::XmlSheetReader(std::string name, std::string bytes, const std::string& sheet)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->name = std::move(name);
  m_impl->bytes = std::move(bytes);
  m_impl->open(sheet);
}

XmlSheetReader::~XmlSheetReader() = default;

const std::vector<std::string>& XmlSheetReader::sheet_names() const {
  return m_impl->sheet_names;
}

const std::string& XmlSheetReader::sheet() const {
  return m_impl->sheet;
}

bool XmlSheetReader::next(std::vector<std::string>& cells, std::int64_t& row_number) {
  Impl& m = *m_impl;
  while (m.row) {
    const pugi::xml_node r = m.row;
    m.row = m.row.next_sibling();
    if (local(r.name()) != "Row") {
      continue;
    }
    m.row_number = index_of(r, m.row_number, std::int64_t{1} << 40) + 1;
    cells = m.cells_of(r);
    if (!cells.empty()) {
      m.first_row = false;
      row_number = m.row_number;
      return true;
    }
  }
  return false;
}

}  // namespace fbkit::xlsx

#include "xlsx/reader.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <map>
#include <pugixml.hpp>

#include "core/error.hpp"
#include "core/strings.hpp"
#include "xlsx/format.hpp"
#include "xlsx/xml.hpp"

namespace fbkit::xlsx {

namespace {

struct Relationship {
  std::string type;  // the last segment of the type URI: "worksheet", "sharedStrings"
  std::string target;
};

struct Sheet {
  std::string name;
  std::string rel_id;
};

struct Merge {
  std::int64_t first_col;
  std::int64_t last_col;
};

}  // namespace

struct SheetReader::Impl {
  Archive archive;
  std::vector<std::string> sheet_names;
  std::string sheet;
  std::string sheet_part;
  bool date1904 = false;
  std::vector<std::string> shared_strings;
  std::vector<NumberKind> cell_kinds;  // by cellXfs index (the s= of a cell)
  std::string sheet_bytes;             // the sheet's XML, which doc points into
  pugi::xml_document doc;
  pugi::xml_node row;  // the next <row> to read
  std::int64_t row_number = 0;
  std::int64_t header_row = 0;  // the row whose merged cells are filled; 0 = none
  std::vector<Merge> header_merges;

  Impl(const std::string& path, std::uint64_t max_part_bytes) : archive(path, max_part_bytes) {}

  [[noreturn]] void damaged(const std::string& part, const std::string& what) const {
    throw DataError(archive.path() + ": damaged xlsx (" + part + ": " + what + ")");
  }

  // Parses a part into `into`, in place in `bytes` (which must outlive it, and
  // saves a copy of the part); false if the part is absent and optional.
  bool load(pugi::xml_document& into, std::string& bytes, const std::string& part, bool required) const {
    std::optional<std::string> read = archive.read(part);
    if (!read) {
      if (required) {
        damaged(part, "missing from the archive");
      }
      return false;
    }
    bytes = std::move(*read);
    const pugi::xml_parse_result result = into.load_buffer_inplace(
        bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single | pugi::parse_embed_pcdata);
    if (!result) {
      damaged(part, "bad XML at byte " + std::to_string(result.offset) + ": " + result.description());
    }
    return true;
  }

  std::map<std::string, Relationship> relationships(const std::string& part) const {
    std::map<std::string, Relationship> rels;
    std::string bytes;
    pugi::xml_document doc_rels;
    if (!load(doc_rels, bytes, rels_part(part), false)) {
      return rels;
    }
    for (pugi::xml_node r = child(doc_rels, "Relationships").first_child(); r; r = r.next_sibling()) {
      if (local(r.name()) != "Relationship") {
        continue;
      }
      std::string type(attr(r, "Type"));
      type = type.substr(type.rfind('/') + 1);
      rels[std::string(attr(r, "Id"))] = {type, resolve(part, attr(r, "Target"))};
    }
    return rels;
  }

  std::string workbook_part() const {
    for (const auto& [id, rel] : relationships("")) {
      if (rel.type == "officeDocument") {
        return rel.target;
      }
    }
    return "xl/workbook.xml";
  }

  void read_shared_strings(const std::string& part) {
    std::string bytes;
    pugi::xml_document sst;
    if (!load(sst, bytes, part, false)) {
      return;
    }
    for (pugi::xml_node si = child(sst, "sst").first_child(); si; si = si.next_sibling()) {
      if (local(si.name()) == "si") {
        shared_strings.push_back(string_item(si));
      }
    }
  }

  void read_styles(const std::string& part) {
    std::string bytes;
    pugi::xml_document styles;
    if (!load(styles, bytes, part, false)) {
      return;
    }
    const pugi::xml_node root = child(styles, "styleSheet");
    std::map<int, NumberKind> custom;
    for (pugi::xml_node f = child(root, "numFmts").first_child(); f; f = f.next_sibling()) {
      int id = 0;
      if (local(f.name()) == "numFmt" && parse_int(attr(f, "numFmtId"), id)) {
        custom[id] = custom_kind(attr(f, "formatCode"));
      }
    }
    for (pugi::xml_node xf = child(root, "cellXfs").first_child(); xf; xf = xf.next_sibling()) {
      if (local(xf.name()) != "xf") {
        continue;
      }
      int id = 0;
      parse_int(attr(xf, "numFmtId"), id);
      const auto found = custom.find(id);
      cell_kinds.push_back(found != custom.end() ? found->second : builtin_kind(id));
    }
  }

  // The first row that is the top of a merge spanning columns, and those merges.
  void read_merges(pugi::xml_node worksheet) {
    for (pugi::xml_node m = child(worksheet, "mergeCells").first_child(); m; m = m.next_sibling()) {
      const std::string_view ref = attr(m, "ref");
      const std::size_t colon = ref.find(':');
      std::int64_t c1 = 0;
      std::int64_t r1 = 0;
      std::int64_t c2 = 0;
      std::int64_t r2 = 0;
      if (local(m.name()) != "mergeCell" || colon == std::string_view::npos ||
          !parse_ref(ref.substr(0, colon), c1, r1) || !parse_ref(ref.substr(colon + 1), c2, r2) || r1 == 0 ||
          c2 <= c1) {
        continue;  // a merge we cannot use changes no value: skip it
      }
      if (header_row == 0 || r1 < header_row) {
        header_row = r1;
        header_merges.clear();
      }
      if (r1 == header_row) {
        header_merges.push_back({c1, c2});
      }
    }
  }

  std::string cell_text(pugi::xml_node c, std::int64_t col) const {
    const std::string_view type = attr(c, "t");
    if (type == "inlineStr") {
      return string_item(child(c, "is"));
    }
    const pugi::xml_node v = child(c, "v");
    const std::string_view value = v.text().get();
    std::string text;
    if (type == "s") {
      std::size_t index = 0;
      if (value.empty()) {
        return text;
      }
      if (!parse_int(value, index) || index >= shared_strings.size()) {
        damaged(sheet_part, "row " + std::to_string(row_number) + " column " + std::to_string(col + 1) +
                                " refers to shared string " + quote_value(value) + " of " +
                                std::to_string(shared_strings.size()));
      }
      return shared_strings[index];
    }
    if (type == "b") {
      return value.empty() ? "" : (value == "0" ? "FALSE" : "TRUE");
    }
    if (type == "str" || type == "e" || type == "d") {
      append_decoded(text, value);
      return text;
    }
    double number = 0;
    const std::string_view trimmed = value.substr(0, value.find_last_not_of(" \t\r\n") + 1);
    const auto [ptr, ec] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), number);
    if (trimmed.empty() || ec != std::errc() || ptr != trimmed.data() + trimmed.size()) {
      return std::string(value);  // not a number after all: keep what is there
    }
    std::size_t style = 0;
    NumberKind kind = NumberKind::general;
    if (parse_int(attr(c, "s"), style) && style < cell_kinds.size()) {
      kind = cell_kinds[style];
    }
    return format_cell(number, kind, date1904);
  }

  void read_row(pugi::xml_node r, std::vector<std::string>& cells) {
    std::int64_t col = -1;
    for (pugi::xml_node c = r.first_child(); c; c = c.next_sibling()) {
      if (local(c.name()) != "c") {
        continue;
      }
      const std::string_view ref = attr(c, "r");
      std::int64_t ref_row = 0;
      if (ref.empty()) {
        ++col;  // no reference: the cell after the previous one
      } else if (!parse_ref(ref, col, ref_row)) {
        damaged(sheet_part, "bad cell reference " + quote_value(ref));
      }
      if (col >= kMaxColumns) {
        damaged(sheet_part, "row " + std::to_string(row_number) + " has more than 16384 columns");
      }
      std::string text = cell_text(c, col);
      if (text.empty()) {
        continue;
      }
      const auto index = static_cast<std::size_t>(col);
      if (cells.size() <= index) {
        cells.resize(index + 1);
      }
      cells[index] = std::move(text);
    }
    if (row_number == header_row) {
      for (const Merge& m : header_merges) {
        const auto first = static_cast<std::size_t>(m.first_col);
        if (first < cells.size() && !cells[first].empty()) {
          cells.resize(std::max(cells.size(), static_cast<std::size_t>(m.last_col) + 1));
          std::fill(cells.begin() + static_cast<std::ptrdiff_t>(first) + 1,
                    cells.begin() + static_cast<std::ptrdiff_t>(m.last_col) + 1, cells[first]);
        }
      }
    }
  }
};

SheetReader::SheetReader(const std::string& path, Options options)
    : m_impl(std::make_unique<Impl>(path, options.max_part_bytes)) {
  Impl& d = *m_impl;
  const std::string workbook_part = d.workbook_part();
  std::string workbook_bytes;
  pugi::xml_document workbook;
  d.load(workbook, workbook_bytes, workbook_part, true);
  const pugi::xml_node root = child(workbook, "workbook");
  if (!root) {
    d.damaged(workbook_part, "no <workbook> element");
  }
  const std::string_view date1904 = attr(child(root, "workbookPr"), "date1904");
  d.date1904 = date1904 == "1" || date1904 == "true";

  std::vector<Sheet> sheets;
  for (pugi::xml_node s = child(root, "sheets").first_child(); s; s = s.next_sibling()) {
    if (local(s.name()) == "sheet") {
      sheets.push_back({std::string(attr(s, "name")), std::string(attr(s, "id"))});
      d.sheet_names.push_back(sheets.back().name);
    }
  }
  if (sheets.empty()) {
    d.damaged(workbook_part, "no sheets");
  }

  const Sheet* chosen = &sheets.front();
  if (!options.sheet.empty()) {
    const auto found =
        std::find_if(sheets.begin(), sheets.end(), [&](const Sheet& s) { return s.name == options.sheet; });
    if (found == sheets.end()) {
      throw no_such_sheet(path, options.sheet, d.sheet_names);
    }
    chosen = &*found;
  }
  d.sheet = chosen->name;

  std::string shared_part = "xl/sharedStrings.xml";
  std::string styles_part = "xl/styles.xml";
  const auto rels = d.relationships(workbook_part);
  for (const auto& [id, rel] : rels) {
    if (rel.type == "sharedStrings") {
      shared_part = rel.target;
    } else if (rel.type == "styles") {
      styles_part = rel.target;
    }
  }
  const auto sheet_rel = rels.find(chosen->rel_id);
  if (sheet_rel == rels.end()) {
    d.damaged(rels_part(workbook_part), "no relationship '" + chosen->rel_id + "' for sheet '" + chosen->name + "'");
  }
  d.sheet_part = sheet_rel->second.target;
  d.read_shared_strings(shared_part);
  d.read_styles(styles_part);
  d.load(d.doc, d.sheet_bytes, d.sheet_part, true);
  const pugi::xml_node worksheet = child(d.doc, "worksheet");
  d.read_merges(worksheet);
  d.row = child(child(worksheet, "sheetData"), "row");
}

SheetReader::~SheetReader() = default;

const std::vector<std::string>& SheetReader::sheet_names() const {
  return m_impl->sheet_names;
}

const std::string& SheetReader::sheet() const {
  return m_impl->sheet;
}

bool SheetReader::next(std::vector<std::string>& cells, std::int64_t& row_number) {
  Impl& d = *m_impl;
  for (; d.row; d.row = d.row.next_sibling()) {
    if (local(d.row.name()) != "row") {
      continue;
    }
    const std::string_view ref = attr(d.row, "r");
    if (ref.empty()) {
      ++d.row_number;  // no r=: the row after the previous one
    } else if (!parse_int(ref, d.row_number) || d.row_number < 1) {
      d.damaged(d.sheet_part, "bad row number '" + std::string(ref) + "'");
    }
    cells.clear();
    d.read_row(d.row, cells);
    while (!cells.empty() && cells.back().empty()) {
      cells.pop_back();
    }
    if (!cells.empty()) {
      d.row = d.row.next_sibling();
      row_number = d.row_number;
      return true;
    }
  }
  return false;
}

}  // namespace fbkit::xlsx

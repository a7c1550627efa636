#include "render/xlsx.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <tuple>

#include "core/error.hpp"
#include "core/io.hpp"
#include "render/detail.hpp"
#include "text/unicode.hpp"

namespace fbkit::render {

namespace {

constexpr std::time_t kEpoch1980 = 315532800;  // 1980-01-01T00:00:00Z, the zip epoch
constexpr std::size_t kMaxCellUnits = 32767;   // Excel's limit, in UTF-16 code units
constexpr double kMaxColumnWidth = 60;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Okabe-Ito, as in the SVG charts.
constexpr lxw_color_t kPalette[] = {0x0072B2, 0xE69F00, 0x009E73, 0xD55E00, 0x56B4E9, 0xCC79A7, 0xF0E442, 0x000000};

// text as well-formed UTF-8 without U+FFFE/U+FFFF, cut to max_units UTF-16
// code units (the last one an "…") when longer.
std::string clean_text(std::string_view text, std::size_t max_units) {
  std::string out;
  std::vector<std::pair<std::size_t, std::size_t>> marks;  // (bytes, units) after each code point
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = 0;
    const std::size_t len = detail::decode_utf8(text, i, cp);
    if (len == 0 || cp == 0xFFFE || cp == 0xFFFF) {
      out += kReplacement;
    } else {
      out.append(text.substr(i, len));
    }
    i += len == 0 ? 1 : len;
    units += len != 0 && cp > 0xFFFF ? 2 : 1;
    if (units > max_units) {
      std::size_t keep = 0;  // the longest prefix of at most max_units - 1 units
      for (const auto& [bytes, u] : marks) {
        if (u > max_units - 1) {
          break;
        }
        keep = bytes;
      }
      out.resize(keep);
      return out + "\xE2\x80\xA6";
    }
    marks.emplace_back(out.size(), units);
  }
  return out;
}

std::string number_format(XlsxType type, int decimals) {
  const int d = std::clamp(decimals, 0, 10);
  const std::string digits = d > 0 ? detail::cat("0.", std::string(static_cast<std::size_t>(d), '0')) : "0";
  if (type == XlsxType::date) {
    return "yyyy-mm-dd hh:mm:ss";
  }
  return type == XlsxType::percent ? digits + "%" : digits;
}

// The text a cell shows, for the column width.
std::string shown(const XlsxValue& v, const Column& column) {
  if (const auto* s = std::get_if<std::string>(&v)) {
    return *s;
  }
  if (const auto* d = std::get_if<double>(&v); d != nullptr && std::isfinite(*d)) {
    if (column.type == XlsxType::date) {
      return "2025-10-03 14:05:00";  // the width of every date-time
    }
    const int dec = std::clamp(column.decimals, 0, 10);
    return column.type == XlsxType::percent ? fmt::format("{:.{}f}%", *d * 100, dec)
                                            : fmt::format("{:.{}f}", *d, column.type == XlsxType::text ? 2 : dec);
  }
  return {};
}

void check(lxw_error error, const std::string& what) {
  if (error != LXW_NO_ERROR) {
    throw IoError(detail::cat("cannot write the workbook (", what, "): ", lxw_strerror(error)));
  }
}

// Formats are created on first use, so their order (and the bytes) follow
// the book alone.
class Formats {
public:
  explicit Formats(lxw_workbook* wb) : m_wb(wb) {}

  lxw_format* header() {
    if (m_header == nullptr) {
      m_header = workbook_add_format(m_wb);
      format_set_bold(m_header);
      format_set_bottom(m_header, LXW_BORDER_THIN);
      format_set_bg_color(m_header, 0xF3F5F7);
    }
    return m_header;
  }
  lxw_format* number(XlsxType type, int decimals) {
    auto& f = m_numbers[{type, decimals}];
    if (f == nullptr) {
      f = workbook_add_format(m_wb);
      format_set_num_format(f, number_format(type, decimals).c_str());
    }
    return f;
  }
  lxw_format* wrapped() {
    if (m_wrap == nullptr) {
      m_wrap = workbook_add_format(m_wb);
      format_set_text_wrap(m_wrap);
      format_set_align(m_wrap, LXW_ALIGN_VERTICAL_TOP);
    }
    return m_wrap;
  }

private:
  lxw_workbook* m_wb;
  lxw_format* m_header = nullptr;
  lxw_format* m_wrap = nullptr;
  std::map<std::pair<XlsxType, int>, lxw_format*> m_numbers;
};

void add_chart(lxw_workbook* wb, lxw_worksheet* ws, const std::string& sheet, const XlsxSheet& s, const XlsxChart& spec,
               lxw_row_t at_row, lxw_col_t at_col) {
  const std::size_t ncols = s.columns.size();
  std::vector<std::size_t> values;
  for (const std::size_t c : spec.value_columns) {
    if (c < ncols) {
      values.push_back(c);
    }
  }
  if (values.empty() || spec.category_column >= ncols || s.rows.empty()) {
    return;
  }
  const std::size_t nseries = spec.type == XlsxChartType::pie ? 1 : values.size();
  static constexpr uint8_t kTypes[] = {LXW_CHART_LINE, LXW_CHART_COLUMN, LXW_CHART_BAR, LXW_CHART_PIE};
  lxw_chart* chart = workbook_add_chart(wb, kTypes[static_cast<int>(spec.type)]);
  if (chart == nullptr) {
    throw IoError("cannot write the workbook: libxlsxwriter could not create a chart");
  }
  const auto last = static_cast<lxw_row_t>(s.rows.size());
  const auto cat = static_cast<lxw_col_t>(spec.category_column);
  for (std::size_t k = 0; k < nseries; ++k) {
    const auto col = static_cast<lxw_col_t>(values[k]);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(series, sheet.c_str(), 1, cat, last, cat);
    chart_series_set_values(series, sheet.c_str(), 1, col, last, col);
    chart_series_set_name_range(series, sheet.c_str(), 0, col);
    lxw_color_t colour = kPalette[k % std::size(kPalette)];
    if (spec.type == XlsxChartType::line) {
      lxw_chart_line line{};
      line.color = colour;
      line.width = 2.25;
      chart_series_set_line(series, &line);
      chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
    } else if (spec.type == XlsxChartType::pie) {
      std::vector<lxw_chart_fill> fills(std::min<std::size_t>(s.rows.size(), 64));
      std::vector<lxw_chart_point> points(fills.size());
      std::vector<lxw_chart_point*> list;
      for (std::size_t p = 0; p < fills.size(); ++p) {
        fills[p].color = kPalette[p % std::size(kPalette)];
        points[p].fill = &fills[p];
        list.push_back(&points[p]);
      }
      list.push_back(nullptr);
      check(chart_series_set_points(series, list.data()), "chart colours");
      chart_series_set_labels(series);
      chart_series_set_labels_options(series, LXW_FALSE, LXW_FALSE, LXW_FALSE);
      chart_series_set_labels_percentage(series);
    } else {
      lxw_chart_fill fill{};
      fill.color = colour;
      chart_series_set_fill(series, &fill);
    }
  }
  // A title starting with '=' would be read by libxlsxwriter as a cell reference.
  std::string title = clean_text(spec.title, 255);
  if (!title.empty() && title.front() == '=') {
    title = detail::cat(" ", title);
  }
  if (!title.empty()) {
    chart_title_set_name(chart, title.c_str());
  }
  if (spec.type != XlsxChartType::pie) {
    if (s.columns[values.front()].type == XlsxType::percent) {
      chart_axis_set_num_format(chart->y_axis, "0%");
    }
    chart_legend_set_position(chart, nseries > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
  }
  check(worksheet_insert_chart(ws, at_row, at_col, chart), "chart");
}

// The sheet with only its columns shown in xlsx; charts renumbered, a series
// over a column left out pointing past the end (add_chart drops it).
XlsxSheet visible(const XlsxSheet& s) {
  XlsxSheet out;
  out.name = s.name;
  std::vector<std::size_t> where(s.columns.size(), static_cast<std::size_t>(-1));
  for (std::size_t c = 0; c < s.columns.size(); ++c) {
    if ((s.columns[c].shown & in_xlsx) != 0) {
      where[c] = out.columns.size();
      out.columns.push_back(s.columns[c]);
    }
  }
  for (const auto& row : s.rows) {
    std::vector<Cell> cells;
    for (std::size_t c = 0; c < row.size() && c < where.size(); ++c) {
      if (where[c] != static_cast<std::size_t>(-1)) {
        cells.push_back(row[c]);
      }
    }
    out.rows.push_back(std::move(cells));
  }
  const auto place = [&](std::size_t c) { return c < where.size() ? where[c] : static_cast<std::size_t>(-1); };
  for (XlsxChart chart : s.charts) {
    chart.category_column = place(chart.category_column);
    for (std::size_t& c : chart.value_columns) {
      c = place(c);
    }
    out.charts.push_back(std::move(chart));
  }
  return out;
}

void add_sheet(lxw_workbook* wb, Formats& formats, const XlsxSheet& s, const std::string& name) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (ws == nullptr) {
    throw IoError(detail::cat("cannot write the workbook: libxlsxwriter refused the sheet name '", name, "'"));
  }
  const std::size_t ncols = s.columns.size();
  std::vector<double> widths(ncols, 6);
  for (std::size_t c = 0; c < ncols; ++c) {
    const std::string h = clean_text(s.columns[c].header, 255);
    check(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), h.c_str(), formats.header()), "header");
    widths[c] = std::max(widths[c], static_cast<double>(text::display_width(h)) + 3);
  }
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < std::min(ncols, s.rows[r].size()); ++c) {
      const Cell& cell = s.rows[r][c];
      const XlsxValue& v = cell.value;
      const auto col = static_cast<lxw_col_t>(c);
      Column column = s.columns[c];
      if (cell.type) {
        column.type = *cell.type;
        column.decimals = cell.decimals;
      }
      if (const auto* text = std::get_if<std::string>(&v)) {
        // Always the string API: a cell of text can never become a formula.
        const std::string t = clean_text(*text, kMaxCellUnits);
        lxw_format* f = text::display_width(t) + 2 > kMaxColumnWidth ? formats.wrapped() : nullptr;
        check(worksheet_write_string(ws, row, col, t.c_str(), f), "text cell");
      } else if (const auto* d = std::get_if<double>(&v); d != nullptr && std::isfinite(*d)) {
        lxw_format* f = column.type == XlsxType::text ? nullptr : formats.number(column.type, column.decimals);
        check(worksheet_write_number(ws, row, col, *d, f), "number cell");
      }
      widths[c] = std::max(widths[c], static_cast<double>(text::display_width(shown(v, column))) + 2);
    }
  }
  for (std::size_t c = 0; c < ncols; ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    check(worksheet_set_column(ws, col, col, std::min(widths[c], kMaxColumnWidth), nullptr), "column width");
  }
  if (ncols > 0) {
    worksheet_freeze_panes(ws, 1, 0);
    check(worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(s.rows.size()), static_cast<lxw_col_t>(ncols - 1)),
          "filter");
  }
  for (std::size_t k = 0; k < s.charts.size(); ++k) {
    add_chart(wb, ws, name, s, s.charts[k], static_cast<lxw_row_t>(1 + 16 * k), static_cast<lxw_col_t>(ncols + 1));
  }
}

// Writes the book to file (libxlsxwriter writes only to a named file).
void write_to(const XlsxBook& book, const std::string& file) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (wb == nullptr) {
    throw IoError(detail::cat("cannot create the workbook ", file));
  }
  try {
    const std::string title = clean_text(book.title, 255);
    const std::string author = clean_text(book.author, 255);
    lxw_doc_properties props{};
    props.title = title.empty() ? nullptr : const_cast<char*>(title.c_str());
    props.author = author.empty() ? nullptr : const_cast<char*>(author.c_str());
    props.created = book.created != 0 ? book.created : kEpoch1980;
    check(workbook_set_properties(wb, &props), "properties");
    Formats formats(wb);
    std::vector<std::string> names;
    for (const auto& s : book.sheets) {
      names.push_back(sheet_name(s.name, names, names.size() + 1));
      add_sheet(wb, formats, visible(s), names.back());
    }
    if (book.sheets.empty()) {
      workbook_add_worksheet(wb, nullptr);  // Excel needs one sheet
    }
  } catch (...) {
    workbook_close(wb);
    throw;
  }
  check(workbook_close(wb), file);
}

// The file libxlsxwriter writes, in TMPDIR, unlinked at once: it is written
// and read back through /proc/self/fd/N, so no run, not even a killed one,
// leaves it behind.
struct Scratch {
  int fd = -1;
  std::string path;
  Scratch() {
    std::string name = (std::filesystem::temp_directory_path() / "fbkit-xlsx-XXXXXX").string();
    fd = ::mkstemp(name.data());
    if (fd < 0) {
      throw_errno("cannot create a temporary file", name);
    }
    ::unlink(name.c_str());
    path = "/proc/self/fd/" + std::to_string(fd);
  }
  ~Scratch() { ::close(fd); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

}  // namespace

bool looks_like_formula(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
}

std::string sheet_name(std::string_view wanted, const std::vector<std::string>& taken, std::size_t n) {
  std::string base = clean_text(wanted, 1000);
  for (char& ch : base) {
    if (std::string_view("[]:*?/\\").find(ch) != std::string_view::npos) {
      ch = '_';
    }
  }
  while (!base.empty() && base.front() == '\'') {
    base.erase(0, 1);
  }
  if (base.empty()) {
    base = detail::cat("Sheet", std::to_string(n));
  }
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  };
  // Cut to a length in code points, never inside one, then drop trailing apostrophes.
  const auto cut = [](std::string s, std::size_t max_points) {
    std::size_t points = 0;
    std::size_t i = 0;
    char32_t cp = 0;
    while (i < s.size() && points < max_points) {
      i += std::max<std::size_t>(1, detail::decode_utf8(s, i, cp));
      ++points;
    }
    s.resize(i);
    while (!s.empty() && s.back() == '\'') {
      s.pop_back();
    }
    return s;
  };
  for (std::size_t k = 1;; ++k) {
    const std::string suffix = k == 1 ? std::string() : detail::cat(" (", std::to_string(k), ")");
    std::string name = cut(base, 31 - suffix.size()) + suffix;
    if (lower(name) == "history") {
      name += "_";
    }
    const bool used =
        std::any_of(taken.begin(), taken.end(), [&](const std::string& t) { return lower(t) == lower(name); });
    if (!used) {
      return name;
    }
  }
}

std::string xlsx_bytes(const XlsxBook& book) {
  const Scratch scratch;
  write_to(book, scratch.path);
  return read_file(scratch.path);
}

void write_xlsx(const XlsxBook& book, ByteSink& out) {
  const std::string bytes = xlsx_bytes(book);
  out.write(bytes.data(), bytes.size());
  out.commit();
}

void write_xlsx(const XlsxBook& book, const std::string& path) {
  // Opened first, so a bad target fails before any work; its temporary file
  // and rename make the result atomic.
  OutputFile out(path);
  write_xlsx(book, out);
}

}  // namespace fbkit::render

#include "stats/format.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "core/strings.hpp"
#include "csv/writer.hpp"
#include "stats/state.hpp"
#include "text/unicode.hpp"

namespace fbkit::stats {

namespace {

std::string number_text(double v, int precision) {
  if (!std::isfinite(v)) {
    return "";
  }
  std::string s = fmt::format("{:.{}f}", v, precision);
  // -0.000000 is 0.
  if (s[0] == '-' && s.find_first_not_of("-0.") == std::string::npos) {
    s.erase(0, 1);
  }
  return s;
}

std::string cell_text(const Cell& c, int precision, bool words) {
  if (const auto* i = std::get_if<std::int64_t>(&c)) {
    return std::to_string(*i);
  }
  if (const auto* d = std::get_if<double>(&c)) {
    return number_text(*d, precision);
  }
  if (const auto* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (const auto* b = std::get_if<bool>(&c)) {
    return words ? (*b ? "yes" : "") : (*b ? "true" : "false");
  }
  return "";
}

// Decimals of the numbers people read (md, table, xtab): `precision` for plain
// numbers; a proportion as a percentage with two decimals fewer (12.3%).
struct Digits {
  int plain = 4;
  int percent = 1;
};

std::string human_text(const Column& column, const Cell& c, Digits digits) {
  if (const auto* d = std::get_if<double>(&c); d != nullptr && column.percent && std::isfinite(*d)) {
    return number_text(*d * 100, digits.percent) + "%";
  }
  return cell_text(c, digits.plain, true);
}

std::string_view type_name(ColumnType t) {
  switch (t) {
    case ColumnType::text:
      return "text";
    case ColumnType::integer:
      return "integer";
    case ColumnType::number:
      return "number";
    case ColumnType::boolean:
      return "boolean";
  }
  return "text";
}

std::string render_json(const Table& t, int precision) {
  std::string out = "{\"table\":";
  append_json_string(out, t.name);
  out += ",\"columns\":[";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    out += i > 0 ? "," : "";
    out += "{\"name\":";
    append_json_string(out, t.columns[i].name);
    out += ",\"type\":\"";
    out += type_name(t.columns[i].type);
    out += t.columns[i].key ? "\",\"key\":true}" : "\"}";
  }
  out += "],\"rows\":[";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += r > 0 ? ",\n{" : "\n{";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      out += i > 0 ? "," : "";
      append_json_string(out, t.columns[i].name);
      out += ':';
      const Cell& c = t.rows[r][i];
      if (std::holds_alternative<std::monostate>(c) ||
          (std::holds_alternative<double>(c) && !std::isfinite(std::get<double>(c)))) {
        out += "null";
      } else if (const auto* s = std::get_if<std::string>(&c)) {
        append_json_string(out, *s);
      } else {
        out += cell_text(c, precision, false);
      }
    }
    out += '}';
  }
  out += "]}\n";
  return out;
}

// Newlines and tabs inside text would break a line-based layout; other
// control characters (ESC, OSC ...) would act on the terminal: escaped.
std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  std::replace(s.begin(), s.end(), '\t', ' ');
  return escape_controls(s);
}

bool right_aligned(const Column& c) {
  return c.type == ColumnType::integer || c.type == ColumnType::number;
}

// Cells through the project's one Markdown escaper (core/strings.hpp).
std::string render_md(const Table& t, Digits digits) {
  std::string out = "|";
  for (const Column& c : t.columns) {
    out += ' ';
    out += markdown_escape(c.name);
    out += " |";
  }
  out += "\n|";
  for (const Column& c : t.columns) {
    out += right_aligned(c) ? " ---: |" : " --- |";
  }
  out += '\n';
  for (const auto& row : t.rows) {
    out += '|';
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += ' ';
      out += markdown_escape(human_text(t.columns[i], row[i], digits));
      out += " |";
    }
    out += '\n';
  }
  return out;
}

std::string render_table(const Table& t, Digits digits) {
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> width(t.columns.size(), 0);
  std::vector<std::string> head;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    head.push_back(one_line(t.columns[i].name));
    width[i] = text::display_width(head.back());
  }
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    for (std::size_t i = 0; i < row.size(); ++i) {
      r.push_back(one_line(human_text(t.columns[i], row[i], digits)));
      width[i] = std::max(width[i], text::display_width(r.back()));
    }
    cells.push_back(std::move(r));
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (std::size_t i = 0; i < r.size(); ++i) {
      const std::size_t pad = width[i] - text::display_width(r[i]);
      if (i > 0) {
        l += "  ";
      }
      if (right_aligned(t.columns[i])) {
        l.append(pad, ' ');
        l += r[i];
      } else {
        l += r[i];
        l.append(i + 1 < r.size() ? pad : 0, ' ');
      }
    }
    while (!l.empty() && l.back() == ' ') {
      l.pop_back();
    }
    out += l;
    out += '\n';
  };
  line(head);
  std::vector<std::string> rule;
  for (const std::size_t w : width) {
    rule.emplace_back(w, '-');
  }
  line(rule);
  for (const auto& r : cells) {
    line(r);
  }
  return out;
}

// One record after another, a line per column ("name  value", the names padded
// to one width), a blank line between records: a table too wide for the screen.
std::string render_xtab(const Table& t, Digits digits) {
  std::size_t width = 0;
  std::vector<std::string> names;
  for (const Column& c : t.columns) {
    names.push_back(one_line(c.name));
    width = std::max(width, text::display_width(names.back()));
  }
  std::string out;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += r > 0 ? "\n" : "";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      std::string line = names[i];
      line.append(width - text::display_width(names[i]) + 2, ' ');
      line += one_line(human_text(t.columns[i], t.rows[r][i], digits));
      while (!line.empty() && line.back() == ' ') {
        line.pop_back();
      }
      out += line;
      out += '\n';
    }
  }
  return out;
}

// Tab-separated, a record per line; a tab, newline, carriage return or
// backslash inside a value is written \t, \n, \r, \\ (as Miller and qsv read it,
// and as the partial state writes its text: escape_text).
std::string render_tsv(const Table& t, int precision) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) {
      out += '\t';
    }
    out += escape_text(t.columns[i].name);
  }
  out += '\n';
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) {
        out += '\t';
      }
      out += escape_text(cell_text(row[i], precision, false));
    }
    out += '\n';
  }
  return out;
}

}  // namespace

bool shows_labels(Format format) {
  return format == Format::md || format == Format::table || format == Format::xtab;
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "csv") {
    return Format::csv;
  }
  if (name == "json") {
    return Format::json;
  }
  if (name == "md" || name == "markdown") {
    return Format::md;
  }
  if (name == "table") {
    return Format::table;
  }
  if (name == "tsv") {
    return Format::tsv;
  }
  if (name == "xtab") {
    return Format::xtab;
  }
  return std::nullopt;
}

void render(const Table& t, Format format, const FormatOptions& options, ByteSink& out) {
  const bool machine = format == Format::csv || format == Format::json || format == Format::tsv;
  const int precision = options.precision >= 0 ? options.precision : (machine ? 6 : 4);
  const Digits digits{precision, options.precision >= 0 ? std::max(0, options.precision - 2) : 1};
  if (format == Format::csv) {
    csv::WriterOptions wo;
    wo.bom = options.bom;
    wo.neutralize_formulas = options.excel_safe;
    csv::Writer w(out, wo);  // flushed, not finished: the caller commits
    for (const Column& c : t.columns) {
      w.field(c.name);
    }
    w.end_record();
    for (const auto& row : t.rows) {
      for (const Cell& c : row) {
        w.field(cell_text(c, precision, false));
      }
      w.end_record();
    }
    w.flush();
    return;
  }
  std::string text;
  switch (format) {
    case Format::json:
      text = render_json(t, precision);
      break;
    case Format::md:
      text = render_md(t, digits);
      break;
    case Format::table:
      text = render_table(t, digits);
      break;
    case Format::xtab:
      text = render_xtab(t, digits);
      break;
    case Format::tsv:
      text = render_tsv(t, precision);
      break;
    case Format::csv:
      break;
  }
  out.write(text.data(), text.size());
}

std::string render_string(const Table& table, Format format, const FormatOptions& options) {
  StringSink sink;
  render(table, format, options, sink);
  return sink.str();
}

}  // namespace fbkit::stats

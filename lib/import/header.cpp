#include "import/header.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <string_view>

#include "core/error.hpp"
#include "text/unicode.hpp"

namespace fbkit::import {

namespace {

// Rows read ahead to find the header (besides the rows --header-row skips).
constexpr std::size_t kLookahead = 20;
// Title rows skipped at most without --header-row / --skip-rows.
constexpr std::size_t kMaxTitleRows = 10;

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) {
    return {};
  }
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::size_t nonempty(const std::vector<std::string>& row) {
  return static_cast<std::size_t>(
      std::count_if(row.begin(), row.end(), [](const std::string& f) { return !trim(f).empty(); }));
}

// A number, a date or a time, by its characters: "4", "-1", "47.11", "85%",
// "1.03531E+12", "2017-07-18 08:28:09", "2019/2/20 16:13", "10:30".
bool is_value(std::string_view s) {
  s = trim(s);
  if (s.empty()) {
    return false;
  }
  bool digit = false;
  for (const char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (std::string_view("-+/.:,% TZE").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digit;
}

std::size_t values_in(const std::vector<std::string>& row) {
  return static_cast<std::size_t>(
      std::count_if(row.begin(), row.end(), [](const std::string& f) { return is_value(f); }));
}

// A row that can be a header: mostly names (not numbers or dates), distinct.
bool header_like(const std::vector<std::string>& row) {
  const std::size_t names = nonempty(row);
  if (names < 2 || values_in(row) * 5 > names) {
    return false;
  }
  std::vector<std::string_view> seen;
  for (const std::string& f : row) {
    if (!trim(f).empty()) {
      seen.push_back(trim(f));
    }
  }
  std::sort(seen.begin(), seen.end());
  return std::adjacent_find(seen.begin(), seen.end()) == seen.end();
}

// The distinct non-empty cells of a row: a merged title, which xlsx reading
// repeats over the cells it spans, counts once.
std::size_t distinct(const std::vector<std::string>& row) {
  std::vector<std::string_view> cells;
  for (const std::string& f : row) {
    if (!trim(f).empty()) {
      cells.push_back(trim(f));
    }
  }
  std::sort(cells.begin(), cells.end());
  return static_cast<std::size_t>(std::unique(cells.begin(), cells.end()) - cells.begin());
}

// The leading rows that are titles: a cell or two of a row much wider below
// (a merged "2025年10月门店客户反馈汇总表", a date line, a blank row), the header after them.
std::size_t title_rows(const std::vector<std::vector<std::string>>& rows) {
  std::size_t widest = 0;
  for (const auto& r : rows) {
    widest = std::max(widest, distinct(r));
  }
  if (widest < 3) {
    return 0;
  }
  std::size_t n = 0;
  while (n < rows.size() && n < kMaxTitleRows && distinct(rows[n]) * 3 <= widest && distinct(rows[n]) <= 2) {
    ++n;
  }
  return n < rows.size() && header_like(rows[n]) ? n : 0;
}

bool is_sub_header_word(std::string_view cell) {
  const std::string key = text::normalize_key(std::string(trim(cell)));
  return key == "response" || key == "open-ended response";
}

// A row under the header that names sub-columns: every cell text, and either
// SurveyMonkey's "Response" words or names over columns whose values below
// are numbers or dates (Qualtrics' legacy second row: ResponseID, StartDate ...).
bool sub_header(const std::vector<std::vector<std::string>>& rows, std::size_t at) {
  const std::vector<std::string>& row = rows[at];
  if (nonempty(row) == 0 || values_in(row) > 0) {
    return false;
  }
  if (std::any_of(row.begin(), row.end(), [](const std::string& f) { return is_sub_header_word(f); })) {
    return true;
  }
  if (at + 1 >= rows.size() || nonempty(row) * 2 < nonempty(rows[at - 1])) {
    return false;
  }
  std::size_t contrasts = 0;
  for (std::size_t c = 0; c < row.size(); ++c) {
    if (trim(row[c]).empty()) {
      continue;
    }
    bool values = false;
    bool names = false;
    for (std::size_t r = at + 1; r < rows.size(); ++r) {
      const std::string_view v = c < rows[r].size() ? trim(rows[r][c]) : std::string_view();
      (is_value(v) ? values : names) |= !v.empty();
    }
    contrasts += values && !names ? 1 : 0;
  }
  return contrasts >= 2 && contrasts * 2 >= nonempty(row);
}

// The rows of the header starting at `first`.
std::size_t header_rows(const std::vector<std::vector<std::string>>& rows, std::size_t first) {
  for (std::size_t k = first + 1; k < rows.size() && k <= first + 3; ++k) {
    if (is_import_id_row(rows[k])) {
      return k - first + 1;
    }
  }
  return first + 1 < rows.size() && sub_header(rows, first + 1) ? 2 : 1;
}

}  // namespace

bool is_import_id_row(const std::vector<std::string>& fields) {
  std::size_t ids = 0;
  for (const std::string& f : fields) {
    ids += trim(f).substr(0, 12) == "{\"ImportId\":" ? 1 : 0;
  }
  return ids > 0 && ids * 2 >= nonempty(fields);
}

bool is_total_row(const std::vector<std::string>& fields) {
  static const std::array<std::string_view, 14> kWords = {"合计",     "总计", "小计",    "平均",   "平均值",
                                                          "平均分",   "汇总", "total",   "totals", "grand total",
                                                          "subtotal", "sum",  "average", "mean"};
  std::size_t i = 0;
  while (i < fields.size() && trim(fields[i]).empty()) {
    ++i;
  }
  if (i >= fields.size() || i > 2 || trim(fields[i]).size() > 12) {
    return false;
  }
  // Cheap on every record: no Unicode normalization, ASCII case folded.
  std::string word(trim(fields[i]));
  for (const std::string_view colon : {std::string_view(":"), std::string_view("\xEF\xBC\x9A")}) {  // ':' and '：'
    if (word.size() > colon.size() && word.compare(word.size() - colon.size(), colon.size(), colon) == 0) {
      word.resize(word.size() - colon.size());
    }
  }
  std::transform(word.begin(), word.end(), word.begin(),
                 [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
  if (std::find(kWords.begin(), kWords.end(), word) == kWords.end()) {
    return false;
  }
  return std::all_of(fields.begin() + static_cast<std::ptrdiff_t>(i) + 1, fields.end(),
                     [](const std::string& f) { return trim(f).empty() || is_value(f); });
}

HeaderLayout detect_layout(const std::vector<std::vector<std::string>>& rows, const HeaderOptions& options) {
  HeaderLayout layout;
  if (options.header_row) {
    layout.title_rows = static_cast<std::size_t>(*options.header_row - 1);
  } else if (options.skip_rows) {
    layout.title_rows = static_cast<std::size_t>(*options.skip_rows);
  } else {
    layout.title_rows = title_rows(rows);
  }
  if (layout.title_rows < rows.size()) {
    layout.header_rows = header_rows(rows, layout.title_rows);
  }
  return layout;
}

std::vector<std::string> combine_header(const std::vector<std::vector<std::string>>& rows) {
  std::size_t width = 0;
  for (const auto& r : rows) {
    width = std::max(width, r.size());
  }
  std::vector<std::string> names(width);
  std::string left;  // the first row's last name, for its blank cells
  for (std::size_t c = 0; c < width; ++c) {
    std::vector<std::string> parts;
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::string cell(c < rows[r].size() ? trim(rows[r][c]) : std::string_view());
      if (r == 0 && !cell.empty()) {
        left = cell;
      }
      if (is_import_id_row(rows[r]) || is_sub_header_word(cell) || cell.empty()) {
        continue;
      }
      const std::string key = text::normalize_key(cell);
      if (std::none_of(parts.begin(), parts.end(),
                       [&](const std::string& p) { return text::normalize_key(p) == key; })) {
        parts.push_back(cell);
      }
    }
    const bool first_blank = rows.empty() || c >= rows[0].size() || trim(rows[0][c]).empty();
    if (first_blank && !parts.empty() && !left.empty() && rows.size() > 1) {
      parts.insert(parts.begin(), left);
    }
    for (const std::string& p : parts) {
      names[c] += (names[c].empty() ? "" : " - ") + p;
    }
  }
  return names;
}

namespace {

// The rows of `inner` with the header found: the rows read ahead are replayed
// first, then the rest is passed through, checked against the header.
class HeaderRows : public RowSource {
public:
  HeaderRows(std::unique_ptr<RowSource> inner, std::string path, const HeaderOptions& options)
      : m_inner(std::move(inner)), m_path(std::move(path)) {
    notes = std::move(m_inner->notes);
    const std::size_t skip =
        static_cast<std::size_t>(options.header_row.value_or(1) - 1 + options.skip_rows.value_or(0));
    std::vector<std::vector<std::string>> first = {m_inner->header()};
    Row row;
    row.line = m_inner->header_line();
    row.end_line = row.line;
    row.fields = m_inner->header();
    m_ahead.push_back(row);
    while (m_ahead.size() < skip + kLookahead && m_inner->next(row)) {
      first.push_back(row.fields);
      m_ahead.push_back(row);
    }
    if (skip >= first.size()) {
      throw DataError(m_path + ": " + (options.header_row ? "--header-row " : "--skip-rows ") +
                      std::to_string(options.header_row ? *options.header_row : *options.skip_rows) +
                      ": the file has only " + std::to_string(first.size()) + " rows");
    }
    const HeaderLayout layout = detect_layout(first, options);
    const std::size_t end = layout.title_rows + layout.header_rows;
    m_header_rows.assign(first.begin() + static_cast<std::ptrdiff_t>(layout.title_rows),
                         first.begin() + static_cast<std::ptrdiff_t>(end));
    m_header = layout.header_rows > 1 ? combine_header(m_header_rows) : m_header_rows[0];
    m_recheck = m_header.size() != first[0].size();
    for (std::size_t i = 0; i < m_ahead.size(); ++i) {
      m_ahead[i].problem = i < layout.title_rows ? "title_row" : i < end ? "header_row" : m_ahead[i].problem;
      if (i < end) {
        m_ahead[i].message = m_path + ":" + std::to_string(m_ahead[i].line) +
                             (i < layout.title_rows ? ": a title row above the header" : ": a row of the header");
      }
    }
    const std::int64_t line = m_ahead[layout.title_rows].line;
    m_ahead.erase(m_ahead.begin() + static_cast<std::ptrdiff_t>(layout.title_rows));  // the header itself
    if (layout.title_rows > 0 || layout.header_rows > 1) {
      std::string note = "header on line " + std::to_string(line);
      if (layout.header_rows > 1) {
        note = "header on lines " + std::to_string(line) + "-" +
               std::to_string(m_ahead[layout.title_rows + layout.header_rows - 2].line) +
               ", combined into the column names";
      }
      if (layout.title_rows > 0) {
        note += "; " + std::to_string(layout.title_rows) + (layout.title_rows == 1 ? " title row" : " title rows") +
                " skipped";
      }
      notes.push_back(note);
    }
    for (Row& r : m_ahead) {
      pad_blank_tail(r);  // so that the rows read ahead (sample()) are the records they will be
    }
  }

  const std::vector<std::string>& header() const override { return m_header; }

  bool next(Row& row) override {
    if (!m_ahead.empty()) {
      row = std::move(m_ahead.front());
      m_ahead.pop_front();
      if (!row.problem.empty() && row.problem != "field_count") {
        return true;
      }
    } else if (!m_inner->next(row)) {
      return false;
    }
    if (m_recheck) {
      m_inner->check_width(row, m_header.size());
    }
    pad_blank_tail(row);
    classify(row);
    return true;
  }

  std::vector<std::vector<std::string>> sample() const override {
    std::vector<std::vector<std::string>> rows;
    for (const Row& r : m_ahead) {
      if (r.problem.empty() && !is_total_row(r.fields) &&
          std::none_of(m_header_rows.begin(), m_header_rows.end(), [&](const auto& h) { return h == r.fields; })) {
        rows.push_back(r.fields);
      }
    }
    return rows;
  }
  std::string describe() const override { return m_inner->describe(); }
  std::int64_t replaced_bytes() const override { return m_inner->replaced_bytes(); }
  std::string encoding_warning() const override { return m_inner->encoding_warning(); }
  std::optional<text::DamagedLine> take_damaged(std::int64_t line) override { return m_inner->take_damaged(line); }
  std::int64_t header_line() const override { return m_inner->header_line(); }
  std::vector<std::string> sheet_names() const override { return m_inner->sheet_names(); }
  std::string sheet() const override { return m_inner->sheet(); }
  void check_width(Row& row, std::size_t width) const override { m_inner->check_width(row, width); }

private:
  // A record short only by header-less last columns (a header written with a
  // trailing delimiter, as csv-writer and some Excel macros do, over records
  // without one) loses nothing: it is padded, not a field_count reject.
  void pad_blank_tail(Row& row) const {
    const std::size_t n = row.fields.size();
    if (row.problem != "field_count" || n == 0 || n >= m_header.size() ||
        std::any_of(m_header.begin() + static_cast<std::ptrdiff_t>(n), m_header.end(),
                    [](const std::string& name) { return !trim(name).empty(); })) {
      return;
    }
    row.fields.resize(m_header.size());
    row.problem.clear();
    row.message.clear();
  }

  // A repeated header row or a total row, when the row is well formed.
  void classify(Row& row) const {
    if (!row.problem.empty() || row.fields.empty()) {
      return;
    }
    for (const std::vector<std::string>& h : m_header_rows) {
      if (row.fields[0] == h[0] && row.fields == h) {
        row.problem = "header_row";
        row.message = m_path + ":" + std::to_string(row.line) + ": the header again";
        return;
      }
    }
    if (is_total_row(row.fields)) {
      row.problem = "total_row";
      row.message = m_path + ":" + std::to_string(row.line) + ": a total row";
    }
  }

  std::unique_ptr<RowSource> m_inner;
  std::string m_path;
  std::vector<std::string> m_header;
  std::vector<std::vector<std::string>> m_header_rows;
  std::deque<Row> m_ahead;
  bool m_recheck = false;
};

}  // namespace

std::unique_ptr<RowSource> detect_header(std::unique_ptr<RowSource> rows, const std::string& path,
                                         const HeaderOptions& options) {
  return std::make_unique<HeaderRows>(std::move(rows), path, options);
}

}  // namespace fbkit::import

// Where an export's header is, and which rows are not records: title rows
// above the header, a header of several rows (Qualtrics: ids, question text,
// {"ImportId":...}; SurveyMonkey: question, then "Response"/sub-question),
// the header repeated inside the file (concatenated exports, crawled pages),
// total rows (合计, 总计, 平均, Total). Found on the first rows of each file
// (docs/import.md "Header detection"); such rows are rejected with the reasons
// title_row, header_row and total_row, so that read = written + rejected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "import/source.hpp"

namespace fbkit::import {

// --header-row N / --skip-rows N: where the header is, instead of detected.
struct HeaderOptions {
  std::optional<std::int64_t> header_row;  // 1-based row of the (first) header row
  std::optional<std::int64_t> skip_rows;   // rows above the header
};

// The layout of the first rows of a file.
struct HeaderLayout {
  std::size_t title_rows = 0;   // rows above the header
  std::size_t header_rows = 1;  // rows of the header (> 1: combined into the names)
};

// The layout of `rows` (the file's first rows, the first of them as read as
// its header); `options` fixes where the header starts.
HeaderLayout detect_layout(const std::vector<std::vector<std::string>>& rows, const HeaderOptions& options);

// One name per column from the header's rows (each row padded to the widest):
// the non-empty, distinct parts joined by " - ", a blank cell of the first row
// taking the name on its left when a lower row names a sub-column
// (SurveyMonkey), the {"ImportId":...} row and the words "Response" /
// "Open-Ended Response" left out.
std::vector<std::string> combine_header(const std::vector<std::vector<std::string>>& rows);

// Qualtrics' third header row: its cells are {"ImportId":...}.
bool is_import_id_row(const std::vector<std::string>& fields);

// A total/summary row: its first non-empty cell is 合计, 总计, 平均, Total ...
// and the others, if any, are numbers.
bool is_total_row(const std::vector<std::string>& fields);

// `rows` as a source whose header is where the layout says and whose title,
// header and total rows come out with the problems title_row, header_row and
// total_row. `path` names the file in messages. Notes what it found on
// `notes` ("header on line 3; 2 title rows skipped").
std::unique_ptr<RowSource> detect_header(std::unique_ptr<RowSource> rows, const std::string& path,
                                         const HeaderOptions& options);

}  // namespace fbkit::import

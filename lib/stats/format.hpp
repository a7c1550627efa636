// Renders a stats table: CSV (RFC 4180, for scripts and spreadsheets), TSV,
// JSON, Markdown, an aligned terminal table (Chinese text counted as two
// columns) or xtab (a line per column, for wide tables). md, table and xtab
// show proportions as percentages (12.3%); the machine formats keep 0.123.
// Numbers have a fixed number of decimals, so output is stable byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/io.hpp"
#include "stats/table.hpp"

namespace fbkit::stats {

enum class Format { csv, json, md, table, tsv, xtab };
std::optional<Format> parse_format(std::string_view name);
// Whether `format` is read by people (md, table, xtab): --lang labels it.
bool shows_labels(Format format);

struct FormatOptions {
  int precision = -1;       // decimals of real numbers; -1: 6 for csv/tsv/json, 4 for md/table/xtab (percentages: 1,
                            // else precision - 2)
  bool bom = false;         // csv: a UTF-8 BOM first
  bool excel_safe = false;  // csv: neutralize cells a spreadsheet would run as formulas
};

// Writes `table` to `out` (without committing it).
void render(const Table& table, Format format, const FormatOptions& options, ByteSink& out);
// The same, as a string (tests).
std::string render_string(const Table& table, Format format, const FormatOptions& options = {});

}  // namespace fbkit::stats

// `fbkit report`: the monthly feedback report, built on the stats library so
// that its numbers are stats' numbers.
//
// build() makes a model (JSON): for each section the stats tables it rests on,
// each with the `fbkit stats` arguments that give the same table (the
// cross-check test runs them), plus what only the rows can tell (example
// comments, the oldest overdue items, vague feedback to call back). The html,
// md and xlsx forms are drawn from the model alone.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "render/xlsx.hpp"
#include "stats/labels.hpp"

namespace fbkit::report {

using Json = nlohmann::ordered_json;

enum class Format { html, md, json, xlsx };

struct Options {
  std::vector<std::string> inputs;   // classified canonical CSV; "-" = standard input
  std::string period;                // 2025-10, 2025-Q3, 2025-W42, 2025, last-month; "" = last full month
  std::optional<std::string> as_of;  // default: now (local time); a date alone is its first second, as in stats
  std::string lang = "auto";         // auto: zh or en from the text (language.hpp)
  std::optional<std::string> config_dir;
  std::string events;                // CSV date,label
  std::string volumes;               // CSV period,orders (as stats --volumes)
  std::string invitations;           // CSV channel,invitations
  std::string improvements;          // CSV issue,date[,action]: scores before and after each
  std::vector<std::string> quality;  // --summary JSON files of import and clean
  // Exports a caller (fbkit run) looked for and found missing or empty: objects of
  // channel, files, problem (missing, empty, no_rows), listed in the data-quality part.
  Json exports = Json::array();
  std::vector<std::string> where;  // only rows where COL=V ... (stats --where), every section (scope.hpp)
  bool detail = false;             // keep the period's rows for the workbook's detail sheet (Built::detail)
  // Called with each warning for standard error (a --where value no row has); unset: dropped.
  std::function<void(const std::string&)> warn;
  // labels.yaml as the caller already read it (stats::Labels::load, nothing deferred); null: build reads it.
  std::shared_ptr<const stats::Labels> labels;
};

struct Built {
  Json model;
  std::vector<std::string> breaches;  // alert lines, empty when every target is met
  std::vector<std::string> notes;     // for standard error: the period chosen and its rows, "no period"
  render::Table detail;               // with Options::detail: the period's rows, canonical columns (detail.hpp)
};

// Reads each input once (standard input through a temporary file): every stats
// query and the row scan together. Runs on whatever columns the data has: a
// section whose columns are absent is left out (model "omitted", one line each
// saying why); without received_at every row is reported, with no period.
// UsageError/ConfigError (exit 2) before any work for bad options; DataError
// (exit 1) when the default period (no --range, or last-month) holds no rows
// but the data has rows in other periods.
Built build(const Options& options);

// --lang auto chosen once for several builds (--by) on named files: sets
// options.lang to zh or en (language.hpp) and returns the line for standard
// error; "" when the language was given.
std::string resolve_language(Options& options);

std::string to_html(const Json& model);
std::string to_markdown(const Json& model);
// detail: the period's rows (Built::detail), a last sheet when it has columns.
render::XlsxBook to_xlsx(const Json& model, const render::Table* detail = nullptr);

}  // namespace fbkit::report

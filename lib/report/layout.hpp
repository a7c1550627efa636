// The layout of the report: each section drawn from the model (report.hpp)
// onto a Document (document.hpp), its headings, tables and charts written
// once, saying per block or column which forms leave it out (the model's
// sections are built in section_*.cpp / report.cpp). Internal to lib/report.
#pragma once

#include <string>

#include "report/document.hpp"
#include "report/report.hpp"

namespace fbkit::report {

// The whole report, section after section.
void draw_report(const Json& model, Document& doc);

namespace layout {

// The model's values as text; "–" where a number is missing.
std::string label(const Json& m, const std::string& key);
std::string str(const Json& j);
std::string pct(const Json& j, int decimals = 1);
std::string fixed(const Json& j, int decimals = 2);
std::string integer(const Json& j);
std::string change_pts(const Json& m, const Json& j);  // "+1.2 个百分点" / "+1.2 pp" for a change of shares
std::string points(const Json& j, bool sign = false);  // NPS, a difference of shares, in points: "-38.0"
std::string change_abs(const Json& j);                 // "+0.12" for a change of means
// "显著, q 0.012" / "不显著, q 0.31" from an object's significant and q_value; "–" when untested.
std::string sig(const Json& m, const Json& x);
std::string title_of(const Json& m);
// `shown` for a column or line against a previous period, 0 (nowhere) in a
// report without a time column: it has no previous period, and a column of
// dashes in every row says nothing.
unsigned over_time(const Json& m, unsigned shown);
// Whether the report has a previous period to compare with (a time column).
bool has_previous(const Json& m);
double num(const Json& j);

// The value the workbook stores for a model value: number, text, "yes"/"no", or empty.
render::XlsxValue value(const Json& j);

// Cells: the text above with the workbook's value of the same model value.
Cell text_cell(const Json& j);
Cell int_cell(const Json& j);
Cell pct_cell(const Json& j);
Cell fixed_cell(const Json& j, int decimals = 2);
Cell pts_cell(const Json& m, const Json& j);
Cell abs_cell(const Json& j);
Cell sig_cell(const Json& m, const Json& x);

// The SVG charts of the sections (render/svg.hpp).
std::string channel_chart(const Json& m);
std::string target_chart(const Json& m);
std::string pareto_chart(const Json& m);
std::string trend_chart(const Json& m);

// The sections of layout_followup.cpp (layout.cpp has the first ones).
void draw_followup(const Json& m, Document& doc);
void draw_agents(const Json& m, Document& doc);
void draw_actions(const Json& m, Document& doc);
void draw_method(const Json& m, Document& doc);
// CSAT, low-score rate and NPS as workbook tables (layout_xlsx.cpp).
void draw_rates(const Json& m, Document& doc);

// The sections of layout_summary.cpp: the summary's sentences and KPI tiles
// (unnumbered, first), the overview's sentiment mix per channel.
void draw_summary(const Json& m, Document& doc);
void draw_sentiment(const Json& m, Document& doc);

// The sections of layout_tone.cpp (#16: urgent items, what customers like).
void draw_urgent(const Json& m, Document& doc);
void draw_praise(const Json& m, Document& doc);
// The line counting a section's rows with no text (rows.no_text), when there are any; `key` its label.
void no_text_note(const Json& m, const Json& section, const char* key, Document& doc);

}  // namespace layout

}  // namespace fbkit::report

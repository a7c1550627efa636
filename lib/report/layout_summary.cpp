// The summary (its sentences and the KPI tiles) before the numbered sections,
// and the overview's sentiment mix per channel.
#include <fmt/core.h>

#include <string>
#include <vector>

#include "render/svg.hpp"
#include "report/document.hpp"
#include "report/layout.hpp"

namespace fbkit::report {

using namespace layout;
using render::XlsxType;

namespace {

// A tile's value in its unit: a count, a share, NPS in points.
std::string tile_value(const Json& t, const Json& v) {
  const std::string unit = str(t["unit"]);
  if (unit == "count") {
    return integer(v);
  }
  if (unit == "points") {
    return v.is_number() ? fmt::format("{:.1f}", v.get<double>() * 100) : "–";
  }
  return pct(v);
}

// "+12 (+11.7%)" for a count, "-3.2 个百分点" / "-3.2 pp" for a share or NPS.
std::string tile_change(const Json& m, const Json& t, const Json& x) {
  if (str(t["unit"]) == "points") {  // NPS: a change in points, not percentage points
    return x["change"].is_number() ? fmt::format("{:+.1f}", x["change"].get<double>() * 100) : "–";
  }
  if (str(t["unit"]) != "count") {
    return change_pts(m, x["change"]);
  }
  if (!x["change"].is_number()) {
    return "–";
  }
  std::string out = fmt::format("{:+d}", x["change"].get<std::int64_t>());
  if (x.value("change_rel", Json()).is_number()) {
    out += fmt::format(" ({:+.1f}%)", x["change_rel"].get<double>() * 100);
  }
  return out;
}

// The verdict of a change: significant or not (with q), untested, or nothing for a count.
std::string tile_sig(const Json& m, const Json& t, const Json& x) {
  if (x["significant"].is_boolean()) {
    return sig(m, x);
  }
  return str(t["unit"]) == "count" || !x["change"].is_number() ? "" : label(m, "untested");
}

std::string tile_line(const Json& m, const Json& t, const char* basis, const char* name) {
  const Json& x = t[basis];
  const std::string verdict = tile_sig(m, t, x);
  if (!x["change"].is_number()) {
    return label(m, name) + " " + tile_value(t, x["value"]);
  }
  return fmt::format("{} {} · {}{}", label(m, name), tile_value(t, x["value"]), tile_change(m, t, x),
                     verdict.empty() ? "" : " (" + verdict + ")");
}

void draw_tiles(const Json& m, Document& doc) {
  std::vector<Tile> tiles;
  Table t;
  t.shown = in_md | in_xlsx;
  t.columns = {{label(m, "metric")},   {label(m, "current")},     {label(m, "n"), XlsxType::number},
               {label(m, "previous")}, {label(m, "prev_change")}, {label(m, "significant_column")},
               {label(m, "year_ago")}, {label(m, "yoy_change")},  {label(m, "significant_column")},
               {label(m, "note")}};
  for (const Json& k : m["kpi"]["tiles"]) {
    if (k.contains("absent")) {
      tiles.push_back({str(k["label"]), "—", {str(k["absent"])}});
      t.rows.push_back({text_cell(k["label"]), "—", "", "", "", "", "", "", "", text_cell(k["absent"])});
      continue;
    }
    Tile tile{str(k["label"]), tile_value(k, k["value"]), {}};
    if (k["n"].is_number() && str(k["key"]) != "volume") {
      tile.lines.push_back("n = " + integer(k["n"]));
    }
    tile.lines.push_back(tile_line(m, k, "prev", "previous"));
    tile.lines.push_back(tile_line(m, k, "yoy", "year_ago"));
    tiles.push_back(std::move(tile));
    t.rows.push_back({text_cell(k["label"]),
                      {tile_value(k, k["value"]), value(k["value"])},
                      int_cell(k["n"]),
                      {tile_value(k, k["prev"]["value"]), value(k["prev"]["value"])},
                      {tile_change(m, k, k["prev"]), value(k["prev"]["change"])},
                      tile_sig(m, k, k["prev"]),
                      {tile_value(k, k["yoy"]["value"]), value(k["yoy"]["value"])},
                      {tile_change(m, k, k["yoy"]), value(k["yoy"]["change"])},
                      tile_sig(m, k, k["yoy"]),
                      ""});
  }
  doc.tiles(tiles, in_html);
  doc.table(t);
}

}  // namespace

namespace layout {

void draw_summary(const Json& m, Document& doc) {
  if (!m.contains("summary")) {
    return;
  }
  doc.unnumbered_section(label(m, "summary"));
  const bool zh = str(m["report"]["lang"]) == "zh";
  std::string text;
  Table sheet;
  sheet.shown = in_xlsx;
  sheet.columns = {{label(m, "summary")}};
  for (const Json& s : m["summary"]["sentences"]) {
    text += text.empty() || zh ? "" : " ";
    text += str(s["text"]);
    sheet.rows.push_back({text_cell(s["text"])});
  }
  doc.paragraph(text, in_text);
  doc.table(sheet);
  if (m.contains("kpi")) {                    // no tiles without dates: they compare with the period before
    doc.unnumbered_section(label(m, "kpi"));  // its own sheet in the workbook
    draw_tiles(m, doc);
  }
}

void draw_sentiment(const Json& m, Document& doc) {
  const Json& ov = m["overview"];
  if (!ov.contains("sentiment")) {
    return;
  }
  const Json& mix = ov["sentiment"];
  doc.heading(3, label(m, "sentiment_mix"), in_text);
  render::BarChart c;
  c.title = label(m, "negative_share");
  c.scale = render::Scale::share;
  c.no_data = label(m, "no_data");
  Table t;
  t.columns = {{label(m, "channel")},
               {label(m, "n"), XlsxType::number},
               {label(m, "positive"), XlsxType::percent, 1},
               {label(m, "neutral"), XlsxType::percent, 1},
               {label(m, "negative"), XlsxType::percent, 1}};
  std::vector<Json> rows(mix["channels"].begin(), mix["channels"].end());
  rows.push_back(mix["all"]);
  for (const Json& r : rows) {
    if (&r != &rows.back() || rows.size() > 2) {
      c.bars.push_back({fmt::format("{} (n={})", str(r["label"]), integer(r["n"])), num(r["negative"])});
    }
    t.rows.push_back({text_cell(r["label"]), int_cell(r["n"]), pct_cell(r["positive"]), pct_cell(r["neutral"]),
                      pct_cell(r["negative"])});
  }
  if (!mix["channels"].empty()) {
    doc.chart(render::bar_chart(c));
  }
  doc.table(t);
}

}  // namespace layout

}  // namespace fbkit::report

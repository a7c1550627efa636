// The method and data-quality section: the definitions in the report's
// language (report.yaml's def_* labels) and the --quality summaries, in the
// model and on the page.
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/layout.hpp"
#include "report/sections.hpp"

namespace fbkit::report {

Json method_section(const Config& cfg, Json quality) {
  Json method = Json::object();
  Json definitions = Json::object();
  for (const char* k : {"csat", "low_rate", "nps", "closure_rate", "overdue", "significant", "source"}) {
    definitions[k] = cfg.label(std::string("def_") + k);
  }
  method["definitions"] = std::move(definitions);
  method["quality"] = std::move(quality);
  return method;
}

namespace layout {

namespace {

// A code's word when report.yaml has one ("reason_duplicate": 重复), else the code.
std::string word(const Json& m, const std::string& prefix, const std::string& code) {
  const std::string w = label(m, prefix + code);
  return w == prefix + code ? code : w;
}

}  // namespace

void draw_method(const Json& m, Document& doc) {
  doc.section(label(m, "method"));
  std::vector<Fact> definitions;
  for (const auto& [k, v] : m["method"]["definitions"].items()) {
    definitions.push_back({label(m, k), str(v)});
  }
  doc.facts(label(m, "definitions"), definitions);
  if (m["method"]["quality"].empty()) {
    return;
  }
  Table t;
  t.shown = in_html;
  t.caption = label(m, "quality");
  t.columns = {{label(m, "file")},    {label(m, "command")},          {label(m, "read")},
               {label(m, "written")}, {label(m, "rejected_removed")}, {label(m, "reasons")}};
  for (const Json& q : m["method"]["quality"]) {
    std::string reasons;
    if (q.contains("reasons")) {
      for (const auto& [k, v] : q["reasons"].items()) {
        if (v.is_number() && v.get<std::int64_t>() > 0) {
          reasons += reasons.empty() ? "" : ", ";
          reasons += word(m, "reason_", k) + " " + integer(v);
        }
      }
    }
    t.rows.push_back({str(q["file"]), word(m, "command_", str(q["command"])), integer(q["read"]),
                      integer(q.value("written", Json())),
                      integer(q.contains("rejected") ? q["rejected"] : q.value("removed", Json())), reasons});
  }
  doc.table(t);
}

}  // namespace layout

}  // namespace fbkit::report

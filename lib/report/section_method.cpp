// The method and data-quality section: the definitions in the report's
// language (report.yaml's def_* labels) and the --quality summaries, in the
// model and on the page.
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/layout.hpp"
#include "report/sections.hpp"

namespace fbkit::report {

Json method_section(const Config& cfg, Json quality, const Json& exports, const Context* ctx, bool timed) {
  Json method = Json::object();
  Json definitions = Json::object();
  const auto has = [&](const char* column) { return ctx == nullptr || ctx->has(column); };
  const std::pair<const char*, bool> defs[] = {{"csat", has("score_overall")},
                                               {"low_rate", has("score_overall")},
                                               {"nps", has("nps_score")},
                                               {"closure_rate", has("status")},
                                               {"overdue", has("status") && has("due_at")},
                                               {"significant", ctx == nullptr || timed},
                                               {"source", true}};
  for (const auto& [k, shown] : defs) {
    if (shown) {  // no definition of a figure the report cannot show
      definitions[k] = cfg.label(std::string("def_") + k);
    }
  }
  method["definitions"] = std::move(definitions);
  method["quality"] = std::move(quality);
  if (!exports.empty()) {
    method["exports"] = exports;
  }
  return method;
}

namespace layout {

namespace {

// A code's word when report.yaml has one ("reason_duplicate": 重复), else the code.
std::string word(const Json& m, const std::string& prefix, const std::string& code) {
  const std::string w = label(m, prefix + code);
  return w == prefix + code ? code : w;
}

// The exports fbkit run found missing or empty (Options::exports), one row each.
void draw_exports(const Json& m, Document& doc) {
  if (!m["method"].contains("exports")) {
    return;
  }
  Table t;
  t.caption = label(m, "exports");
  t.columns = {{label(m, "channel")}, {label(m, "export_files")}, {label(m, "problem")}};
  for (const Json& e : m["method"]["exports"]) {
    t.rows.push_back({str(e["channel"]), str(e["files"]), word(m, "problem_", str(e["problem"]))});
  }
  doc.table(t);
}

}  // namespace

void draw_method(const Json& m, Document& doc) {
  doc.section(label(m, "method"));
  std::vector<Fact> definitions;
  for (const auto& [k, v] : m["method"]["definitions"].items()) {
    definitions.push_back({label(m, k), str(v)});
  }
  doc.facts(label(m, "definitions"), definitions);
  draw_exports(m, doc);
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

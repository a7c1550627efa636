#include "stats/settings.hpp"

#include "config/yaml.hpp"
#include "core/strings.hpp"

namespace fbkit::stats {

std::string normalize_followup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string_view rest = text.substr(i);
    if (rest.substr(0, 3) == "，") {
      out += ',';
      i += 2;
    } else if (rest.substr(0, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      i += 2;
    } else if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r') {
      out += text[i];
    }
  }
  return ascii_lower(out);
}

namespace {

// `f` of each item of a list (lower-cased or normalized copies).
std::vector<std::string> mapped(const std::vector<std::string>& in, std::string (*f)(std::string_view)) {
  std::vector<std::string> out;
  for (const std::string& v : in) {
    out.push_back(f(v));
  }
  return out;
}

// Reads the layered tree; every mistake is recorded in `diag`.
void read_settings(const yaml::Node& root, Settings& s, Diagnostics& diag) {
  if (!yaml::check_map(
          root, {"version", "min_n", "fdr_family", "complaint_categories", "satisfied_followup_texts", "fcr", "terms"},
          diag)) {
    return;
  }
  std::int64_t version = 1;
  if (diag.attempt([&] { version = root.integer("version", 1); }) && version != 1) {
    yaml::record(diag, root["version"], "unsupported version (this fbkit reads version 1)");
  }
  if (diag.attempt([&] { s.min_n = root.required_integer("min_n"); }) && s.min_n < 0) {
    yaml::record(diag, root["min_n"], "must be 0 or more");
  }
  std::string family;
  if (diag.attempt([&] { family = root.required_str("fdr_family"); })) {
    if (family == "metric" || family == "period") {
      s.fdr_family = parse_fdr_family(family);
    } else {
      yaml::record(diag, root["fdr_family"], "must be metric or period");
    }
  }
  diag.attempt([&] { s.complaint_categories = root.strings("complaint_categories"); });
  diag.attempt(
      [&] { s.satisfied_followup_texts = mapped(root.strings("satisfied_followup_texts"), normalize_followup); });
  if (const yaml::Node fcr = root["fcr"]; yaml::check_section(fcr, {"columns", "yes", "no"}, diag)) {
    diag.attempt([&] { s.fcr_columns = fcr.strings("columns"); });
    diag.attempt([&] { s.fcr_yes = mapped(fcr.strings("yes"), ascii_lower); });
    diag.attempt([&] { s.fcr_no = mapped(fcr.strings("no"), ascii_lower); });
  }
  if (const yaml::Node terms = root["terms"]; yaml::check_section(terms, {"stop_chars", "stop_words"}, diag)) {
    diag.attempt([&] { s.stop_chars = terms.strings("stop_chars"); });
    diag.attempt([&] { s.stop_words = mapped(terms.strings("stop_words"), ascii_lower); });
  }
}

}  // namespace

Settings load_settings(const config::Document& doc) {
  Settings s;
  Diagnostics diag(doc.origin);
  diag.attempt([&] { read_settings(yaml::Node::parse_over(config::Store().get("stats.yaml"), doc), s, diag); });
  diag.checkpoint();
  return s;
}

}  // namespace fbkit::stats

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

Settings load_settings(const config::Document& doc) {
  const yaml::Node root = yaml::Node::parse(doc);
  root.expect_map(
      {"version", "min_n", "fdr_family", "complaint_categories", "satisfied_followup_texts", "fcr", "terms"});
  Settings s;
  if (root.has("version") && root["version"].integer() != 1) {
    root["version"].fail("unsupported version (this fbkit reads version 1)");
  }
  s.min_n = root.integer("min_n", 30);
  if (s.min_n < 0) {
    root["min_n"].fail("must be 0 or more");
  }
  if (root.has("fdr_family")) {
    const std::string family = root["fdr_family"].str();
    if (family != "metric" && family != "period") {
      root["fdr_family"].fail("must be metric or period");
    }
    s.fdr_family = parse_fdr_family(family);
  }
  s.complaint_categories = root.strings("complaint_categories");
  for (const std::string& t : root.strings("satisfied_followup_texts")) {
    s.satisfied_followup_texts.push_back(normalize_followup(t));
  }
  const yaml::Node fcr = root["fcr"];
  if (!fcr.is_null()) {
    fcr.expect_map({"columns", "yes", "no"});
    s.fcr_columns = fcr.strings("columns");
    for (const std::string& v : fcr.strings("yes")) {
      s.fcr_yes.push_back(ascii_lower(v));
    }
    for (const std::string& v : fcr.strings("no")) {
      s.fcr_no.push_back(ascii_lower(v));
    }
  }
  const yaml::Node terms = root["terms"];
  if (!terms.is_null()) {
    terms.expect_map({"stop_chars", "stop_words"});
    s.stop_chars = terms.strings("stop_chars");
    for (const std::string& w : terms.strings("stop_words")) {
      s.stop_words.push_back(ascii_lower(w));
    }
  }
  return s;
}

}  // namespace fbkit::stats

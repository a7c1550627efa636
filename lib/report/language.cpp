#include "report/language.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

#include "core/schema.hpp"
#include "core/strings.hpp"
#include "csv/reader.hpp"

namespace fbkit::report {

namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

bool is_latin(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// The text columns of a header: text and text_<name>.
std::vector<std::size_t> text_columns(const std::vector<std::string>& header) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (schema::is_text(header[i])) {
      out.push_back(i);
    }
  }
  return out;
}

// A column an export brought under its own name (Priority, 处理人): not canonical,
// not appended by import, clean or classify.
bool is_own_column(const std::string& name) {
  const auto& appended = schema::classify_columns();
  return schema::find(name) == nullptr && !schema::is_score(name) && !schema::is_text(name) &&
         name != schema::kSourceFile && name != schema::kSourceLine && name != "flags" &&
         name.rfind("column_", 0) != 0 && std::find(appended.begin(), appended.end(), name) == appended.end();
}

// The letters of the text columns of the first rows; in `names`, those of
// the export's own column names.
Script scan_inputs(const Context& ctx, Script& names) {
  Script script;
  for (const std::string& path : ctx.inputs) {
    FileSource src(path);
    csv::Reader reader(src);
    const std::vector<std::string> header = reader.read_header();
    for (const std::string& name : header) {
      if (is_own_column(name)) {
        count_script(name, names);
      }
    }
    const std::vector<std::size_t> columns = text_columns(header);
    csv::Record record;
    while (!columns.empty() && script.rows < kLanguageRows && reader.next(record)) {
      ++script.rows;
      for (const std::size_t c : columns) {
        if (c < record.size()) {
          count_script(record[c], script);
        }
      }
    }
  }
  return script;
}

}  // namespace

void count_script(std::string_view text, Script& script) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(text, i, cp);
    if (n == 0) {
      ++i;  // not UTF-8: neither
      continue;
    }
    script.cjk += is_cjk(cp) ? 1 : 0;
    script.latin += is_latin(cp) ? 1 : 0;
    i += n;
  }
}

std::string choose_language(const std::string& option, const Context& ctx, std::string& note) {
  note.clear();
  if (option != "auto") {
    return option;
  }
  Script names;
  const Script s = scan_inputs(ctx, names);
  const std::int64_t letters = s.cjk + s.latin;
  if (letters == 0 && names.cjk + names.latin > 0) {
    // No text (a ticket export of metrics only): the export's own column names
    // (Priority, Solved at; 处理人, 回访结果) are in the language its users read.
    std::string lang = names.cjk > 0 ? "zh" : "en";
    note = fmt::format("language {}: no text; the export's own column names are {} (--lang {} for {})", lang,
                       lang == "zh" ? "Chinese" : "not Chinese", lang == "zh" ? "en" : "zh",
                       lang == "zh" ? "English" : "Chinese");
    return lang;
  }
  if (letters == 0) {
    note = "language zh: no text to tell it by (--lang en for English)";
    return "zh";
  }
  const double share = static_cast<double>(s.cjk) / static_cast<double>(letters);
  std::string lang = share >= kChineseShare ? "zh" : "en";
  // Rounded down, so a share just below the bound never reads as the bound.
  const int percent = static_cast<int>(share * 100);
  note = fmt::format("language {}: {}% of the text's letters are Chinese (zh from {:.0f}%; --lang {} for {})", lang,
                     percent, kChineseShare * 100, lang == "zh" ? "en" : "zh", lang == "zh" ? "English" : "Chinese");
  return lang;
}

}  // namespace fbkit::report

#include "text/language.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/schema.hpp"
#include "core/strings.hpp"

namespace fbkit::text {

namespace {

bool is_cjk(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

bool is_latin(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// A column an export brought under its own name (Priority, 处理人): not canonical,
// not appended by import, clean or classify.
bool is_own_column(const std::string& name) {
  const auto& appended = schema::classify_columns();
  return schema::find(name) == nullptr && !schema::is_score(name) && !schema::is_text(name) &&
         name != schema::kSourceFile && name != schema::kSourceLine && name != "flags" &&
         name.rfind("column_", 0) != 0 && std::find(appended.begin(), appended.end(), name) == appended.end();
}

// Whether code point `c` is punctuation, a symbol or a space (says_something()).
bool filler(std::uint32_t c) {
  return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
         (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) || c == 0xFEFF;
}

}  // namespace

bool says_something(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) {
        return true;
      }
      ++i;
      continue;
    }
    // The lead byte's length alone, as classify reads it (continuation bytes unchecked).
    const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0;
    if (n == 0 || i + n > text.size()) {
      return true;
    }
    std::uint32_t c = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    if (!filler(c)) {
      return true;
    }
    i += n;
  }
  return false;
}

bool only_mentions(std::string_view text) {
  constexpr std::string_view kWideAt = "\xEF\xBC\xA0";     // ＠ U+FF20
  constexpr std::string_view kWideSpace = "\xE3\x80\x80";  // U+3000
  bool any = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto space = [&](std::size_t at) {
      const char c = text[at];
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || text.substr(at, 3) == kWideSpace;
    };
    if (space(i)) {
      i += text[i] == '\xE3' ? 3 : 1;
      continue;
    }
    const std::size_t at = text[i] == '@' ? 1 : text.substr(i, 3) == kWideAt ? 3 : 0;
    if (at == 0) {
      return false;  // a word that tags nobody
    }
    std::size_t end = i + at;
    while (end < text.size() && !space(end)) {
      ++end;
    }
    if (end == i + at) {
      return false;  // a lone @
    }
    any = true;
    i = end;
  }
  return any;
}

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

void LanguageScan::header(const std::vector<std::string>& header) {
  m_columns.clear();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (schema::is_text(header[i])) {
      m_columns.push_back(i);
    } else if (is_own_column(header[i])) {
      count_script(header[i], m_names);
    }
  }
}

void LanguageScan::row(const std::vector<std::string_view>& fields) {
  ++m_text.rows;
  for (const std::size_t c : m_columns) {
    if (c < fields.size()) {
      count_script(fields[c], m_text);
    }
  }
}

std::string LanguageScan::choose(std::string& note) const {
  const std::int64_t letters = m_text.cjk + m_text.latin;
  if (letters == 0 && m_names.cjk + m_names.latin > 0) {
    // No text (a ticket export of metrics only): the export's own column names
    // (Priority, Solved at; 处理人, 回访结果) are in the language its users read,
    // by the share the text's is judged by: one ideograph among English
    // questions (a mis-decoded byte pair) does not make them Chinese.
    const double share = static_cast<double>(m_names.cjk) / static_cast<double>(m_names.cjk + m_names.latin);
    std::string lang = share >= kChineseShare ? "zh" : "en";
    note = fmt::format("language {}: no text; the export's own column names are {} (--lang {} for {})", lang,
                       lang == "zh" ? "Chinese" : "not Chinese", lang == "zh" ? "en" : "zh",
                       lang == "zh" ? "English" : "Chinese");
    return lang;
  }
  if (letters == 0) {
    note = "language zh: no text to tell it by (--lang en for English)";
    return "zh";
  }
  const double share = static_cast<double>(m_text.cjk) / static_cast<double>(letters);
  std::string lang = share >= kChineseShare ? "zh" : "en";
  // Rounded down, so a share just below the bound never reads as the bound.
  const int percent = static_cast<int>(share * 100);
  note = fmt::format("language {}: {}% of the text's letters are Chinese (zh from {:.0f}%; --lang {} for {})", lang,
                     percent, kChineseShare * 100, lang == "zh" ? "en" : "zh", lang == "zh" ? "English" : "Chinese");
  return lang;
}

std::string choose_language(const std::string& option, const LanguageScan& scan, std::string& note) {
  note.clear();
  return option == "auto" ? scan.choose(note) : option;
}

}  // namespace fbkit::text

#include "text/language.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

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

// Whether `text` holds a character that is no punctuation, symbol or space (says_something()).
bool has_content(std::string_view text) {
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

// The length of the space at text[i] (ASCII white space, U+00A0, U+2000-U+200B, U+202F, U+205F,
// U+3000: social platforms put a no-break or thin space after a tag), else 0.
std::size_t space_at(std::string_view text, std::size_t i) {
  const auto b = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0U; };
  if (b(0) == ' ' || b(0) == '\t' || b(0) == '\n' || b(0) == '\r') {
    return 1;
  }
  if (b(0) == 0xC2 && b(1) == 0xA0) {
    return 2;
  }
  const bool general =
      b(0) == 0xE2 && ((b(1) == 0x80 && (b(2) <= 0x8B || b(2) == 0xAF)) || (b(1) == 0x81 && b(2) == 0x9F));
  return general || (b(0) == 0xE3 && b(1) == 0x80 && b(2) == 0x80) ? 3 : 0;
}

}  // namespace

bool says_something(std::string_view text) {
  return has_content(text) && !only_mentions(text);
}

bool only_mentions(std::string_view text) {
  constexpr std::string_view kWideAt = "\xEF\xBC\xA0";  // ＠ U+FF20
  constexpr std::size_t kMaxWidth = 16;  // a name's width at most (a CJK character 2): 8 characters, 16 letters
  bool any = false;
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t n = space_at(text, i); n != 0) {
      i += n;
      continue;
    }
    const std::size_t at = text[i] == '@' ? 1 : text.substr(i, 3) == kWideAt ? 3 : 0;
    if (at == 0) {
      return false;  // a word that tags nobody
    }
    // The name: letters, digits and ideographs up to a space; punctuation or too long a run means
    // words follow the tag (@客服：…, @京东客服喝了你们的牛奶拉肚子了).
    std::size_t width = 0;
    std::size_t end = i + at;
    while (end < text.size() && space_at(text, end) == 0) {
      char32_t cp = 0;
      const std::size_t n = decode_utf8(text, end, cp);
      if (n == 0 || cp == '@' ||
          (cp < 0x80 && !std::isalnum(static_cast<unsigned char>(cp)) && cp != '_' && cp != '-' && cp != '.') ||
          (cp >= 0x80 && filler(cp))) {
        return false;
      }
      width += cp < 0x1100 ? 1 : 2;
      end += n;
    }
    if (end == i + at || width > kMaxWidth) {
      return false;  // a lone @, or a name too long to be one
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

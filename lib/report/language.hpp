// --lang auto: the report's language chosen from the data, by how much of the
// customers' text is written in Chinese characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "report/context.hpp"

namespace fbkit::report {

// What the text columns (text, text_*) of the first rows hold.
struct Script {
  std::int64_t cjk = 0;    // CJK ideographs (U+3400-U+9FFF, U+F900-U+FAFF, U+20000-U+2FFFF)
  std::int64_t latin = 0;  // Latin letters (A-Z, a-z, U+00C0-U+024F)
  std::int64_t rows = 0;   // rows read
};

// The rows read at most, over all inputs: enough to tell the language, and a
// large file is not read twice.
constexpr std::int64_t kLanguageRows = 10000;
// zh when CJK ideographs are at least this share of the letters: a Chinese
// character is about a word, an English word about five letters, so at 20%
// the two languages carry about as many words.
constexpr double kChineseShare = 0.2;

// Counts the characters of `text` into `script`.
void count_script(std::string_view text, Script& script);

// The report's language: `option` when it is zh or en; for auto, zh or en
// from the text columns of the inputs' first kLanguageRows rows (without a
// letter there, from the export's own column names: zh when they hold a CJK
// ideograph, en when only Latin letters; zh when there are none, the former
// default), with the line for standard error
// in `note` ("" for an explicit language).
std::string choose_language(const std::string& option, const Context& ctx, std::string& note);

}  // namespace fbkit::report

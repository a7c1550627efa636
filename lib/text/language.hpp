// --lang auto: zh or en chosen from the data, by how much of the customers'
// text is written in Chinese characters (fbkit report and fbkit stats alike);
// and whether a text says anything at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::text {

// What some text holds.
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

// Whether `text` says something: a letter, a digit, an ideograph or any other
// character that is not punctuation, a symbol or a space (general and CJK
// punctuation, full-width forms, Latin-1 signs, the BOM); a byte that starts no
// UTF-8 character counts as something said. "。。。" and "!!" say nothing, nor
// does a text that only tags people (only_mentions()). The test classify's
// no_text and the report's quoting share (with the placeholders of
// sentiment.yaml, which say nothing either).
bool says_something(std::string_view text);

// Whether `text` only tags people: every word between spaces (ASCII white space,
// U+00A0, U+2000-U+200B, U+202F, U+205F, U+3000) is @ or ＠ and a name of letters,
// digits, ideographs, _ - . at most 16 wide (a CJK character 2: 8 of them)
// ("@小秦每天睡不饱", "@Ann @Bo"). A social-media comment that tags a friend says
// nothing of its own. Punctuation after the tag (@客服：…) or a longer run
// (@京东客服喝了你们的牛奶拉肚子了) is words after a tag: read. A short complaint run
// into the tag without a space (@客服垃圾) cannot be told from a name and is
// read as one.
bool only_mentions(std::string_view text);

// The evidence for --lang auto, gathered while the inputs are read: the text
// columns (text, text_*) of the first kLanguageRows rows of all inputs
// together, and the names of the export's own columns (Priority, 处理人).
class LanguageScan {
public:
  // A new input's header.
  void header(const std::vector<std::string>& header);
  // Whether the next row of the current input still counts.
  bool wants_rows() const { return !m_columns.empty() && m_text.rows < kLanguageRows; }
  // One row of the current input (call while wants_rows()).
  void row(const std::vector<std::string_view>& fields);

  // zh or en, with the line for standard error in `note`: by the text's share
  // of CJK ideographs; without a letter there, by the export's own column
  // names, by the same share of their letters; zh when there are none (the
  // former default).
  std::string choose(std::string& note) const;

private:
  std::vector<std::size_t> m_columns;  // the current input's text columns
  Script m_text;
  Script m_names;
};

// The language of a --lang `option` (auto, zh or en): itself when zh or en
// (`note` ""); for auto, scan.choose(note).
std::string choose_language(const std::string& option, const LanguageScan& scan, std::string& note);

}  // namespace fbkit::text

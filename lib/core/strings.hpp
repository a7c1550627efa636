// Small string helpers shared by the modules (ASCII only; Unicode lives in text/),
// and the one way a message or a text output shows a value read from a file.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit {

// [-+]digits[.digits] or [-+].digits: no exponent, no spaces, no junk.
bool is_decimal(std::string_view s);

// ASCII letters lower-cased; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view s);

// Levenshtein distance (single-byte edits), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Decodes the code point starting at s[i] into cp and returns its length in
// bytes, or 0 when the bytes there are not well-formed UTF-8 (overlong forms,
// surrogates, values above U+10FFFF and truncated sequences included).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

// The characters of UTF-8 text: its bytes that are no continuation bytes (a column is this + 1).
std::size_t utf8_chars(std::string_view s);

// "0x81 0x20": at most the first 4 bytes of `p`, for a message naming bytes that are not text.
std::string hex_bytes(const char* p, std::size_t n);

// Byte -> character offsets in one UTF-8 text, each in at most 64 bytes of counting: the count
// at every 64th byte is kept (counting from the start for each of many offsets of a long text
// was quadratic). The text is viewed, not copied: it must outlive the index.
class CharIndex {
public:
  void reset(std::string_view text);
  std::string_view text() const { return m_text; }
  // The characters before byte offset `byte` (at most the text's size).
  std::size_t at(std::size_t byte) const;

private:
  static constexpr std::size_t kStep = 64;
  std::string_view m_text;
  std::vector<std::size_t> m_counts;  // characters before byte i * kStep
};

// Text made safe for a terminal: C0 and C1 control characters (ESC, BEL, CSI,
// the start of OSC ...), DEL, the bidirectional overrides and invalid UTF-8
// become visible escapes (\x1b, \u{9b}, \u{202e}, \xff); everything else,
// CJK included, is kept. The control characters in `keep` (e.g. "\n") stay.
std::string escape_controls(std::string_view s, std::string_view keep = {});

// Text inert in a Markdown table cell or line, also when the Markdown is
// turned into HTML, and readable as it is (no HTML entities: "3.96 < 4.00"):
// a < that could open a tag, a & that could start an entity and a leading >
// are backslash-escaped, as are | \ ` * _ [ ]; a
// line break or tab becomes a space (CR dropped); other control characters as
// by escape_controls(). The one Markdown escaper (stats --format md, report md).
std::string markdown_escape(std::string_view s);

// A value read from a file, as a message shows it: escaped as by
// escape_controls(), cut to at most `max_chars` characters (then ending in
// "…"), in single quotes. Every message that shows file content uses it.
std::string quote_value(std::string_view s, std::size_t max_chars = 60);

// The same without the quotes (a key in a key path).
std::string excerpt(std::string_view s, std::size_t max_chars = 60);

// `text` with its "{}" replaced by `values` in turn (a label's count: "另有 {} 条"); a "{}"
// without a value stays, a value without a "{}" is dropped.
std::string fill_in(std::string text, std::initializer_list<std::string_view> values);

// Calls pred on each item of a ';'-separated list cell (problem_types, praise_aspect,
// matched_rules, a --multi issue), empty items included ("a;" has two, "" one), until
// pred returns true; whether it did. The one reader of those cells.
template <class Pred>
bool any_item(std::string_view list, Pred&& pred) {
  for (std::size_t i = 0; i <= list.size();) {
    std::size_t j = list.find(';', i);
    j = j == std::string_view::npos ? list.size() : j;
    if (pred(list.substr(i, j - i))) {
      return true;
    }
    i = j + 1;
  }
  return false;
}

// Appends `item` (not empty) to the ';'-separated list cell `list` unless the list holds it
// already: --multi's issues and categories, praise_aspect. The writer beside any_item().
void add_item(std::string& list, std::string_view item);

// Appends `s` to `out` as a JSON string: quotes and backslashes escaped, \n
// and \t by name, other control characters as \u00XX; UTF-8 as it is. The
// one JSON string writer of the hand-written JSON outputs (stats --format
// json, classify --explain).
void append_json_string(std::string& out, std::string_view s);

}  // namespace fbkit

#include "core/strings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <vector>

namespace fbkit {

bool is_decimal(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    ++i;
  }
  bool digits = false;
  bool dot = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digits;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c + 32);
    }
  }
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len = 0;
  char32_t min = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

namespace {

// Whether a terminal could act on the code point instead of showing it.
bool is_control(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0x202A && cp <= 0x202E) ||  // bidirectional embeddings and overrides
         (cp >= 0x2066 && cp <= 0x2069);    // bidirectional isolates
}

// Appends s escaped, stopping before the character that would make it longer
// than max_chars characters. Whether all of s was appended.
bool append_escaped(std::string& out, std::string_view s, std::string_view keep, std::size_t max_chars) {
  std::size_t chars = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode_utf8(s, i, cp);
    std::string piece;
    if (len == 0) {
      piece = fmt::format("\\x{:02x}", static_cast<unsigned char>(s[i]));
    } else if (is_control(cp) && !(cp < 0x80 && keep.find(static_cast<char>(cp)) != std::string_view::npos)) {
      piece = cp < 0x80 ? fmt::format("\\x{:02x}", static_cast<unsigned>(cp))
                        : fmt::format("\\u{{{:x}}}", static_cast<unsigned>(cp));
    }
    const std::size_t width = piece.empty() ? 1 : piece.size();
    if (chars + width > max_chars) {
      return false;
    }
    chars += width;
    if (piece.empty()) {
      out.append(s.substr(i, len));
    } else {
      out += piece;
    }
    i += len == 0 ? 1 : len;
  }
  return true;
}

}  // namespace

std::string escape_controls(std::string_view s, std::string_view keep) {
  std::string out;
  out.reserve(s.size());
  append_escaped(out, s, keep, static_cast<std::size_t>(-1));
  return out;
}

std::string markdown_escape(std::string_view s) {
  const std::string e = escape_controls(s, "\n\r\t");
  std::string out;
  out.reserve(e.size());
  const auto ascii_alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  for (std::size_t i = 0; i < e.size(); ++i) {
    const char c = e[i];
    const char next = i + 1 < e.size() ? e[i + 1] : '\0';
    switch (c) {
      case '<':
        // Only "<" before a letter, / ! or ? can open a tag, a comment or an
        // autolink; "3.96 < 4.00" stays as it reads.
        out += ascii_alnum(next) || next == '/' || next == '!' || next == '?' ? "\\<" : "<";
        break;
      case '&':
        out += ascii_alnum(next) || next == '#' ? "\\&" : "&";  // &lt; &#60; would be entities
        break;
      case '>':
        // A block quote only at the start of a line (the text is one line).
        out += out.find_first_not_of(' ') == std::string::npos ? "\\>" : ">";
        break;
      case '\n':
      case '\t':
        out += ' ';
        break;
      case '\r':
        break;
      case '|':
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

void add_item(std::string& list, std::string_view item) {
  if (!list.empty() && any_item(list, [&](std::string_view x) { return x == item; })) {
    return;
  }
  list += list.empty() ? "" : ";";
  list += item;
}

std::string fill_in(std::string text, std::initializer_list<std::string_view> values) {
  std::size_t from = 0;
  for (const std::string_view v : values) {
    const std::size_t at = text.find("{}", from);
    if (at == std::string::npos) {
      break;
    }
    text.replace(at, 2, v);
    from = at + v.size();
  }
  return text;
}

std::string excerpt(std::string_view s, std::size_t max_chars) {
  std::string out;
  if (append_escaped(out, s, {}, max_chars)) {
    return out;
  }
  out.clear();  // too long: one character fewer, then the ellipsis
  append_escaped(out, s, {}, max_chars == 0 ? 0 : max_chars - 1);
  out += "\u2026";
  return out;
}

std::string quote_value(std::string_view s, std::size_t max_chars) {
  std::string out(1, '\'');
  out += excerpt(s, max_chars);
  out += '\'';
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20) {
      out += "\\u00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

std::size_t utf8_chars(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
  }
  return n;
}

std::string hex_bytes(const char* p, std::size_t n) {
  std::string s;
  static const char digits[] = "0123456789ABCDEF";
  for (std::size_t i = 0; i < std::min<std::size_t>(n, 4); ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    s += (i ? " 0x" : "0x");
    s += digits[b >> 4];
    s += digits[b & 15];
  }
  return s;
}

void CharIndex::reset(std::string_view text) {
  m_text = text;
  m_counts.assign(text.size() / kStep + 1, 0);
  std::size_t n = 0;
  for (std::size_t block = 0; block * kStep < text.size(); ++block) {
    m_counts[block] = n;
    n += utf8_chars(text.substr(block * kStep, kStep));
  }
  if (text.size() % kStep == 0) {
    m_counts[text.size() / kStep] = n;
  }
}

std::size_t CharIndex::at(std::size_t byte) const {
  byte = std::min(byte, m_text.size());
  const std::size_t from = byte / kStep * kStep;
  return m_counts[byte / kStep] + utf8_chars(m_text.substr(from, byte - from));
}

}  // namespace fbkit

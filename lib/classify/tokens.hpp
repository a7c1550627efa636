// The sentiment model's tokens of a text, one at a time: the rule of
// tokenize() (sentiment.hpp), which writes them out, and of the model's input
// rows found straight from the text (InputRows::rows_of), which do not.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fbkit::classify {

// The length of the UTF-8 sequence at text[i] and its code point; 1 and the
// byte itself when the sequence is invalid. Not fbkit::decode_utf8
// (core/strings.hpp), which also refuses overlong forms and surrogates (with 0):
// here they keep their length, as tokenize() has always cut them, so no text's
// tokens change (train_sentiment.py reads valid text only).
inline std::size_t decode_or_byte(std::string_view text, std::size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(text[i]);
  const std::size_t len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 1;
  cp = b;
  if (len == 1 || i + len > text.size()) {
    return 1;
  }
  char32_t v = b & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      return 1;
    }
    v = (v << 6) | (c & 0x3F);
  }
  cp = v;
  return len;
}

inline bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Calls emit(token) for each token of `text`, in order: a run of ASCII letters
// and digits (lowercased: then a view of `word`, else of `text`), any other
// ASCII character above the space, and any other character (an invalid UTF-8
// byte alone) but U+00A0, U+3000 and U+FEFF; white space and control
// characters only separate.
template <typename Emit>
void each_token(std::string_view text, std::string& word, Emit&& emit) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (!ascii_alnum(c)) {
        if (c > 0x20) {
          emit(text.substr(i, 1));
        }
        ++i;
        continue;
      }
      std::size_t j = i;
      bool upper = false;
      for (; j < text.size() && ascii_alnum(static_cast<unsigned char>(text[j])); ++j) {
        upper = upper || (text[j] >= 'A' && text[j] <= 'Z');
      }
      if (!upper) {
        emit(text.substr(i, j - i));
      } else {
        word.assign(text.substr(i, j - i));
        for (char& ch : word) {
          ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
        }
        emit(std::string_view(word));
      }
      i = j;
      continue;
    }
    // The common case first: a character from U+4000 to U+9FFF (E4 to E9 lead), none of the spaces below.
    if (c >= 0xE4 && c <= 0xE9 && i + 3 <= text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) & 0xC0) == 0x80) {
      emit(text.substr(i, 3));
      i += 3;
      continue;
    }
    char32_t cp = 0;
    const std::size_t len = decode_or_byte(text, i, cp);
    if (cp != 0xA0 && cp != 0x3000 && cp != 0xFEFF) {
      emit(text.substr(i, len));
    }
    i += len;
  }
}

}  // namespace fbkit::classify

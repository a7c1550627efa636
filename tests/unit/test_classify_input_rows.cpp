#include <doctest/doctest.h>
#include <fasttext/fasttext.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "classify/input_rows.hpp"

using fbkit::classify::InputRows;

extern "C" const char fbkit_builtin_model[];
extern "C" const char fbkit_builtin_model_end[];

namespace {

// The UTF-8 bytes of code point `cp` (below U+10000).
std::string utf8(std::uint32_t cp) {
  std::string s;
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return s;
}

}  // namespace

TEST_CASE("classify::InputRows finds the rows fastText's Dictionary::getLine finds, CJK characters by table") {
  fasttext::FastText ft;
  std::istringstream bytes(std::string(fbkit_builtin_model + 8, fbkit_builtin_model_end));  // after the header
  ft.loadModel(bytes);
  const InputRows input(ft);
  REQUIRE(input.usable());
  const auto dict = ft.getDictionary();
  std::vector<std::string> lines = {
      "送 餐 快 ， 味 道 不 错", "app 闪 退 了 三 次", "中文 不 分 开", "great service",
      // not one well-formed CJK character: a cut one, a stray continuation byte, one glued to ASCII
      "\xE4\xB8 好", "\xE4\xB8\xAD\x80 好", "\xE4\xB8\xADx 好", "好\xE4", "</s> 好", "__label__positive 好", "好"};
  // Every code point of the table's range (U+3000 to U+9FFF) and its edges, 40 to a line.
  std::string line;
  for (std::uint32_t cp = 0x2FF0, n = 1; cp <= 0xA010; ++cp, ++n) {
    line += utf8(cp) + ' ';
    if (n % 40 == 0) {
      lines.push_back(line);
      line.clear();
    }
  }
  lines.push_back(line);
  std::vector<std::int32_t> got, words, labels;
  std::size_t rows = 0;
  for (const std::string& l : lines) {
    CAPTURE(l);
    input.rows(l, got);
    std::istringstream in(l + "\n");
    dict->getLine(in, words, labels);
    CHECK(got == words);
    rows += got.size();
  }
  CHECK(rows > lines.size() * 10);  // words and their n-grams found, not empty lines
}

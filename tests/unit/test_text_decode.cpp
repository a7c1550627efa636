#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "helpers.hpp"
#include "text/encoding.hpp"

using namespace fbkit::text;

namespace {

// Bytes of a UTF-8 string in another encoding, by ICU.
std::string encode(const std::string& utf8, const char* to) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                 static_cast<int32_t>(utf8.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string drain(fbkit::ByteSource& src, std::size_t n = 65536) {
  std::string out;
  std::string buf(n, '\0');
  while (const std::size_t k = src.read(buf.data(), buf.size())) {
    out.append(buf.data(), k);
  }
  return out;
}

std::string decode(const std::string& bytes, Encoding enc, std::size_t step = 1 << 20, std::size_t n = 65536,
                   BadBytes policy = BadBytes::error) {
  fbkit::test::Chunked raw(bytes, step);
  DecodingSource d(raw, enc, policy);
  return drain(d, n);
}

const std::string kText = "反馈编号,反馈内容\n1,\"服务态度很好，物流快\"\n2,𠀀 生僻字 and ASCII\n";

}  // namespace

TEST_CASE("text::detect_encoding tells BOMs, UTF-16, UTF-8 and GB18030 apart") {
  CHECK(detect_encoding("\xEF\xBB\xBFid\n", true)->how == "BOM");
  CHECK(detect_encoding("\xFF\xFEi\0d\0", true)->encoding == Encoding::utf16le);
  CHECK(detect_encoding("\xFE\xFF\0i\0d", true)->encoding == Encoding::utf16be);
  CHECK(detect_encoding(encode(kText, "UTF-16LE"), true)->how == "UTF-16 without BOM");
  CHECK(detect_encoding(encode(kText, "UTF-16BE"), true)->encoding == Encoding::utf16be);
  CHECK(detect_encoding(kText, true)->how == "valid UTF-8");
  CHECK(detect_encoding("plain ascii", true)->encoding == Encoding::utf8);
  const auto gb = detect_encoding(encode(kText, "GB18030"), true);
  REQUIRE(gb);
  CHECK(gb->encoding == Encoding::gb18030);
  CHECK(gb->how == "valid GB18030");
  CHECK(encode("𠀀", "GB18030") == "\x95\x32\x82\x36");
}

TEST_CASE("text::detect_encoding accepts a sample cut inside a character") {
  const std::string cut = kText.substr(0, kText.find("服") + 1);  // the first byte of 服
  CHECK(detect_encoding(cut, false)->encoding == Encoding::utf8);
  const auto odd = detect_encoding("\x80\x80\xfd\xfc\x80", true);
  CHECK_FALSE(odd.has_value());
}

TEST_CASE("text::DecodingSource decodes every encoding across any chunk boundary") {
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    CAPTURE(step);
    CHECK(decode(kText, Encoding::utf8, step) == kText);
    CHECK(decode(encode(kText, "GB18030"), Encoding::gb18030, step) == kText);
    CHECK(decode(encode(kText, "UTF-16LE"), Encoding::utf16le, step) == kText);
    CHECK(decode(encode(kText, "UTF-16BE"), Encoding::utf16be, step) == kText);
    CHECK(decode("\xFF\xFE" + encode(kText, "UTF-16LE"), Encoding::utf16le, step) == kText);
  }
  CHECK(decode(encode("服務很好", "Big5"), Encoding::big5) == "服務很好");
  CHECK(decode("caf\xE9", Encoding::latin1) == "café");
  CHECK(decode("\xEF\xBB\xBFid", Encoding::utf8) == "id");
  CHECK(decode(kText, Encoding::utf8, 1, 2) == kText);  // a reader asking for 2 bytes at a time
}

TEST_CASE("text::DecodingSource names the line of the first invalid byte") {
  const std::string gbk_in_utf8 = "a\nb\nok " + encode("坏", "GBK") + "\n";
  CHECK_THROWS_WITH_AS(decode(gbk_in_utf8, Encoding::utf8),
                       "in.csv:3: invalid utf-8 byte sequence 0xBB (not utf-8? "
                       "name the encoding with --encoding, or use --on-bad-bytes replace)",
                       fbkit::DataError);
  CHECK_THROWS_WITH_AS(decode("x\n\x81\x20", Encoding::gb18030),
                       "in.csv:2: invalid gb18030 byte sequence 0x81 (not gb18030? name the encoding with "
                       "--encoding, or use --on-bad-bytes replace)",
                       fbkit::DataError);
  CHECK_THROWS_AS(decode("ok\xE4\xB8", Encoding::utf8), fbkit::DataError);  // cut short at the end
}

TEST_CASE("text::DecodingSource replaces and counts invalid bytes when asked") {
  fbkit::StringSource raw(
      "a\xff"
      "b\xC0\xAF"
      "c",
      "x");
  DecodingSource d(raw, Encoding::utf8, BadBytes::replace);
  CHECK(drain(d) ==
        "a\xEF\xBF\xBD"
        "b\xEF\xBF\xBD\xEF\xBF\xBD"
        "c");
  CHECK(d.replaced() == 3);
  fbkit::StringSource raw2("x\x81\x20y", "x");
  DecodingSource d2(raw2, Encoding::gb18030, BadBytes::replace);
  CHECK(drain(d2).find("y") != std::string::npos);
  CHECK(d2.replaced() >= 1);
}

TEST_CASE("text::DecodingSource counts replacements per source, also with several open") {
  fbkit::StringSource a_raw(
      "a\x81\x20"
      "b",
      "a");
  fbkit::StringSource b_raw("ok", "b");
  DecodingSource a(a_raw, Encoding::gb18030, BadBytes::replace);
  DecodingSource b(b_raw, Encoding::gb18030, BadBytes::replace);  // opened after a, as import does
  drain(a);
  drain(b);
  CHECK(a.replaced() == 1);
  CHECK(b.replaced() == 0);
}

TEST_CASE("text::open_utf8 detects from a sample and replays it, also past 1 MiB") {
  std::string big = "id,text\n";
  while (big.size() < (3u << 20)) {
    big += "1,服务态度很好\n";
  }
  const std::string gb = encode(big, "GB18030");
  fbkit::StringSource raw(gb, "big.csv");
  Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
  CHECK(o.detection.encoding == Encoding::gb18030);
  CHECK(drain(*o.source) == big);

  fbkit::StringSource undecidable("\x80\x80\x80\xff\xff", "odd.csv");
  CHECK_THROWS_WITH_AS(open_utf8(undecidable, std::nullopt, BadBytes::error),
                       "odd.csv: cannot tell the encoding (not UTF-8, UTF-16 or GB18030); name it with --encoding "
                       "if you know it: it is not Big5 or Latin-1 text either (a binary file?)",
                       fbkit::DataError);
  fbkit::StringSource forced(std::string("\xFE\xFF\0h\0i", 6), "f.csv");
  Opened f = open_utf8(forced, Encoding::utf16le, BadBytes::error);
  CHECK(f.detection.encoding == Encoding::utf16be);
  CHECK(drain(*f.source) == "hi");
}

// Spec tests for text/encoding beyond test_text_decode.cpp: names, 4-byte
// GB18030, forced encodings and BOMs, exact messages, small reads, and inputs
// whose sample (1 MiB) and rest disagree.
#include <doctest/doctest.h>

#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "text/encoding.hpp"
#include "text/unicode.hpp"

using namespace fbkit::text;

namespace {

// Bytes of a UTF-8 string in another encoding, by ICU.
std::string to_bytes(const std::string& utf8, const char* to) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  const int32_t n = ucnv_convert(to, "UTF-8", out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                 static_cast<int32_t>(utf8.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// Returns at most `step` bytes per read.
class Chunked : public fbkit::ByteSource {
public:
  Chunked(std::string data, std::size_t step, std::string name = "in.csv")
      : m_data(std::move(data)), m_step(step), m_name(std::move(name)) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t k = std::min({n, m_step, m_data.size() - m_pos});
    std::memcpy(buf, m_data.data() + m_pos, k);
    m_pos += k;
    return k;
  }
  const std::string& name() const override { return m_name; }

private:
  std::string m_data;
  std::size_t m_step;
  std::size_t m_pos = 0;
  std::string m_name;
};

// Everything a source yields, asking for `n` bytes per read.
std::string read_all(fbkit::ByteSource& src, std::size_t n = 65536) {
  std::string out;
  std::string buf(n, '\0');
  while (const std::size_t k = src.read(buf.data(), buf.size())) {
    out.append(buf.data(), k);
  }
  return out;
}

std::string decode_with(const std::string& bytes, Encoding enc, std::size_t step, std::size_t n = 65536,
                        BadBytes policy = BadBytes::error) {
  Chunked raw(bytes, step);
  DecodingSource d(raw, enc, policy);
  return read_all(d, n);
}

std::string message_of(const std::string& bytes, Encoding enc, std::size_t step = 1 << 20) {
  try {
    decode_with(bytes, enc, step);
  } catch (const fbkit::DataError& e) {
    return e.what();
  }
  return "(no error)";
}

std::string hint(const char* enc) {
  return std::string(" (not ") + enc + "? name the encoding with --encoding, or use --on-bad-bytes replace)";
}

const std::string kMixed = "编号,内容,备注\n1,\"退款慢，客服态度差\",𠀀𪚥\n2,Great service!,€ café\n";

}  // namespace

TEST_CASE("text::parse_encoding accepts the documented names in any case") {
  CHECK(parse_encoding("UTF-8") == Encoding::utf8);
  CHECK(parse_encoding("utf8") == Encoding::utf8);
  CHECK(parse_encoding("GB18030") == Encoding::gb18030);
  CHECK(parse_encoding("gbk") == Encoding::gbk);
  CHECK(parse_encoding("CP936") == Encoding::gbk);
  CHECK(parse_encoding("gb2312") == Encoding::gbk);
  CHECK(parse_encoding("utf-16") == Encoding::utf16le);
  CHECK(parse_encoding("UTF-16LE") == Encoding::utf16le);
  CHECK(parse_encoding("utf-16be") == Encoding::utf16be);
  CHECK(parse_encoding("Big5") == Encoding::big5);
  CHECK(parse_encoding("latin1") == Encoding::latin1);
  CHECK(parse_encoding("ISO-8859-1") == Encoding::latin1);
  CHECK_FALSE(parse_encoding("shift_jis").has_value());
  CHECK_FALSE(parse_encoding("").has_value());
  for (const Encoding e : {Encoding::utf8, Encoding::utf16le, Encoding::utf16be, Encoding::gb18030, Encoding::gbk,
                           Encoding::big5, Encoding::latin1}) {
    CHECK(parse_encoding(encoding_name(e)) == e);
  }
  CHECK(encoding_name(Encoding::utf8) == "utf-8");
  CHECK(encoding_name(Encoding::latin1) == "latin1");
}

TEST_CASE("text::detect_encoding reports BOM sizes and how it decided") {
  const auto u8 = detect_encoding("\xEF\xBB\xBF编号\n", true);
  CHECK(u8->encoding == Encoding::utf8);
  CHECK(u8->bom_bytes == 3);
  const auto le = detect_encoding("\xFF\xFE" + to_bytes("编号,内容\n", "UTF-16LE"), true);
  CHECK(le->encoding == Encoding::utf16le);
  CHECK(le->bom_bytes == 2);
  CHECK(le->how == "BOM");
  const auto be = detect_encoding("\xFE\xFF" + to_bytes("编号,内容\n", "UTF-16BE"), true);
  CHECK(be->encoding == Encoding::utf16be);
  CHECK(be->bom_bytes == 2);
  const auto be_plain = detect_encoding(to_bytes("id,text\n1,服务\n", "UTF-16BE"), true);
  CHECK(be_plain->encoding == Encoding::utf16be);
  CHECK(be_plain->how == "UTF-16 without BOM");
  CHECK(be_plain->bom_bytes == 0);
  // 一 is U+4E00: NULs on the "wrong" side too, but far fewer.
  const auto yi = detect_encoding(to_bytes("编号,内容\n1,一般\n2,一流服务\n", "UTF-16LE"), true);
  CHECK(yi->encoding == Encoding::utf16le);
  CHECK(yi->how == "UTF-16 without BOM");
  const auto ascii = detect_encoding("id,text\n1,ok\n", true);
  CHECK(ascii->encoding == Encoding::utf8);
  CHECK(ascii->how == "valid UTF-8");
  CHECK(detect_encoding("", true)->encoding == Encoding::utf8);
}

TEST_CASE("text::detect_encoding takes GBK and 4-byte GB18030 text as GB18030, not UTF-8") {
  const std::string gbk = to_bytes("服务态度很好\n", "GBK");
  const auto d = detect_encoding(gbk, true);
  REQUIRE(d);
  CHECK(d->encoding == Encoding::gb18030);
  CHECK(d->how == "valid GB18030");
  const auto four = detect_encoding("id\n\x95\x32\x82\x36\n", true);  // U+20000
  REQUIRE(four);
  CHECK(four->encoding == Encoding::gb18030);
  // Cut inside the 4-byte character: fine for a sample, not for a whole input.
  CHECK(detect_encoding("id\n\x95\x32\x82", false)->encoding == Encoding::gb18030);
  CHECK_FALSE(detect_encoding("id\n\x95\x32\x82", true).has_value());
}

TEST_CASE("text::detect_encoding accepts a UTF-8 sample cut inside a 4-byte character") {
  const std::string s = "id,text\n1,𠀀";  // F0 A0 80 80 at the end
  for (std::size_t cut = 1; cut <= 3; ++cut) {
    CAPTURE(cut);
    const auto d = detect_encoding(s.substr(0, s.size() - cut), false);
    REQUIRE(d);
    CHECK(d->encoding == Encoding::utf8);
  }
  CHECK(detect_encoding(s, true)->encoding == Encoding::utf8);
  CHECK(detect_encoding(s.substr(0, s.size() - 2), true)->encoding != Encoding::utf8);
}

TEST_CASE("text::DecodingSource round-trips every encoding with 1- and 7-byte reads on both sides") {
  const std::string big5_text = "編號,內容\n1,服務很好，物流快\n";
  const std::string latin1_text = "id,text\n1,café naïve ÿ ©\n";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}}) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
      CAPTURE(step);
      CAPTURE(n);
      CHECK(decode_with(kMixed, Encoding::utf8, step, n) == kMixed);
      CHECK(decode_with(to_bytes(kMixed, "GB18030"), Encoding::gb18030, step, n) == kMixed);
      CHECK(decode_with(to_bytes(kMixed, "UTF-16LE"), Encoding::utf16le, step, n) == kMixed);
      CHECK(decode_with("\xFE\xFF" + to_bytes(kMixed, "UTF-16BE"), Encoding::utf16be, step, n) == kMixed);
      CHECK(decode_with(to_bytes(big5_text, "Big5"), Encoding::big5, step, n) == big5_text);
      CHECK(decode_with(to_bytes("服务态度很好\n", "GBK"), Encoding::gbk, step, n) == "服务态度很好\n");
      CHECK(decode_with(to_bytes(latin1_text, "ISO-8859-1"), Encoding::latin1, step, n) == latin1_text);
    }
  }
}

TEST_CASE("text::DecodingSource drops only a leading BOM") {
  CHECK(decode_with("\xEF\xBB\xBF" "a\xEF\xBB\xBF" "b", Encoding::utf8, 1) == "a\xEF\xBB\xBF" "b");
  CHECK(decode_with("\xEF\xBB\xBF", Encoding::utf8, 1).empty());
  CHECK(decode_with("\x84\x31\x95\x33id", Encoding::gb18030, 1) == "id");  // the GB18030 BOM
  CHECK(decode_with(std::string("\xFF\xFE" "a\0", 4), Encoding::utf16le, 7) == "a");
}

TEST_CASE("text::DecodingSource names the line and at most 4 bytes of a bad sequence") {
  CHECK(message_of("a\nb\n\x81\x20x", Encoding::utf8) == "in.csv:3: invalid utf-8 byte sequence 0x81" + hint("utf-8"));
  CHECK(message_of("a\nb\nx\xE4\xB8 y", Encoding::utf8, 1) ==
        "in.csv:3: invalid utf-8 byte sequence 0xE4 0xB8" + hint("utf-8"));
  const std::string gb = to_bytes("第一行\n第二行\n", "GB18030") + "ok\x81\x20";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    CAPTURE(step);
    CHECK(message_of(gb, Encoding::gb18030, step) ==
          "in.csv:3: invalid gb18030 byte sequence 0x81" + hint("gb18030"));
  }
  CHECK(message_of("a\nb\n\xA1\x20", Encoding::big5) == "in.csv:3: invalid big5 byte sequence 0xA1" + hint("big5"));
}

TEST_CASE("text::DecodingSource rejects a multibyte sequence cut off at the end of input") {
  CHECK(message_of("a\n\xF0\xA0\x80", Encoding::utf8, 1) ==
        "in.csv:2: invalid utf-8 byte sequence 0xF0 0xA0 0x80" + hint("utf-8"));
  CHECK(message_of("a\n\x95\x32\x82", Encoding::gb18030, 1) ==
        "in.csv:2: invalid gb18030 byte sequence 0x95 0x32 0x82" + hint("gb18030"));
  CHECK(message_of(std::string("a\0\n\0b", 5), Encoding::utf16le, 1) ==
        "in.csv:2: invalid utf-16le byte sequence 0x62" + hint("utf-16le"));
}

TEST_CASE("text::DecodingSource never yields invalid UTF-8, even from lone UTF-16 surrogates") {
  const std::string lone("a\0\x00\xD8" "b\0", 6);  // a, U+D800 alone, b
  CHECK_THROWS_AS(decode_with(lone, Encoding::utf16le, 1), fbkit::DataError);
  Chunked raw(lone, 1);
  DecodingSource d(raw, Encoding::utf16le, BadBytes::replace);
  const std::string out = read_all(d);
  CHECK(is_valid_utf8(out));
  CHECK(out == "a\xEF\xBF\xBD" "b");
  CHECK(d.replaced() == 1);
}

TEST_CASE("text::DecodingSource in replace mode counts each bad sequence, whatever the chunking") {
  const std::string gb = "a\x81\x20" "b\xFF" "c" + to_bytes("好", "GB18030") + "\x95\x32\x82";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    CAPTURE(step);
    Chunked raw(gb, step);
    DecodingSource d(raw, Encoding::gb18030, BadBytes::replace);
    CHECK(read_all(d, 3) == "a\xEF\xBF\xBD b\xEF\xBF\xBD" "c好\xEF\xBF\xBD");
    CHECK(d.replaced() == 3);
    Chunked raw8("x\xFFy\xE4\xB8", step);
    DecodingSource d8(raw8, Encoding::utf8, BadBytes::replace);
    CHECK(read_all(d8, 5) == "x\xEF\xBF\xBDy\xEF\xBF\xBD");
    CHECK(d8.replaced() == 2);
  }
}

TEST_CASE("text::open_utf8 uses a forced encoding and still skips its BOM") {
  Chunked big5(to_bytes("編號\n服務\n", "Big5"), 7, "b.csv");
  Opened b = open_utf8(big5, Encoding::big5, BadBytes::error);
  CHECK(b.detection.how == "forced");
  CHECK(b.detection.encoding == Encoding::big5);
  CHECK(read_all(*b.source) == "編號\n服務\n");

  Chunked latin(std::string("caf\xE9\n\xA9", 6), 1, "l.csv");
  Opened l = open_utf8(latin, Encoding::latin1, BadBytes::error);
  CHECK(read_all(*l.source) == "café\n©");

  Chunked bom("\xEF\xBB\xBFid\n", 1, "u.csv");
  Opened u = open_utf8(bom, Encoding::utf8, BadBytes::error);
  CHECK(u.detection.how == "forced");
  CHECK(u.detection.bom_bytes == 3);
  CHECK(read_all(*u.source) == "id\n");

  Chunked le("\xFF\xFE" + to_bytes("编号\n", "UTF-16LE"), 7, "w.csv");
  Opened w = open_utf8(le, parse_encoding("utf-16"), BadBytes::error);
  CHECK(w.detection.encoding == Encoding::utf16le);
  CHECK(w.detection.bom_bytes == 2);
  CHECK(read_all(*w.source) == "编号\n");
}

TEST_CASE("text::open_utf8 replays a sample cut mid-character on inputs over 1 MiB") {
  std::string text = "id,text\n";
  while (text.size() < (1u << 20) + 100000) {
    text += "1,客服 𠀀 ok\n";  // 1-, 3- and 4-byte characters: the sample cuts one of them
  }
  for (const std::size_t step : {std::size_t{7}, std::size_t{1} << 16}) {
    CAPTURE(step);
    Chunked u8(text, step, "u8.csv");
    Opened a = open_utf8(u8, std::nullopt, BadBytes::error);
    CHECK(a.detection.how == "valid UTF-8");
    CHECK(read_all(*a.source, 4093) == text);

    Chunked u16(to_bytes(text, "UTF-16BE"), step, "u16.csv");
    Opened b = open_utf8(u16, std::nullopt, BadBytes::replace);
    CHECK(b.detection.encoding == Encoding::utf16be);
    CHECK(read_all(*b.source) == text);
    CHECK(b.decoder->replaced() == 0);
  }
}

TEST_CASE("text::open_utf8 reports GBK bytes after a UTF-8 first MiB at their line") {
  std::string text;
  std::int64_t lines = 0;
  while (text.size() < (1u << 20) + 5000) {
    text += "1,好评\n";
    ++lines;
  }
  text += "2," + to_bytes("差评", "GBK") + "\n";
  Chunked raw(text, 1 << 16, "mixed.csv");
  Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
  CHECK(o.detection.encoding == Encoding::utf8);
  CHECK_THROWS_WITH_AS(read_all(*o.source),
                       ("mixed.csv:" + std::to_string(lines + 1) + ": invalid utf-8 byte sequence 0xB2" +
                        hint("utf-8"))
                           .c_str(),
                       fbkit::DataError);

  Chunked again(text, 1 << 16, "mixed.csv");
  Opened r = open_utf8(again, std::nullopt, BadBytes::replace);
  const std::string out = read_all(*r.source);
  CHECK(is_valid_utf8(out));
  CHECK(r.decoder->replaced() > 0);
}

TEST_CASE("text::open_utf8 refuses an input it cannot identify") {
  Chunked odd("\x80\x80\xFF id", 3, "odd.csv");
  CHECK_THROWS_WITH_AS(open_utf8(odd, std::nullopt, BadBytes::error),
                       "odd.csv: cannot tell the encoding (not UTF-8, UTF-16 or GB18030); name it with --encoding "
                       "gbk|big5|latin1|...",
                       fbkit::DataError);
}

// Spec tests for text/encoding beyond test_text_decode.cpp: names, 4-byte
// GB18030, forced encodings and BOMs, exact messages, small reads, inputs
// whose sample (1 MiB) and rest disagree, and files of UTF-8 and GBK lines.
#include <doctest/doctest.h>
#include <unicode/ucnv.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"
#include "helpers.hpp"
#include "text/encoding.hpp"
#include "text/unicode.hpp"

using fbkit::test::Chunked;
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
                           Encoding::big5, Encoding::latin1, Encoding::cp1252}) {
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

TEST_CASE("text::detect_encoding needs Chinese text for GB18030: a few Western bytes are Windows-1252, guessed") {
  // MacRoman residue after a question (the real SurveyMonkey StarWars.csv): GB18030's 屾 by chance.
  const auto poll = detect_encoding("id,Are you a fan?\x8C\xE6,Seen\n1,Yes,No\n", true);
  REQUIRE(poll);
  CHECK(poll->encoding == Encoding::cp1252);
  CHECK(poll->how == "guessed");
  CHECK(poll->guess ==
        "encoding guessed: windows-1252 (2 bytes are not ASCII, first on line 1: 0x8C 0xE6; not UTF-8, and as "
        "GB18030 they would make no common Chinese character; --encoding NAME if it is another)");
  // An accented letter before a letter, in Windows-1252: M\xFCller, G\xF6rli (GBK extension characters).
  const auto names = detect_encoding("name,city\nM\xFCller,G\xF6rlitz\n", true);
  REQUIRE(names);
  CHECK(names->encoding == Encoding::cp1252);
  CHECK(decode_with("M\xFCller \x8C\xE6", Encoding::cp1252, 3) == "Müller Œæ");
  // One common character is Chinese text: GB18030 as before (好 = BA C3), as is a four-byte one.
  CHECK(detect_encoding("id,text\n1,\x8C\xE6\xBA\xC3\n", true)->encoding == Encoding::gb18030);
  CHECK(detect_encoding("id\n\x95\x32\x82\x36\n", true)->encoding == Encoding::gb18030);
  CHECK(detect_encoding(to_bytes("编号,内容\n1,服务很好\n", "GBK"), true)->guess.empty());
  // A byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): GB18030 as before.
  CHECK(detect_encoding("id\n\x8D\xE6\n", true)->encoding == Encoding::gb18030);
  CHECK(parse_encoding("Windows-1252") == Encoding::cp1252);
  CHECK(parse_encoding("cp1252") == Encoding::cp1252);
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
  CHECK(decode_with("\xEF\xBB\xBF"
                    "a\xEF\xBB\xBF"
                    "b",
                    Encoding::utf8, 1) ==
        "a\xEF\xBB\xBF"
        "b");
  CHECK(decode_with("\xEF\xBB\xBF", Encoding::utf8, 1).empty());
  CHECK(decode_with("\x84\x31\x95\x33id", Encoding::gb18030, 1) == "id");  // the GB18030 BOM
  CHECK(decode_with(std::string("\xFF\xFE"
                                "a\0",
                                4),
                    Encoding::utf16le, 7) == "a");
}

TEST_CASE("text::DecodingSource names the line and at most 4 bytes of a bad sequence") {
  CHECK(message_of("a\nb\n\x81\x20x", Encoding::utf8) == "in.csv:3: invalid utf-8 byte sequence 0x81" + hint("utf-8"));
  CHECK(message_of("a\nb\nx\xE4\xB8 y", Encoding::utf8, 1) ==
        "in.csv:3: invalid utf-8 byte sequence 0xE4 0xB8" + hint("utf-8"));
  const std::string gb = to_bytes("第一行\n第二行\n", "GB18030") + "ok\x81\x20";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    CAPTURE(step);
    CHECK(message_of(gb, Encoding::gb18030, step) == "in.csv:3: invalid gb18030 byte sequence 0x81" + hint("gb18030"));
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
  const std::string lone(
      "a\0\x00\xD8"
      "b\0",
      6);  // a, U+D800 alone, b
  CHECK_THROWS_AS(decode_with(lone, Encoding::utf16le, 1), fbkit::DataError);
  Chunked raw(lone, 1);
  DecodingSource d(raw, Encoding::utf16le, BadBytes::replace);
  const std::string out = read_all(d);
  CHECK(is_valid_utf8(out));
  CHECK(out ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(d.replaced() == 1);
}

TEST_CASE("text::DecodingSource in replace mode counts each bad sequence, whatever the chunking") {
  const std::string gb =
      "a\x81\x20"
      "b\xFF"
      "c" +
      to_bytes("好", "GB18030") + "\x95\x32\x82";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    CAPTURE(step);
    Chunked raw(gb, step);
    DecodingSource d(raw, Encoding::gb18030, BadBytes::replace);
    CHECK(read_all(d, 3) ==
          "a\xEF\xBF\xBD b\xEF\xBF\xBD"
          "c好\xEF\xBF\xBD");
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

TEST_CASE("text::open_utf8 reads GBK lines after a UTF-8 first MiB as GB18030, and names them") {
  std::string text;
  std::int64_t lines = 0;
  while (text.size() < (1u << 20) + 5000) {
    text += "1,好评\n";
    ++lines;
  }
  const std::string raw_text = text + "2," + to_bytes("差评", "GBK") + "\n";
  for (const std::size_t step : {std::size_t{7}, std::size_t{1} << 16}) {
    CAPTURE(step);
    Chunked raw(raw_text, step, "mixed.csv");
    Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
    CHECK(o.detection.encoding == Encoding::utf8);
    CHECK(o.detection.how == "valid UTF-8");
    CHECK(read_all(*o.source, 4093) == text + "2,差评\n");
    CHECK(o.decoder->line_counts().gb18030 == 1);
    CHECK(o.decoder->line_counts().first_gb18030 == lines + 1);
    CHECK(describe_lines(o.decoder->line_counts(), Encoding::utf8) ==
          "mixed encodings: 1 of " + std::to_string(lines + 1) + " lines read as GB18030 (first: line " +
              std::to_string(lines + 1) + "), the rest as UTF-8");
  }
  // Forced, the encoding is strict: the GBK line is an error at its line.
  Chunked forced(raw_text, 1 << 16, "mixed.csv");
  Opened f = open_utf8(forced, Encoding::utf8, BadBytes::error);
  CHECK_THROWS_WITH_AS(
      read_all(*f.source),
      ("mixed.csv:" + std::to_string(lines + 1) + ": invalid utf-8 byte sequence 0xB2" + hint("utf-8")).c_str(),
      fbkit::DataError);
}

namespace {

std::int64_t count_lines(const std::string& s) {
  return std::count(s.begin(), s.end(), '\n');
}

struct LineRead {
  std::string text;
  LineCounts counts;
  Detection detection;
};

// Detects and reads `bytes` whole, with `step` raw bytes and `n` decoded bytes per read.
LineRead read_lines(const std::string& bytes, std::size_t step = 1 << 20, std::size_t n = 65536,
                    BadBytes policy = BadBytes::error) {
  Chunked raw(bytes, step);
  Opened o = open_utf8(raw, std::nullopt, policy);
  LineRead r;
  r.text = read_all(*o.source, n);
  r.counts = o.decoder->line_counts();
  r.detection = o.detection;
  return r;
}

}  // namespace

// Lines can be told apart before decoding because '\n' (0x0A) is never part
// of a multi-byte character: GBK/GB18030 lead bytes are 0x81-0xFE, trail bytes
// 0x40-0xFE (and 0x30-0x39 in 4-byte sequences); UTF-8 uses only 0x80-0xFF.
TEST_CASE("text::open_utf8 reads a file of UTF-8 and GBK lines line by line, whatever the reads") {
  const std::string utf8 = "编号,内容\r\n1,好评，物流快\r\n";
  const std::string gbk_text = "2,快递太慢了\r\n3,客服态度差\r\n";
  const std::string bytes = utf8 + to_bytes(gbk_text, "GBK") + "4,ok 👍 😀\r\n";
  for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
    for (const std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
      CAPTURE(step);
      CAPTURE(n);
      const LineRead r = read_lines(bytes, step, n);
      CHECK(r.detection.mixed);
      CHECK(r.detection.how == "UTF-8 and GB18030 lines");
      CHECK(r.detection.encoding == Encoding::utf8);  // the first line that tells
      CHECK(r.text == utf8 + gbk_text + "4,ok 👍 😀\r\n");
      CHECK(r.counts.lines == 5);
      CHECK(r.counts.utf8 == 3);
      CHECK(r.counts.gb18030 == 2);
      CHECK(r.counts.first_gb18030 == 3);
      CHECK(r.counts.first_utf8 == 1);
    }
  }
  CHECK(describe_lines(read_lines(bytes).counts, Encoding::utf8) ==
        "mixed encodings: 2 of 5 lines read as GB18030 (first: line 3), the rest as UTF-8");
  // GBK first: the fewer are named.
  const LineRead g = read_lines("id,text\n" + to_bytes("1,快递太慢了\n2,客服态度差\n", "GBK") + "3,好评\n");
  CHECK(g.detection.encoding == Encoding::gb18030);
  CHECK(g.text == "id,text\n1,快递太慢了\n2,客服态度差\n3,好评\n");
  CHECK(describe_lines(g.counts, Encoding::gb18030) ==
        "mixed encodings: 1 of 4 lines read as UTF-8 (first: line 4), the rest as GB18030");
}

TEST_CASE("text::open_utf8 leaves GBK-only and UTF-8-only files as they were") {
  // 味 is CE B6 in GBK, which is valid UTF-8 (U+03B6): such a line goes with the lines around it.
  const std::string zh = "编号,内容\n1,味\n2,快递太慢了\n3,味 ok\n4,好\n";
  for (const std::string& enc : {std::string("GBK"), std::string("GB18030")}) {
    CAPTURE(enc);
    for (const std::string& eol : {std::string("\n"), std::string("\r\n")}) {
      std::string text = zh;
      for (std::size_t at = 0; (at = text.find('\n', at)) != std::string::npos; at += eol.size()) {
        text.replace(at, 1, eol);
      }
      const LineRead r = read_lines(to_bytes(text, enc.c_str()), 3);
      CHECK(r.detection.encoding == Encoding::gb18030);
      CHECK_FALSE(r.detection.mixed);
      CHECK(r.text == text);
      CHECK(r.counts.utf8 == 0);
      CHECK(r.counts.gb18030 == 5);
      CHECK(describe_lines(r.counts, Encoding::gb18030).empty());
    }
  }
  // Past the sample too: short ambiguous GBK lines after 1 MiB of GBK.
  std::string big = "编号,内容\n";
  while (big.size() < (3u << 20)) {
    big += "1,服务态度很好\n2,味\n";
  }
  const LineRead b = read_lines(to_bytes(big, "GBK"), 1 << 16);
  CHECK(b.text == big);
  CHECK(b.counts.utf8 == 0);

  const std::string u8 = kMixed + "3,café Ωμέγα\n";
  const LineRead u = read_lines(u8, 5);
  CHECK(u.detection.how == "valid UTF-8");
  CHECK(u.text == u8);
  CHECK(u.counts.gb18030 == 0);
  CHECK(u.counts.utf8 == 4);
  CHECK(describe_lines(u.counts, Encoding::utf8).empty());
}

TEST_CASE("text::open_utf8 reads a line valid as both in the encoding of the lines before it") {
  // café is C3 A9 in UTF-8, also GBK (茅): after UTF-8 lines it is UTF-8; 味 after GBK lines is GBK.
  const std::string bytes = "1,好评\n2,café\n" + to_bytes("3,快递太慢了\n4,味\n", "GBK") + "5,好评\n6,café\n";
  const LineRead r = read_lines(bytes, 2);
  CHECK(r.text == "1,好评\n2,café\n3,快递太慢了\n4,味\n5,好评\n6,café\n");
  CHECK(r.counts.gb18030 == 2);
  CHECK(r.counts.first_gb18030 == 3);
}

TEST_CASE("text::open_utf8 drops a BOM before telling the lines apart") {
  // A UTF-8 BOM on a GBK export (or on the UTF-8 part of a concatenated one).
  const LineRead r = read_lines("\xEF\xBB\xBF" + to_bytes("编号,内容\n1,快递太慢了\n", "GBK") + "2,好评\n", 1);
  CHECK(r.detection.how == "BOM");
  CHECK(r.text == "编号,内容\n1,快递太慢了\n2,好评\n");
  CHECK(r.counts.gb18030 == 2);
  CHECK(r.counts.utf8 == 1);
}

TEST_CASE("text::open_utf8 reports a line that is neither UTF-8 nor GB18030, or replaces its bytes") {
  // In the first MiB such a line makes the input undecidable; past it, it is an error at its line.
  std::string head;
  std::int64_t n = 0;
  while (head.size() < (1u << 20) + 100) {
    head += "0,好评\n";
    ++n;
  }
  const std::string line = std::to_string(n + 1);
  // caf\xE9 is Latin-1: not UTF-8, and E9 0A is no GB18030 character.
  const std::string bytes = head + "2,caf\xE9\n" + to_bytes("3,快递太慢了\n", "GBK") + "4,\xE9\n";
  Chunked raw(bytes, 1 << 16, "in.csv");
  Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
  CHECK_THROWS_WITH_AS(read_all(*o.source),
                       ("in.csv:" + line +
                        ": invalid utf-8 byte sequence 0xE9 (neither utf-8 nor gb18030? name the "
                        "encoding with --encoding, or use --on-bad-bytes replace)")
                           .c_str(),
                       fbkit::DataError);
  // In replace mode, each in the encoding of the lines before it.
  Chunked raw2(bytes, 1 << 16, "in.csv");
  Opened r = open_utf8(raw2, std::nullopt, BadBytes::replace);
  CHECK(read_all(*r.source) == head + "2,caf\xEF\xBF\xBD\n3,快递太慢了\n4,\xEF\xBF\xBD\n");
  CHECK(r.decoder->replaced() == 2);
  std::string gb_head;
  while (gb_head.size() < (2u << 20)) {  // GBK takes 2 bytes where UTF-8 takes 3
    gb_head += "0,快递太慢了\n";
  }
  Chunked raw3(to_bytes(gb_head, "GBK") + "2,\xE9\n", 7, "gb.csv");
  Opened g = open_utf8(raw3, std::nullopt, BadBytes::error);
  CHECK_THROWS_WITH_AS(read_all(*g.source),
                       ("gb.csv:" + std::to_string(count_lines(gb_head) + 1) +
                        ": invalid gb18030 byte sequence 0xE9 (neither utf-8 nor gb18030? name the encoding "
                        "with --encoding, or use --on-bad-bytes replace)")
                           .c_str(),
                       fbkit::DataError);
}

TEST_CASE("text::open_utf8 tells a line longer than 1 MiB by its first MiB") {
  const std::string pad(1200 * 1024, 'x');
  // GBK in its first MiB; then ASCII in its first MiB, GBK after it (read as the line before).
  const std::string text = "1,好评\n2,快递" + pad + "服务\n3," + pad + "太慢\n4,好评\n";
  const std::string bytes = "1,好评\n" + to_bytes("2,快递" + pad + "服务\n3," + pad + "太慢\n", "GBK") + "4,好评\n";
  for (const std::size_t step : {std::size_t{4093}, std::size_t{1} << 16}) {
    CAPTURE(step);
    Chunked raw(bytes, step, "long.csv");
    Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
    CHECK(read_all(*o.source, 10007) == text);
    CHECK(o.decoder->line_counts().lines == 4);
    CHECK(o.decoder->line_counts().gb18030 == 1);
    CHECK(o.decoder->line_counts().utf8 == 2);
  }
  // After UTF-8 lines, a line ASCII in its first MiB is UTF-8 to its end.
  Chunked raw("1,好评\n" + to_bytes("3," + pad + "太慢\n", "GBK"), 1 << 16, "long.csv");
  Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
  CHECK_THROWS_WITH_AS(read_all(*o.source),
                       "long.csv:2: invalid utf-8 byte sequence 0xC2 (neither utf-8 nor gb18030? name the encoding "
                       "with --encoding, or use --on-bad-bytes replace)",
                       fbkit::DataError);
}

TEST_CASE("text::open_utf8 refuses an input it cannot identify, suggesting no encoding that garbles it") {
  Chunked odd("\x80\x80\xFF id", 3, "odd.csv");
  CHECK_THROWS_WITH_AS(open_utf8(odd, std::nullopt, BadBytes::error),
                       "odd.csv: cannot tell the encoding (not UTF-8, UTF-16 or GB18030); name it with --encoding "
                       "if you know it: it is not Big5 or Latin-1 text either (a binary file?)",
                       fbkit::DataError);
  // Never gbk (GB18030 was tried); Latin-1 without C1 bytes; Big5 when its bytes pair up.
  Chunked latin1("id,text\n1,caf\xE9 cr\xE8me\n", 5, "l.csv");
  CHECK_THROWS_WITH_AS(open_utf8(latin1, std::nullopt, BadBytes::error),
                       "l.csv: cannot tell the encoding (not UTF-8, UTF-16 or GB18030); name it with --encoding "
                       "latin1 if it is that",
                       fbkit::DataError);
  // Lines of UTF-8: reading it as UTF-8 with the bad bytes replaced.
  Chunked half("id,text\n1,\xE5\xA5\xBD\n2,caf\xE9\n3,caf\xE9\n", 5, "h.csv");
  CHECK_THROWS_WITH_AS(open_utf8(half, std::nullopt, BadBytes::error),
                       "h.csv: cannot tell the encoding (not UTF-8, UTF-16 or GB18030): 1 of 4 lines are UTF-8 and 2 "
                       "are neither UTF-8 nor GB18030 (first: line 3); if it is UTF-8, read it with --encoding utf-8 "
                       "--on-bad-bytes replace",
                       fbkit::DataError);
}

TEST_CASE("text::open_utf8 reads UTF-8 but for a few bytes as UTF-8, and lists those lines") {
  // A corrupt byte pair in the middle of a line of Chinese UTF-8, in the first MiB and past it.
  const std::string good = "1,快递太慢了，客服态度也不好\n";
  const std::string bad = "2,快递太慢了，客服\xFF\xFE也不好\n";
  std::string big;
  while (big.size() < (1u << 20) + 100) {
    big += good;
  }
  for (const std::string& head : {std::string("id,text\n"), "id,text\n" + big}) {
    const std::int64_t line = count_lines(head) + 1;
    for (const std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 16}) {
      CAPTURE(step);
      if (step == 1 && head.size() > 100) {
        continue;
      }
      Chunked raw(head + bad + good, step, "in.csv");
      Opened o = open_utf8(raw, std::nullopt, BadBytes::error);
      CHECK(o.detection.encoding == Encoding::utf8);
      CHECK(read_all(*o.source, 4093) == head + "2,快递太慢了，客服\xEF\xBF\xBD\xEF\xBF\xBD也不好\n" + good);
      CHECK(o.decoder->replaced() == 0);
      CHECK_FALSE(o.decoder->take_damaged(line - 1));
      const auto d = o.decoder->take_damaged(line);
      REQUIRE(d);
      CHECK(d->line == line);
      CHECK(d->bytes == "0xFF");
      CHECK_FALSE(o.decoder->take_damaged(line + 1));
      CHECK(o.decoder->line_counts().damaged == 1);
    }
    if (head.size() < 100) {
      Chunked raw(head + bad + good, 3, "in.csv");
      CHECK(open_utf8(raw, std::nullopt, BadBytes::error).detection.how == "UTF-8 but for invalid bytes");
    }
  }
  // With replace, counted as replaced and not listed; forced UTF-8 stays strict.
  Chunked raw("id,text\n" + bad, 5, "in.csv");
  Opened r = open_utf8(raw, std::nullopt, BadBytes::replace);
  CHECK(read_all(*r.source) == "id,text\n2,快递太慢了，客服\xEF\xBF\xBD\xEF\xBF\xBD也不好\n");
  CHECK(r.decoder->replaced() == 2);
  CHECK_FALSE(r.decoder->take_damaged(100));
  Chunked forced("id,text\n" + bad, 5, "in.csv");
  Opened f = open_utf8(forced, Encoding::utf8, BadBytes::error);
  CHECK_THROWS_AS(read_all(*f.source), fbkit::DataError);
  // A line with too few UTF-8 characters for its bad bytes is not UTF-8 but for a few bytes.
  Chunked few("id,text\n2,\xE5\xA5\xBD\xFF\xFE\n", 5, "in.csv");
  CHECK_THROWS_AS(open_utf8(few, std::nullopt, BadBytes::error), fbkit::DataError);
}

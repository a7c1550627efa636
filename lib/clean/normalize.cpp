#include "clean/normalize.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "csv/writer.hpp"
#include "text/unicode.hpp"

namespace fbkit::clean {

namespace {

// Decodes one UTF-8 sequence at p (valid input assumed); returns its length.
inline std::size_t decode(const unsigned char* p, const unsigned char* end, char32_t& c) {
  const unsigned char b = p[0];
  if (b < 0x80) {
    c = b;
    return 1;
  }
  if (b < 0xE0 && end - p >= 2) {
    c = (static_cast<char32_t>(b & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b < 0xF0 && end - p >= 3) {
    c = (static_cast<char32_t>(b & 0x0F) << 12) | (static_cast<char32_t>(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (end - p >= 4) {
    c = (static_cast<char32_t>(b & 0x07) << 18) | (static_cast<char32_t>(p[1] & 0x3F) << 12) |
        (static_cast<char32_t>(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return 4;
  }
  c = 0xFFFD;
  return static_cast<std::size_t>(end - p);
}

const icu::Normalizer2& nfkc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status) || n == nullptr) {
    throw Error(kExitData, "ICU has no NFKC data");
  }
  return *n;
}

// The ASCII text NFKC gives `c`, when it gives pure ASCII (full-width Ａ１，,
// U+3000, ligatures, circled digits); empty otherwise.
std::string ascii_fold_of(char32_t c) {
  const icu::Normalizer2& n = nfkc_instance();
  if (n.isInert(static_cast<UChar32>(c))) {
    return {};
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString r = n.normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
  if (U_FAILURE(status) || r.isEmpty()) {
    return {};
  }
  std::string out;
  for (std::int32_t i = 0; i < r.length(); ++i) {
    const char16_t u = r.charAt(i);
    if (u >= 0x80 || u == 0) {
      return {};
    }
    out += static_cast<char>(u);
  }
  return out;
}

// For each BMP code point, its ASCII fold ("" when none).
const std::vector<std::string>& ascii_folds() {
  static const std::vector<std::string> table = [] {
    std::vector<std::string> t(0x10000);
    for (char32_t c = 0x80; c < 0x10000; ++c) {
      // Vertical and small presentation forms (︶ ﹏) are kaomoji parts, not punctuation.
      const bool presentation = (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F);
      if ((c < 0xD800 || c > 0xDFFF) && !presentation) {
        t[c] = ascii_fold_of(c);
      }
    }
    return t;
  }();
  return table;
}

std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> v;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    char32_t c = 0;
    p += decode(p, end, c);
    v.push_back(c);
  }
  std::sort(v.begin(), v.end());
  return v;
}

bool nfkc_keep_set(std::string_view in, const std::vector<char32_t>& keep, std::string& out) {
  const auto& folds = ascii_folds();
  const auto* begin = reinterpret_cast<const unsigned char*>(in.data());
  const auto* end = begin + in.size();
  out.clear();
  bool changed = false;
  const unsigned char* copied = begin;
  for (const unsigned char* p = begin; p < end;) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    char32_t c = 0;
    const std::size_t len = decode(p, end, c);
    std::string supplementary;
    const std::string* fold = nullptr;
    if (c < 0x10000) {
      fold = &folds[c];
    } else {
      supplementary = ascii_fold_of(c);
      fold = &supplementary;
    }
    if (!fold->empty() && !std::binary_search(keep.begin(), keep.end(), c)) {
      out.append(reinterpret_cast<const char*>(copied), static_cast<std::size_t>(p - copied));
      out += *fold;
      copied = p + len;
      changed = true;
    }
    p += len;
  }
  if (!changed) {
    out.assign(in);
    return false;
  }
  out.append(reinterpret_cast<const char*>(copied), static_cast<std::size_t>(end - copied));
  return true;
}

struct Entity {
  std::string_view name;
  char32_t value;
};
constexpr std::array<Entity, 22> kEntities = {{
    {"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},    {"nbsp", ' '},
    {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"ldquo", 0x201C},  {"rdquo", 0x201D}, {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"middot", 0xB7},  {"yen", 0xA5},     {"copy", 0xA9},     {"reg", 0xAE},     {"times", 0xD7},
    {"deg", 0xB0},      {"emsp", 0x2003},  {"ensp", 0x2002},  {"thinsp", 0x2009},
}};

// One round of decoding; returns whether anything was decoded.
bool decode_once(std::string_view in, std::string& out) {
  out.clear();
  bool changed = false;
  std::size_t i = 0;
  while (i < in.size()) {
    const std::size_t amp = in.find('&', i);
    if (amp == std::string_view::npos) {
      break;
    }
    out.append(in.data() + i, amp - i);
    const std::size_t semi = in.find(';', amp + 1);
    bool done = false;
    if (semi != std::string_view::npos && semi - amp <= 10) {
      const std::string_view body = in.substr(amp + 1, semi - amp - 1);
      char32_t value = 0;
      if (body.size() >= 2 && body[0] == '#') {
        const bool hex = body[1] == 'x' || body[1] == 'X';
        const std::string_view digits = body.substr(hex ? 2 : 1);
        bool ok = !digits.empty();
        std::uint32_t v = 0;
        for (const char ch : digits) {
          int d = -1;
          if (ch >= '0' && ch <= '9') {
            d = ch - '0';
          } else if (hex && (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f') {
            d = (ch | 0x20) - 'a' + 10;
          }
          if (d < 0 || v > 0x10FFFF) {
            ok = false;
            break;
          }
          v = v * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
        }
        if (ok && v != 0 && v <= 0x10FFFF && (v < 0xD800 || v > 0xDFFF)) {
          value = v;
        }
      } else {
        for (const Entity& e : kEntities) {
          if (e.name == body) {
            value = e.value;
            break;
          }
        }
      }
      if (value != 0) {
        text::append_utf8(out, value);
        i = semi + 1;
        changed = done = true;
      }
    }
    if (!done) {
      out += '&';
      i = amp + 1;
    }
  }
  if (!changed) {
    return false;
  }
  out.append(in.data() + i, in.size() - i);
  return true;
}

}  // namespace

bool decode_entities(std::string_view in, std::string& out) {
  if (in.find('&') == std::string_view::npos) {
    out.assign(in);
    return false;
  }
  std::string a(in), b;
  bool changed = false;
  // &amp;amp; takes two rounds; a bound keeps a hostile text from looping long.
  for (int round = 0; round < 8 && a.find('&') != std::string::npos && decode_once(a, b); ++round) {
    a.swap(b);
    changed = true;
  }
  out = std::move(a);
  return changed;
}

bool nfkc_keeping(std::string_view in, std::string_view keep, std::string& out) {
  if (!text::is_valid_utf8(in)) {
    out.assign(in);
    return false;
  }
  return nfkc_keep_set(in, code_points(keep), out);
}

TextNormalizer::TextNormalizer(const TextOptions& options) : m_options(options), m_class(0x10000, 0) {
  if (m_options.traditional_to_simplified) {
    m_t2s = std::make_unique<text::TraditionalToSimplified>(m_options.opencc_config);
  }
  m_keep = code_points(m_options.keep);
  const std::vector<char32_t>& keep = m_keep;
  const std::vector<std::string>* folds = m_options.nfkc ? &ascii_folds() : nullptr;
  for (char32_t c = 0x80; c < 0x10000; ++c) {
    bool work = folds != nullptr && !(*folds)[c].empty() && !std::binary_search(keep.begin(), keep.end(), c);
    work = work || (m_options.zero_width &&
                    ((c >= 0x200B && c <= 0x200F) || c == 0x2060 || c == 0xFEFF || c == 0xAD || c == 0x180E));
    // A CJK character OpenCC may change: asked when first met (text::TraditionalToSimplified).
    m_class[c] = work ? kWork : m_t2s && text::TraditionalToSimplified::is_cjk(c) ? kAskOpenCC : kNoWork;
  }
  // U+1F000..U+1FFFF: no zero-width character, none OpenCC is asked about
  // (TraditionalToSimplified::may_change); NFKC folds a few to ASCII.
  m_class_1f.assign(0x1000, 0);
  for (char32_t c = 0x1F000; c < 0x20000 && m_options.nfkc; ++c) {
    m_class_1f[c - 0x1F000] = !ascii_fold_of(c).empty() && !std::binary_search(keep.begin(), keep.end(), c) ? 1 : 0;
  }
}

bool TextNormalizer::needs_work(std::string_view in) const {
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const auto* end = p + in.size();
  auto space = [](unsigned char c) { return c == ' ' || c == '\n'; };
  if (m_options.whitespace && (space(p[0]) || space(end[-1]))) {
    return true;
  }
  bool prev_space = false;
  while (p < end) {
    const unsigned char c = *p;
    if (c < 0x80) {
      if (c == '&') {
        if (m_options.html_entities) {
          return true;
        }
      } else if (c == ' ' || c == '\n') {
        if (prev_space && m_options.whitespace) {
          return true;
        }
        prev_space = true;
        ++p;
        continue;
      } else if ((c == '\t' || c == '\r' || c == '\f' || c == '\v') && m_options.whitespace) {
        return true;
      }
      prev_space = false;
      ++p;
      continue;
    }
    prev_space = false;
    if (c >= 0xF0) {
      // Emoji (F0 9F xx xx: U+1F000..U+1FFFF) are looked up; other
      // supplementary characters are rare, and every step looks at them.
      if (c == 0xF0 && end - p >= 4 && p[1] == 0x9F && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
        if (m_class_1f[((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu)] != 0) {
          return true;
        }
        p += 4;
        continue;
      }
      return true;
    }
    // The common case, a well-formed 3-byte character (CJK), decoded here.
    if (c >= 0xE1 && c != 0xED && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      if (works_on(((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu))) {
        return true;
      }
      p += 3;
      continue;
    }
    // Not UTF-8 (a stray continuation byte, an overlong form, a surrogate, a
    // cut sequence): the steps find out what they may do.
    const auto cont = [&](std::ptrdiff_t k) { return end - p > k && (p[k] & 0xC0) == 0x80; };
    if (c < 0xC2 || !cont(1) ||
        (c >= 0xE0 && (!cont(2) || (c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)))) {
      return true;
    }
    char32_t cp = 0;
    p += decode(p, end, cp);
    if (works_on(cp)) {
      return true;
    }
  }
  return false;
}

TextNormalizer::~TextNormalizer() = default;

TextChanges TextNormalizer::normalize(std::string_view in, std::string& out) const {
  TextChanges ch = steps(in, out);
  if (ch.any() && csv::looks_like_formula(out) && !csv::looks_like_formula(in)) {
    keep_inert_start(in, out, ch);
  }
  return ch;
}

void TextNormalizer::keep_inert_start(std::string_view in, std::string& out, TextChanges& ch) const {
  // The formula's first character comes from a short start of `in` (white
  // space, zero-width characters, an entity, a full-width sign); past this
  // many bytes the text is left as it was rather than searched further.
  constexpr std::size_t kMaxStart = 256;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  std::string head;
  for (std::size_t len = 0; len < in.size() && len < kMaxStart;) {
    char32_t c = 0;
    len += decode(p + len, p + in.size(), c);
    steps(in.substr(0, len), head);
    if (!head.empty() && head[0] == out[0]) {
      // ` =1+1` -> ` =1+1`, `＝1+1` -> `＝1+1`: the start as it was, the rest normalized.
      out.replace(0, 1, in.substr(0, len));
      if (out == in) {
        ch = TextChanges{};
      }
      return;
    }
  }
  out.assign(in);
  ch = TextChanges{};
}

TextChanges TextNormalizer::steps(std::string_view in, std::string& out) const {
  thread_local std::string scratch;  // scratch
  TextChanges ch;
  out.assign(in);
  if (unchanged(in)) {
    return ch;  // valid UTF-8, and no step would change it
  }
  const bool valid = text::is_valid_utf8(in);
  if (m_options.html_entities && out.find('&') != std::string::npos) {
    ch.entities = decode_entities(out, scratch);
    if (ch.entities) {
      out.swap(scratch);
    }
  }
  if (valid && m_options.zero_width) {
    ch.zero_width = remove_zero_width(out, scratch);
    if (ch.zero_width) {
      out.swap(scratch);
    }
  }
  if (valid && m_options.nfkc) {
    const std::vector<char32_t>& keep = m_keep;
    ch.nfkc = nfkc_keep_set(out, keep, scratch);
    if (ch.nfkc) {
      out.swap(scratch);
      // ＆amp; becomes &amp; only now; decoding it may give a full-width
      // character again (&#65313;). Bounded: each round shortens the text.
      for (int round = 0; round < 4 && m_options.html_entities && out.find('&') != std::string::npos; ++round) {
        if (!decode_entities(out, scratch)) {
          break;
        }
        ch.entities = true;
        out.swap(scratch);
        if (nfkc_keep_set(out, keep, scratch)) {
          out.swap(scratch);
        }
      }
    }
  }
  if (valid && m_t2s) {
    ch.t2s = m_t2s->convert(out, scratch);
    if (ch.t2s) {
      out.swap(scratch);
    }
  }
  if (m_options.whitespace) {
    ch.whitespace = collapse_whitespace(out, scratch);
    if (ch.whitespace) {
      out.swap(scratch);
    }
  }
  return ch;
}

}  // namespace fbkit::clean

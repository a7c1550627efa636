#include "classify/matcher.hpp"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <string>

namespace fbkit::classify {

namespace {

bool word_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// A literal as a Hyperscan expression: ASCII punctuation and spaces as \xHH,
// letters, digits and multi-byte UTF-8 as they are.
std::string escape_literal(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || word_char(c)) {
      out += ch;
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

struct ScanContext {
  const int* ids;                  // Hyperscan id -> pattern
  const std::uint32_t* literal_len;  // per pattern: the literal's length, 0 for a regex
  std::vector<Hit>* hits;
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/, void* ctx) {
  auto* c = static_cast<ScanContext*>(ctx);
  const int p = c->ids[id];
  const std::uint32_t len = c->literal_len[p];
  // Literals are compiled without start-of-match tracking (cheaper): their start is known.
  const unsigned long long start = len == 0 ? from : to - len;
  c->hits->push_back(Hit{p, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(to)});
  return 0;
}

}  // namespace

Matcher::Matcher(const std::vector<Pattern>& patterns, bool ignore_case, bool whole_words)
    : m_patterns(patterns), m_ignore_case(ignore_case), m_whole_words(whole_words) {
  std::vector<int> for_hs;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    for_hs.push_back(static_cast<int>(i));
    const Pattern& p = patterns[i];
    m_literal_len.push_back(p.regex ? 0 : static_cast<std::uint32_t>(p.text.size()));
    const bool word_start = !p.regex && !p.text.empty() && word_char(static_cast<unsigned char>(p.text.front()));
    const bool word_end = !p.regex && !p.text.empty() && word_char(static_cast<unsigned char>(p.text.back()));
    m_word_edges.push_back(static_cast<std::uint8_t>((whole_words && word_start ? 1 : 0) |
                                                     (whole_words && word_end ? 2 : 0)));
  }
  const bool platform_ok = hs_valid_platform() == HS_SUCCESS;
  // Compile; a regex Hyperscan refuses moves to RE2 and the rest is tried again.
  while (platform_ok && !for_hs.empty()) {
    std::vector<std::string> exprs;
    std::vector<unsigned> flags;
    std::vector<unsigned> ids;
    for (std::size_t k = 0; k < for_hs.size(); ++k) {
      const Pattern& p = patterns[static_cast<std::size_t>(for_hs[k])];
      exprs.push_back(p.regex ? p.text : escape_literal(p.text));
      flags.push_back(p.regex ? (HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST) : (ignore_case ? HS_FLAG_CASELESS : 0U));
      ids.push_back(static_cast<unsigned>(k));
    }
    std::vector<const char*> cexprs;
    for (const std::string& e : exprs) {
      cexprs.push_back(e.c_str());
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(cexprs.data(), flags.data(), ids.data(), static_cast<unsigned>(cexprs.size()), HS_MODE_BLOCK,
                         nullptr, &db, &err) == HS_SUCCESS) {
      m_db = db;
      m_db_owner = std::shared_ptr<void>(db, [](void* d) { hs_free_database(static_cast<hs_database_t*>(d)); });
      m_hs_ids = for_hs;
      break;
    }
    const int bad = err->expression;
    hs_free_compile_error(err);
    if (bad < 0 || !patterns[static_cast<std::size_t>(for_hs[static_cast<std::size_t>(bad)])].regex) {
      break;  // a database-wide limit, or a literal: search without Hyperscan
    }
    const int p = for_hs[static_cast<std::size_t>(bad)];
    for_hs.erase(for_hs.begin() + bad);
    RE2::Options opt;
    opt.set_log_errors(false);
    auto re = std::make_shared<RE2>(patterns[static_cast<std::size_t>(p)].text, opt);
    if (!re->ok()) {
      throw ConfigError(patterns[static_cast<std::size_t>(p)].where, "invalid regular expression: " + re->error());
    }
    m_re2.emplace_back(p, std::static_pointer_cast<void>(re));
  }
  if (m_db == nullptr) {
    // No Hyperscan: literals by plain search, every remaining regex on RE2.
    for (const int p : for_hs) {
      if (patterns[static_cast<std::size_t>(p)].regex) {
        RE2::Options opt;
        opt.set_log_errors(false);
        m_re2.emplace_back(p, std::make_shared<RE2>(patterns[static_cast<std::size_t>(p)].text, opt));
      } else {
        m_plain.push_back(p);
      }
    }
    return;
  }
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(static_cast<hs_database_t*>(m_db), &scratch) != HS_SUCCESS) {
    throw std::bad_alloc();
  }
  m_scratch = scratch;
}

Matcher::Matcher(const Matcher& other)
    : m_patterns(other.m_patterns),
      m_db_owner(other.m_db_owner),
      m_db(other.m_db),
      m_hs_ids(other.m_hs_ids),
      m_literal_len(other.m_literal_len),
      m_word_edges(other.m_word_edges),
      m_re2(other.m_re2),  // RE2 matching is thread-safe
      m_plain(other.m_plain),
      m_ignore_case(other.m_ignore_case),
      m_whole_words(other.m_whole_words) {
  if (other.m_scratch != nullptr) {
    hs_scratch_t* scratch = nullptr;
    if (hs_clone_scratch(static_cast<hs_scratch_t*>(other.m_scratch), &scratch) != HS_SUCCESS) {
      throw std::bad_alloc();
    }
    m_scratch = scratch;
  }
}

Matcher::~Matcher() {
  if (m_scratch != nullptr) {
    hs_free_scratch(static_cast<hs_scratch_t*>(m_scratch));
  }
}

void Matcher::scan(std::string_view text, std::vector<Hit>& hits) {
  const std::size_t first = hits.size();
  if (m_db != nullptr && !text.empty()) {
    ScanContext ctx{m_hs_ids.data(), m_literal_len.data(), &hits};
    hs_scan(static_cast<hs_database_t*>(m_db), text.data(), static_cast<unsigned>(text.size()), 0,
            static_cast<hs_scratch_t*>(m_scratch), on_match, &ctx);
  }
  for (const auto& [p, handle] : m_re2) {
    const RE2& re = *static_cast<const RE2*>(handle.get());
    std::size_t pos = 0;
    re2::StringPiece m;
    while (pos <= text.size() &&
           re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      const auto start = static_cast<std::size_t>(m.data() - text.data());
      hits.push_back(Hit{p, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + m.size())});
      pos = start + std::max<std::size_t>(m.size(), 1);
    }
  }
  if (!m_plain.empty()) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [&](char ch) {
      return m_ignore_case && ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch;
    });
    for (const int p : m_plain) {
      const std::string& lit = m_patterns[static_cast<std::size_t>(p)].text;
      for (std::size_t at = lower.find(lit); at != std::string::npos; at = lower.find(lit, at + 1)) {
        hits.push_back(Hit{p, static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at + lit.size())});
      }
    }
  }
  // A literal that starts or ends with a word character must stand as a word.
  const auto not_a_word = [&](const Hit& h) {
    const std::uint8_t edges = m_word_edges[static_cast<std::size_t>(h.pattern)];
    if (edges == 0) {
      return false;
    }
    const auto b = reinterpret_cast<const unsigned char*>(text.data());
    const bool left = (edges & 1) != 0 && h.start > 0 && word_char(b[h.start - 1]);
    const bool right = (edges & 2) != 0 && h.end < text.size() && word_char(b[h.end]);
    return left || right;
  };
  hits.erase(std::remove_if(hits.begin() + static_cast<std::ptrdiff_t>(first), hits.end(), not_a_word), hits.end());
  std::sort(hits.begin() + static_cast<std::ptrdiff_t>(first), hits.end(), [](const Hit& a, const Hit& b) {
    return a.start != b.start ? a.start < b.start : a.end != b.end ? a.end < b.end : a.pattern < b.pattern;
  });
}

}  // namespace fbkit::classify

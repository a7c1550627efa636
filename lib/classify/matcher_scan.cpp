// Matcher: the merged database of the literals and the regexes' filters, and
// the scan of a text.
#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>

#include "classify/matcher.hpp"
#include "classify/matcher_cache.hpp"
#include "classify/matcher_prefilter.hpp"

namespace fbkit::classify {

namespace {

struct ScanContext {
  const int* ids;                    // Hyperscan id -> pattern (-1 - d: regex database d's filter)
  const std::uint32_t* literal_len;  // per pattern: the literal's length, 0 for a regex
  std::vector<Hit>* hits;
  int atom_base;            // ids from here on are the prefilter's atoms
  std::vector<int>* atoms;  // the atoms found
  std::uint8_t* due;        // per regex database: a regex of it matches (merged database only)
};

int on_match(unsigned int id, unsigned long long from, unsigned long long to, unsigned int /*flags*/, void* ctx) {
  auto* c = static_cast<ScanContext*>(ctx);
  const int p = c->ids[id];
  if (p < 0) {
    c->due[-1 - p] = 1;
    return 0;
  }
  if (p >= c->atom_base) {
    c->atoms->push_back(p - c->atom_base);
    return 0;
  }
  const std::uint32_t len = c->literal_len[p];
  // Literals are compiled without start-of-match tracking (cheaper): their start is known.
  const unsigned long long start = len == 0 ? from : to - len;
  c->hits->push_back(Hit{p, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(to)});
  return 0;
}

// A filter's match: the scan stops (HS_SCAN_TERMINATED).
int stop_at_match(unsigned int /*id*/, unsigned long long /*from*/, unsigned long long /*to*/, unsigned int /*flags*/,
                  void* /*ctx*/) {
  return 1;
}

}  // namespace

bool Matcher::merge(const std::vector<int>& group) {
  if (group.empty()) {
    return false;
  }
  // The literals and atoms as compile_db() has them, then each regex database's
  // filter: its regexes without start offsets, each reported once.
  std::deque<std::string> escaped;
  Expressions e;
  add_expressions(group, 0, 0, e, escaped);
  std::vector<int> ids = group;
  for (std::size_t d = 0; d < m_dbs.size(); ++d) {
    add_expressions(m_hs_ids[d], HS_FLAG_SOM_LEFTMOST, HS_FLAG_SINGLEMATCH, e, escaped);
    ids.insert(ids.end(), m_hs_ids[d].size(), -1 - static_cast<int>(d));
  }
  hs_compile_error_t* err = nullptr;
  hs_database_t* db = hs_cache::compile(e.exprs, e.flags, e.ids, HS_MODE_BLOCK, &err);
  hs_free_compile_error(err);
  if (db == nullptr) {
    return false;  // a filter each, the literals alone
  }
  m_dbs.emplace_back(db, hs_cache::free_database);
  m_hs_ids.push_back(std::move(ids));
  m_filters.assign(m_dbs.size(), nullptr);
  m_merged = true;
  return true;
}

void Matcher::scan_merged(std::string_view text, std::vector<Hit>& hits) {
  const std::size_t last = m_dbs.size() - 1;
  m_regex_due.assign(last, 0);
  const auto n = static_cast<unsigned>(text.size());
  auto* scratch = static_cast<hs_scratch_t*>(m_scratch);
  ScanContext ctx{m_hs_ids[last].data(), m_literal_len.data(), &hits, static_cast<int>(m_patterns.size()),
                  &m_atoms_found,        m_regex_due.data()};
  hs_scan(static_cast<hs_database_t*>(m_dbs[last].get()), text.data(), n, 0, scratch, on_match, &ctx);
  for (std::size_t d = 0; d < last; ++d) {
    if (m_regex_due[d] != 0) {
      ctx.ids = m_hs_ids[d].data();
      hs_scan(static_cast<hs_database_t*>(m_dbs[d].get()), text.data(), n, 0, scratch, on_match, &ctx);
    }
  }
}

std::size_t Matcher::AtomsHash::operator()(const std::vector<int>& atoms) const {
  std::uint64_t h = atoms.size();
  for (const int a : atoms) {
    h = (h ^ static_cast<std::uint32_t>(a)) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 29;
  }
  return static_cast<std::size_t>(h);
}

const std::vector<int>& Matcher::re2_candidates() {
  // The candidates depend on the set of atoms found alone, and few sets recur
  // (most texts hold none): RE2's AllPotentials() (allocating per call) runs
  // once per set and thread.
  if (m_atoms_found.empty()) {  // most texts: kept aside, not looked up
    if (!m_no_atoms) {
      m_prefilter->candidates(m_atoms_found, m_no_atoms.emplace());
    }
    return *m_no_atoms;
  }
  std::sort(m_atoms_found.begin(), m_atoms_found.end());
  m_atoms_found.erase(std::unique(m_atoms_found.begin(), m_atoms_found.end()), m_atoms_found.end());
  if (const auto it = m_candidates_memo.find(m_atoms_found); it != m_candidates_memo.end()) {
    return it->second;
  }
  if (m_candidates_memo.size() >= kCandidatesMemo) {
    m_candidates_memo.clear();
  }
  m_prefilter->candidates(m_atoms_found, m_re2_candidates);
  return m_candidates_memo.emplace(m_atoms_found, m_re2_candidates).first->second;
}

void Matcher::scan_each(std::string_view text, std::vector<Hit>& hits) {
  const auto n = static_cast<unsigned>(text.size());
  auto* scratch = static_cast<hs_scratch_t*>(m_scratch);
  for (std::size_t d = 0; d < m_dbs.size(); ++d) {
    if (m_filters[d] != nullptr && hs_scan(static_cast<hs_database_t*>(m_filters[d].get()), text.data(), n, 0, scratch,
                                           stop_at_match, nullptr) == HS_SUCCESS) {
      continue;  // no regex of the database matches: not scanned for where they start
    }
    ScanContext ctx{
        m_hs_ids[d].data(), m_literal_len.data(), &hits, static_cast<int>(m_patterns.size()), &m_atoms_found, nullptr};
    hs_scan(static_cast<hs_database_t*>(m_dbs[d].get()), text.data(), n, 0, scratch, on_match, &ctx);
  }
}

void Matcher::scan(std::string_view text, std::vector<Hit>& hits) {
  const std::size_t first = hits.size();
  m_atoms_found.clear();
  if (!text.empty() && !m_dbs.empty()) {
    if (m_merged) {
      scan_merged(text, hits);
    } else {
      scan_each(text, hits);
    }
  }
  // Only the RE2 regexes whose atoms the text holds (where they decide).
  const auto run_re2 = [&](std::size_t k) {
    const auto& [p, handle] = m_re2[k];
    const RE2& re = *static_cast<const RE2*>(handle.get());
    std::size_t pos = 0;
    re2::StringPiece m;
    while (pos <= text.size() &&
           re.Match(re2::StringPiece(text.data(), text.size()), pos, text.size(), RE2::UNANCHORED, &m, 1)) {
      const auto start = static_cast<std::size_t>(m.data() - text.data());
      hits.push_back(Hit{p, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(start + m.size())});
      pos = start + std::max<std::size_t>(m.size(), 1);
    }
  };
  if (m_prefilter != nullptr && Re2Prefilter::applies(text)) {
    for (const int k : re2_candidates()) {  // in increasing order, as every regex runs below
      run_re2(static_cast<std::size_t>(k));
    }
  } else {
    for (std::size_t k = 0; k < m_re2.size(); ++k) {
      run_re2(k);
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

#include "classify/matcher.hpp"

#include <hs/hs.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <string>

#include "classify/matcher_cache.hpp"
#include "classify/matcher_prefilter.hpp"

namespace fbkit::classify {

namespace {

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

}  // namespace

Matcher::Matcher(const std::vector<Pattern>& patterns, bool ignore_case, bool whole_words)
    : m_patterns(patterns), m_ignore_case(ignore_case), m_whole_words(whole_words) {
  std::vector<int> literals, regexes;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    const Pattern& p = patterns[i];
    (p.regex ? regexes : literals).push_back(static_cast<int>(i));
    m_literal_len.push_back(p.regex ? 0 : static_cast<std::uint32_t>(p.text.size()));
    const bool word_start = !p.regex && !p.text.empty() && word_char(static_cast<unsigned char>(p.text.front()));
    const bool word_end = !p.regex && !p.text.empty() && word_char(static_cast<unsigned char>(p.text.back()));
    m_word_edges.push_back(
        static_cast<std::uint8_t>((whole_words && word_start ? 1 : 0) | (whole_words && word_end ? 2 : 0)));
  }
  if (hs_valid_platform() == HS_SUCCESS) {
    const std::string plan_key = regex_plan_key(regexes);
    const std::optional<std::string> plan = plan_key.empty() ? std::nullopt : hs_cache::recall(plan_key);
    const std::vector<int> kept = plan ? planned(regexes, *plan) : parsed(regexes);
    if (compile_groups(literals, kept)) {
      if (const std::string now = regex_plan(regexes); !plan_key.empty() && plan != now) {
        hs_cache::remember(plan_key, now);
      }
    } else {
      // A database-wide limit, or a literal: search without Hyperscan.
      m_dbs.clear();
      m_filters.clear();
      m_hs_ids.clear();
    }
  }
  if (m_dbs.empty()) {
    // No Hyperscan: literals by plain search, every regex on RE2.
    m_prefilter = nullptr;
    std::vector<std::uint8_t> on_re2(patterns.size(), 0);
    for (const auto& r : m_re2) {
      on_re2[static_cast<std::size_t>(r.first)] = 1;
    }
    for (std::size_t i = 0; i < patterns.size(); ++i) {
      if (patterns[i].regex && on_re2[i] == 0) {
        RE2::Options opt;
        opt.set_log_errors(false);
        m_re2.emplace_back(static_cast<int>(i), std::make_shared<RE2>(patterns[i].text, opt));
      } else if (!patterns[i].regex) {
        m_plain.push_back(static_cast<int>(i));
      }
    }
    return;
  }
  hs_scratch_t* scratch = nullptr;
  for (const auto* dbs : {&m_dbs, &m_filters}) {  // one scratch space fits them all
    for (const auto& db : *dbs) {
      if (db != nullptr && hs_alloc_scratch(static_cast<hs_database_t*>(db.get()), &scratch) != HS_SUCCESS) {
        hs_free_scratch(scratch);
        throw std::bad_alloc();
      }
    }
  }
  m_scratch = scratch;
}

std::vector<int> Matcher::parsed(const std::vector<int>& regexes) {
  // What Hyperscan's parser refuses (\C, (?U), an inner \z), found by a cheap
  // syntax check of each regex, runs on RE2 from the start.
  std::vector<int> kept;
  for (const int p : regexes) {
    hs_expr_info_t* info = nullptr;
    hs_compile_error_t* err = nullptr;
    const bool ok = hs_expression_info(expression(p).c_str(), flags_of(p), &info, &err) == HS_SUCCESS;
    std::free(info);  // NOLINT(cppcoreguidelines-no-malloc): Hyperscan allocates it with malloc
    hs_free_compile_error(err);
    if (ok) {
      kept.push_back(p);
    } else {
      to_re2(p);
    }
  }
  m_parsed_out = m_re2.size();
  return kept;
}

std::vector<int> Matcher::planned(const std::vector<int>& regexes, const std::string& plan) {
  // What an earlier run with the same regexes found: those Hyperscan's parser
  // refuses (moved to RE2 here, in its order) and those it refuses to compile
  // alone (moved by compile(), as the refused markers would move them), so that
  // the groups, the atoms and the databases are the same. Neither the parser
  // nor the markers are asked again.
  const auto at = [&](std::size_t i) {
    std::uint32_t k = 0;
    std::memcpy(&k, plan.data() + i * sizeof k, sizeof k);
    return k;
  };
  const std::size_t n = plan.size() / sizeof(std::uint32_t);
  const std::size_t parsed_out = n == 0 ? 0 : at(0);
  std::vector<std::uint8_t> out(regexes.size(), 0);
  m_plan_refused.assign(m_patterns.size(), 0);
  for (std::size_t i = 1; i < n; ++i) {
    const std::uint32_t k = at(i);
    if (k < regexes.size() && out[k] == 0) {
      out[k] = 1;
      if (i <= parsed_out) {
        to_re2(regexes[k]);
      } else {
        m_plan_refused[static_cast<std::size_t>(regexes[k])] = 1;
      }
    }
  }
  m_parsed_out = m_re2.size();
  m_planned = true;
  std::vector<int> kept;
  for (std::size_t k = 0; k < regexes.size(); ++k) {
    if (out[k] == 0 || m_plan_refused[static_cast<std::size_t>(regexes[k])] != 0) {
      kept.push_back(regexes[k]);
    }
  }
  return kept;
}

std::string Matcher::regex_plan_key(const std::vector<int>& regexes) const {
  if (regexes.empty() || hs_cache::folder().empty()) {
    return {};
  }
  const Expressions e = regex_expressions(regexes);
  return "regexes on RE2 1\n" + hs_cache::key(e.exprs, e.flags, e.ids, HS_MODE_BLOCK);
}

Matcher::Expressions Matcher::regex_expressions(const std::vector<int>& regexes) const {
  Expressions e;
  for (const int p : regexes) {
    e.add(m_patterns[static_cast<std::size_t>(p)].text.c_str(), flags_of(p));  // a regex is its own expression
  }
  return e;
}

std::string Matcher::regex_plan(const std::vector<int>& regexes) const {
  std::vector<std::uint32_t> place(m_patterns.size(), 0);
  for (std::size_t k = 0; k < regexes.size(); ++k) {
    place[static_cast<std::size_t>(regexes[k])] = static_cast<std::uint32_t>(k);
  }
  std::string plan;
  const auto parsed_out = static_cast<std::uint32_t>(m_parsed_out);
  plan.append(reinterpret_cast<const char*>(&parsed_out), sizeof parsed_out);
  for (const auto& r : m_re2) {
    const std::uint32_t k = place[static_cast<std::size_t>(r.first)];
    plan.append(reinterpret_cast<const char*>(&k), sizeof k);
  }
  return plan;
}

std::vector<int> Matcher::re2_patterns() const {
  std::vector<int> out;
  for (const auto& r : m_re2) {
    out.push_back(r.first);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Matcher::is_regex(int p) const {
  return static_cast<std::size_t>(p) < m_patterns.size() && m_patterns[static_cast<std::size_t>(p)].regex;
}

std::string Matcher::expression(int p) const {
  if (static_cast<std::size_t>(p) >= m_patterns.size()) {
    return escape_literal(m_prefilter->atoms()[static_cast<std::size_t>(p) - m_patterns.size()]);
  }
  const Pattern& pat = m_patterns[static_cast<std::size_t>(p)];
  return pat.regex ? pat.text : escape_literal(pat.text);
}

unsigned Matcher::flags_of(int p) const {
  if (static_cast<std::size_t>(p) >= m_patterns.size()) {
    return HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;  // an atom: lower case, found once
  }
  return m_patterns[static_cast<std::size_t>(p)].regex ? (HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST)
                                                       : (m_ignore_case ? HS_FLAG_CASELESS : 0U);
}

void Matcher::to_re2(int p) {
  RE2::Options opt;
  opt.set_log_errors(false);
  auto re = std::make_shared<RE2>(m_patterns[static_cast<std::size_t>(p)].text, opt);
  if (!re->ok()) {
    throw ConfigError(m_patterns[static_cast<std::size_t>(p)].where, "invalid regular expression: " + re->error());
  }
  m_re2.emplace_back(p, std::static_pointer_cast<void>(re));
}

bool Matcher::compile_groups(const std::vector<int>& literals, const std::vector<int>& regexes) {
  // Hyperscan's compile time grows faster than the number of regexes in a
  // database (1,800: 19 s), so the regexes go kRegexesPerDatabase at a time;
  // the literals have a database of their own, compiled last: with them go the
  // atoms of the regexes left to RE2 (known only then), which spare a text the
  // RE2 regexes whose atoms it lacks.
  // The filters' compile (about 0.2 s for the default rules) pays only when
  // kept for later runs: without the cache, none.
  const bool filters = !hs_cache::folder().empty();
  for (std::size_t from = 0; from < regexes.size(); from += kRegexesPerDatabase) {
    const auto begin = regexes.begin() + static_cast<std::ptrdiff_t>(from);
    if (!compile(std::vector<int>(
            begin, begin + static_cast<std::ptrdiff_t>(std::min(kRegexesPerDatabase, regexes.size() - from))))) {
      return false;
    }
  }
  std::vector<int> group = literals;
  if (!m_re2.empty()) {
    std::vector<std::string> texts;
    for (const auto& r : m_re2) {
      texts.push_back(m_patterns[static_cast<std::size_t>(r.first)].text);
    }
    m_prefilter = std::make_shared<const Re2Prefilter>(texts);
    for (std::size_t a = 0; a < m_prefilter->atoms().size(); ++a) {
      group.push_back(static_cast<int>(m_patterns.size() + a));
    }
  }
  // Best: the literals and every regex database's filter in one database
  // (one scan of a text instead of one per database); else a filter each.
  if (filters && merge(group)) {
    return true;
  }
  for (std::size_t d = 0; d < m_dbs.size(); ++d) {
    m_filters.push_back(filters ? filter(m_hs_ids[d]) : nullptr);
  }
  if (!group.empty()) {
    if (!compile(group)) {
      return false;
    }
    m_filters.emplace_back();
  }
  return true;
}

std::shared_ptr<void> Matcher::filter(const std::vector<int>& group) const {
  // The same regexes without leftmost start offsets: they end where those do,
  // and Hyperscan finds whether one ends anywhere far faster (a third of the
  // instructions on the default rules).
  hs_compile_error_t* err = nullptr;
  hs_database_t* db = compile_db(group, HS_FLAG_SOM_LEFTMOST, &err);
  hs_free_compile_error(err);
  if (db == nullptr) {
    return nullptr;  // refused: the database is scanned for every text
  }
  return {db, hs_cache::free_database};
}

void Matcher::add_expressions(const std::vector<int>& group, unsigned drop_flags, unsigned add_flags, Expressions& e,
                              std::deque<std::string>& escaped) const {
  for (const int p : group) {
    e.add(is_regex(p) ? m_patterns[static_cast<std::size_t>(p)].text.c_str()
                      : escaped.emplace_back(expression(p)).c_str(),
          (flags_of(p) & ~drop_flags) | add_flags);
  }
}

hs_database_t* Matcher::compile_db(const std::vector<int>& group, unsigned drop_flags, hs_compile_error_t** err) const {
  // Ids: places in `group`.
  std::deque<std::string> escaped;
  Expressions e;
  add_expressions(group, drop_flags, 0, e, escaped);
  return hs_cache::compile(e.exprs, e.flags, e.ids, HS_MODE_BLOCK, err);
}

bool Matcher::compile(std::vector<int> group) {
  // Regexes an earlier run found Hyperscan refuses alone go to RE2 first (a
  // plan already moved them).
  std::erase_if(group, [this](int p) {
    const bool no = is_regex(p) && (m_planned ? m_plan_refused[static_cast<std::size_t>(p)] != 0
                                              : hs_cache::refused(expression(p).c_str(), flags_of(p), HS_MODE_BLOCK));
    if (no) {
      to_re2(p);
    }
    return no;
  });
  bool searched = false;
  while (!group.empty()) {
    hs_compile_error_t* err = nullptr;
    if (hs_database_t* db = compile_db(group, 0, &err); db != nullptr) {
      m_dbs.emplace_back(db, hs_cache::free_database);
      m_hs_ids.push_back(std::move(group));
      return true;
    }
    const int bad = err->expression;
    hs_free_compile_error(err);
    if (bad < 0 || !is_regex(group[static_cast<std::size_t>(bad)])) {
      return false;
    }
    if (!searched) {
      searched = true;
      group = without_refused(group, static_cast<std::size_t>(bad));
    } else {
      // Refused together although none is refused alone (not seen): the named one moves.
      to_re2(group[static_cast<std::size_t>(bad)]);
      group.erase(group.begin() + bad);
    }
  }
  return true;
}

std::vector<int> Matcher::without_refused(const std::vector<int>& group, std::size_t bad) {
  // Hyperscan reads a database's expressions in order and refuses one ("Pattern is too large")
  // before it builds anything: a compile ending with one it refuses fails at the first refused,
  // having built nothing. Each regex after `bad` is read once (compiling each alone cost 3 s).
  const int refused = group[bad];
  const std::string last = expression(refused);
  std::vector<int> kept(group.begin(), group.begin() + static_cast<std::ptrdiff_t>(bad));
  std::vector<int> moved{refused};
  for (std::size_t from = bad + 1; from < group.size();) {
    std::vector<int> rest(group.begin() + static_cast<std::ptrdiff_t>(from), group.end());
    const std::size_t at = first_refused(rest, last, flags_of(refused));
    kept.insert(kept.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(at));
    if (at < rest.size()) {
      moved.push_back(rest[at]);
    }
    from += at + 1;
  }
  for (const int p : moved) {
    hs_cache::mark_refused(expression(p).c_str(), flags_of(p), HS_MODE_BLOCK);
    to_re2(p);
  }
  return kept;
}

std::size_t Matcher::first_refused(const std::vector<int>& regexes, const std::string& last,
                                   unsigned last_flags) const {
  Expressions e = regex_expressions(regexes);
  e.add(last.c_str(), last_flags);
  hs_compile_error_t* err = nullptr;
  hs_database_t* db = nullptr;
  const bool built =
      hs_compile_multi(e.exprs.data(), e.flags.data(), e.ids.data(), static_cast<unsigned>(e.exprs.size()),
                       HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS;
  hs_free_database(db);
  const int bad = built ? -1 : err->expression;
  hs_free_compile_error(err);
  // Built (the last one taken after all) or refused past the regexes: none of them is refused.
  return bad >= 0 && static_cast<std::size_t>(bad) < regexes.size() ? static_cast<std::size_t>(bad) : regexes.size();
}

Matcher::Matcher(const Matcher& other)
    : m_patterns(other.m_patterns),
      m_dbs(other.m_dbs),
      m_filters(other.m_filters),
      m_hs_ids(other.m_hs_ids),
      m_literal_len(other.m_literal_len),
      m_word_edges(other.m_word_edges),
      m_re2(other.m_re2),  // RE2 matching is thread-safe
      m_plain(other.m_plain),
      m_prefilter(other.m_prefilter),
      m_merged(other.m_merged),
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

}  // namespace fbkit::classify

// The many-phrase matcher: every phrase and regex of a rule set compiled once
// into Hyperscan databases (literals as escaped byte strings, ASCII case
// ignored; regexes in UTF-8 mode with leftmost start offsets), the regexes at
// most kRegexesPerDatabase to a database. A text is scanned by a regex database
// only when its filter (the same regexes without start offsets, 3x cheaper)
// finds that one of them matches; the filters and the literals are one
// database, so a text is scanned once when no regex matches (with no cache
// folder, no literal, or when that database is refused: the literals alone
// and a filter per regex database). A regex
// that Hyperscan refuses runs on RE2 instead; both are linear-time. Without a CPU
// that Hyperscan supports (no SSSE3), literals are found by plain search.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "classify/model.hpp"

struct hs_database;
struct hs_compile_error;

namespace fbkit::classify {

class Re2Prefilter;

// One occurrence of a pattern: bytes [start, end) of the scanned text.
struct Hit {
  int pattern = 0;
  std::uint32_t start = 0;
  std::uint32_t end = 0;
  bool operator==(const Hit&) const = default;
};

// An ASCII letter, digit or '_': what a literal's word edges are (escaped
// otherwise) and what must not stand beside them (scan()'s whole words).
inline bool word_char(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

class Matcher {
public:
  // Compiles the patterns; throws ConfigError (at the pattern) if one cannot be used.
  // ignore_case: ASCII letters match in any case (literals are then lower case);
  // whole_words: see scan().
  explicit Matcher(const std::vector<Pattern>& patterns, bool ignore_case = true, bool whole_words = true);
  ~Matcher();
  // A matcher for another thread: the compiled patterns are shared, the
  // scratch space is its own.
  Matcher(const Matcher& other);
  Matcher& operator=(const Matcher&) = delete;

  // Appends every occurrence in `text`, sorted by start then end. A literal
  // that begins or ends with an ASCII letter or digit only counts at a word
  // boundary ("not" is not found in "nothing"). Not thread-safe (one scratch).
  void scan(std::string_view text, std::vector<Hit>& hits);

  // Whether Hyperscan is in use (false on CPUs without SSSE3), and how many
  // patterns run on RE2 instead.
  bool uses_hyperscan() const { return !m_dbs.empty(); }
  std::size_t re2_count() const { return m_re2.size(); }
  // The patterns on RE2, in increasing order.
  std::vector<int> re2_patterns() const;
  // How many Hyperscan databases the patterns take.
  std::size_t database_count() const { return m_dbs.size(); }

  // Hyperscan's compile time grows faster than linearly in the regexes of a
  // database; this many keep it small (and a text is scanned once per database).
  static constexpr std::size_t kRegexesPerDatabase = 100;

private:
  // The pattern as a Hyperscan expression, and its flags; p >= m_patterns.size():
  // the atom p - m_patterns.size() of m_prefilter.
  std::string expression(int p) const;
  bool is_regex(int p) const;
  unsigned flags_of(int p) const;
  // The regexes left for Hyperscan, those its parser refuses moved to RE2.
  std::vector<int> parsed(const std::vector<int>& regexes);
  // The same from `plan`, regex_plan() of an earlier run with these regexes.
  std::vector<int> planned(const std::vector<int>& regexes, const std::string& plan);
  // The cache key of the plan of `regexes` ("" without a cache), and the plan
  // itself: how many of m_re2's patterns Hyperscan's parser refused (the first
  // ones), then their places in `regexes`, in m_re2's order.
  std::string regex_plan_key(const std::vector<int>& regexes) const;
  // The regexes as hs_compile_multi takes them: each one's own text (read in
  // place), flags_of(), ids 0, 1, ...
  struct Expressions {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    void add(const char* expr, unsigned flag) {
      exprs.push_back(expr);
      flags.push_back(flag);
      ids.push_back(static_cast<unsigned>(ids.size()));
    }
  };
  Expressions regex_expressions(const std::vector<int>& regexes) const;
  std::string regex_plan(const std::vector<int>& regexes) const;
  // Moves a regex Hyperscan refuses to RE2; throws ConfigError if RE2 refuses it too.
  void to_re2(int p);
  // Adds a database of `group`, the regexes it refuses moved to RE2; false on
  // a database-wide limit or a refused literal.
  bool compile(std::vector<int> group);
  // The regexes' databases, kRegexesPerDatabase at a time, each with its
  // filter, then one of the literals and the atoms of the regexes left to RE2;
  // false as compile().
  bool compile_groups(const std::vector<int>& literals, const std::vector<int>& regexes);
  // `group` less the regexes Hyperscan refuses alone, `group[bad]` the first
  // of them (moved to RE2, in their order, and marked refused in the cache).
  std::vector<int> without_refused(const std::vector<int>& group, std::size_t bad);
  // The place in `regexes` of the first that Hyperscan refuses (their size:
  // none), found by compiling them followed by `last`, a regex it refuses.
  std::size_t first_refused(const std::vector<int>& regexes, const std::string& last, unsigned last_flags) const;
  // hs_cache::compile of `group`'s expressions (ids: their places in it), each
  // with flags_of() less `drop_flags`; null with *err set when refused.
  ::hs_database* compile_db(const std::vector<int>& group, unsigned drop_flags, ::hs_compile_error** err) const;
  // Adds `group`'s expressions to `e`, each with flags_of() less `drop_flags`
  // plus `add_flags`: a regex read in place, a literal or atom escaped into
  // `escaped` (a deque: its strings do not move as it grows).
  void add_expressions(const std::vector<int>& group, unsigned drop_flags, unsigned add_flags, Expressions& e,
                       std::deque<std::string>& escaped) const;
  // Adds one database of `group` (literals and atoms) and of the filters of
  // every regex database before it (their regexes without start offsets, each
  // reported once: the databases a text needs); false when refused.
  bool merge(const std::vector<int>& group);
  // scan()'s Hyperscan part, with the merged database or with a filter each.
  void scan_merged(std::string_view text, std::vector<Hit>& hits);
  void scan_each(std::string_view text, std::vector<Hit>& hits);
  // The RE2 regexes whose atoms m_atoms_found holds (sorted and made unique
  // here), in increasing order: m_candidates_memo's entry for this set, made
  // when it first came (valid until the next call).
  const std::vector<int>& re2_candidates();
  // A database of `group`'s regexes without start offsets (null: refused).
  std::shared_ptr<void> filter(const std::vector<int>& group) const;

  const std::vector<Pattern>& m_patterns;
  std::vector<std::shared_ptr<void>> m_dbs;                  // hs_database_t*, freed by the last owner
  std::vector<std::shared_ptr<void>> m_filters;              // per database: whether a regex of it matches (or null)
  void* m_scratch = nullptr;                                 // hs_scratch_t*, for every database
  std::vector<std::vector<int>> m_hs_ids;                    // per database: Hyperscan id -> pattern index
  std::vector<std::uint32_t> m_literal_len;                  // per pattern: length, 0 for a regex
  std::vector<std::uint8_t> m_word_edges;                    // per pattern: 1 start, 2 end must be a word edge
  std::vector<std::pair<int, std::shared_ptr<void>>> m_re2;  // pattern index, RE2*
  std::vector<int> m_plain;                                  // literals searched without Hyperscan
  std::shared_ptr<const Re2Prefilter> m_prefilter;           // of m_re2, in its order (null: none)
  std::vector<int> m_atoms_found, m_re2_candidates;          // scratch of scan() and re2_candidates()
  bool m_merged = false;                                     // m_dbs.back() is merge()'s
  std::vector<std::uint8_t> m_regex_due;                     // scratch of scan_merged(): per regex database
  std::optional<std::vector<int>> m_no_atoms;                // the candidates when no atom is found, once computed
  static constexpr std::size_t kCandidatesMemo = 4096;       // sets kept at most (then forgotten)
  // A set of atoms found, hashed (a tree of vectors was a cache miss per level).
  struct AtomsHash {
    std::size_t operator()(const std::vector<int>& atoms) const;
  };
  std::unordered_map<std::vector<int>, std::vector<int>, AtomsHash> m_candidates_memo;  // atoms found -> candidates
  bool m_ignore_case = true;
  bool m_whole_words = true;
  bool m_planned = false;                    // the regexes on RE2 came from a plan in the cache
  std::vector<std::uint8_t> m_plan_refused;  // per pattern: the plan says Hyperscan refuses it alone
  std::size_t m_parsed_out = 0;              // m_re2's first ones, refused by Hyperscan's parser
};

}  // namespace fbkit::classify

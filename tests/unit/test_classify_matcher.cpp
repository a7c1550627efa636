#include <doctest/doctest.h>
#include <hs/hs.h>
#include <re2/re2.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "classify/matcher.hpp"
#include "classify/matcher_cache.hpp"
#include "classify/matcher_prefilter.hpp"

using namespace fbkit::classify;

namespace {

Pattern pattern(std::string text, bool regex) {
  Pattern p;
  p.text = std::move(text);
  p.regex = regex;
  p.roles = kRolePhrase;
  return p;
}

// FBKIT_CACHE_DIR set to a new folder for the test's time, and no
// FBKIT_CACHE_KEEP (the test suite's environment sets both).
struct CacheFolder {
  std::string path;
  std::string keep;
  CacheFolder() {
    char tmpl[] = "/tmp/fbkit-hs-cache-XXXXXX";
    path = ::mkdtemp(tmpl);
    ::setenv("FBKIT_CACHE_DIR", path.c_str(), 1);
    if (const char* k = std::getenv("FBKIT_CACHE_KEEP"); k != nullptr) {
      keep = k;
    }
    ::unsetenv("FBKIT_CACHE_KEEP");
  }
  ~CacheFolder() {
    ::unsetenv("FBKIT_CACHE_DIR");
    if (!keep.empty()) {
      ::setenv("FBKIT_CACHE_KEEP", keep.c_str(), 1);
    }
    std::filesystem::remove_all(path);
  }
  // n databases hs-old0.db .. written a day ago, a second apart (the last the newest).
  void plant_old(int n) const {
    const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
    for (int i = 0; i < n; ++i) {
      const std::string f = path + "/hs-old" + std::to_string(i) + ".db";
      std::ofstream(f) << "x";
      std::filesystem::last_write_time(f, old + std::chrono::seconds(i));
    }
  }
  std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path)) {
      out.push_back(e.path().string());
    }
    return out;
  }
};

ino_t inode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_ino;
}

std::vector<Hit> scan(const std::vector<Pattern>& patterns, const std::string& text) {
  Matcher m(patterns);
  std::vector<Hit> hits;
  m.scan(text, hits);
  return hits;
}

}  // namespace

TEST_CASE("classify::Matcher keeps its compiled databases between runs, and compiles again what it cannot load") {
  const std::vector<Pattern> patterns = {pattern("慢", false), pattern("送餐慢", false), pattern("late", false),
                                         pattern("等了?[^，。]{0,6}(人工|客服)", true), pattern("快[0-9]+小时", true)};
  const std::string text = "送餐慢，等了好久人工客服才回，快2小时了 late";
  const CacheFolder cache;
  REQUIRE(hs_cache::folder() == cache.path);
  const std::vector<Hit> want = scan(patterns, text);
  REQUIRE(want.size() == 6);
  // A text no regex matches is not scanned for their starts: its literals are found all the same.
  CHECK(scan(patterns, "送餐慢，late") == std::vector<Hit>{{1, 0, 9}, {0, 6, 9}, {2, 12, 16}});
  // The regexes' database, the literals' with the regexes' filter in it (one
  // scan of a text says which regex databases it needs), and which regexes go
  // to RE2 (none).
  const std::vector<std::string> files = cache.files();
  REQUIRE(files.size() == 3);
  const auto inodes = [&] {
    std::vector<ino_t> out;
    for (const std::string& f : files) {
      out.push_back(inode(f));
    }
    return out;
  };
  const std::vector<ino_t> written = inodes();

  // Loaded, not compiled and written again: the same files, the same hits.
  CHECK(scan(patterns, text) == want);
  CHECK(inodes() == written);

  // Damaged (a byte of a database changed, a file cut short): compiled again,
  // the file replaced, the hits the same.
  const auto bytes_of = [](const std::string& f) {
    std::ifstream in(f, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto replace = [](const std::string& f, const std::string& bytes) {
    std::filesystem::remove(f);
    std::ofstream(f, std::ios::binary) << bytes;
    return inode(f);
  };
  for (const bool cut : {false, true}) {
    CAPTURE(cut);
    std::vector<ino_t> damaged;
    for (const std::string& f : files) {
      std::string bytes = bytes_of(f);
      if (cut) {
        bytes.resize(bytes.size() / 2);
      } else {
        bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x5A);
      }
      damaged.push_back(replace(f, bytes));
    }
    CHECK(scan(patterns, text) == want);
    const std::vector<ino_t> now = inodes();
    for (std::size_t i = 0; i < files.size(); ++i) {
      CHECK(now[i] != damaged[i]);
    }
  }

  // Another pattern set has another literals' database, in another file; under
  // the name of any of this set's files, it is not taken for theirs.
  std::vector<Pattern> other = patterns;
  other[0] = pattern("慢慢", false);
  const std::vector<Hit> other_hits = scan(other, text);
  std::string foreign;
  for (const std::string& f : cache.files()) {
    foreign = std::find(files.begin(), files.end(), f) == files.end() ? f : foreign;
  }
  REQUIRE(cache.files().size() == 4);  // the same regexes: their database, the same note of those on RE2
  for (const std::string& f : files) {
    replace(f, bytes_of(foreign));
    CHECK(scan(patterns, text) == want);
  }
  CHECK(scan(other, text) == other_hits);
}

TEST_CASE("classify::Matcher keeps no database with FBKIT_CACHE_DIR=off or a relative folder") {
  const CacheFolder cache;
  for (const char* value : {"off", "relative/folder"}) {
    ::setenv("FBKIT_CACHE_DIR", value, 1);
    CHECK(hs_cache::folder().empty());
    CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
  }
  ::setenv("FBKIT_CACHE_DIR", cache.path.c_str(), 1);
  CHECK(cache.files().empty());
}

TEST_CASE("classify::Matcher keeps at most 32 databases, removing the least recently written") {
  const CacheFolder cache;
  cache.plant_old(40);
  std::ofstream(cache.path + "/notes.txt") << "not a database";
  CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
  const std::vector<std::string> files = cache.files();
  CHECK(files.size() == 33);  // 32 databases and the notes
  CHECK(std::filesystem::exists(cache.path + "/notes.txt"));
  CHECK(std::filesystem::exists(cache.path + "/hs-old39.db"));  // the newest of the old ones
  CHECK_FALSE(std::filesystem::exists(cache.path + "/hs-old10.db"));
  CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
}

TEST_CASE("classify::Matcher keeps FBKIT_CACHE_KEEP databases when it is set") {
  const CacheFolder cache;
  cache.plant_old(40);
  ::setenv("FBKIT_CACHE_KEEP", "5", 1);
  CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
  CHECK(cache.files().size() == 5);
  CHECK(std::filesystem::exists(cache.path + "/hs-old39.db"));
  CHECK_FALSE(std::filesystem::exists(cache.path + "/hs-old35.db"));
  ::setenv("FBKIT_CACHE_KEEP", "many", 1);  // not a number: the default 32
  std::ofstream(cache.path + "/hs-x.db") << "x";
  CHECK(scan({pattern("别的", false)}, "别的").size() == 1);
  CHECK(cache.files().size() >= 7);  // the 5, hs-x.db and the new one: none removed
  ::unsetenv("FBKIT_CACHE_KEEP");
}

TEST_CASE("classify::Matcher keeps a database in use though written long ago: the least recently used go first") {
  const CacheFolder cache;
  const std::vector<Pattern> used = {pattern("慢", false), pattern("快[0-9]+", true)};
  CHECK(scan(used, "快2慢").size() == 2);
  const std::vector<std::string> mine = cache.files();
  REQUIRE_FALSE(mine.empty());
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const std::string& f : mine) {
    std::filesystem::last_write_time(f, now - std::chrono::hours(48));
  }
  for (int i = 0; i < 40; ++i) {  // written a day ago, after those
    const std::string f = cache.path + "/hs-other" + std::to_string(i) + ".db";
    std::ofstream(f) << "x";
    std::filesystem::last_write_time(f, now - std::chrono::hours(24) + std::chrono::seconds(i));
  }
  CHECK(scan(used, "快2慢").size() == 2);                     // loaded: used now
  CHECK(scan({pattern("别的", false)}, "别的").size() == 1);  // a new one written: pruned
  for (const std::string& f : mine) {
    CHECK(std::filesystem::exists(f));
  }
  CHECK_FALSE(std::filesystem::exists(cache.path + "/hs-other0.db"));
}

TEST_CASE("classify::Matcher remembers a regex Hyperscan refuses, and runs it on RE2 without asking again") {
  const std::vector<Pattern> patterns = {pattern("慢", false), pattern("快[0-9]+小时", true),
                                         pattern("(?i)\\b(disagree|don.t agree)\\b[^.!?;]{0,80}", true)};
  const std::string text = "慢，快2小时; I disagree with them";
  const CacheFolder cache;
  const char* refused = patterns[2].text.c_str();
  const unsigned flags = HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST;
  CHECK_FALSE(hs_cache::refused(refused, flags, HS_MODE_BLOCK));
  Matcher first(patterns);
  CHECK(first.re2_count() == 1);  // "Pattern is too large" with start offsets
  // The refusal is kept; the regex Hyperscan takes is not marked.
  CHECK(hs_cache::refused(refused, flags, HS_MODE_BLOCK));
  CHECK_FALSE(hs_cache::refused(patterns[1].text.c_str(), flags, HS_MODE_BLOCK));
  const std::vector<std::string> files = cache.files();
  std::vector<Hit> want;
  first.scan(text, want);
  REQUIRE(want.size() == 3);
  // The next matcher hands it to RE2 at once: the same hits, no file written again.
  Matcher second(patterns);
  CHECK(second.re2_count() == 1);
  std::vector<Hit> hits;
  second.scan(text, hits);
  CHECK(hits == want);
  CHECK(cache.files() == files);
}

TEST_CASE(
    "classify::Matcher keeps which regexes run on RE2: the next asks neither Hyperscan's parser nor the markers") {
  // (?U) is refused by Hyperscan's parser, the last regex by its compiler ("Pattern is too large").
  const std::vector<Pattern> patterns = {pattern("慢", false), pattern("快[0-9]+小时", true),
                                         pattern("(?U)[0-9]+元", true),
                                         pattern("(?i)\\b(disagree|don.t agree)\\b[^.!?;]{0,80}", true)};
  const std::string text = "慢，快2小时，30元; I disagree with them";
  const CacheFolder cache;
  Matcher first(patterns);
  CHECK(first.re2_patterns() == std::vector<int>{2, 3});
  std::vector<Hit> want;
  first.scan(text, want);
  REQUIRE(want.size() == 4);
  // Without the refused marker the next matcher would compile the regexes'
  // database, find the refusal again and write the marker anew: it does neither.
  const auto bytes_of = [](const std::string& f) {
    std::ifstream in(f, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  std::vector<std::string> files;
  const std::size_t written = cache.files().size();
  for (const std::string& f : cache.files()) {
    if (bytes_of(f).starts_with("fbkit hyperscan refused")) {
      std::filesystem::remove(f);
    } else {
      files.push_back(f);
    }
  }
  REQUIRE(files.size() + 1 == written);
  Matcher second(patterns);
  CHECK(second.re2_patterns() == std::vector<int>{2, 3});
  CHECK(second.database_count() == first.database_count());
  std::vector<Hit> hits;
  second.scan(text, hits);
  CHECK(hits == want);
  CHECK(cache.files() == files);
  // Other regexes have a note of their own: a regex Hyperscan takes stays on it.
  const std::vector<Pattern> others = {pattern("慢", false), pattern("快[0-9]+小时", true), pattern("[0-9]+元", true)};
  CHECK(Matcher(others).re2_count() == 0);
}

TEST_CASE("classify::Re2Prefilter names the strings a regex needs, and which regexes a text's strings allow") {
  const Re2Prefilter f({"(?i)\\bworried\\b.{0,20}\\bwould\\b", "(等|候).*客服", "x*"});
  std::vector<std::string> atoms = f.atoms();
  std::sort(atoms.begin(), atoms.end());
  CHECK(atoms == std::vector<std::string>{"worried", "would", "候", "客服", "等"});
  const auto index = [&](const char* atom) {
    return static_cast<int>(std::find(f.atoms().begin(), f.atoms().end(), atom) - f.atoms().begin());
  };
  std::vector<int> found, out;
  f.candidates(found, out);
  CHECK(out == std::vector<int>{2});  // x* needs nothing
  found = {index("worried")};
  f.candidates(found, out);
  CHECK(out == std::vector<int>{2});  // worried without would
  found = {index("would"), index("客服"), index("worried"), index("would")};
  f.candidates(found, out);
  CHECK(out == std::vector<int>{0, 2});  // 客服 without 等 or 候
  found = {index("would"), index("客服"), index("worried"), index("候")};
  f.candidates(found, out);
  CHECK(out == std::vector<int>{0, 1, 2});
}

TEST_CASE("classify::Re2Prefilter decides only texts whose cased letters are ASCII") {
  CHECK(Re2Prefilter::applies("I was WORRIED, 但是客服很好！ 😀"));
  CHECK(Re2Prefilter::applies(""));
  CHECK_FALSE(Re2Prefilter::applies("\u00c9t\u00e9"));              // É lowers to é
  CHECK_FALSE(Re2Prefilter::applies("\u212anown"));                 // the Kelvin sign lowers to k
  CHECK_FALSE(Re2Prefilter::applies("\uff21"));                     // full-width A
  CHECK_FALSE(Re2Prefilter::applies("ok \xff"));                    // not UTF-8
  CHECK_FALSE(Re2Prefilter::applies(std::string("\xe0\x80\xa0")));  // an overlong form
}

TEST_CASE("classify::Matcher finds what RE2 alone finds for the regexes it runs on RE2, atoms or not") {
  // (?U) keeps them off Hyperscan; each has atoms but the last.
  const std::vector<std::string> res{"(?U)(?i)\\bworried\\b.{0,20}\\bwould\\b", "(?U)(?i)known",
                                     "(?U)(等|候)[^，。]{0,6}客服", "(?U)[0-9]+元"};
  std::vector<Pattern> patterns{pattern("客服", false), pattern("would", false)};
  for (const std::string& r : res) {
    patterns.push_back(pattern(r, true));
  }
  Matcher m(patterns);
  CHECK(m.re2_count() == res.size());
  for (const std::string text : {"i was Worried it WOULD break", "worried, and it would", "worried only", "would only",
                                 "\u212anown issue", "KNOWN issue", "well known", "\u00c9t\u00e9 known", "等了很久客服",
                                 "等了很久，客服", "客服", "花了30元", "", "\xffknown\xfe"}) {
    CAPTURE(text);
    std::vector<Hit> got, want;
    m.scan(text, got);
    got.erase(std::remove_if(got.begin(), got.end(), [](const Hit& h) { return h.pattern < 2; }), got.end());
    for (std::size_t k = 0; k < res.size(); ++k) {
      const RE2 re(res[k]);
      re2::StringPiece match;
      for (std::size_t pos = 0; pos <= text.size() && re.Match(text, pos, text.size(), RE2::UNANCHORED, &match, 1);) {
        const auto start = static_cast<std::uint32_t>(match.data() - text.data());
        want.push_back(Hit{static_cast<int>(k + 2), start, start + static_cast<std::uint32_t>(match.size())});
        pos = start + std::max<std::size_t>(match.size(), 1);
      }
    }
    std::sort(want.begin(), want.end(), [](const Hit& a, const Hit& b) {
      return a.start != b.start ? a.start < b.start : a.end != b.end ? a.end < b.end : a.pattern < b.pattern;
    });
    CHECK(got == want);
  }
}

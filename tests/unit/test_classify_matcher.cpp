#include <doctest/doctest.h>
#include <hs/hs.h>
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

using namespace fbkit::classify;

namespace {

Pattern pattern(std::string text, bool regex) {
  Pattern p;
  p.text = std::move(text);
  p.regex = regex;
  p.roles = kRolePhrase;
  return p;
}

// FBKIT_CACHE_DIR set to a new folder for the test's time.
struct CacheFolder {
  std::string path;
  CacheFolder() {
    char tmpl[] = "/tmp/fbkit-hs-cache-XXXXXX";
    path = ::mkdtemp(tmpl);
    ::setenv("FBKIT_CACHE_DIR", path.c_str(), 1);
  }
  ~CacheFolder() {
    ::unsetenv("FBKIT_CACHE_DIR");
    std::filesystem::remove_all(path);
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
  // The literals' database, the regexes' and their filter's.
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
  REQUIRE(cache.files().size() == 4);
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
  const auto old = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
  for (int i = 0; i < 40; ++i) {
    const std::string f = cache.path + "/hs-old" + std::to_string(i) + ".db";
    std::ofstream(f) << "x";
    std::filesystem::last_write_time(f, old + std::chrono::seconds(i));
  }
  std::ofstream(cache.path + "/notes.txt") << "not a database";
  CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
  const std::vector<std::string> files = cache.files();
  CHECK(files.size() == 33);  // 32 databases and the notes
  CHECK(std::filesystem::exists(cache.path + "/notes.txt"));
  CHECK(std::filesystem::exists(cache.path + "/hs-old39.db"));  // the newest of the old ones
  CHECK_FALSE(std::filesystem::exists(cache.path + "/hs-old10.db"));
  CHECK(scan({pattern("慢", false), pattern("快[0-9]+", true)}, "快2慢").size() == 2);
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

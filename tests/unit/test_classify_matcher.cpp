#include <doctest/doctest.h>
#include <hs/hs.h>
#include <sys/stat.h>

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
  const std::vector<std::string> files = cache.files();
  REQUIRE(files.size() == 1);
  const std::string file = files.front();
  const ino_t written = inode(file);

  // Loaded, not compiled and written again: the same file, the same hits.
  CHECK(scan(patterns, text) == want);
  CHECK(inode(file) == written);

  // Damaged (a byte of the database changed, the file cut short): compiled
  // again, the file replaced, the hits the same.
  for (const bool cut : {false, true}) {
    CAPTURE(cut);
    std::string bytes;
    {
      std::ifstream in(file, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (cut) {
      bytes.resize(bytes.size() / 2);
    } else {
      bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x5A);
    }
    std::filesystem::remove(file);
    std::ofstream(file, std::ios::binary) << bytes;
    const ino_t damaged = inode(file);
    CHECK(scan(patterns, text) == want);
    CHECK(inode(file) != damaged);
  }

  // Another pattern set is another file; its database is not taken for this one's.
  std::vector<Pattern> other = patterns;
  other[0] = pattern("慢慢", false);
  const std::vector<Hit> other_hits = scan(other, text);
  CHECK(cache.files().size() == 2);
  std::filesystem::rename(cache.files().front() == file ? cache.files().back() : cache.files().front(), file);
  CHECK(scan(patterns, text) == want);
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

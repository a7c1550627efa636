#include <doctest/doctest.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/error.hpp"
#include "core/io.hpp"

namespace fs = std::filesystem;

namespace {
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/fbkit-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::size_t count() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};
}  // namespace

TEST_CASE("OutputFile replaces the target only on commit") {
  TempDir dir;
  const std::string target = (dir.path / "out.csv").string();
  fbkit::write_file_atomic(target, "old\n");
  {
    fbkit::OutputFile out(target);
    out.write("new", 3);
    CHECK(fbkit::read_file(target) == "old\n");  // not yet
    CHECK(dir.count() == 2);                     // the target and the temporary file
  }  // destroyed without commit, as after an exception
  CHECK(fbkit::read_file(target) == "old\n");
  CHECK(dir.count() == 1);
  {
    fbkit::OutputFile out(target);
    out.write("new\n", 4);
    out.commit();
  }
  CHECK(fbkit::read_file(target) == "new\n");
  CHECK(dir.count() == 1);
}

TEST_CASE("OutputFile removes temporary files a killed run left behind") {
  TempDir dir;
  const std::string target = (dir.path / "report.html").string();
  // A temporary file of a process that cannot exist (pid above pid_max).
  const std::string stale = fbkit::temp_prefix_for(target) + "999999999-1";
  std::ofstream(stale) << "partial";
  REQUIRE(fs::exists(stale));
  fbkit::write_file_atomic(target, "whole");
  CHECK_FALSE(fs::exists(stale));
  CHECK(dir.count() == 1);
}

TEST_CASE("OutputFile writes special files such as /dev/null directly") {
  fbkit::OutputFile out("/dev/null");
  out.write("x", 1);
  out.commit();
  CHECK(fs::exists("/dev/null"));
}

TEST_CASE("FileSource names the file in its errors") {
  CHECK_THROWS_WITH_AS(fbkit::FileSource("/nonexistent/x.csv"), "cannot open /nonexistent/x.csv: No such file or directory",
                       fbkit::IoError);
}

TEST_CASE("Location prints file, line and column as far as known") {
  CHECK(fbkit::Location{"a.csv", 3, 7}.str() == "a.csv:3:7");
  CHECK(fbkit::Location{"a.csv", 3, 0}.str() == "a.csv:3");
  CHECK(fbkit::Location{"a.csv", 0, 0}.str() == "a.csv");
}

TEST_CASE("OutputFile writes through a symbolic link and leaves the link in place") {
  TempDir dir;
  const std::string real = (dir.path / "real.csv").string();
  const std::string link = (dir.path / "link.csv").string();
  fbkit::write_file_atomic(real, "old\n");
  REQUIRE(::symlink(real.c_str(), link.c_str()) == 0);
  fbkit::write_file_atomic(link, "new\n");
  CHECK(fs::is_symlink(link));
  CHECK(fbkit::read_file(real) == "new\n");
  CHECK(dir.count() == 2);
}

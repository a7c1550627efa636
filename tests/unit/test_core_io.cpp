#include <dirent.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"

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
  }                                              // destroyed without commit, as after an exception
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
  // A temporary file of this machine that no writer holds locked.
  const std::string stale = fbkit::temp_name_for(target);
  std::ofstream(stale) << "partial";
  REQUIRE(fs::exists(stale));
  fbkit::write_file_atomic(target, "whole");
  CHECK_FALSE(fs::exists(stale));
  CHECK(dir.count() == 1);
}

namespace {
// temp_name_for(target) with another process id: "<prefix><kernel>-<pid>-1".
std::string temp_name_with_pid(const std::string& target, const std::string& pid) {
  const std::string prefix = fbkit::temp_prefix_for(target);
  const std::string name = fbkit::temp_name_for(target);
  const std::string kernel = name.substr(prefix.size(), name.find('-', prefix.size()) - prefix.size());
  return prefix + kernel + "-" + pid + "-1";
}
}  // namespace

TEST_CASE("OutputFile keeps a temporary file its writer holds locked, whatever its process id") {
  // A writer in another PID namespace (a container) or on another NFS host
  // has a process id that means nothing here: only its lock tells it is alive.
  TempDir dir;
  const std::string target = (dir.path / "out.csv").string();
  const std::string live = temp_name_with_pid(target, "999999999");
  std::ofstream(live) << "being written";
  const int fd = ::open(live.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  fbkit::write_file_atomic(target, "mine");
  CHECK(fs::exists(live));
  ::close(fd);  // the writer dies
  fbkit::write_file_atomic(target, "again");
  CHECK_FALSE(fs::exists(live));
  CHECK(dir.count() == 1);
}

TEST_CASE("OutputFile leaves another machine's unlocked temporary file for a day") {
  // Where locks are local to each machine (NFS nolock), a free lock proves nothing.
  TempDir dir;
  const std::string target = (dir.path / "out.csv").string();
  const std::string foreign = fbkit::temp_prefix_for(target) + "000000000000-42-1";
  const std::string old_style = fbkit::temp_prefix_for(target) + "42-1";  // before the kernel tag
  std::ofstream(foreign) << "x";
  std::ofstream(old_style) << "x";
  fbkit::write_file_atomic(target, "mine");
  CHECK(fs::exists(foreign));
  CHECK(fs::exists(old_style));
  const timespec two_days_ago[2] = {{std::time(nullptr) - 2 * 86400, 0}, {std::time(nullptr) - 2 * 86400, 0}};
  REQUIRE(::utimensat(AT_FDCWD, foreign.c_str(), two_days_ago, 0) == 0);
  REQUIRE(::utimensat(AT_FDCWD, old_style.c_str(), two_days_ago, 0) == 0);
  fbkit::write_file_atomic(target, "again");
  CHECK_FALSE(fs::exists(foreign));
  CHECK_FALSE(fs::exists(old_style));
}

TEST_CASE("OutputFile writes a 0600 temporary file and keeps the target's mode") {
  TempDir dir;
  const std::string target = (dir.path / "private.csv").string();
  fbkit::write_file_atomic(target, "old\n");
  REQUIRE(::chmod(target.c_str(), 0640) == 0);
  {
    fbkit::OutputFile out(target);
    struct stat st {};
    REQUIRE(::stat(out.temp_path().c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);  // nobody else reads it while it is written
    out.write("new\n", 4);
    out.commit();
  }
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
  CHECK(::getuid() == st.st_uid);

  // A new file: 0666 less the umask.
  const mode_t old_mask = ::umask(027);
  const std::string fresh = (dir.path / "fresh.csv").string();
  fbkit::write_file_atomic(fresh, "x");
  ::umask(old_mask);
  REQUIRE(::stat(fresh.c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0640);
}

TEST_CASE("OutputFile replaces a hard link's name only: the other names keep the old content") {
  TempDir dir;
  const std::string target = (dir.path / "out.csv").string();
  const std::string other = (dir.path / "other.csv").string();
  fbkit::write_file_atomic(target, "old\n");
  REQUIRE(::link(target.c_str(), other.c_str()) == 0);
  fbkit::write_file_atomic(target, "new\n");
  CHECK(fbkit::read_file(target) == "new\n");
  CHECK(fbkit::read_file(other) == "old\n");
}

TEST_CASE("OutputFile writes special files such as /dev/null directly") {
  fbkit::OutputFile out("/dev/null");
  out.write("x", 1);
  out.commit();
  CHECK(fs::exists("/dev/null"));
}

TEST_CASE("FileSource names the file in its errors") {
  CHECK_THROWS_WITH_AS(fbkit::FileSource("/nonexistent/x.csv"),
                       "cannot open /nonexistent/x.csv: No such file or directory", fbkit::IoError);
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

namespace {
// The message of the UsageError open() throws, or "".
std::string conflict(fbkit::OutputSet& files) {
  try {
    files.open();
  } catch (const fbkit::UsageError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("OutputSet refuses two names of one file, however spelled") {
  TempDir dir;
  const std::string in = (dir.path / "in.csv").string();
  fbkit::write_file_atomic(in, "a\n");
  REQUIRE(::link(in.c_str(), (dir.path / "hard.csv").c_str()) == 0);
  REQUIRE(::symlink(in.c_str(), (dir.path / "sym.csv").c_str()) == 0);
  for (const std::string& other : std::vector<std::string>{"/./in.csv", "/hard.csv", "/sym.csv",
                                                           "/../" + dir.path.filename().string() + "/in.csv"}) {
    CAPTURE(other);
    fbkit::OutputSet files;
    files.input(in);
    files.output("-", "-o");
    files.output(dir.path.string() + other, "--removed");
    CHECK(conflict(files) == "the input " + in + " and --removed " + dir.path.string() + other +
                                 " are the same file; each output needs a file of its own, apart from the inputs");
  }
  // Two outputs not there yet, in one folder under two spellings.
  fbkit::OutputSet files;
  files.output((dir.path / "new.csv").string(), "-o");
  files.output((dir.path / "." / "new.csv").string(), "--summary");
  CHECK(conflict(files).find("are the same file") != std::string::npos);
  CHECK(dir.count() == 3);  // nothing created
}

TEST_CASE("OutputSet allows one input twice and special files, but one standard output") {
  TempDir dir;
  const std::string in = (dir.path / "in.csv").string();
  fbkit::write_file_atomic(in, "a\n");
  fbkit::OutputSet files;
  files.input(in);
  files.input(in);
  files.output("/dev/null", "--removed");
  files.output("/dev/null", "--summary");
  files.output("-", "-o");
  CHECK(conflict(files).empty());
  fbkit::OutputSet two;
  two.output("-", "--rejects");
  two.output("-", "-o");
  CHECK(conflict(two) == "--rejects - and -o - both write to standard output; name a file for one");
}

TEST_CASE("OutputSet creates every output before the run and replaces them only together") {
  TempDir dir;
  const std::string out = (dir.path / "out.csv").string();
  const std::string side = (dir.path / "side.csv").string();
  fbkit::write_file_atomic(out, "old out\n");
  {
    // A side output in a missing folder fails at open(), before any work.
    fbkit::OutputSet files;
    files.output((dir.path / "missing" / "s.json").string(), "--summary");
    files.output(out, "-o");
    CHECK_THROWS_AS(files.open(), fbkit::IoError);
  }
  CHECK(dir.count() == 1);
  {
    fbkit::OutputSet files;
    fbkit::ByteSink& s = files.output(side, "--removed");
    fbkit::ByteSink& o = files.output(out, "-o");
    files.open();
    CHECK(dir.count() == 3);  // out.csv and two temporary files
    s.write("side\n", 5);
    s.commit();  // finished, not yet renamed
    o.write("new out\n", 8);
    o.commit();
    CHECK_FALSE(fs::exists(side));
    CHECK(fbkit::read_file(out) == "old out\n");
    files.commit();
  }
  CHECK(fbkit::read_file(side) == "side\n");
  CHECK(fbkit::read_file(out) == "new out\n");
  CHECK(dir.count() == 2);
  {
    // Not committed (an error in the run): nothing changes, nothing remains.
    fbkit::OutputSet files;
    fbkit::ByteSink& s = files.output(side, "--removed");
    files.open();
    s.write("x", 1);
    s.commit();
  }
  CHECK(fbkit::read_file(side) == "side\n");
  CHECK(dir.count() == 2);
}

TEST_CASE("OutputSet renames side outputs first and the main output last") {
  // Renames of several files are not one transaction: when one fails, those
  // before it are new. The main output, last, is new only if all are.
  TempDir dir;
  fs::create_directories(dir.path / "side");
  fs::create_directories(dir.path / "main");
  const std::string side = (dir.path / "side" / "s.csv").string();
  const std::string out = (dir.path / "main" / "o.csv").string();
  fbkit::OutputSet files;
  files.output(side, "--removed");
  files.output(out, "-o");
  files.open();
  // The main output's folder goes away before the commit: its rename fails.
  fs::rename(dir.path / "main", dir.path / "gone");
  CHECK_THROWS_AS(files.commit(), fbkit::IoError);
  CHECK(fs::exists(side));
  CHECK_FALSE(fs::exists(out));
}

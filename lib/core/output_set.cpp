#include "core/output_set.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "core/cleanup.hpp"
#include "core/error.hpp"

namespace fbkit {

// What makes two paths the same file. Empty (exempt) for folders, special
// files and standard streams that are not regular files.
struct OutputSet::Named {
  std::string path;
  std::string what;
  bool output = false;
  bool is_stdout = false;
  bool known = false;
  dev_t dev = 0;
  ino_t ino = 0;
  std::string name;  // a file yet to be made: its name in folder (dev, ino)
};

class OutputSet::Member : public ByteSink {
public:
  explicit Member(std::string path) : m_path(std::move(path)) {}
  void write(const char* data, std::size_t n) override { file().write(data, n); }
  void commit() override { file().finish(); }
  void open() { m_file = std::make_unique<OutputFile>(m_path); }
  OutputFile& file() {
    if (!m_file) {
      throw std::logic_error("OutputSet: " + m_path + " written before open()");
    }
    return *m_file;
  }

private:
  std::string m_path;
  std::unique_ptr<OutputFile> m_file;
};

namespace {

bool is_stdout(const std::string& path) {
  return path == "-" || path.empty() || path == "/dev/stdout";
}

}  // namespace

OutputSet::OutputSet() = default;
OutputSet::~OutputSet() = default;

void OutputSet::input(const std::string& path, const std::string& what) {
  Named n;
  n.path = path;
  n.what = what;
  identify(n, path == "-" || path.empty() ? 0 : -1);
  m_named.push_back(std::move(n));
}

void OutputSet::inputs(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    input("-");
  }
  for (const std::string& p : paths) {
    input(p);
  }
}

ByteSink& OutputSet::output(const std::string& path, const std::string& what) {
  Named n;
  n.path = path;
  n.what = what;
  n.output = true;
  n.is_stdout = is_stdout(path);
  identify(n, n.is_stdout ? 1 : -1);
  m_named.push_back(std::move(n));
  return *m_outputs.emplace_back(std::make_unique<Member>(path));
}

void OutputSet::open() {
  const auto shown = [](const Named& n) {
    return n.what == "input" ? "the input " + (n.path == "-" || n.path.empty() ? std::string("<stdin>") : n.path)
                             : n.what + " " + n.path;
  };
  for (std::size_t i = 0; i < m_named.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      const Named& a = m_named[j];
      const Named& b = m_named[i];
      if (!a.output && !b.output) {
        continue;  // reading one file twice harms nothing
      }
      if (a.output && b.output && a.is_stdout && b.is_stdout) {
        throw UsageError(shown(a) + " and " + shown(b) + " both write to standard output; name a file for one");
      }
      if (a.known && b.known && a.dev == b.dev && a.ino == b.ino && a.name == b.name) {
        throw UsageError(shown(a) + " and " + shown(b) +
                         " are the same file; each output needs a file of its own, apart from the inputs");
      }
    }
  }
  for (const auto& m : m_outputs) {
    m->open();
  }
}

void OutputSet::commit() {
  for (const auto& m : m_outputs) {
    m->file().finish();
  }
  const DeferSignals defer;
  for (const auto& m : m_outputs) {
    m->file().publish();
  }
}

void OutputSet::identify(Named& n, int standard_fd) {
  struct stat st {};
  if (standard_fd >= 0) {
    // Standard input or output redirected from or to a file: that file.
    if (::fstat(standard_fd, &st) == 0 && S_ISREG(st.st_mode)) {
      n.known = true;
      n.dev = st.st_dev;
      n.ino = st.st_ino;
    }
    return;
  }
  if (::stat(n.path.c_str(), &st) == 0) {
    if (S_ISREG(st.st_mode)) {  // through any symbolic link, any hard link
      n.known = true;
      n.dev = st.st_dev;
      n.ino = st.st_ino;
    }
    return;
  }
  if (!n.output) {
    return;  // an input that is not there fails when it is read
  }
  // Not there yet: the same folder (however spelled) and the same name.
  const auto slash = n.path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : slash == 0 ? "/" : n.path.substr(0, slash);
  n.name = slash == std::string::npos ? n.path : n.path.substr(slash + 1);
  n.known = true;
  if (::stat(dir.c_str(), &st) == 0) {
    n.dev = st.st_dev;
    n.ino = st.st_ino;
  } else {
    n.name = n.path;  // no such folder: opening it fails; compare the spelling
  }
}

}  // namespace fbkit

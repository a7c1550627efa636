// The YAML configuration: defaults compiled into the binary from config/, and
// a directory (--config DIR) whose files override them one by one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::config {

// One configuration file's text and where it came from (for messages).
struct Document {
  std::string name;    // relative name, e.g. "clean.yaml" or "import/waimai.yaml"
  std::string origin;  // the path shown in messages: DIR/name or "<builtin>/config/name"
  std::string content;
  bool builtin = false;  // fbkit's own, compiled in (trusted: no guard against alias bombs)
};

class Store {
public:
  // Defaults only, or defaults overridden by the files in `dir`.
  explicit Store(std::optional<std::string> dir = std::nullopt);

  // The named document; ConfigError if neither dir nor the defaults have it.
  Document get(std::string_view name) const;
  // Whether the named document exists.
  bool has(std::string_view name) const;
  // The directory's path of the named file, when the directory has one (a
  // file that is not YAML, such as a model, has no built-in text here).
  std::optional<std::string> dir_file(std::string_view name) const;
  const std::optional<std::string>& dir() const { return m_dir; }
  // Names under a folder ("import/"), defaults and overrides merged, sorted.
  std::vector<std::string> list(std::string_view folder) const;

private:
  std::optional<std::string> m_dir;
};

// The built-in files, as compiled from config/.
struct EmbeddedFile {
  std::string_view name;
  std::string_view content;
};
const std::vector<EmbeddedFile>& embedded_files();

// Whether an option's value names a configuration file by its path rather
// than a built-in one by its name: it has a '/' or ends in .yaml or .yml
// (classify --pack; the pipeline's profile and pack keys).
bool names_file(std::string_view value);

// Writes every built-in file below `dir` (created if needed); existing files are
// replaced atomically. Returns the names written.
std::vector<std::string> dump(const std::string& dir);

}  // namespace fbkit::config

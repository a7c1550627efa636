#include "config/config.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"

namespace fbkit::config {

namespace fs = std::filesystem;

namespace {
const EmbeddedFile* find_embedded(std::string_view name) {
  for (const EmbeddedFile& f : embedded_files()) {
    if (f.name == name) {
      return &f;
    }
  }
  return nullptr;
}
}  // namespace

Store::Store(std::optional<std::string> dir) : m_dir(std::move(dir)) {
  if (m_dir) {
    std::error_code ec;
    if (!fs::is_directory(*m_dir, ec)) {
      throw UsageError("--config " + *m_dir + ": not a directory");
    }
  }
}

bool Store::has(std::string_view name) const {
  std::error_code ec;
  return (m_dir && fs::is_regular_file(fs::path(*m_dir) / name, ec)) || find_embedded(name) != nullptr;
}

std::optional<std::string> Store::dir_file(std::string_view name) const {
  std::error_code ec;
  if (m_dir && fs::is_regular_file(fs::path(*m_dir) / name, ec)) {
    return (fs::path(*m_dir) / name).string();
  }
  return std::nullopt;
}

Document Store::get(std::string_view name) const {
  if (m_dir) {
    const fs::path p = fs::path(*m_dir) / name;
    std::error_code ec;
    if (fs::is_regular_file(p, ec)) {
      return Document{std::string(name), p.string(), read_file(p.string())};
    }
  }
  if (const EmbeddedFile* f = find_embedded(name)) {
    return Document{std::string(name), "<builtin>/config/" + std::string(name), std::string(f->content), true};
  }
  throw ConfigError("no configuration file named " + std::string(name) +
                    (m_dir ? " in " + *m_dir + " or built in" : " is built in"));
}

std::vector<std::string> Store::list(std::string_view folder) const {
  std::vector<std::string> names;
  for (const EmbeddedFile& f : embedded_files()) {
    if (f.name.substr(0, folder.size()) == folder) {
      names.emplace_back(f.name);
    }
  }
  if (m_dir) {
    std::error_code ec;
    const fs::path sub = fs::path(*m_dir) / folder;
    for (auto it = fs::directory_iterator(sub, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".yaml") {
        names.push_back(std::string(folder) + it->path().filename().string());
      }
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool names_file(std::string_view value) {
  return value.find('/') != std::string_view::npos || value.ends_with(".yaml") || value.ends_with(".yml");
}

std::vector<std::string> dump(const std::string& dir) {
  // Every file is created before any is written, and all are renamed at the
  // end: a failure leaves the previous files.
  OutputSet files;
  std::vector<std::pair<ByteSink*, std::string_view>> contents;
  std::vector<std::string> written;
  for (const EmbeddedFile& f : embedded_files()) {
    const fs::path p = fs::path(dir) / f.name;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) {
      throw IoError("cannot create directory " + p.parent_path().string() + ": " + ec.message());
    }
    contents.emplace_back(&files.output(p.string(), std::string(f.name)), f.content);
    written.emplace_back(f.name);
  }
  files.open();
  for (const auto& [sink, content] : contents) {
    sink->write(content.data(), content.size());
  }
  files.commit();
  return written;
}

}  // namespace fbkit::config

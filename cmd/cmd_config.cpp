// fbkit config dump DIR | show NAME | list: the built-in YAML, for editing.
#include <fmt/core.h>

#include <filesystem>
#include <iostream>

#include "command.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"

namespace fbkit::cmd {

namespace {

class ConfigCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.require_subcommand(1);
    m_dump = app.add_subcommand("dump",
                                "write every built-in configuration file below DIR, to edit and pass as --config DIR");
    m_dump->add_option("dir", m_dir, "target folder (created if needed)")->required();
    m_dump->add_flag("--force", m_force,
                     "overwrite files that differ from the built-in ones (without it such files, perhaps edited, are "
                     "a usage error and nothing is written)");
    m_show = app.add_subcommand("show", "print one built-in configuration file");
    m_show->add_option("name", m_name, "file name, as 'fbkit config list' prints it")->required();
    m_list = app.add_subcommand("list", "list the built-in configuration files");
  }

  int run() override {
    if (m_dump->parsed()) {
      refuse_overwriting_changes();
      for (const std::string& name : config::dump(m_dir)) {
        std::cerr << "fbkit config: wrote " << m_dir << "/" << name << "\n";
      }
    } else if (m_show->parsed()) {
      const config::Document doc = config::Store().get(m_name);
      OutputFile out("-");
      out.write(doc.content.data(), doc.content.size());
    } else {
      for (const auto& f : config::embedded_files()) {
        fmt::print("{}\n", f.name);
      }
    }
    return 0;
  }

private:
  // UsageError naming the files below m_dir that differ from the built-in ones
  // (the user's edits, or an older fbkit's defaults), unless --force.
  void refuse_overwriting_changes() const {
    std::vector<std::string> changed;
    for (const config::EmbeddedFile& f : config::embedded_files()) {
      const std::filesystem::path p = std::filesystem::path(m_dir) / f.name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(p, ec) && read_file(p.string()) != f.content) {
        changed.emplace_back(f.name);
      }
    }
    if (changed.empty() || m_force) {
      return;
    }
    std::string names;
    for (const std::string& n : changed) {
      names += (names.empty() ? "" : ", ") + n;
    }
    throw UsageError(
        fmt::format("config dump {}: {} {} from the built-in {} and would be overwritten: {}; nothing written (--force "
                    "overwrites, or dump into another folder and compare)",
                    m_dir, changed.size(), changed.size() == 1 ? "file differs" : "files differ",
                    changed.size() == 1 ? "one" : "ones", names));
  }

  bool m_force = false;
  CLI::App* m_dump = nullptr;
  CLI::App* m_show = nullptr;
  CLI::App* m_list = nullptr;
  std::string m_dir;
  std::string m_name;
};

}  // namespace

std::unique_ptr<Command> make_config_command() {
  return std::make_unique<ConfigCommand>();
}

}  // namespace fbkit::cmd

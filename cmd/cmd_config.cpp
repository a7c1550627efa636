// fbkit config dump DIR | show NAME | list: the built-in YAML, for editing.
#include <fmt/core.h>

#include "command.hpp"
#include "config/config.hpp"
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
    m_show = app.add_subcommand("show", "print one built-in configuration file");
    m_show->add_option("name", m_name, "file name, as 'fbkit config list' prints it")->required();
    m_list = app.add_subcommand("list", "list the built-in configuration files");
  }

  int run() override {
    if (m_dump->parsed()) {
      for (const std::string& name : config::dump(m_dir)) {
        fmt::print(stderr, "fbkit: wrote {}/{}\n", m_dir, name);
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

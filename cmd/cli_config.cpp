// The user configuration: $FBKIT_CONFIG, or $XDG_CONFIG_HOME/fbkit (by default
// ~/.config/fbkit), read like --config DIR when no --config is given; and its
// defaults.yaml, the option defaults of every command.
#include <sys/stat.h>

#include <cstdlib>
#include <set>
#include <string>

#include "cli.hpp"
#include "command.hpp"
#include "config/config.hpp"
#include "config/yaml.hpp"
#include "core/error.hpp"

namespace fbkit::cmd {

namespace {

std::string g_config_in_use;  // for --verbose

bool is_directory(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// The long option names of every command of the program `app` belongs to.
void collect_option_names(const CLI::App& app, std::set<std::string>& names) {
  for (const CLI::Option* opt : app.get_options()) {
    for (const std::string& l : opt->get_lnames()) {
      names.insert(l);
    }
  }
  for (const CLI::App* sub : app.get_subcommands({})) {
    collect_option_names(*sub, names);
  }
}

// Gives `opt` the value of `value` as if it had been typed; CLI11's own checks
// apply, and their complaint is placed at the YAML node.
void give(CLI::Option& opt, const yaml::Node& value, const std::string& key) {
  try {
    if (value.is_sequence()) {
      for (const std::string& v : value.strings()) {
        opt.add_result(v);
      }
    } else if (opt.get_expected_max() == 0 && value.str() != "true" && value.str() != "false") {
      value.fail("expected true or false");
    } else {
      opt.add_result(opt.get_expected_max() == 0 ? opt.get_flag_value(key, value.str()) : value.str());  // no-bom: true
    }
    opt.run_callback();
  } catch (const CLI::Error& e) {
    value.fail(key + ": " + e.what());
  }
}

}  // namespace

std::string user_config_dir() {
  if (const char* dir = std::getenv("FBKIT_CONFIG"); dir != nullptr && *dir != '\0') {
    if (!is_directory(dir)) {
      throw UsageError(std::string("FBKIT_CONFIG=") + dir + ": not a directory");
    }
    return dir;
  }
  std::string dir;
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg != nullptr && *xdg == '/') {
    dir = std::string(xdg) + "/fbkit";
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/') {
    dir = std::string(home) + "/.config/fbkit";
  }
  return is_directory(dir) ? dir : std::string();
}

const std::string& config_in_use() {
  return g_config_in_use;
}

void apply_option_defaults(CLI::App& command, const std::string& config_dir) {
  g_config_in_use = config_dir;
  const config::Store store(config_dir.empty() ? std::nullopt : std::optional(config_dir));
  const yaml::Node root = yaml::Node::parse(store.get("defaults.yaml"));
  if (root.is_null()) {
    return;
  }
  root.expect_map();
  const CLI::App* top = &command;
  while (top->get_parent() != nullptr) {
    top = top->get_parent();
  }
  std::set<std::string> known;
  collect_option_names(*top, known);
  for (const char* never : {"help", "version", "config", "output"}) {
    known.erase(never);  // not a default: what to run, and where its one output goes
  }
  for (const yaml::KeyedEntry& entry : root.keyed_entries()) {
    if (known.count(entry.key) == 0) {
      const std::string guess = closest_name(entry.key, {known.begin(), known.end()});
      entry.key_node.fail("no fbkit command has an option --" + entry.key +
                          (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
    }
    CLI::Option* opt = command.get_option_no_throw("--" + entry.key);
    if (opt != nullptr && opt->count() == 0) {
      give(*opt, entry.value, entry.key);
    }
  }
}

}  // namespace fbkit::cmd

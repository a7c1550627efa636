// `fbkit help CMD`, --version on every command and "did you mean" for flags.
#include <string>
#include <vector>

#include "cli.hpp"
#include "core/strings.hpp"

namespace fbkit::cmd {

std::vector<std::string> rewrite_help(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "help") {
    args.erase(args.begin());
    args.emplace_back("--help");
  }
  return args;
}

void add_version_flags(CLI::App& app, const std::string& version) {
  app.set_version_flag("--version", version);
  for (CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    add_version_flags(*sub, version);
  }
}

CLI::App& chosen_command(CLI::App& app) {
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  return chosen.empty() ? app : chosen_command(*chosen.front());
}

std::string command_path(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* app = &command; app->get_parent() != nullptr; app = app->get_parent()) {
    names.insert(names.begin(), app->get_name());
  }
  std::string path;
  for (const std::string& name : names) {
    if (!path.empty()) {
      path += ' ';
    }
    path += name;
  }
  return path;
}

std::string closest_name(std::string_view typed, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits away
  for (const std::string& name : names) {
    const bool prefix = typed.size() >= 3 && name.size() > typed.size() && name.compare(0, typed.size(), typed) == 0;
    const std::size_t d = prefix ? 0 : edit_distance(typed, name);
    if (d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

namespace {

// Every spelling of the options of `command` and of the commands above it
// (--help, --version): "--by", "-o", "--output" ...
std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* app = &command; app != nullptr; app = app->get_parent()) {
    for (const CLI::Option* opt : app->get_options()) {
      for (const std::string& l : opt->get_lnames()) {
        names.push_back("--" + l);
      }
      for (const std::string& s : opt->get_snames()) {
        names.push_back("-" + s);
      }
    }
  }
  return names;
}

}  // namespace

std::string unknown_options_message(CLI::App& command, const std::vector<std::string>& extras,
                                    const std::string& fallback) {
  const std::vector<std::string> names = option_names(command);
  std::string message;
  for (const std::string& arg : extras) {
    if (arg.size() < 2 || arg[0] != '-') {
      continue;
    }
    const std::string typed = arg.substr(0, arg.find('='));  // --grop=channel
    const std::string guess = typed.size() > 2 && typed[1] == '-' ? closest_name(typed, names) : std::string();
    message += message.empty() ? "unknown option '" : "; unknown option '";
    message += typed;
    message += guess.empty() ? "'" : "'; did you mean '" + guess + "'?";
  }
  return message.empty() ? fallback : message;
}

}  // namespace fbkit::cmd

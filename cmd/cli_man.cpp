// `fbkit --help-man [CMD [SUB]]`: a command's man page in roff, built from the
// same texts as its --help (CMake writes one per command at build time).
#include <string>
#include <vector>

#include "cli.hpp"
#include "command.hpp"

namespace fbkit::cmd {

namespace {

// Text as roff reads it literally: backslashes and hyphens escaped, a line that
// starts with a dot or quote made plain.
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) {
      out += "\\&";
    }
    out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
    line_start = c == '\n';
  }
  return out;
}

// "-o, --output FILE", "--bom", "inputs..."
std::string option_label(const CLI::Option& opt) {
  if (!opt.nonpositional()) {
    return opt.get_name() + (opt.get_items_expected_max() > 1 ? "..." : "");
  }
  std::string label;
  for (const std::string& s : opt.get_snames()) {
    label += (label.empty() ? "-" : ", -") + s;
  }
  for (const std::string& l : opt.get_lnames()) {
    label += (label.empty() ? "--" : ", --") + l;
  }
  if (opt.get_expected_max() > 0) {
    const std::string text = opt.get_option_text().empty() ? opt.get_type_name() : opt.get_option_text();
    label += " " + text;
  }
  return label;
}

// The flags of `command` (`flags`), or its positional arguments.
void write_options(const CLI::App& command, bool flags, std::ostream& out) {
  for (const CLI::Option* opt : command.get_options()) {
    if (opt->nonpositional() != flags || opt->get_group().empty()) {
      continue;
    }
    out << ".TP\n.B " << roff(option_label(*opt)) << "\n" << roff(opt->get_description()) << "\n";
  }
}

}  // namespace

void write_man_page(CLI::App& app, const std::vector<std::string>& path, const std::string& version,
                    std::ostream& out) {
  if (path.size() == 1 && path.front() == "--list") {  // the pages the build writes
    for (const CommandSpec& spec : commands()) {
      out << spec.name << "\n";
    }
    return;
  }
  CLI::App* command = &app;
  for (const std::string& name : path) {
    command = command->get_subcommand(name);  // throws OptionNotFound for an unknown name
  }
  const std::string words = path.empty() ? "fbkit" : "fbkit " + command_path(*command);
  std::string title = words;
  for (char& c : title) {
    c = c == ' ' ? '-' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const std::string summary =
      path.empty() ? "customer-feedback exports to clean data, metrics and reports" : command->get_description();
  out << ".TH " << title << " 1 \"\" \"fbkit " << roff(version) << "\" \"fbkit manual\"\n";
  out << ".SH NAME\n" << roff(words) << " \\- " << roff(summary) << "\n";
  out << ".SH SYNOPSIS\n.B " << roff(words) << "\n"
      << (command->get_subcommands({}).empty() ? "[OPTIONS] [ARGUMENTS]" : "COMMAND [OPTIONS]") << "\n";
  out << ".SH DESCRIPTION\n" << roff(command->get_description()) << "\n";
  if (!command->get_footer().empty()) {
    out << ".PP\n" << roff(command->get_footer()) << "\n";
  }
  if (!command->get_subcommands({}).empty()) {
    out << ".SH COMMANDS\n";
    for (const CLI::App* sub : command->get_subcommands({})) {
      out << ".TP\n.B " << roff(sub->get_name()) << "\n" << roff(sub->get_description()) << "\n";
    }
  }
  bool has_arguments = false;
  for (const CLI::Option* opt : command->get_options()) {
    has_arguments = has_arguments || !opt->nonpositional();
  }
  if (has_arguments) {
    out << ".SH ARGUMENTS\n";
    write_options(*command, false, out);
  }
  out << ".SH OPTIONS\n";
  write_options(*command, true, out);
  out << ".SH EXIT STATUS\n0 success (also \\-\\-help, \\-\\-version); 1 data or I/O failure; 2 usage or "
         "configuration error, before any output; 3 an alert threshold was breached.\n";
  out << ".SH ENVIRONMENT\n.TP\n.B FBKIT_CONFIG\nthe user configuration folder (default "
         "$XDG_CONFIG_HOME/fbkit, or ~/.config/fbkit): the YAML of \\-\\-config DIR and defaults.yaml\n"
         ".TP\n.B FBKIT_CACHE_DIR\nwhere classify keeps its compiled patterns (default $XDG_CACHE_HOME/fbkit, or "
         "~/.cache/fbkit; off: nowhere)\n"
         ".TP\n.B FBKIT_CACHE_KEEP\nhow many compiled databases that folder keeps, the least recently used "
         "removed first (default 32)\n";
  out << ".SH SEE ALSO\n";
  std::string sep;
  for (const CommandSpec& spec : commands()) {
    if (path.empty() || spec.name != path.front()) {
      out << sep << ".BR fbkit\\-" << spec.name << " (1)";
      sep = ",\n";
    }
  }
  out << "\n.PP\nThe documentation in docs/ of the fbkit sources.\n";
}

}  // namespace fbkit::cmd

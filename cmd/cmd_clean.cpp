// fbkit clean [FILE...]: canonical CSV -> the rows that count, normalized and
// masked, with a flags column; removed rows with their reasons to --removed.
#include <fmt/core.h>

#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "clean/clean.hpp"
#include "clean/pseudonym_key.hpp"
#include "clean/rules.hpp"
#include "command.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "csv/raw_export.hpp"

namespace fbkit::cmd {

namespace {

class CleanCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_inputs, "canonical CSV files ('-' or none: standard input)");
    add_output_options(app, m_output);
    add_config_option(app, m_config_dir);
    app.add_option("--rules", m_rules, "read the rules from FILE instead of clean.yaml of the configuration")
        ->option_text("FILE");
    app.add_option("--removed", m_removed,
                   "write every removed row, with its reason, detail and input line, to FILE (CSV)")
        ->option_text("FILE");
    app.add_option("--summary", m_summary, "write the counts per destination, reason and flag to FILE (JSON)")
        ->option_text("FILE");
    app.add_option("--mask", m_mask,
                   "kinds of personal data to mask: all, none, or a comma list of mobile, landline, email, "
                   "id_card, bank_card, ip (default: the rules')")
        ->option_text("KINDS");
    app.add_flag("--pseudonymize", m_pseudonymize,
                 "replace every customer_id by a keyed pseudonym (default: only those that are a phone number or "
                 "e-mail address)");
    app.add_option("--key-file", m_key_file,
                   "the pseudonym key (32 hex digits; default: $FBKIT_PSEUDONYM_KEY, else "
                   "~/.config/fbkit/pseudonym.key, made on first use)")
        ->option_text("FILE");
    app.add_flag("--no-t2s", m_no_t2s, "leave Traditional Chinese as it is");
    app.add_option("--window", m_window, "hours within which the same customer and text is a repeated submission")
        ->option_text("HOURS")
        ->check(finite_number(0));
    app.add_flag("--dry-run", m_dry_run,
                 "print what would be removed, per reason with 3 examples (FILE:LINE, detail, text); write no file");
    app.add_option("--check-rules", m_check, "validate the rule file FILE and clean nothing")->option_text("FILE");
  }

  int run() override {
    if (!m_check.empty()) {
      const clean::Rules rules = clean::load_rules(config::Document{m_check, m_check, read_rules(m_check)});
      fmt::print("{}: ok; {} test, {} spam patterns, {} alias columns\n", m_check,
                 rules.test_text.size() + rules.test_customer_id.size(),
                 rules.spam_regex.size() + rules.spam_weak_regex.size() + rules.spam_words.size(),
                 rules.aliases.size());
      return 0;
    }
    refuse_terminal_stdin("clean", m_inputs);
    csv::refuse_raw_exports(m_inputs);  // exit 2 before any output
    refuse_excel_safe_into_pipe(m_output);
    // Every file of the run is named, checked and created before any is read.
    OutputSet files;
    files.inputs(m_inputs);
    if (!m_rules.empty()) {
      files.input(m_rules, "--rules");
    }
    if (!m_key_file.empty()) {
      files.input(m_key_file, "--key-file");
    }
    // --dry-run names no output: -o, --removed and --summary are left as they are.
    ByteSink* removed = m_removed.empty() || m_dry_run ? nullptr : &files.output(m_removed, "--removed");
    ByteSink* summary_out = m_summary.empty() || m_dry_run ? nullptr : &files.output(m_summary, "--summary");
    Discard discard;
    ByteSink& out = m_dry_run ? discard : files.output(m_output.output, "-o");
    files.open();
    const config::Document doc =
        m_rules.empty()
            ? config::Store(m_config_dir.empty() ? std::nullopt : std::optional(m_config_dir)).get("clean.yaml")
            : config::Document{m_rules, m_rules, read_rules(m_rules)};
    clean::Rules rules = clean::load_rules(doc);
    if (m_mask) {
      apply_mask(*m_mask, rules);
    }
    if (m_no_t2s) {
      rules.text.traditional_to_simplified = false;
    }
    if (m_pseudonymize) {
      rules.customer_ids = clean::Rules::CustomerIds::all;
    }
    if (m_window) {
      rules.repeated_window_hours = *m_window;
    }
    clean::RunOptions options;
    options.inputs = m_inputs;
    options.removed = removed;
    options.writer.bom = m_output.bom;
    options.writer.neutralize_formulas = m_output.excel_safe;
    options.examples = m_dry_run ? 3 : 0;
    std::ostringstream log;
    // Made on a worker thread the first time a row needs it: its note waits for the end.
    std::string key_note;
    options.pseudonym_key = [&] {
      std::ostringstream note;
      const text::PseudonymKey key = clean::load_pseudonym_key(m_key_file, note, !m_dry_run);
      key_note = note.str();
      return key;
    };
    const clean::Summary summary = clean::run(rules, options, out, log);
    if (summary_out != nullptr) {
      const std::string json = clean::summary_json(summary);
      summary_out->write(json.data(), json.size());
    }
    files.commit();
    std::cerr << key_note << (m_dry_run ? "" : log.str());
    if (m_dry_run) {
      std::cout << clean::dry_run_report(summary) << std::flush;
    }
    return 0;
  }

private:
  struct Discard : ByteSink {
    void write(const char* /*data*/, std::size_t /*n*/) override {}
  };

  static std::string read_rules(const std::string& path) {
    try {
      return read_file(path);
    } catch (const IoError& e) {
      throw ConfigError(e.what());  // a rule file that cannot be read is a usage error (exit 2)
    }
  }

  static void apply_mask(const std::string& list, clean::Rules& rules) {
    text::PiiOptions m{false, false, false, false, false, false};
    if (list == "all") {
      m = text::PiiOptions{};
    } else if (list != "none") {
      std::string_view rest = list;
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view kind = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (kind == "mobile") {
          m.mobile = true;
        } else if (kind == "landline") {
          m.landline = true;
        } else if (kind == "email") {
          m.email = true;
        } else if (kind == "id_card") {
          m.id_card = true;
        } else if (kind == "bank_card") {
          m.bank_card = true;
        } else if (kind == "ip") {
          m.ip = true;
        } else {
          throw UsageError(
              fmt::format("--mask: unknown kind '{}' (expected all, none, or a comma list of "
                          "mobile, landline, email, id_card, bank_card, ip)",
                          kind));
        }
      }
    }
    rules.mask = m;
    rules.mask_enabled = list != "none";
  }

  std::vector<std::string> m_inputs;
  OutputOptions m_output;
  std::string m_config_dir;
  std::string m_rules;
  std::string m_removed;
  std::string m_summary;
  std::optional<std::string> m_mask;
  bool m_pseudonymize = false;
  std::string m_key_file;
  bool m_no_t2s = false;
  std::optional<double> m_window;
  std::string m_check;
  bool m_dry_run = false;
};

}  // namespace

std::unique_ptr<Command> make_clean_command() {
  return std::make_unique<CleanCommand>();
}

}  // namespace fbkit::cmd

// fbkit classify [FILE...]: canonical CSV -> the same rows with category, issue,
// urgency, sentiment, value tier, department, SLA and the rules that fired.
// fbkit classify --check-rules FILE: list every mistake of a rule file and its shadowed rules.
#include <iostream>
#include <memory>
#include <optional>

#include "classify/classify.hpp"
#include "cmd_classify_rules.hpp"
#include "command.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/output_set.hpp"
#include "csv/raw_export.hpp"

namespace fbkit::cmd {

// cmd_classify_learn.cpp: `--learn FILE` (the model written atomically, the report on standard output).
int run_classify_learn(const std::vector<std::string>& inputs, const std::string& model, const config::Store& store);

namespace {

class ClassifyCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.add_option("inputs", m_inputs, "canonical CSV files ('-' or none: standard input)");
    add_output_options(app, m_output);
    add_config_option(app, m_config_dir);
    app.add_option("--rules", m_rules, "read the rules from FILE instead of classify.yaml of the configuration")
        ->option_text("FILE");
    app.add_option("--pack", m_pack,
                   "lay a domain pack on the rules: food_delivery, ecommerce_goods, hotel_travel, telecom_finance "
                   "or a pack FILE; auto detects one from the first 1000 rows; none (the default) uses none")
        ->option_text("NAME|FILE|auto");
    app.add_flag("--multi", m_multi, "keep every matching issue and category, ';'-separated, not only the first");
    app.add_option("--spend-threshold", m_spend_threshold,
                   "annual_spend from which a customer is high value (default: the top share of the input, "
                   "which reads the input twice)")
        ->option_text("X")
        ->check(finite_number(0));
    app.add_option("--high-share", m_high_share, "share of customers by annual_spend that are high value (default 0.2)")
        ->option_text("SHARE")
        ->check(finite_number(0, 1));
    app.add_option("--model", m_model,
                   "the sentiment model: a fastText .ftz (default: the pack's model, else the built-in Chinese model)")
        ->option_text("FILE");
    app.add_flag("--adapt", m_adapt,
                 "read the input once more first: train a model on the rows the sentiment model is sure of, then "
                 "classify with it (docs/rules.md)");
    app.add_flag("--no-model", m_no_model, "sentiment from the rules alone, without --model's or the built-in model");
    app.add_option("--learn", m_learn,
                   "train a sentiment model on rows with a score (1-2 negative, 4-5 positive) into FILE for --model, "
                   "print its accuracy on held-back rows; classify nothing")
        ->option_text("FILE");
    app.add_option("--explain", m_explain,
                   "write per row, as JSON lines, each rule that fired with its spans, each negated phrase and "
                   "the model's P(positive)")
        ->option_text("FILE");
    // A flag whose FILE comes only after '=': an optional value taken from the next
    // argument would swallow the input file (`--coverage cls.csv`).
    app.add_option("--coverage", m_coverage,
                   "report the share of rows left 'other' and their 50 most frequent terms, to stderr or "
                   "(--coverage=FILE) to FILE")
        ->option_text("[=FILE]")
        ->expected(0, 0)
        ->default_str("-");
    app.add_option("--check-rules", m_check,
                   "validate the rule file or domain pack FILE: list every mistake and shadowed rule, classify nothing")
        ->option_text("FILE");
  }

  int run() override {
    if (!m_check.empty()) {
      return run_classify_check(m_check);
    }
    if (!m_learn.empty()) {
      // --learn trains on the rows' scores alone and classifies nothing: a model option would be ignored.
      for (const auto& [given, name] :
           {std::pair{m_adapt, "--adapt"}, {!m_model.empty(), "--model"}, {m_no_model, "--no-model"}}) {
        if (given) {
          throw UsageError(
              std::string("--learn and ") + name +
              " exclude each other: --learn trains a new model on the rows' scores and classifies nothing");
        }
      }
      return run_classify_learn(m_inputs, m_learn, store());
    }
    if (m_no_model && !m_model.empty()) {
      throw UsageError("--model and --no-model exclude each other");
    }
    if (m_no_model && m_adapt) {
      throw UsageError("--adapt and --no-model exclude each other: --adapt adapts the sentiment model");
    }
    refuse_terminal_stdin("classify", m_inputs);
    csv::refuse_raw_exports(m_inputs);  // exit 2 before any output
    refuse_excel_safe_into_pipe(m_output);
    // Every file of the run is named, checked and created before any is read.
    OutputSet files;
    files.inputs(m_inputs);
    if (!m_rules.empty()) {
      files.input(m_rules, "--rules");
    }
    if (!m_model.empty()) {
      files.input(m_model, "--model");
    }
    ByteSink* explain = m_explain.empty() ? nullptr : &files.output(m_explain, "--explain");
    std::unique_ptr<ByteSink> coverage_stderr;
    ByteSink* coverage = nullptr;
    if (m_coverage && *m_coverage == "-") {
      coverage_stderr = std::make_unique<StderrSink>();
      coverage = coverage_stderr.get();
    } else if (m_coverage) {
      coverage = &files.output(*m_coverage, "--coverage");
    }
    ByteSink& out = files.output(m_output.output, "-o");
    files.open();
    ClassifyRules rules(store(), m_rules, m_pack);
    // The model: --model's, none, the pack's (named, or detected in run()), else the default.
    const auto load = [this](const config::Document* pack) {
      return classify::load_sentiment(store(), m_model, m_no_model, pack);
    };
    std::optional<classify::Sentiment> sentiment;
    if (!rules.detects()) {
      sentiment = load(rules.pack());
    }
    classify::RunOptions options;
    options.sentiment = sentiment ? &*sentiment : nullptr;
    options.choose_rules = rules.detector(load);
    options.inputs = m_inputs;
    options.multi = m_multi;
    options.adapt = m_adapt;
    options.say = [](const std::string& line) { std::cerr << line << '\n'; };
    options.spend_threshold = m_spend_threshold;
    options.high_share = m_high_share;
    options.writer.bom = m_output.bom;
    options.writer.neutralize_formulas = m_output.excel_safe;
    classify::run(rules.rules(), options, out, explain, coverage);
    files.commit();
    return 0;
  }

private:
  // Writes to standard error (the coverage report when no file is named).
  class StderrSink : public ByteSink {
  public:
    void write(const char* data, std::size_t n) override { std::fwrite(data, 1, n, stderr); }
  };

  config::Store store() const {
    return config::Store(m_config_dir.empty() ? std::nullopt : std::optional(m_config_dir));
  }

  std::vector<std::string> m_inputs;
  OutputOptions m_output;
  std::string m_config_dir;
  std::string m_rules;
  std::string m_pack;
  bool m_multi = false;
  std::optional<double> m_spend_threshold;
  std::optional<double> m_high_share;
  std::string m_model;
  bool m_no_model = false;
  bool m_adapt = false;
  std::string m_explain;
  std::optional<std::string> m_coverage;
  std::string m_check;
  std::string m_learn;
};

}  // namespace

std::unique_ptr<Command> make_classify_command() {
  return std::make_unique<ClassifyCommand>();
}

}  // namespace fbkit::cmd

#include "clean/clean.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "clean/decider.hpp"
#include "clean/emit.hpp"
#include "clean/layout.hpp"
#include "clean/row.hpp"
#include "clean/row_rules.hpp"
#include "clean/too_fast.hpp"
#include "clean/tracker.hpp"
#include "core/error.hpp"
#include "core/strings.hpp"
#include "csv/batch.hpp"
#include "csv/reader.hpp"

namespace fbkit::clean {

namespace {

// The most distinct flags the stderr summary names.
constexpr std::size_t kMaxSummaryFlags = 20;

// Streams the inputs through `work` (in parallel) and `sink` (in order).
// `first` is the first input's reader, its header already read.
template <typename Work, typename Sink>
void pipeline(const std::vector<std::string>& inputs, const std::vector<std::string>& names,
              std::unique_ptr<ByteSource> first_src, std::unique_ptr<csv::Reader> first, Work&& work, Sink&& sink) {
  csv::BatchReader reader(inputs, names, std::move(first_src), std::move(first), "clean");
  csv::run_batches<Batch>(reader, work, sink, kBatchBytes);
}

// About how many rows the inputs hold, from their size and the first
// batch's bytes per row, with 5% to spare; 0 when unknown (a pipe).
std::uint64_t expected_rows(const std::vector<std::string>& inputs, const Batch& first) {
  std::uint64_t bytes = 0;
  for (const std::string& path : inputs) {
    std::error_code ec;
    if (path == "-" || !std::filesystem::is_regular_file(path, ec)) {
      return 0;
    }
    bytes += std::filesystem::file_size(path, ec);
  }
  if (first.rows == 0 || first.raw.empty()) {
    return 0;
  }
  return static_cast<std::uint64_t>(static_cast<double>(bytes) / static_cast<double>(first.raw.size()) *
                                    static_cast<double>(first.rows) * 1.05);
}

// The summary lines on standard error.
void print_summary(const Summary& summary, const Rules& rules, bool kept_removed, bool two_pass, std::ostream& log) {
  log << "fbkit clean: " << summary.read << " read, " << summary.written << " written, " << summary.removed
      << " removed";
  if (!summary.removed_by_reason.empty()) {
    const char* sep = " (";
    for (const std::string& r : reasons()) {
      if (const auto it = summary.removed_by_reason.find(r); it != summary.removed_by_reason.end()) {
        log << sep << r << " " << it->second;
        sep = ", ";
      }
    }
    log << ")";
  }
  log << "\n";
  if (summary.removed > 0 && !kept_removed) {
    log << "fbkit clean: the removed rows were not kept; --removed FILE keeps them with their reasons\n";
  }
  if (summary.masked.total() > 0) {
    log << "fbkit clean: masked " << summary.masked.total() << " (";
    const char* sep = "";
    for (const auto& [name, n] : {std::pair<const char*, std::int64_t>{"mobile", summary.masked.mobile},
                                  {"landline", summary.masked.landline},
                                  {"email", summary.masked.email},
                                  {"id_card", summary.masked.id_card},
                                  {"bank_card", summary.masked.bank_card},
                                  {"ip", summary.masked.ip}}) {
      if (n > 0) {
        log << sep << name << " " << n;
        sep = ", ";
      }
    }
    log << ")\n";
  }
  if (summary.pseudonymized > 0) {
    log << "fbkit clean: customer_id replaced by a pseudonym in " << summary.pseudonymized << " rows\n";
  }
  if (!summary.flags.empty()) {
    log << "fbkit clean: flagged rows:";
    const char* sep = " ";
    std::size_t shown = 0;
    for (const auto& [name, n] : summary.flags) {
      // An input's own flags column may hold anything: a few, each escaped and short.
      if (shown++ == kMaxSummaryFlags) {
        log << sep << "and " << summary.flags.size() - kMaxSummaryFlags << " more";
        break;
      }
      log << sep << excerpt(name, 40) << " " << n;
      sep = ", ";
    }
    log << "\n";
  }
  if (summary.too_fast_below && summary.survey_rows > 0) {
    const auto it = summary.removed_by_reason.find("too_fast");
    log << "fbkit clean: survey answers faster than " << format_number(*summary.too_fast_below)
        << " s removed: " << (it == summary.removed_by_reason.end() ? 0 : it->second) << " of " << summary.survey_rows;
    if (two_pass) {
      log << " (the floor, or " << rules.survey.median_fraction << " of the median "
          << (summary.median_seconds ? format_number(*summary.median_seconds) : "-") << " s of the answers that count)";
    }
    log << "\n";
  }
  if (summary.timed_not_survey > 0) {
    log << "fbkit clean: " << summary.timed_not_survey
        << " rows with a survey_duration_s are not satisfaction survey answers (no score answered, or a channel "
           "other than online_survey): too_fast, straight_lining and contradiction leave them alone\n";
  }
  if (summary.spilled_rows > 0) {
    log << "fbkit clean: the duplicate memory reached remove.memory_mib (" << (rules.memory_bytes >> 20)
        << " MiB): the last " << summary.spilled_rows << " rows were decided through "
        << fmt::format("{:.1f}", static_cast<double>(summary.spilled_bytes) / (1 << 20)) << " MiB of temporary files\n";
  }
}

// Pass 1 of the relative too-fast test: the durations of the survey answers
// every other rule keeps, and the threshold from their median.
std::optional<double> survey_threshold(const Rules& rules, const Layout& layout, const RowWorker& worker,
                                       std::vector<std::string>& inputs, const std::vector<std::string>& names,
                                       std::unique_ptr<ByteSource> src, std::unique_ptr<csv::Reader> reader,
                                       std::unique_ptr<StdinSpool>& spool, Summary& summary) {
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    if (inputs[i] == "-") {
      spool = std::make_unique<StdinSpool>("clean");
      inputs[i] = spool->path();
    }
  }
  Durations durations;
  Decider decider(rules, layout);
  std::string detail;
  std::unique_ptr<SpillFile> waiting;  // (ordinal, duration) of the deferred answers that may count
  bool first = true;
  const auto work = [&](Batch& b) { worker.run(b); };
  pipeline(inputs, names, std::move(src), std::move(reader), work, [&](Batch& b) {
    if (std::exchange(first, false)) {
      decider.tracker().reserve(expected_rows(inputs, b));
    }
    for (std::size_t i = 0; i < b.rows; ++i) {
      const RowOut& r = b.out[i];
      const std::optional<Reason> reason = decider.decide(r, names[b.input], detail);
      if (!reason && r.local == Reason::none && r.duration) {
        if (!waiting) {
          waiting = std::make_unique<SpillFile>();
        }
        waiting->put_u64(decider.tracker().deferred() - 1);
        waiting->put(&*r.duration, sizeof(double));
      } else if (reason == Reason::none && r.duration) {
        durations.add(*r.duration);
      }
    }
  });
  if (decider.tracker().spilling()) {
    const auto answers = decider.tracker().resolve();
    if (waiting) {
      waiting->rewind();
      std::uint64_t ordinal = 0;
      double d = 0;
      while (waiting->get_u64(ordinal)) {
        if (!waiting->get(&d, sizeof d)) {
          throw IoError("clean: a temporary file ends inside a record");
        }
        if (answers->next(ordinal).kind == Seen::first) {
          durations.add(d);
        }
      }
    }
  }
  const auto [t, median] = durations.threshold(rules.survey.min_seconds, rules.survey.median_fraction);
  summary.median_seconds = median;
  return t;
}

// The counters of a batch's normalization and masking, added up.
void add_counters(Summary& summary, const Batch& b) {
  summary.masked.mobile += b.counters.masked.mobile;
  summary.masked.landline += b.counters.masked.landline;
  summary.masked.email += b.counters.masked.email;
  summary.masked.id_card += b.counters.masked.id_card;
  summary.masked.bank_card += b.counters.masked.bank_card;
  summary.masked.ip += b.counters.masked.ip;
  summary.pseudonymized += b.counters.pseudonymized;
  summary.timed_not_survey += b.counters.timed_not_survey;
  static constexpr const char* kSteps[] = {"html_entities", "zero_width", "nfkc", "traditional_to_simplified",
                                           "whitespace"};
  for (std::size_t k = 0; k < b.counters.steps.size(); ++k) {
    summary.normalized[kSteps[k]] += b.counters.steps[k];
  }
  summary.aliases += b.counters.aliases;
}

// The removed file's writer and header (nullptr without --removed).
std::unique_ptr<csv::Writer> open_removed(const RunOptions& options, const Layout& layout) {
  if (options.removed == nullptr) {
    return nullptr;
  }
  auto removed = std::make_unique<csv::Writer>(*options.removed, options.writer);
  for (const char* h : {"reason", "detail", "input_file", "input_line"}) {
    removed->field(h);
  }
  for (const std::string& h : layout.header) {
    removed->field(h);
  }
  removed->end_record();
  return removed;
}

// Pass 2: decides every row and writes it to the output or the removed file.
void decide_and_write(const Rules& rules, const RunOptions& options, const Layout& layout, const RowWorker& worker,
                      const std::vector<std::string>& inputs, const std::vector<std::string>& names,
                      std::unique_ptr<ByteSource> src, std::unique_ptr<csv::Reader> reader,
                      std::optional<double> threshold, ByteSink& out, Summary& summary) {
  const std::unique_ptr<csv::Writer> removed = open_removed(options, layout);
  csv::Writer writer(out, options.writer);
  writer.record(layout.header);
  Decider decider(rules, layout);
  decider.set_too_fast(threshold);
  std::string detail;
  Emitter emit{summary, layout, names, writer, removed.get(), options.examples};
  // What no step changed is written as it was read (not with --excel-safe: formula cells are rewritten).
  const bool copy = !options.writer.neutralize_formulas;
  std::unique_ptr<SpillFile> deferred;  // the rows waiting for the tracker's answers
  const auto defer = [&](std::size_t input, const RowOut& r) {
    if (!deferred) {
      deferred = std::make_unique<SpillFile>();
    }
    Deferred::write(*deferred, input, r);
  };
  csv::WriterOptions batch_options = options.writer;
  batch_options.continues = true;
  const auto work = [&](Batch& b) {
    worker.run(b);
    encode_rows(b, layout, batch_options, copy);
  };
  bool first = true;
  pipeline(inputs, names, std::move(src), std::move(reader), work, [&](Batch& b) {
    if (std::exchange(first, false)) {
      decider.tracker().reserve(expected_rows(inputs, b));
    }
    add_counters(summary, b);
    const std::string& name = names[b.input];
    constexpr std::size_t kAhead = 8;  // rows whose table slots are fetched ahead of their turn
    for (std::size_t i = 0; i < std::min(kAhead, b.rows); ++i) {
      decider.prefetch(b.out[i]);
    }
    std::size_t run = 0;  // the kept rows from here on are written in one piece
    for (std::size_t i = 0; i < b.rows; ++i) {
      const RowOut& r = b.out[i];
      if (i + kAhead < b.rows) {
        decider.prefetch(b.out[i + kAhead]);
      }
      ++summary.read;
      summary.survey_rows += r.duration ? 1 : 0;
      const std::optional<Reason> reason = decider.decide(r, name, detail);
      if (reason == Reason::none) {
        continue;
      }
      emit.kept(b, run, i);
      run = i + 1;
      if (reason) {
        emit(*reason, detail, b.input, r.line, r.fields, r.flags);
      } else {
        defer(b.input, r);
      }
    }
    emit.kept(b, run, b.rows);
  });
  if (decider.tracker().spilling()) {
    // The rows after the tracker's memory filled, in input order, with their answers.
    const auto answers = decider.tracker().resolve();
    deferred->rewind();
    Deferred d;
    for (std::uint64_t ordinal = 0; d.read(*deferred); ++ordinal) {
      const Reason reason = decider.finish(answers->next(ordinal), d.local, d.detail, d.duration, detail);
      emit(reason, detail, d.input, d.line, d.views, d.flags);
    }
    summary.spilled_rows = static_cast<std::int64_t>(decider.tracker().deferred());
    summary.spilled_bytes = static_cast<std::int64_t>(decider.tracker().spilled_bytes() + deferred->size());
  }
  summary.tracked = decider.tracker().distinct();
  writer.finish();
  if (removed) {
    removed->finish();
  }
}

}  // namespace

const std::vector<std::string>& reasons() {
  static const std::vector<std::string> kReasons = {"duplicate",     "test",     "spam",    "straight_lining",
                                                    "contradiction", "repeated", "too_fast"};
  return kReasons;
}

Summary run(const Rules& rules, const RunOptions& options, ByteSink& out, std::ostream& log) {
  Summary summary;
  std::vector<std::string> inputs = input_paths(options.inputs);
  std::vector<std::string> names;  // for messages
  std::transform(inputs.begin(), inputs.end(), std::back_inserter(names), input_name);
  const Compiled compiled(rules);

  // The first header decides the layout. With a survey_duration_s column and
  // the relative too-fast test, the input is read twice (standard input
  // through a temporary file). Whether standard input must be copied is known
  // only once its header is read: what was read so far is kept until then.
  std::unique_ptr<StdinSpool> spool;
  const bool relative = rules.survey_enabled && rules.survey.too_fast && rules.survey.median_fraction > 0;
  RecordingSource* recorder = nullptr;
  auto open_first = [&](std::unique_ptr<ByteSource>& src, std::unique_ptr<csv::Reader>& reader) {
    src = std::make_unique<FileSource>(inputs.front(), names.front());
    if (relative && inputs.front() == "-") {
      auto recording = std::make_unique<RecordingSource>(std::move(src));
      recorder = recording.get();
      src = std::move(recording);
    }
    reader = std::make_unique<csv::Reader>(*src);
    return reader->read_header();
  };
  std::unique_ptr<ByteSource> src;
  std::unique_ptr<csv::Reader> reader;
  Layout layout(rules, open_first(src, reader));
  if (layout.customer >= 0 && rules.customer_ids != Rules::CustomerIds::keep && options.pseudonym_key) {
    layout.pseudonym_key = std::make_shared<text::LazyKey>(options.pseudonym_key);
  }
  const RowWorker worker(compiled, layout);
  const bool two_pass = relative && layout.duration >= 0;
  if (recorder != nullptr && two_pass) {
    spool = std::make_unique<StdinSpool>("clean", recorder->recorded());
    inputs.front() = spool->path();
    recorder = nullptr;
    open_first(src, reader);
  } else if (recorder != nullptr) {
    recorder->stop();  // one pass: standard input streams on
  }

  std::optional<double> threshold;
  if (rules.survey_enabled && rules.survey.too_fast && layout.duration >= 0) {
    threshold = rules.survey.min_seconds;
  }
  if (two_pass) {
    threshold =
        survey_threshold(rules, layout, worker, inputs, names, std::move(src), std::move(reader), spool, summary);
    open_first(src, reader);
  }
  summary.too_fast_below = threshold;

  decide_and_write(rules, options, layout, worker, inputs, names, std::move(src), std::move(reader), threshold, out,
                   summary);
  print_summary(summary, rules, options.removed != nullptr, two_pass, log);
  return summary;
}

std::string dry_run_report(const Summary& s) {
  std::string out = fmt::format(
      "fbkit clean --dry-run: {} read, {} would be written, {} would be removed; no file "
      "written\n",
      s.read, s.written, s.removed);
  for (const std::string& r : reasons()) {
    const auto it = s.removed_by_reason.find(r);
    if (it == s.removed_by_reason.end()) {
      continue;
    }
    out += fmt::format("{} {}\n", r, it->second);
    if (const auto ex = s.examples.find(r); ex != s.examples.end()) {
      for (const auto& [where, why, shown] : ex->second) {
        out += fmt::format("  {}  {}  {}\n", where, excerpt(why, 80), shown);
      }
    }
  }
  return out;
}

std::string summary_json(const Summary& s) {
  nlohmann::ordered_json j;
  j["command"] = "clean";
  j["read"] = s.read;
  j["written"] = s.written;
  j["removed"] = s.removed;
  nlohmann::ordered_json by = nlohmann::ordered_json::object();
  for (const std::string& r : reasons()) {
    const auto it = s.removed_by_reason.find(r);
    by[r] = it == s.removed_by_reason.end() ? 0 : it->second;
  }
  j["removed_by_reason"] = by;
  j["flags"] = s.flags;
  j["masked"] = {{"mobile", s.masked.mobile},   {"landline", s.masked.landline},   {"email", s.masked.email},
                 {"id_card", s.masked.id_card}, {"bank_card", s.masked.bank_card}, {"ip", s.masked.ip}};
  j["normalized"] = s.normalized;
  j["aliases"] = s.aliases;
  j["pseudonymized"] = s.pseudonymized;
  j["survey_rows"] = s.survey_rows;
  if (s.too_fast_below) {
    j["too_fast_below_s"] = *s.too_fast_below;
  }
  if (s.median_seconds) {
    j["median_duration_s"] = *s.median_seconds;
  }
  j["tracked_rows"] = s.tracked;
  j["spilled_rows"] = s.spilled_rows;
  return j.dump(2) + "\n";
}

}  // namespace fbkit::clean

#include "run/run.hpp"

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "classify/classify.hpp"
#include "classify/departments.hpp"
#include "classify/loader.hpp"
#include "classify/packs.hpp"
#include "classify/sentiment.hpp"
#include "clean/clean.hpp"
#include "clean/pseudonym_key.hpp"
#include "clean/rules.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "import/import.hpp"
#include "report/context.hpp"
#include "report/report.hpp"
#include "report/scope.hpp"
#include "run/folder.hpp"
#include "stats/period.hpp"
#include "values/zone.hpp"

namespace fbkit::run {

namespace {

using Json = nlohmann::ordered_json;
using ImportOptions = import::Options;

// What one run found and did, for run.json and the summary line.
struct Log {
  Json exports = Json::array();  // per channel: files, counts, problem
  Json missing = Json::array();  // for the report: channel, files, problem
  Json stages = Json::object();  // per stage: in, out, rejected/removed
  std::vector<std::string> warnings;
  std::vector<std::string> messages;  // the stages' own lines (what the commands print)
};

// The current folder changed for the stages after import, and restored. Inside
// the run folder every file a later stage names is named as the folder will hold
// it ("feedback.csv" in removed.csv's input_file, "classified.csv" in the
// report's stats arguments), not by the temporary folder's name.
class InFolder {
public:
  explicit InFolder(const std::string& folder) : m_saved(::open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) {
    if (m_saved < 0 || ::chdir(folder.c_str()) != 0) {
      const int err = errno;
      if (m_saved >= 0) {
        ::close(m_saved);
      }
      throw IoError(folder + ": cannot enter the run folder: " + std::strerror(err));
    }
  }
  ~InFolder() {
    if (::fchdir(m_saved) != 0) {
      std::perror("fbkit: cannot return to the starting folder");
    }
    ::close(m_saved);
  }
  InFolder(const InFolder&) = delete;
  InFolder& operator=(const InFolder&) = delete;

private:
  int m_saved;
};

// The files a glob names, sorted; none when nothing matches.
std::vector<std::string> expand(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> files;
  if (::glob(pattern.c_str(), GLOB_NOSORT, nullptr, &g) == 0) {
    for (std::size_t i = 0; i < g.gl_pathc; ++i) {
      files.emplace_back(g.gl_pathv[i]);
    }
  }
  ::globfree(&g);
  std::sort(files.begin(), files.end());
  return files;
}

bool is_empty_file(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
}

void warn(Log& log, std::ostream& out, const std::string& text) {
  out << "fbkit: warning: " << text << "\n";
  log.warnings.push_back(text);
}

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const std::string& p : parts) {
    s += (s.empty() ? "" : " ") + p;
  }
  return s;
}

// Every channel's files; a glob that matches nothing or an empty file is a warning, not an error.
// (Named through ImportOptions: a line starting with `import` is a module import to clang-format.)
ImportOptions gather(const Pipeline& p, Log& log, std::ostream& out) {
  ImportOptions options;
  options.config_dir = p.config_dir;
  options.time_zone_from = p.time_zone ? "the pipeline's time_zone" : "";
  for (const Channel& c : p.channels) {
    Json entry = {{"channel", c.name}, {"globs", c.globs}, {"files", Json::array()}};
    for (const std::string& pattern : c.globs) {
      const std::vector<std::string> files = expand(pattern);
      if (files.empty()) {
        warn(log, out, "channel " + c.name + ": " + pattern + " matches no file: its export is missing");
        log.missing.push_back({{"channel", c.name}, {"files", pattern}, {"problem", "missing"}});
      }
      for (const std::string& f : files) {
        if (is_empty_file(f)) {
          warn(log, out, "channel " + c.name + ": " + f + " is empty");
          log.missing.push_back({{"channel", c.name}, {"files", f}, {"problem", "empty"}});
          continue;
        }
        options.inputs.push_back(f);
        entry["files"].push_back({{"path", f}});
        if (c.profile) {
          options.input_profiles[f] = *c.profile;
        }
      }
    }
    log.exports.push_back(std::move(entry));
  }
  return options;
}

// The stage messages, one entry per line.
void keep_lines(Log& log, const std::string& text) {
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    log.messages.push_back(line);
  }
}

void import_stage(const ImportOptions& options, const RunFolder& dir, Log& log, std::ostream& out) {
  OutputFile data(dir.file("feedback.csv"));
  OutputFile rejects(dir.file("rejects.csv"));
  OutputFile summary(dir.file("import.json"));
  std::ostringstream messages;
  std::ostringstream unused;
  const import::Summary s = import::run(options, import::Outputs{&data, &rejects, &summary}, messages, unused);
  keep_lines(log, messages.str());
  log.stages["import"] = {{"in", s.read}, {"out", s.written}, {"rejected", s.rejected}};
  // Per channel: each file's counts; a channel whose files hold no rows is a warning too.
  for (Json& entry : log.exports) {
    std::int64_t written = 0;
    for (Json& f : entry["files"]) {
      for (const import::FileSummary& fs : s.files) {
        if (fs.path == f["path"].get<std::string>()) {
          f["read"] = fs.read;
          f["written"] = fs.written;
          f["rejected"] = fs.rejected;
          written += fs.written;
        }
      }
    }
    entry["rows"] = written;
    if (written == 0 && !entry["files"].empty()) {
      const std::string channel = entry["channel"].get<std::string>();
      warn(log, out, "channel " + channel + ": its exports hold no rows");
      std::vector<std::string> names;
      for (const Json& f : entry["files"]) {
        names.push_back(f["path"].get<std::string>());
      }
      log.missing.push_back({{"channel", channel}, {"files", joined(names)}, {"problem", "no_rows"}});
    }
  }
}

void clean_stage(const Pipeline& p, Log& log) {
  const config::Store store(p.config_dir);
  const clean::Rules rules = clean::load_rules(store.get("clean.yaml"));
  OutputFile out("clean.csv");
  OutputFile removed("removed.csv");
  clean::RunOptions options;
  options.inputs = {"feedback.csv"};
  options.removed = &removed;
  std::string key_note;
  options.pseudonym_key = [&key_note] {
    std::ostringstream note;
    const text::PseudonymKey key = clean::load_pseudonym_key("", note);
    key_note = note.str();
    return key;
  };
  std::ostringstream messages;
  const clean::Summary s = clean::run(rules, options, out, messages);
  write_file_atomic("clean.json", clean::summary_json(s));
  keep_lines(log, key_note + messages.str());
  log.stages["clean"] = {
      {"in", s.read}, {"out", s.written}, {"removed", s.removed}, {"removed_by_reason", s.removed_by_reason}};
}

void classify_stage(const Pipeline& p, Log& log) {
  const config::Store store(p.config_dir);
  // The pipeline's pack: named, detected from clean.csv's first rows (auto), or none.
  const config::Document base = store.get("classify.yaml");
  std::string pack = p.pack;
  if (pack == "auto") {
    const std::vector<classify::PackInfo> packs = classify::list_packs(store);
    const classify::Detection d =
        classify::detect_pack(packs, classify::sample_texts("clean.csv", "clean.csv", classify::kDetectRows));
    pack = d.pack == nullptr ? "none" : d.pack->id;
    log.messages.push_back(classify::detection_message(d));
  }
  const std::optional<config::Document> pack_doc = classify::named_pack(store, pack);
  classify::RuleSet rules = classify::load_with_pack(base, pack_doc ? &*pack_doc : nullptr);
  classify::use_departments(rules, store);
  // The pack's sentiment model when it names one (as classify --pack), else the default.
  const classify::Sentiment sentiment = classify::load_sentiment(store, "", false, pack_doc ? &*pack_doc : nullptr);
  classify::RunOptions options;
  options.inputs = {"clean.csv"};
  options.sentiment = &sentiment;
  options.adapt = p.adapt;
  options.say = [&log](const std::string& line) { log.messages.push_back(line); };  // what --adapt did
  OutputFile out("classified.csv");
  const classify::RunSummary s = classify::run(rules, options, out, nullptr, nullptr);
  log.stages["classify"] = {{"in", s.rows}, {"out", s.rows}, {"other", s.other}, {"pack", pack}};
}

// The report in every format; its alert lines.
std::vector<std::string> report_stage(const Pipeline& p, const std::string& as_of, Log& log) {
  report::Options options;
  options.inputs = {"classified.csv"};
  // The rule, not the key: a default period that holds no rows is exit 1, as in fbkit report.
  options.period = p.range == "last-month" ? "" : p.range;
  options.as_of = as_of;
  options.lang = p.lang;
  options.config_dir = p.config_dir;
  options.quality = {"import.json", "clean.json"};
  options.exports = log.missing;
  options.detail = std::find(p.formats.begin(), p.formats.end(), "xlsx") != p.formats.end();
  report::Built built = report::build(options);
  for (const std::string& note : built.notes) {
    log.messages.push_back("fbkit report: " + note);
  }
  Json files = Json::array();
  for (const std::string& f : p.formats) {
    OutputFile out("report." + f);
    report::write_report(built, f, out);
    out.commit();
    files.push_back("report." + f);
  }
  log.stages["report"] = {{"in", log.stages["classify"]["out"]},
                          {"period", built.model["report"]["period"].value("key", "")},
                          {"period_rows", built.model["report"].value("rows", Json())},
                          {"formats", files}};
  return built.breaches;
}

Json run_json(const Pipeline& p, const Options& o, const std::string& period, const std::string& as_of, const Log& log,
              const std::vector<std::string>& alerts, int exit_code) {
  return Json{{"command", "run"},         {"version", o.version},     {"pipeline", p.path},    {"as_of", as_of},
              {"period", period},         {"exports", log.exports},   {"stages", log.stages},  {"alerts", alerts},
              {"warnings", log.warnings}, {"messages", log.messages}, {"exit_code", exit_code}};
}

}  // namespace

Result run(const Pipeline& pipeline, const Options& options, std::ostream& out) {
  if (pipeline.time_zone) {
    // The zone "now" is read in (the month a cron run reports on), and the one import writes every time
    // in (a time with Z or +08:00 is moved into it; one without is taken to be in it already).
    values::use_zone(*pipeline.time_zone);
  }
  const std::int64_t as_of = report::choose_as_of(options.as_of);
  const std::string as_of_text = stats::format_seconds(as_of);
  std::string period = report::resolve_period(pipeline.range, as_of).key;  // the range was checked
  Log log;
  const ImportOptions imports = gather(pipeline, log, out);
  if (imports.inputs.empty()) {
    throw DataError("no export found for any channel of " + pipeline.path + ": no run folder written");
  }
  RunFolder dir(pipeline.output, period);
  import_stage(imports, dir, log, out);
  std::vector<std::string> alerts;
  int exit_code = 0;
  {
    const InFolder inside(dir.temp());
    clean_stage(pipeline, log);
    classify_stage(pipeline, log);
    alerts = report_stage(pipeline, as_of_text, log);
    // The folder is named by what the report covers: "all" for exports without
    // a time column, whatever month the range rule names.
    const std::string scope = log.stages["report"]["period"].get<std::string>();
    if (!scope.empty() && scope != period) {
      period = scope;
      dir.rename(period);
    }
    exit_code = alerts.empty() || options.no_fail ? 0 : kExitAlert;
    write_file_atomic("run.json",
                      run_json(pipeline, options, period, as_of_text, log, alerts, exit_code).dump(2) + "\n");
  }
  dir.publish();
  const Json& s = log.stages;
  out << "fbkit run: " << period << ": " << s["import"]["out"] << " imported (" << s["import"]["rejected"]
      << " rejected), " << s["clean"]["removed"] << " removed, " << s["classify"]["out"] << " classified; wrote "
      << dir.target() << "\n";
  if (exit_code != 0) {
    // An alert line, kept under --quiet (docs/cli.md), as stats --fail-on writes it.
    out << "fbkit: alert: " << report::missed_targets(alerts) << "\n";
  }
  return Result{exit_code, dir.target()};
}

}  // namespace fbkit::run

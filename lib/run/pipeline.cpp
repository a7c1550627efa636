#include "run/pipeline.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "classify/packs.hpp"
#include "config/config.hpp"
#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "import/profile.hpp"
#include "report/scope.hpp"
#include "stats/period.hpp"
#include "values/zone.hpp"

namespace fbkit::run {

namespace {

// `p` as written in the pipeline file: relative to the file's folder.
std::string beside(const std::string& file, const std::string& p) {
  const std::filesystem::path path(p);
  if (path.is_absolute()) {
    return p;
  }
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  return folder.empty() ? p : (folder / path).lexically_normal().string();
}

// An option's message ("--pack: no pack ...", "--profile NAME: ..."), said of
// the pipeline's key instead: without the option's name.
std::string without_option(std::string what, std::string_view option) {
  if (what.rfind(option, 0) == 0) {
    const std::size_t from = what.find_first_not_of(": ", option.size());
    what.erase(0, from == std::string::npos ? what.size() : from);
  }
  return what;
}

bool is_folder(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void read_channels(const yaml::Node& exports, const std::string& path, Pipeline& p, Diagnostics& diag) {
  if (exports.is_null()) {
    yaml::record(diag, exports, "required key is missing: name each channel's exports");
    return;
  }
  if (!yaml::check_map(exports, {}, diag, true)) {
    return;
  }
  for (const yaml::KeyedEntry& e : exports.keyed_entries()) {
    Channel c;
    c.name = e.key;
    if (!yaml::check_map(e.value, {"files", "profile"}, diag)) {
      continue;
    }
    try {
      if (!e.value.has("files")) {
        e.value.fail("required key is missing: files (a glob or a list of globs)");
      }
      for (const std::string& g : e.value.strings("files")) {
        c.globs.push_back(beside(path, g));
      }
      if (e.value.has("profile")) {
        const std::string profile = e.value.str("profile", "");
        // A profile named by a path is a file beside the pipeline file.
        c.profile = config::names_file(profile) ? beside(path, profile) : profile;
      }
    } catch (const ConfigError& err) {
      diag.error(err);
      continue;
    }
    p.channels.push_back(std::move(c));
  }
}

void read_report(const yaml::Node& report, Pipeline& p, Diagnostics& diag) {
  if (!yaml::check_section(report, {"formats", "lang"}, diag)) {
    return;
  }
  try {
    if (report.has("formats")) {
      p.formats = report.strings("formats");
      for (const yaml::Node& f :
           report["formats"].is_sequence() ? report["formats"].items() : std::vector<yaml::Node>{report["formats"]}) {
        const std::string name = f.str();
        if (!report::is_format(name)) {
          yaml::record(diag, f, "expected html, md, xlsx or json, not " + quote_value(name));
        }
      }
      if (p.formats.empty()) {
        yaml::record(diag, report["formats"], "name at least one format");
      }
    }
    p.lang = report.str("lang", p.lang);
    if (p.lang != "auto" && p.lang != "zh" && p.lang != "en") {
      yaml::record(diag, report["lang"], "expected auto, zh or en, not " + quote_value(p.lang));
    }
  } catch (const ConfigError& err) {
    diag.error(err);
  }
}

// The domain pack, looked up as classify will look it up.
void check_pack(const yaml::Node& node, Pipeline& p, Diagnostics& diag) {
  if (node.is_null()) {
    return;
  }
  try {
    p.pack = node.str();
    if (config::names_file(p.pack)) {
      p.pack = std::filesystem::absolute(beside(p.path, p.pack)).lexically_normal().string();
    }
    if (p.pack != "auto" && p.pack != "none") {
      classify::pack_document(config::Store(p.config_dir), p.pack);
    }
  } catch (const Error& err) {
    yaml::record(diag, node, without_option(err.what(), "--pack"));
  }
}

// Each channel's profile looked up as import will look it up, with the
// pipeline's configuration: a typo is a mistake of the pipeline file, said now
// (exit 2), not an error of the run after its exports were found.
void check_profiles(const yaml::Node& exports, const Pipeline& p, Diagnostics& diag) {
  for (const Channel& c : p.channels) {
    if (!c.profile) {
      continue;
    }
    try {
      import::find_profile(config::Store(p.config_dir), *c.profile);
    } catch (const UsageError& err) {
      yaml::record(diag, exports[c.name]["profile"], without_option(err.what(), "--profile"));
    } catch (const ConfigError& err) {
      diag.error(err);
    }
  }
}

}  // namespace

Pipeline load_pipeline(const std::string& path) {
  std::string text;
  try {
    text = read_file(path);
  } catch (const IoError& e) {
    throw ConfigError(e.what());  // a pipeline that cannot be read is a usage error (exit 2)
  }
  const yaml::Node top = yaml::Node::parse(config::Document{path, path, text});
  Pipeline p;
  p.path = path;
  Diagnostics diag(path);
  if (!yaml::check_map(top, {"exports", "time_zone", "range", "output", "report", "config", "pack", "adapt"}, diag)) {
    diag.checkpoint();
  }
  read_channels(top["exports"], path, p, diag);
  read_report(top["report"], p, diag);
  try {
    p.adapt = top.boolean("adapt", p.adapt);  // yes/no, true/false, on/off
  } catch (const ConfigError& err) {
    diag.error(err);
  }
  try {
    if (top.has("time_zone")) {
      p.time_zone = top.str("time_zone", "");
      if (!values::known_zone(*p.time_zone)) {
        yaml::record(
            diag, top["time_zone"],
            "unknown time zone " + quote_value(*p.time_zone) + " (a name of the tz database, e.g. Asia/Shanghai)");
      }
    }
    p.range = top.str("range", p.range);
    if (p.range != "last-month" && !stats::kind_of_period_key(p.range)) {
      yaml::record(
          diag, top["range"],
          "expected last-month or a period: 2025-10, 2025-Q3, 2025-W42, 2025, 2025-10-23; not " + quote_value(p.range));
    }
    if (!top.has("output")) {
      yaml::record(diag, top["output"], "required key is missing: output (the folder the run folders go in)");
    } else {
      p.output = beside(path, top.str("output", ""));
      if (!is_folder(p.output)) {
        yaml::record(diag, top["output"], "no such folder: " + p.output + " (make it first: runs never create it)");
      }
    }
    if (top.has("config")) {
      // Absolute: the later stages run inside the run folder (run.cpp).
      p.config_dir = std::filesystem::absolute(beside(path, top.str("config", ""))).lexically_normal().string();
      if (!is_folder(*p.config_dir)) {
        yaml::record(diag, top["config"], "no such folder: " + *p.config_dir);
      }
    }
  } catch (const ConfigError& err) {
    diag.error(err);
  }
  if (!p.config_dir || is_folder(*p.config_dir)) {  // the profiles are looked up in the configuration folder
    check_profiles(top["exports"], p, diag);
    check_pack(top["pack"], p, diag);
  }
  diag.checkpoint();
  return p;
}

}  // namespace fbkit::run

// The pipeline file of `fbkit run`: which exports to read per channel, the
// period rule, where the run folders go and what the report holds.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fbkit::run {

// One channel's exports: globs (relative to the pipeline file's folder) and
// an optional import profile for all of them.
struct Channel {
  std::string name;
  std::vector<std::string> globs;
  std::optional<std::string> profile;  // a profile name or a YAML file
};

struct Pipeline {
  std::string path;  // the pipeline file as named
  std::vector<Channel> channels;
  std::optional<std::string> time_zone;      // the zone of "now" (default: the TZ environment variable's)
  std::string range = "last-month";          // the report's period (fbkit report --range)
  std::string output;                        // the folder the dated run folders go in (must exist)
  std::vector<std::string> formats{"html"};  // of html, md, xlsx, json
  std::string lang = "auto";                 // zh or en from the data (report/language.hpp)
  std::optional<std::string> config_dir;     // as --config DIR, for every stage (the report's targets too)
  std::string pack = "none";                 // classify's domain pack: a name, a YAML file, auto or none
  bool adapt = false;                        // classify --adapt: the model adapted to the rows first
};

// Reads and checks the pipeline file; paths in it are made relative to the
// current folder (they are written relative to the file's own folder).
// ConfigError "FILE:LINE:COL: key: what" for every mistake found, before any
// work (exit 2); IoError when the file cannot be read is also a ConfigError.
Pipeline load_pipeline(const std::string& path);

}  // namespace fbkit::run

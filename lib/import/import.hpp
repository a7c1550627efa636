// fbkit import: raw exports -> the canonical feedback CSV, every record either
// written or rejected with its reason (CONTRACT.md "nothing is lost").
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/io.hpp"
#include "import/header.hpp"
#include "import/profile.hpp"
#include "import/source.hpp"
#include "values/parse.hpp"

namespace fbkit::import {

struct Options {
  std::vector<std::string> inputs;     // "-" = standard input
  std::optional<std::string> profile;  // name or YAML path; otherwise chosen per file
  // Per input path: a profile name or YAML path for that file alone (fbkit run's per-channel profile).
  std::map<std::string, std::string> input_profiles;
  std::optional<std::string> config_dir;
  std::optional<values::DateOrder> date_order;  // overrides the profile's
  SourceOptions source;
  HeaderOptions header;  // --header-row / --skip-rows; otherwise detected per file
  bool bom = false;
  bool excel_safe = false;
  std::int64_t max_errors = 1000;    // malformed rows per file before giving up (0 = no limit)
  bool explain_mapping = false;      // print the mapping and stop
  std::vector<std::string> require;  // canonical columns each file must fill (--require)
  // Where the process's zone (TZ, set by the caller) came from, e.g. "--tz", for
  // --explain-mapping and the summary; empty: the TZ variable or the machine's.
  std::string time_zone_from;
};

struct FileSummary {
  std::string path;
  std::string read_as;  // encoding / sheet
  std::string profile;
  std::int64_t read = 0;
  std::int64_t written = 0;
  std::int64_t rejected = 0;
  std::int64_t replaced_bytes = 0;
  std::map<std::string, std::int64_t> rejected_by_reason;
  std::map<std::string, std::int64_t> value_problems;     // "received_at: no such date" -> n
  std::map<std::string, std::int64_t> excel_mangled_ids;  // column -> ids Excel wrote as 1.03531E+12
  std::int64_t times_with_offset = 0;                     // times that named a UTC offset, moved into the zone
};

struct Summary {
  std::vector<FileSummary> files;  // only with Outputs::summary (for its JSON)
  std::int64_t read = 0;
  std::int64_t written = 0;
  std::int64_t rejected = 0;
  std::int64_t times_with_offset = 0;
  std::string time_zone;  // the zone the canonical times are local times of
};

// Where an import writes (the caller opens them before the run: OutputSet).
struct Outputs {
  ByteSink* data = nullptr;     // the canonical CSV; required unless explain_mapping
  ByteSink* rejects = nullptr;  // the rejects CSV, or none
  ByteSink* summary = nullptr;  // the summary JSON, or none
};

// Where run() reads when not the files named in Options: for callers that
// hold the bytes themselves (the fuzz target).
struct Io {
  // Opens an input by its name in Options::inputs (default: the file, "-" = stdin).
  std::function<std::unique_ptr<ByteSource>(const std::string& path)> open;
  // The profiles to choose from instead of the store's (without --profile).
  const std::vector<Profile>* profiles = nullptr;
};

// Runs the import; messages and the per-file summary go to `log`; with
// explain_mapping, the mapping table goes to `out` instead of data. Commits
// (finishes) each sink of `to` it writes. One input is open at a time (and
// standard input), whatever their number.
Summary run(const Options& options, const Outputs& to, std::ostream& log, std::ostream& out, const Io& io = {});

}  // namespace fbkit::import

// `fbkit run PIPELINE.yaml`: the monthly run. import -> clean -> classify ->
// report through the same library calls the commands make, every file into
// one dated folder (OUTPUT/2025-10/) that appears whole at the end, with a run
// log (run.json) of the counts per stage, the period, the alerts and warnings.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "run/pipeline.hpp"

namespace fbkit::run {

struct Options {
  std::optional<std::string> as_of;  // default: now, in the pipeline's time zone
  bool no_fail = false;              // exit 0 even when a target is missed (as report --no-fail)
  std::string version;               // "fbkit 1.2.3", for the run log
};

struct Result {
  int exit_code = 0;   // 0, or 3 when a target is missed
  std::string folder;  // the run folder written
};

// Runs the pipeline. Warnings (a missing or empty export), the alert line and
// a one-line summary go to `log`. UsageError/ConfigError (exit 2) before any
// file is made; DataError/IoError (exit 1) leave the previous run folder of
// the period as it was and no temporary folder behind.
Result run(const Pipeline& pipeline, const Options& options, std::ostream& log);

}  // namespace fbkit::run

// `fbkit clean` as a library call: canonical CSV in, the rows that count out
// (normalized in place, personal data masked, a `flags` column), and every
// removed row with its reason to a second CSV.
//
// Rows are decided in this order, the first reason wins:
//   duplicate      every column equal to an earlier row's, ignoring id and provenance
//   test           a test text or customer id
//   spam           advertising, link-only text, a flood of one character
//   straight_lining, contradiction   (survey answers: a survey_duration_s and a score)
//   repeated       the same customer and text as a kept row within the window
//   too_fast       (survey answers) faster than the floor or a share of the median
//
// Memory: the duplicate and repeated-submission state (clean/tracker.hpp) is
// a 24- and a 32-byte slot per distinct row plus the feedback_id it names, up to
// remove.memory_mib; past that it goes to temporary files and the later rows
// are written once the input has ended. Nothing else grows with the input. `too_fast` needs the median duration of the
// whole input before the first row is written: when a survey_duration_s column is present the input is read twice
// (standard input through a temporary file).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "clean/rules.hpp"
#include "core/io.hpp"
#include "csv/writer.hpp"
#include "text/pseudonym.hpp"

namespace fbkit::clean {

struct RunOptions {
  std::vector<std::string> inputs;  // paths; "-" is standard input
  csv::WriterOptions writer;
  // Called once, when customer_id values are to be replaced by pseudonyms
  // (clean.yaml mask.customer_id, --pseudonymize) and the input has the column.
  std::function<text::PseudonymKey()> pseudonym_key;
  ByteSink* removed = nullptr;  // the removed rows' CSV, or none (committed by run)
  std::size_t examples = 0;     // removed rows kept per reason in Summary::examples (--dry-run)
};

struct Summary {
  std::int64_t read = 0;
  std::int64_t written = 0;
  std::int64_t removed = 0;
  std::map<std::string, std::int64_t> removed_by_reason;
  std::map<std::string, std::int64_t> flags;  // written rows per flag
  text::PiiCounts masked;
  std::map<std::string, std::int64_t> normalized;  // values changed per step
  std::int64_t aliases = 0;                        // values replaced by their canonical name
  std::int64_t pseudonymized = 0;                  // customer_id values replaced by a pseudonym
  std::int64_t survey_rows = 0;                    // satisfaction survey answers (a duration, a score)
  std::int64_t timed_not_survey = 0;               // rows with a duration that are not survey answers
  std::optional<double> median_seconds;            // of the survey answers that count
  std::optional<double> too_fast_below;            // the threshold applied
  std::int64_t tracked = 0;                        // distinct rows remembered
  std::int64_t spilled_rows = 0;                   // rows decided after the memory budget was reached
  std::int64_t spilled_bytes = 0;                  // written to temporary files for them
  // Up to RunOptions::examples removed rows per reason, in input order:
  // "FILE:LINE", the detail, and an escaped excerpt of the row's text.
  std::map<std::string, std::vector<std::array<std::string, 3>>> examples;
};

// The reasons, in the order they are tested.
const std::vector<std::string>& reasons();

// Streams the inputs into `out` (committed at the end). Writes the summary
// line(s) to `log`.
Summary run(const Rules& rules, const RunOptions& options, ByteSink& out, std::ostream& log);

// What --dry-run prints: the counts, then per reason the examples.
std::string dry_run_report(const Summary& s);

// The summary as JSON (for --summary FILE).
std::string summary_json(const Summary& s);

}  // namespace fbkit::clean

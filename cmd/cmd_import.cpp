// fbkit import: raw exports (CSV/TSV/xlsx, any common encoding) -> canonical CSV.
#include <fmt/core.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string_view>

#include "command.hpp"
#include "core/error.hpp"
#include "core/output_set.hpp"
#include "core/schema.hpp"
#include "import/import.hpp"
#include "values/zone.hpp"

namespace fbkit::cmd {

namespace {

// "1073741824", "512M", "4G" (K, M, G: powers of 1024); UsageError otherwise.
std::uint64_t parse_byte_count(const std::string& what, std::string_view text) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  const int shift = unit.empty()                 ? 0
                    : unit == "K" || unit == "k" ? 10
                    : unit == "M" || unit == "m" ? 20
                    : unit == "G" || unit == "g" ? 30
                                                 : -1;
  if (ec != std::errc() || shift < 0 || n == 0 || n > (std::numeric_limits<std::uint64_t>::max() >> shift)) {
    throw UsageError(what + "=" + std::string(text) + ": expected a number of bytes above 0, e.g. 1073741824 or 1G");
  }
  return n << shift;
}

class ImportCommand : public Command {
public:
  void setup(CLI::App& app) override {
    app.footer(
        "Reads exports from call centres, survey platforms, review sites and workbooks and write the canonical "
        "feedback CSV.\nEach file's encoding, delimiter and import profile are detected; every record is either "
        "written or rejected with its reason.\nEnvironment: FBKIT_XLSX_MAX_MEMBER_BYTES, the most a part of an xlsx "
        "may inflate to, or an Excel XML (.xls) workbook take (default 1G; K, M, G suffixes).");
    app.add_option("files", m_options.inputs, "CSV, TSV, xlsx or Excel XML (.xls) files; '-' or none: standard input");
    add_output_options(app, m_output);
    app.add_option("--rejects", m_rejects,
                   "write records that cannot be imported to FILE (source_file, source_line, reason, detail, raw)")
        ->option_text("FILE");
    app.add_option("--summary", m_summary, "write counts per file and reason to FILE as JSON")->option_text("FILE");
    app.add_option("--profile", m_profile,
                   "import profile: a built-in name or a YAML file (default: the built-in "
                   "profile that recognizes most header names, per file)")
        ->option_text("NAME|FILE");
    app.add_option("--encoding", m_encoding,
                   "read every file in this encoding: utf-8, gb18030, gbk, utf-16, utf-16le, utf-16be, big5, latin1, "
                   "windows-1252 (default: detected per file)")
        ->option_text("ENC");
    app.add_option("--on-bad-bytes", m_bad_bytes,
                   "invalid bytes: error (default; a detected UTF-8 line with a few bad bytes rejects its record) "
                   "or replace (with U+FFFD, counted)")
        ->check(CLI::IsMember({"error", "replace"}))
        ->option_text("error|replace");
    app.add_option("--delimiter", m_delimiter, "field delimiter: , tab ; | (default: sniffed; .tsv files: tab)")
        ->option_text("D");
    app.add_option("--sheet", m_options.source.sheet,
                   "workbooks: the sheet to read (default: the first, else the one a profile recognizes best)")
        ->option_text("NAME");
    app.add_option("--date-order", m_date_order,
                   "how to read a/b/yyyy dates: ymd (default unless the profile says), "
                   "mdy (10/23/2025) or dmy (23/10/2025)")
        ->check(CLI::IsMember({"ymd", "mdy", "dmy"}))
        ->option_text("ORDER");
    app.add_option("--tz", m_tz,
                   "the zone times without a UTC offset are in, and the one every time is written in (a time with "
                   "Z or +08:00 is moved into it); default: TZ, else the machine's")
        ->option_text("ZONE");
    app.add_option("--header-row", m_options.header.header_row,
                   "the header is row N (from 1; blank lines not counted); the rows above are rejected as title_row "
                   "(default: detected)")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    app.add_option("--skip-rows", m_options.header.skip_rows, "the same as --header-row N+1")
        ->option_text("N")
        ->check(CLI::NonNegativeNumber)
        ->excludes("--header-row");
    app.add_option("--require", m_options.require,
                   "exit 1 before any output if a file has no column for one of these canonical columns, e.g. "
                   "received_at,text (without it: a warning when a file has no time, text or score)")
        ->option_text("COLS")
        ->delimiter(',');
    app.add_flag("--strict", m_strict, "exit 1 if any record is rejected (the outputs are still written)");
    app.add_option("--max-errors", m_options.max_errors,
                   "give up (exit 1) after more than N malformed records in one file; 0: no limit (default 1000)")
        ->option_text("N");
    app.add_flag("--explain-mapping", m_options.explain_mapping,
                 "print how each source column maps to the canonical columns, and stop");
    add_config_option(app, m_config);
  }

  int run() override {
    refuse_terminal_stdin("import", m_options.inputs);
    refuse_excel_safe_into_pipe(m_output);
    if (!m_profile.empty()) {
      m_options.profile = m_profile;
    }
    if (!m_config.empty()) {
      m_options.config_dir = m_config;
    }
    if (!m_encoding.empty()) {
      m_options.source.encoding = text::parse_encoding(m_encoding);
      if (!m_options.source.encoding) {
        throw UsageError("--encoding " + m_encoding +
                         ": unknown encoding (utf-8, gb18030, gbk, utf-16, utf-16le, "
                         "utf-16be, big5, latin1, windows-1252)");
      }
    }
    m_options.source.bad_bytes = m_bad_bytes == "replace" ? text::BadBytes::replace : text::BadBytes::error;
    if (!m_delimiter.empty()) {
      if (m_delimiter == "tab" || m_delimiter == "\\t" || m_delimiter == "\t") {
        m_options.source.delimiter = '\t';
      } else if (m_delimiter == "," || m_delimiter == ";" || m_delimiter == "|") {
        m_options.source.delimiter = m_delimiter[0];
      } else {
        throw UsageError("--delimiter " + m_delimiter + ": expected , tab ; or |");
      }
    }
    if (!m_date_order.empty()) {  // checked: ymd, mdy or dmy
      using values::DateOrder;
      m_options.date_order = m_date_order == "mdy"   ? DateOrder::mdy
                             : m_date_order == "dmy" ? DateOrder::dmy
                                                     : DateOrder::ymd;
    }
    for (const std::string& c : m_options.require) {
      if (schema::find(c) == nullptr && !schema::is_score(c) && !schema::is_text(c)) {
        throw UsageError("--require " + c + ": not a canonical column (docs/contract.md)");
      }
    }
    if (!m_tz.empty()) {
      values::use_zone_option("--tz", m_tz);  // before any time is read: converting then costs no system call
      m_options.time_zone_from = "--tz";
    }
    if (m_options.max_errors < 0) {
      throw UsageError("--max-errors must be 0 or more");
    }
    if (const char* limit = std::getenv("FBKIT_XLSX_MAX_MEMBER_BYTES"); limit != nullptr && *limit != '\0') {
      m_options.source.xlsx_max_part_bytes = parse_byte_count("FBKIT_XLSX_MAX_MEMBER_BYTES", limit);
    }
    m_options.bom = m_output.bom;
    m_options.excel_safe = m_output.excel_safe;
    // Every file of the run is named before any is read or written.
    OutputSet files;
    files.inputs(m_options.inputs);
    if (m_options.profile) {  // a name or a file
      files.input(*m_options.profile, "--profile");
    }
    import::Outputs to;
    if (!m_options.explain_mapping) {
      to.rejects = m_rejects.empty() ? nullptr : &files.output(m_rejects, "--rejects");
      to.summary = m_summary.empty() ? nullptr : &files.output(m_summary, "--summary");
      to.data = &files.output(m_output.output, "-o");
    }
    files.open();
    const import::Summary summary = import::run(m_options, to, std::cerr, std::cout);
    std::cout.flush();
    if (!m_options.explain_mapping) {
      files.commit();
    }
    if (m_strict && summary.rejected > 0) {
      throw DataError(std::to_string(summary.rejected) + (summary.rejected == 1 ? " record" : " records") +
                      " rejected (--strict)" +
                      (m_rejects.empty() ? "; see them with --rejects FILE" : "; see " + m_rejects));
    }
    return 0;
  }

private:
  import::Options m_options;
  OutputOptions m_output;
  std::string m_rejects;
  std::string m_summary;
  std::string m_profile;
  std::string m_config;
  std::string m_encoding;
  std::string m_bad_bytes = "error";
  std::string m_delimiter;
  std::string m_date_order;
  std::string m_tz;
  bool m_strict = false;
};

}  // namespace

std::unique_ptr<Command> make_import_command() {
  return std::make_unique<ImportCommand>();
}

}  // namespace fbkit::cmd

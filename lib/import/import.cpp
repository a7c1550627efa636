#include "import/import.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "csv/empty_input.hpp"
#include "csv/writer.hpp"
#include "import/convert.hpp"
#include "import/mapping.hpp"
#include "import/profile.hpp"
#include "values/parse.hpp"
#include "values/zone.hpp"

namespace fbkit::import {

namespace {

std::string encode_raw(const std::vector<std::string>& fields) {
  StringSink sink;
  csv::Writer w(sink);
  w.record(fields);
  w.flush();
  std::string s = sink.str();
  if (!s.empty() && s.back() == '\n') {
    s.pop_back();
  }
  return s;
}

// A number Excel wrote in scientific notation, its last digits lost:
// 1.03531E+12 (a digit, maybe a fraction, E+, the exponent).
bool is_excel_mangled(std::string_view v) {
  if (v.size() < 5 || v.size() > 24 || v[0] < '0' || v[0] > '9') {
    return false;
  }
  const std::size_t e = v.find_first_of("Ee");
  if (e == std::string_view::npos || e + 2 >= v.size() || v[e + 1] != '+') {
    return false;
  }
  const auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  const std::string_view mantissa = v.substr(0, e);
  const std::size_t dot = mantissa.find('.');
  return digits(v.substr(e + 2)) &&
         (dot == std::string_view::npos ? digits(mantissa)
                                        : digits(mantissa.substr(0, dot)) && digits(mantissa.substr(dot + 1)));
}

void write_summary_json(const Summary& s, ByteSink& to) {
  nlohmann::ordered_json j;
  j["command"] = "import";
  j["read"] = s.read;
  j["written"] = s.written;
  j["rejected"] = s.rejected;
  j["time_zone"] = s.time_zone;
  j["times_with_offset"] = s.times_with_offset;
  j["files"] = nlohmann::ordered_json::array();
  for (const FileSummary& f : s.files) {
    nlohmann::ordered_json fj;
    fj["path"] = f.path;
    fj["read_as"] = f.read_as;
    fj["profile"] = f.profile;
    fj["read"] = f.read;
    fj["written"] = f.written;
    fj["rejected"] = f.rejected;
    fj["rejected_by_reason"] = f.rejected_by_reason;
    fj["value_problems"] = f.value_problems;
    if (!f.excel_mangled_ids.empty()) {
      fj["excel_mangled_ids"] = f.excel_mangled_ids;  // only when there are: the common summary stays as it was
    }
    fj["replaced_bytes"] = f.replaced_bytes;
    if (f.times_with_offset > 0) {
      fj["times_with_offset"] = f.times_with_offset;
    }
    j["files"].push_back(fj);
  }
  const std::string text = j.dump(2) + "\n";
  to.write(text.data(), text.size());
  to.commit();
}

// The profiles of a run: the forced one, or every one of the store (or of `io`).
Profiles load_run_profiles(const Options& options, const Io& io) {
  const config::Store store(options.config_dir);
  Profiles profiles;
  if (options.profile) {
    profiles.forced = find_profile(store, *options.profile);
  } else {
    profiles.all = io.profiles != nullptr ? *io.profiles : load_profiles(store);
  }
  for (const auto& [path, name] : options.input_profiles) {
    profiles.per_input.emplace(path, find_profile(store, name));
  }
  if (options.date_order) {
    for (auto& [path, p] : profiles.per_input) {
      p.date_order = *options.date_order;
    }
    for (Profile& p : profiles.all) {
      p.date_order = *options.date_order;
    }
    if (profiles.forced) {
      profiles.forced->date_order = *options.date_order;
    }
  }
  for (const Profile& p : profiles.all) {
    if (p.name == "canonical") {
      profiles.canonical = &p;
    }
  }
  return profiles;
}

// The output columns and where the provenance columns are.
struct OutColumns {
  std::vector<std::string> names;
  std::unordered_map<std::string, int> index;
  int id = 0;
  int file = 0;
  int line = 0;

  static OutColumns of(std::vector<std::string> names) {
    OutColumns c;
    c.names = std::move(names);
    c.index.reserve(c.names.size());
    for (std::size_t i = 0; i < c.names.size(); ++i) {
      c.index.try_emplace(c.names[i], static_cast<int>(i));
    }
    c.id = c.index.at("feedback_id");
    c.file = c.index.at(std::string(schema::kSourceFile));
    c.line = c.index.at(std::string(schema::kSourceLine));
    return c;
  }
};

// One input's rows through its mapping into the writers, counted in `fs`.
class FileRun {
public:
  FileRun(FileMapping& fm, const Options& options, const OutColumns& columns, csv::Writer& writer, csv::Writer* rejects,
          std::ostream& log)
      : m_fm(fm),
        m_options(options),
        m_columns(columns),
        m_writer(writer),
        m_rejects(rejects),
        m_log(log),
        m_row_out(columns.names.size()) {
    fs.path = fm.path;
    fs.read_as = fm.rows->describe();
    fs.profile = fm.profile->name;
  }

  void run() {
    for (const std::string& note : m_fm.rows->notes) {
      m_log << "fbkit import: " << m_fm.path << ": " << note << "\n";
    }
    if (!m_options.profile) {
      m_log << "fbkit import: " << m_fm.path << ": profile " << excerpt(m_fm.profile->name) << " ("
            << m_fm.chosen_because << ")\n";
    }
    if (const std::string w = key_column_warning(m_fm); !w.empty()) {
      m_log << "fbkit: warning: " << m_fm.path << ": " << w << "\n";
    }
    while (m_fm.rows->next(m_row)) {
      ++fs.read;
      take_row();
    }
    take_damaged(std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max());
    finish();
  }

  FileSummary fs;

private:
  // The damaged lines up to `last`: the first of them in the record starting at `first`.
  std::optional<text::DamagedLine> take_damaged(std::int64_t first, std::int64_t last) {
    std::optional<text::DamagedLine> in_record;
    while (auto d = m_fm.rows->take_damaged(last)) {
      m_first_damaged = m_damaged_lines++ == 0 ? d->line : m_first_damaged;
      if (d->line < first) {
        m_damaged_outside = m_damaged_outside ? m_damaged_outside : d;
      } else if (!in_record) {
        in_record = d;
      }
    }
    return in_record;
  }

  void reject(const std::string& reason, const std::string& detail) {
    ++fs.rejected;
    ++fs.rejected_by_reason[reason];
    if (m_rejects != nullptr) {
      m_rejects->record(
          std::vector<std::string>{m_fm.path, std::to_string(m_row.line), reason, detail, encode_raw(m_row.fields)});
    }
  }

  void take_row() {
    const std::optional<text::DamagedLine> damaged = take_damaged(m_row.line, m_row.end_line);
    if (damaged && m_row.problem.empty()) {
      reject("invalid_bytes", m_fm.path + ":" + std::to_string(damaged->line) + ": invalid utf-8 byte sequence " +
                                  damaged->bytes + " (the rest is UTF-8; --on-bad-bytes replace keeps it with U+FFFD)");
      return;
    }
    if (!m_row.problem.empty()) {
      reject(m_row.problem, m_row.message);
      // Title, header and total rows are the export's layout, not malformed records.
      const bool layout = m_row.problem == "title_row" || m_row.problem == "header_row" || m_row.problem == "total_row";
      if (!layout && m_options.max_errors > 0 && ++m_structural > m_options.max_errors) {
        throw DataError(m_fm.path + ": more than " + std::to_string(m_options.max_errors) +
                        " malformed records (the last: " + m_row.message +
                        "); wrong --delimiter or --encoding? (--max-errors 0 lifts the limit)");
      }
      return;
    }
    if (std::all_of(m_row.fields.begin(), m_row.fields.end(),
                    [](const std::string& f) { return trimmed(f).empty(); })) {
      reject("empty_record", m_fm.path + ":" + std::to_string(m_row.line) + ": every field is empty");
      return;
    }
    const std::string required_problem = convert_row();
    if (!required_problem.empty()) {
      reject("required_value", m_fm.path + ":" + std::to_string(m_row.line) + ": " + required_problem);
      return;
    }
    if (m_row_out[m_columns.id].empty()) {
      m_row_out[m_columns.id] = m_fm.stem + "-" + std::to_string(m_row.line);
    }
    m_row_out[m_columns.file] = m_fm.path;
    m_row_out[m_columns.line] = std::to_string(m_row.line);
    m_writer.record(m_row_out);
    ++fs.written;
  }

  // Fills the output row from the source row; the problem of a required value, or "".
  std::string convert_row() {
    std::fill(m_row_out.begin(), m_row_out.end(), std::string());
    std::string required_problem;
    for (std::size_t i = 0; i < m_row.fields.size(); ++i) {
      const int j = m_fm.out_index[i];
      if (j < 0) {
        continue;
      }
      const std::string& target = m_fm.targets[i];
      if (m_fm.id_column[i] && is_excel_mangled(m_row.fields[i])) {
        note_mangled(i);
      }
      if (target.empty()) {
        m_row_out[j] = m_row.fields[i];
        continue;
      }
      const Converted& c = converted(*m_fm.converters[i], m_row.fields[i]);
      if (!c.problem.empty() && m_fm.required[i] && !c.kept_raw) {
        required_problem = target + ": " + c.problem + " (" + quote_value(m_row.fields[i]) + ")";
      }
      m_row_out[j] = c.value;
    }
    for (const Fallback& f : m_fm.fallbacks) {
      if (m_row_out[f.out].empty() && f.column < m_row.fields.size()) {
        m_row_out[f.out] = converted(*f.converter, m_row.fields[f.column]).value;
      }
    }
    for (const auto& [col, value] : m_fm.constants) {
      if (m_row_out[col].empty()) {
        m_row_out[col] = value;
      }
    }
    if (required_problem.empty()) {
      for (std::size_t k = 0; k < m_fm.required_out.size(); ++k) {
        if (m_fm.required_out[k] < 0 || m_row_out[m_fm.required_out[k]].empty()) {
          return m_fm.profile->required[k] + ": required value is missing";
        }
      }
    }
    return required_problem;
  }

  // `raw` converted, its offset and its problem counted.
  const Converted& converted(ColumnConverter& converter, const std::string& raw) {
    const Converted& c = converter.convert(raw);
    fs.times_with_offset += c.had_offset ? 1 : 0;
    if (!c.problem.empty()) {
      // A channel without a code of its own is still a channel: it is "other", not empty.
      const std::string fate = c.future     ? " (more than a day after now; kept, not used to choose report's period)"
                               : c.kept_raw ? " (kept for clean to flag)"
                               : c.value.empty() ? " (left empty)"
                                                 : std::string(" (read as ").append(c.value).append(")");
      ++fs.value_problems[std::string(converter.target()).append(": ").append(c.problem).append(fate)];
    }
    return c;
  }

  // An id of column i that Excel wrote as 1.03531E+12: counted, the first one remembered.
  void note_mangled(std::size_t i) {
    const std::string& column = m_fm.targets[i].empty() ? m_fm.names[i] : m_fm.targets[i];
    if (fs.excel_mangled_ids[column]++ == 0) {
      m_first_mangled[column] = {m_row.line, m_row.fields[i]};
    }
  }

  // The warnings and the summary lines of the file.
  void finish() {
    for (const auto& [column, n] : fs.excel_mangled_ids) {
      const auto& [line, value] = m_first_mangled[column];
      m_log << "fbkit: warning: " << m_fm.path << ": " << column << ": " << n
            << (n == 1 ? " id is a number" : " ids are numbers") << " Excel wrote in scientific notation (first: line "
            << line << ", " << quote_value(value)
            << "), kept as written: the digits it dropped are lost; export the column as text\n";
    }
    if (m_damaged_lines > 0) {
      const std::int64_t rejected =
          fs.rejected_by_reason.count("invalid_bytes") ? fs.rejected_by_reason["invalid_bytes"] : 0;
      m_log << "fbkit: warning: " << m_fm.path << ": " << m_damaged_lines
            << (m_damaged_lines == 1 ? " line is" : " lines are") << " UTF-8 but for invalid bytes (first: line "
            << m_first_damaged << ")";
      if (rejected > 0) {
        m_log << "; " << rejected << (rejected == 1 ? " record" : " records") << " rejected (invalid_bytes)";
      }
      if (m_damaged_outside) {
        m_log << "; line " << m_damaged_outside->line << " is in no record and reads them as U+FFFD";
      }
      m_log << "\n";
    }
    fs.replaced_bytes = m_fm.rows->replaced_bytes();
    fs.read_as = m_fm.rows->describe();  // again: lines past the sample may have changed it
    if (const std::string w = m_fm.rows->encoding_warning(); !w.empty()) {
      m_log << "fbkit: warning: " << m_fm.path << ": " << w << "\n";
    }
    if (fs.read == 0) {
      m_log << "fbkit: warning: " << m_fm.path << ": 0 records (a header only)\n";
    }
    m_log << "fbkit import: " << m_fm.path << ": " << fs.read << " read, " << fs.written << " written, " << fs.rejected
          << " rejected";
    std::string sep = " (";
    for (const auto& [reason, n] : fs.rejected_by_reason) {
      m_log << sep << reason << " " << n;
      sep = ", ";
    }
    m_log << (fs.rejected_by_reason.empty() ? "" : ")");
    if (fs.replaced_bytes > 0) {
      m_log << "; " << fs.replaced_bytes << " invalid byte sequences replaced";
    }
    m_log << "\n";
    for (const auto& [problem, n] : fs.value_problems) {
      m_log << "fbkit import: " << m_fm.path << ": " << problem << ": " << n << (n == 1 ? " value" : " values") << "\n";
    }
  }

  FileMapping& m_fm;
  const Options& m_options;
  const OutColumns& m_columns;
  csv::Writer& m_writer;
  csv::Writer* m_rejects;
  std::ostream& m_log;
  std::vector<std::string> m_row_out;
  Row m_row;
  std::int64_t m_structural = 0;
  std::int64_t m_damaged_lines = 0;
  std::int64_t m_first_damaged = 0;
  std::optional<text::DamagedLine> m_damaged_outside;  // the first not in a record (the header, a blank line)
  std::map<std::string, std::pair<std::int64_t, std::string>> m_first_mangled;  // column -> line, value
};

// The inputs' headers, mapped one file open at a time: the output header is
// their union, and an unreadable input fails the run before any output. The
// first input and standard input stay open for the rows (standard input
// cannot be read twice); the others are opened again, so that memory and
// open files do not grow with the number of inputs. In a run of several
// inputs an empty one (no header row) is skipped with a warning, unless all are.
struct Mapped {
  std::map<std::size_t, FileMapping> kept;
  std::set<std::size_t> empty;
  OutColumns columns;
};

Mapped map_inputs(const std::vector<std::string>& inputs, const Options& options, const Io& io,
                  const Profiles& profiles, std::ostream& log) {
  Mapped m;
  ColumnUnion column_union;
  std::optional<EmptyInputError> first_empty;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    try {
      FileMapping fm = open_mapping(inputs[i], options, io, profiles);
      check_required(fm, options.require);
      column_union.add(fm);
      if (m.kept.empty() || inputs[i] == "-") {
        m.kept.emplace(i, std::move(fm));
      }
    } catch (const EmptyInputError& e) {
      if (inputs.size() == 1) {
        throw;
      }
      first_empty = first_empty ? first_empty : e;
      m.empty.insert(i);
      log << "fbkit: warning: " << input_name(inputs[i]) << ": 0 records (an empty file: no header row; skipped)\n";
    }
  }
  if (m.empty.size() == inputs.size()) {
    throw *first_empty;
  }
  m.columns = OutColumns::of(column_union.columns());
  return m;
}

}  // namespace

Summary run(const Options& options, const Outputs& to, std::ostream& log, std::ostream& out, const Io& io) {
  const Profiles profiles = load_run_profiles(options, io);
  const std::vector<std::string> inputs = input_paths(options.inputs);
  Mapped mapped = map_inputs(inputs, options, io, profiles, log);
  const OutColumns& columns = mapped.columns;

  std::unique_ptr<csv::Writer> writer;
  std::unique_ptr<csv::Writer> rejects;
  if (!options.explain_mapping) {
    writer = std::make_unique<csv::Writer>(*to.data, csv::WriterOptions{',', options.bom, options.excel_safe});
    writer->record(columns.names);
    if (to.rejects != nullptr) {
      rejects = std::make_unique<csv::Writer>(*to.rejects, csv::WriterOptions{',', options.bom, options.excel_safe});
      rejects->record(std::vector<std::string>{"source_file", "source_line", "reason", "detail", "raw"});
    }
  }

  Summary summary;
  const values::Zone zone = values::process_zone();
  summary.time_zone = zone.name;
  // A received_at or resolved_at after this is a bogus future date: kept and counted.
  const std::string latest = values::local_now_iso(values::kFutureMarginSeconds);
  for (std::size_t input = 0; input < inputs.size(); ++input) {
    if (mapped.empty.count(input) != 0) {
      if (to.summary != nullptr) {
        summary.files.push_back(FileSummary{input_name(inputs[input]), "empty", "", 0, 0, 0, 0, {}, {}, {}, 0});
      }
      continue;
    }
    const auto held = mapped.kept.find(input);
    FileMapping fm =
        held != mapped.kept.end() ? std::move(held->second) : open_mapping(inputs[input], options, io, profiles);
    if (held != mapped.kept.end()) {
      mapped.kept.erase(held);
    }
    place_columns(fm, columns.index, latest);
    if (options.explain_mapping) {
      explain(fm, columns.names, out);
      continue;
    }
    FileRun file(fm, options, columns, *writer, rejects.get(), log);
    file.run();
    summary.read += file.fs.read;
    summary.written += file.fs.written;
    summary.rejected += file.fs.rejected;
    summary.times_with_offset += file.fs.times_with_offset;
    if (to.summary != nullptr) {
      summary.files.push_back(std::move(file.fs));  // kept only for the JSON: memory would grow with the inputs
    }
  }
  if (options.explain_mapping) {
    out << "time zone: " << zone.name << " (" << (options.time_zone_from.empty() ? zone.from : options.time_zone_from)
        << "): times without a UTC offset are its local times; times with one (Z, +08:00) are moved into it\n";
    return Summary{};
  }
  writer->finish();
  if (rejects) {
    rejects->finish();
  }
  if (to.summary != nullptr) {
    write_summary_json(summary, *to.summary);
  }
  if (inputs.size() > 1) {
    log << "fbkit import: total " << summary.read << " read, " << summary.written << " written, " << summary.rejected
        << " rejected\n";
  }
  return summary;
}

}  // namespace fbkit::import

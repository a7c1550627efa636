#include "import/import.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "csv/writer.hpp"
#include "import/convert.hpp"
#include "import/profile.hpp"
#include "text/unicode.hpp"
#include "values/parse.hpp"

namespace fbkit::import {

namespace {

// How one input file's columns land in the output.
struct FileMapping {
  std::string path;
  std::string stem;  // for generated feedback ids
  std::unique_ptr<RowSource> rows;
  const Profile* profile = nullptr;
  std::string chosen_because;
  std::vector<std::string> names;    // source header names, cleaned
  std::vector<std::string> targets;  // canonical target, or "" (kept as extra under names[i]), or "-" (dropped)
  std::vector<std::string> how;      // for --explain-mapping
  std::vector<int> out_index;        // output column per source column, -1 = dropped
  std::vector<std::unique_ptr<ColumnConverter>> converters;  // per source column, for canonical targets
  std::vector<bool> required;                                // per source column
  std::vector<int> required_out;                             // output columns of the profile's required ones
  std::vector<std::pair<int, std::string>> constants;        // output column, value
};

std::string stem_of(const std::string& path) {
  if (path == "-") {
    return "stdin";
  }
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  const auto dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) {
    return "";
  }
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// Blank header names become column_<n>; repeated ones get _2, _3 ...
std::vector<std::string> clean_names(const std::vector<std::string>& header, std::vector<std::string>& notes) {
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  // Per repeated name, the suffix to try next: names are only added, so the
  // smallest free one is never below it (without it, n copies took n^2 tries).
  std::unordered_map<std::string, int> next_suffix;
  seen.reserve(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string n = trimmed(header[i]);
    if (n.empty()) {
      n = "column_" + std::to_string(i + 1);
      notes.push_back("column " + std::to_string(i + 1) + " has no header name; called it " + n);
    }
    if (seen.count(n) != 0) {
      std::string base = n;
      int& k = next_suffix.try_emplace(base, 2).first->second;
      while (seen.count(base + "_" + std::to_string(k)) != 0) {
        ++k;
      }
      n = base + "_" + std::to_string(k);
      notes.push_back("header name " + quote_value(base) + " appears twice; the later column is kept as " + excerpt(n));
    }
    seen.insert(n);
    names.push_back(n);
  }
  return names;
}

bool is_canonical_name(const std::string& name) {
  return schema::find(name) != nullptr || schema::is_score(name) || schema::is_text(name);
}

// The number of header names a profile recognizes by its own aliases; names
// that are canonical already say nothing about which profile fits.
int coverage(const Profile& p, const std::vector<std::string>& normalized) {
  int n = 0;
  for (const std::string& h : normalized) {
    n += !is_canonical_name(h) && p.target_of(h).has_value() ? 1 : 0;
  }
  return n;
}

void map_columns(FileMapping& fm) {
  const Profile& p = *fm.profile;
  std::set<std::string> taken;
  for (const std::string& name : fm.names) {
    const std::string key = text::normalize_key(name);
    std::string target;
    std::string how;
    if (auto t = p.target_of(key)) {
      target = *t;
      how = "alias in profile " + p.name;
    } else if (is_canonical_name(key)) {
      target = key;
      how = "canonical name";
    } else if (p.drops(key)) {
      target = "-";
      how = "dropped by profile " + p.name;
    } else if (!p.keep_unmapped) {
      target = "-";
      how = "dropped (profile keeps only mapped columns)";
    }
    if (!target.empty() && target != "-" && taken.count(target) != 0) {
      how = "kept as extra: " + target + " is already filled by an earlier column";
      target.clear();
    }
    if (target.empty() && how.empty()) {
      how = "kept as extra column";
    }
    if (!target.empty() && target != "-") {
      taken.insert(target);
    }
    fm.targets.push_back(target);
    fm.how.push_back(how);
  }
}

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

// The mapping of one input, for --explain-mapping.
void explain(const FileMapping& fm, const std::vector<std::string>& out_columns, std::ostream& out) {
  out << fm.path << ": profile " << fm.profile->name << " (" << fm.chosen_because << "), read as "
      << fm.rows->describe() << "\n";
  std::size_t width = 6;
  for (const std::string& n : fm.names) {
    width = std::max(width, text::display_width(n));
  }
  for (std::size_t i = 0; i < fm.names.size(); ++i) {
    const std::string target = fm.targets[i] == "-" ? "(dropped)" : fm.targets[i].empty() ? fm.names[i] : fm.targets[i];
    out << "  " << fm.names[i] << std::string(width - text::display_width(fm.names[i]) + 2, ' ') << "-> " << target
        << "  [" << fm.how[i] << "]\n";
  }
  for (const auto& [col, value] : fm.constants) {
    out << "  (constant)" << std::string(width > 10 ? width - 8 : 2, ' ') << "-> " << out_columns[col] << " = " << value
        << "\n";
  }
  std::string empty;
  for (const schema::Column& c : schema::columns()) {
    const bool present = std::find(fm.targets.begin(), fm.targets.end(), c.name) != fm.targets.end() ||
                         std::any_of(fm.constants.begin(), fm.constants.end(),
                                     [&](const auto& k) { return out_columns[k.first] == c.name; });
    if (!present && c.name != "feedback_id") {
      empty += (empty.empty() ? "" : ", ") + std::string(c.name);
    }
  }
  out << "  canonical columns left empty: " << (empty.empty() ? "none" : empty) << "\n";
}

void write_summary_json(const Summary& s, ByteSink& to) {
  nlohmann::ordered_json j;
  j["command"] = "import";
  j["read"] = s.read;
  j["written"] = s.written;
  j["rejected"] = s.rejected;
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
    fj["replaced_bytes"] = f.replaced_bytes;
    j["files"].push_back(fj);
  }
  const std::string text = j.dump(2) + "\n";
  to.write(text.data(), text.size());
  to.commit();
}

// The profiles a run chooses from.
struct Profiles {
  std::vector<Profile> all;
  std::optional<Profile> forced;
  const Profile* canonical = nullptr;
};

// Opens one input, reads its header and maps its columns by the profile that
// fits it (or the forced one).
FileMapping open_mapping(const std::string& path, const Options& options, const Io& io, const Profiles& profiles) {
  FileMapping fm;
  fm.path = input_name(path);
  fm.stem = stem_of(path);
  fm.rows = io.open ? open_source(io.open(path), path, options.source) : open_source(path, options.source);
  fm.names = clean_names(fm.rows->header(), fm.rows->notes);
  std::vector<std::string> normalized;
  for (const std::string& n : fm.names) {
    normalized.push_back(text::normalize_key(n));
  }
  if (profiles.forced) {
    fm.profile = &*profiles.forced;
    fm.chosen_because = "--profile";
  } else {
    // Canonical names count for the canonical profile.
    int best = static_cast<int>(std::count_if(normalized.begin(), normalized.end(), is_canonical_name));
    fm.profile = best > 0 ? profiles.canonical : nullptr;
    for (const Profile& p : profiles.all) {
      const int c = coverage(p, normalized);
      if (c > best) {
        best = c;
        fm.profile = &p;
      }
    }
    if (fm.profile == nullptr) {
      if (profiles.canonical == nullptr) {
        throw ConfigError("no import profile recognizes the header of " + fm.path +
                          " and there is no 'canonical' profile");
      }
      fm.profile = profiles.canonical;
      fm.chosen_because = "no profile recognizes its header; every column is kept as an extra column";
    } else {
      fm.chosen_because = std::to_string(best) + " of " + std::to_string(fm.names.size()) + " columns recognized";
    }
  }
  map_columns(fm);
  return fm;
}

// The output columns: canonical ones in canonical order, then the extra ones
// in order of appearance, then provenance. Collected file by file.
// (A set beside each list: a search of the list per column was quadratic in
// the columns, 3.5 s for 40,000.)
class ColumnUnion {
public:
  void add(const FileMapping& fm) {
    m_extra_seen.reserve(m_extra_seen.size() + fm.names.size());
    for (std::size_t i = 0; i < fm.names.size(); ++i) {
      const std::string& t = fm.targets[i];
      if (t == "-") {
        continue;
      }
      const std::string& name = t.empty() ? fm.names[i] : t;
      if ((t.empty() ? m_extra_seen : m_canon_seen).insert(name).second) {
        (t.empty() ? m_extra : m_canon).push_back(name);
      }
    }
    for (const auto& [col, value] : fm.profile->constants) {
      if (m_canon_seen.insert(col).second) {
        m_canon.push_back(col);
      }
    }
  }

  std::vector<std::string> columns() const {
    std::vector<std::string> out = m_canon;
    std::stable_sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
      return schema::canonical_rank(a) < schema::canonical_rank(b);
    });
    for (const std::string& e : m_extra) {
      // An extra column named like a provenance column is renamed, not merged.
      out.push_back(e == schema::kSourceFile || e == schema::kSourceLine ? e + "_original" : e);
    }
    out.emplace_back(schema::kSourceFile);
    out.emplace_back(schema::kSourceLine);
    return out;
  }

private:
  std::vector<std::string> m_canon = {"feedback_id"};
  std::vector<std::string> m_extra;
  std::unordered_set<std::string> m_canon_seen = {"feedback_id"};
  std::unordered_set<std::string> m_extra_seen;
};

// Where each source column of `fm` goes in the output, and its converters.
// DataError if a column is not in the output (the file changed since its
// header was first read).
// `latest`: a received_at or resolved_at after it is a bogus future date (kept and counted).
void place_columns(FileMapping& fm, const std::unordered_map<std::string, int>& column_index,
                   const std::string& latest) {
  auto index_of = [&](const std::string& name) {
    const auto it = column_index.find(name);
    if (it == column_index.end()) {
      throw DataError(fm.path + ": its header changed while it was imported (column '" + name + "')");
    }
    return it->second;
  };
  for (std::size_t i = 0; i < fm.names.size(); ++i) {
    const std::string& t = fm.targets[i];
    fm.out_index.push_back(t == "-" ? -1 : index_of(t.empty() ? fm.names[i] : t));
    if (t.empty() && (fm.names[i] == schema::kSourceFile || fm.names[i] == schema::kSourceLine)) {
      fm.out_index.back() = index_of(fm.names[i] + "_original");
    }
  }
  for (const auto& [col, value] : fm.profile->constants) {
    fm.constants.emplace_back(index_of(col), value);
  }
  for (const std::string& t : fm.targets) {
    const bool maps = !t.empty() && t != "-";
    fm.converters.push_back(maps ? std::make_unique<ColumnConverter>(*fm.profile, t, latest) : nullptr);
    fm.required.push_back(maps && std::find(fm.profile->required.begin(), fm.profile->required.end(), t) !=
                                      fm.profile->required.end());
  }
  for (const std::string& r : fm.profile->required) {
    const auto it = column_index.find(r);
    fm.required_out.push_back(it != column_index.end() ? it->second : -1);
  }
}

}  // namespace

Summary run(const Options& options, const Outputs& to, std::ostream& log, std::ostream& out, const Io& io) {
  const config::Store store(options.config_dir);
  Profiles profiles;
  if (options.profile) {
    profiles.forced = find_profile(store, *options.profile);
  } else {
    profiles.all = io.profiles != nullptr ? *io.profiles : load_profiles(store);
  }
  if (options.date_order) {
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

  // Map every input's header, one file open at a time: the output header is
  // their union, and an unreadable input fails the run before any output.
  // The first input and standard input stay open for the rows (standard input
  // cannot be read twice); the others are opened again, so that memory and
  // open files do not grow with the number of inputs.
  const std::vector<std::string> inputs = input_paths(options.inputs);
  std::map<std::size_t, FileMapping> kept;
  ColumnUnion column_union;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    FileMapping fm = open_mapping(inputs[i], options, io, profiles);
    column_union.add(fm);
    if (i == 0 || inputs[i] == "-") {
      kept.emplace(i, std::move(fm));
    }
  }
  const std::vector<std::string> columns = column_union.columns();
  std::unordered_map<std::string, int> column_index;
  column_index.reserve(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    column_index.try_emplace(columns[i], static_cast<int>(i));
  }

  std::unique_ptr<csv::Writer> writer;
  std::unique_ptr<csv::Writer> rejects;
  if (!options.explain_mapping) {
    writer = std::make_unique<csv::Writer>(*to.data, csv::WriterOptions{',', options.bom, options.excel_safe});
    writer->record(columns);
    if (to.rejects != nullptr) {
      rejects = std::make_unique<csv::Writer>(*to.rejects, csv::WriterOptions{',', options.bom, options.excel_safe});
      rejects->record(std::vector<std::string>{"source_file", "source_line", "reason", "detail", "raw"});
    }
  }

  Summary summary;
  // A received_at or resolved_at after this is a bogus future date: kept and counted.
  const std::string latest = values::local_now_iso(values::kFutureMarginSeconds);
  const int id_col = column_index.at("feedback_id");
  const int file_col = column_index.at(std::string(schema::kSourceFile));
  const int line_col = column_index.at(std::string(schema::kSourceLine));
  std::vector<std::string> row_out(columns.size());
  Row row;
  for (std::size_t input = 0; input < inputs.size(); ++input) {
    const auto held = kept.find(input);
    FileMapping fm = held != kept.end() ? std::move(held->second) : open_mapping(inputs[input], options, io, profiles);
    if (held != kept.end()) {
      kept.erase(held);
    }
    place_columns(fm, column_index, latest);
    if (options.explain_mapping) {
      explain(fm, columns, out);
      continue;
    }
    FileSummary fs;
    fs.path = fm.path;
    fs.read_as = fm.rows->describe();
    fs.profile = fm.profile->name;
    for (const std::string& note : fm.rows->notes) {
      log << "fbkit import: " << fm.path << ": " << note << "\n";
    }
    if (!options.profile) {
      log << "fbkit import: " << fm.path << ": profile " << excerpt(fm.profile->name) << " (" << fm.chosen_because
          << ")\n";
    }
    std::int64_t structural = 0;
    std::int64_t damaged_lines = 0;
    std::int64_t first_damaged = 0;
    std::optional<text::DamagedLine> damaged_outside;  // the first not in a record (the header, a blank line)
    auto take_damaged = [&](std::int64_t first, std::int64_t last) {
      std::optional<text::DamagedLine> in_record;
      while (auto d = fm.rows->take_damaged(last)) {
        first_damaged = damaged_lines++ == 0 ? d->line : first_damaged;
        if (d->line < first) {
          damaged_outside = damaged_outside ? damaged_outside : d;
        } else if (!in_record) {
          in_record = d;
        }
      }
      return in_record;
    };
    auto reject = [&](const std::string& reason, const std::string& detail) {
      ++fs.rejected;
      ++fs.rejected_by_reason[reason];
      if (rejects) {
        rejects->record(
            std::vector<std::string>{fm.path, std::to_string(row.line), reason, detail, encode_raw(row.fields)});
      }
    };
    while (fm.rows->next(row)) {
      ++fs.read;
      const std::optional<text::DamagedLine> damaged = take_damaged(row.line, row.end_line);
      if (damaged && row.problem.empty()) {
        reject("invalid_bytes", fm.path + ":" + std::to_string(damaged->line) + ": invalid utf-8 byte sequence " +
                                    damaged->bytes +
                                    " (the rest is UTF-8; --on-bad-bytes replace keeps it with U+FFFD)");
        continue;
      }
      if (!row.problem.empty()) {
        reject(row.problem, row.message);
        if (options.max_errors > 0 && ++structural > options.max_errors) {
          throw DataError(fm.path + ": more than " + std::to_string(options.max_errors) +
                          " malformed records (the last: " + row.message +
                          "); wrong --delimiter or --encoding? (--max-errors 0 lifts the limit)");
        }
        continue;
      }
      if (std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) { return trimmed(f).empty(); })) {
        reject("empty_record", fm.path + ":" + std::to_string(row.line) + ": every field is empty");
        continue;
      }
      std::fill(row_out.begin(), row_out.end(), std::string());
      std::string required_problem;
      for (std::size_t i = 0; i < row.fields.size(); ++i) {
        const int j = fm.out_index[i];
        if (j < 0) {
          continue;
        }
        const std::string& target = fm.targets[i];
        if (target.empty()) {
          row_out[j] = row.fields[i];
          continue;
        }
        const Converted& c = fm.converters[i]->convert(row.fields[i]);
        if (!c.problem.empty()) {
          if (fm.required[i] && !c.kept_raw) {
            required_problem = target + ": " + c.problem + " (" + quote_value(row.fields[i]) + ")";
          }
          const char* fate = c.future     ? " (more than a day after now; kept, not used to choose report's period)"
                             : c.kept_raw ? " (kept for clean to flag)"
                                          : " (left empty)";
          ++fs.value_problems[target + ": " + c.problem + fate];
        }
        row_out[j] = c.value;
      }
      for (const auto& [col, value] : fm.constants) {
        if (row_out[col].empty()) {
          row_out[col] = value;
        }
      }
      if (required_problem.empty()) {
        for (std::size_t k = 0; k < fm.required_out.size(); ++k) {
          if (fm.required_out[k] < 0 || row_out[fm.required_out[k]].empty()) {
            required_problem = fm.profile->required[k] + ": required value is missing";
            break;
          }
        }
      }
      if (!required_problem.empty()) {
        reject("required_value", fm.path + ":" + std::to_string(row.line) + ": " + required_problem);
        continue;
      }
      if (row_out[id_col].empty()) {
        row_out[id_col] = fm.stem + "-" + std::to_string(row.line);
      }
      row_out[file_col] = fm.path;
      row_out[line_col] = std::to_string(row.line);
      writer->record(row_out);
      ++fs.written;
    }
    take_damaged(std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max());
    if (damaged_lines > 0) {
      const std::int64_t rejected =
          fs.rejected_by_reason.count("invalid_bytes") ? fs.rejected_by_reason["invalid_bytes"] : 0;
      log << "fbkit: warning: " << fm.path << ": " << damaged_lines << (damaged_lines == 1 ? " line is" : " lines are")
          << " UTF-8 but for invalid bytes (first: line " << first_damaged << ")";
      if (rejected > 0) {
        log << "; " << rejected << (rejected == 1 ? " record" : " records") << " rejected (invalid_bytes)";
      }
      if (damaged_outside) {
        log << "; line " << damaged_outside->line << " is in no record and reads them as U+FFFD";
      }
      log << "\n";
    }
    fs.replaced_bytes = fm.rows->replaced_bytes();
    fs.read_as = fm.rows->describe();  // again: lines past the sample may have changed it
    if (const std::string w = fm.rows->encoding_warning(); !w.empty()) {
      log << "fbkit: warning: " << fm.path << ": " << w << "\n";
    }
    log << "fbkit import: " << fm.path << ": " << fs.read << " read, " << fs.written << " written, " << fs.rejected
        << " rejected";
    std::string sep = " (";
    for (const auto& [reason, n] : fs.rejected_by_reason) {
      log << sep << reason << " " << n;
      sep = ", ";
    }
    log << (fs.rejected_by_reason.empty() ? "" : ")");
    if (fs.replaced_bytes > 0) {
      log << "; " << fs.replaced_bytes << " invalid byte sequences replaced";
    }
    log << "\n";
    for (const auto& [problem, n] : fs.value_problems) {
      log << "fbkit import: " << fm.path << ": " << problem << ": " << n << (n == 1 ? " value" : " values") << "\n";
    }
    summary.read += fs.read;
    summary.written += fs.written;
    summary.rejected += fs.rejected;
    if (to.summary != nullptr) {
      summary.files.push_back(std::move(fs));  // kept only for the JSON: memory would grow with the inputs
    }
  }
  if (options.explain_mapping) {
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

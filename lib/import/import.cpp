#include "import/import.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <sstream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
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
  std::vector<bool> required;        // per source column
  std::vector<std::pair<int, std::string>> constants;  // output column, value
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
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string n = trimmed(header[i]);
    if (n.empty()) {
      n = "column_" + std::to_string(i + 1);
      notes.push_back("column " + std::to_string(i + 1) + " has no header name; called it " + n);
    }
    if (seen.count(n) != 0) {
      std::string base = n;
      int k = 2;
      while (seen.count(base + "_" + std::to_string(k)) != 0) {
        ++k;
      }
      n = base + "_" + std::to_string(k);
      notes.push_back("header name '" + base + "' appears twice; the later column is kept as " + n);
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

void explain(const std::vector<FileMapping>& files, const std::vector<std::string>& out_columns, std::ostream& out) {
  for (const FileMapping& fm : files) {
    out << fm.path << ": profile " << fm.profile->name << " (" << fm.chosen_because << "), read as "
        << fm.rows->describe() << "\n";
    std::size_t width = 6;
    for (const std::string& n : fm.names) {
      width = std::max(width, text::display_width(n));
    }
    for (std::size_t i = 0; i < fm.names.size(); ++i) {
      const std::string target = fm.targets[i] == "-" ? "(dropped)" : fm.targets[i].empty() ? fm.names[i] : fm.targets[i];
      out << "  " << fm.names[i] << std::string(width - text::display_width(fm.names[i]) + 2, ' ') << "-> "
          << target << "  [" << fm.how[i] << "]\n";
    }
    for (const auto& [col, value] : fm.constants) {
      out << "  (constant)" << std::string(width > 10 ? width - 8 : 2, ' ') << "-> " << out_columns[col] << " = "
          << value << "\n";
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

}  // namespace

Summary run(const Options& options, const Outputs& to, std::ostream& log, std::ostream& out) {
  const config::Store store(options.config_dir);
  std::vector<Profile> profiles;
  std::optional<Profile> forced;
  if (options.profile) {
    forced = find_profile(store, *options.profile);
  } else {
    profiles = load_profiles(store);
  }
  if (options.date_order) {
    for (Profile& p : profiles) {
      p.date_order = *options.date_order;
    }
    if (forced) {
      forced->date_order = *options.date_order;
    }
  }
  const Profile* canonical = nullptr;
  for (const Profile& p : profiles) {
    if (p.name == "canonical") {
      canonical = &p;
    }
  }

  // Open every input and map its header; the output header is their union.
  std::vector<FileMapping> files;
  const std::vector<std::string> inputs = options.inputs.empty() ? std::vector<std::string>{"-"} : options.inputs;
  for (const std::string& path : inputs) {
    FileMapping fm;
    fm.path = path == "-" ? "<stdin>" : path;
    fm.stem = stem_of(path);
    fm.rows = open_source(path, options.source);
    fm.names = clean_names(fm.rows->header(), fm.rows->notes);
    std::vector<std::string> normalized;
    for (const std::string& n : fm.names) {
      normalized.push_back(text::normalize_key(n));
    }
    if (forced) {
      fm.profile = &*forced;
      fm.chosen_because = "--profile";
    } else {
      // Canonical names count for the canonical profile.
      int best = static_cast<int>(std::count_if(normalized.begin(), normalized.end(), is_canonical_name));
      fm.profile = best > 0 ? canonical : nullptr;
      for (const Profile& p : profiles) {
        const int c = coverage(p, normalized);
        if (c > best) {
          best = c;
          fm.profile = &p;
        }
      }
      if (fm.profile == nullptr) {
        if (canonical == nullptr) {
          throw ConfigError("no import profile recognizes the header of " + fm.path + " and there is no 'canonical' profile");
        }
        fm.profile = canonical;
        fm.chosen_because = "no profile recognizes its header; every column is kept as an extra column";
      } else {
        fm.chosen_because = std::to_string(best) + " of " + std::to_string(fm.names.size()) + " columns recognized";
      }
    }
    map_columns(fm);
    files.push_back(std::move(fm));
  }

  // The union of columns: canonical ones in canonical order, then the extra
  // ones in order of appearance, then provenance.
  std::vector<std::string> canon_cols = {"feedback_id"};
  std::vector<std::string> extra_cols;
  for (const FileMapping& fm : files) {
    for (std::size_t i = 0; i < fm.names.size(); ++i) {
      const std::string& t = fm.targets[i];
      if (t == "-") {
        continue;
      }
      std::vector<std::string>& into = t.empty() ? extra_cols : canon_cols;
      const std::string name = t.empty() ? fm.names[i] : t;
      if (std::find(into.begin(), into.end(), name) == into.end()) {
        into.push_back(name);
      }
    }
    for (const auto& [col, value] : fm.profile->constants) {
      if (std::find(canon_cols.begin(), canon_cols.end(), col) == canon_cols.end()) {
        canon_cols.push_back(col);
      }
    }
  }
  std::stable_sort(canon_cols.begin(), canon_cols.end(), [](const std::string& a, const std::string& b) {
    return schema::canonical_rank(a) < schema::canonical_rank(b);
  });
  std::vector<std::string> columns = canon_cols;
  for (const std::string& e : extra_cols) {
    // An extra column named like a provenance column is renamed, not merged.
    columns.push_back(e == schema::kSourceFile || e == schema::kSourceLine ? e + "_original" : e);
  }
  columns.emplace_back(schema::kSourceFile);
  columns.emplace_back(schema::kSourceLine);
  auto index_of = [&](const std::string& name) {
    return static_cast<int>(std::find(columns.begin(), columns.end(), name) - columns.begin());
  };
  for (FileMapping& fm : files) {
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
      fm.converters.push_back(maps ? std::make_unique<ColumnConverter>(*fm.profile, t) : nullptr);
      fm.required.push_back(maps && std::find(fm.profile->required.begin(), fm.profile->required.end(), t) !=
                                             fm.profile->required.end());
    }
  }

  if (options.explain_mapping) {
    explain(files, columns, out);
    return Summary{};
  }

  csv::Writer writer(*to.data, csv::WriterOptions{',', options.bom, options.excel_safe});
  writer.record(columns);
  std::unique_ptr<csv::Writer> rejects;
  if (to.rejects != nullptr) {
    rejects = std::make_unique<csv::Writer>(*to.rejects, csv::WriterOptions{',', options.bom, options.excel_safe});
    rejects->record(std::vector<std::string>{"source_file", "source_line", "reason", "detail", "raw"});
  }

  Summary summary;
  const int id_col = index_of("feedback_id");
  const int file_col = index_of(std::string(schema::kSourceFile));
  const int line_col = index_of(std::string(schema::kSourceLine));
  std::vector<std::string> row_out(columns.size());
  Row row;
  for (FileMapping& fm : files) {
    FileSummary fs;
    fs.path = fm.path;
    fs.read_as = fm.rows->describe();
    fs.profile = fm.profile->name;
    for (const std::string& note : fm.rows->notes) {
      log << "fbkit import: " << fm.path << ": " << note << "\n";
    }
    if (!options.profile) {
      log << "fbkit import: " << fm.path << ": profile " << fm.profile->name << " (" << fm.chosen_because << ")\n";
    }
    std::int64_t structural = 0;
    auto reject = [&](const std::string& reason, const std::string& detail) {
      ++fs.rejected;
      ++fs.rejected_by_reason[reason];
      if (rejects) {
        rejects->record(std::vector<std::string>{fm.path, std::to_string(row.line), reason, detail, encode_raw(row.fields)});
      }
    };
    while (fm.rows->next(row)) {
      ++fs.read;
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
            required_problem = target + ": " + c.problem + " ('" + row.fields[i] + "')";
          }
          ++fs.value_problems[target + ": " + c.problem + (c.kept_raw ? " (kept for clean to flag)" : " (left empty)")];
        }
        row_out[j] = c.value;
      }
      for (const auto& [col, value] : fm.constants) {
        if (row_out[col].empty()) {
          row_out[col] = value;
        }
      }
      if (required_problem.empty()) {
        for (const std::string& r : fm.profile->required) {
          if (row_out[index_of(r)].empty()) {
            required_problem = r + ": required value is missing";
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
      writer.record(row_out);
      ++fs.written;
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
    summary.files.push_back(std::move(fs));
    fm.rows.reset();  // close the file
  }
  writer.finish();
  if (rejects) {
    rejects->finish();
  }
  if (to.summary != nullptr) {
    write_summary_json(summary, *to.summary);
  }
  if (files.size() > 1) {
    log << "fbkit import: total " << summary.read << " read, " << summary.written << " written, " << summary.rejected
        << " rejected\n";
  }
  return summary;
}

}  // namespace fbkit::import

#include "import/mapping.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/schema.hpp"
#include "core/strings.hpp"
#include "import/header.hpp"
#include "import/infer.hpp"
#include "text/unicode.hpp"
#include "values/parse.hpp"

namespace fbkit::import {

namespace {

std::string stem_of(const std::string& path) {
  if (path == "-") {
    return "stdin";
  }
  std::string base = path.substr(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
  const auto dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

// One repeated header name: the suffix to try next (names are only added, so the smallest
// free one is never below it: without it, n copies took n^2 tries), its note's place among
// the notes, its copies and their names.
struct Repeated {
  int next = 2;
  std::size_t note = 0;
  std::size_t copies = 0;  // columns after the first
  std::string first, last;
};

// "appears twice" for one copy; a name a Jira export repeats 29 times (Comment) is one
// note saying so, not 28 notes saying "twice".
std::string repeated_note(const std::string& base, const Repeated& r) {
  if (r.copies == 1) {
    return "header name " + quote_value(base) + " appears twice; the later column is kept as " + excerpt(r.first);
  }
  return "header name " + quote_value(base) + " appears " + std::to_string(r.copies + 1) +
         " times; the later columns are kept as " + excerpt(r.first) + (r.copies == 2 ? " and " : " ... ") +
         excerpt(r.last);
}

}  // namespace

// Blank header names become column_<n>; repeated ones get _2, _3 ...
std::vector<std::string> clean_names(const std::vector<std::string>& header, std::vector<std::string>& notes) {
  std::vector<std::string> names;
  std::unordered_set<std::string> seen;
  std::unordered_map<std::string, Repeated> repeated;
  seen.reserve(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) {
    std::string n = trimmed(header[i]);
    if (n.empty()) {
      n = "column_" + std::to_string(i + 1);
      notes.push_back("column " + std::to_string(i + 1) + " has no header name; called it " + n);
    }
    if (seen.count(n) != 0) {
      const std::string base = n;
      const auto [it, added] = repeated.try_emplace(base);
      Repeated& r = it->second;
      while (seen.count(base + "_" + std::to_string(r.next)) != 0) {
        ++r.next;
      }
      n = base + "_" + std::to_string(r.next);
      if (added) {  // its note's place, written when all its copies are known
        r.note = notes.size();
        r.first = n;
        notes.emplace_back();
      }
      ++r.copies;
      r.last = n;
    }
    seen.insert(n);
    names.push_back(n);
  }
  for (const auto& [base, r] : repeated) {  // each writes its own place: the order is the notes'
    notes[r.note] = repeated_note(base, r);
  }
  return names;
}

namespace {

bool is_canonical_name(const std::string& name) {
  return schema::find(name) != nullptr || schema::is_score(name) || schema::is_text(name);
}

// Header names that many exports share and that say nothing about which one
// a file is: a profile recognizing only such names, or only by wording
// patterns ("*satisf*"), does not fit.
bool is_generic_name(const std::string& normalized) {
  static const std::set<std::string, std::less<>> kGeneric = {
      "id",    "no",    "number",  "status",  "state",    "date",   "time",  "name",     "type",
      "email", "title", "created", "updated", "priority", "source", "group", "category", "label",
      "tags",  "序号",  "编号",    "状态",    "时间",     "日期",   "名称",  "类型",     "标题"};
  return kGeneric.count(normalized) != 0;
}

// Whether a profile names a header by a name or a prefix ("responseid - *"),
// not by its wording ("*satisf*").
bool named_by_name(const Profile& p, const std::string& normalized) {
  return std::any_of(p.columns.begin(), p.columns.end(), [&](const ColumnRule& rule) {
    return std::any_of(rule.headers.begin(), rule.headers.end(), [&](const HeaderPattern& h) {
      return (!h.glob || h.text.rfind('*', 0) != 0) && h.matches(normalized);
    });
  });
}

// How well a profile fits a header: the names it recognizes by its own
// aliases or keeps as its platform's own (canonical names say nothing about
// which profile fits), and how many of them are not generic.
struct Fit {
  int mapped = 0;
  int specific = 0;
  bool operator==(const Fit& o) const { return mapped == o.mapped && specific == o.specific; }
  bool operator>(const Fit& o) const { return mapped != o.mapped ? mapped > o.mapped : specific > o.specific; }
};

Fit fit_of(const Profile& p, const std::vector<std::string>& normalized) {
  Fit f;
  for (const std::string& h : normalized) {
    if (!is_canonical_name(h) && p.target_of(h).has_value()) {
      ++f.mapped;
      f.specific += is_generic_name(h) || !named_by_name(p, h) ? 0 : 1;
    } else if (!is_canonical_name(h) && p.keeps(h)) {
      ++f.mapped;
      f.specific += is_generic_name(h) ? 0 : 1;
    }
  }
  return f;
}

}  // namespace

// Chooses the profile of a header: the one that recognizes most names (the
// canonical one when canonical names are as many), none on generic names
// alone; a tie is said in `because`.
const Profile* choose_profile(const Profiles& profiles, const std::vector<std::string>& normalized,
                              std::string& because, int* recognized) {
  // Canonical names count for the canonical profile.
  Fit best;
  best.mapped = static_cast<int>(std::count_if(normalized.begin(), normalized.end(), is_canonical_name));
  best.specific = best.mapped;
  const Profile* chosen = best.mapped > 0 ? profiles.canonical : nullptr;
  std::vector<const Profile*> tied;
  for (const Profile& p : profiles.all) {
    const Fit f = fit_of(p, normalized);
    if (f.specific == 0 || &p == profiles.canonical) {
      continue;
    }
    if (f > best || chosen == nullptr) {
      best = f;
      chosen = &p;
      tied.clear();
    } else if (f == best) {
      tied.push_back(&p);
    }
  }
  if (chosen != nullptr) {
    because = std::to_string(best.mapped) + " of " + std::to_string(normalized.size()) + " columns recognized";
    for (const Profile* t : tied) {
      because += "; profile " + t->name + " recognizes as many (--profile chooses)";
    }
  }
  if (recognized != nullptr) {
    *recognized = chosen != nullptr ? best.mapped : 0;
  }
  return chosen;
}

namespace {

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
    } else if (!p.keep_unmapped && !p.keeps(key)) {
      target = "-";
      how = "dropped (profile keeps only mapped columns)";
    }
    if (!target.empty() && target != "-" && taken.count(target) != 0) {
      how = "kept as extra: " + target + " is already filled by an earlier column";
      target.clear();
    }
    if (target.empty() && how.empty()) {
      how = kKeptAsExtra;
    }
    if (!target.empty() && target != "-") {
      taken.insert(target);
    }
    fm.targets.push_back(target);
    fm.how.push_back(how);
  }
  find_fallbacks(fm);
}

}  // namespace

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) {
    return "";
  }
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
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
    if (!fills(fm, std::string(c.name)) && c.name != "feedback_id") {
      empty += (empty.empty() ? "" : ", ") + std::string(c.name);
    }
  }
  out << "  canonical columns left empty: " << (empty.empty() ? "none" : empty) << "\n";
}

// No profile recognizes the header of `fm`: its key columns by their values;
// or only the canonical one, by a few canonical names (a crawl's `text`): its
// received time, from a column named as one.
static void infer(FileMapping& fm, bool by_canonical_names) {
  const std::vector<Inferred> found =
      infer_columns(fm.names, fm.targets, fm.rows->sample(), *fm.profile, by_canonical_names);
  for (const Inferred& i : found) {
    fm.targets[i.column] = i.target;
    fm.how[i.column] = "inferred from values: " + i.why;
    fm.rows->notes.push_back(i.target + " <- " + quote_value(fm.names[i.column]) + " (inferred from values)");
  }
  if (!found.empty()) {
    const std::string n = std::to_string(found.size()) + (found.size() == 1 ? " column" : " columns");
    fm.chosen_because = by_canonical_names ? fm.chosen_because + "; " + n + " inferred from their values"
                                           : "no profile recognizes its header; " + n +
                                                 " inferred from their values, the others kept as extra columns";
  }
}

// The order a/b/yyyy dates show in the rows read ahead of the file's date
// columns: 23/01/2025 can only be day/month/year, 01/23/2025 only
// month/day/year. nullopt when they show neither, or both.
static std::optional<values::DateOrder> order_shown(const FileMapping& fm, std::string& example) {
  bool dmy = false;
  bool mdy = false;
  const std::vector<std::vector<std::string>> sample = fm.rows->sample();
  for (std::size_t c = 0; c < fm.targets.size(); ++c) {
    const schema::Column* col = schema::find(fm.targets[c]);
    if (col == nullptr || col->type != schema::Type::datetime) {
      continue;
    }
    for (const std::vector<std::string>& row : sample) {
      if (c >= row.size()) {
        continue;
      }
      const bool as_dmy = values::parse_datetime(row[c], values::DateOrder::dmy, false).value.has_value();
      const bool as_mdy = values::parse_datetime(row[c], values::DateOrder::mdy, false).value.has_value();
      if (as_dmy != as_mdy && example.empty()) {
        example = row[c];
      }
      dmy = dmy || (as_dmy && !as_mdy);
      mdy = mdy || (as_mdy && !as_dmy);
    }
  }
  if (dmy == mdy) {
    return std::nullopt;
  }
  return dmy ? values::DateOrder::dmy : values::DateOrder::mdy;
}

// A profile that leaves the order of a/b/yyyy dates open (ymd, no
// --date-order) reads a file in the order its dates show, said on stderr:
// `31.10.2025` is not ambiguous, and neither is the 08/01/2025 beside it.
static void take_date_order(FileMapping& fm) {
  if (fm.profile->date_order != values::DateOrder::ymd) {
    return;
  }
  std::string example;
  const std::optional<values::DateOrder> order = order_shown(fm, example);
  if (!order) {
    return;
  }
  auto own = std::make_shared<Profile>(*fm.profile);
  own->date_order = *order;
  fm.profile = own.get();
  fm.own_profile = std::move(own);
  fm.rows->notes.push_back(std::string("dates read as ") +
                           (*order == values::DateOrder::dmy ? "day/month/year" : "month/day/year") + " (" +
                           quote_value(example) + " in the rows read ahead)");
}

// Opens one input, reads its header and maps its columns by the profile that
// fits it (or the forced one).
FileMapping open_mapping(const std::string& path, const Options& options, const Io& io, const Profiles& profiles) {
  FileMapping fm;
  fm.path = input_name(path);
  fm.stem = stem_of(path);
  fm.rows = open_rows(path, fm.path, options, options.source, io);
  fm.names = clean_names(fm.rows->header(), fm.rows->notes);
  if (profiles.forced) {
    fm.profile = &*profiles.forced;
    fm.chosen_because = "--profile";
  } else if (const auto named = profiles.per_input.find(path); named != profiles.per_input.end()) {
    fm.profile = &named->second;
    fm.chosen_because = "named for this file";
  } else {
    fm.profile = choose_profile(profiles, normalized_names(fm.names), fm.chosen_because);
    if (fm.profile == nullptr && options.source.sheet.empty()) {
      fm.profile = read_other_sheet(fm, path, options, io, profiles);
    }
    const bool by_names = fm.profile != nullptr;
    if (fm.profile == nullptr) {
      if (profiles.canonical == nullptr) {
        throw ConfigError("no import profile recognizes the header of " + fm.path +
                          " and there is no 'canonical' profile");
      }
      fm.profile = profiles.canonical;
      fm.chosen_because = "no profile recognizes its header; every column is kept as an extra column";
    }
    if (fm.profile == profiles.canonical) {
      map_columns(fm);
      infer(fm, by_names);
      take_date_order(fm);
      return fm;
    }
  }
  map_columns(fm);
  take_date_order(fm);
  return fm;
}

void ColumnUnion::add(const FileMapping& fm) {
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
  for (const Fallback& f : fm.fallbacks) {
    if (m_canon_seen.insert(f.target).second) {
      m_canon.push_back(f.target);
    }
  }
}

std::vector<std::string> ColumnUnion::columns() const {
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

// Whether a column holds ids (feedback_id, customer_id, agent_id, or a kept
// column named like an id: Order ID, userId, 用户ID, 订单号, 会员编号, ...).
static bool is_id_column(const std::string& name, const std::string& target) {
  if (target == "feedback_id" || target == "customer_id" || target == "agent_id") {
    return true;
  }
  if (!target.empty()) {
    return false;
  }
  const std::string key = text::normalize_key(name);
  const auto ends = [&](std::string_view suffix) {
    return key.size() >= suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  const bool camel =
      name.size() > 2 && (name.compare(name.size() - 2, 2, "Id") == 0 || name.compare(name.size() - 2, 2, "ID") == 0);
  return key == "id" || ends(" id") || ends("_id") || ends("-id") || ends(".id") || camel || ends("号") ||
         ends("编号") || ends("number") || ends(" no") || ends(" no.");
}

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
  place_fallbacks(fm, index_of, latest);
  for (const std::string& t : fm.targets) {
    const bool maps = !t.empty() && t != "-";
    fm.converters.push_back(maps ? std::make_unique<ColumnConverter>(*fm.profile, t, latest) : nullptr);
    fm.required.push_back(maps && std::find(fm.profile->required.begin(), fm.profile->required.end(), t) !=
                                      fm.profile->required.end());
  }
  for (std::size_t i = 0; i < fm.names.size(); ++i) {
    fm.id_column.push_back(fm.targets[i] != "-" && is_id_column(fm.names[i], fm.targets[i]));
  }
  for (const std::string& r : fm.profile->required) {
    const auto it = column_index.find(r);
    fm.required_out.push_back(it != column_index.end() ? it->second : -1);
  }
}

bool fills(const FileMapping& fm, const std::string& column) {
  return std::find(fm.targets.begin(), fm.targets.end(), column) != fm.targets.end() ||
         std::any_of(fm.profile->constants.begin(), fm.profile->constants.end(),
                     [&](const auto& c) { return c.first == column; }) ||
         std::any_of(fm.fallbacks.begin(), fm.fallbacks.end(), [&](const Fallback& f) { return f.target == column; });
}

namespace {

// "'Timestamp', 'Comments' and 3 more": the columns kept as extra columns.
std::string not_understood(const FileMapping& fm) {
  std::string names;
  std::size_t n = 0;
  for (std::size_t i = 0; i < fm.names.size(); ++i) {
    if (fm.targets[i].empty() && n++ < 6) {
      names += (names.empty() ? "" : ", ") + quote_value(fm.names[i]);
    }
  }
  return n == 0 ? "none" : n > 6 ? names + " and " + std::to_string(n - 6) + " more" : names;
}

}  // namespace

std::string key_column_warning(const FileMapping& fm) {
  const auto has = [&](bool (*kind)(std::string_view)) {
    return std::any_of(fm.targets.begin(), fm.targets.end(), [&](const std::string& t) { return kind(t); });
  };
  if (fills(fm, "received_at") || has(schema::is_text) || has(schema::is_score) || fills(fm, "nps_score")) {
    return "";
  }
  return "no time, text or score column recognized (received_at, text, score_*); columns not understood: " +
         not_understood(fm) + " (--profile NAME|FILE, docs/import.md)";
}

void check_required(const FileMapping& fm, const std::vector<std::string>& required) {
  for (const std::string& column : required) {
    if (!fills(fm, column)) {
      throw DataError(fm.path + ": no column for " + column + " (--require); profile " + fm.profile->name +
                      ", columns not understood: " + not_understood(fm));
    }
  }
}

}  // namespace fbkit::import

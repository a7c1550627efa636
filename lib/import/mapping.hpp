// How one input's columns land in the output: its header read and cleaned,
// the profile that fits it, the target of each column, and the union of the
// output columns over all inputs (internal to lib/import).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "import/convert.hpp"
#include "import/import.hpp"
#include "import/profile.hpp"
#include "import/source.hpp"

namespace fbkit::import {

// fm.how of a column kept under its own name (no profile column, not dropped
// nor renamed): the columns a fallback may be found among.
inline constexpr std::string_view kKeptAsExtra = "kept as extra column";

// A column kept as an extra column that also fills a canonical one where the
// column mapped to it is empty (Profile::fallbacks).
struct Fallback {
  std::size_t column = 0;
  std::string target;
  int out = -1;  // the target's output column (place_columns)
  std::unique_ptr<ColumnConverter> converter;
};

// How one input file's columns land in the output.
struct FileMapping {
  std::string path;
  std::string stem;  // for generated feedback ids
  std::unique_ptr<RowSource> rows;
  const Profile* profile = nullptr;
  std::shared_ptr<const Profile> own_profile;  // the profile with this file's date order, when its dates show one
  std::string chosen_because;
  std::vector<std::string> names;    // source header names, cleaned
  std::vector<std::string> targets;  // canonical target, or "" (kept as extra under names[i]), or "-" (dropped)
  std::vector<std::string> how;      // for --explain-mapping
  std::vector<int> out_index;        // output column per source column, -1 = dropped
  std::vector<std::unique_ptr<ColumnConverter>> converters;  // per source column, for canonical targets
  std::vector<bool> required;                                // per source column
  std::vector<bool> id_column;    // per source column: an id, whose numbers Excel may have mangled (1.03531E+12)
  std::vector<int> required_out;  // output columns of the profile's required ones
  std::vector<std::pair<int, std::string>> constants;  // output column, value
  std::vector<Fallback> fallbacks;
};

// The profile's fallback columns among the extra columns of `fm` (the first
// header that matches, per target), said in fm.how (fallback.cpp).
void find_fallbacks(FileMapping& fm);
// Their targets' output columns and converters, by `index_of` (a column's index in the output).
template <typename IndexOf>
void place_fallbacks(FileMapping& fm, const IndexOf& index_of, const std::string& latest) {
  for (Fallback& f : fm.fallbacks) {
    f.out = index_of(f.target);
    f.converter = std::make_unique<ColumnConverter>(*fm.profile, f.target, latest);
  }
}

// The profiles a run chooses from.
struct Profiles {
  std::vector<Profile> all;
  std::optional<Profile> forced;
  std::map<std::string, Profile> per_input;  // Options::input_profiles, loaded
  const Profile* canonical = nullptr;
};

std::string trimmed(const std::string& s);

// Opens one input, reads its header and maps its columns by the profile that
// fits it (or the forced one).
FileMapping open_mapping(const std::string& path, const Options& options, const Io& io, const Profiles& profiles);

// The output columns: canonical ones in canonical order, then the extra ones
// in order of appearance, then provenance. Collected file by file.
// (A set beside each list: a search of the list per column was quadratic in
// the columns, 3.5 s for 40,000.)
class ColumnUnion {
public:
  void add(const FileMapping& fm);
  std::vector<std::string> columns() const;

private:
  std::vector<std::string> m_canon = {"feedback_id"};
  std::vector<std::string> m_extra;
  std::unordered_set<std::string> m_canon_seen = {"feedback_id"};
  std::unordered_set<std::string> m_extra_seen;
};

// The header names of a source, cleaned: unnamed and repeated ones named,
// each renaming said in `notes`.
std::vector<std::string> clean_names(const std::vector<std::string>& header, std::vector<std::string>& notes);

// The profile that recognizes most of the normalized header names (nullptr if
// none); `because` says how many; `recognized`, if given, gets that number.
const Profile* choose_profile(const Profiles& profiles, const std::vector<std::string>& normalized,
                              std::string& because, int* recognized = nullptr);

// Opens an input (through io.open when set) and finds its header row.
std::unique_ptr<RowSource> open_rows(const std::string& path, const std::string& name, const Options& options,
                                     const SourceOptions& source, const Io& io);

std::vector<std::string> normalized_names(const std::vector<std::string>& names);

// A workbook read without --sheet whose first sheet no profile recognizes (a
// summary: pivot tables, charts, notes) while another sheet's header one does:
// the sheet whose header is recognized best (most columns; the first of
// equals) is read instead, and stderr says so. Sets fm.rows, names and
// chosen_because; nullptr (fm untouched) when no other sheet is recognized.
const Profile* read_other_sheet(FileMapping& fm, const std::string& path, const Options& options, const Io& io,
                                const Profiles& profiles);

// Where each source column of `fm` goes in the output, and its converters.
// DataError if a column is not in the output (the file changed since its
// header was first read).
// `latest`: a received_at or resolved_at after it is a bogus future date (kept and counted).
void place_columns(FileMapping& fm, const std::unordered_map<std::string, int>& column_index,
                   const std::string& latest);

// Whether `fm` fills canonical column `column` (a column mapped to it, or a
// constant of its profile).
bool fills(const FileMapping& fm, const std::string& column);

// Without a time, a text and a score column the file is not feedback fbkit
// can count: the warning to give ("" when it has one of them), naming the
// columns no profile understood.
std::string key_column_warning(const FileMapping& fm);

// DataError naming the first of `required` (canonical names, --require) that
// `fm` does not fill.
void check_required(const FileMapping& fm, const std::vector<std::string>& required);

// The mapping of one input, for --explain-mapping.
void explain(const FileMapping& fm, const std::vector<std::string>& out_columns, std::ostream& out);

}  // namespace fbkit::import

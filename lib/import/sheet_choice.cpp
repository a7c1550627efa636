// Which sheet of a workbook import reads when no --sheet is given.
#include "core/error.hpp"
#include "core/strings.hpp"
#include "import/header.hpp"
#include "import/mapping.hpp"
#include "text/unicode.hpp"

namespace fbkit::import {

std::unique_ptr<RowSource> open_rows(const std::string& path, const std::string& name, const Options& options,
                                     const SourceOptions& source, const Io& io) {
  return detect_header(io.open ? open_source(io.open(path), path, source) : open_source(path, source), name,
                       options.header);
}

std::vector<std::string> normalized_names(const std::vector<std::string>& names) {
  std::vector<std::string> normalized;
  for (const std::string& n : names) {
    normalized.push_back(text::normalize_key(n));
  }
  return normalized;
}

// A workbook read without --sheet whose first sheet no profile recognizes (a
// summary: pivot tables, charts, notes) while a later sheet's header one does:
// the sheet whose header is recognized best (most columns; the first of equals)
// is read instead, and stderr says so; nullptr (the first sheet stays) if none.
const Profile* read_other_sheet(FileMapping& fm, const std::string& path, const Options& options, const Io& io,
                                const Profiles& profiles) {
  const std::string first = fm.rows->sheet();
  const Profile* chosen = nullptr;
  int best = 0;
  std::string best_sheet;
  std::unique_ptr<RowSource> best_rows;
  for (const std::string& sheet : fm.rows->sheet_names()) {
    if (sheet == first) {
      continue;
    }
    SourceOptions source = options.source;
    source.sheet = sheet;
    std::string because;
    int recognized = 0;
    try {
      std::unique_ptr<RowSource> rows = open_rows(path, fm.path, options, source, io);
      std::vector<std::string> notes;
      std::vector<std::string> names = clean_names(rows->header(), notes);
      const Profile* p = choose_profile(profiles, normalized_names(names), because, &recognized);
      if (p == nullptr || recognized <= best) {
        continue;
      }
      rows->notes.insert(rows->notes.end(), notes.begin(), notes.end());
      chosen = p;
      best = recognized;
      best_sheet = sheet;
      best_rows = std::move(rows);
      fm.chosen_because = because;
      fm.names = std::move(names);
    } catch (const DataError&) {
      continue;  // an empty or unreadable sheet nobody asked for
    }
  }
  if (chosen != nullptr) {
    fm.rows = std::move(best_rows);
    fm.rows->notes.insert(fm.rows->notes.begin(), "sheet " + quote_value(first) +
                                                      " (the first): no profile recognizes its header; read sheet " +
                                                      quote_value(best_sheet) + " (--sheet NAME reads another)");
  }
  return chosen;
}

}  // namespace fbkit::import

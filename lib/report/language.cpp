#include "report/language.hpp"

#include <vector>

#include "csv/reader.hpp"
#include "text/language.hpp"

namespace fbkit::report {

std::string choose_language(const std::string& option, const Context& ctx, std::string& note) {
  text::LanguageScan scan;
  if (option == "auto") {
    for (const std::string& path : ctx.inputs) {
      FileSource src(path);
      csv::Reader reader(src);
      scan.header(reader.read_header());
      csv::Record record;
      while (scan.wants_rows() && reader.next(record)) {
        scan.row(record.fields);
      }
    }
  }
  return text::choose_language(option, scan, note);
}

}  // namespace fbkit::report

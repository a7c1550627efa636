#include "report/user_files.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/strings.hpp"
#include "csv/reader.hpp"
#include "stats/period.hpp"

namespace fbkit::report {

std::vector<std::map<std::string, std::string>> read_small_csv(const std::string& path,
                                                               std::initializer_list<const char*> required,
                                                               const char* option) {
  FileSource src(path);
  csv::Reader reader(src);
  const auto& header = reader.read_header();
  for (const char* r : required) {
    if (std::find(header.begin(), header.end(), r) == header.end()) {
      throw UsageError(fmt::format("{} {}: expected a column '{}'", option, path, r));
    }
  }
  std::vector<std::map<std::string, std::string>> rows;
  csv::Record rec;
  while (reader.next(rec)) {
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size(); ++c) {
      row[header[c]] = std::string(rec[c]);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Event> read_events(const std::string& path) {
  std::vector<Event> out;
  for (const auto& e : read_small_csv(path, {"date", "label"}, "--events")) {
    const auto t = stats::parse_seconds(e.at("date"));
    if (!t) {
      throw UsageError("--events " + path + ": " + quote_value(e.at("date")) + " is not a date");
    }
    out.push_back({e.at("date"), e.at("label"), *t});
  }
  return out;
}

std::map<std::string, double> read_invitations(const std::string& path) {
  std::map<std::string, double> invited;
  for (const auto& r : read_small_csv(path, {"channel", "invitations"}, "--invitations")) {
    invited[r.at("channel")] += std::atof(r.at("invitations").c_str());
  }
  return invited;
}

std::vector<Improvement> read_improvements(const std::string& path) {
  std::vector<Improvement> out;
  for (const auto& row : read_small_csv(path, {"issue", "date"}, "--improvements")) {
    const auto day = stats::parse_bound(row.at("date"), false);
    if (!day) {
      throw UsageError("--improvements " + path + ": " + quote_value(row.at("date")) + " is not a date");
    }
    out.push_back({row.at("issue"), row.at("date"), row.count("action") ? row.at("action") : "", *day});
  }
  return out;
}

Json read_quality(const std::vector<std::string>& paths) {
  Json quality = Json::array();
  for (const std::string& path : paths) {
    Json q;
    try {
      q = Json::parse(read_file(path));
    } catch (const Json::parse_error& e) {
      throw UsageError("--quality " + path + ": not a JSON summary: " + excerpt(e.what(), 160));
    }
    Json row = {{"file", path}, {"command", q.value("command", "")}, {"read", q.value("read", 0)}};
    for (const char* k : {"written", "rejected", "removed"}) {
      if (q.contains(k)) {
        row[k] = q[k];
      }
    }
    if (q.contains("removed_by_reason")) {
      row["reasons"] = q["removed_by_reason"];
    }
    quality.push_back(std::move(row));
  }
  return quality;
}

}  // namespace fbkit::report

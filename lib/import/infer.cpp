#include "import/infer.hpp"

#include <algorithm>
#include <set>

#include "import/convert.hpp"
#include "text/unicode.hpp"

namespace fbkit::import {

namespace {

bool contains_any(const std::string& key, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return key.find(w) != std::string::npos; });
}

// A column's sample: its non-blank values, and how many convert for `target`.
struct Column {
  std::vector<std::string> values;
  std::size_t bytes = 0;
  std::size_t digits = 0;
  std::size_t converting(const Profile& p, const std::string& target) const {
    return static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [&](const std::string& v) {
      const Converted c = convert_value(p, target, v);
      return c.problem.empty() && !c.blank;
    }));
  }
};

Column column_of(const std::vector<std::vector<std::string>>& sample, std::size_t c) {
  Column col;
  for (const auto& row : sample) {
    if (c < row.size() && !row[c].empty()) {
      col.values.push_back(row[c]);
      col.bytes += row[c].size();
      col.digits += static_cast<std::size_t>(
          std::count_if(row[c].begin(), row[c].end(), [](char ch) { return ch >= '0' && ch <= '9'; }));
    }
  }
  return col;
}

std::string of(std::size_t n, const char* what) {
  return "the " + std::to_string(n) + " values read ahead are " + what;
}

bool all_digits(const std::string& v) {
  return !v.empty() && v.size() < 6 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 1, 2, 3 ... (digits only): a row number, not a score.
bool counts_up(const std::vector<std::string>& values) {
  for (std::size_t i = 1; i < values.size(); ++i) {
    if (values[i] != std::to_string(std::stol(values[i - 1]) + 1)) {
      return false;
    }
  }
  return values.size() > 2;
}

}  // namespace

std::vector<Inferred> infer_columns(const std::vector<std::string>& names, const std::vector<std::string>& targets,
                                    const std::vector<std::vector<std::string>>& sample, const Profile& profile,
                                    bool time_only) {
  std::vector<Inferred> found;
  std::set<std::string> taken(targets.begin(), targets.end());
  std::vector<Inferred> times;
  Inferred text;
  std::size_t text_length = 0;
  std::vector<std::size_t> free_text;  // the columns of free text
  for (std::size_t c = 0; c < names.size() && c < targets.size(); ++c) {
    const Column col = column_of(sample, c);
    const std::size_t n = col.values.size();
    if (!targets[c].empty() || n == 0) {
      continue;
    }
    const std::string key = text::normalize_key(names[c]);
    const bool digits = std::all_of(col.values.begin(), col.values.end(), all_digits);
    if (!digits && col.converting(profile, "received_at") == n) {  // (digits alone would be Excel day numbers)
      const bool named = contains_any(key, {"submit", "creat", "time", "date", "提交", "时间", "日期"});
      if (named || !time_only) {
        times.insert(named ? times.begin() : times.end(), {c, "received_at", of(n, "times")});
      }
    } else if (time_only) {
      continue;
    } else if (n >= 3 && digits && contains_any(key, {"recommend", "推荐"}) &&
               col.converting(profile, "nps_score") == n) {
      if (taken.insert("nps_score").second) {
        found.push_back({c, "nps_score", of(n, "0-10 answers under a 'recommend' question")});
      }
    } else if (n >= 3 && !(digits && counts_up(col.values)) && col.converting(profile, "score_overall") == n) {
      if (taken.insert("score_overall").second) {
        found.push_back({c, "score_overall", of(n, digits ? "scores 1-5" : "satisfaction or agreement words")});
      }
    } else if (!digits && col.bytes / n >= 12 && col.digits * 4 < col.bytes) {
      // Free text: at least 12 bytes a value on average, not mostly digits
      // (times in a format not read, phone numbers, ids). The text is the longest.
      free_text.push_back(c);
      if (col.bytes / n > text_length) {
        text_length = col.bytes / n;
        text = {c, "text", "the longest free text (" + std::to_string(text_length) + " bytes a value on average)"};
      }
    }
  }
  // Another free-text answer to a question asking for suggestions is the
  // customer's words too, for classify to read (a form's "Please suggest one
  // thing we could have done better").
  for (const std::size_t c : free_text) {
    const std::string key = text::normalize_key(names[c]);
    if ((text_length == 0 || c != text.column) &&
        contains_any(key, {"suggest", "improv", "better", "建议", "改进", "意见"}) &&
        taken.insert("text_suggestion").second) {
      found.push_back({c, "text_suggestion", "free text under a question asking for suggestions"});
    }
  }
  if (!times.empty() && taken.count("received_at") == 0) {
    found.push_back(times.front());
  }
  if (text_length > 0 && taken.count("text") == 0) {
    found.push_back(text);
  }
  std::sort(found.begin(), found.end(), [](const Inferred& a, const Inferred& b) { return a.column < b.column; });
  return found;
}

}  // namespace fbkit::import

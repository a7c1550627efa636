#include "stats/watch.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/strings.hpp"

namespace fbkit::stats {

namespace {

constexpr std::size_t kDistinct = 1000;  // values of a column counted at most
constexpr std::size_t kListed = 10;      // of them named in a warning

int index_of(const std::vector<std::string>& header, const std::string& column) {
  const auto it = std::find(header.begin(), header.end(), column);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

}  // namespace

ValueWatch::ValueWatch(const std::vector<Filter>& where, const std::vector<std::string>& by) {
  for (std::size_t i = 0; i < where.size(); ++i) {
    for (const Filter& f : where[i].any.empty() ? std::vector<Filter>{where[i]} : where[i].any) {
      if (f.op != Filter::Op::in && f.op != Filter::Op::not_in) {
        continue;
      }
      Watch w;
      w.condition = i;
      w.text = where[i].text;
      w.column = f.column;
      w.values = f.values;
      w.seen.assign(f.values.size(), false);
      m_watches.push_back(std::move(w));
      ++m_open;
    }
  }
  for (const std::string& b : by) {
    m_by.push_back({b});
    ++m_open;
  }
}

void ValueWatch::bind(const std::vector<std::string>& header) {
  for (Watch& w : m_watches) {
    w.at = index_of(header, w.column);
    w.bound = w.bound || w.at >= 0;
  }
  for (By& b : m_by) {
    b.at = index_of(header, b.column);
  }
}

void ValueWatch::add(const csv::Record& record) {
  if (m_open == 0) {
    return;
  }
  ++m_rows;
  for (Watch& w : m_watches) {
    if (w.at < 0 || w.values.empty()) {
      continue;
    }
    const std::string_view v = record[static_cast<std::size_t>(w.at)];
    for (std::size_t i = 0; i < w.values.size(); ++i) {
      w.seen[i] = w.seen[i] || w.values[i] == v;
    }
    if (std::all_of(w.seen.begin(), w.seen.end(), [](bool s) { return s; })) {
      w.values.clear();  // every value found: done
      w.counts.clear();
      --m_open;
      continue;
    }
    const auto it = w.counts.find(std::string(v));
    if (it != w.counts.end()) {
      ++it->second;
    } else if (w.counts.size() < kDistinct) {
      w.counts.emplace(v, 1);
    } else {
      w.more = true;
    }
  }
  for (By& b : m_by) {
    if (!b.filled && b.at >= 0 && !record[static_cast<std::size_t>(b.at)].empty()) {
      b.filled = true;
      --m_open;
    }
  }
}

std::vector<std::string> ValueWatch::where_warnings(std::size_t conditions) const {
  std::vector<std::string> out;
  for (const Watch& w : m_watches) {
    if (w.condition >= conditions || w.values.empty() || m_rows == 0) {
      continue;
    }
    std::string missing;
    for (std::size_t i = 0; i < w.values.size(); ++i) {
      if (!w.seen[i]) {
        missing += missing.empty() ? "" : ", ";
        missing += quote_value(w.values[i], 40);
      }
    }
    std::string line = fmt::format("--where '{}': no row has {} {}; ", w.text, w.column, missing);
    if (!w.bound) {
      out.push_back(line + "the input has no column " + w.column);
      continue;
    }
    std::vector<std::pair<std::string, std::int64_t>> have(w.counts.begin(), w.counts.end());
    std::stable_sort(have.begin(), have.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    line += w.column + " has: ";
    for (std::size_t i = 0; i < have.size() && i < kListed; ++i) {
      line += fmt::format("{}{} ({})", i == 0 ? "" : ", ", quote_value(have[i].first, 40), have[i].second);
    }
    if (have.size() > kListed || w.more) {
      line += fmt::format(" and {}{} more values", have.size() - std::min(have.size(), kListed), w.more ? "+" : "");
    }
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> ValueWatch::by_warnings() const {
  std::vector<std::string> out;
  for (const By& b : m_by) {
    if (!b.filled && m_rows > 0) {
      out.push_back(fmt::format("--by {}: {} is blank in every row", b.column, b.column));
    }
  }
  return out;
}

std::vector<std::string> ValueWatch::warnings() const {
  std::vector<std::string> out = where_warnings();
  for (std::string& b : by_warnings()) {
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace fbkit::stats

#include "stats/spec.hpp"

#include <algorithm>
#include <array>

#include "core/error.hpp"
#include "values/canonical.hpp"
#include "values/timestamp.hpp"

namespace fbkit::stats {

namespace {

constexpr std::array<std::string_view, kMetricCount> kMetricNames = {
    "share",   "mean",       "dist", "csat",    "low",    "nps", "closure",   "open",
    "overdue", "resolution", "sla",  "revisit", "second", "fcr", "complaints"};

std::vector<std::string> split_values(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i <= s.size();) {
    const std::size_t j = std::min(s.find(',', i), s.size());
    out.emplace_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

struct Split {
  std::string_view left;
  std::string_view op;  // symbolic form: < <= > >= = !=
  std::string_view right;
};

// Splits "a<=b" or "a:le:b" into its parts; the word operators map to symbols.
bool split_expression(std::string_view text, Split& out) {
  static const std::pair<std::string_view, std::string_view> kWords[] = {
      {":eq:", "="}, {":in:", "="}, {":ne:", "!="}, {":lt:", "<"}, {":le:", "<="}, {":gt:", ">"}, {":ge:", ">="}};
  for (const auto& [word, sym] : kWords) {
    const std::size_t at = text.find(word);
    if (at != std::string_view::npos && at > 0 && text.substr(0, at).find_first_of("=<>!") == std::string_view::npos) {
      out = {text.substr(0, at), sym, text.substr(at + word.size())};
      return true;
    }
  }
  const std::size_t at = text.find_first_of("=<>!");
  if (at == std::string_view::npos) {
    return false;
  }
  std::size_t len = 1;
  if (text[at] == '!') {
    if (at + 1 >= text.size() || text[at + 1] != '=') {
      return false;
    }
    len = 2;
  } else if ((text[at] == '<' || text[at] == '>') && at + 1 < text.size() && text[at + 1] == '=') {
    len = 2;
  }
  out = {text.substr(0, at), text.substr(at, len), text.substr(at + len)};
  return true;
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') {
    s.remove_prefix(1);
  }
  while (!s.empty() && s.back() == ' ') {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string_view metric_name(Metric m) {
  return kMetricNames[static_cast<std::size_t>(m)];
}

std::optional<Metric> parse_metric(std::string_view name) {
  for (std::size_t i = 0; i < kMetricNames.size(); ++i) {
    if (kMetricNames[i] == name) {
      return static_cast<Metric>(i);
    }
  }
  return std::nullopt;
}

std::vector<Metric> parse_metric_list(std::string_view list) {
  std::vector<Metric> out;
  for (const std::string& name : split_values(list)) {
    if (name.empty() || name == "n") {
      continue;  // n is always there
    }
    const auto m = parse_metric(name);
    if (!m) {
      std::string known;
      for (const std::string_view k : kMetricNames) {
        known += known.empty() ? "" : ", ";
        known += k;
      }
      std::string message = "--metrics: unknown metric '";
      message += name;
      message += "' (known: n, " + known + ")";
      throw UsageError(message);
    }
    bool seen = false;
    for (const Metric x : out) {
      seen = seen || x == *m;
    }
    if (!seen) {
      out.push_back(*m);
    }
  }
  return out;
}

namespace {

// One condition, without |.
Filter parse_condition(std::string_view raw) {
  const std::string text(raw);
  const auto fail = [&](const std::string& what) -> UsageError {
    return UsageError("--where '" + text + "': " + what);
  };
  Split s;
  if (!split_expression(raw, s)) {
    throw fail(
        "expected COLUMN=VALUE[,VALUE..], COLUMN!=VALUE, COLUMN<N, COLUMN<=N, COLUMN>N, COLUMN>=N "
        "(or COLUMN:lt:N etc.)");
  }
  Filter f;
  f.text = text;
  f.column = std::string(trim_spaces(s.left));
  if (f.column.empty()) {
    throw fail("no column name before the operator");
  }
  const std::string_view value = trim_spaces(s.right);
  if (s.op == "=" || s.op == "!=") {
    f.op = s.op == "=" ? Filter::Op::in : Filter::Op::not_in;
    f.values = split_values(value);
    return f;
  }
  f.op = s.op == "<" ? Filter::Op::lt : s.op == "<=" ? Filter::Op::le : s.op == ">" ? Filter::Op::gt : Filter::Op::ge;
  f.operand = std::string(value);
  if (values::parse_decimal(value, f.number)) {
    return f;
  }
  // A date alone means its whole day: < and >= start at 00:00:00, <= and > end at 23:59:59.
  const bool end_of_day = f.op == Filter::Op::le || f.op == Filter::Op::gt;
  if (const auto t = parse_bound(value, end_of_day)) {
    f.is_time = true;
    f.seconds = *t;
    return f;
  }
  throw fail("'" + std::string(value) + "' is not a number or a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)");
}

}  // namespace

Filter parse_filter(std::string_view raw) {
  if (raw.find('|') == std::string_view::npos) {
    return parse_condition(raw);
  }
  Filter f;
  f.text = std::string(raw);
  for (std::size_t i = 0; i <= raw.size();) {
    const std::size_t j = std::min(raw.find('|', i), raw.size());
    if (trim_spaces(raw.substr(i, j - i)).empty()) {
      throw UsageError("--where '" + f.text + "': an empty condition beside |");
    }
    f.any.push_back(parse_condition(raw.substr(i, j - i)));
    i = j + 1;
  }
  f.column = f.any.front().column;
  return f;
}

bool holds(const Filter& f, std::string_view value) {
  switch (f.op) {
    case Filter::Op::in:
    case Filter::Op::not_in: {
      const bool found = std::find(f.values.begin(), f.values.end(), value) != f.values.end();
      return f.op == Filter::Op::in ? found : !found;
    }
    default:
      break;
  }
  double v = 0;
  if (f.is_time) {
    const auto t = values::parse_seconds(value);
    if (!t) {
      return false;
    }
    v = static_cast<double>(*t);
  } else if (!values::parse_decimal(value, v)) {
    return false;
  }
  const double x = f.is_time ? static_cast<double>(f.seconds) : f.number;
  switch (f.op) {
    case Filter::Op::lt:
      return v < x;
    case Filter::Op::le:
      return v <= x;
    case Filter::Op::gt:
      return v > x;
    case Filter::Op::ge:
      return v >= x;
    default:
      return false;
  }
}

bool Alert::breached(double value) const {
  switch (op) {
    case Op::lt:
      return value < threshold;
    case Op::le:
      return value <= threshold;
    case Op::gt:
      return value > threshold;
    case Op::ge:
      return value >= threshold;
    case Op::eq:
      return value == threshold;
    case Op::ne:
      return value != threshold;
  }
  return false;
}

Alert parse_alert(std::string_view raw) {
  const std::string text(raw);
  Split s;
  if (!split_expression(raw, s)) {
    throw UsageError("--fail-on '" + text +
                     "': expected METRIC<NUMBER (or <= > >= = !=, or METRIC:lt:NUMBER ...), "
                     "e.g. 'csat<0.85'");
  }
  Alert a;
  a.text = text;
  a.metric = std::string(trim_spaces(s.left));
  if (a.metric.empty()) {
    throw UsageError("--fail-on '" + text + "': no metric name before the operator");
  }
  a.op = s.op == "<"    ? Alert::Op::lt
         : s.op == "<=" ? Alert::Op::le
         : s.op == ">"  ? Alert::Op::gt
         : s.op == ">=" ? Alert::Op::ge
         : s.op == "="  ? Alert::Op::eq
                        : Alert::Op::ne;
  const std::string_view value = trim_spaces(s.right);
  if (!values::parse_decimal(value, a.threshold)) {
    throw UsageError("--fail-on '" + text + "': '" + std::string(value) + "' is not a number");
  }
  return a;
}

}  // namespace fbkit::stats

#include "report/rows.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "text/pii.hpp"

namespace fbkit::report {

namespace {

constexpr std::size_t kCandidates = 60;  // examples kept per issue before near-duplicates are skipped

// The length of the UTF-8 character that starts with byte c.
std::size_t char_length(unsigned char c) {
  return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

// Character bigrams, for "not near-duplicates".
std::set<std::string> bigrams(std::string_view s) {
  std::vector<std::string_view> chars;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t len = std::min<std::size_t>(char_length(static_cast<unsigned char>(s[i])), s.size() - i);
    chars.push_back(s.substr(i, len));
    i += len;
  }
  std::set<std::string> out;
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) {
    out.insert(std::string(chars[i]) + std::string(chars[i + 1]));
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty()) {
    return 0;
  }
  std::size_t both = 0;
  for (const std::string& x : a) {
    both += b.count(x);
  }
  return static_cast<double>(both) / static_cast<double>(a.size() + b.size() - both);
}

// Representative first: low score, then recent; ties by id.
bool more_representative(const Example& x, const Example& y) {
  if (x.score != y.score) {
    return x.score < y.score;
  }
  if (x.when != y.when) {
    return x.when > y.when;
  }
  return x.id < y.id;
}

}  // namespace

RowScanner::RowScanner(const Period& period, std::int64_t as_of, const Config& cfg)
    : m_period(period), m_as_of(as_of), m_vague_listed(static_cast<std::size_t>(cfg.vague_listed)) {
  m_facts.overdue = stats::OldestOverdue(static_cast<std::size_t>(cfg.oldest_overdue));
}

RowFacts RowScanner::take() {
  for (auto& [when, item] : m_vague) {
    m_facts.vague.push_back(std::move(item));
  }
  m_vague.clear();
  return std::move(m_facts);
}

void RowScanner::begin_input(const csv::Reader& reader) {
  auto col = [&](const char* name) -> std::ptrdiff_t {
    const auto c = reader.column(name);
    return c ? static_cast<std::ptrdiff_t>(*c) : -1;
  };
  m_id = col("feedback_id");
  m_received = col("received_at");
  m_issue = col("issue");
  m_text = col("text");
  m_score = col("score_overall");
  m_ctype = col("customer_type");
  m_tier = col("value_tier");
  m_status = col("status");
  m_due = col("due_at");
  m_dept = col("route_department");
  m_dept2 = col("department");
  m_flags = col("flags");
}

std::string_view RowScanner::get(const csv::Record& r, std::ptrdiff_t c) const {
  return c < 0 ? std::string_view() : r[static_cast<std::size_t>(c)];
}

void RowScanner::add(const csv::Reader&, const csv::Record& rec) {
  const std::string_view st = get(rec, m_status);
  // Overdue as of the report's date, whenever received (stats' definition).
  if (const auto due = stats::overdue_due(st, get(rec, m_due), m_as_of)) {
    std::string department(get(rec, m_dept));
    if (department.empty()) {
      department = std::string(get(rec, m_dept2));
    }
    m_facts.overdue.add({*due, std::string(get(rec, m_id)), std::move(department), std::string(get(rec, m_received)),
                         std::string(get(rec, m_text))});
  }
  const bool every_row = m_period.kind == stats::PeriodKind::none;  // no received_at
  const auto when = every_row ? std::optional<std::int64_t>(0) : stats::parse_seconds(get(rec, m_received));
  if (when && !every_row) {
    m_facts.first = m_facts.dated == 0 ? *when : std::min(m_facts.first, *when);
    m_facts.last = m_facts.dated == 0 ? *when : std::max(m_facts.last, *when);
    ++m_facts.dated;
  }
  if (!when || *when < m_period.from || *when > m_period.to) {
    return;
  }
  // Vague feedback not handled yet.
  const bool done = st == "completed" || st == "closed";
  if (get(rec, m_flags).find("vague") != std::string_view::npos && !done) {
    ++m_facts.vague_n;
    Json item = {{"feedback_id", std::string(get(rec, m_id))},
                 {"received_at", std::string(get(rec, m_received))},
                 {"text", shown_text(get(rec, m_text), 80)}};
    const auto at = std::upper_bound(m_vague.begin(), m_vague.end(), *when,
                                     [](std::int64_t w, const auto& x) { return w > x.first; });
    m_vague.insert(at, {*when, std::move(item)});
    if (m_vague.size() > m_vague_listed) {
      m_vague.pop_back();
    }
  }
  const std::string issue(get(rec, m_issue));
  Affected& a = m_facts.affected[issue];
  ++a.rows;
  a.new_customers += get(rec, m_ctype) == "new" ? 1 : 0;
  a.high_value += get(rec, m_tier) == "high" ? 1 : 0;
  const std::string_view t = get(rec, m_text);
  if (!t.empty()) {
    add_example(issue, rec, t, *when);
  }
}

void RowScanner::add_example(const std::string& issue, const csv::Record& rec, std::string_view text,
                             std::int64_t when) {
  Example e;
  e.id = std::string(get(rec, m_id));
  e.when = when;
  const std::string_view s = get(rec, m_score);
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') {
    e.score = s[0] - '0';
  }
  auto& list = m_facts.candidates[issue];
  if (list.size() == kCandidates && !more_representative(e, list.back())) {
    return;  // would be dropped at once
  }
  e.received_at = std::string(get(rec, m_received));
  e.text = std::string(text);
  list.insert(std::upper_bound(list.begin(), list.end(), e, more_representative), std::move(e));
  if (list.size() > kCandidates) {
    list.pop_back();
  }
}

Json pick_examples(const std::vector<Example>& candidates, int n) {
  Json out = Json::array();
  std::vector<std::set<std::string>> chosen;
  for (const Example& e : candidates) {
    if (static_cast<int>(out.size()) >= n) {
      break;
    }
    const std::set<std::string> b = bigrams(e.text);
    if (std::any_of(chosen.begin(), chosen.end(), [&](const auto& c) { return jaccard(b, c) > 0.5; })) {
      continue;
    }
    chosen.push_back(b);
    Json x = {{"feedback_id", e.id}, {"received_at", e.received_at}, {"text", shown_text(e.text, 200)}};
    x["score"] = e.score == 9 ? Json(nullptr) : Json(e.score);
    out.push_back(std::move(x));
  }
  return out;
}

std::string shown_text(std::string_view text, std::size_t max_chars) {
  std::string masked;
  text::mask_pii(text, masked, text::PiiOptions{});
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < masked.size();) {
    const std::size_t len =
        std::min<std::size_t>(char_length(static_cast<unsigned char>(masked[i])), masked.size() - i);
    if (chars == max_chars) {
      out += "…";
      break;
    }
    out.append(masked, i, len);
    ++chars;
    i += len;
  }
  return out;
}

Json overdue_json(const stats::OverdueItem& item, std::int64_t as_of) {
  return {{"feedback_id", item.feedback_id},
          {"department", item.department},
          {"received_at", item.received_at},
          {"due_at", stats::format_seconds(item.due)},
          {"days_overdue", std::floor(static_cast<double>(as_of - item.due) / 86400 * 10) / 10},
          {"text", shown_text(item.text, 80)}};
}

}  // namespace fbkit::report

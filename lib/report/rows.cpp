#include "report/rows.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/schema.hpp"
#include "core/strings.hpp"
#include "text/pii.hpp"

namespace fbkit::report {

namespace {

constexpr std::size_t kCandidates = 200;   // examples kept per issue, strongest first, before the text-based ranking
constexpr std::size_t kUrgentListed = 20;  // urgent items listed (all are counted)

bool blank(std::string_view t) {
  return t.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

RowScanner::RowScanner(const Period& period, std::int64_t as_of, const Config& cfg, const Names* names)
    : m_period(period), m_as_of(as_of), m_names(names), m_vague_listed(static_cast<std::size_t>(cfg.vague_listed)) {
  m_facts.overdue = stats::OldestOverdue(static_cast<std::size_t>(cfg.oldest_overdue));
}

RowFacts RowScanner::take() {
  for (auto& [when, item] : m_vague) {
    m_facts.vague.push_back(std::move(item));
  }
  m_vague.clear();
  for (std::size_t t = 0; t < 3; ++t) {
    for (auto& [issue, list] : t == 0 ? m_facts.candidates : t == 1 ? m_facts.praise : m_facts.liked) {
      rank_examples(list, m_texts[t][issue], m_all_texts);
    }
  }
  // Open first, then the newest (ties: the order read).
  std::stable_sort(m_urgent.begin(), m_urgent.end(), [](const auto& x, const auto& y) {
    return std::make_pair(std::get<0>(x), -std::get<1>(x)) < std::make_pair(std::get<0>(y), -std::get<1>(y));
  });
  for (std::size_t i = 0; i < m_urgent.size() && i < kUrgentListed; ++i) {
    m_facts.urgent.push_back(std::move(std::get<2>(m_urgent[i])));
  }
  m_urgent.clear();
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
  m_more_texts.clear();
  for (std::size_t i = 0; i < reader.header().size(); ++i) {
    if (schema::is_text(reader.header()[i]) && reader.header()[i] != "text") {  // text_<name>, as classify reads them
      m_more_texts.push_back(static_cast<std::ptrdiff_t>(i));
    }
  }
  m_score = col("score_overall");
  m_ctype = col("customer_type");
  m_tier = col("value_tier");
  // Without these columns every row is "not new" and "regular": a share of 0% would read as a fact.
  // One input that has them is enough (a later input without them does not take it back).
  m_facts.knows_new = m_facts.knows_new || m_ctype >= 0;
  m_facts.knows_high_value = m_facts.knows_high_value || (m_tier >= 0 && col("annual_spend") >= 0);
  m_status = col("status");
  m_due = col("due_at");
  m_dept = col("route_department");
  m_dept2 = col("department");
  m_flags = col("flags");
  m_sentiment = col("sentiment");
  m_urgency = col("urgency");
  m_rules = col("matched_rules");
  m_aspect = col("praise_aspect");
}

bool RowScanner::other_side_matched(Tone tone, const csv::Record& rec) const {
  if (m_names == nullptr) {
    return false;
  }
  const int other = tone == Tone::problem ? 1 : -1;
  return any_item(get(rec, m_rules), [&](std::string_view rule) {
    const auto side = m_names->rule_side.find(std::string(rule));
    return side != m_names->rule_side.end() && side->second == other;
  });
}

std::string_view RowScanner::get(const csv::Record& r, std::ptrdiff_t c) const {
  return c < 0 ? std::string_view() : r[static_cast<std::size_t>(c)];
}

bool RowScanner::says_something(std::string_view cell) const {
  return m_names == nullptr ? !blank(cell) : !m_names->silence.says_nothing(cell);
}

RowScanner::Said RowScanner::text_of(const csv::Record& r) const {
  // The first with words: a placeholder in text gives way to a further answer's
  // words, which classify read too; with no words anywhere, the first cell that
  // is not blank, as it stands.
  std::optional<std::string_view> shown;
  for (std::size_t k = 0; k <= m_more_texts.size(); ++k) {
    const std::string_view cell = get(r, k == 0 ? m_text : m_more_texts[k - 1]);
    if (says_something(cell)) {
      return {cell, true};
    }
    if (!shown && !blank(cell)) {
      shown = cell;
    }
  }
  return {shown.value_or(get(r, m_text)), false};
}

void RowScanner::add(const csv::Reader&, const csv::Record& rec) {
  ++m_facts.rows;
  const std::string_view st = get(rec, m_status);
  // Overdue as of the report's date, whenever received (stats' definition).
  if (const auto due = stats::overdue_due(st, get(rec, m_due), m_as_of)) {
    std::string department(get(rec, m_dept));
    if (department.empty()) {
      department = std::string(get(rec, m_dept2));
    }
    m_facts.overdue.add({*due, std::string(get(rec, m_id)), std::move(department), std::string(get(rec, m_received)),
                         std::string(text_of(rec).text)});
  }
  const bool every_row = m_period.kind == stats::PeriodKind::none;  // no received_at
  const auto when = every_row ? std::optional<std::int64_t>(0) : stats::parse_seconds(get(rec, m_received));
  if (when && !every_row) {
    m_facts.first = m_facts.dated == 0 ? *when : std::min(m_facts.first, *when);
    m_facts.last = m_facts.dated == 0 ? *when : std::max(m_facts.last, *when);
    if (*when > m_as_of) {
      ++m_facts.future;
    } else {
      m_facts.last_past = m_facts.dated == m_facts.future ? *when : std::max(m_facts.last_past, *when);
    }
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
                 {"text", shown_text(text_of(rec).text, 80)}};
    const auto at = std::upper_bound(m_vague.begin(), m_vague.end(), *when,
                                     [](std::int64_t w, const auto& x) { return w > x.first; });
    m_vague.insert(at, {*when, std::move(item)});
    if (m_vague.size() > m_vague_listed) {
      m_vague.pop_back();
    }
  }
  if (get(rec, m_urgency) == "urgent") {
    add_urgent(rec, *when, done);
  }
  add_texts(rec, *when);
}

void RowScanner::add_texts(const csv::Record& rec, std::int64_t when) {
  const std::string issue(get(rec, m_issue));
  // A text that says nothing (a placeholder, punctuation) is no text: it shapes
  // neither the period's bigrams that typicality compares with nor a median length.
  const auto [t, words] = text_of(rec);
  if (words) {
    m_all_texts.add(t);
  }
  const std::string_view sentiment = get(rec, m_sentiment), score = get(rec, m_score);
  // A row with no words (an empty text, a placeholder) is no complaint and no
  // praise, whatever its score: the report counts it apart (tone.hpp).
  const bool silent = m_names != nullptr && !m_names->no_text.empty() && issue == m_names->no_text;
  const Tone tone = silent ? Tone::neither : tone_of(sentiment, score);
  if (tone == Tone::neither) {
    return;
  }
  if (tone == Tone::problem) {
    Affected& a = m_facts.affected[issue];
    ++a.rows;
    a.new_customers += get(rec, m_ctype) == "new" ? 1 : 0;
    const bool high = get(rec, m_tier) == "high";
    a.high_value += high ? 1 : 0;
    m_facts.knows_high_value = m_facts.knows_high_value || high;  // a tier given with the data
  }
  if (!words) {
    // No words, yet an issue (the customer ticked a problem type): counted under
    // it above and with the rows of no words, but "。。。" is no comment to quote
    // (data without a text column has no such rows: nothing could be said there).
    if (m_names != nullptr && (m_text >= 0 || !m_more_texts.empty())) {
      ++(tone == Tone::problem ? m_facts.wordless_problem : m_facts.wordless_praise);
    }
    return;
  }
  m_texts[tone == Tone::problem ? 0 : 1][issue].add(t);
  add_example(tone, (tone == Tone::problem ? m_facts.candidates : m_facts.praise)[issue], rec, t, when);
  if (tone == Tone::praise) {
    add_liked(rec, t, when);
  }
}

void RowScanner::add_liked(const csv::Record& rec, std::string_view text, std::int64_t when) {
  any_item(get(rec, m_aspect), [&](std::string_view item) {
    if (!item.empty()) {
      const std::string aspect(item);
      m_texts[2][aspect].add(text);
      add_example(Tone::praise, m_facts.liked[aspect], rec, text, when);
    }
    return false;
  });
}

void RowScanner::add_example(Tone tone, std::vector<Example>& list, const csv::Record& rec, std::string_view text,
                             std::int64_t when) {
  Example e;
  e.id = std::string(get(rec, m_id));
  e.when = when;
  const std::string_view s = get(rec, m_score);
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') {
    e.score = s[0] - '0';
  }
  e.signal = tone_signal(tone, get(rec, m_sentiment), s) + (other_side_matched(tone, rec) ? 0 : 1);
  if (list.size() == kCandidates && !stronger(e, list.back())) {
    return;  // would be dropped at once
  }
  e.received_at = std::string(get(rec, m_received));
  e.text = std::string(text);
  list.insert(std::upper_bound(list.begin(), list.end(), e, stronger), std::move(e));
  if (list.size() > kCandidates) {
    list.pop_back();
  }
}

void RowScanner::add_urgent(const csv::Record& rec, std::int64_t when, bool done) {
  ++m_facts.urgent_n;
  std::string department(get(rec, m_dept));
  if (department.empty()) {
    department = std::string(get(rec, m_dept2));
  }
  Json item = {{"feedback_id", std::string(get(rec, m_id))},
               {"received_at", std::string(get(rec, m_received))},
               {"issue", std::string(get(rec, m_issue))},
               {"status", std::string(get(rec, m_status))},
               {"department", department},
               {"text", shown_text(text_of(rec).text, 80)}};
  m_urgent.emplace_back(done, when, std::move(item));
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

#include "stats/aggregate.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "core/schema.hpp"
#include "core/strings.hpp"
#include "stats/state.hpp"
#include "values/canonical.hpp"
#include "values/parse.hpp"

namespace fbkit::stats {

std::string RowWarning::message() const {
  return fmt::format("{}: {}: {} {} ({} row{})", first.str(), column, quote_value(value, 40), what, count,
                     count == 1 ? "" : "s");
}

// Column indexes of the current input (-1: absent).
struct Aggregator::Binding {
  std::vector<int> by, scores, text;
  std::vector<std::vector<int>> where;  // per --where, the column of each alternative
  int received = -1, nps = -1, status = -1, due = -1, sla_due = -1, resolved = -1;
  int followup_score = -1, followup_text = -1, contact_method = -1, fcr = -1, category = -1;
  bool need_received = false;     // read received_at at all
  bool require_received = false;  // a row without it cannot be placed (period, from, to)
};

Aggregator::Aggregator(Query query, Settings settings)
    : m_query(std::move(query)), m_settings(std::move(settings)), m_watch(m_query.where, m_query.by) {
  if (m_query.terms) {
    m_terms = std::make_unique<text::TermExtractor>(m_settings.stop_chars, m_settings.stop_words);
  }
}
Aggregator::~Aggregator() = default;
Aggregator::Aggregator(Aggregator&&) noexcept = default;
Aggregator& Aggregator::operator=(Aggregator&&) noexcept = default;

void Aggregator::begin_input(const std::vector<std::string>& header, const std::string& name) {
  m_input = name;
  const auto index = [&](std::string_view column) {
    const auto it = std::find(header.begin(), header.end(), column);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const auto missing = [&](const std::string& what, const std::string& column) -> UsageError {
    std::string best;
    std::size_t best_d = 3;
    for (const std::string& h : header) {
      // A close header name (case or one or two typos) is offered as a suggestion.
      const std::size_t d = edit_distance(ascii_lower(h), ascii_lower(column));
      if (d < best_d) {
        best = h;
        best_d = d;
      }
    }
    return UsageError(what + ": no column '" + column + "' in " + name +
                      (best.empty() ? "" : " (did you mean " + quote_value(best) + "?)"));
  };

  if (!m_layout) {
    m_layout = std::make_unique<Layout>(make_layout(m_query, m_settings, header, name));
  }

  auto b = std::make_unique<Binding>();
  for (const std::string& c : m_query.by) {
    b->by.push_back(index(c));
    if (b->by.back() < 0) {
      throw missing("--by", c);
    }
  }
  for (const Filter& f : m_query.where) {
    std::vector<int>& cols = b->where.emplace_back();
    for (const Filter& a : f.any.empty() ? std::vector<Filter>{f} : f.any) {
      cols.push_back(index(a.column));
      if (cols.back() < 0) {
        throw missing("--where '" + f.text + "'", a.column);
      }
    }
  }
  const Layout& l = *m_layout;
  b->require_received = m_query.period != PeriodKind::none || m_query.from || m_query.to;
  b->need_received = b->require_received || l.has(Metric::resolution) || l.has(Metric::sla);
  b->received = index("received_at");
  if (b->require_received && b->received < 0) {
    throw missing(m_query.period != PeriodKind::none ? "--period" : "--from/--to", "received_at");
  }
  for (const std::string& s : l.scores) {
    b->scores.push_back(l.has(Metric::mean) || (s == "score_overall" &&
                                                (l.has(Metric::dist) || l.has(Metric::csat) || l.has(Metric::low)))
                            ? index(s)
                            : -1);
  }
  b->nps = l.has(Metric::nps) ? index("nps_score") : -1;
  b->status = l.has(Metric::closure) || l.has(Metric::open) || l.has(Metric::overdue) || l.has(Metric::revisit)
                  ? index("status")
                  : -1;
  b->due = l.has(Metric::overdue) || l.has(Metric::sla) ? index("due_at") : -1;
  b->sla_due = l.has(Metric::sla) ? index("sla_due_at") : -1;
  b->resolved = l.has(Metric::resolution) || l.has(Metric::sla) || l.has(Metric::revisit) ? index("resolved_at") : -1;
  const bool fu = l.has(Metric::revisit) || l.has(Metric::second);
  b->followup_score = fu ? index("followup_score") : -1;
  b->followup_text = fu ? index("followup_text") : -1;
  b->contact_method = l.has(Metric::revisit) ? index("contact_method") : -1;
  b->fcr = l.fcr_column.empty() ? -1 : index(l.fcr_column[0]);
  b->category = l.has_category ? index("category") : -1;
  if (m_query.terms) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (schema::is_text(header[i])) {
        b->text.push_back(static_cast<int>(i));
      }
    }
  }
  m_bind = std::move(b);
  m_have_last = false;
  m_watch.bind(header);
}

void Aggregator::warn(const std::string& column, const std::string& what, std::int64_t line, std::string_view value) {
  RowWarning& w = m_warnings[{column, what}];
  if (w.count++ == 0) {
    w.column = column;
    w.what = what;
    w.first = Location{m_input, line, 0};
    w.value = std::string(value.substr(0, 256));  // message() shows 40 characters
  }
}

std::vector<RowWarning> Aggregator::warnings() const {
  std::vector<RowWarning> out;
  for (const auto& [key, w] : m_warnings) {
    out.push_back(w);
  }
  return out;
}

Group& Aggregator::group_for_key() {
  if (m_have_last && m_key == m_last_key) {
    return m_groups[m_last_group];
  }
  auto it = m_index.find(m_key);
  if (it == m_index.end()) {
    Group g;
    g.counts.assign(m_layout->width(), 0);
    // The key is the by values, each ended by NUL, then the period.
    std::size_t start = 0;
    for (std::size_t i = 0; i < m_query.by.size(); ++i) {
      const std::size_t end = m_key.find('\0', start);
      g.keys.emplace_back(m_key.substr(start, end - start));
      start = end + 1;
    }
    if (m_query.period != PeriodKind::none) {
      g.keys.emplace_back(m_key.substr(start));
    }
    m_groups.push_back(std::move(g));
    it = m_index.emplace(m_key, static_cast<std::uint32_t>(m_groups.size() - 1)).first;
  }
  m_last_key = m_key;
  m_last_group = it->second;
  m_have_last = true;
  return m_groups[it->second];
}

Group& Aggregator::group(const std::vector<std::string>& keys) {
  m_key.clear();
  for (std::size_t i = 0; i < m_query.by.size() && i < keys.size(); ++i) {
    m_key += keys[i];
    m_key += '\0';
  }
  if (m_query.period != PeriodKind::none && keys.size() > m_query.by.size()) {
    m_key += keys[m_query.by.size()];
  }
  return group_for_key();
}

void Aggregator::set_layout(const Layout& layout) {
  m_query = layout.query;
  m_layout = std::make_unique<Layout>(layout);
}

void Aggregator::add(const csv::Record& rec) {
  ++m_rows_read;
  m_watch.add(rec);
  std::optional<std::int64_t> received;
  std::string_view received_text;
  if (!admit(rec, received, received_text)) {
    return;
  }
  Group& g = group_of(rec, received_text, received);
  std::int64_t* c = g.counts.data();
  ++c[Layout::kRows];
  count_scores(rec, c);
  const auto status = count_status(rec, c);
  const bool resolved = count_times(rec, g, status, received);
  count_followup(rec, c, status, resolved);
  count_answers(rec, g);
}

bool Aggregator::admit(const csv::Record& rec, std::optional<std::int64_t>& received, std::string_view& received_text) {
  const Binding& b = *m_bind;
  for (std::size_t f = 0; f < m_query.where.size(); ++f) {
    const Filter& w = m_query.where[f];
    const std::vector<int>& cols = b.where[f];
    bool pass = w.any.empty() && holds(w, rec[static_cast<std::size_t>(cols[0])]);
    for (std::size_t k = 0; k < w.any.size() && !pass; ++k) {
      pass = holds(w.any[k], rec[static_cast<std::size_t>(cols[k])]);
    }
    if (!pass) {
      return false;
    }
  }
  if (!b.need_received) {
    return true;
  }
  received_text = b.received < 0 ? std::string_view() : rec[static_cast<std::size_t>(b.received)];
  if (!received_text.empty()) {
    received = parse_seconds(received_text);
    if (!received && !values::is_blank(received_text)) {
      warn("received_at", "is not a datetime", rec.line, received_text);
    }
  }
  if (b.require_received) {
    if (!received) {
      if (received_text.empty() || values::is_blank(received_text)) {
        warn("received_at", "is blank; the row is left out", rec.line, received_text);
      }
      return false;
    }
    if ((m_query.from && *received < *m_query.from) || (m_query.to && *received > *m_query.to)) {
      return false;
    }
  }
  return true;
}

Group& Aggregator::group_of(const csv::Record& rec, std::string_view received_text,
                            std::optional<std::int64_t> received) {
  m_key.clear();
  for (const int i : m_bind->by) {
    m_key += rec[static_cast<std::size_t>(i)];
    m_key += '\0';
  }
  if (m_query.period != PeriodKind::none) {
    const std::string_view date = received_text.substr(0, 10);
    if (received_text.size() != 19 || date != m_last_date) {
      const std::int64_t secs = *received;
      int y = 0, m = 0, d = 0;
      civil_from_days((secs >= 0 ? secs : secs - 86399) / 86400, y, m, d);
      m_last_period = period_key(m_query.period, y, m, d);
      m_last_date = received_text.size() == 19 ? std::string(date) : std::string();
    }
    m_key += m_last_period;
  }
  return group_for_key();
}

void Aggregator::count_scores(const csv::Record& rec, std::int64_t* c) {
  const Binding& b = *m_bind;
  const Layout& l = *m_layout;
  for (std::size_t d = 0; d < b.scores.size(); ++d) {
    if (b.scores[d] < 0) {
      continue;
    }
    const std::string_view s = rec[static_cast<std::size_t>(b.scores[d])];
    const int v = values::score_cell(s);
    if (v > 0) {
      ++c[l.score_at(d) + static_cast<std::size_t>(v - 1)];
    } else if (v < 0) {
      warn(l.scores[d], "is not a score 1-5; skipped", rec.line, s);
    }
  }
  if (b.nps >= 0) {
    const std::string_view s = rec[static_cast<std::size_t>(b.nps)];
    const int v = values::nps_cell(s);
    if (v >= 0) {
      ++c[l.nps_at() + static_cast<std::size_t>(v)];
    } else if (v == -2) {
      warn("nps_score", "is not a 0-10 answer; skipped", rec.line, s);
    }
  }
}

std::optional<values::Status> Aggregator::count_status(const csv::Record& rec, std::int64_t* c) {
  std::optional<values::Status> status;
  if (m_bind->status >= 0) {
    const std::string_view s = rec[static_cast<std::size_t>(m_bind->status)];
    status = values::Status::parse(s);
    if (status) {
      ++c[m_layout->status_at() + status->code()];
    } else if (!s.empty()) {
      warn("status", "is not a status code (not_started, in_progress, completed, closed)", rec.line, s);
    }
  }
  return status;
}

std::optional<std::int64_t> Aggregator::time_of(const csv::Record& rec, int col, const char* name) {
  const std::string_view s = col < 0 ? std::string_view() : rec[static_cast<std::size_t>(col)];
  if (s.empty()) {
    return std::nullopt;
  }
  auto t = parse_seconds(s);
  if (!t && !values::is_blank(s)) {
    warn(name, "is not a datetime; skipped", rec.line, s);
  }
  return t;
}

bool Aggregator::count_times(const csv::Record& rec, Group& g, std::optional<values::Status> status,
                             std::optional<std::int64_t> received) {
  const Binding& b = *m_bind;
  const Layout& l = *m_layout;
  std::int64_t* c = g.counts.data();
  const bool open = status && status->is_open();
  std::optional<std::int64_t> due;
  if (b.due >= 0 && (open || l.has(Metric::sla))) {
    due = time_of(rec, b.due, "due_at");
  }
  if (l.has(Metric::overdue) && status && due && status->is_overdue(*due, m_query.as_of)) {
    ++c[l.overdue_at()];
  }
  std::optional<std::int64_t> resolved;
  if (b.resolved >= 0) {
    resolved = time_of(rec, b.resolved, "resolved_at");
  }
  // Resolved before it was received: no resolution time, and no SLA answer either (a
  // Salesforce org's sample cases closed a year before their CreatedDate were all "on time").
  const bool before = resolved && received && *resolved < *received;
  if (before && (l.has(Metric::resolution) || l.has(Metric::sla))) {
    warn("resolved_at", "is before received_at; left out of resolution times and the SLA rate", rec.line,
         rec[static_cast<std::size_t>(b.resolved)]);
  }
  if (l.has(Metric::resolution) && resolved && received && !before) {
    const std::int64_t secs = *resolved - *received;
    ++c[l.resolution_at()];
    c[l.resolution_at() + 1] += secs;
    g.resolution.add(secs);
  }
  if (l.has(Metric::sla) && resolved && !before) {
    std::optional<std::int64_t> deadline = b.sla_due >= 0 ? time_of(rec, b.sla_due, "sla_due_at") : std::nullopt;
    if (!deadline) {
      deadline = due;
    }
    if (deadline) {
      ++c[l.sla_at()];
      c[l.sla_at() + 1] += *resolved <= *deadline ? 1 : 0;
    }
  }
  return resolved.has_value();
}

void Aggregator::count_followup(const csv::Record& rec, std::int64_t* c, std::optional<values::Status> status,
                                bool resolved) {
  const Binding& b = *m_bind;
  const Layout& l = *m_layout;
  const auto field = [&](int i) { return i < 0 ? std::string_view() : rec[static_cast<std::size_t>(i)]; };
  int followup_score = 0;
  if (b.followup_score >= 0) {
    const std::string_view s = rec[static_cast<std::size_t>(b.followup_score)];
    followup_score = values::score_cell(s);
    if (followup_score < 0) {
      warn("followup_score", "is not a score 1-5; skipped", rec.line, s);
    }
  }
  const std::string_view followup_text = field(b.followup_text);
  if (l.has(Metric::revisit) && ((status && !status->is_open()) || resolved)) {  // completed, closed
    ++c[l.revisit_at()];
    if (followup_score != 0 || !followup_text.empty() || !field(b.contact_method).empty()) {
      ++c[l.revisit_at() + 1];
    }
  }
  if (l.has(Metric::second)) {
    if (followup_score > 0) {
      ++c[l.second_at()];
      c[l.second_at() + 1] += followup_score >= 4 ? 1 : 0;
    } else if (followup_score == 0 && !followup_text.empty() && !values::is_blank(followup_text)) {
      ++c[l.second_at()];
      const std::string norm = normalize_followup(followup_text);
      for (const std::string& t : m_settings.satisfied_followup_texts) {
        if (!t.empty() && norm.find(t) != std::string::npos) {
          ++c[l.second_at() + 1];
          break;
        }
      }
    }
  }
}

void Aggregator::count_answers(const csv::Record& rec, Group& g) {
  const Binding& b = *m_bind;
  const Layout& l = *m_layout;
  std::int64_t* c = g.counts.data();
  if (b.fcr >= 0) {
    const std::string_view s = rec[static_cast<std::size_t>(b.fcr)];
    if (!s.empty()) {
      const std::string v = ascii_lower(values::trim(s));
      if (std::find(m_settings.fcr_yes.begin(), m_settings.fcr_yes.end(), v) != m_settings.fcr_yes.end()) {
        ++c[l.fcr_at()];
        ++c[l.fcr_at() + 1];
      } else if (std::find(m_settings.fcr_no.begin(), m_settings.fcr_no.end(), v) != m_settings.fcr_no.end()) {
        ++c[l.fcr_at()];
      } else if (!values::is_blank(s)) {
        warn(l.fcr_column[0], "is not a yes/no answer (stats.yaml fcr); skipped", rec.line, s);
      }
    }
  }
  if (!l.has_category) {
    ++c[l.complaints_at()];
  } else if (b.category >= 0) {
    const std::string_view cat = rec[static_cast<std::size_t>(b.category)];
    for (const std::string& k : m_settings.complaint_categories) {
      if (cat == k) {
        ++c[l.complaints_at()];
        break;
      }
    }
  }
  if (m_terms) {
    m_scratch_terms.clear();
    for (const int t : b.text) {
      m_terms->extract(rec[static_cast<std::size_t>(t)], m_scratch_terms);
    }
    std::sort(m_scratch_terms.begin(), m_scratch_terms.end());
    m_scratch_terms.erase(std::unique(m_scratch_terms.begin(), m_scratch_terms.end()), m_scratch_terms.end());
    for (const std::string& t : m_scratch_terms) {
      ++g.terms[t];
    }
  }
}

void Aggregator::add_input(ByteSource& source, text::LanguageScan* language) {
  csv::Reader reader(source);
  const std::vector<std::string> header = reader.read_header();
  begin_input(header, reader.name());
  if (language != nullptr) {
    language->header(header);
  }
  csv::Record rec;
  while (reader.next(rec)) {
    if (language != nullptr && language->wants_rows()) {
      language->row(rec.fields);
    }
    add(rec);
  }
}

void Aggregator::merge(const Aggregator& other, const std::string& name) {
  if (!other.m_layout) {
    return;
  }
  if (!m_layout) {
    set_layout(*other.m_layout);
  } else if (m_layout->describe() != other.m_layout->describe()) {
    throw ConfigError(name + ": this partial state was computed with other options or columns than the first:\n" +
                      m_layout->describe() + "versus\n" + other.m_layout->describe());
  }
  m_rows_read += other.m_rows_read;
  for (const Group& og : other.m_groups) {
    Group& g = group(og.keys);
    for (std::size_t i = 0; i < g.counts.size(); ++i) {
      g.counts[i] += og.counts[i];
    }
    g.resolution.merge(og.resolution);
    for (const auto& [term, n] : og.terms) {
      g.terms[term] += n;
    }
  }
}

}  // namespace fbkit::stats

#include "import/convert.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>

#include "core/schema.hpp"
#include "text/glob.hpp"
#include "text/unicode.hpp"
#include "values/zone.hpp"

namespace fbkit::import {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string format_number(double v) {
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.10g", v);
  }
  return buf;
}

bool is_plain_integer(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    s.remove_prefix(1);
  }
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

template <typename T>
Converted from_parsed(const values::Parsed<T>& parsed, std::string (*render)(const T&)) {
  Converted c;
  if (parsed.blank) {
    c.blank = true;
  } else if (parsed.value) {
    c.value = render(*parsed.value);
  } else {
    c.problem = parsed.error;
  }
  return c;
}

std::string render_string(const std::string& s) {
  return s;
}
std::string render_int(const int& v) {
  return std::to_string(v);
}
std::string render_double(const double& v) {
  return format_number(v);
}

// Whether `a` and `b` are at most one edit apart (an insertion, a deletion or
// a substitution of one byte): linear, for short ASCII answers.
bool within_one_edit(std::string_view a, std::string_view b) {
  if (a.size() > b.size()) {
    std::swap(a, b);
  }
  if (b.size() - a.size() > 1) {
    return false;
  }
  std::size_t i = 0;
  while (i < a.size() && a[i] == b[i]) {
    ++i;
  }
  // Past the first difference the rest must agree: after a substitution
  // (same lengths) or after the byte b has more.
  return a.size() == b.size() ? a.substr(i + (i < a.size() ? 1 : 0)) == b.substr(i + (i < b.size() ? 1 : 0))
                              : a.substr(i) == b.substr(i + 1);
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A Likert answer of the profile's `scores`: exactly (normalized), or an
// ASCII answer of 5-40 bytes within one edit of answers of one score only.
std::optional<int> likert_score(const Profile& p, std::string_view v) {
  if (p.scores.empty()) {
    return std::nullopt;
  }
  const std::string key = text::normalize_key(v);
  if (const auto hit = p.scores.find(key); hit != p.scores.end()) {
    return hit->second;
  }
  if (key.size() < 5 || key.size() > 40 || !is_ascii(key)) {
    return std::nullopt;
  }
  std::optional<int> found;
  for (const auto& [answer, score] : p.scores) {
    if (answer.size() >= 5 && within_one_edit(key, answer)) {
      if (found && *found != score) {
        return std::nullopt;  // "agree" or "disagree"? neither
      }
      found = score;
    }
  }
  return found;
}

// A number column: NPS 0-10, a duration in seconds, minutes (a number, or a
// duration turned into minutes), or any number.
Converted convert_number(const std::string& target, std::string_view v) {
  if (target == "nps_score") {
    return from_parsed(values::parse_nps(v), render_int);
  }
  if (target == "survey_duration_s") {
    return from_parsed(values::parse_duration_seconds(v), render_double);
  }
  if (target == "contact_minutes") {
    const auto n = values::parse_number(v);
    if (n.value || n.blank) {
      return from_parsed(n, render_double);
    }
    const auto d = values::parse_duration_seconds(v);
    if (d.value) {
      return Converted{format_number(*d.value / 60.0), "", false, false};
    }
    return from_parsed(n, render_double);
  }
  return from_parsed(values::parse_number(v), render_double);
}

// A code of the column's list; a channel we have no code for is still a channel ("other").
Converted convert_code(const schema::Column& col, const std::string& target, std::string_view v) {
  const std::string key = text::normalize_key(v);
  for (const std::string_view code : col.codes) {
    if (key == code) {
      return Converted{std::string(code), "", false, false};
    }
  }
  Converted c;
  if (target == "channel") {
    c.value = "other";
  }
  c.problem = "unknown value";
  return c;
}

// The zero dates systems write for "no date": SQL Server's and Excel's day 1
// (1900-01-01), Excel's and OLE's day 0 (1899-12-30/31), the Unix epoch,
// .NET's and Go's zero time (0001-01-01), each at midnight exactly. No
// feedback was given then; the column is left empty, and counted.
bool is_placeholder_time(const std::string& iso) {
  static const std::array<std::string_view, 5> kZero = {"1900-01-01T00:00:00", "1899-12-30T00:00:00",
                                                        "1899-12-31T00:00:00", "1970-01-01T00:00:00",
                                                        "0001-01-01T00:00:00"};
  return std::find(kZero.begin(), kZero.end(), iso) != kZero.end();
}

// A value of a typed canonical column (not text, not a score), not blank.
Converted convert_typed(const Profile& p, const schema::Column& col, const std::string& target, std::string_view raw,
                        std::string_view v, std::string_view latest) {
  switch (col.type) {
    case schema::Type::datetime: {
      std::optional<int> offset;
      Converted c = from_parsed(values::parse_datetime(v, p.date_order, true, offset), render_string);
      if (is_placeholder_time(c.value)) {
        c.problem = "placeholder date " + c.value.substr(0, 10) + ", meaning none";
        c.value.clear();
        return c;
      }
      if (offset && !c.value.empty()) {
        // Canonical times are local times of the zone in effect (--tz): 20:00Z is 04:00 in Shanghai.
        c.value = values::to_local_time(c.value, *offset);
        c.had_offset = true;
      }
      // Canonical datetimes compare as text. due_at may lie ahead; these may not.
      if (!latest.empty() && !c.value.empty() && c.value > latest &&
          (target == "received_at" || target == "resolved_at")) {
        c.problem = "in the future";
        c.kept_raw = c.future = true;
      }
      return c;
    }
    case schema::Type::decimal:
      return from_parsed(values::parse_money(v), render_string);
    case schema::Type::number:
      return convert_number(target, v);
    case schema::Type::list: {
      Converted c;
      c.value = values::join_list(values::parse_multiselect(v));
      c.blank = c.value.empty();
      return c;
    }
    case schema::Type::enumeration:
      return convert_code(col, target, v);
    default:
      return Converted{std::string(raw), "", false, false};
  }
}

// A value map's answer for a normalized value: its own key, else the longest key
// with a `*` that matches it (`waiting on *`: a help desk's own "Waiting on
// <company>" statuses), else none.
const std::string* mapped_value(const std::map<std::string, std::string>& map, const std::string& key) {
  if (const auto hit = map.find(key); hit != map.end()) {
    return &hit->second;
  }
  const std::string* best = nullptr;
  std::size_t best_size = 0;
  for (const auto& [pattern, value] : map) {
    if (pattern.find('*') != std::string::npos && pattern.size() > best_size && text::glob_match(pattern, key)) {
      best = &value;
      best_size = pattern.size();
    }
  }
  return best;
}

}  // namespace

Converted convert_value(const Profile& p, const std::string& target, std::string_view raw, std::string_view latest) {
  std::string_view v = trim(raw);
  std::string mapped;
  if (const auto map = p.values.find(target); map != p.values.end() && !v.empty()) {
    if (const std::string* hit = mapped_value(map->second, text::normalize_key(v))) {
      mapped = *hit;
      v = mapped;
    }
  }
  const schema::Column* col = schema::find(target);
  if (schema::is_text(target) || (col != nullptr && col->type == schema::Type::string)) {
    Converted c;
    c.value = std::string(raw);  // the customer's words, exactly as written
    c.blank = v.empty();
    if (target != "text" && !schema::is_text(target) && values::is_blank(v)) {
      c.value.clear();  // an id or name written as "-" / "N/A" means none
      c.blank = true;
    }
    return c;
  }
  if (values::is_blank(v)) {
    Converted c;
    c.blank = true;
    return c;
  }
  if (schema::is_score(target) || (col != nullptr && col->type == schema::Type::score)) {
    if (const std::optional<int> likert = likert_score(p, v)) {
      return Converted{std::to_string(*likert), "", false, false};
    }
    Converted c = from_parsed(values::parse_score(v), render_int);
    if (!c.problem.empty() && is_plain_integer(v)) {
      c.value = std::string(v);  // out of range: kept so that clean flags and empties it
      c.kept_raw = true;
    }
    return c;
  }
  if (col == nullptr) {
    return Converted{std::string(raw), "", false, false};
  }
  return convert_typed(p, *col, target, raw, v, latest);
}

ColumnConverter::ColumnConverter(const Profile& p, std::string target, std::string latest)
    : m_profile(p), m_target(std::move(target)), m_latest(std::move(latest)) {
  const schema::Column* col = schema::find(m_target);
  const bool mapped = p.values.count(m_target) != 0;
  // Codes and scores repeat; dates, amounts and text mostly do not.
  m_cached = mapped || schema::is_score(m_target) ||
             (col != nullptr &&
              (col->type == schema::Type::enumeration || col->type == schema::Type::score || m_target == "nps_score"));
}

const Converted& ColumnConverter::convert(std::string_view raw) {
  if (!m_cached) {
    m_last = convert_value(m_profile, m_target, raw, m_latest);
    return m_last;
  }
  const std::string key(raw);
  if (const auto hit = m_cache.find(key); hit != m_cache.end()) {
    return hit->second;
  }
  if (m_cache.size() >= kCacheLimit) {
    m_last = convert_value(m_profile, m_target, raw, m_latest);
    return m_last;
  }
  return m_cache.emplace(key, convert_value(m_profile, m_target, raw, m_latest)).first->second;
}

}  // namespace fbkit::import

#include "values/canonical.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "values/parse.hpp"

namespace fbkit::values {

namespace {

constexpr std::string_view kStatusNames[Status::kCount] = {"not_started", "in_progress", "completed", "closed"};

}  // namespace

std::optional<Status> Status::parse(std::string_view code) {
  for (int i = 0; i < kCount; ++i) {
    if (code == kStatusNames[i]) {
      return Status(static_cast<Code>(i));
    }
  }
  return std::nullopt;
}

std::string_view Status::name() const {
  return kStatusNames[m_code];
}

int score_cell(std::string_view s) {
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '5') {
    return s[0] - '0';
  }
  if (s.empty()) {
    return 0;
  }
  const auto p = parse_score(s);
  return p.blank ? 0 : p.value ? *p.value : -1;
}

int nps_cell(std::string_view s) {
  if (s.size() == 1 && s[0] >= '0' && s[0] <= '9') {
    return s[0] - '0';
  }
  if (s == "10") {
    return 10;
  }
  if (s.empty()) {
    return -1;
  }
  const auto p = parse_nps(s);
  return p.blank ? -1 : p.value ? *p.value : -2;
}

bool parse_decimal(std::string_view s, double& out) {
  if (!s.empty() && s.size() <= 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int v = 0;  // the common case, a score: no need for from_chars
    for (const char c : s) {
      v = v * 10 + (c - '0');
    }
    out = v;
    return true;
  }
  if (s.size() > 1 && s.front() == '+' && s[1] != '-') {
    s.remove_prefix(1);  // what strtod takes and from_chars does not
  }
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(out);
}

}  // namespace fbkit::values

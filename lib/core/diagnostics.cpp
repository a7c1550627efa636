#include "core/diagnostics.hpp"

#include <algorithm>
#include <tuple>

namespace fbkit {

void Diagnostics::error(const Location& where, const std::string& what) {
  if (m_kept.size() >= m_cap) {
    ++m_omitted;
    return;
  }
  if (std::find(m_files.begin(), m_files.end(), where.file) == m_files.end()) {
    m_files.push_back(where.file);
  }
  m_kept.push_back(Diagnostic{where, what});
}

void Diagnostics::error(const ConfigError& e) {
  if (e.where().file.empty()) {
    // Built from a whole message (or several): no place to sort by.
    for (const std::string& m : e.messages()) {
      error(Location{}, m);
    }
    m_omitted += e.omitted();
    return;
  }
  error(e.where(), e.detail());
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = m_kept;
  const auto rank = [&](const Diagnostic& d) {
    const auto file = std::find(m_files.begin(), m_files.end(), d.where.file) - m_files.begin();
    return std::make_tuple(file, d.where.line, d.where.col);
  };
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
  return out;
}

std::vector<std::string> Diagnostics::messages() const {
  std::vector<std::string> out;
  for (const Diagnostic& d : sorted()) {
    out.push_back(d.message());
  }
  return out;
}

void Diagnostics::checkpoint() const {
  if (!empty()) {
    throw ConfigError(messages(), m_origin, m_omitted);
  }
}

}  // namespace fbkit

#include "stats/state.hpp"

#include <algorithm>
#include <charconv>

#include "core/error.hpp"
#include "core/strings.hpp"
#include "stats/aggregate.hpp"

namespace fbkit::stats {

namespace {

constexpr std::string_view kMagic = "fbkit-stats-partial\t1";

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i <= line.size();) {
    const std::size_t j = std::min(line.find('\t', i), line.size());
    out.push_back(line.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

bool to_int(std::string_view s, std::int64_t& v) {
  const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

std::string escape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string unescape_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      out += n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n;
    } else {
      out += s[i];
    }
  }
  return out;
}

void write_state(const Aggregator& agg, ByteSink& out) {
  std::string text(kMagic);
  text += '\n';
  text += agg.layout().describe();
  text += "rows_read\t" + std::to_string(agg.rows_read()) + "\n";
  std::vector<const Group*> groups;
  for (const Group& g : agg.groups()) {
    groups.push_back(&g);
  }
  std::sort(groups.begin(), groups.end(), [](const Group* a, const Group* b) { return a->keys < b->keys; });
  text += "groups\t" + std::to_string(groups.size()) + "\n";
  for (const Group* g : groups) {
    text += "g";
    for (const std::string& k : g->keys) {
      text += '\t' + escape_text(k);
    }
    text += "\nc";
    for (const std::int64_t c : g->counts) {
      text += '\t' + std::to_string(c);
    }
    text += "\nq\t" + g->resolution.serialize() + "\n";
    for (const auto& [term, n] : g->terms) {
      text += "t\t" + escape_text(term) + "\t" + std::to_string(n) + "\n";
    }
    if (text.size() > (1 << 20)) {
      out.write(text.data(), text.size());
      text.clear();
    }
  }
  text += "end\n";
  out.write(text.data(), text.size());
  out.commit();
}

namespace {

// A partial state's lines and the one being read.
struct StateLines {
  std::string path;
  std::vector<std::string_view> lines;
  std::size_t at = 0;
  DataError bad(const std::string& what) const {
    return DataError(Location{path, static_cast<std::int64_t>(at + 1), 0}, what);
  }
};

// One line of the layout (by, period, from, to, where, as_of, terms, metrics, scores, category, fcr).
void read_layout_line(const StateLines& in, Layout& layout) {
  Query& q = layout.query;
  const auto f = split_tabs(in.lines[in.at]);
  const std::string_view name = f[0];
  std::int64_t v = 0;
  if (name == "by") {
    for (std::size_t i = 1; i < f.size(); ++i) {
      q.by.push_back(unescape_text(f[i]));
    }
  } else if (name == "period" && f.size() == 2) {
    const auto k = parse_period_kind(f[1]);
    q.period = k ? *k : PeriodKind::none;
    if (!k && f[1] != "none") {
      throw in.bad("unknown period " + quote_value(f[1]));
    }
  } else if ((name == "from" || name == "to") && f.size() == 2) {
    if (f[1] != "-") {
      if (!to_int(f[1], v)) {
        throw in.bad("malformed line");
      }
      (name == "from" ? q.from : q.to) = v;
    }
  } else if (name == "where" && f.size() == 2) {
    q.where.push_back(parse_filter(unescape_text(f[1])));
  } else if (name == "as_of" && f.size() == 2 && to_int(f[1], v)) {
    q.as_of = v;
  } else if (name == "terms" && f.size() == 2) {
    q.terms = f[1] == "1";
  } else if (name == "metrics") {
    for (std::size_t i = 1; i < f.size(); ++i) {
      const auto m = parse_metric(f[i]);
      if (!m) {
        throw in.bad("unknown metric " + quote_value(f[i]));
      }
      layout.metrics.push_back(*m);
    }
  } else if (name == "scores") {
    for (std::size_t i = 1; i < f.size(); ++i) {
      layout.scores.push_back(unescape_text(f[i]));
    }
  } else if (name == "category" && f.size() == 2) {
    layout.has_category = f[1] == "1";
  } else if (name == "fcr") {
    for (std::size_t i = 1; i < f.size(); ++i) {
      layout.fcr_column.push_back(unescape_text(f[i]));
    }
  } else {
    throw in.bad("malformed line");
  }
}

// One group: its g line, counters, quantile sketch and terms; `at` ends past them.
void read_group(StateLines& in, Aggregator& part, const Layout& layout, std::size_t keys) {
  const auto g = split_tabs(in.lines[in.at]);
  if (g[0] != "g" || g.size() != keys + 1) {
    throw in.bad("expected a group line with " + std::to_string(keys) + " key(s)");
  }
  std::vector<std::string> key;
  for (std::size_t i = 1; i < g.size(); ++i) {
    key.push_back(unescape_text(g[i]));
  }
  Group& group = part.group(key);
  ++in.at;
  const auto c = in.at < in.lines.size() ? split_tabs(in.lines[in.at]) : std::vector<std::string_view>{};
  if (c.empty() || c[0] != "c" || c.size() != layout.width() + 1) {
    throw in.bad("expected " + std::to_string(layout.width()) + " counters");
  }
  for (std::size_t i = 1; i < c.size(); ++i) {
    if (!to_int(c[i], group.counts[i - 1]) || group.counts[i - 1] < 0) {
      throw in.bad("malformed counter");
    }
  }
  ++in.at;
  if (in.at >= in.lines.size() || in.lines[in.at].substr(0, 2) != "q\t" ||
      !group.resolution.deserialize(in.lines[in.at].substr(2))) {
    throw in.bad("malformed quantile sketch");
  }
  ++in.at;
  while (in.at < in.lines.size() && in.lines[in.at].substr(0, 2) == "t\t") {
    const auto t = split_tabs(in.lines[in.at]);
    std::int64_t n = 0;
    if (t.size() != 3 || !to_int(t[2], n)) {
      throw in.bad("malformed term line");
    }
    group.terms[unescape_text(t[1])] += n;
    ++in.at;
  }
}

}  // namespace

void merge_state(Aggregator& agg, const std::string& path) {
  const std::string data = read_file(path);
  StateLines in;
  in.path = path;
  for (std::size_t i = 0; i < data.size();) {
    const std::size_t j = std::min(data.find('\n', i), data.size());
    in.lines.push_back(std::string_view(data).substr(i, j - i));
    i = j + 1;
  }
  const auto& lines = in.lines;
  if (lines.empty() || lines[0] != kMagic) {
    throw DataError(Location{path, 1, 0}, "not a partial state of fbkit stats (written by 'fbkit stats --partial')");
  }
  // The layout lines, up to rows_read.
  Layout layout;
  for (in.at = 1; in.at < lines.size() && lines[in.at].substr(0, 10) != "rows_read\t"; ++in.at) {
    read_layout_line(in, layout);
  }
  std::int64_t rows = 0;
  if (in.at >= lines.size() || !to_int(lines[in.at].substr(10), rows)) {
    throw in.bad("missing rows_read");
  }
  Aggregator part(layout.query, agg.settings());
  part.set_layout(layout);
  part.set_rows_read(rows);
  ++in.at;
  std::int64_t expected = 0;
  if (in.at >= lines.size() || lines[in.at].substr(0, 7) != "groups\t" || !to_int(lines[in.at].substr(7), expected)) {
    throw in.bad("missing group count");
  }
  ++in.at;
  const std::size_t keys = layout.key_columns().size();
  std::int64_t seen = 0;
  while (in.at < lines.size() && lines[in.at] != "end") {
    read_group(in, part, layout, keys);
    ++seen;
  }
  if (in.at >= lines.size() || seen != expected) {
    throw in.bad("truncated partial state (" + std::to_string(seen) + " of " + std::to_string(expected) + " groups)");
  }
  agg.merge(part, path);
}

}  // namespace fbkit::stats

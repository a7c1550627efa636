// The names people read for the stable codes of the canonical CSV
// (config/labels.yaml): column names, the codes in a column, metric families,
// in zh and en. md, table and xtab output and the report show them; every
// option that takes a column, value or metric name accepts them (the one
// resolver of stats and report), so `--by 渠道 --where 渠道=电话` means
// `--by channel --where channel=phone`.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "stats/spec.hpp"
#include "stats/table.hpp"

namespace fbkit::stats {

// A name in both languages ("" when labels.yaml gives none).
struct Label {
  std::string zh, en;
  // The name in `lang` (zh or en); "" for another language.
  const std::string& in(const std::string& lang) const;
};

class Labels {
public:
  // labels.yaml of the store laid over the built-in file; ConfigError
  // FILE:LINE:COL naming every mistake.
  static Labels load(const config::Store& store);

  // The name of column `name` in `lang`: its own label, or its stem's and
  // suffix's (csat_lo: 满意度下限); `name` itself when it has none.
  std::string column(const std::string& name, const std::string& lang) const;
  // The value labels in `lang`: column -> code -> label (empty labels left out).
  std::map<std::string, std::map<std::string, std::string>> values(const std::string& lang) const;

  // The canonical column a typed name means: the name when it is a column's
  // own name or no column's label, else the column whose zh or en label it
  // is (composed labels too). UsageError "OPTION: 'X' names several columns:
  // a, b" when it is the label of more than one.
  std::string resolve_column(const std::string& typed, const std::string& option) const;
  // The code of `column` a typed value means (a code, or the label of one).
  std::string resolve_value(const std::string& column, const std::string& typed, const std::string& option) const;
  // The metric family a typed name means (its name, or its label).
  std::string resolve_metric(const std::string& typed, const std::string& option) const;
  // A --where condition with its columns and =/!= values resolved (text as typed).
  Filter resolve(Filter f) const;
  // "满意度,nps" (--metrics): each family resolved, commas kept.
  std::string resolve_metrics(const std::string& list) const;

  // column -> code -> label.
  using ValueLabels = std::map<std::string, std::map<std::string, Label>>;
  // Value labels of columns labels.yaml has none for (classify.yaml's
  // categories and issues, which take a while to load), read only when first
  // needed: a value resolved in such a column, or values().
  void defer(std::function<ValueLabels()> load);

private:
  // The label of column `name` in `lang`, its own or composed; "" when none.
  std::string composed(const std::string& name, const std::string& lang) const;
  // The columns whose label (exact or composed) is `typed`.
  std::vector<std::string> column_meanings(const std::string& typed) const;

  std::map<std::string, Label> m_columns;
  std::vector<std::pair<std::string, Label>> m_suffixes;  // "_lo" -> 下限, in file order
  std::map<std::string, Label> m_metrics;
  // The labels of `column`'s values (labels.yaml's, else the deferred ones); null when none.
  const std::map<std::string, Label>* value_labels(const std::string& column) const;

  ValueLabels m_values;
  // The deferred loader runs at most once, on a const lookup: what it adds
  // changes no answer given before (it labels columns that had none).
  mutable std::function<ValueLabels()> m_load;
  mutable ValueLabels m_loaded;
};

// The table in `lang`: its column names labelled, and the codes of its key
// columns (the changes table's metric column: its column names).
Table relabel(const Table& t, const Labels& labels, const std::string& lang);

// The canonical text of a condition: `column=v,w`, `column!=v`, `column<N`
// ..., `a|b`; parse_filter() of it gives the same condition.
std::string filter_text(const Filter& f);

}  // namespace fbkit::stats

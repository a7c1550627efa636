// The `when` conditions of a rule (the rest of a rule file is loader.cpp's).
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "classify/loader_tree.hpp"
#include "core/strings.hpp"

namespace fbkit::classify {

namespace {

// "base.key", the key path of a child.
std::string join_path(const std::string& base, const std::string& key) {
  return base.empty() ? yaml::path_key(key) : base + "." + yaml::path_key(key);
}

// Adds the condition on `field` to `out`, or records why it cannot be read.
void load_condition(const std::string& field, const yaml::Node& v, std::vector<Condition>& out, Diagnostics& diag) {
  Condition c;
  c.field = field;
  c.where = v.location();
  if (v.is_sequence()) {
    c.op = Condition::Op::in;
    if (!diag.attempt([&] { c.values = v.strings(); })) {
      return;
    }
    if (c.values.empty()) {
      yaml::record(diag, v, "an empty list matches no row");
      return;
    }
    out.push_back(std::move(c));
    return;
  }
  std::string s;
  if (!diag.attempt([&] { s = v.str(); })) {
    return;
  }
  static const std::pair<const char*, Condition::Op> kOps[] = {{"<=", Condition::Op::le}, {">=", Condition::Op::ge},
                                                               {"==", Condition::Op::eq}, {"!=", Condition::Op::ne},
                                                               {"<", Condition::Op::lt},  {">", Condition::Op::gt}};
  for (const auto& [text, op] : kOps) {
    const std::string_view sv(text);
    if (s.rfind(sv, 0) == 0) {
      std::string rest = s.substr(sv.size());
      rest.erase(0, rest.find_first_not_of(' '));
      char* end = nullptr;
      c.number = std::strtod(rest.c_str(), &end);
      if (rest.empty() || end != rest.c_str() + rest.size() || !std::isfinite(c.number)) {
        yaml::record(diag, v, "expected a number after '" + std::string(sv) + "', found " + quote_value(rest));
        return;
      }
      c.op = op;
      out.push_back(std::move(c));
      return;
    }
  }
  c.op = Condition::Op::glob;
  c.values = {s};
  out.push_back(std::move(c));
}

}  // namespace

// The conditions of `when`: a mapping of column to condition.
void load_when(const yaml::Node& when, std::vector<Condition>& out, Diagnostics& diag) {
  if (when.is_null() || !yaml::check_map(when, {}, diag, true)) {
    return;
  }
  for (const auto& kv : when.raw()) {
    if (!kv.first.IsMap() && !kv.first.IsSequence()) {  // check_map recorded the others
      const std::string field = kv.first.as<std::string>();
      load_condition(field, when.at(kv.second, join_path(when.path(), field), kv.first.Mark()), out, diag);
    }
  }
}

}  // namespace fbkit::classify

// The canonical feedback table of CONTRACT.md: column names, their order and
// the codes of the enumerated columns. One place, shared by every command.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbkit::schema {

enum class Type { string, datetime, enumeration, score, decimal, number, list };

struct Column {
  std::string_view name;
  Type type;
  std::vector<std::string_view> codes;  // for enumerations
};

// The known columns in canonical order (score_<name> and text_<name> columns
// that are not listed sort with their families, see canonical_rank()).
const std::vector<Column>& columns();

// The column named `name`, if it is a listed canonical column.
const Column* find(std::string_view name);

// Sort key of a column name in canonical order: listed columns by position;
// further score_<x> after the listed scores, further text_<x> after text;
// anything else after all canonical columns (keeping its input order).
int canonical_rank(std::string_view name);

// Whether `name` is a score dimension (score_<x>, 1-5).
bool is_score(std::string_view name);
// Whether `name` is free text a rule may read (text or text_<x>).
bool is_text(std::string_view name);

// The columns classify appends, in order (category, issue, ... matched_rules, praise_aspect).
const std::vector<std::string>& classify_columns();

// Provenance columns appended by import.
inline constexpr std::string_view kSourceFile = "source_file";
inline constexpr std::string_view kSourceLine = "source_line";

}  // namespace fbkit::schema

// Where the columns of clean's input are, and what clean does with each.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "clean/rules.hpp"
#include "text/pseudonym.hpp"

namespace fbkit::clean {

// Where the columns of the input are and what clean does with each.
struct Layout {
  std::vector<std::string> header;  // the output header (flags appended if absent)
  std::size_t input_width = 0;
  // Set when customer_id values may be replaced by pseudonyms: the key, made
  // (or read) the first time a row needs it, on any thread.
  std::shared_ptr<text::LazyKey> pseudonym_key;
  std::vector<std::size_t> text_cols, mask_cols, score_cols, nps_cols, hash_cols, dims;
  std::vector<std::pair<std::size_t, const std::map<std::string, std::string>*>> alias_cols;
  std::ptrdiff_t id = -1, text = -1, customer = -1, received = -1, overall = -1, duration = -1, flags = -1,
                 channel = -1;
  std::vector<std::size_t> all_scores;  // score_cols that are score_<x> (for straight-lining)

  // The layout of an input with header `in` under `rules`.
  Layout(const Rules& rules, const std::vector<std::string>& in);
};

}  // namespace fbkit::clean

// The input rows of a fastText classifier for a line of tokens, found as
// fastText's Dictionary::getLine() finds them and in the same order (so the sum
// of the rows and the probability are the same to the bit), without its
// istream, string copies and std::unordered_map lookup per word n-gram: that
// path was 40% of classify's time. Built once from a loaded model.
#pragma once

#include <fasttext/fasttext.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fbkit::classify {

class InputRows {
public:
  explicit InputRows(const fasttext::FastText& model);

  // false for a model with character n-grams (-maxn): use fastText's own path.
  bool usable() const { return m_usable; }
  // The input rows of `tokens` (separated by white space, as fastText reads).
  void rows(std::string_view tokens, std::vector<std::int32_t>& out) const;

private:
  std::int32_t word_id(std::string_view token, std::uint32_t h) const;
  std::int32_t pruned_row(std::int32_t bucket) const;
  std::size_t ngram_slot(std::int32_t bucket) const;

  static constexpr std::uint16_t kNoRow = 0xFFFF;
  bool m_usable = false;
  std::int32_t m_word_ngrams = 1;
  std::uint64_t m_bucket = 1;
  std::string m_label;
  std::int32_t m_nwords = 0;
  std::vector<std::string> m_words;                                  // by id: the words (labels excluded)
  std::vector<std::uint32_t> m_word_hash;                            // by id: Dictionary::hash of the word
  std::vector<std::int32_t> m_word_slots;                            // open addressing on the hash: id or -1
  std::int64_t m_prune_size = -1;                                    // as Dictionary: -1 all n-grams kept, 0 none
  std::vector<std::uint16_t> m_ngram_rows;                           // by bucket: the kept row or kNoRow (or empty)
  std::vector<std::pair<std::int32_t, std::int32_t>> m_ngram_slots;  // else bucket -> row, bucket -1 empty
};

}  // namespace fbkit::classify

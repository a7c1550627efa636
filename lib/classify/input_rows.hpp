// The input rows of a fastText classifier for a line of tokens, found as
// fastText's Dictionary::getLine() finds them and in the same order (so the sum
// of the rows and the probability are the same to the bit), without its
// istream, string copies and std::unordered_map lookup per word n-gram: that
// path was 40% of classify's time. Built once from a loaded model.
#pragma once

#include <fasttext/fasttext.h>

#include <array>
#include <cstdint>
#include <memory>
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
  // The input rows of the line `tokens` (separated by white space, as fastText
  // reads; the line's end is the word </s>, as in every line it learned from).
  void rows(std::string_view tokens, std::vector<std::int32_t>& out) const;
  // The same for the tokens of `texts` (each_token(), tokens.hpp), found in one
  // walk of the texts: rows(the tokenize() of each text, joined). False, with
  // `out` empty, when they hold no token.
  bool rows_of(const std::vector<std::string_view>& texts, std::vector<std::int32_t>& out) const;
  // FastText::predict(1, rows, ...) of a model whose input matrix is dense:
  // the best label and its log-probability; false when `rows` is empty. The
  // hidden vector is summed here (the same float additions in the same order,
  // a row at a time instead of a virtual call per row); fastText's own loss
  // turns it into the probability.
  bool predict(const std::vector<std::int32_t>& rows, fasttext::real& log_p, std::int32_t& label) const;

private:
  // A token of the line (rows()'s loop): its row in `out` when it is a word, its
  // hash in `hashes` unless it is a label; false when it is </s>, which ends the line.
  bool add_token(std::string_view token, std::vector<std::int32_t>& hashes, std::vector<std::int32_t>& out) const;
  // The line's end: the word </s>, then the n-grams.
  void end_line(std::vector<std::int32_t>& hashes, std::vector<std::int32_t>& out) const;
  // The id of `token` (-1: not a word of the model); `h` its hash, `bytes` its short_word().
  std::int32_t word_id(std::string_view token, std::uint32_t h, std::uint64_t bytes) const;
  // The word n-grams' rows of the words' `hashes`, after the words' rows in `out`.
  void add_ngrams(const std::vector<std::int32_t>& hashes, std::vector<std::int32_t>& out) const;
  // The row of a kept n-gram bucket in m_ngram_slots (-1: pruned away).
  std::int32_t pruned_row(std::int32_t bucket) const;
  std::size_t ngram_slot(std::int32_t bucket) const;

  // The CJK fast path of rows(): a token of one character from U+3000 to
  // U+9FFF (3 bytes, E3 to E9 lead), the most common, has its word id in
  // m_cjk_ids (by code point less kCjkFirst; -1: not a word), found without
  // hashing and probing. Empty when the label prefix could begin such a token.
  static constexpr std::uint32_t kCjkFirst = 0x3000, kCjkLast = 0x9FFF;
  std::vector<std::int32_t> m_cjk_ids;
  // Whether `token` is one such character.
  bool cjk_token(std::string_view token) const;

  static constexpr std::uint16_t kNoRow = 0xFFFF;
  std::shared_ptr<const fasttext::DenseMatrix> m_input;  // null: FastText::predict() sums
  std::shared_ptr<fasttext::Loss> m_loss;
  std::int32_t m_labels = 0;
  const fasttext::FastText* m_model = nullptr;
  bool m_usable = false;
  std::int32_t m_word_ngrams = 1;
  std::uint64_t m_bucket = 1;
  std::array<std::uint64_t, 2> m_bucket_inverse{};  // (2^128 - 1) / m_bucket + 1, high and low half
  std::string m_label;
  std::int32_t m_nwords = 0;
  std::uint32_t m_eos_hash = 0;  // the word </s>, the end of every line
  std::int32_t m_eos_id = -1;
  std::vector<std::string> m_words;  // by id: the words (labels excluded)
  // Open addressing on the hash: a word of at most 8 bytes is compared in its
  // slot (its bytes, zero-padded: no word holds a NUL), a longer one by m_words.
  struct WordSlot {
    std::uint64_t bytes = 0;
    std::uint32_t hash = 0;
    std::int32_t id = -1;  // -1: empty
  };
  std::vector<WordSlot> m_word_slots;
  std::int64_t m_prune_size = -1;                                    // as Dictionary: -1 all n-grams kept, 0 none
  std::vector<std::uint16_t> m_ngram_rows;                           // by bucket: the kept row or kNoRow (or empty)
  std::vector<std::pair<std::int32_t, std::int32_t>> m_ngram_slots;  // else bucket -> row, bucket -1 empty
};

}  // namespace fbkit::classify

#include "classify/input_rows.hpp"

#include <fasttext/loss.h>

#include <algorithm>
#include <array>
#include <unordered_map>

#include "classify/tokens.hpp"

namespace fbkit::classify {

namespace {

// fastText's dictionary keeps the index of the word n-grams a quantized model
// kept (-cutoff) to itself: named through a derived class, as C++ allows.
struct PruneIndex : fasttext::Dictionary {
  static const std::unordered_map<std::int32_t, std::int32_t>& of(const fasttext::Dictionary& d) {
    return d.*&PruneIndex::pruneidx_;
  }
  static std::int64_t size(const fasttext::Dictionary& d) { return d.*&PruneIndex::pruneidx_size_; }
};

// The loss of fastText's model and the model of a FastText, likewise.
struct ModelLoss : fasttext::Model {
  static const std::shared_ptr<fasttext::Loss>& of(const fasttext::Model& m) { return m.*&ModelLoss::loss_; }
};
struct FastTextParts : fasttext::FastText {
  static const std::shared_ptr<fasttext::Model>& model(const fasttext::FastText& f) {
    return f.*&FastTextParts::model_;
  }
  static const std::shared_ptr<fasttext::Matrix>& input(const fasttext::FastText& f) {
    return f.*&FastTextParts::input_;
  }
};

__extension__ using Wide = unsigned __int128;

// h % d without a division (Lemire, Kaser, Kurz, "Faster remainder by direct
// computation", 2019: exact for every 64-bit h and d >= 1), m = (2^128 - 1) / d + 1.
std::uint64_t remainder(std::uint64_t h, Wide m, std::uint64_t d) {
  const Wide low = m * h;
  const Wide bottom = (low & UINT64_MAX) * d >> 64;
  return static_cast<std::uint64_t>((bottom + (low >> 64) * d) >> 64);
}

// hidden[j] = the sum of row[j] over `rows` of `matrix`, each row added in turn
// (each hidden[j] sees the same additions in the same order as one loop over
// the rows, a vector of them at a time or not); sum_rows<Dim>: the width known
// when compiled.
void sum_rows(const fasttext::real* matrix, std::int64_t dim, const std::vector<std::int32_t>& rows,
              fasttext::real* hidden) {
  std::fill(hidden, hidden + dim, fasttext::real(0));
  for (const std::int32_t r : rows) {
    const fasttext::real* row = matrix + static_cast<std::int64_t>(r) * dim;
    for (std::int64_t j = 0; j < dim; ++j) {
      hidden[j] += row[j];
    }
  }
}
template <std::int64_t Dim>
void sum_rows(const fasttext::real* matrix, const std::vector<std::int32_t>& rows, fasttext::real* hidden) {
  std::array<fasttext::real, Dim> acc{};
  for (const std::int32_t r : rows) {
    const fasttext::real* row = matrix + static_cast<std::int64_t>(r) * Dim;
    for (std::int64_t j = 0; j < Dim; ++j) {
      acc[static_cast<std::size_t>(j)] += row[j];
    }
  }
  std::copy(acc.begin(), acc.end(), hidden);
}

std::size_t table_size(std::size_t n) {
  std::size_t size = 16;
  while (size < 2 * n) {
    size *= 2;
  }
  return size;
}

// The bytes that end a token, as fastText's Dictionary::readWord reads.
constexpr std::array<bool, 256> kSpace = [] {
  std::array<bool, 256> t{};
  for (const unsigned char c : {' ', '\n', '\r', '\t', '\v', '\f', '\0'}) {
    t[c] = true;
  }
  return t;
}();

bool space(char c) {
  return kSpace[static_cast<unsigned char>(c)];
}

// The first 8 bytes of a token as a number (byte k in bits 8k..8k+7); a token
// of 1 to 8 bytes has no NUL (a space), so two such tokens are equal when
// these are. kLongWord for a longer token (compared by its bytes).
constexpr std::uint64_t kLongWord = ~std::uint64_t{0};
void add_byte(std::uint64_t& bytes, std::size_t k, unsigned char c) {
  bytes |= k < 8 ? std::uint64_t{c} << (8 * (k & 7)) : 0;
}
std::uint64_t short_word(std::string_view w) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < w.size() && k < 8; ++k) {
    add_byte(v, k, static_cast<unsigned char>(w[k]));
  }
  return w.empty() || w.size() > 8 ? kLongWord : v;
}

}  // namespace

InputRows::InputRows(const fasttext::FastText& model) : m_model(&model) {
  const fasttext::Args a = model.getArgs();
  const auto dict = model.getDictionary();
  m_labels = dict->nlabels();
  m_input = std::dynamic_pointer_cast<const fasttext::DenseMatrix>(FastTextParts::input(model));
  m_loss = ModelLoss::of(*FastTextParts::model(model));
  if (m_loss == nullptr || a.model != fasttext::model_name::sup) {
    m_input = nullptr;
  }
  m_usable = a.maxn <= 0 && a.wordNgrams >= 1 && a.bucket > 0;
  if (!m_usable) {
    return;
  }
  m_word_ngrams = a.wordNgrams;
  m_bucket = static_cast<std::uint64_t>(a.bucket);
  const Wide m = ~Wide(0) / m_bucket + 1;
  m_bucket_inverse = {static_cast<std::uint64_t>(m >> 64), static_cast<std::uint64_t>(m)};
  m_label = a.label;
  m_nwords = dict->nwords();
  m_words.resize(static_cast<std::size_t>(m_nwords));
  m_word_slots.assign(table_size(m_words.size()), WordSlot{});
  const std::size_t mask = m_word_slots.size() - 1;
  for (std::int32_t id = 0; id < m_nwords; ++id) {
    std::string& w = m_words[static_cast<std::size_t>(id)];
    w = dict->getWord(id);
    const std::uint32_t h = dict->hash(w);
    std::size_t s = h & mask;
    while (m_word_slots[s].id >= 0) {
      s = (s + 1) & mask;
    }
    m_word_slots[s] = WordSlot{short_word(w), h, id};
  }
  if (m_label.empty() || static_cast<unsigned char>(m_label[0]) < 0x80) {
    m_cjk_ids.resize(kCjkLast - kCjkFirst + 1);
    for (std::uint32_t cp = kCjkFirst; cp <= kCjkLast; ++cp) {
      const std::array<char, 3> utf8 = {static_cast<char>(0xE0 | (cp >> 12)),
                                        static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                                        static_cast<char>(0x80 | (cp & 0x3F))};
      const std::string_view w(utf8.data(), utf8.size());
      m_cjk_ids[cp - kCjkFirst] = word_id(w, dict->hash(std::string(w)), short_word(w));
    }
  }
  m_eos_hash = dict->hash(fasttext::Dictionary::EOS);
  m_eos_id = word_id(fasttext::Dictionary::EOS, m_eos_hash, short_word(fasttext::Dictionary::EOS));
  m_prune_size = PruneIndex::size(*dict);
  const auto& prune = PruneIndex::of(*dict);
  if (m_prune_size <= 0) {
    return;  // every n-gram has its row (or none has one)
  }
  if (prune.size() < kNoRow && a.bucket <= (1 << 24)) {
    // Rows that fit 16 bits: one array by bucket (the default model's is 400 KB, mostly in cache).
    m_ngram_rows.assign(static_cast<std::size_t>(a.bucket), kNoRow);
    for (const auto& [bucket, row] : prune) {
      m_ngram_rows[static_cast<std::size_t>(bucket)] = static_cast<std::uint16_t>(row);
    }
    return;
  }
  m_ngram_slots.assign(table_size(prune.size()), {-1, 0});
  for (const auto& [bucket, row] : prune) {
    std::size_t s = ngram_slot(bucket);
    while (m_ngram_slots[s].first >= 0) {
      s = (s + 1) & (m_ngram_slots.size() - 1);
    }
    m_ngram_slots[s] = {bucket, row};
  }
}

// Inline: rows_of() calls it for every token.
__attribute__((always_inline)) inline bool InputRows::add_token(std::string_view token,
                                                                std::vector<std::int32_t>& hashes,
                                                                std::vector<std::int32_t>& out) const {
  if (cjk_token(token)) {
    // As below, for one CJK character: neither a label nor </s> (both begin with ASCII).
    const auto b0 = static_cast<unsigned char>(token[0]), b1 = static_cast<unsigned char>(token[1]),
               b2 = static_cast<unsigned char>(token[2]);
    std::uint32_t h = 2166136261U;
    for (const unsigned char b : {b0, b1, b2}) {
      h = (h ^ static_cast<std::uint32_t>(static_cast<std::int8_t>(b))) * 16777619U;
    }
    const std::uint32_t cp = (b0 & 0x0FU) << 12 | (b1 & 0x3FU) << 6 | (b2 & 0x3FU);
    const std::int32_t id = m_cjk_ids[cp - kCjkFirst];
    if (id >= 0) {
      out.push_back(id);
    }
    hashes.push_back(static_cast<std::int32_t>(h));
    return true;
  }
  std::uint32_t h = 2166136261U;  // Dictionary::hash: FNV-1a over the bytes as signed chars
  std::uint64_t bytes = 0;
  for (std::size_t k = 0; k < token.size(); ++k) {
    h = (h ^ static_cast<std::uint32_t>(static_cast<std::int8_t>(token[k]))) * 16777619U;
    add_byte(bytes, k, static_cast<unsigned char>(token[k]));
  }
  const std::int32_t id = word_id(token, h, token.size() > 8 ? kLongWord : bytes);
  if (id < 0 && token.substr(0, m_label.size()) == m_label) {
    return true;  // a label: no input row, no n-gram
  }
  if (id >= 0) {
    out.push_back(id);
  }
  hashes.push_back(static_cast<std::int32_t>(h));
  return token != fasttext::Dictionary::EOS;
}

void InputRows::rows(std::string_view tokens, std::vector<std::int32_t>& out) const {
  thread_local std::vector<std::int32_t> hashes;
  out.clear();
  hashes.clear();
  // The words in the dictionary, in order, and the hash of every word (Dictionary::getLine).
  for (std::size_t i = 0; i < tokens.size();) {
    if (space(tokens[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < tokens.size() && !space(tokens[j])) {
      ++j;
    }
    if (!add_token(tokens.substr(i, j - i), hashes, out)) {
      return add_ngrams(hashes, out);
    }
    i = j;
  }
  end_line(hashes, out);
}

bool InputRows::rows_of(const std::vector<std::string_view>& texts, std::vector<std::int32_t>& out) const {
  thread_local std::vector<std::int32_t> hashes;
  thread_local std::string word;
  out.clear();
  hashes.clear();
  bool any = false, ended = false;
  for (const std::string_view text : texts) {
    each_token(text, word, [&](std::string_view token) {
      any = true;
      ended = ended || !add_token(token, hashes, out);  // no token after </s> (none is one: '<' is a token)
    });
  }
  if (ended) {
    add_ngrams(hashes, out);
  } else if (any) {
    end_line(hashes, out);
  }
  return any;
}

void InputRows::end_line(std::vector<std::int32_t>& hashes, std::vector<std::int32_t>& out) const {
  // The line's end is a word too, as fastText reads a line of its training file.
  if (m_eos_id >= 0) {
    out.push_back(m_eos_id);
  }
  hashes.push_back(static_cast<std::int32_t>(m_eos_hash));
  add_ngrams(hashes, out);
}

void InputRows::add_ngrams(const std::vector<std::int32_t>& hashes, std::vector<std::int32_t>& out) const {
  if (m_prune_size == 0) {
    return;  // no word n-gram kept
  }
  // Dictionary::addWordNgrams: the hashes widened as signed 32-bit values. The
  // buckets first, then their rows (the lookups, cache misses, overlap).
  const std::size_t words = out.size();
  const Wide m = Wide(m_bucket_inverse[0]) << 64 | m_bucket_inverse[1];
  const std::size_t n = hashes.size(), span = static_cast<std::size_t>(m_word_ngrams);
  out.resize(words + n * (span - 1));  // at most; written without a push_back each
  std::int32_t* o = out.data() + words;
  for (std::size_t i = 0; i < n; ++i) {
    auto h = static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[i]));
    for (std::size_t j = i + 1; j < n && j < i + span; ++j) {
      h = h * 116049371 + static_cast<std::uint64_t>(static_cast<std::int64_t>(hashes[j]));
      *o++ = static_cast<std::int32_t>(remainder(h, m, m_bucket));
    }
  }
  out.resize(static_cast<std::size_t>(o - out.data()));
  std::size_t kept = words;
  if (!m_ngram_rows.empty()) {  // without a branch per n-gram: its row is written, kept or not
    const std::uint16_t* table = m_ngram_rows.data();
    for (std::size_t k = words; k < out.size(); ++k) {
      const std::uint32_t row = table[static_cast<std::size_t>(out[k])];
      out[kept] = m_nwords + static_cast<std::int32_t>(row);
      kept += static_cast<std::size_t>(row != kNoRow);
    }
    out.resize(kept);
    return;
  }
  for (std::size_t k = words; k < out.size(); ++k) {
    const std::int32_t row = m_prune_size < 0 ? out[k] : pruned_row(out[k]);
    out[kept] = m_nwords + row;
    kept += row >= 0 ? 1 : 0;
  }
  out.resize(kept);
}

bool InputRows::predict(const std::vector<std::int32_t>& rows, fasttext::real& log_p, std::int32_t& label) const {
  thread_local fasttext::Predictions heap;
  heap.clear();
  if (rows.empty()) {
    return false;
  }
  if (m_input == nullptr) {
    m_model->predict(1, rows, heap, 0.0);
  } else {
    const auto dim = m_input->size(1);
    thread_local std::unique_ptr<fasttext::Model::State> state;
    if (!state || state->hidden.size() != dim || state->output.size() != m_labels) {
      state = std::make_unique<fasttext::Model::State>(static_cast<std::int32_t>(dim), m_labels, 0);
    }
    // Model::computeHidden: the rows added one after the other, then scaled by 1/n.
    fasttext::real* hidden = state->hidden.data();
    if (dim == 8) {  // the default model's: a fixed width, added as a vector
      sum_rows<8>(m_input->data(), rows, hidden);
    } else {
      sum_rows(m_input->data(), dim, rows, hidden);
    }
    state->hidden.mul(static_cast<fasttext::real>(1.0 / static_cast<double>(rows.size())));
    heap.reserve(2);
    m_loss->predict(1, 0.0, heap, *state);
  }
  if (heap.empty()) {
    return false;
  }
  log_p = heap.front().first;
  label = heap.front().second;
  return true;
}

std::int32_t InputRows::word_id(std::string_view token, std::uint32_t h, std::uint64_t bytes) const {
  const std::size_t mask = m_word_slots.size() - 1;
  for (std::size_t s = h & mask;; s = (s + 1) & mask) {
    const WordSlot& slot = m_word_slots[s];
    if (slot.id < 0) {
      return -1;
    }
    if (slot.hash == h && slot.bytes == bytes &&
        (bytes != kLongWord || m_words[static_cast<std::size_t>(slot.id)] == token)) {
      return slot.id;
    }
  }
}

bool InputRows::cjk_token(std::string_view token) const {
  const auto at = [&](std::size_t k) { return static_cast<unsigned char>(token[k]); };
  return !m_cjk_ids.empty() && token.size() == 3 && at(0) >= 0xE3 && at(0) <= 0xE9 && (at(1) & 0xC0) == 0x80 &&
         (at(2) & 0xC0) == 0x80;
}

std::size_t InputRows::ngram_slot(std::int32_t bucket) const {
  return (static_cast<std::uint32_t>(bucket) * 2654435761U) & (m_ngram_slots.size() - 1);
}

std::int32_t InputRows::pruned_row(std::int32_t bucket) const {
  for (std::size_t s = ngram_slot(bucket);; s = (s + 1) & (m_ngram_slots.size() - 1)) {
    const auto& [key, row] = m_ngram_slots[s];
    if (key < 0 || key == bucket) {
      return key < 0 ? -1 : row;
    }
  }
}

}  // namespace fbkit::classify

// What classify --learn and --adapt share to train a fastText model: a
// temporary file (fastText reads its rows from a path and writes a model to
// one) and the supervised settings of scripts/train_sentiment.py.
#pragma once

#include <fasttext/args.h>

#include <string>

namespace fbkit::classify {

// A new empty file $TMPDIR/fbkit-WHAT-XXXXXX (else under /tmp), removed when
// this goes out of scope. IoError when it cannot be made.
class TempPath {
public:
  explicit TempPath(const std::string& what);
  ~TempPath();
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

// Supervised training on `input`'s lines ("__label__... TOKENS"): softmax,
// bucket 200,000, minCount 1, no character n-grams, lr 0.1, one thread, seed
// 20261204, silent; the dimension, word n-grams and epochs as given.
fasttext::Args supervised_args(const std::string& input, int dim, int word_ngrams, int epoch);

}  // namespace fbkit::classify

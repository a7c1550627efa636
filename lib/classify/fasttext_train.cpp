#include "classify/fasttext_train.hpp"

#include <unistd.h>

#include <cstdlib>

#include "core/error.hpp"

namespace fbkit::classify {

TempPath::TempPath(const std::string& what) {
  const char* dir = std::getenv("TMPDIR");
  m_path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/fbkit-" + what + "-XXXXXX";
  const int fd = ::mkstemp(m_path.data());
  if (fd < 0) {
    throw IoError("cannot create a temporary file " + m_path);
  }
  ::close(fd);
}

TempPath::~TempPath() {
  ::unlink(m_path.c_str());
}

fasttext::Args supervised_args(const std::string& input, int dim, int word_ngrams, int epoch) {
  fasttext::Args args;
  args.input = input;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.dim = dim;
  args.wordNgrams = word_ngrams;
  args.epoch = epoch;
  args.bucket = 200000;
  args.minCount = 1;
  args.minn = 0;
  args.maxn = 0;
  args.lr = 0.1;
  args.thread = 1;
  args.seed = 20261204;
  args.verbose = 0;
  return args;
}

}  // namespace fbkit::classify

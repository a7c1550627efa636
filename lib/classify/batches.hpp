// What classify's passes over its inputs share (the spend pass, --adapt's
// first pass and the classifying pass): the inputs read in parallel batches
// (csv/batch.hpp), each batch with its own Classifier, and the model's answers
// for a batch's rows.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "classify/engine.hpp"
#include "csv/batch.hpp"

namespace fbkit::classify {

// The inputs (paths; `shown`: their names for messages) as batches of the
// first input's header, which is read here. Both vectors must outlive the reader.
std::unique_ptr<csv::BatchReader> open_batches(const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& shown);

// A batch with its own Classifier, a copy of the run's (the compiled rules
// are shared, the scratch state is not).
struct ClassifierBatch : csv::RowBatch {
  std::unique_ptr<Classifier> classifier;
  std::vector<std::string_view> fields;  // a row's, filled by RowBatch::fields()
  std::vector<double> model_answers;     // per row: Classifier::model_answer()

  // Asks the model about every row (the classifier copied from `prototype`
  // first): model_answers; `each(row)` after each row's answer, while the
  // classifier's model_tokens() are that row's.
  template <typename Each>
  void answer_rows(const Classifier& prototype, Each&& each) {
    if (!classifier) {
      classifier = std::make_unique<Classifier>(prototype);
    }
    model_answers.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
      RowBatch::fields(i, fields);
      model_answers[i] = classifier->model_answer(fields);
      each(i);
    }
  }
};

}  // namespace fbkit::classify

// fbkit classify --learn FILE [INPUT...]: a sentiment model trained on the
// inputs' rows that carry a score, for `fbkit classify --model FILE`.
#include <fmt/core.h>

#include "classify/learn.hpp"
#include "command.hpp"
#include "config/config.hpp"
#include "core/output_set.hpp"

namespace fbkit::cmd {

int run_classify_learn(const std::vector<std::string>& inputs, const std::string& model, const config::Store& store) {
  refuse_terminal_stdin("classify", inputs);
  OutputSet files;
  files.inputs(inputs);
  ByteSink& out = files.output(model, "--learn");
  files.open();
  const classify::SentimentSettings settings = classify::load_sentiment_settings(store.get("sentiment.yaml"));
  const classify::LearnReport report = classify::learn({inputs, &settings}, out);
  files.commit();
  fmt::print("{}", report.text(model));
  return 0;
}

}  // namespace fbkit::cmd

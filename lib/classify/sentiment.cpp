#include "classify/sentiment.hpp"

#include <fasttext/fasttext.h>
#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <istream>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string_view>

#include "classify/input_rows.hpp"
#include "classify/tokens.hpp"
#include "config/yaml.hpp"
#include "core/diagnostics.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "text/language.hpp"

// The built-in models, placed in the binary by builtin_model.cpp (.incbin).
extern "C" const char fbkit_builtin_model[];
extern "C" const char fbkit_builtin_model_end[];
extern "C" const char fbkit_food_model[];
extern "C" const char fbkit_food_model_end[];

namespace fbkit::classify {

namespace {

// `text` without white space around it and trailing ! ！ . 。 (as placeholders are compared).
std::string_view bare(std::string_view text) {
  while (!text.empty() &&
         (text.front() == ' ' || text.front() == '\t' || text.front() == '\n' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  // The tail's characters one at a time from the end, by its last byte (it is
  // called two to four times a text: no search for each suffix).
  for (;;) {
    if (text.empty()) {
      return text;
    }
    const char last = text.back();
    if (last == ' ' || last == '\t' || last == '\n' || last == '\r' || last == '!' || last == '.') {
      text.remove_suffix(1);
    } else if (text.ends_with("！") || text.ends_with("。")) {
      text.remove_suffix(3);
    } else {
      return text;
    }
  }
}

// A stream over bytes in memory, read in place (std::istringstream would copy
// them: a model is megabytes, read once).
class MemoryBuffer : public std::streambuf {
public:
  explicit MemoryBuffer(std::string_view bytes) {
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-const-cast): a get area is only read
    char* begin = const_cast<char*>(bytes.data());
    setg(begin, begin, begin + bytes.size());
  }
};

constexpr std::int32_t kMagic = 793712314;  // fastText's file signature
constexpr std::int32_t kVersion = 12;       // its format since 0.9

}  // namespace

// A quantized model's input matrix is decoded once at load: prediction then adds
// plain rows (product-quantized rows cost 3x classify's whole time per row;
// decoded, 50 floats a row of at most `-cutoff` rows: about 10 MB).
class SentimentModel::Loaded : public fasttext::FastText {
public:
  void decode_input() {
    if (!quant_ || std::dynamic_pointer_cast<fasttext::DenseMatrix>(output_) == nullptr) {
      return;  // dense already, or a quantized classifier too (-qout): kept as it is
    }
    const std::int64_t rows = input_->size(0), dim = input_->size(1);
    auto dense = std::make_shared<fasttext::DenseMatrix>(rows, dim);
    fasttext::Vector row(dim);
    for (std::int64_t i = 0; i < rows; ++i) {
      row.zero();
      input_->addRowToVector(row, static_cast<std::int32_t>(i));
      std::copy(row.data(), row.data() + dim, dense->data() + i * dim);
    }
    input_ = dense;
    buildModel();
  }
  std::unique_ptr<InputRows> input_rows;  // the input rows of a text, without fastText's getLine()
};

void tokenize(std::string_view text, std::string& out) {
  thread_local std::string word;
  each_token(text, word, [&](std::string_view token) {
    if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
    out += token;
  });
}

bool has_cjk(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0xE3) {
      ++i;  // ASCII, or below U+3000: not CJK
      continue;
    }
    char32_t cp = 0;
    i += decode_or_byte(text, i, cp);
    if ((cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF)) {
      return true;
    }
  }
  return false;
}

SentimentModel::SentimentModel(std::string_view bytes, const std::string& origin)
    : m_model(std::make_unique<Loaded>()), m_origin(origin) {
  const auto fail = [&](const std::string& what) { throw ConfigError(origin + ": " + what); };
  std::int32_t magic = 0, version = 0;
  if (bytes.size() >= 8) {
    std::memcpy(&magic, bytes.data(), 4);
    std::memcpy(&version, bytes.data() + 4, 4);
  }
  if (magic != kMagic) {
    fail("not a fastText model (no fastText signature)");
  }
  if (version != kVersion) {
    fail(fmt::format("a fastText model of format version {}, not {} (fastText 0.9)", version, kVersion));
  }
  // fastText reads without checking its stream: a stream that throws turns a
  // model that ends early into an error instead of endless reads of EOF.
  MemoryBuffer buffer(bytes.substr(8));
  std::istream in(&buffer);
  in.exceptions(std::ios::failbit | std::ios::badbit);
  try {
    m_model->loadModel(in);
  } catch (const std::exception&) {
    fail("a damaged fastText model (it ends early or a size in it is wrong)");
  }
  const auto dict = m_model->getDictionary();
  if (m_model->getArgs().model != fasttext::model_name::sup || dict->nlabels() != 2) {
    fail("not a sentiment model (a supervised fastText model with two labels is needed)");
  }
  const std::string first = dict->getLabel(0), second = dict->getLabel(1);
  m_positive_first = first == "__label__positive";
  if (!((m_positive_first && second == "__label__negative") ||
        (first == "__label__negative" && second == "__label__positive"))) {
    fail(fmt::format("the model's labels are {} and {}, not __label__positive and __label__negative", first, second));
  }
  m_model->decode_input();
  m_model->input_rows = std::make_unique<InputRows>(*m_model);
}

SentimentModel::~SentimentModel() = default;

std::shared_ptr<const SentimentModel> SentimentModel::from_file(const std::string& path) {
  std::string bytes;
  try {
    bytes = read_file(path);
  } catch (const IoError& e) {
    throw ConfigError(e.what());  // a model that cannot be read is a usage error (exit 2)
  }
  return std::make_shared<const SentimentModel>(bytes, path);
}

std::shared_ptr<const SentimentModel> SentimentModel::builtin() {
  return builtin("models/sentiment_zh.ftz");
}

std::shared_ptr<const SentimentModel> SentimentModel::builtin(std::string_view name) {
  // Each decoded once, when first asked for: a run loads only the model it uses.
  const auto load = [](const char* begin, const char* end, const char* file) {
    return std::make_shared<const SentimentModel>(std::string_view(begin, static_cast<std::size_t>(end - begin)),
                                                  std::string("<builtin>/config/") + file);
  };
  if (name == "models/sentiment_zh.ftz") {
    static const auto model = load(fbkit_builtin_model, fbkit_builtin_model_end, "models/sentiment_zh.ftz");
    return model;
  }
  if (name == "models/sentiment_food_zh.ftz") {
    static const auto model = load(fbkit_food_model, fbkit_food_model_end, "models/sentiment_food_zh.ftz");
    return model;
  }
  return nullptr;
}

double SentimentModel::positive(const std::vector<std::string_view>& texts) const {
  if (!m_model->input_rows->usable()) {
    thread_local std::string tokens;
    tokens.clear();
    for (const std::string_view text : texts) {
      tokenize(text, tokens);
    }
    return positive(tokens);
  }
  thread_local std::vector<std::int32_t> rows;
  return m_model->input_rows->rows_of(texts, rows) ? positive_of_rows(rows) : -1;
}

double SentimentModel::positive_of_rows(const std::vector<std::int32_t>& rows) const {
  fasttext::real log_p = 0;
  std::int32_t label = 0;
  if (!m_model->input_rows->predict(rows, log_p, label)) {
    return -1;
  }
  return probability(std::exp(log_p), (label == 0) == m_positive_first);  // as predictLine(): exp in float
}

double SentimentModel::probability(fasttext::real prob, bool positive_label) {
  // exp(log p) can come out a hair above 1 (1.00001).
  const double p = std::clamp(static_cast<double>(prob), 0.0, 1.0);
  return positive_label ? p : 1 - p;
}

double SentimentModel::positive(const std::string& tokens) const {
  if (tokens.empty()) {
    return -1;
  }
  if (m_model->input_rows->usable()) {
    thread_local std::vector<std::int32_t> rows;
    m_model->input_rows->rows(tokens, rows);
    return positive_of_rows(rows);
  }
  thread_local std::istringstream in;
  thread_local std::string line;
  thread_local std::vector<std::pair<fasttext::real, std::string>> predictions;
  // As fastText read the training file: a line, whose end is a token too (</s>,
  // in every row it learned from and in the last word n-grams). Without it a
  // text gets another probability than `fasttext predict` gives (on a fold model
  // of train_sentiment.py --cross, 0.81 instead of 0.25 for 质量还可以，内容一般).
  line.assign(tokens);
  line += '\n';
  in.clear();
  in.str(line);
  predictions.clear();
  m_model->predictLine(in, predictions, 1, 0.0);
  if (predictions.empty()) {
    return -1;
  }
  // As predictLine(): the exp of the log-probability, in float.
  return probability(predictions.front().first, predictions.front().second == "__label__positive");
}

bool SentimentSettings::is_placeholder(std::string_view text) const {
  text = bare(text);
  return !text.empty() && std::find(placeholders.begin(), placeholders.end(), text) != placeholders.end();
}

bool SentimentSettings::says_nothing(std::string_view text) const {
  return is_placeholder(text) || !text::says_something(text);
}

namespace {

// A margin of sentiment.yaml (or of a pack's `model`): a number from 0 to 0.5.
void read_margin(const yaml::Node& map, const char* key, double& value) {
  value = map.required_number(key);
  if (value < 0 || value > 0.5) {
    map[key].fail("must be between 0 and 0.5");
  }
}

// The model a pack's `model` names (FILE, or {file: FILE, rules_within, mixed_within,
// sure_within, complaint_within, praise_within}), its margins laid over `settings`; null when the
// pack names none.
std::shared_ptr<const SentimentModel> pack_model(const config::Store& store, const config::Document& pack,
                                                 SentimentSettings& settings) {
  const yaml::Node root = yaml::Node::parse(pack);
  const yaml::Node node = root.is_map() ? root["model"] : root;
  if (!root.is_map() || node.is_null()) {
    return nullptr;
  }
  std::string file;
  if (node.is_map()) {
    node.expect_map({"file", "rules_within", "mixed_within", "sure_within", "complaint_within", "praise_within"});
    file = node.required_str("file");
    for (const auto& [key, value] : {std::pair{"rules_within", &settings.rules_within},
                                     {"mixed_within", &settings.mixed_within},
                                     {"sure_within", &settings.sure_within},
                                     {"complaint_within", &settings.complaint_within},
                                     {"praise_within", &settings.praise_within}}) {
      if (node.has(key)) {
        read_margin(node, key, *value);
      }
    }
  } else {
    file = node.str();
  }
  const yaml::Node where = node.is_map() ? node["file"] : node;
  if (file.empty()) {
    where.fail("expected the path of a fastText model under the configuration");
  }
  if (file.front() == '/') {
    return SentimentModel::from_file(file);
  }
  if (const std::optional<std::string> path = store.dir_file(file)) {
    return SentimentModel::from_file(*path);
  }
  if (auto model = SentimentModel::builtin(file)) {
    return model;
  }
  where.fail("no model " + file + (store.dir() ? " in " + *store.dir() + " or built in" : " is built in"));
}

}  // namespace

SentimentSettings load_sentiment_settings(const config::Document& doc) {
  // The built-in sentiment.yaml under the user's; every mistake at once.
  SentimentSettings s;
  s.origin = doc.origin;
  Diagnostics diag(doc.origin);
  diag.attempt([&] {
    const yaml::Node root = yaml::Node::parse_over(config::Store().get("sentiment.yaml"), doc);
    if (!yaml::check_map(
            root, {"placeholders", "rules_within", "mixed_within", "sure_within", "complaint_within", "praise_within"},
            diag)) {
      return;
    }
    std::vector<yaml::Node> items;
    diag.attempt([&] { items = root["placeholders"].items(); });
    for (const yaml::Node& p : items) {
      diag.attempt([&] { s.placeholders.emplace_back(bare(p.str())); });
    }
    for (const auto& [key, value] : {std::pair{"rules_within", &s.rules_within},
                                     {"mixed_within", &s.mixed_within},
                                     {"sure_within", &s.sure_within},
                                     {"complaint_within", &s.complaint_within},
                                     {"praise_within", &s.praise_within}}) {
      diag.attempt([&, key = key, value = value] { read_margin(root, key, *value); });
    }
  });
  diag.checkpoint();
  return s;
}

Sentiment load_sentiment(const config::Store& store, const std::string& model, bool no_model,
                         const config::Document* pack) {
  Sentiment s;
  s.settings = load_sentiment_settings(store.get("sentiment.yaml"));
  if (no_model) {
    return s;
  }
  if (!model.empty()) {
    s.model = SentimentModel::from_file(model);
    return s;
  }
  SentimentSettings packed = s.settings;  // the pack's margins go with its model
  if (pack != nullptr && (s.model = pack_model(store, *pack, packed))) {
    s.settings = std::move(packed);
    return s;
  }
  s.model = SentimentModel::builtin();
  return s;
}

}  // namespace fbkit::classify

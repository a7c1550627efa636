#include <doctest/doctest.h>
#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "classify/engine.hpp"
#include "classify/loader.hpp"
#include "classify/sentiment.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/io.hpp"
#include "csv/reader.hpp"

using namespace fbkit::classify;
using fbkit::ConfigError;

namespace {

std::string tokens(std::string_view text) {
  std::string out;
  tokenize(text, out);
  return out;
}

double p_positive(std::string_view text) {
  return SentimentModel::builtin()->positive(tokens(text));
}

// The message of the ConfigError `f` throws ("" when it throws none).
template <class F>
std::string config_error(F f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

// A file under the temporary folder holding `bytes`, removed at the end of the test.
struct TempFile {
  explicit TempFile(const std::string& bytes)
      : path((std::filesystem::temp_directory_path() / ("fbkit-test-model-" + std::to_string(::getpid()))).string()) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path); }
  std::string path;
};

// fastText's signature and format version, then `rest`.
std::string with_header(std::int32_t version, const std::string& rest) {
  std::string bytes(8, '\0');
  const std::int32_t magic = 793712314;
  std::memcpy(bytes.data(), &magic, 4);
  std::memcpy(bytes.data() + 4, &version, 4);
  return bytes + rest;
}

}  // namespace

TEST_CASE("classify::tokenize splits Chinese by character and keeps ASCII words, lowercased") {
  CHECK(tokens("很好吃，Good Food!") == "很 好 吃 ， good food !");
  CHECK(tokens("iPhone13 不错") == "iphone13 不 错");
  CHECK(tokens("\xEF\xBB\xBF好\xE3\x80\x80吃\xC2\xA0啊\t\r\n") == "好 吃 啊");  // BOM, U+3000, U+00A0, controls
  CHECK(tokens("") == "");
  CHECK(tokens("\xFF好") == "\xFF 好");  // an invalid byte is a token of its own
  // A cut character, or one whose continuation bytes are not: each byte alone.
  CHECK(tokens("好\xE4\xB8") == "好 \xE4 \xB8");
  CHECK(tokens("\xE5\xA5x好") == "\xE5 \xA5 x 好");
  CHECK(tokens("\xF0\x9F\x98\x80好") == "\xF0\x9F\x98\x80 好");  // 4 bytes: one token
  std::string two = "a";
  tokenize("好", two);  // appends, separated
  CHECK(two == "a 好");
}

TEST_CASE("classify::has_cjk finds Chinese characters, not punctuation or Latin") {
  CHECK(has_cjk("good 好"));
  CHECK_FALSE(has_cjk("good, ，。！"));
  CHECK_FALSE(has_cjk(""));
}

TEST_CASE("classify::SentimentModel::builtin reads clear Chinese sentences right") {
  CHECK(p_positive("味道很好，送餐也很快，下次还点") > 0.8);
  CHECK(p_positive("质量很好，物超所值，非常满意") > 0.8);
  CHECK(p_positive("太难吃了，再也不会点了") < 0.2);
  CHECK(p_positive("等了两个小时，饭都凉了，差评") < 0.2);
  CHECK(SentimentModel::builtin()->positive("") < 0);  // no token: no verdict
}

TEST_CASE("classify::SentimentModel::positive of texts is positive() of their tokens joined, to the bit") {
  const auto model = SentimentModel::builtin();
  const std::vector<std::vector<std::string_view>> cases = {
      {"味道很好，送餐也很快，下次还点"},
      {"等了两个小时，饭都凉了", "差评！！"},                      // two text columns
      {"Good FOOD but SLOW delivery 123abc", "好吃"},              // ASCII words, lowercased
      {"\xC2\xA0好\xE3\x80\x80吃\xEF\xBB\xBF了", "\xFF\xE4\xB8"},  // separators dropped; bad bytes
      {"\xF0\x9F\x98\x80 \xE3\x81\x82 supercalifragilistic 好"},   // 4 bytes; U+3041; a long word
      {"  \t\n"},                                                  // no token
      {},
  };
  for (const auto& texts : cases) {
    std::string joined;
    for (const std::string_view text : texts) {
      tokenize(text, joined);
    }
    CAPTURE(joined);
    const double by_tokens = model->positive(joined);
    const double by_texts = model->positive(texts);
    CHECK(std::memcmp(&by_tokens, &by_texts, sizeof by_tokens) == 0);
  }
  CHECK(model->positive(std::vector<std::string_view>{" "}) < 0);
}

// The default model's bytes (lib/classify/builtin_model.cpp).
extern "C" const char fbkit_builtin_model[];
extern "C" const char fbkit_builtin_model_end[];

TEST_CASE("classify::SentimentModel::positive gives what fastText gives the same text read as a line") {
  // fastText reads a training or test file by lines, and a line's end is a token
  // of its own (</s>): a text queried without it got another P (0.6% - 2% off here,
  // 0.81 instead of 0.25 on a model of train_sentiment.py --cross). positive()
  // computes the line's ids itself (the pruned n-grams from a flat table), so
  // this also checks that it reads a line as fastText's getLine does.
  fasttext::FastText ft;
  std::istringstream bytes(std::string(fbkit_builtin_model + 8, fbkit_builtin_model_end));  // after the header
  ft.loadModel(bytes);
  for (const std::string_view text :
       {"只在收到的时候翻了两下，质量还可以，内容一般", "很好吃，但是送得太慢了", "书的内容一般", "送餐快，味道不错",
        // words the model never saw (their n-grams still count), English, digits, emoji, one character
        "APP闪退了三次，客服也不回", "great service, fast delivery", "订单号123456789的包裹还没到", "😀😀 好", "差"}) {
    CAPTURE(text);
    std::istringstream line(tokens(text) + "\n");
    std::vector<std::pair<fasttext::real, std::string>> predictions;
    ft.predictLine(line, predictions, 1, 0.0);
    REQUIRE(predictions.size() == 1);
    const double p = predictions[0].first;
    const double want = predictions[0].second == "__label__positive" ? p : 1 - p;
    CHECK(std::abs(p_positive(text) - std::clamp(want, 0.0, 1.0)) < 1e-5);
  }
}

TEST_CASE("classify::SentimentModel refuses what is not a two-label fastText model, naming the file") {
  CHECK(config_error([] { SentimentModel::from_file("/nonexistent/m.ftz"); }).find("/nonexistent/m.ftz") !=
        std::string::npos);
  const TempFile text("label,text\n1,good\n");
  CHECK(config_error([&] { SentimentModel::from_file(text.path); }) ==
        text.path + ": not a fastText model (no fastText signature)");
  CHECK(config_error([] { SentimentModel(with_header(11, "x"), "old.bin"); }) ==
        "old.bin: a fastText model of format version 11, not 12 (fastText 0.9)");
  CHECK(config_error([] { SentimentModel(with_header(12, std::string(40, '\x01')), "cut.ftz"); }) ==
        "cut.ftz: a damaged fastText model (it ends early or a size in it is wrong)");
  CHECK(config_error([] { SentimentModel("", "empty.ftz"); }) ==
        "empty.ftz: not a fastText model (no fastText signature)");
}

TEST_CASE("classify::SentimentSettings knows the platforms' placeholders, trimmed") {
  const SentimentSettings s = load_sentiment_settings(fbkit::config::Store().get("sentiment.yaml"));
  CHECK(s.is_placeholder("此用户没有填写评论!"));
  CHECK(s.is_placeholder("  此用户未及时填写评价内容，系统默认好评！ "));
  CHECK(s.is_placeholder("此用户没有填写评论"));
  CHECK_FALSE(s.is_placeholder("此用户没有填写评论，但是很好吃"));
  CHECK_FALSE(s.is_placeholder(""));
  CHECK(s.rules_within == doctest::Approx(0.1));
  CHECK(config_error([] {
          load_sentiment_settings(fbkit::config::Document{"s.yaml", "s.yaml", "placeholders: []\nrules_within: 2\n"});
        }) == "s.yaml:2:15: rules_within: must be between 0 and 0.5");
  CHECK(s.mixed_within == doctest::Approx(0.05));
  CHECK(s.sure_within == 0);  // off by default (config/sentiment.yaml says why)
  CHECK(config_error([] {
          load_sentiment_settings(fbkit::config::Document{"s.yaml", "s.yaml", "sure_within: 0.7\n"});
        }) == "s.yaml:1:14: sure_within: must be between 0 and 0.5");
  CHECK(config_error([] {
          load_sentiment_settings(fbkit::config::Document{"s.yaml", "s.yaml", "mixed_within: -1\n"});
        }) == "s.yaml:1:15: mixed_within: must be between 0 and 0.5");
  CHECK(s.complaint_within == doctest::Approx(0.2));
  CHECK(config_error([] {
          load_sentiment_settings(fbkit::config::Document{"s.yaml", "s.yaml", "complaint_within: 0.6\n"});
        }) == "s.yaml:1:19: complaint_within: must be between 0 and 0.5");
  CHECK(s.praise_within == doctest::Approx(0.2));
  CHECK(config_error([] {
          load_sentiment_settings(fbkit::config::Document{"s.yaml", "s.yaml", "praise_within: 0.51\n"});
        }) == "s.yaml:1:16: praise_within: must be between 0 and 0.5");
}

TEST_CASE("classify::Classifier takes sentiment from the model, the rules where sure, none from placeholders") {
  const RuleSet rules = load_rules(fbkit::config::Store().get("classify.yaml"));
  Sentiment sentiment{SentimentModel::builtin(), load_sentiment_settings(fbkit::config::Store().get("sentiment.yaml"))};
  Classifier c(rules, {"feedback_id", "text"}, false, &sentiment);
  Decision d;
  const auto run = [&](std::string_view text) {
    c.classify({"1", text}, "regular", d);
    return std::string(d.sentiment) + "/" + std::string(d.sentiment_by);
  };
  CHECK(run("味道很好，送餐也很快") == "positive/model");
  CHECK(d.model_positive > 0.5);
  CHECK(run("此用户没有填写评论!") == "neutral/no_text");
  CHECK(d.model_positive < 0);
  CHECK(run("The food was great") == "positive/rules");  // English: the rules
  CHECK(run("不算慢，包装也不错") == "positive/negation");
  CHECK(run("再不退款我就找律师") == "negative/urgent");
  CHECK(run("没有耳机不好") == "positive/negation");  // 没有 read as negating 不好
  CHECK(run("用了一个月没有任何问题") == "positive/negation");
  // complaint_within: only complaints said, and a model that leans to positive unsure (P 0.64)
  CHECK(run("送餐好慢啊") == "negative/complaint");
  CHECK(d.model_positive > 0.5);
  CHECK(d.model_positive < 0.7);
  // praise_within, the mirror: only praise said, and a model that leans to negative unsure (P 0.32)
  CHECK(run("质量很好，泡沫丰富，正品") == "positive/praise");
  CHECK(d.model_positive < 0.5);
  CHECK(d.model_positive > 0.3);
  // sure_within: a sure model (P within it of 0 or 1) over a rule that says the other side.
  sentiment.settings.sure_within = 0.05;
  Classifier sure(rules, {"feedback_id", "text"}, false, &sentiment);
  const auto run_sure = [&](std::string_view text) {
    sure.classify({"1", text}, "regular", d);
    return std::string(d.sentiment) + "/" + std::string(d.sentiment_by);
  };
  CHECK(run_sure("没有耳机不好") == "negative/model");
  CHECK(d.model_positive < 0.05);
  CHECK(run_sure("好书，推荐给朋友，看完想去法院当律师") == "positive/model");  // not a threat
  CHECK(d.model_positive > 0.95);
  CHECK(run_sure("再不退款我就找律师") == "negative/urgent");     // the model agrees: the rule is named
  CHECK(run_sure("不算慢，包装也不错") == "positive/negation");   // P 0.09: not sure
  CHECK(run_sure("用了一个月没有任何问题") == "negative/model");  // the cost (P 0.001)
}

namespace {
// classify's sentiment agreement with the label on os10_train rows of `category`.
double os10_agreement(const std::string& path, const std::string& category) {
  const RuleSet rules = load_rules(fbkit::config::Store().get("classify.yaml"));
  Sentiment sentiment{SentimentModel::builtin(), load_sentiment_settings(fbkit::config::Store().get("sentiment.yaml"))};
  Classifier c(rules, {"cat", "label", "text"}, false, &sentiment);
  fbkit::FileSource src(path, path);
  fbkit::csv::Reader reader(src);
  reader.read_header();
  fbkit::csv::Record rec;
  Decision d;
  std::int64_t n = 0, right = 0;
  while (reader.next(rec)) {
    if (rec.fields.size() != 3 || rec.fields[0] != category) {
      continue;
    }
    c.classify(rec.fields, "regular", d);
    ++n;
    right += d.sentiment == (rec.fields[1] == "1" ? "positive" : "negative") ? 1 : 0;
  }
  return n == 0 ? 0 : static_cast<double>(right) / static_cast<double>(n);
}

}  // namespace

TEST_CASE("classify's sentiment keeps its agreement on os10 categories (the shipped model was trained on them)") {
  const char* shared = std::getenv("FBKIT_SHARED");
  const std::string path = std::string(shared != nullptr ? shared : "../shared") + "/data/os10_train.csv";
  if (!std::filesystem::exists(path)) {
    MESSAGE("skipped: " << path << " is absent (../shared/data is not part of the repository)");
    return;
  }
  // A guard against a broken model or tokenizer, not a held-out figure: those are
  // train_sentiment.py --cross's (config/models/README.md).
  const double shampoo = os10_agreement(path, "洗发水"), dairy = os10_agreement(path, "蒙牛");
  MESSAGE("sentiment agreement: shampoo " << shampoo << ", dairy " << dairy);
  CHECK(shampoo > 0.95);  // 98.3% when written
  CHECK(dairy > 0.95);    // 97.3%
}

TEST_CASE("classify::Classifier decides the same with a batch's model answers and hits found first") {
  const fbkit::config::Store store;
  const RuleSet rules = load_rules(store);
  const Sentiment sentiment = load_sentiment(store, "", false, nullptr);
  const std::vector<std::string> header{"feedback_id", "score_overall", "text", "text_extra"};
  const std::vector<std::vector<std::string_view>> rows{{"1", "1", "送餐太慢了，饭都凉了", ""},
                                                        {"2", "5", "很好吃，包装也不错", "服务态度好"},
                                                        {"3", "", "", ""},
                                                        {"4", "3", "无", "好评"},
                                                        {"5", "2", "the food was cold and late", ""},
                                                        {"6", "4", "退款很快就到账了", "not bad at all"},
                                                        {"7", "", "！！！", "。。"},
                                                        {"8", "5", "味道一般，但是分量足", "快递员态度差"}};
  Classifier one(rules, header, false, &sentiment), batch(rules, header, false, &sentiment);
  std::vector<double> answers;
  ScannedHits scanned;
  for (const auto& f : rows) {
    answers.push_back(batch.model_answer(f));
    batch.prescan(f, scanned);
  }
  CHECK(scanned.ends.size() == 2 * rows.size());
  Decision a, b;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    one.classify(rows[i], "regular", a);
    batch.classify(rows[i], "regular", b, answers[i], scanned, i);
    CHECK(a.category == b.category);
    CHECK(a.issue == b.issue);
    CHECK(a.matched_rules == b.matched_rules);
    CHECK(a.sentiment == b.sentiment);
    CHECK(a.sentiment_by == b.sentiment_by);
    CHECK(a.model_positive == b.model_positive);
    CHECK(a.praise_aspect == b.praise_aspect);
    CHECK(a.used_columns == b.used_columns);
  }
  CHECK(std::count_if(answers.begin(), answers.end(), [](double p) { return p >= 0; }) >= 4);
}

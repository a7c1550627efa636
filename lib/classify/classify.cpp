#include "classify/classify.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>

#include "classify/adapt.hpp"
#include "classify/batches.hpp"
#include "classify/coverage.hpp"
#include "classify/engine.hpp"
#include "core/progress.hpp"
#include "core/schema.hpp"
#include "core/select.hpp"
#include "core/strings.hpp"
#include "csv/batch.hpp"
#include "values/canonical.hpp"

namespace fbkit::classify {

std::optional<double> top_share_threshold(std::vector<double> values, double share) {
  if (values.empty() || share <= 0) {
    return std::nullopt;
  }
  const auto k = static_cast<std::size_t>(std::ceil(share * static_cast<double>(values.size()) - 1e-9));
  if (k == 0) {
    return std::nullopt;
  }
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k - 1), values.end(), std::greater<>());
  return values[k - 1];
}

std::optional<double> top_share_threshold_in_passes(const std::function<void(const std::function<void(double)>&)>& pass,
                                                    double share, std::size_t cap) {
  if (share <= 0) {
    return std::nullopt;
  }
  // Pass 1: the count, and the values themselves while they fit.
  std::vector<double> held;
  std::size_t n = 0;
  pass([&](double v) {
    if (++n <= cap) {
      held.push_back(v);
    } else if (!held.empty()) {
      held = std::vector<double>();
    }
  });
  if (n <= cap) {
    return top_share_threshold(std::move(held), share);
  }
  const auto k = static_cast<std::size_t>(std::ceil(share * static_cast<double>(n) - 1e-9));  // the k-th largest
  if (k == 0) {
    return std::nullopt;
  }
  return kth_largest_by_passes(pass, n, k, cap);
}

namespace {

// annual_spend: leading white space allowed (as strtod skipped it).
bool parse_spend(std::string_view s, double& v) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  return values::parse_decimal(s, v);
}

// A span {"column","text","start","end"} in characters of the column's text.
void json_span(std::string& out, const std::string& column, const CharIndex& text, const Hit& h) {
  out += "{\"column\":";
  append_json_string(out, column);
  out += ",\"text\":";
  append_json_string(out, text.text().substr(h.start, h.end - h.start));
  out += fmt::format(",\"start\":{},\"end\":{}}}", text.at(h.start), text.at(h.end));
}

void explain_rule(std::string& out, const Rule& r, const Decision& d, const Classifier& c,
                  const std::vector<CharIndex>& texts) {
  out += "{\"id\":";
  append_json_string(out, r.id);
  out += ",\"spans\":[";
  bool first = true;
  for (std::size_t ci = 0; ci < d.used_columns; ++ci) {
    const ColumnHits& col = d.columns[ci];
    for (const PhraseHit& h : col.hits) {
      const bool used = std::find(r.any.begin(), r.any.end(), h.hit.pattern) != r.any.end() ||
                        std::find(r.all.begin(), r.all.end(), h.hit.pattern) != r.all.end();
      const bool used_negated = std::find(r.negated.begin(), r.negated.end(), h.hit.pattern) != r.negated.end();
      if ((used && !h.negated) || (used_negated && h.negated)) {
        out += first ? "" : ",";
        first = false;
        json_span(out, c.header()[col.column], texts[ci], h.hit);
      }
    }
  }
  out += "]}";
}

void explain_row(std::string& out, std::int64_t line, std::ptrdiff_t id_col, const Decision& d, const Classifier& c,
                 const std::vector<std::string_view>& fields) {
  thread_local std::vector<CharIndex> texts;
  if (texts.size() < d.used_columns) {
    texts.resize(d.used_columns);
  }
  for (std::size_t ci = 0; ci < d.used_columns; ++ci) {
    texts[ci].reset(fields[d.columns[ci].column]);
  }
  out += fmt::format("{{\"line\":{}", line);
  if (id_col >= 0) {
    out += ",\"feedback_id\":";
    append_json_string(out, fields[static_cast<std::size_t>(id_col)]);
  }
  out += ",\"category\":";
  append_json_string(out, d.category);
  out += ",\"issue\":";
  append_json_string(out, d.issue);
  // ,"KEY":[rule, ...]
  const auto rules = [&](std::string_view key, const std::vector<const Rule*>& list) {
    out += ",\"";
    out += key;
    out += "\":[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += i > 0 ? "," : "";
      explain_rule(out, *list[i], d, c, texts);
    }
    out += "]";
  };
  rules("rules", d.fired);
  rules("praised", d.liked);  // problem rules said only in praise: their aspects
  if (!d.unhappy.empty()) {
    rules("unhappy", d.unhappy);  // `unhappy` rules left out of a positive row
  }
  if (!d.conceded.empty()) {
    rules("conceded", d.conceded);  // `concession` praise rules left out: a concession beside a complaint
  }
  out += ",\"praise_aspect\":";
  append_json_string(out, d.praise_aspect);
  rules("urgency_rules", d.urgent);
  if (!d.hazard.empty()) {
    rules("issue_from", d.hazard);  // urgency rules whose issue the row took: no concrete problem rule named one
  }
  out += ",\"negated\":[";
  bool first = true;
  for (std::size_t ci = 0; ci < d.used_columns; ++ci) {
    const ColumnHits& col = d.columns[ci];
    for (const PhraseHit& h : col.hits) {
      if (h.negated) {
        out += first ? "" : ",";
        first = false;
        out += "{\"phrase\":";
        json_span(out, c.header()[col.column], texts[ci], h.hit);
        out += ",\"cue\":";
        json_span(out, c.header()[col.column], texts[ci], h.cue);
        out += "}";
      }
    }
  }
  out += fmt::format("],\"sentiment\":{{\"positive\":{},\"negative\":{},", d.positive, d.negative);
  if (d.model_positive >= 0) {
    out += fmt::format("\"model\":{:.3f},\"model_file\":", d.model_positive);  // P(positive), beside the rules' votes
    append_json_string(out, c.sentiment()->model->origin());  // which model: the default, a pack's, --model's
    out += ",";
  }
  out += "\"by\":";
  append_json_string(out, d.sentiment_by);
  out += ",\"result\":";
  append_json_string(out, d.sentiment);
  out += "}}\n";
}

}  // namespace

namespace {

// A batch of the spend pass: its annual_spend values.
struct SpendBatch : csv::RowBatch {
  std::vector<double> values;
  // Called by run_batches instead of RowBatch::parse(): the parsing waits for
  // read() (in the same parallel stage, its errors raised alike).
  void parse() {}
  // The values of column `col`. A batch without CR or NUL, whose quoted
  // fields are well formed and whose records all have the header's width, is
  // read in one pass (its fields are then exactly the Reader's); any other
  // batch is parsed as every batch is (its errors, the same).
  void read(std::size_t col) {
    values.clear();
    if (column_views(col, views)) {
      progress::add_rows(rows / 1024 * 1024);  // as the Reader counts (every 1024th record)
      double v = 0;
      for (const std::string_view value : views) {
        if (parse_spend(value, v)) {
          values.push_back(v);
        }
      }
      return;
    }
    RowBatch::parse();
    double v = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      if (parse_spend(field(r, col), v)) {
        values.push_back(v);
      }
    }
  }
  std::vector<std::string_view> views;  // column_views()'s
};

// The annual_spend at and above which a customer is high value: the top
// `share` of the values of all inputs (standard input is spooled for it).
// Standard input among `inputs` copied to a file that can be read again.
void spool_stdin(std::vector<std::string>& inputs, std::unique_ptr<StdinSpool>& spool) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (inputs[i] == "-") {
      spool = std::make_unique<StdinSpool>("classify");
      inputs[i] = spool->path();
    }
  }
}

std::optional<double> spend_threshold(std::vector<std::string>& inputs, const std::vector<std::string>& shown,
                                      double share, std::unique_ptr<StdinSpool>& spool) {
  spool_stdin(inputs, spool);
  // Every annual_spend value, read in parallel batches, for each pass the
  // threshold needs (one unless the values are over a million).
  const auto each_spend = [&](const std::function<void(double)>& visit) {
    const std::unique_ptr<csv::BatchReader> batches = open_batches(inputs, shown);
    const std::vector<std::string>& header = batches->header();
    const auto col = static_cast<std::size_t>(std::find(header.begin(), header.end(), "annual_spend") - header.begin());
    if (col == header.size()) {
      return;
    }
    csv::run_batches<SpendBatch>(
        *batches, [&](SpendBatch& b) { b.read(col); },
        [&](SpendBatch& b) {
          for (const double v : b.values) {
            visit(v);
          }
        });
  };
  return top_share_threshold_in_passes(each_spend, share);
}

// The input columns classify reads and writes.
struct Columns {
  std::vector<std::size_t> keep;  // input columns written, in order
  std::ptrdiff_t spend = -1;
  std::ptrdiff_t type = -1;
  std::ptrdiff_t id = -1;
};

// Writes the output's header: the input's columns but those classify adds, then those.
Columns write_header(const std::vector<std::string>& header, csv::Writer& writer) {
  Columns cols;
  const auto& added = schema::classify_columns();
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (std::find(added.begin(), added.end(), header[c]) == added.end()) {
      cols.keep.push_back(c);
      writer.field(header[c]);
    }
    const auto at = static_cast<std::ptrdiff_t>(c);
    cols.spend = header[c] == "annual_spend" ? at : cols.spend;
    cols.type = header[c] == "customer_type" ? at : cols.type;
    cols.id = header[c] == "feedback_id" ? at : cols.id;
  }
  for (const std::string& a : added) {
    writer.field(a);
  }
  writer.end_record();
  return cols;
}

// A batch of rows and what classifying them makes.
struct Batch : ClassifierBatch {
  StringSink bytes;
  std::unique_ptr<csv::Writer> writer;
  std::string explain;
  std::vector<std::uint8_t> other;  // per row: no rule claimed it
  ScannedHits scanned;              // the rows' hits: Classifier::prescan()
  Decision d;
};

// Classifies a batch's rows and writes them (and their explanations) into the batch.
void classify_batch(Batch& b, const Classifier& prototype, const Columns& cols, const csv::WriterOptions& batch_options,
                    bool copy_plain, std::optional<double> threshold, bool explain) {
  if (!b.writer) {
    b.writer = std::make_unique<csv::Writer>(b.bytes, batch_options);
  }
  b.other.assign(b.rows, 0);
  b.explain.clear();
  // The model's answers first, for all the rows, then their hits: the
  // model's and the matcher's tables stay in cache (the same answers and hits
  // as found row by row, in classify()).
  b.answer_rows(prototype, [](std::size_t) {});
  b.scanned.clear();  // then the matcher's hits
  for (std::size_t i = 0; i < b.rows; ++i) {
    b.RowBatch::fields(i, b.fields);
    b.classifier->prescan(b.fields, b.scanned);
  }
  Decision& d = b.d;
  for (std::size_t i = 0; i < b.rows; ++i) {
    b.RowBatch::fields(i, b.fields);
    const std::vector<std::string_view>& f = b.fields;
    double spend = 0;
    std::string_view tier = "regular";
    if (cols.type >= 0 && f[static_cast<std::size_t>(cols.type)] == "new") {
      tier = "new";
    } else if (cols.spend >= 0 && threshold && parse_spend(f[static_cast<std::size_t>(cols.spend)], spend) &&
               spend >= *threshold) {
      tier = "high";
    }
    b.classifier->classify(f, tier, d, b.model_answers[i], b.scanned, i);
    csv::Writer& w = *b.writer;
    if (copy_plain && b.plain[i] != 0) {
      w.encoded(b.plain_row(i), b.width);
    } else {
      for (const std::size_t c : cols.keep) {
        w.field(f[c]);
      }
    }
    for (const std::string_view s :
         {d.category, d.issue, d.urgency, d.sentiment, d.value_tier, d.route_department, std::string_view(d.sla_due_at),
          std::string_view(d.matched_rules), std::string_view(d.praise_aspect)}) {
      w.field(s);
    }
    w.end_record();
    b.other[i] = d.claimed ? 0 : 1;
    if (explain) {
      explain_row(b.explain, b.lines[i], cols.id, d, *b.classifier, f);
    }
  }
}

// --adapt: `adapted` (the model trained on the sure rows, `sentiment`'s
// settings) when there were enough sure rows, else `sentiment` itself.
const Sentiment* adapt(const RuleSet& rules, const Sentiment& sentiment, const std::vector<std::string>& inputs,
                       const std::vector<std::string>& shown, const RunOptions& options, Sentiment& adapted) {
  AdaptReport report;
  std::shared_ptr<const SentimentModel> model = adapt_model(rules, sentiment, inputs, shown, report);
  if (options.say) {
    options.say(report.message());
  }
  if (model == nullptr) {
    return &sentiment;
  }
  adapted = Sentiment{std::move(model), sentiment.settings};
  return &adapted;
}

}  // namespace

RunSummary run(const RuleSet& given, const RunOptions& options, ByteSink& out, ByteSink* explain, ByteSink* coverage) {
  RunSummary summary;
  std::vector<std::string> inputs = input_paths(options.inputs);
  std::vector<std::string> shown;  // names for messages
  std::transform(inputs.begin(), inputs.end(), std::back_inserter(shown), input_name);
  std::unique_ptr<StdinSpool> spool;
  RunOptions::Chosen chosen;
  if (options.choose_rules) {
    spool_stdin(inputs, spool);
    chosen = options.choose_rules(inputs.front(), shown.front());
  }
  const RuleSet& rules = chosen.rules != nullptr ? *chosen.rules : given;
  const Sentiment* sentiment = chosen.sentiment != nullptr ? chosen.sentiment : options.sentiment;
  Sentiment adapted;
  if (options.adapt && sentiment != nullptr && sentiment->model != nullptr) {
    spool_stdin(inputs, spool);
    sentiment = adapt(rules, *sentiment, inputs, shown, options, adapted);
  }
  const double share = options.high_share.value_or(rules.high_value_share);
  summary.spend_threshold = options.spend_threshold;
  if (!options.spend_threshold && share > 0) {
    summary.spend_threshold = spend_threshold(inputs, shown, share, spool);
  }

  // The first input fixes the layout; rows then go through the classifier in
  // parallel batches (each batch its own classifier: the compiled rules are
  // shared, the scratch state is not) and are written in input order.
  const std::unique_ptr<csv::BatchReader> reader = open_batches(inputs, shown);
  const std::vector<std::string>& header = reader->header();
  const Classifier prototype(rules, header, options.multi, sentiment);
  csv::Writer writer(out, options.writer);
  const Columns cols = write_header(header, writer);
  writer.flush();
  // A row read without quotes is written as it was read when all its columns are kept.
  const bool copy_plain = cols.keep.size() == header.size() && !options.writer.neutralize_formulas;
  csv::WriterOptions batch_options = options.writer;
  batch_options.continues = true;
  // A batch's rows (about 1.5 MiB written for 1 MiB read) stay in its writer's buffer,
  // written out by the sink (flush_to) and not first copied into b.bytes.
  batch_options.flush_at = std::size_t{16} << 20;

  const auto work = [&](Batch& b) {
    classify_batch(b, prototype, cols, batch_options, copy_plain, summary.spend_threshold, explain != nullptr);
  };
  Coverage cov;
  const auto sink = [&](Batch& b) {
    // What the batch's writer flushed itself (past its buffer size), then the rest.
    out.write(b.bytes.str().data(), b.bytes.str().size());
    b.bytes.clear();
    b.writer->flush_to(out);
    if (explain != nullptr) {
      explain->write(b.explain.data(), b.explain.size());
    }
    for (std::size_t i = 0; i < b.rows; ++i) {
      ++summary.rows;
      const bool other = b.other[i] != 0;
      summary.other += other ? 1 : 0;
      if (coverage != nullptr) {
        cov.add_row(other);
        if (other) {
          for (const std::size_t c : prototype.text_columns()) {
            cov.add_text(b.field(i, c));
          }
        }
      }
    }
  };
  csv::run_batches<Batch>(*reader, work, sink);
  writer.finish();
  if (explain != nullptr) {
    explain->commit();
  }
  if (coverage != nullptr) {
    const std::string report = cov.report();
    coverage->write(report.data(), report.size());
    coverage->commit();
  }
  return summary;
}

}  // namespace fbkit::classify

// Property: cutting an input into batches (csv::BatchReader, which only finds
// record ends) and parsing each batch on its own gives exactly the records,
// line numbers and first error of one csv::Reader over the whole input, for
// any batch size, with quoted line breaks, CR, CRLF and lone-CR line ends,
// blank lines, a last record without a line end, several inputs, and broken
// input (a stray quote, a ragged row). The generator is a seeded PRNG.
// RowBatch::column_views(), where it reads a batch, gives parse()'s column.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "csv/batch.hpp"
#include "csv/writer.hpp"

namespace csv = fbkit::csv;

namespace {

struct Row {
  std::int64_t line = 0;
  std::vector<std::string> fields;
  bool operator==(const Row&) const = default;
};

struct Result {
  std::vector<Row> rows;
  std::string error;  // the first error's message, "" if none
};

class TempFiles {
public:
  ~TempFiles() {
    for (const std::string& p : m_paths) {
      std::remove(p.c_str());
    }
  }
  std::string add(const std::string& text) {
    char path[] = "/tmp/fbkit-test-batch-XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    ::close(fd);
    std::ofstream(path, std::ios::binary) << text;
    m_paths.emplace_back(path);
    return path;
  }

private:
  std::vector<std::string> m_paths;
};

// Batches whose column RowBatch::column_views() read in one pass (its answer is checked against parse()).
std::size_t g_column_views_read = 0;

// One reader over each whole input, as the commands read before batches.
Result read_serial(const std::vector<std::string>& paths) {
  Result r;
  try {
    std::vector<std::string> header;
    for (const std::string& path : paths) {
      fbkit::FileSource src(path);
      csv::Reader reader(src);
      const std::vector<std::string> h = reader.read_header();
      if (header.empty()) {
        header = h;
      } else if (h != header) {
        throw fbkit::DataError(fbkit::Location{path, 1, 1},
                               "the header differs from the first input's; test one layout at a time");
      }
      csv::Record rec;
      while (reader.next(rec)) {
        r.rows.push_back(Row{rec.line, {rec.fields.begin(), rec.fields.end()}});
      }
    }
  } catch (const fbkit::Error& e) {
    r.error = e.what();
  }
  return r;
}

// Batches of about `bytes` bytes, parsed one by one. Rows of a batch that fails
// are dropped, as run_batches() never sinks such a batch.
Result read_batched(const std::vector<std::string>& paths, std::size_t bytes) {
  Result r;
  try {
    auto src = std::make_unique<fbkit::FileSource>(paths.front());
    auto reader = std::make_unique<csv::Reader>(*src);
    reader->read_header();
    csv::BatchReader batches(paths, paths, std::move(src), std::move(reader), "test");
    csv::RowBatch b;
    std::vector<std::string_view> fields;
    while (batches.fill(b, bytes)) {
      // column_views() of each column, on a copy (it reads raw as fill() left it).
      std::vector<std::optional<std::vector<std::string>>> columns(b.width);
      for (std::size_t c = 0; c < b.width; ++c) {
        csv::RowBatch copy = b;
        std::vector<std::string_view> views;
        if (copy.column_views(c, views)) {
          REQUIRE(views.size() == copy.rows);
          columns[c].emplace(views.begin(), views.end());
          ++g_column_views_read;
        }
      }
      b.parse();
      for (std::size_t c = 0; c < b.width; ++c) {
        if (columns[c]) {  // what column_views() read is exactly parse()'s column
          REQUIRE(columns[c]->size() == b.rows);
          for (std::size_t i = 0; i < b.rows; ++i) {
            CHECK((*columns[c])[i] == b.field(i, c));
          }
        }
      }
      for (std::size_t i = 0; i < b.rows; ++i) {
        b.fields(i, fields);
        r.rows.push_back(Row{b.lines[i], {fields.begin(), fields.end()}});
        // A plain row's bytes are what a writer makes of its fields.
        if (b.plain[i] != 0) {
          fbkit::StringSink sink;
          csv::Writer w(sink, csv::WriterOptions{.continues = true});
          w.record(fields);
          w.flush();
          CHECK(sink.str() == std::string(b.plain_row(i)) + "\n");
        }
      }
    }
  } catch (const fbkit::Error& e) {
    r.error = e.what();
  }
  return r;
}

const char* const kTokens[] = {"a", "Z", "7", " ", ",", "\"", "\n", "\r", "\r\n", "\xE5\xA5\xBD", "=", "x y"};

std::vector<std::string> random_fields(std::mt19937& rng, std::size_t width) {
  std::vector<std::string> fields(width);
  for (std::string& f : fields) {
    const int n = static_cast<int>(rng() % 6);
    for (int k = 0; k < n; ++k) {
      f += kTokens[rng() % std::size(kTokens)];
    }
  }
  return fields;
}

std::string random_csv(std::mt19937& rng, const std::vector<std::string>& header) {
  const std::size_t width = header.size();
  std::string text;
  const char* const kEnds[] = {"\n", "\r\n", "\r"};
  const char* end = kEnds[rng() % 3];
  const std::size_t rows = 1 + rng() % 40;
  for (std::size_t row = 0; row <= rows; ++row) {
    std::vector<std::string> fields = row == 0 ? header : random_fields(rng, width);
    if (row > 0 && rng() % 10 == 0) {
      fields.pop_back();  // ragged (an error unless width 1 leaves one field)
      if (fields.empty()) {
        fields.emplace_back("r");
      }
    }
    fbkit::StringSink sink;
    csv::Writer w(sink);
    w.record(fields);
    w.flush();
    std::string rec = sink.str();
    rec.pop_back();  // the writer's LF: this file's own line end instead
    text += rec;
    if (row < rows || rng() % 2 == 0) {
      text += end;
    }
    if (rng() % 8 == 0) {
      text += end;  // a blank line
    }
  }
  if (rng() % 12 == 0 && !text.empty()) {
    text.insert(text.begin() + static_cast<std::ptrdiff_t>(rng() % text.size()), '"');  // a stray quote
  }
  return text;
}

}  // namespace

TEST_CASE("csv batches: the same records, lines and first error as one reader, for any batch size") {
  std::mt19937 rng(20261129);
  int compared = 0, with_error = 0;
  for (int round = 0; round < 400; ++round) {
    TempFiles files;
    std::vector<std::string> header = random_fields(rng, 1 + rng() % 4);
    header.front() += "h";  // a header of one empty field would be a blank line
    std::vector<std::string> texts(1 + rng() % 3);
    std::vector<std::string> paths;
    for (std::string& t : texts) {
      t = random_csv(rng, header);
      paths.push_back(files.add(t));
    }
    // Later inputs repeat the first header (a stray quote can break one: an error too).
    const Result serial = read_serial(paths);
    with_error += serial.error.empty() ? 0 : 1;
    for (const std::size_t bytes : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}, std::size_t{16},
                                    std::size_t{61}, std::size_t{200}, std::size_t{1} << 20}) {
      CAPTURE(round);
      CAPTURE(bytes);
      CAPTURE(texts.front());
      const Result batched = read_batched(paths, bytes);
      CHECK(batched.error == serial.error);
      REQUIRE(batched.rows.size() <= serial.rows.size());
      if (serial.error.empty()) {
        CHECK(batched.rows == serial.rows);
      } else {
        CHECK(std::equal(batched.rows.begin(), batched.rows.end(), serial.rows.begin()));
      }
      ++compared;
    }
  }
  CHECK(compared == 3200);
  CHECK(g_column_views_read > 1000);  // the one-pass reading is really exercised
  CHECK(with_error > 20);             // the broken inputs are really exercised
  CHECK(with_error < 300);
}

TEST_CASE("csv batches: a record longer than the limit is an error, not unbounded memory") {
  TempFiles files;
  std::string text = "a,b\n1,2\n\"";
  text.append((std::size_t{64} << 20) + 10, 'x');
  const std::string path = files.add(text);
  const Result batched = read_batched({path}, std::size_t{1} << 20);
  CAPTURE(batched.error);
  CHECK(batched.error.find("record is longer than 64 MiB") != std::string::npos);
  CHECK(batched.error.find(":3:") != std::string::npos);
  REQUIRE(batched.rows.size() == 1);
  CHECK(batched.rows[0].fields == std::vector<std::string>{"1", "2"});
}

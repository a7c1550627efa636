// Fuzzes csv::Reader. Input: one options byte (delimiter, piece size), then the
// CSV bytes. Properties, beyond "no crash, no undefined behaviour, only
// DataError thrown":
// - reading in small pieces gives exactly what one read gives (records, lines,
//   problems, messages, errors): buffer boundaries must not matter;
// - input that is not only line ends gives at least one record;
// - a strict read agrees with a lenient one up to the first record the lenient
//   read marks as a problem, and fails there;
// - every record read, written by csv::Writer and read again, gives back the
//   same fields;
// - cut into batches at record ends (csv::BatchReader) and parsed batch by
//   batch, the input gives the strict read's records and lines, and its error
//   (the records of a batch that fails are dropped, as commands never write
//   such a batch).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "csv/batch.hpp"
#include "csv/reader.hpp"
#include "csv/writer.hpp"
#include "fuzz_util.hpp"

namespace {

using namespace fbkit;

struct Rec {
  std::vector<std::string> fields;
  std::int64_t line = 0, end_line = 0;
  csv::Problem problem = csv::Problem::none;
  std::string message;
  bool operator==(const Rec&) const = default;
};

struct Result {
  std::vector<std::string> header;
  std::vector<Rec> records;
  std::optional<std::string> error;  // the DataError that ended the read
  bool operator==(const Result&) const = default;
};

Result read_all(ByteSource& src, const csv::ReaderOptions& opt, bool header) {
  Result r;
  try {
    csv::Reader reader(src, opt);
    if (header) {
      r.header = reader.read_header();
    }
    csv::Record rec;
    while (reader.next(rec)) {
      r.records.push_back(
          Rec{{rec.fields.begin(), rec.fields.end()}, rec.line, rec.end_line, rec.problem, rec.message});
    }
  } catch (const DataError& e) {
    r.error = e.what();
  }
  return r;
}

std::string describe(const Result& r) {
  std::string s = "header fields " + std::to_string(r.header.size()) + ", records " + std::to_string(r.records.size());
  if (r.error) {
    s += ", error: " + *r.error;
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::uint8_t opts = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  static constexpr char kDelims[] = {',', '\t', ';', '|'};
  csv::ReaderOptions opt;
  opt.delimiter = kDelims[opts & 3];
  const std::size_t piece = 1 + ((opts >> 2) & 7) * 3;  // 1, 4, 7 ... 22 bytes per read
  const bool header = (opts & 0x20) != 0;

  opt.lenient = true;
  StringSource whole_src{std::string(text), "fuzz.csv"};
  const Result lenient = read_all(whole_src, opt, header);
  fuzz::PieceSource pieces_src(text, piece);
  const Result lenient_pieces = read_all(pieces_src, opt, header);
  fuzz::check(lenient == lenient_pieces, "lenient: reading in pieces changed the result",
              describe(lenient) + " vs " + describe(lenient_pieces));
  // Lenient reads fail only on a header that is itself broken or missing.
  fuzz::check(!lenient.error || header, "lenient read threw", lenient.error.value_or(""));
  // Text that is not only line ends (after a BOM) holds at least one record.
  const std::string_view body = text.substr(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
  if (!header && body.find_first_not_of("\r\n") != std::string_view::npos) {
    fuzz::check(!lenient.records.empty(), "non-blank input gave no record");
  }

  opt.lenient = false;
  fuzz::PieceSource strict_src(text, piece);
  const Result strict = read_all(strict_src, opt, header);
  std::size_t first_problem = lenient.records.size();
  for (std::size_t i = 0; i < lenient.records.size(); ++i) {
    if (lenient.records[i].problem != csv::Problem::none) {
      first_problem = i;
      break;
    }
  }
  if (lenient.error) {
    fuzz::check(strict.error.has_value() && strict.records.empty(), "strict read passed a header lenient refused");
  } else {
    fuzz::check(strict.header == lenient.header, "strict and lenient headers differ");
    fuzz::check(strict.records.size() == first_problem, "strict read stopped elsewhere than the first problem",
                describe(strict) + "; first problem at record " + std::to_string(first_problem));
    fuzz::check(strict.error.has_value() == (first_problem < lenient.records.size()),
                "strict read did not fail exactly when a record has a problem", describe(strict));
    for (std::size_t i = 0; i < strict.records.size(); ++i) {
      fuzz::check(strict.records[i] == lenient.records[i], "strict and lenient records differ");
    }
  }

  // Batches of `piece` bytes give the strict read's records (with a header).
  if (header) {
    Result batched;
    try {
      auto src = std::make_unique<fbkit::fuzz::PieceSource>(text, piece);
      auto reader = std::make_unique<csv::Reader>(*src, csv::ReaderOptions{opt.delimiter});
      batched.header = reader->read_header();
      const std::vector<std::string> inputs = {"fuzz.csv"};
      csv::BatchReader batches(inputs, inputs, std::move(src), std::move(reader), "fuzz", opt.delimiter);
      csv::RowBatch b;
      std::vector<std::string_view> fields;
      std::vector<Rec> parsed;
      while (batches.fill(b, piece)) {
        b.parse();
        for (std::size_t i = 0; i < b.rows; ++i) {
          b.fields(i, fields);
          parsed.push_back(Rec{{fields.begin(), fields.end()}, b.lines[i], 0, csv::Problem::none, ""});
        }
      }
      batched.records = std::move(parsed);
    } catch (const DataError& e) {
      batched.error = e.what();
    }
    fuzz::check(batched.error == strict.error, "batches: another error than the strict read",
                describe(batched) + " vs " + describe(strict));
    fuzz::check(batched.records.size() <= strict.records.size() &&
                    (strict.error || batched.records.size() == strict.records.size()),
                "batches: another record count", describe(batched) + " vs " + describe(strict));
    for (std::size_t i = 0; i < batched.records.size() && i < strict.records.size(); ++i) {
      fuzz::check(
          batched.records[i].fields == strict.records[i].fields && batched.records[i].line == strict.records[i].line,
          "batches: a record differs", "record " + std::to_string(i));
    }
  }

  // Write what was read, read it back: the same fields.
  StringSink sink;
  {
    csv::Writer writer(sink, csv::WriterOptions{opt.delimiter, (opts & 0x40) != 0, false});
    if (!lenient.error && header) {
      writer.record(lenient.header);
    }
    for (const Rec& r : lenient.records) {
      writer.record(r.fields);
    }
    writer.flush();
  }
  opt.lenient = false;
  opt.check_width = false;
  StringSource again_src{sink.str(), "again.csv"};
  const Result again = read_all(again_src, opt, false);
  fuzz::check(!again.error, "re-reading the writer's output failed", again.error.value_or(""));
  std::size_t k = 0;
  if (!lenient.error && header) {
    fuzz::check(!again.records.empty() && again.records[0].fields == lenient.header, "header not round-tripped");
    ++k;
  }
  fuzz::check(again.records.size() == k + lenient.records.size(), "round trip changed the record count",
              std::to_string(again.records.size()) + " vs " + std::to_string(k + lenient.records.size()));
  for (std::size_t i = 0; i < lenient.records.size(); ++i) {
    fuzz::check(again.records[k + i].fields == lenient.records[i].fields, "round trip changed a record's fields",
                "record " + std::to_string(i));
  }
  return 0;
}

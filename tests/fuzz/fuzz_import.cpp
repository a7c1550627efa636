// Fuzzes the whole of `fbkit import FILE...` (import::run) on bytes held in
// memory: sniffing the format, detecting and decoding the encoding, the
// delimiter, the header, choosing a profile, mapping and converting every
// value, the rejects and the summary; the path a BOM-only file hung in (issue
// #20 item 5), which the encoding target alone did not reach.
// Input: one options byte, one split byte, then the bytes of the input files
// (two files when the options say so, cut at the split byte's share).
// Properties, beyond "no crash, no hang, only DataError thrown":
// - nothing is lost: records read = written + rejected;
// - the output is valid UTF-8 and canonical CSV: it reads back strictly with
//   the header's width and exactly the records written; the rejects file
//   holds exactly the records rejected.
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "core/error.hpp"
#include "csv/reader.hpp"
#include "fuzz_util.hpp"
#include "import/import.hpp"
#include "xlsx/archive.hpp"

namespace {

using namespace fbkit;

// Records of a CSV text read strictly, or -1 if it does not read back.
std::int64_t records_of(const std::string& csv_text, std::size_t* width) {
  StringSource in{csv_text, "out.csv"};
  csv::Reader reader(in);
  try {
    *width = reader.read_header().size();
    csv::Record r;
    std::int64_t n = 0;
    while (reader.next(r)) {
      if (r.problem != csv::Problem::none) {
        return -1;
      }
      ++n;
    }
    return n;
  } catch (const DataError&) {
    return -1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::uint8_t opts = data[0];
  const std::uint8_t split = data[1];
  const std::string bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  // Workbooks are opened again by path, and fuzzed by fuzz_xlsx_reader.
  if (xlsx::looks_like_zip(bytes.substr(0, 8))) {
    return 0;
  }
  import::Options options;
  const bool two = (opts & 1) != 0;
  const std::size_t cut = two ? bytes.size() * split / 256 : bytes.size();
  if (two && xlsx::looks_like_zip(bytes.substr(cut, 8))) {
    return 0;
  }
  options.inputs = {(opts & 2) != 0 ? "fuzz.tsv" : "fuzz.csv"};
  if (two) {
    options.inputs.emplace_back("second.csv");
  }
  switch ((opts >> 2) & 3) {
    case 1:
      options.source.encoding = text::Encoding::utf8;
      break;
    case 2:
      options.source.encoding = text::Encoding::gb18030;
      break;
    case 3:
      options.source.bad_bytes = text::BadBytes::replace;
      break;
    default:
      break;
  }
  options.max_errors = (opts & 16) != 0 ? 0 : 3;
  options.explain_mapping = (opts & 32) != 0 && (opts & 64) != 0 && (opts & 128) == 0;
  const std::size_t piece = 1 + (split % 7) * 3;  // raw bytes per read: 1 to 19

  StringSink output;
  StringSink rejects;
  // Loaded once: parsing the YAML of every profile took most of each run.
  static const std::vector<import::Profile> profiles = import::load_profiles(config::Store(std::nullopt));
  import::Io io;
  io.profiles = &profiles;
  io.open = [&](const std::string& path) -> std::unique_ptr<ByteSource> {
    const bool first = path == options.inputs[0];
    const std::string_view all(bytes);
    const std::string_view mine = first ? all.substr(0, cut) : all.substr(cut);
    return std::make_unique<fuzz::PieceSource>(mine, piece, path);
  };
  std::ostringstream log;
  std::ostringstream out;
  import::Summary summary;
  try {
    summary = import::run(options, import::Outputs{&output, &rejects, nullptr}, log, out, io);
  } catch (const DataError&) {
    return 0;
  }
  if (options.explain_mapping) {
    return 0;
  }
  fuzz::check(summary.read == summary.written + summary.rejected, "a record was lost");
  fuzz::check(fuzz::valid_utf8(output.str()), "the output is not valid UTF-8");
  fuzz::check(fuzz::valid_utf8(rejects.str()), "the rejects are not valid UTF-8");
  std::size_t width = 0;
  fuzz::check(records_of(output.str(), &width) == summary.written, "the output does not read back as written",
              std::to_string(summary.written) + " written");
  fuzz::check(records_of(rejects.str(), &width) == summary.rejected && width == 5,
              "the rejects do not read back as rejected", std::to_string(summary.rejected) + " rejected");
  return 0;
}

// Fuzzes xlsx::SheetReader. Input: one mode byte, then either
// - (odd mode) the bytes of a whole file, to fuzz the zip layer; or
// - (even mode) the XML parts of a workbook separated by 0x1E bytes, in this
//   order: sheet1, sharedStrings, styles, workbook, workbook rels, package rels;
//   missing parts get a minimal valid default, and the zip is built here (stored,
//   so that the fuzzer's changes reach the XML parser unchanged).
// Mode bit 2 limits inflated parts to 4 KiB (as FBKIT_XLSX_MAX_MEMBER_BYTES would).
// Mode bit 4: the rest is an XML Spreadsheet 2003 document (xlsx::XmlSheetReader,
// Freshdesk's "Excel" export), read as it is.
// Properties: no crash or undefined behaviour; only DataError is thrown; the
// sheet read is one of the sheet names; row numbers are positive.
#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "fuzz_util.hpp"
#include "xlsx/reader.hpp"
#include "xlsx/spreadsheetml.hpp"

namespace {

using namespace fbkit;

const char* const kDefaults[] = {
    R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>)",
    "",  // sharedStrings: absent unless given
    "",  // styles: absent unless given
    R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)"
    R"(<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>)",
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" )"
    R"(Target="worksheets/sheet1.xml"/>)"
    R"(<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" )"
    R"(Target="sharedStrings.xml"/>)"
    R"(<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" )"
    R"(Target="styles.xml"/></Relationships>)",
    R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
    R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" )"
    R"(Target="xl/workbook.xml"/></Relationships>)",
};
const char* const kNames[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",       "xl/styles.xml",
                              "xl/workbook.xml",          "xl/_rels/workbook.xml.rels", "_rels/.rels"};

// One scratch file per process, rewritten for every input.
const std::string& scratch_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/fbkit-fuzz-xlsx-" +
           std::to_string(::getpid()) + ".xlsx";
  }();
  static const bool cleanup = [] { return std::atexit([] { std::remove(scratch_path().c_str()); }) == 0; }();
  (void)cleanup;
  return path;
}

void write_raw(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  fuzz::check(f != nullptr, "cannot write the scratch file", path);
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

void write_workbook(const std::string& path, std::string_view spec) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (parts.size() < 6) {
    const std::size_t sep = spec.find('\x1E', start);
    parts.emplace_back(spec.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
    if (sep == std::string_view::npos) {
      break;
    }
    start = sep + 1;
  }
  int error = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  fuzz::check(z != nullptr, "cannot create the scratch workbook", path);
  for (std::size_t i = 0; i < 6; ++i) {
    const std::string& xml = i < parts.size() ? parts[i] : kDefaults[i];
    if (i >= parts.size() && xml.empty()) {
      continue;
    }
    // zip_close() reads the buffers: they live in `parts` or are static.
    const char* bytes = i < parts.size() ? parts[i].data() : kDefaults[i];
    zip_source_t* src = zip_source_buffer(z, bytes, xml.size(), 0);
    const zip_int64_t index = zip_file_add(z, kNames[i], src, ZIP_FL_ENC_UTF_8);
    fuzz::check(index >= 0, "zip_file_add failed");
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  fuzz::check(zip_close(z) == 0, "zip_close failed");
}

// The properties of any sheet reader (xlsx::SheetReader, xlsx::XmlSheetReader):
// the sheet read is among the sheet names, row numbers are positive.
template <typename Reader>
void check_reader(Reader& reader) {
  bool found = false;
  for (const std::string& name : reader.sheet_names()) {
    found = found || name == reader.sheet();
  }
  fuzz::check(found, "the sheet read is not among the sheet names", reader.sheet());
  std::vector<std::string> cells;
  std::int64_t row = 0;
  while (reader.next(cells, row)) {
    fuzz::check(row > 0, "row number not positive", std::to_string(row));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 4) != 0) {
    try {
      xlsx::XmlSheetReader reader("fuzz.xls", std::string(rest), "");
      check_reader(reader);
    } catch (const DataError&) {
      // Expected for damaged documents.
    }
    return 0;
  }
  const std::string& path = scratch_path();
  if ((data[0] & 1) != 0) {
    write_raw(path, rest);
  } else {
    write_workbook(path, rest);
  }
  try {
    // Mode bit 2: a limit of 4 KiB on inflated parts, so the limit is hit (and
    // checked to end in a DataError) on inputs of any size.
    xlsx::SheetReader reader(path, {"", (data[0] & 2) != 0 ? 4096 : xlsx::kDefaultMaxPartBytes});
    check_reader(reader);
  } catch (const DataError&) {
    // Expected for damaged workbooks.
  }
  return 0;
}

#include "csv/raw_export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "core/error.hpp"
#include "core/io.hpp"
#include "core/schema.hpp"
#include "core/stdin_peek.hpp"
#include "core/strings.hpp"
#include "csv/reader.hpp"

namespace fbkit::csv {

namespace {

// How much of an input is looked at: the header and the first records.
constexpr std::size_t kHeadBytes = 64 * 1024;

// Whether `s` is UTF-8, but for a sequence cut at its end.
bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t n = decode_utf8(s, i, cp);
    if (n == 0) {
      return s.size() - i < 4 && static_cast<unsigned char>(s[i]) >= 0xC2;  // cut at the end of the head?
    }
    i += n;
  }
  return true;
}

bool is_canonical_name(std::string_view name) {
  return schema::find(name) != nullptr || schema::is_score(name) || schema::is_text(name) ||
         name == schema::kSourceFile || name == schema::kSourceLine;
}

// fbkit's own layouts (and a hand-made test file's) name columns in lower-case
// snake_case; an export's header says 'Ticket ID', 'reviews.text' or 提交时间.
bool is_identifier(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// The head's first record's first names, quoted, when none is canonical and
// some is not an identifier ("" otherwise: it may be canonical).
std::string names_if_export(std::string_view head) {
  StringSource src{std::string(head)};
  std::vector<std::string> names;
  try {
    Reader reader(src, ReaderOptions{',', true});
    names = reader.read_header();
  } catch (const Error&) {
    return "";  // not a CSV header the reader takes: the command says so itself
  }
  std::string shown;
  bool identifiers = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string_view n = names[i];
    while (!n.empty() && (n.front() == ' ' || n.front() == '\t')) {
      n.remove_prefix(1);
    }
    while (!n.empty() && (n.back() == ' ' || n.back() == '\t' || n.back() == '\r')) {
      n.remove_suffix(1);
    }
    if (is_canonical_name(n)) {
      return "";
    }
    identifiers = identifiers && is_identifier(n);
    if (i < 3) {
      shown += (shown.empty() ? "" : ", ") + quote_value(n, 30);
    }
  }
  if (identifiers) {
    return "";
  }
  return names.size() > 3 ? shown + " ..." : shown;
}

// The first kHeadBytes of a regular file, or "" (a FIFO cannot be read twice;
// an unreadable file is the command's to report).
std::string head_of_file(const std::string& path) {
  // Not even opened unless regular: opening a FIFO lets its writer in, to
  // find no reader once it is closed again.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return "";
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return "";
  }
  std::string head(kHeadBytes, '\0');
  std::size_t have = 0;
  while (have < head.size()) {
    const ssize_t got = ::read(fd, head.data() + have, head.size() - have);
    if (got <= 0) {
      break;
    }
    have += static_cast<std::size_t>(got);
  }
  ::close(fd);
  head.resize(have);
  return head;
}

}  // namespace

std::string raw_export_reason(std::string_view head) {
  if (head.starts_with("PK\x03\x04")) {
    return "xlsx workbook bytes";
  }
  if (head.starts_with("\xD0\xCF\x11\xE0")) {
    return "an Excel 97-2003 workbook";
  }
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") ||
      head.substr(0, 256).find('\0') != std::string_view::npos) {
    return "UTF-16 text";
  }
  if (head.starts_with("\xEF\xBB\xBF")) {
    head.remove_prefix(3);
  }
  if (head.empty()) {
    return "";
  }
  if (!is_utf8(head)) {
    return "not UTF-8: GB18030 or GBK?";
  }
  const std::string names = names_if_export(head.substr(0, head.find('\n')));
  return names.empty() ? "" : "no canonical column in its header: " + names;
}

void refuse_raw_exports(const std::vector<std::string>& inputs) {
  for (const std::string& path : input_paths(inputs)) {
    const std::string why = raw_export_reason(path == "-" ? std::string(peek_stdin(kHeadBytes)) : head_of_file(path));
    if (!why.empty()) {
      std::string message = input_name(path);
      message += ": this looks like a raw export: run ";
      message +=
          path == "-" ? "`fbkit import FILE` first and pipe its output here" : "`fbkit import " + path + "` first";
      message += " (" + why + ")";
      throw UsageError(message);
    }
  }
}

}  // namespace fbkit::csv

// Telling a raw export (what `fbkit import` reads) from a canonical feedback
// CSV (what clean, classify, stats and report read), by an input's first
// bytes: the one check those commands make before they read or write anything.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fbkit::csv {

// Why the first bytes of an input show a raw export: "xlsx workbook bytes",
// "UTF-16 text", "not UTF-8: GB18030 or GBK?", "no canonical column in its
// header: 'Ticket ID', ..."; "" when it may be canonical (an empty input
// too: the command's reader says what is wrong with it). A UTF-8 BOM is
// allowed; extra columns are, beside one canonical column at least; a header
// of lower-case snake_case names alone (a hand-made a,b) is not refused.
std::string raw_export_reason(std::string_view head);

// Throws UsageError (exit 2) "NAME: this looks like a raw export: run `fbkit
// import NAME` first (WHY)" for the first of `inputs` (input_paths(); "-" is
// standard input, looked at with peek_stdin, not consumed) that shows one.
// Unreadable files and FIFOs are left alone.
void refuse_raw_exports(const std::vector<std::string>& inputs);

}  // namespace fbkit::csv

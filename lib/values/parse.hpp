// Parsers for the values analysts meet in exports: dates in a dozen forms,
// scores written as numbers, stars or words, money with currency signs and 万,
// durations, multi-select answers. Hand-written scanners (no regex: the input
// is untrusted); they never throw: a bad value gives a short reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "values/excel.hpp"

namespace fbkit::values {

enum class DateOrder { ymd, mdy, dmy };

template <typename T>
struct Parsed {
  std::optional<T> value;  // set when parsed
  std::string error;       // why not, when not parsed and not blank
  bool blank = false;      // the input was empty or a blank marker
};

// "", white space, "-", "--", "—", "无", "N/A", "NA", "null", "(空)", "（空）", "未填", "/".
bool is_blank(std::string_view s);

// -> "YYYY-MM-DDTHH:MM:SS" (a date alone gives T00:00:00). Accepts ISO forms
// (with T, a UTC offset or a fraction, which are dropped), 2025/1/3 9:05, 2025.10.23,
// 20251023, 2025年10月23日 14:05 (or 14时05分), 上午/下午 and AM/PM, month names
// (Oct 23, 2025; 23 Oct 2025), a/b/yyyy and a/b/yy (also a.b.yyyy) per `order`
// (ymd: ambiguous; import reads a file in the order its rows show, 31.10.2025
// day first), and Excel serial numbers when allowed.
Parsed<std::string> parse_datetime(std::string_view s, DateOrder order = DateOrder::ymd,
                                   bool allow_excel_serial = true);
// The same, and the value's UTC offset in minutes east of UTC when it names one
// (Z, UTC, GMT: 0; +08:00, +0800, +08, -05:00, GMT+8), the time being the one
// written (not moved: values::to_local_time does that); nullopt when naive.
Parsed<std::string> parse_datetime(std::string_view s, DateOrder order, bool allow_excel_serial,
                                   std::optional<int>& offset);

// How far past the run's time (now, or --as-of) a received_at or resolved_at may
// lie before it counts as a bogus future date (9999-12-31, a typo'd year): one
// day, for clocks and time zones a little apart.
constexpr std::int64_t kFutureMarginSeconds = 86400;

// The local wall-clock time plus `plus_seconds`, as "YYYY-MM-DDTHH:MM:SS".
std::string local_now_iso(std::int64_t plus_seconds = 0);

// A 1-5 score: 4, 4分, 4.0, ★★★★, ★★★★☆, 5/5, 非常满意 .. 非常不满意, very satisfied ..
Parsed<int> parse_score(std::string_view s);

// A 0-10 answer (NPS): 9, 9分.
Parsed<int> parse_nps(std::string_view s);

// Money -> a plain decimal string: ¥12,345.67 -> 12345.67, 1.2万 -> 12000.
Parsed<std::string> parse_money(std::string_view s);

// A plain number: 12, 12.5, 1,234, -3.
Parsed<double> parse_number(std::string_view s);

// A duration in seconds: 125秒, 2分5秒, 1小时2分, 00:02:05, 2:05, 125, 125s, 2m 5s.
Parsed<double> parse_duration_seconds(std::string_view s);

// The items of a multi-select answer, in order, trimmed, empty and repeated
// ones dropped: separated by 、 ; ； , ， | ┋ or new lines, or ticked boxes
// (☑产品质量 ☐操作复杂 keeps only the ticked ☑ ✓ √ ■ items).
std::vector<std::string> parse_multiselect(std::string_view s);

// The canonical list form: items joined by ';' (a ';' inside an item becomes '；').
std::string join_list(const std::vector<std::string>& items);

// White space (ASCII and U+3000) trimmed from both ends.
std::string_view trim(std::string_view s);

}  // namespace fbkit::values

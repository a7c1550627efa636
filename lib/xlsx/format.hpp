// Number formats of xlsx cells: which ones show a date, a time or a percentage,
// and the text a numeric cell gets under each.
#pragma once

#include <string>
#include <string_view>

namespace fbkit::xlsx {

enum class NumberKind {
  general,   // any other format (currency, thousands, fixed decimals): the plain number
  percent,   // "0%", "0.00%" or a custom code with % : value x 100 and "%"
  date,      // date only: "YYYY-MM-DD"
  time,      // time of day only: "HH:MM:SS" (whole days dropped, as h:mm:ss shows them)
  elapsed,   // a duration ([h]:mm:ss, id 46): "HH:MM:SS" with hours past 24 ("36:00:00")
  datetime,  // "YYYY-MM-DDTHH:MM:SS"
};

// What a built-in format id shows (14-22, 45-47, the East Asian ids 27-36 and
// 50-58, 9/10 percent); general for the rest.
NumberKind builtin_kind(int id);

// What a custom format code shows, from its first section: y/d tokens make a
// date, h/s a time (m alone counts as a date, m beside h or s as minutes), read
// outside "quoted text", [brackets] (colors, locales; but [h] [mm] [ss] make an
// elapsed time), \x escapes and the _x / *x padding pairs; a % outside them
// makes a percentage.
NumberKind custom_kind(std::string_view code);

// The shortest decimal that reads back as `value` after rounding it to the 15
// significant digits Excel shows (0.1+0.2 -> "0.3"), without a trailing ".0",
// in plain notation from 1e-10 to 1e21 ("0.0000001"), scientific outside ("1e-12").
std::string format_number(double value);

// The text of a numeric cell under a format; date1904 shifts the serial (the
// 1904 date system). A date outside 1900..9999 falls back to the plain number.
std::string format_cell(double value, NumberKind kind, bool date1904);

}  // namespace fbkit::xlsx

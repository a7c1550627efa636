// Excel's date serial numbers (the 1900 date system, as xlsx files store dates).
#pragma once

#include <optional>
#include <string>

namespace fbkit::values {

// "YYYY-MM-DDTHH:MM:SS" for an Excel serial date-time (1 = 1900-01-01, with
// Excel's phantom 1900-02-29 accounted for; the fraction is the time of day,
// rounded to the second). nullopt outside 1900-01-01 .. 9999-12-31.
std::optional<std::string> from_excel_serial(double serial);

}  // namespace fbkit::values

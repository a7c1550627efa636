// --lang auto for the report: the inputs' first rows read once more, before
// the report's own reading, for the rule of text/language.hpp.
#pragma once

#include <string>

#include "report/context.hpp"

namespace fbkit::report {

// The report's language: `option` when it is zh or en; for auto, zh or en by
// text::LanguageScan over the inputs' first text::kLanguageRows rows, with the
// line for standard error in `note` ("" for an explicit language).
std::string choose_language(const std::string& option, const Context& ctx, std::string& note);

}  // namespace fbkit::report

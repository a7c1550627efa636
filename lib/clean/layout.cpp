#include "clean/layout.hpp"

#include <algorithm>

#include "clean/row_rules.hpp"
#include "core/schema.hpp"

namespace fbkit::clean {

Layout::Layout(const Rules& rules, const std::vector<std::string>& in) : header(in), input_width(in.size()) {
  const auto& appended = schema::classify_columns();
  for (std::size_t c = 0; c < in.size(); ++c) {
    const std::string& name = in[c];
    const auto at = static_cast<std::ptrdiff_t>(c);
    id = name == "feedback_id" ? at : id;
    text = name == "text" ? at : text;
    customer = name == "customer_id" ? at : customer;
    received = name == "received_at" ? at : received;
    overall = name == "score_overall" ? at : overall;
    duration = name == "survey_duration_s" ? at : duration;
    flags = name == "flags" ? at : flags;
    channel = name == "channel" ? at : channel;
    const bool provenance = name == schema::kSourceFile || name == schema::kSourceLine || name == "flags";
    if (matches_any(rules.text_columns, name)) {
      text_cols.push_back(c);
    }
    const bool extra = schema::find(name) == nullptr && !schema::is_score(name) && !schema::is_text(name) &&
                       !provenance && std::find(appended.begin(), appended.end(), name) == appended.end();
    // An export's own identifier columns (Respondent ID, 订单号) are never masked:
    // their digits are ids, not phone numbers, and joins need them whole.
    const bool extra_text = extra && rules.mask_extra_columns && !matches_any(rules.mask_id_columns, name);
    if (rules.mask_enabled && (matches_any(rules.mask_columns, name) || extra_text)) {
      mask_cols.push_back(c);
    }
    if (const auto it = rules.aliases.find(name); it != rules.aliases.end() && !it->second.empty()) {
      alias_cols.emplace_back(c, &it->second);
    }
    if (matches_any(rules.nps_columns, name)) {
      nps_cols.push_back(c);
    } else if (matches_any(rules.score_columns, name)) {
      score_cols.push_back(c);
      if (schema::is_score(name)) {
        all_scores.push_back(c);
        if (name != "score_overall") {
          dims.push_back(c);
        }
      }
    }
    if (std::find(rules.duplicate_ignore.begin(), rules.duplicate_ignore.end(), name) == rules.duplicate_ignore.end()) {
      hash_cols.push_back(c);
    }
  }
  if (flags < 0) {
    header.emplace_back("flags");
  }
}

}  // namespace fbkit::clean

#include "core/schema.hpp"

namespace fbkit::schema {

const std::vector<Column>& columns() {
  static const std::vector<Column> cols = {
      {"feedback_id", Type::string, {}},
      {"received_at", Type::datetime, {}},
      {"channel",
       Type::enumeration,
       {"phone", "online_survey", "app", "ecommerce_review", "social_media", "store", "email", "other"}},
      {"customer_id", Type::string, {}},
      {"customer_type", Type::enumeration, {"new", "regular", "vip"}},
      {"agent_id", Type::string, {}},
      {"product", Type::string, {}},
      {"department", Type::string, {}},
      {"score_overall", Type::score, {}},
      {"score_attitude", Type::score, {}},
      {"score_speed", Type::score, {}},
      {"score_expertise", Type::score, {}},
      {"score_resolution", Type::score, {}},
      {"nps_score", Type::number, {}},
      {"status", Type::enumeration, {"not_started", "in_progress", "completed", "closed"}},
      {"due_at", Type::datetime, {}},
      {"resolved_at", Type::datetime, {}},
      {"annual_spend", Type::decimal, {}},
      {"text", Type::string, {}},
      {"problem_types", Type::list, {}},
      {"owner", Type::string, {}},
      {"action", Type::string, {}},
      {"followup_text", Type::string, {}},
      {"followup_score", Type::score, {}},
      {"contact_method", Type::enumeration, {"phone", "survey", "visit", "other"}},
      {"contact_minutes", Type::number, {}},
      {"survey_duration_s", Type::number, {}},
  };
  return cols;
}

const Column* find(std::string_view name) {
  for (const Column& c : columns()) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

bool is_score(std::string_view name) {
  return name.substr(0, 6) == "score_" && name.size() > 6;
}

bool is_text(std::string_view name) {
  return name == "text" || (name.substr(0, 5) == "text_" && name.size() > 5);
}

const std::vector<std::string>& classify_columns() {
  static const std::vector<std::string> kColumns = {"category",   "issue",         "urgency",
                                                    "sentiment",  "value_tier",    "route_department",
                                                    "sla_due_at", "matched_rules", "praise_aspect"};
  return kColumns;
}

namespace {
int listed_rank(std::string_view name) {
  const auto& cols = columns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (cols[i].name == name) {
      return static_cast<int>(i) * 10;
    }
  }
  return -1;
}
}  // namespace

int canonical_rank(std::string_view name) {
  if (const int rank = listed_rank(name); rank >= 0) {
    return rank;
  }
  if (is_score(name)) {
    return listed_rank("score_resolution") + 5;
  }
  if (is_text(name)) {
    return listed_rank("text") + 5;
  }
  return 100000;
}

}  // namespace fbkit::schema

#include <doctest/doctest.h>

#include "config/config.hpp"
#include "core/error.hpp"
#include "import/convert.hpp"
#include "import/profile.hpp"

using fbkit::config::Document;
using fbkit::import::convert_value;
using fbkit::import::load_profile;
using fbkit::import::Profile;

static Profile profile_of(const std::string& yaml) {
  return load_profile(Document{"p.yaml", "my/p.yaml", yaml}, nullptr);
}

static std::string error_of(const std::string& yaml) {
  try {
    profile_of(yaml);
  } catch (const fbkit::ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("import::Profile matches header names after NFKC, case folding and trimming") {
  const Profile p = profile_of("name: t\ncolumns:\n  received_at: [Created At, 反馈时间]\n");
  CHECK(p.target_of("created at") == "received_at");
  CHECK(p.target_of("反馈时间") == "received_at");
  CHECK_FALSE(p.target_of("created").has_value());
}

TEST_CASE("import::Profile header globs match survey questions whose wording varies") {
  const Profile p =
      profile_of("name: t\ncolumns:\n  score_overall: [\"*对本次服务满意吗*\"]\n  nps_score: [\"*可能*推荐*\"]\n");
  CHECK(p.target_of("1、您对本次服务满意吗?") == "score_overall");
  CHECK(p.target_of("6、您有多大可能向朋友推荐我们?(0-10分)") == "nps_score");
  CHECK_FALSE(p.target_of("您对本次服务").has_value());
}

TEST_CASE("import::load_profile reports mistakes with file, line, column and key path") {
  CHECK(error_of("name: t\ncolums: {}\n").rfind("my/p.yaml:2:1: colums: unknown key", 0) == 0);
  CHECK(error_of("name: t\ncolumns:\n  recieved_at: [时间]\n") ==
        "my/p.yaml:3:3: columns.recieved_at: not a canonical column (see docs/contract.md)");
  CHECK(error_of("name: t\ndate_order: ydm\n") == "my/p.yaml:2:13: date_order: expected ymd, mdy or dmy, found 'ydm'");
  CHECK(error_of("description: x\n") == "my/p.yaml:1:1: name: required key is missing");
  CHECK(error_of("name: t\ncolumns:\n  text: {a: b}\n") ==
        "my/p.yaml:3:9: columns.text: expected a list, found a mapping");
}

TEST_CASE("import::convert_value maps codes and parses typed columns") {
  const Profile p = profile_of(
      "name: t\nvalues:\n  channel: {电话回访: phone}\n  status: {已处理: completed}\n  score_overall: {good: "
      "\"5\"}\n");
  CHECK(convert_value(p, "channel", "电话回访").value == "phone");
  CHECK(convert_value(p, "channel", " Phone ").value == "phone");
  const auto unknown = convert_value(p, "channel", "信鸽");
  CHECK(unknown.value == "other");
  CHECK(unknown.problem == "unknown value");
  CHECK(convert_value(p, "status", "已处理").value == "completed");
  CHECK(convert_value(p, "score_overall", "Good").value == "5");
  CHECK(convert_value(p, "score_overall", "4分").value == "4");
  const auto six = convert_value(p, "score_overall", "6");
  CHECK(six.value == "6");
  CHECK(six.kept_raw);
  CHECK_FALSE(six.problem.empty());
  CHECK(convert_value(p, "received_at", "2025年10月23日 14:05").value == "2025-10-23T14:05:00");
  CHECK(convert_value(p, "received_at", "-").blank);
  // More than `latest` is in the future: kept, with a problem; due_at may lie ahead.
  const auto future = convert_value(p, "received_at", "9999-12-31", "2025-10-24T00:00:00");
  CHECK(future.value == "9999-12-31T00:00:00");
  CHECK(future.future);
  CHECK(future.kept_raw);
  CHECK(future.problem == "in the future");
  CHECK(convert_value(p, "received_at", "2025-10-23", "2025-10-24T00:00:00").problem.empty());
  CHECK(convert_value(p, "resolved_at", "2026-01-01", "2025-10-24T00:00:00").future);
  CHECK(convert_value(p, "due_at", "2026-01-01", "2025-10-24T00:00:00").problem.empty());
  CHECK(convert_value(p, "annual_spend", "¥12,345.67").value == "12345.67");
  CHECK(convert_value(p, "text", "  原话 保留  ").value == "  原话 保留  ");
  CHECK(convert_value(p, "customer_id", "N/A").value == "");
}

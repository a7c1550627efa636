#include <doctest/doctest.h>

#include "config/config.hpp"
#include "import/infer.hpp"
#include "import/profile.hpp"

using fbkit::config::Document;
using fbkit::import::infer_columns;
using fbkit::import::Inferred;
using fbkit::import::load_profile;
using fbkit::import::Profile;
using Rows = std::vector<std::vector<std::string>>;

namespace {

std::vector<std::string> targets_of(const std::vector<std::string>& names, const Rows& sample) {
  const Profile p = load_profile(Document{"p.yaml", "p.yaml", "name: p\n"}, nullptr);
  std::vector<std::string> targets(names.size());
  for (const Inferred& i : infer_columns(names, std::vector<std::string>(names.size()), sample, p)) {
    targets[i.column] = i.target;
  }
  return targets;
}

}  // namespace

TEST_CASE("import::infer_columns: the time, the score and the longest free text") {
  const Rows sample = {{"1", "2025-10-01 09:12", "4", "The checkout page kept timing out", "x"},
                       {"2", "2025-10-02 10:40", "2", "Support never answered my email", "y"},
                       {"3", "2025-10-03 08:00", "5", "Nothing really, quick and friendly", "z"}};
  CHECK(targets_of({"No", "Timestamp", "Q1", "Q2", "Tag"}, sample) ==
        std::vector<std::string>{"", "received_at", "score_overall", "text", ""});
}

TEST_CASE("import::infer_columns: not from row numbers, digits, a single value or mostly digits") {
  // 1, 2, 3 counts rows; day numbers are not times; "10/01/2025 09:12:44 AM" is no text.
  const Rows sample = {{"1", "45000", "10/01/2025 09:12:44 AM"},
                       {"2", "45001", "10/02/2025 10:40:01 AM"},
                       {"3", "45002", "10/03/2025 08:00:00 AM"}};
  CHECK(targets_of({"a", "b", "c"}, sample) == std::vector<std::string>{"", "", ""});
  CHECK(targets_of({"a"}, Rows{{"4"}}) == std::vector<std::string>{""});
}

TEST_CASE("import::infer_columns: a time named like one wins; 0-10 under 'recommend' is NPS") {
  const Rows sample = {{"2025-10-01", "2025-10-01 09:00", "9"},
                       {"2025-10-02", "2025-10-02 10:00", "3"},
                       {"2025-10-02", "2025-10-02 11:00", "10"}};
  CHECK(targets_of({"due", "提交时间", "How likely are you to recommend us?"}, sample) ==
        std::vector<std::string>{"", "received_at", "nps_score"});
}

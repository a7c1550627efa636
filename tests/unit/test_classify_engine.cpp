#include <doctest/doctest.h>
#include <hs/hs.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <string>
#include <tuple>

#include "classify/departments.hpp"
#include "classify/engine.hpp"
#include "classify/loader.hpp"
#include "config/config.hpp"
#include "text/glob.hpp"

using namespace fbkit::classify;

namespace {

const char* kRules = R"(categories:
  - id: service
    sentiment: negative
    issues:
      - {id: slow, department: 物流部, sla_hours: 24}
      - {id: rude, department: 客服部, sla_hours: 8}
  - id: praise
    urgency: info
    issues: [{id: praise}]
negation:
  cues: [不, 没, not, never]
  breaks: [但是, but]
masks: [不错, 快递]
mask_regex: ['快[0-9一两三四五六七八九十半]']
sentiment:
  positive: [快, 好吃, 不错, good, fast]
  negative: [慢, 难吃, slow]
rules:
  - {id: slow_zh, issue: slow, any: [慢, 送餐慢], regex: ['快[0-9一两三四五六七八九十半]+个?多?小时']}
  - {id: slow_en, issue: slow, any: [slow, late]}
  - {id: rude, issue: rude, any: [态度差, rude]}
  - {id: praise, issue: praise, any: [好吃, 快, 不错, good]}
urgency:
  - {id: regulator, any: ["12315", 曝光]}
  - {id: vip_low, when: {value_tier: high, score_overall: "<= 2"}}
)";

RuleSet rules() {
  return load_rules(fbkit::config::Document{"r.yaml", "r.yaml", kRules});
}

struct Run {
  RuleSet rs = rules();
  std::vector<std::string> header{"feedback_id", "received_at", "department", "score_overall", "text"};
  Classifier c{rs, header, false};
  Decision d;
  const Decision& operator()(std::string_view text, std::string_view score = "", std::string_view tier = "regular",
                             std::string_view at = "2024-03-05T22:30:00") {
    c.classify({"1", at, "门店", score, text}, tier, d);
    return d;
  }
};

}  // namespace

TEST_CASE("classify::Matcher finds every phrase once, with byte offsets, ASCII case ignored") {
  const RuleSet rs = rules();
  Matcher m(rs.patterns);
  CHECK(m.uses_hyperscan());
  std::vector<Hit> hits;
  m.scan("Slow, 送餐慢", hits);
  std::vector<std::string> found;
  for (const Hit& h : hits) {
    found.push_back(rs.patterns[static_cast<std::size_t>(h.pattern)].text + "@" + std::to_string(h.start) + "-" +
                    std::to_string(h.end));
  }
  CHECK(found == std::vector<std::string>{"slow@0-4", "送餐慢@6-15", "慢@12-15"});
}

TEST_CASE("classify::Matcher counts an English phrase only as a whole word") {
  const RuleSet rs = rules();
  Matcher m(rs.patterns);
  std::vector<Hit> hits;
  m.scan("nothing goodness slowly", hits);
  CHECK(hits.empty());
  m.scan("not good", hits);
  CHECK(hits.size() == 2);
}

TEST_CASE("classify::Matcher runs a regex Hyperscan refuses on RE2") {
  const RuleSet rs = load_rules(fbkit::config::Document{"r.yaml", "r.yaml", R"(categories: [{id: c, issues: [{id: i}]}]
rules:
  - {id: r, issue: i, regex: ['(?i)\bcall back\b', 'x.{1,900}y']}
)"});
  Matcher m(rs.patterns);
  CHECK(m.re2_count() == 1);  // "Pattern is too large" for Hyperscan with start offsets
  std::vector<Hit> hits;
  m.scan("please CALL BACK, x--y", hits);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].start == 7);
  CHECK(hits[0].end == 16);
  CHECK(hits[1].start == 18);
  CHECK(hits[1].end == 22);
}

TEST_CASE("classify negation: a cue before a phrase in the same clause cancels it") {
  Run run;
  CHECK(run("不好吃").sentiment == "negative");
  CHECK(run("不好吃").issue == "other");
  CHECK(run("好吃").issue == "praise");
  CHECK(run("没有不错").sentiment == "negative");
  CHECK(run("not good").sentiment == "negative");
  CHECK(run("never slow").sentiment == "positive");
  // Another clause, or after a break word, the cue no longer reaches.
  CHECK(run("不辣，好吃").sentiment == "positive");
  CHECK(run("没带筷子但是好吃").issue == "praise");
  CHECK(run("not cold. good").sentiment == "positive");
}

TEST_CASE("classify negation: a cue inside a mask is no cue, a phrase inside a mask no phrase") {
  Run run;
  CHECK(run("不错").sentiment == "positive");  // 不 in 不错 is not a negation
  const Decision& d = run("快递员送了快两个小时");
  CHECK(d.issue == "slow");          // 快两个小时: almost two hours, a complaint
  CHECK(d.sentiment == "negative");  // neither 快 counts as "fast"
  CHECK(run("快递很快").issue == "praise");
}

TEST_CASE("classify rules: mask: true makes a rule's own phrases masks (written once, not also in mask_regex)") {
  // 3个坏了 is fruit gone bad: the rule that names it hides the 坏了 of a broken item inside it.
  const auto issues = [](const char* fruit_rule, std::string_view text) {
    const RuleSet rs = load_rules(fbkit::config::Document{"r.yaml", "r.yaml", std::string(R"(categories:
  - id: quality
    sentiment: negative
    issues: [{id: broken}, {id: spoilt}]
rules:
  - {id: broken, issue: broken, any: [坏了]}
)") + fruit_rule});
    const std::vector<std::string> header{"feedback_id", "text"};
    Classifier c{rs, header, true};
    Decision d;
    c.classify({"1", text}, "regular", d);
    return std::string(d.issue) + " by " + std::string(d.matched_rules);
  };
  const char* masking = "  - {id: fruit, issue: spoilt, mask: true, regex: ['[0-9]个坏了']}\n";
  const char* plain = "  - {id: fruit, issue: spoilt, regex: ['[0-9]个坏了']}\n";
  CHECK(issues(masking, "苹果3个坏了") == "spoilt by fruit");
  CHECK(issues(plain, "苹果3个坏了") == "broken;spoilt by broken;fruit");
  // Outside the rule's match the inner phrase still counts.
  CHECK(issues(masking, "3个坏了，盒子也坏了") == "broken;spoilt by broken;fruit");
  CHECK(issues(masking, "盒子坏了") == "broken by broken");
}

TEST_CASE("classify::Classifier assigns issue, department, SLA, urgency and explains the hits") {
  Run run;
  const Decision& d = run("送餐慢，态度差");
  CHECK(d.category == "service");
  CHECK(d.issue == "slow");
  CHECK(d.matched_rules == "slow_zh;rude");
  CHECK(d.route_department == "物流部");
  CHECK(d.sla_due_at == "2024-03-06T22:30:00");
  CHECK(d.urgency == "normal");
  CHECK(run("好吃").urgency == "info");
  CHECK(run("好吃").route_department == "门店");  // no department on the issue: the row's own
  CHECK(run("再这样就打12315").urgency == "urgent");
  CHECK(run("whatever", "2", "high").urgency == "urgent");
  CHECK(run("whatever", "2", "high").matched_rules == "vip_low");
  CHECK(run("whatever", "3", "high").urgency == "normal");
}

TEST_CASE("classify::Classifier with multi keeps every issue and category") {
  RuleSet rs = rules();
  Classifier c(rs, {"text"}, true);
  Decision d;
  c.classify({"送餐慢，态度差，但是好吃"}, "regular", d);
  CHECK(d.category == "service;praise");
  CHECK(d.issue == "slow;rude;praise");
}

TEST_CASE("classify sentiment falls back to the score when the text says nothing") {
  Run run;
  CHECK(run("收到了", "1").sentiment == "negative");
  CHECK(run("收到了", "3").sentiment == "neutral");
  CHECK(run("收到了", "5").sentiment == "positive");
  CHECK(run("收到了").sentiment == "neutral");
  CHECK(run("好吃", "1").sentiment == "positive");  // the text wins over the score
}

TEST_CASE("text::glob_match (case-insensitive, as rules use it)") {
  CHECK(fbkit::text::glob_match("手机*", "手机壳", true));
  CHECK(fbkit::text::glob_match("*Pro?", "phone pro2", true));
  CHECK(fbkit::text::glob_match("a?c", "a中c", true));
  CHECK_FALSE(fbkit::text::glob_match("手机*", "电脑", true));
}

#include "classify/classify.hpp"

TEST_CASE("classify::top_share_threshold picks the value at the top share, ties included") {
  CHECK(top_share_threshold({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.2) == 9.0);
  CHECK(top_share_threshold({5, 5, 5}, 0.2) == 5.0);
  CHECK(top_share_threshold({}, 0.2) == std::nullopt);
  CHECK(top_share_threshold({1, 2}, 0) == std::nullopt);
}

TEST_CASE("classify::top_share_threshold_in_passes gives the in-memory answer with bounded memory") {
  std::mt19937 rng(7);
  int narrowed = 0;
  for (int round = 0; round < 300; ++round) {
    std::vector<double> values(1 + rng() % 3000);
    const int kind = static_cast<int>(rng() % 4);
    for (double& v : values) {
      switch (kind) {
        case 0:  // money with cents
          v = static_cast<double>(rng() % 1000000) / 100;
          break;
        case 1:  // few distinct values: ties at the threshold
          v = static_cast<double>(rng() % 5) * 100;
          break;
        case 2:  // negative, zero, huge, tiny
          v = std::ldexp(static_cast<double>(static_cast<int>(rng() % 2001) - 1000),
                         static_cast<int>(rng() % 200) - 100);
          break;
        default:  // one value throughout
          v = 42.5;
      }
    }
    const double share = std::vector<double>{0.2, 0.01, 0.5, 1.0, 0.0001}[rng() % 5];
    const std::size_t cap = 1 + rng() % 64;
    int passes = 0;
    const auto pass = [&](const std::function<void(double)>& visit) {
      ++passes;
      for (const double v : values) {
        visit(v);
      }
    };
    CAPTURE(round);
    CAPTURE(kind);
    CAPTURE(share);
    CAPTURE(cap);
    CHECK(top_share_threshold_in_passes(pass, share, cap) == top_share_threshold(values, share));
    CHECK(passes <= 5);  // the count, then at most four 16-bit narrowings or the final collection
    narrowed += passes > 1 ? 1 : 0;
  }
  CHECK(narrowed > 200);
}

TEST_CASE("classify settings ignore_case and whole_words can be turned off (literal substring matching)") {
  const RuleSet rs =
      load_rules(fbkit::config::Document{"r.yaml", "r.yaml", R"(settings: {ignore_case: false, whole_words: false}
categories: [{id: c, issues: [{id: i}]}]
rules:
  - {id: r, issue: i, any: [APP]}
)"});
  Matcher m(rs.patterns, rs.ignore_case, rs.whole_words);
  std::vector<Hit> hits;
  m.scan("app APPLE", hits);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].start == 4);
}

namespace {

// The straightforward definitions the linear ones must agree with (what
// resolve_hits and the lexicon vote did before they were made linear).
int reference_gap(std::string_view text, std::size_t from, std::size_t to) {
  int n = 0;
  bool in_word = false;
  for (std::size_t i = from; i < to; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if ((c & 0xC0) == 0x80) {
      continue;
    }
    n += word && in_word ? 0 : 1;
    in_word = word;
  }
  return n;
}

bool reference_clause_mark(std::string_view text, std::size_t i, std::size_t& len) {
  static const std::string_view kWide[] = {"，", "。", "！", "？", "；", "～", "…", "\u3000"};
  len = 1;
  if (std::string_view(",.!?;\n\r~").find(text[i]) != std::string_view::npos) {
    return true;
  }
  for (const std::string_view w : kWide) {
    if (text.substr(i, w.size()) == w) {
      len = w.size();
      return true;
    }
  }
  return false;
}

void reference_resolve(const RuleSet& rules, std::string_view text, const std::vector<Hit>& hits,
                       std::vector<PhraseHit>& out, std::uint32_t& turn, const std::vector<int>& lex_sign) {
  out.clear();
  turn = static_cast<std::uint32_t>(text.size() + 1);
  const auto role = [&](const Hit& h, std::uint8_t r) {
    return (rules.patterns[static_cast<std::size_t>(h.pattern)].roles & r) != 0;
  };
  const auto masked = [&](const Hit& h) {
    return std::any_of(hits.begin(), hits.end(), [&](const Hit& m) {
      return role(m, kRoleMask) && m.pattern != h.pattern && m.start <= h.start && h.end <= m.end &&
             m.end - m.start > h.end - h.start;
    });
  };
  std::vector<std::uint32_t> starts;
  std::vector<Hit> cues;
  for (const Hit& h : hits) {
    if (!masked(h)) {
      if (role(h, kRoleCue)) {
        cues.push_back(h);
      }
      if (role(h, kRoleTurn)) {
        turn = std::min(turn, h.end);
      }
      if (role(h, kRoleBreak)) {
        starts.push_back(h.end);
      }
    }
  }
  for (std::size_t i = 0, len = 1; i < text.size(); i += len) {
    if (reference_clause_mark(text, i, len)) {
      starts.push_back(static_cast<std::uint32_t>(i + len));
    }
  }
  // A run of spaces between two non-ASCII bytes ends a clause too (不是很好 清晰度极差).
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == ' ' && text[i - 1] != ' ') {
      std::size_t j = i;
      while (j < text.size() && text[j] == ' ') {
        ++j;
      }
      if (static_cast<unsigned char>(text[i - 1]) >= 0x80 && j < text.size() &&
          static_cast<unsigned char>(text[j]) >= 0x80) {
        starts.push_back(static_cast<std::uint32_t>(j));
      }
    }
  }
  std::sort(starts.begin(), starts.end());
  for (const Hit& h : hits) {
    if (!role(h, kRolePhrase) || masked(h)) {
      continue;
    }
    PhraseHit p{h, false, Hit{}};
    std::uint32_t clause = 0;
    for (const std::uint32_t s : starts) {
      clause = s <= h.start ? std::max(clause, s) : clause;
    }
    for (auto c = cues.rbegin(); c != cues.rend(); ++c) {
      if (c->end <= h.start && c->start >= clause && reference_gap(text, c->end, h.start) <= rules.negation_max_gap) {
        p.negated = true;
        p.cue = *c;
        break;
      }
    }
    // Not negated twice: h begins with a cue of its own, and a phrase of the
    // other sign lies whole between the negating cue and h.
    const auto sign_of = [&](const Hit& x) { return lex_sign[static_cast<std::size_t>(x.pattern)]; };
    const bool own =
        std::any_of(cues.begin(), cues.end(), [&](const Hit& c) { return c.start == h.start && c.end <= h.end; });
    const int sign = sign_of(h) != 0 ? sign_of(h) : -1;
    const bool other_between = std::any_of(out.begin(), out.end(), [&](const PhraseHit& o) {
      return o.hit.start >= p.cue.end && o.hit.end <= h.start && sign_of(o.hit) != 0 && sign_of(o.hit) != sign;
    });
    // Nor by a cue spent on a complaint that begins with it and ends before a
    // negative h (没法吃直接扔了).
    const bool spent = sign_of(h) == -1 && std::any_of(out.begin(), out.end(), [&](const PhraseHit& o) {
                         return o.hit.start == p.cue.start && o.hit.end > p.cue.end && o.hit.end <= h.start &&
                                !o.negated && !role(o.hit, kRoleCue) && sign_of(o.hit) == 0;
                       });
    // Nor when h is the next item of a list (没包装没生产日期): it begins with a cue
    // that is the negating cue's word, or one the other's prefix, 2+ characters on;
    // not when the first cue is followed by a double_after word (是), nor right
    // after a double_before word (都).
    const auto text_of = [&](const Hit& x) { return std::string_view(text).substr(x.start, x.end - x.start); };
    const std::string_view after = std::string_view(text).substr(p.cue.end);
    const std::string_view before = std::string_view(text).substr(0, h.start);
    const auto opens = [&](const std::string& w) { return after.starts_with(w); };
    const auto closes = [&](const std::string& w) { return before.ends_with(w); };
    const bool judged = std::any_of(rules.negation_double_after.begin(), rules.negation_double_after.end(), opens) ||
                        std::any_of(rules.negation_double_before.begin(), rules.negation_double_before.end(), closes);
    const bool listed = p.negated && !judged && reference_gap(text, p.cue.end, h.start) >= 2 &&
                        std::any_of(cues.begin(), cues.end(), [&](const Hit& c) {
                          return c.start == h.start && c.end <= h.end &&
                                 (text_of(p.cue).starts_with(text_of(c)) || text_of(c).starts_with(text_of(p.cue)));
                        });
    // Nor when the cue already negated a positive lexicon phrase before a complaint h
    // (a negative one, or one of no lexicon that is no praise): 快递不给力什么鬼态度.
    const bool praise_spent = sign_of(h) != 1 && !(sign_of(h) == 0 && role(h, kRolePraise)) &&
                              std::any_of(out.begin(), out.end(), [&](const PhraseHit& o) {
                                return o.negated && o.cue.start == p.cue.start && o.cue.end == p.cue.end &&
                                       o.hit.start >= p.cue.end && o.hit.end <= h.start && sign_of(o.hit) == 1;
                              });
    if (p.negated && ((own && other_between) || spent || praise_spent || listed)) {
      p.negated = false;
      p.cue = Hit{};
    }
    out.push_back(p);
  }
}

std::vector<std::uint8_t> reference_silent(const std::vector<PhraseHit>& hits, const std::vector<int>& lex_sign) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& h = hits[i].hit;
    bool silent = false;
    for (std::size_t k = 0; k < hits.size(); ++k) {
      const Hit& o = hits[k].hit;
      silent = silent || (k != i && lex_sign[static_cast<std::size_t>(o.pattern)] != 0 && o.start <= h.start &&
                          h.end <= o.end && o.end - o.start > h.end - h.start);
      silent = silent || (hits[k].negated && hits[k].cue.start == h.start && hits[k].cue.end == h.end);
    }
    out.push_back(silent ? 1 : 0);
  }
  return out;
}

// A random text of ASCII words, CJK, clause marks and a stray continuation byte.
std::string random_text(std::mt19937& rng, std::size_t pieces) {
  static const char* kPieces[] = {"a",  "b", "7",  " ", "不",   "好", "吃", "，",
                                  "。", ",", "\n", "…", "\x80", "ab", "都", "是"};
  std::string s;
  for (std::size_t i = 0; i < pieces; ++i) {
    s += kPieces[rng() % std::size(kPieces)];
  }
  return s;
}

// Sorted random hits of `patterns` patterns on a text of `size` bytes, short ones mostly.
std::vector<Hit> random_hits(std::mt19937& rng, std::size_t size, int patterns, std::size_t count) {
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < count && size > 0; ++i) {
    const auto start = static_cast<std::uint32_t>(rng() % size);
    const auto len = static_cast<std::uint32_t>(rng() % 4 == 0 ? rng() % (size - start + 1) : rng() % 7);
    hits.push_back(Hit{static_cast<int>(rng() % static_cast<unsigned>(patterns)), start,
                       std::min<std::uint32_t>(start + len, static_cast<std::uint32_t>(size))});
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return std::make_tuple(a.start, a.end, a.pattern) < std::make_tuple(b.start, b.end, b.pattern);
  });
  hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
  return hits;
}

}  // namespace

TEST_CASE("classify negation: resolve_hits agrees with the per-hit definition on random hits (property)") {
  std::mt19937 rng(20);
  for (int round = 0; round < 3000; ++round) {
    RuleSet rs;
    const int patterns = 1 + static_cast<int>(rng() % 6);
    for (int p = 0; p < patterns; ++p) {
      Pattern pat;
      // (kRolePraise too: a praise phrase of no lexicon after a cue spent on praise stays negated)
      pat.roles = static_cast<std::uint8_t>(rng() % 32 | (rng() % 4 == 0 ? kRolePraise : 0));
      rs.patterns.push_back(pat);
    }
    rs.negation_max_gap = static_cast<int>(rng() % 7);
    rs.negation_double_after = {"是"};
    rs.negation_double_before = {"都"};
    const std::string text = random_text(rng, rng() % 40);
    const std::vector<Hit> hits = random_hits(rng, text.size(), patterns, rng() % 30);
    std::vector<PhraseHit> got, want;
    std::uint32_t got_turn = 0, want_turn = 0;
    std::vector<int> lex_sign;
    for (int p = 0; p < patterns; ++p) {
      lex_sign.push_back(static_cast<int>(rng() % 3) - 1);
    }
    resolve_hits(rs, text, hits, got, got_turn, false, &lex_sign);
    reference_resolve(rs, text, hits, want, want_turn, lex_sign);
    CAPTURE(round);
    REQUIRE(got_turn == want_turn);
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      REQUIRE(got[i].hit == want[i].hit);
      REQUIRE(got[i].negated == want[i].negated);
      REQUIRE(got[i].cue == want[i].cue);
    }
  }
}

TEST_CASE("classify::silent_votes agrees with the per-hit definition on random hits (property)") {
  std::mt19937 rng(8);
  for (int round = 0; round < 3000; ++round) {
    const int patterns = 1 + static_cast<int>(rng() % 5);
    std::vector<int> lex_sign;
    for (int p = 0; p < patterns; ++p) {
      lex_sign.push_back(static_cast<int>(rng() % 3) - 1);
    }
    const std::size_t size = 1 + rng() % 30;
    const std::vector<Hit> raw = random_hits(rng, size, patterns, rng() % 25);
    std::vector<PhraseHit> hits;
    for (const Hit& h : raw) {
      PhraseHit p{h, rng() % 3 == 0, Hit{}};
      if (p.negated) {  // a cue is often another hit's span
        p.cue = rng() % 2 == 0 ? raw[rng() % raw.size()] : random_hits(rng, size, patterns, 1).front();
      }
      hits.push_back(p);
    }
    std::vector<std::uint8_t> got;
    silent_votes(hits, lex_sign, got);
    CAPTURE(round);
    REQUIRE(got == reference_silent(hits, lex_sign));
  }
}

TEST_CASE("classify negation: a cue far back in a long clause is found, or not, by its distance in characters") {
  Run run;
  // Thousands of cues and phrases in one clause (this took minutes when every
  // phrase measured its distance to every cue).
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "不";
  }
  for (int i = 0; i < 3000; ++i) {
    text += "好吃";
  }
  const Decision& d = run(text);
  REQUIRE(d.used_columns == 1);
  std::size_t negated = 0;
  for (const PhraseHit& h : d.columns[0].hits) {
    negated += h.negated ? 1 : 0;
  }
  CHECK(negated == 3);  // the three 好吃 within five characters of the last 不
  CHECK(run("not " + std::string(100000, 'x') + " good").sentiment == "negative");  // a word counts as one
}

namespace {

// The refused regexes as found before: the whole database recompiled after each refusal.
std::vector<int> reference_refused(const std::vector<Pattern>& patterns) {
  std::vector<int> in, refused;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    in.push_back(static_cast<int>(i));
  }
  while (!in.empty()) {
    std::vector<const char*> exprs;
    std::vector<unsigned> flags, ids;
    for (std::size_t k = 0; k < in.size(); ++k) {
      exprs.push_back(patterns[static_cast<std::size_t>(in[k])].text.c_str());
      flags.push_back(HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST);
      ids.push_back(static_cast<unsigned>(k));
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                         nullptr, &db, &err) == HS_SUCCESS) {
      hs_free_database(db);
      break;
    }
    const int bad = err->expression;
    hs_free_compile_error(err);
    REQUIRE(bad >= 0);
    refused.push_back(in[static_cast<std::size_t>(bad)]);
    in.erase(in.begin() + bad);
  }
  std::sort(refused.begin(), refused.end());
  return refused;
}

// The hits of one regex (Hyperscan's: every end, its leftmost start), compiled alone.
std::vector<Hit> reference_regex_hits(const Pattern& pattern, int index, std::string_view text) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  REQUIRE(hs_compile(pattern.text.c_str(), HS_FLAG_UTF8 | HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, nullptr, &db, &err) ==
          HS_SUCCESS);
  hs_scratch_t* scratch = nullptr;
  REQUIRE(hs_alloc_scratch(db, &scratch) == HS_SUCCESS);
  struct Found {
    int index;
    std::vector<Hit> hits;
  } found{index, {}};
  hs_scan(
      db, text.data(), static_cast<unsigned>(text.size()), 0, scratch,
      [](unsigned, unsigned long long from, unsigned long long to, unsigned, void* ctx) {
        auto* f = static_cast<Found*>(ctx);
        f->hits.push_back(Hit{f->index, static_cast<std::uint32_t>(from), static_cast<std::uint32_t>(to)});
        return 0;
      },
      &found);
  hs_free_scratch(scratch);
  hs_free_database(db);
  return found.hits;
}

Pattern regex(std::string text) {
  Pattern p;
  p.text = std::move(text);
  p.regex = true;
  p.roles = kRolePhrase;
  return p;
}

}  // namespace

TEST_CASE("classify::Matcher sends the same regexes to RE2 as recompiling after each refusal (property)") {
  // Refused by the parser ((?U), \C, an inner \z), or as too large only when compiled (x.{1,200}y).
  static const char* kShapes[] = {"ab%d[a-z]+", "(?U)q%da+", "c%d\\Cd", "e%d\\zf", "(?i)g%d (x|y)", "x%d.{1,200}y"};
  std::mt19937 rng(9);
  for (int round = 0; round < 12; ++round) {
    std::vector<Pattern> patterns;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 12); i < n; ++i) {
      const std::size_t shape = rng() % 3 == 0 ? rng() % (std::size(kShapes) - 1) : rng() % 2 == 0 ? 0 : 4;
      char text[64];
      std::snprintf(text, sizeof text, kShapes[shape], i);
      patterns.push_back(regex(text));
      if (round % 6 == 0 && i == n / 2) {  // the expensive refusal (some 0.1 s a compile) in two rounds
        std::snprintf(text, sizeof text, kShapes[5], i);
        patterns.push_back(regex(text));
      }
    }
    const Matcher m(patterns);
    CAPTURE(round);
    CHECK(m.re2_patterns() == reference_refused(patterns));
  }
}

TEST_CASE("classify::Matcher finds the same hits with its regexes split over databases") {
  std::vector<Pattern> patterns;
  const std::size_t n = 2 * Matcher::kRegexesPerDatabase + 7;
  for (std::size_t i = 0; i < n; ++i) {
    std::string text = i % 2 == 0 ? "w" : "(?i)v";
    text += std::to_string(i % 50);
    text += "[a-c]+z?";
    patterns.push_back(regex(text));
  }
  patterns.push_back(regex("(?U)w1a"));  // one on RE2
  Matcher m(patterns);
  CHECK(m.database_count() == 4);  // three of regexes, one of the RE2 regex's atoms (w1a)
  CHECK(m.re2_patterns() == std::vector<int>{static_cast<int>(n)});
  std::mt19937 rng(4);
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += rng() % 2 == 0 ? "w" : "V";
    text += std::to_string(rng() % 60);
    text.append(rng() % 3, "abcz"[rng() % 4]);
    text += ' ';
  }
  std::vector<Hit> got, want;
  m.scan(text, got);
  for (std::size_t i = 0; i < n; ++i) {
    for (const Hit& h : reference_regex_hits(patterns[i], static_cast<int>(i), text)) {
      want.push_back(h);
    }
  }
  got.erase(std::remove_if(got.begin(), got.end(), [&](const Hit& h) { return h.pattern == static_cast<int>(n); }),
            got.end());
  std::sort(want.begin(), want.end(), [](const Hit& a, const Hit& b) {
    return std::make_tuple(a.start, a.end, a.pattern) < std::make_tuple(b.start, b.end, b.pattern);
  });
  CHECK(!want.empty());
  CHECK(got == want);
}

TEST_CASE("classify routes to clean's department names: one list, its aliases mapped") {
  const fbkit::config::Store store;
  const std::map<std::string, std::string> names = load_departments(store);
  CHECK(names.at("售后部") == "售后服务部");
  CHECK(names.at("after-sales") == "售后服务部");
  // Every issue of the built-in rules routes to a canonical name of clean.yaml.
  const RuleSet built_in = load_rules(store);
  for (const Issue& issue : built_in.issues) {
    if (!issue.department.empty()) {
      CAPTURE(issue.id);
      CHECK(names.count(issue.department) == 1);
      CHECK(names.at(issue.department) == issue.department);
    }
  }
  CHECK(built_in.find_issue("returns_refund")->department == "售后服务部");
  // An issue's alias and a row's own alias route to the canonical name.
  RuleSet rs = rules();
  rs.issues[0].department = "售后部";
  rs.departments = names;
  for (Issue& issue : rs.issues) {
    issue.department = std::string(canonical_department(rs, issue.department));
  }
  std::vector<std::string> header{"feedback_id", "received_at", "department", "score_overall", "text"};
  Classifier c{rs, header, false};
  Decision d;
  c.classify({"1", "2024-03-05T22:30:00", "门店", "", "送餐慢"}, "regular", d);
  CHECK(d.route_department == "售后服务部");
  c.classify({"2", "2024-03-05T22:30:00", "Customer Service", "", "好吃"}, "regular", d);
  CHECK(d.route_department == "客服部");
  c.classify({"3", "2024-03-05T22:30:00", "门店", "", "好吃"}, "regular", d);
  CHECK(d.route_department == "门店");  // not in the list: as written
}

#!/usr/bin/env python3
"""The fifth round's experiments (config/models/README.md): P(positive) by clause, on
train_sentiment.py --cross's fold models.

usage: clause_experiments.py --folds DIR [--fbkit BIN] [--data DIR]

DIR holds the fold models os10-0..4.ftz and waimai-0..4.ftz that
`train_sentiment.py --cross --keep DIR` writes (and reuses). For every row measured
(each os10 category by the model that left it out, each waimai fold by its model),
a small C++ harness (compiled here against Debian's libfasttext-dev) writes every
input row fastText sums for the text (its characters, word bigrams and trigrams,
</s>) with the tokens it spans and its share of the logit, (o_pos - o_neg) . row:
the whole text's logit is their mean (checked against `fasttext predict-prob` on
every row), and a clause's is the mean of the rows that begin in it. A clause ends
after ，。！？；… , . ! ? ; ~ and before 但是 不过 可是 就是 (a turn). The variants
reweigh these rows by clause; "asked separately" asks the model for each clause as
a line of its own instead.

Each variant is printed with the model alone (its sign) and, with --fbkit, through
classify: `BIN classify --model FOLD --explain` is run once per fold, and its decision
(docs/rules.md, "Where sentiment comes from", the margins of config/sentiment.yaml)
is replayed in decide() below with the variant's P; the replay must give classify's
own answer on every row with the whole text's P (checked). Labels only count hits.
"""
import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import train_sentiment as ts  # noqa: E402

HARNESS = r"""
#include <fasttext/fasttext.h>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <unordered_map>
using namespace fasttext;
struct Prune : Dictionary {
  static const std::unordered_map<int32_t, int32_t>& of(const Dictionary& d) { return d.*&Prune::pruneidx_; }
  static int64_t size(const Dictionary& d) { return d.*&Prune::pruneidx_size_; }
};
struct Parts : FastText {
  static const std::shared_ptr<Matrix>& in(const FastText& f) { return f.*&Parts::input_; }
  static const std::shared_ptr<Matrix>& out(const FastText& f) { return f.*&Parts::output_; }
};
int main(int, char** argv) {
  FastText ft;
  ft.loadModel(argv[1]);
  auto dict = ft.getDictionary();
  Args a = ft.getArgs();
  auto in = Parts::in(ft), out = Parts::out(ft);
  int pos = dict->getLabel(0) == "__label__positive" ? 0 : 1;
  Vector op(a.dim), on(a.dim), t(a.dim);
  op.zero(); on.zero();
  out->addRowToVector(op, pos); out->addRowToVector(on, 1 - pos);
  auto share = [&](int32_t row) {
    t.zero(); in->addRowToVector(t, row);
    double s = 0;
    for (int j = 0; j < a.dim; ++j) s += (op[j] - on[j]) * t[j];
    return s;
  };
  const auto& prune = Prune::of(*dict);
  const int64_t psize = Prune::size(*dict);
  std::string line, tok;
  char buf[64];
  while (std::getline(std::cin, line)) {
    std::istringstream is(line);
    std::vector<std::string> toks;
    while (is >> tok) toks.push_back(tok);
    toks.push_back(Dictionary::EOS);
    std::vector<int32_t> hashes, ids;
    for (auto& w : toks) { hashes.push_back(dict->hash(w)); ids.push_back(dict->getId(w, dict->hash(w))); }
    std::string o;
    for (size_t i = 0; i < toks.size(); ++i)
      if (ids[i] >= 0) { snprintf(buf, sizeof buf, "%zu:%zu:%.6g ", i, i, share(ids[i])); o += buf; }
    for (size_t i = 0; i < toks.size(); ++i) {
      uint64_t h = hashes[i];  // Dictionary::addWordNgrams
      for (size_t j = i + 1; j < toks.size() && j < i + a.wordNgrams; ++j) {
        h = h * 116049371 + hashes[j];
        int32_t id = h % a.bucket;
        if (psize == 0) continue;
        if (psize > 0) { auto it = prune.find(id); if (it == prune.end()) continue; id = it->second; }
        snprintf(buf, sizeof buf, "%zu:%zu:%.6g ", i, j, share(dict->nwords() + id)); o += buf;
      }
    }
    std::cout << o << "\n";
  }
}
"""

PUNCT = set("，。！？；…,.!?;～~")
TURNS = [("但", "是"), ("不", "过"), ("可", "是"), ("就", "是")]


def clauses(toks, trip, lexicon):
    """The rows' shares summed by clause: (sum, rows, after a turn, its tokens, a lexicon word in it), and </s>'s."""
    cid, c, turned = [], 0, set()
    for i, tok in enumerate(toks):
        if i > 0 and tuple(toks[i:i + 2]) in TURNS:
            if cid and cid[-1] == c and toks[i - 1] not in PUNCT:
                c += 1
            turned.add(c)
        cid.append(c)
        if tok in PUNCT and i + 1 < len(toks) and toks[i + 1] not in PUNCT:
            c += 1
    n = c + 1 if cid else 0
    sums, rows, eos = [0.0] * n, [0] * n, [0.0, 0]
    for a, _, s in trip:
        if a >= len(toks):
            eos[0] += s
            eos[1] += 1
        else:
            sums[cid[a]] += s
            rows[cid[a]] += 1
    out = []
    for k in range(n):
        if rows[k]:
            words = [t for t, ci in zip(toks, cid) if ci == k]
            out.append((sums[k], rows[k], k in turned, " ".join(words), any(w in "".join(words) for w in lexicon)))
    return out, eos


def logit(x, weight):
    """The mean of the rows' shares, a clause's rows weighing weight(clause, index, clauses) / its rows."""
    cl, (eos, neos) = x["clauses"], x["eos"]
    n = neos + sum(c[1] for c in cl)
    if not cl:
        return eos / max(neos, 1)
    w = [weight(c, k, cl) for k, c in enumerate(cl)]
    if sum(w) <= 0:
        w = [c[1] for c in cl]
    return eos / n + (n - neos) / n * sum(wk * c[0] / c[1] for wk, c in zip(w, cl)) / sum(w)


WHOLE = lambda x: logit(x, lambda c, k, cl: c[1])  # noqa: E731  fastText's own logit


def max_clause(a):
    return lambda x: WHOLE(x) + (a * max(c[0] / c[1] for c in x["clauses"]) if len(x["clauses"]) > 1 else 0)


def after_turn(w):
    def f(x):
        cl = x["clauses"]
        t = [k for k, c in enumerate(cl) if c[2]]
        return logit(x, lambda c, k, cl: c[1] * (1 + w * (bool(t) and k >= t[-1])))
    return f


VARIANTS = [
    ("whole text (today)", WHOLE),
    ("clauses asked separately, mean logit", lambda x: x["separate"]),
    ("clauses equal (mean of clause logits)", lambda x: logit(x, lambda c, k, cl: 1)),
    ("clause ~ rows^0.5", lambda x: logit(x, lambda c, k, cl: c[1] ** 0.5)),
    ("clause ~ rows^1.5", lambda x: logit(x, lambda c, k, cl: c[1] ** 1.5)),
    ("after the last turn x1.5", after_turn(0.5)),
    ("after the last turn x2", after_turn(1)),
    ("after the last turn x3", after_turn(2)),
    ("last clause x1.5", lambda x: logit(x, lambda c, k, cl: c[1] * (1 + 0.5 * (k == len(cl) - 1 and k > 0)))),
    ("first clause x1.5", lambda x: logit(x, lambda c, k, cl: c[1] * (1 + 0.5 * (k == 0 and len(cl) > 1)))),
    ("lexicon clauses x1.5", lambda x: logit(x, lambda c, k, cl: c[1] * (1 + 0.5 * c[4]))),
    ("lexicon clauses x2", lambda x: logit(x, lambda c, k, cl: c[1] * (1 + c[4]))),
    ("most negative clause < -5: negative", lambda x: -1 if len(x["clauses"]) > 1 and
     min(c[0] / c[1] for c in x["clauses"]) < -5 else WHOLE(x)),
    ("+ 0.05 x min clause logit", lambda x: WHOLE(x) + (0.05 * min(c[0] / c[1] for c in x["clauses"])
                                                        if len(x["clauses"]) > 1 else 0)),
    ("+ 0.05 x max clause logit", max_clause(0.05)),
    ("+ 0.1 x max clause logit", max_clause(0.1)),
    ("+ 0.5 (a prior shift, every row)", lambda x: WHOLE(x) + 0.5),
    ("+ 0.2 x log(clauses)", lambda x: WHOLE(x) + 0.2 * math.log(max(len(x["clauses"]), 1))),
]


def decide(p, s, m):
    """decide_sentiment() (lib/classify/verdict.cpp) for a row whose --explain sentiment is `s`,
    with P = p; urgent and negation do not depend on P while sure_within is 0."""
    pos, neg = s["positive"], s["negative"]
    rules = "positive" if pos > neg else "negative" if neg > pos else "negative" if pos else "neutral"
    if s["by"] == "urgent":
        return "negative"
    if s["by"] == "negation":
        return rules
    if pos and neg and abs(p - 0.5) < m["mixed_within"]:
        return "neutral"  # no score column here
    if pos != neg and abs(p - 0.5) < m["rules_within"]:
        return rules
    if not pos and neg and 0.5 <= p < 0.5 + m["complaint_within"]:
        return "negative"
    if not neg and pos and 0.5 - m["praise_within"] <= p < 0.5:
        return "positive"
    return "positive" if p >= 0.5 else "negative"


def sigmoid(z):
    return 1 / (1 + math.exp(-max(min(z, 40), -40)))


def explain(fbkit, model, rows, tmp):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, (_, text) in enumerate(rows):
        w.writerow([i, text])
    path = os.path.join(tmp, "explain.jsonl")
    r = subprocess.run([fbkit, "classify", "--model", model, "--explain", path], input=buf.getvalue().encode(),
                       capture_output=True, check=True)
    got = [row["sentiment"] for row in csv.DictReader(io.StringIO(r.stdout.decode()))]
    with open(path, encoding="utf-8") as f:
        return [(g, json.loads(line)["sentiment"]) for g, line in zip(got, f)]


def load_sets(args, tmp, harness, lexicon):
    waimai, by_cat = ts.load(args.data)
    sets = [(f"os10-{i}", by_cat[c]) for i, c in enumerate(ts.CATS)]
    sets += [(f"waimai-{k}", [x for j, x in enumerate(waimai) if j % 5 == k]) for k in range(5)]
    out = {}
    for name, rows in sets:
        model = os.path.join(args.folds, name + ".ftz")
        lines = [ts.tokenize(t) for _, t in rows]
        shares = subprocess.run([harness, model], input="\n".join(lines) + "\n", capture_output=True, text=True,
                                check=True).stdout.splitlines()
        xs = []
        for (label, _), line, o in zip(rows, lines, shares):
            trip = [(int(a), int(b), float(s)) for a, b, s in (t.split(":") for t in o.split())]
            cl, eos = clauses(line.split(), trip, lexicon)
            xs.append({"pos": label == "1", "clauses": cl, "eos": eos})
        # the decomposition must give fastText's own P
        for x, p in zip(xs, ts.model_probs(tmp, model, rows)):
            if abs(sigmoid(WHOLE(x)) - p) > 2e-4:
                sys.exit(f"clause_experiments: {name}: the rows' shares give P {sigmoid(WHOLE(x)):.5f}, fastText {p:.5f}")
        flat = [(None, c[3]) for x in xs for c in x["clauses"]]
        it = iter(ts.model_probs(tmp, model, flat))
        for x in xs:
            ps = [min(max(next(it), 1e-6), 1 - 1e-6) for _ in x["clauses"]]
            x["separate"] = sum(math.log(p / (1 - p)) for p in ps) / len(ps) if ps else WHOLE(x)
        if args.fbkit:
            for x, (got, s) in zip(xs, explain(args.fbkit, model, rows, tmp)):
                x["got"], x["explain"] = got, s
        out[name] = xs
        print(f"({name}: {len(xs):,} rows)", file=sys.stderr, flush=True)
    return out


def hits(x, f, margins):
    want = "positive" if x["pos"] else "negative"
    if margins is None:
        return (f(x) >= 0) == x["pos"]
    s = x["explain"]
    if s.get("model", -1) < 0:
        return x["got"] == want
    return decide(sigmoid(f(x)), s, margins) == want


def figures(sets, f, margins):
    acc = {k: sum(hits(x, f, margins) for x in xs) / len(xs) for k, xs in sets.items()}
    os10 = [acc[f"os10-{i}"] for i in range(5)]
    n = [len(sets[f"waimai-{i}"]) for i in range(5)]
    return os10, sum(os10) / 5, sum(acc[f"waimai-{i}"] * n[i] for i in range(5)) / sum(n), acc


def bands_and_turns(sets):
    """Where the rules decide today (by mixed, rules): how many rows each signal has right; and
    for each turn word, the label against the P of the part after it, before it, the whole text."""
    signals = [("the model's P", WHOLE), ("after the last turn (else P)", after_turn(1e9)),
               ("last clause", lambda x: x["clauses"][-1][0] / x["clauses"][-1][1] if x["clauses"] else WHOLE(x)),
               ("clauses equal", lambda x: logit(x, lambda c, k, cl: 1))]
    for group in ("os10", "waimai"):
        xs = [x for k, v in sets.items() if k.startswith(group) for x in v]
        for band in ("mixed", "rules"):
            sub = [x for x in xs if x["explain"].get("by") == band]
            lex = sum(((x["explain"]["positive"] > x["explain"]["negative"]) == x["pos"]) and
                      x["explain"]["positive"] != x["explain"]["negative"] for x in sub)
            print(f"{group} `{band}` rows {len(sub)}: lexicon right {lex}; " +
                  ", ".join(f"{n} {sum((f(x) >= 0) == x['pos'] for x in sub)}" for n, f in signals))
        for word in ("但 是", "可 是", "不 过", "就 是"):
            n = after = before = whole = 0
            for x in xs:
                cl = x["clauses"]
                t = [k for k, c in enumerate(cl) if c[2] and c[3].startswith(word)]
                if not t or t[-1] == 0:
                    continue
                k = t[-1]
                n += 1
                after += (sum(c[0] for c in cl[k:]) >= 0) == x["pos"]
                before += (sum(c[0] for c in cl[:k]) >= 0) == x["pos"]
                whole += (WHOLE(x) >= 0) == x["pos"]
            if n:
                print(f"{group} {word.replace(' ', '')}: {n} rows; the label agrees with the P of the part after it "
                      f"{after / n:.1%}, before it {before / n:.1%}, the whole text {whole / n:.1%}")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", required=True)
    ap.add_argument("--fbkit")
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    args = ap.parse_args()
    with open(os.path.join(here, "..", "config", "classify.yaml"), encoding="utf-8") as f:
        lex = yaml.safe_load(f)["sentiment"]
    lexicon = [w for w in lex["positive"] + lex["negative"] if not w.isascii()]
    with open(os.path.join(here, "..", "config", "sentiment.yaml"), encoding="utf-8") as f:
        conf = yaml.safe_load(f)
    margins = {k: conf[k] for k in ("mixed_within", "rules_within", "complaint_within", "praise_within")}
    if conf.get("sure_within", 0) != 0:
        sys.exit("clause_experiments: decide() assumes sure_within 0")
    with tempfile.TemporaryDirectory() as tmp:
        harness = os.path.join(tmp, "rows")
        subprocess.run(["g++", "-O2", "-std=c++17", "-x", "c++", "-", "-lfasttext", "-o", harness], input=HARNESS,
                       text=True, check=True)
        sets = load_sets(args, tmp, harness, lexicon)
    if args.fbkit:
        wrong = sum(decide(sigmoid(WHOLE(x)), x["explain"], margins) != x["got"]
                    for xs in sets.values() for x in xs if x["explain"].get("model", -1) >= 0)
        if wrong:
            sys.exit(f"clause_experiments: decide() is not classify's on {wrong} rows")
    print("| variant | " + " | ".join(f"os10 {c}" for c in ts.CATS) + " | os10 mean | waimai 5-fold |")
    print("| --- " * 8 + "|")
    for name, f in VARIANTS:
        for how, m in (("model alone", None), ("classify", margins if args.fbkit else None)):
            if how == "classify" and not args.fbkit:
                continue
            os10, mean, wa, _ = figures(sets, f, m)
            print(f"| {name}, {how} | " + " | ".join(f"{a:.1%}" for a in os10) + f" | {mean:.2%} | {wa:.2%} |")
    if args.fbkit:
        # the weight of the max clause chosen without the set measured: on the others' mean
        # (the os10 categories and the waimai folds weighing half each)
        grid = [0, 0.025, 0.05, 0.075, 0.1]
        per = {a: figures(sets, max_clause(a), margins)[3] for a in grid}
        got = {}
        for k in sets:
            score = lambda a: (sum(per[a][o] for o in sets if o != k and o[:4] == "os10") / (4 + (k[:4] != "os10")) +
                               sum(per[a][o] for o in sets if o != k and o[:4] != "os10") / (4 + (k[:4] == "os10")))
            got[k] = (max(grid, key=lambda a: (score(a), -a)), None)
            got[k] = (got[k][0], per[got[k][0]][k])
        os10 = [got[f"os10-{i}"][1] for i in range(5)]
        n = [len(sets[f"waimai-{i}"]) for i in range(5)]
        wa = sum(got[f"waimai-{i}"][1] * n[i] for i in range(5)) / sum(n)
        print(f"| + a x max clause logit, a chosen on the other sets, classify | " +
              " | ".join(f"{a:.1%}" for a in os10) + f" | {sum(os10) / 5:.2%} | {wa:.2%} |")
        print("a chosen: " + ", ".join(f"{k} {a}" for k, (a, _) in got.items()))
        bands_and_turns(sets)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Trains classify's Chinese sentiment models: the default (config/models/sentiment_zh.ftz)
and the food_delivery pack's (config/models/sentiment_food_zh.ftz).

usage:
  train_sentiment.py [--data DIR] [--out FILE] [--out-food FILE] [--fbkit BIN] [--cross] [--folds K]
                     [--choose-margins] [--adapt]

Data (../shared/data, see its SOURCES.md): waimai_10k.csv (label, review) and
os10_train.csv (cat, label, review: 书籍 books, 平板 tablets, 水果 fruit,
洗发水 shampoo, 蒙牛 dairy). The default model is trained on all of both, the
food_delivery pack's (`model:` of config/packs/food_delivery.yaml) on all of
waimai alone, with the same settings and seed. ChnSentiCorp and the other
online_shopping_10_cats categories are not used at all (they measure other
domains).

--cross measures instead of writing the model (the issue #17 figures), on
models trained with the same settings (and quantized the same way) on data
that never holds the rows they are measured on:
  - os10 leave one category out: for each category, a model trained on all of
    waimai and the other four categories, measured on the category left out;
    then the mean of the five;
  - waimai K-fold (--folds, default 5; row index % K is the fold): a model
    trained on the other folds and all of os10, measured on the fold; then the
    accuracy over all rows;
  - waimai K-fold with the food_delivery pack: the model that fold would ship
    for the pack, trained on the other folds of waimai only, measured on the
    fold; with --fbkit, `BIN classify --config DIR --pack food_delivery` where
    DIR holds config/packs/food_delivery.yaml and the fold's model as
    models/sentiment_food_zh.ftz: the pack's own model and settings, as users
    of the pack get them (--explain must name that file).
    With --choose-margins, the pack's mixed_within and rules_within are
    chosen for each fold by a 4-fold cross-validation inside its training
    rows (MARGINS), not taken from food_delivery.yaml.
Each with the model alone (its own top-1 label) and, with --fbkit BIN, with
`BIN classify --model FOLD` (the model combined with the rules, what a user
gets) and `BIN classify --no-model` (the rules alone). With --fbkit, the
model's P(positive) that classify computes (--explain) is also compared with
`fasttext predict-prob` on the rows as tokenize() below writes them: a row
where they differ means the two tokenizers disagree (an error).

With --adapt, every figure of the model (and of classify) is that of `fbkit
classify --adapt` (docs/rules.md, "Adapting the model to the input"): the
fold's model answers for every row measured; the rows with CJK whose P is >=
0.9 or <= 0.1 train a model of their own (adapt_model() below, the same
recipe as lib/classify/adapt.cpp: labels from P, rows in a fixed order, the
default settings but epochs 50000 / rows, 5 to 100, not quantized), and that
model is measured on all the rows. With --fbkit, `BIN classify --model FOLD
--adapt` does the same in-process, and its P(positive) must equal this
adapted model's on every row.

Tokens (the same rule as lib/classify/sentiment.cpp tokenize(), which the
model is queried with): ASCII letters are lowercased; a run of ASCII letters
and digits is one token; every other character (a CJK character, a
punctuation mark, an emoji) is a token of its own; white space (ASCII, U+00A0,
U+3000, U+FEFF) separates. fastText then adds the word n-grams (TRAIN_ARGS).

Reproducible: one thread, a fixed seed, rows in file order; `fasttext
quantize` retrains with the same thread and seed. Needs the `fasttext` CLI
(Debian package fasttext, 0.9.2).
"""
import argparse
import csv
import io
import json
import random
import re
import os
import shutil
import subprocess
import sys
import tempfile

CATS = ["书籍", "平板", "水果", "洗发水", "蒙牛"]
SEED = 20261204
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config")
FOOD_MODEL = "models/sentiment_food_zh.ftz"  # food_delivery.yaml's `model`, under the configuration
SPACES = set(" \t\n\v\f\r\u00a0\u3000\ufeff")
# Training settings (config/models/README.md, docs/rules.md "Learned sentiment").
TRAIN_ARGS = ["-dim", "8", "-wordNgrams", "3", "-epoch", "5", "-bucket", "200000", "-minCount", "1",
              "-lr", "0.1", "-thread", "1", "-seed", "20261204", "-verbose", "0"]
QUANT_ARGS = ["-qnorm", "-cutoff", "50000", "-retrain", "-thread", "1", "-seed", "20261204", "-verbose", "0"]


def tokenize(text):
    out, word = [], []
    for c in text:
        if c.isascii() and c.isalnum():
            word.append(c.lower())
            continue
        if word:
            out.append("".join(word))
            word = []
        if c not in SPACES and ord(c) >= 0x20:
            out.append(c)
    if word:
        out.append("".join(word))
    return " ".join(out)


def has_cjk(text):
    """Whether text holds a CJK ideograph (lib/classify/sentiment.cpp has_cjk()): classify asks the model only then."""
    return any(0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0x20000 <= ord(c) <= 0x2FFFF
               for c in text)


# --adapt (lib/classify/adapt.cpp): the sure rows, how many epochs, the order.
ADAPT_SURE, ADAPT_EPOCH_ROWS, ADAPT_MIN_PER_LABEL = 0.1, 50000, 10


def adapt_order(lines):
    """The lines in adapt.cpp's fixed order: Fisher-Yates with its 64-bit LCG, seeded 20261204."""
    state = 20261204
    for i in range(len(lines), 1, -1):
        state = (state * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        j = (state >> 33) % i
        lines[i - 1], lines[j] = lines[j], lines[i - 1]
    return lines


def adapt_model(tmp, model, rows, train_args):
    """classify --adapt's model for `rows`: trained on the rows `model` is sure of, labelled by it
    (the rows' own labels are not read); `model` itself when a label has too few sure rows."""
    asked = [(p, text) for p, (_, text) in zip(model_probs(tmp, model, rows), rows) if has_cjk(text)]
    lines = [label_line("1" if p >= 0.5 else "0", text) for p, text in asked
             if p <= ADAPT_SURE or p >= 1 - ADAPT_SURE]
    positive = sum(1 for line in lines if line.startswith("__label__positive"))
    if min(positive, len(lines) - positive) < ADAPT_MIN_PER_LABEL:
        return model
    n = max(len(asked), 1)
    args = list(train_args)
    args[args.index("-epoch") + 1] = str(min(max((ADAPT_EPOCH_ROWS + n // 2) // n, 5), 100))
    args[args.index("-seed") + 1] = "20261204"
    src = os.path.join(tmp, "adapt.train")
    with open(src, "w", encoding="utf-8") as f:
        f.writelines(adapt_order(lines))
    prefix = os.path.join(tmp, "adapt")
    run(["fasttext", "supervised", "-input", src, "-output", prefix, *args])
    return prefix + ".bin"


def label_line(label, text):
    return ("__label__positive " if label == "1" else "__label__negative ") + tokenize(text) + "\n"


def load(data):
    def rows(name):
        with open(os.path.join(data, name), encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    waimai = [(r["label"], r["review"]) for r in rows("waimai_10k.csv")]
    os10 = rows("os10_train.csv")
    by_cat = {c: [(r["label"], r["review"]) for r in os10 if r["cat"] == c] for c in CATS}
    return waimai, by_cat


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(label_line(label, text))


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"train_sentiment: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:2000]}")
    return r.stdout


def train(tmp, name, rows, train_args, quantize=True):
    # fastText does not shuffle, and its learning rate falls to 0 over the file:
    # in file order the last category read would weigh most. A fixed seed keeps it reproducible.
    rows = list(rows)
    random.Random(SEED).shuffle(rows)
    src = os.path.join(tmp, name + ".train")
    write(src, rows)
    prefix = os.path.join(tmp, name)
    run(["fasttext", "supervised", "-input", src, "-output", prefix, *train_args])
    if not quantize:
        return prefix + ".bin"
    run(["fasttext", "quantize", "-input", src, "-output", prefix, *QUANT_ARGS])
    os.remove(prefix + ".bin")
    return prefix + ".ftz"


def model_hits(tmp, model, rows):
    """How many of (label, text) rows the model's top label agrees with (fastText's P@1 x n)."""
    path = os.path.join(tmp, "eval.txt")
    write(path, rows)
    for line in run(["fasttext", "test", model, path]).splitlines():
        if line.startswith("P@1"):
            return round(float(line.split()[1]) * len(rows))
    sys.exit("train_sentiment: no P@1 in fasttext test's output")


def fbkit_hits(fbkit, rows, extra, explain=None, model_file=None):
    """How many rows `fbkit classify EXTRA` gives the human label (neutral is a miss);
    with `explain` a file for --explain, also the model's P(positive) of each row (-1: not asked),
    and every P must come from `model_file` when given."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, (_, text) in enumerate(rows):
        w.writerow([i, text])
    extra = [*extra, "--explain", explain] if explain else extra
    r = subprocess.run([fbkit, "classify", *extra], input=buf.getvalue().encode(), capture_output=True)
    if r.returncode != 0:
        sys.exit(f"train_sentiment: {fbkit} classify failed: {r.stderr.decode()[:2000]}")
    got = [row["sentiment"] for row in csv.DictReader(io.StringIO(r.stdout.decode()))]
    want = ["positive" if label == "1" else "negative" for label, _ in rows]
    hits = sum(g == w for g, w in zip(got, want))
    if not explain:
        return hits
    with open(explain, encoding="utf-8") as f:
        sentiments = [json.loads(line)["sentiment"] for line in f]
    other = {s["model_file"] for s in sentiments if "model_file" in s} - {model_file or model_file_of(extra)}
    if other:
        sys.exit(f"train_sentiment: P(positive) came from {sorted(other)}, not {model_file or model_file_of(extra)}")
    return hits, [s.get("model", -1) for s in sentiments]


def model_file_of(extra):
    return extra[extra.index("--model") + 1] if "--model" in extra else None


def model_probs(tmp, model, rows):
    """P(positive) of each row by `fasttext predict-prob` on the rows as tokenize() writes them."""
    path = os.path.join(tmp, "eval.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(tokenize(text) + "\n" for _, text in rows)
    out = []
    for line in run(["fasttext", "predict-prob", model, path]).splitlines():
        label, p = line.split()
        p = min(float(p), 1.0)
        out.append(p if label == "__label__positive" else 1 - p)
    return out


def tokens_differ(ours, theirs):
    """Rows whose P by fbkit (--explain: 3 decimals) is not fastText's own: the two tokenizers disagree."""
    if len(ours) != len(theirs):
        sys.exit(f"train_sentiment: {len(ours)} rows from fbkit, {len(theirs)} from fasttext predict-prob")
    return sum(1 for a, b in zip(ours, theirs) if a >= 0 and abs(a - b) > 0.0006)


class Tally:
    """Hits of the model alone, classify (model + rules) and the rules alone."""

    def __init__(self):
        self.n, self.model, self.classify, self.rules, self.differ = 0, 0, 0, 0, 0
        self.margins = None  # the food pack's margins chosen inside the fold (--choose-margins)

    def add(self, other):
        for k in ("n", "model", "classify", "rules", "differ"):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def cells(self, fbkit):
        pct = lambda h: f"{h / self.n:.1%}"
        return [pct(self.model), pct(self.classify) if fbkit else "-", pct(self.rules) if fbkit else "-"]


def food_config(tmp, model, margins=None):
    """classify's options for a configuration (tmp/config) whose food_delivery pack is the
    shipped one and whose model of that name is `model`: classify finds it as users' runs do.
    `margins` (mixed_within, rules_within): the pack's `model` line with these instead."""
    conf = os.path.join(tmp, "config")
    os.makedirs(os.path.join(conf, "packs"), exist_ok=True)
    os.makedirs(os.path.join(conf, "models"), exist_ok=True)
    with open(os.path.join(CONFIG, "packs", "food_delivery.yaml"), encoding="utf-8") as f:
        text = f.read()
    if margins:
        line = f"model: {{file: {FOOD_MODEL}, mixed_within: {margins[0]}, rules_within: {margins[1]}}}"
        text, n = re.subn(r"(?m)^model:.*$", line, text)
        if n != 1:
            sys.exit("train_sentiment: no `model:` line in config/packs/food_delivery.yaml")
    with open(os.path.join(conf, "packs", "food_delivery.yaml"), "w", encoding="utf-8") as g:
        g.write(text)
    shutil.copyfile(model, os.path.join(conf, FOOD_MODEL))
    return ["--config", conf, "--pack", "food_delivery"]


# The pack's margins --choose-margins picks from: sentiment.yaml's first (ties keep them).
MARGINS = [(0.05, 0.1), (0.05, 0.05), (0.05, 0.15), (0.05, 0.2), (0, 0.1), (0, 0.05), (0, 0.15), (0, 0.2)]


def choose_margins(tmp, args, rows, k=4):
    """The (mixed_within, rules_within) of MARGINS that classify with the food pack gets most
    rows right with, by k-fold cross-validation inside `rows` (the outer fold's training rows)."""
    hits = [0] * len(MARGINS)
    for fold in range(k):
        test = [x for i, x in enumerate(rows) if i % k == fold]
        model = train(tmp, "inner", [x for i, x in enumerate(rows) if i % k != fold], args.train_args)
        for m, margins in enumerate(MARGINS):
            hits[m] += fbkit_hits(args.fbkit, test, food_config(tmp, model, margins))
    return MARGINS[max(range(len(MARGINS)), key=lambda m: (hits[m], -m))]


def measure(tmp, args, name, train_rows, test_rows, pack=False):
    kept = os.path.join(args.keep, name + (".bin" if args.no_quantize else ".ftz")) if args.keep else None
    if kept and os.path.exists(kept):
        model = kept
    else:
        model = train(tmp, "fold", train_rows, args.train_args, quantize=not args.no_quantize)
        if kept:
            os.replace(model, kept)
            model = kept
    t = Tally()
    t.n = len(test_rows)
    answers = adapt_model(tmp, model, test_rows, args.train_args) if args.adapt else model  # what answers
    t.model = model_hits(tmp, answers, test_rows)
    if args.fbkit:
        explain = os.path.join(tmp, "explain.jsonl")
        adapt = ["--adapt"] if args.adapt else []
        named = lambda f: f + " (--adapt)" if answers != model else f  # classify's name of the adapted model
        if pack:
            margins = choose_margins(tmp, args, train_rows) if args.choose_margins else None
            t.margins = margins
            extra = food_config(tmp, model, margins)
            t.classify, probs = fbkit_hits(args.fbkit, test_rows, [*extra, *adapt], explain,
                                           named(os.path.join(tmp, "config", FOOD_MODEL)))
            t.rules = fbkit_hits(args.fbkit, test_rows, [*extra, "--no-model"])
        else:
            t.classify, probs = fbkit_hits(args.fbkit, test_rows, ["--model", model, *adapt], explain, named(model))
            t.rules = fbkit_hits(args.fbkit, test_rows, ["--no-model"])
        t.differ = tokens_differ(probs, model_probs(tmp, answers, test_rows))
    return t


def cross(tmp, args, waimai, by_cat):
    print(f"settings: {' '.join(args.train_args)}; quantize {' '.join(QUANT_ARGS)}")
    print("| rows measured | n | model alone | classify (model + rules) | rules alone |")
    print("| --- | --- | --- | --- | --- |")
    cats = [] if args.food_only else args.only or CATS
    means = [0.0, 0.0, 0.0]
    checked = Tally()  # every row measured: whether fbkit's P(positive) is fastText's
    for c in cats:
        rest = waimai + [x for d in CATS if d != c for x in by_cat[d]]
        t = measure(tmp, args, f"os10-{CATS.index(c)}", rest, by_cat[c])
        checked.add(t)
        means = [m + (h / t.n) / len(cats) for m, h in zip(means, (t.model, t.classify, t.rules))]
        print(f"| os10 {c} (left out) | {t.n:,} | " + " | ".join(t.cells(args.fbkit)) + " |", flush=True)
    cells = [f"{m:.1%}" if args.fbkit or i == 0 else "-" for i, m in enumerate(means)]
    if cats:
        print(f"| **os10 mean of the {len(cats)} left out** | | " + " | ".join(f"**{c}**" for c in cells) + " |")
    k = args.folds
    total = Tally()
    for fold in range(0 if args.food_only else k if args.waimai_folds is None else min(args.waimai_folds, k)):
        test = [x for i, x in enumerate(waimai) if i % k == fold]
        rest = [x for i, x in enumerate(waimai) if i % k != fold] + [x for c in CATS for x in by_cat[c]]
        total.add(measure(tmp, args, f"waimai-{fold}", rest, test))
        print(f"(waimai fold {fold}: {total.n:,} rows so far)", file=sys.stderr, flush=True)
    if total.n:
        print(f"| **waimai {k}-fold** | {total.n:,} | " + " | ".join(f"**{c}**" for c in total.cells(args.fbkit)) + " |")
    checked.add(total)
    # The food_delivery pack's model: trained on the other folds of waimai alone.
    food, per_fold = Tally(), []
    for fold in range(k if args.waimai_folds is None else min(args.waimai_folds, k)):
        test = [x for i, x in enumerate(waimai) if i % k == fold]
        rest = [x for i, x in enumerate(waimai) if i % k != fold]
        t = measure(tmp, args, f"food-{fold}", rest, test, pack=True)
        food.add(t)
        per_fold.append(t)
    if food.n:
        print(f"| **waimai {k}-fold, food_delivery pack** | {food.n:,} | " +
              " | ".join(f"**{c}**" for c in food.cells(args.fbkit)) + " |")
        col = (lambda t: t.classify) if args.fbkit else (lambda t: t.model)
        print("food_delivery pack, per fold (" + ("classify" if args.fbkit else "model alone") + "): " +
              ", ".join(f"{col(t) / t.n:.1%}" for t in per_fold) + f"; all {col(food) / food.n:.2%}")
        if args.choose_margins and args.fbkit:
            print("margins (mixed_within, rules_within) chosen inside each fold: " +
                  ", ".join(str(t.margins) for t in per_fold))
    checked.add(food)
    if args.fbkit:
        # The model must read a text as it was trained: fbkit's tokenize() and this script's must agree.
        print(f"tokens: fbkit's P(positive) differs from `fasttext predict-prob` on this script's tokens "
              f"in {checked.differ:,} of {checked.n:,} rows")
        if checked.differ:
            sys.exit("train_sentiment: lib/classify/sentiment.cpp tokenize() and tokenize() here disagree")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(CONFIG, "models", "sentiment_zh.ftz"))
    ap.add_argument("--out-food", default=os.path.join(CONFIG, FOOD_MODEL),
                    help="the food_delivery pack's model (trained on waimai alone)")
    ap.add_argument("--fbkit", help="also measure `FBKIT classify` (with --cross)")
    ap.add_argument("--cross", action="store_true", help="measure on held-out folds instead of writing the model")
    ap.add_argument("--folds", type=int, default=5, help="waimai folds of --cross (default 5)")
    ap.add_argument("--only", nargs="*", help=argparse.SUPPRESS)  # experiments: these categories
    ap.add_argument("--waimai-folds", type=int, help=argparse.SUPPRESS)  # experiments: the first N folds
    ap.add_argument("--train-args", help=argparse.SUPPRESS)  # experiments: other fastText settings
    ap.add_argument("--no-quantize", action="store_true", help=argparse.SUPPRESS)  # experiments: faster folds
    ap.add_argument("--keep", help=argparse.SUPPRESS)  # experiments: keep (and reuse) the fold models in DIR
    ap.add_argument("--seed", type=int, help=argparse.SUPPRESS)  # experiments: another seed (the noise)
    ap.add_argument("--food-only", action="store_true", help=argparse.SUPPRESS)  # experiments: the food pack's rows
    ap.add_argument("--adapt", action="store_true",
                    help="with --cross: measure classify --adapt (the model adapted to the rows measured)")
    ap.add_argument("--choose-margins", action="store_true",
                    help="with --cross --fbkit: the food pack's margins chosen inside each fold's training rows "
                         "(4-fold), instead of food_delivery.yaml's")
    args = ap.parse_args()
    args.train_args = args.train_args.split() if args.train_args else list(TRAIN_ARGS)
    if args.seed is not None:
        global SEED
        SEED = args.seed
        for a in (args.train_args, QUANT_ARGS):
            a[a.index("-seed") + 1] = str(args.seed)
    waimai, by_cat = load(args.data)
    with tempfile.TemporaryDirectory(prefix="train_sentiment-") as tmp:
        if args.cross:
            cross(tmp, args, waimai, by_cat)
            return
        for out, rows in ((args.out, waimai + [x for c in CATS for x in by_cat[c]]), (args.out_food, waimai)):
            model = train(tmp, "model", rows, args.train_args)
            with open(model, "rb") as f, open(out + ".tmp", "wb") as g:
                g.write(f.read())
            os.replace(out + ".tmp", out)
            print(f"model: {out} ({os.path.getsize(out):,} bytes), trained on {len(rows):,} rows")


if __name__ == "__main__":
    main()

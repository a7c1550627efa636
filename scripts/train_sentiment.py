#!/usr/bin/env python3
"""Trains classify's default Chinese sentiment model (config/models/sentiment_zh.ftz).

usage:
  train_sentiment.py [--data DIR] [--out FILE] [--fbkit BIN] [--cross]

Data (../shared/data, see its SOURCES.md): waimai_10k.csv (label, review) and
os10_train.csv (cat, label, review). Trained on:
  - waimai_10k, every row but each 10th (row index % 10 == 0 is held out);
  - os10_train's categories 书籍 (books), 平板 (tablets), 水果 (fruit).
Held out, never trained or tuned on: os10's 洗发水 (shampoo) and 蒙牛 (dairy),
and the waimai tenth. ChnSentiCorp and the other online_shopping_10_cats
categories are not used at all (they measure other domains).

Tokens (the same rule as lib/classify/sentiment.cpp tokenize(), which the
model is queried with): ASCII letters are lowercased; a run of ASCII letters
and digits is one token; every other character (a CJK character, a
punctuation mark, an emoji) is a token of its own; white space (ASCII, U+00A0,
U+3000, U+FEFF) separates. fastText then adds the bigrams (wordNgrams 2).

Reproducible: one thread, a fixed seed, rows in file order; `fasttext
quantize` retrains with the same thread and seed. Needs the `fasttext` CLI
(Debian package fasttext, 0.9.2).

--fbkit BIN also prints, on the same held-out rows, the accuracy of
`BIN classify --no-model` (the rules alone) and of `BIN classify --model OUT`.
--cross trains one (unquantized) model per os10 category left out in turn
(with all of waimai's training rows and the other four categories) and prints
the accuracy on the category left out: the issue's cross-domain figure.
"""
import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile

TRAIN_CATS = ["书籍", "平板", "水果"]
HELD_CATS = ["洗发水", "蒙牛"]
ALL_CATS = TRAIN_CATS + HELD_CATS
SPACES = set(" \t\n\v\f\r\u00a0\u3000\ufeff")
# Training settings (docs/rules.md, "Learned sentiment").
TRAIN_ARGS = ["-dim", "16", "-wordNgrams", "2", "-epoch", "10", "-bucket", "200000", "-minCount", "1",
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


def label_line(label, text):
    return ("__label__positive " if label == "1" else "__label__negative ") + tokenize(text) + "\n"


def load(data):
    waimai = list(csv.DictReader(open(os.path.join(data, "waimai_10k.csv"), encoding="utf-8-sig")))
    os10 = list(csv.DictReader(open(os.path.join(data, "os10_train.csv"), encoding="utf-8-sig")))
    return waimai, os10


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for label, text in rows:
            f.write(label_line(label, text))


def train(tmp, name, rows, quantize):
    src = os.path.join(tmp, name + ".train")
    write(src, rows)
    prefix = os.path.join(tmp, name)
    run(["fasttext", "supervised", "-input", src, "-output", prefix, *TRAIN_ARGS])
    if not quantize:
        return prefix + ".bin"
    run(["fasttext", "quantize", "-input", src, "-output", prefix, *QUANT_ARGS])
    return prefix + ".ftz"


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"train_sentiment: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:2000]}")
    return r.stdout


def model_accuracy(tmp, model, rows):
    """fastText's own top-1 precision, i.e. accuracy, on (label, text) rows."""
    path = os.path.join(tmp, "eval.txt")
    write(path, rows)
    for line in run(["fasttext", "test", model, path]).splitlines():
        if line.startswith("P@1"):
            return float(line.split()[1])
    sys.exit("train_sentiment: no P@1 in fasttext test's output")


def fbkit_accuracy(fbkit, rows, extra):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, (_, text) in enumerate(rows):
        w.writerow([i, text])
    r = subprocess.run([fbkit, "classify", *extra], input=buf.getvalue().encode(), capture_output=True)
    if r.returncode != 0:
        sys.exit(f"train_sentiment: {fbkit} classify failed: {r.stderr.decode()[:2000]}")
    got = [row["sentiment"] for row in csv.DictReader(io.StringIO(r.stdout.decode()))]
    want = ["positive" if label == "1" else "negative" for label, _ in rows]
    return sum(g == w for g, w in zip(got, want)) / len(want)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(here, "..", "config", "models", "sentiment_zh.ftz"))
    ap.add_argument("--fbkit")
    ap.add_argument("--cross", action="store_true")
    args = ap.parse_args()
    waimai, os10 = load(args.data)
    w_train = [(r["label"], r["review"]) for i, r in enumerate(waimai) if i % 10 != 0]
    w_held = [(r["label"], r["review"]) for i, r in enumerate(waimai) if i % 10 == 0]
    by_cat = {c: [(r["label"], r["review"]) for r in os10 if r["cat"] == c] for c in ALL_CATS}
    with tempfile.TemporaryDirectory(prefix="train_sentiment-") as tmp:
        rows = w_train + [x for c in TRAIN_CATS for x in by_cat[c]]
        model = train(tmp, "sentiment_zh", rows, quantize=True)
        with open(model, "rb") as f, open(args.out + ".tmp", "wb") as g:
            g.write(f.read())
        os.replace(args.out + ".tmp", args.out)
        print(f"model: {args.out} ({os.path.getsize(args.out):,} bytes), trained on {len(rows):,} rows")
        held = [("waimai held-out tenth", w_held)] + [(f"os10 {c}", by_cat[c]) for c in HELD_CATS]
        print("| held-out rows | n | model | rules only | classify (model + rules) |")
        print("| --- | --- | --- | --- | --- |")
        for name, rs in held:
            m = model_accuracy(tmp, args.out, rs)
            rules = combined = "-"
            if args.fbkit:
                rules = f"{fbkit_accuracy(args.fbkit, rs, ['--no-model']):.1%}"
                combined = f"{fbkit_accuracy(args.fbkit, rs, ['--model', args.out]):.1%}"
            print(f"| {name} | {len(rs):,} | {m:.1%} | {rules} | {combined} |")
        if args.cross:
            print("| os10 category left out | n | model (unquantized) |")
            print("| --- | --- | --- |")
            total = 0.0
            for c in ALL_CATS:
                rest = w_train + [x for d in ALL_CATS if d != c for x in by_cat[d]]
                acc = model_accuracy(tmp, train(tmp, "cross", rest, quantize=False), by_cat[c])
                total += acc
                print(f"| {c} | {len(by_cat[c]):,} | {acc:.1%} |")
            print(f"| mean | | {total / len(ALL_CATS):.1%} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Can a model learned from labelled rows name problem issues where the keyword rules do not?

    issue_model_experiment.py --fbkit BIN [DATA_DIR] [--half dev,held,dev2] [--epoch N] [--threshold T]

An experiment for issue #17 section 3, not part of classify. It trains a multi-label fastText
model (one-vs-all loss) on the hand labels of the training domains (tests/data/labels/train/:
os10 tablets, fruit, books and waimai's food delivery; every round and half labelled), each
row's labels its problem issues, `praise` when it names a praise aspect, `none` when neither.
It then measures, on the evaluation domains (shampoo, dairy, clothing: the halves given,
never an unread half (label_sample.UNREAD) unless --final), precision and recall per problem issue of

- the rules (`BIN classify --multi`, as scripts/eval_labels.py reads it),
- the model (an issue when its P >= --threshold),
- rules or model (the union), rules and model (the intersection),
- refine+add: the rules with the model as a second opinion (a row whose only problem is the
  generic dissatisfied takes the model's best specific issue at P >= 0.5; a row fbkit calls
  negative with no problem takes the issues at P >= 0.6).

Tokens as classify's sentiment model reads them (scripts/train_sentiment.py tokenize()).
Needs the `fasttext` CLI. Exit 0, 77 when the data or the training labels are absent.
"""
import argparse
import csv
import io
import os
import pathlib
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import label_sample  # noqa: E402
from eval_labels import ISSUES, PACK_ISSUES, load, split  # noqa: E402
from train_sentiment import tokenize  # noqa: E402

TRAIN = ("tablets", "fruit", "books", "food")
EVAL = ("shampoo", "dairy", "clothing")
SPECIFIC = [i for i in ISSUES if i != "dissatisfied"]


def rows_of(data_dir, domain, halves):
    """(label row, text) of DOMAIN's labelled rows of `halves` (eval_labels.load: texts checked)."""
    return [(r, r["text"]) for r in load(data_dir, domain, halves)]


def training_rows(data_dir):
    """Every labelled row of the training domains, all rounds there are (tests/data/labels/train/)."""
    out = []
    for d in TRAIN:
        for rnd, (_folder, even, odd) in label_sample.ROUNDS.items():
            if label_sample.label_path(d, rnd).is_file():
                out += rows_of(data_dir, d, (even, odd))
    return out


def refine_add(ruled, probs, sentiments, refine=0.5, add=0.6):
    """The rules with the model as a second opinion: a row whose only problem is the
    generic dissatisfied takes the model's best specific issue when its P >= refine and
    beats dissatisfied's; a negative row with no problem takes every issue with P >= add."""
    out = []
    for rs, p, sent in zip(ruled, probs, sentiments):
        rs = set(rs)
        if rs & set(ISSUES) == {"dissatisfied"}:
            best = max(SPECIFIC, key=lambda i: p.get(i, 0.0))
            if p.get(best, 0.0) >= refine and p.get(best, 0.0) > p.get("dissatisfied", 0.0):
                rs = (rs - {"dissatisfied"}) | {best}
        if not rs & set(ISSUES) and sent == "negative":
            rs |= {i for i in ISSUES if p.get(i, 0.0) >= add}
        out.append(rs)
    return out


def labels_of(r):
    issues = [i for i in split(r["issues"]) if i in ISSUES]
    return issues + (["praise"] if split(r["praise"]) else []) or ["none"]


def train(tmp, rows, epoch):
    path = os.path.join(tmp, "train.txt")
    with open(path, "w", encoding="utf-8") as f:
        for r, text in rows:
            f.write(" ".join(f"__label__{x}" for x in labels_of(r)) + " " + tokenize(text) + "\n")
    model = os.path.join(tmp, "issues")
    subprocess.run(["fasttext", "supervised", "-input", path, "-output", model, "-loss", "ova", "-dim", "16",
                    "-wordNgrams", "2", "-epoch", str(epoch), "-lr", "0.5", "-minCount", "1", "-bucket", "200000",
                    "-thread", "1", "-seed", "20261206", "-verbose", "0"], check=True)
    return model + ".bin"


def predict(tmp, model, texts):
    """Each text's P of every label."""
    path = os.path.join(tmp, "test.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(tokenize(t) + "\n" for t in texts)
    out = subprocess.run(["fasttext", "predict-prob", model, path, "-1", "0"], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    return [{a.removeprefix("__label__"): float(b) for a, b in zip(line.split()[0::2], line.split()[1::2])}
            for line in out]


def rules(fbkit, texts):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, t in enumerate(texts):
        w.writerow([i, t])
    run = subprocess.run([fbkit, "classify", "--multi"], input=buf.getvalue(), capture_output=True, text=True,
                         check=True)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    return [{PACK_ISSUES.get(i, i) for i in split(r["issue"])} for r in rows], [r["sentiment"] for r in rows]


def table(gold, systems):
    print(f"  {'issue':<18} {'labelled':>8} " + " ".join(f"{n:>14}" for n in systems))
    for issue in ISSUES + ["any problem"]:
        def has(s):
            return bool(s & set(ISSUES)) if issue == "any problem" else issue in s
        lab = [has(g) for g in gold]
        if not any(lab) and not any(has(p) for preds in systems.values() for p in preds):
            continue
        cells = []
        for preds in systems.values():
            pr = [has(p) for p in preds]
            tp = sum(a and b for a, b in zip(lab, pr))
            p = f"{tp / sum(pr):.2f}" if sum(pr) else "  - "
            r = f"{tp / sum(lab):.2f}" if sum(lab) else "  - "
            cells.append(f"{p}/{r} ({sum(pr)})")
        print(f"  {issue:<18} {sum(lab):>8} " + " ".join(f"{c:>14}" for c in cells))


def main(argv):
    shared = os.environ.get("FBKIT_SHARED", str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data_dir", nargs="?", default=str(pathlib.Path(shared) / "data"))
    ap.add_argument("--fbkit", required=True)
    ap.add_argument("--half", default="dev,held,dev2")
    ap.add_argument("--final", action="store_true")
    ap.add_argument("--epoch", type=int, default=25)
    ap.add_argument("--threshold", type=float, default=0.5)
    a = ap.parse_args(argv)
    halves = a.half.split(",")
    if any(h in label_sample.UNREAD for h in halves) and not a.final:
        ap.error(f"{', '.join(label_sample.UNREAD)} are for a final measurement only: add --final")
    if not pathlib.Path(a.data_dir, "os10_train.csv").is_file():
        print("issue_model_experiment: no data; skipped", file=sys.stderr)
        return 77
    if not all(label_sample.label_path(d).is_file() for d in TRAIN):  # round 1 of each
        print("issue_model_experiment: no training labels in tests/data/labels/train/; skipped", file=sys.stderr)
        return 77
    train_rows = training_rows(a.data_dir)
    test_rows = [x for d in EVAL for x in rows_of(a.data_dir, d, halves)]
    texts = [t for _, t in test_rows]
    gold = [set(split(r["issues"])) for r, _ in test_rows]
    with tempfile.TemporaryDirectory(prefix="fbkit-issue-model-") as tmp:
        model = train(tmp, train_rows, a.epoch)
        probs = predict(tmp, model, texts)
    learned = [{i for i, p in pr.items() if p >= a.threshold} for pr in probs]
    ruled, sentiments = rules(a.fbkit, texts)
    print(f"trained on {len(train_rows)} rows of {', '.join(TRAIN)} (every round labelled); measured on "
          f"{len(test_rows)} rows of {', '.join(EVAL)} ({a.half}); P/R (predicted)")
    table(gold, {"rules": ruled, "model": learned, "rules|model": [r | m for r, m in zip(ruled, learned)],
                 "rules&model": [r & m for r, m in zip(ruled, learned)],
                 "refine+add": refine_add(ruled, probs, sentiments)})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Can a model learned from labelled rows name problem issues where the keyword rules do not?

    issue_model_experiment.py --fbkit BIN [DATA_DIR] [--half dev,held,dev2] [--epoch N] [--threshold T]

An experiment for issue #17 section 3, not part of classify. It trains a multi-label fastText
model (one-vs-all loss) on the hand labels of the training domains (tests/data/labels/train/:
os10 tablets, fruit, books; every half), each row's labels its problem issues, `praise` when it
names a praise aspect, `none` when neither. It then measures, on the Chinese evaluation domains
(shampoo, dairy: the halves given, never held2 unless --final), precision and recall per problem
issue of

- the rules (`BIN classify --multi`, as scripts/eval_labels.py reads it),
- the model (an issue when its P >= --threshold),
- rules or model (the union), rules and model (the intersection).

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

TRAIN = ("tablets", "fruit", "books")
EVAL = ("shampoo", "dairy")


def rows_of(data_dir, domain, halves):
    """(label row, text) of DOMAIN's labelled rows of `halves` (eval_labels.load: texts checked)."""
    return [(r, r["text"]) for r in load(data_dir, domain, halves)]


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


def predict(tmp, model, texts, threshold):
    path = os.path.join(tmp, "test.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(tokenize(t) + "\n" for t in texts)
    out = subprocess.run(["fasttext", "predict-prob", model, path, "-1", str(threshold)], check=True,
                         capture_output=True, text=True).stdout.splitlines()
    return [{w.removeprefix("__label__") for w in line.split()[0::2]} for line in out]


def rules(fbkit, texts):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, t in enumerate(texts):
        w.writerow([i, t])
    run = subprocess.run([fbkit, "classify", "--multi"], input=buf.getvalue(), capture_output=True, text=True,
                         check=True)
    return [{PACK_ISSUES.get(i, i) for i in split(r["issue"])} for r in csv.DictReader(io.StringIO(run.stdout))]


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
    if "held2" in halves and not a.final:
        ap.error("held2 is for the final measurement only: add --final")
    if not pathlib.Path(a.data_dir, "os10_train.csv").is_file():
        print("issue_model_experiment: no data; skipped", file=sys.stderr)
        return 77
    if not all(label_sample.label_path(d).is_file() for d in TRAIN):
        print("issue_model_experiment: no training labels in tests/data/labels/train/; skipped", file=sys.stderr)
        return 77
    train_rows = [x for d in TRAIN for x in rows_of(a.data_dir, d, ("dev", "held"))]
    test_rows = [x for d in EVAL for x in rows_of(a.data_dir, d, halves)]
    texts = [t for _, t in test_rows]
    gold = [set(split(r["issues"])) for r, _ in test_rows]
    with tempfile.TemporaryDirectory(prefix="fbkit-issue-model-") as tmp:
        model = train(tmp, train_rows, a.epoch)
        learned = predict(tmp, model, texts, a.threshold)
    ruled = rules(a.fbkit, texts)
    print(f"trained on {len(train_rows)} rows of {', '.join(TRAIN)}; measured on {len(test_rows)} rows of "
          f"{', '.join(EVAL)} ({a.half}); P/R (predicted)")
    table(gold, {"rules": ruled, "model": learned, "rules|model": [r | m for r, m in zip(ruled, learned)],
                 "rules&model": [r & m for r, m in zip(ruled, learned)]})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

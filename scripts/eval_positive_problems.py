#!/usr/bin/env python3
"""Positive rows that carry a problem issue, on ../shared/data/waimai_10k.csv (issue #17 sec. 2).

    eval_positive_problems.py --fbkit BIN [WAIMAI_CSV] [--show N] [-- CLASSIFY_ARGS...]

Converts the labelled reviews (label,review; 1 positive, 0 negative) to canonical
`feedback_id,text`, runs `BIN classify` (single issue; CLASSIFY_ARGS after `--`, e.g.
`-- --pack none` or `-- --multi`) and prints three shares:

- label-1 rows whose output has a problem issue: a category of `quality`, `service`,
  `process` or `market` in the `category` column (target <= 5%);
- rows fbkit calls `positive` that have a problem issue;
- label-0 rows with a problem issue: the real complaints a fix must not lose.

--show N prints N of the label-1 rows with a problem (seeded sample) with their issues,
for reading. --dump FILE writes every label-1 row with a problem as TSV (row number of
the data file, issue, the problem rules that fired with the phrases they found, text),
from classify's --explain. Exit 0; 77 when the data file is absent.
"""
import argparse
import csv
import io
import json
import os
import pathlib
import random
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROBLEM_CATEGORIES = {"quality", "service", "process", "market"}


def read_spans(path, n):
    """Row index -> 'rule:phrase|phrase' of each rule --explain lists (the first match first)."""
    out = [""] * n
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            rec = json.loads(line)
            out[i] = " ".join(r["id"] + ":" + "|".join(s["text"] for s in r.get("spans", []))
                              for r in rec.get("rules", []))
    return out


def dump(path, rows, got, spans, problem):
    """The label-1 rows with a problem issue, as TSV, for reading."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("row\tissue\tsentiment\trules\ttext\n")
        for i, ((label, text), r) in enumerate(zip(rows, got)):
            if label == "1" and problem(r):
                clean = " ".join(text.split())
                f.write(f"{i + 2}\t{r['issue']}\t{r['sentiment']}\t{spans[i]}\t{clean}\n")


def main(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = os.environ.get("FBKIT_SHARED", str(ROOT.parent / "shared"))
    ap.add_argument("data", nargs="?", default=str(pathlib.Path(shared) / "data/waimai_10k.csv"))
    ap.add_argument("--fbkit", required=True)
    ap.add_argument("--show", type=int, default=0)
    ap.add_argument("--dump", metavar="FILE")
    a = ap.parse_args(argv)
    if not os.path.exists(a.data):
        print(f"eval_positive_problems: SKIP: no {a.data}", file=sys.stderr)
        return 77
    with open(a.data, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))[1:]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text"])
    for i, (_label, review) in enumerate(rows, 1):
        w.writerow([f"w{i}", review])
    with tempfile.TemporaryDirectory() as tmp:
        explain = os.path.join(tmp, "explain.jsonl")
        if a.dump:
            extra = ["--explain", explain, *extra]
        run = subprocess.run([a.fbkit, "classify", *extra], input=buf.getvalue().encode(),
                             capture_output=True, check=True)
        spans = read_spans(explain, len(rows)) if a.dump else None
    sys.stderr.write(run.stderr.decode())
    got = list(csv.DictReader(io.StringIO(run.stdout.decode(), newline="")))
    assert len(got) == len(rows), (len(got), len(rows))

    def problem(r):
        return bool(PROBLEM_CATEGORIES & set(r["category"].split(";")))

    pos = [(text, r) for (label, text), r in zip(rows, got) if label == "1"]
    pos_problem = [(t, r) for t, r in pos if problem(r)]
    neg_problem = sum(problem(r) for (label, _t), r in zip(rows, got) if label == "0")
    neg = sum(label == "0" for label, _t in rows)
    said = [r for r in got if r["sentiment"] == "positive"]
    said_problem = sum(problem(r) for r in said)
    print(f"label-1 rows with a problem issue: {len(pos_problem)} of {len(pos)} "
          f"({len(pos_problem) / len(pos):.1%})")
    print(f"fbkit-positive rows with a problem issue: {said_problem} of {len(said)} "
          f"({said_problem / max(len(said), 1):.1%})")
    print(f"label-0 rows with a problem issue: {neg_problem} of {neg} ({neg_problem / max(neg, 1):.1%})")
    if a.dump:
        dump(a.dump, rows, got, spans, problem)
    for t, r in random.Random(20261204).sample(pos_problem, min(a.show, len(pos_problem))):
        print(f"  {r['issue']:<28} {r['sentiment']:<9} {t[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

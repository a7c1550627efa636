#!/usr/bin/env python3
"""Positive rows that carry a problem issue, on ../shared/data/waimai_10k.csv (issue #17 sec. 2).

    eval_positive_problems.py --fbkit BIN [WAIMAI_CSV] [--show N] [-- CLASSIFY_ARGS...]

Converts the labelled reviews (label,review; 1 positive, 0 negative) to canonical
`feedback_id,text`, runs `BIN classify` (single issue; CLASSIFY_ARGS after `--`, e.g.
`-- --pack none` or `-- --multi`) and prints two shares:

- label-1 rows whose output has a problem issue: a category of `quality`, `service`,
  `process` or `market` in the `category` column (target <= 5%);
- rows fbkit calls `positive` that have a problem issue.

--show N prints N of the label-1 rows with a problem (seeded sample) with their issues,
for reading. Exit 0; 77 when the data file is absent.
"""
import argparse
import csv
import io
import os
import pathlib
import random
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROBLEM_CATEGORIES = {"quality", "service", "process", "market"}


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
    run = subprocess.run([a.fbkit, "classify", *extra], input=buf.getvalue().encode(), capture_output=True,
                         check=True)
    sys.stderr.write(run.stderr.decode())
    got = list(csv.DictReader(io.StringIO(run.stdout.decode(), newline="")))
    assert len(got) == len(rows), (len(got), len(rows))

    def problem(r):
        return bool(PROBLEM_CATEGORIES & set(r["category"].split(";")))

    pos = [(text, r) for (label, text), r in zip(rows, got) if label == "1"]
    pos_problem = [(t, r) for t, r in pos if problem(r)]
    said = [r for r in got if r["sentiment"] == "positive"]
    said_problem = sum(problem(r) for r in said)
    print(f"label-1 rows with a problem issue: {len(pos_problem)} of {len(pos)} "
          f"({len(pos_problem) / len(pos):.1%})")
    print(f"fbkit-positive rows with a problem issue: {said_problem} of {len(said)} "
          f"({said_problem / max(len(said), 1):.1%})")
    for t, r in random.Random(20261204).sample(pos_problem, min(a.show, len(pos_problem))):
        print(f"  {r['issue']:<28} {r['sentiment']:<9} {t[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

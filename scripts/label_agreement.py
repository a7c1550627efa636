#!/usr/bin/env python3
"""How often two labellers agree on the same rows: round 3 of the hand labels, labelled twice.

    label_agreement.py [--half dev3,held3] [--domain D ...]

tests/data/labels/round3/DOMAIN.csv (labeller A) and tests/data/labels/iaa/DOMAIN.csv
(labeller B: a second helper agent that labelled the same 200 rows independently, without
seeing A's labels; tests/data/labels/README.md) are compared row by row. Printed per domain
and for the domains together, in the form scripts/eval_labels.py prints fbkit's figures,
so the two can be read side by side:

- sentiment: exact agreement of the four values, and agreement when a `mixed` label of
  either accepts positive or negative from the other;
- per problem issue and for praise, urgent and no_text: the rows each labeller gave it,
  the rows both gave it, B's precision and recall against A (A's against B are the same two
  numbers swapped), and Cohen's kappa (agreement beyond chance on "has it / has it not").

This is the ceiling the hand labels put on any classifier measured against them: a figure
fbkit should reach on a category is at most about where two careful people meet. Reads no
data file (the labels carry the row references and the halves). Exit 0; 1 when the two
files do not hold the same rows.
"""
import argparse
import csv
import pathlib
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import label_sample  # noqa: E402  (where each round's labels are)
from eval_labels import ISSUES, split  # noqa: E402  (the taxonomy's problem issues, a label list)

DOMAINS = label_sample.EVAL_DOMAINS


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def kappa(a, b):
    """Cohen's kappa of two lists of booleans (None when both say the same thing of every row)."""
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe == 1 else (po - pe) / (1 - pe)


def report(name, pairs):
    n = len(pairs)
    exact = sum(a["sentiment"] == b["sentiment"] for a, b in pairs)
    lenient = sum(a["sentiment"] == b["sentiment"] or "mixed" in (a["sentiment"], b["sentiment"])
                  and {a["sentiment"], b["sentiment"]} & {"positive", "negative"} != set()
                  for a, b in pairs)
    print(f"== {name}: {n} rows labelled twice")
    print(f"sentiment agreement: {exact}/{n} = {100 * exact / n:.1f}% exact; "
          f"{lenient}/{n} = {100 * lenient / n:.1f}% when a mixed label accepts positive or negative")
    print(f"  {'category':<18} {'A':>5} {'B':>5} {'both':>5}  {'prec':>5} {'recall':>6} {'kappa':>6}")
    rows = [(i, lambda r, i=i: i in split(r["issues"])) for i in ISSUES]
    rows.append(("any problem", lambda r: bool(set(split(r["issues"])) & set(ISSUES))))
    rows.append(("praise", lambda r: bool(split(r["praise"]))))
    rows.append(("urgent", lambda r: r["urgent"] == "yes"))
    rows.append(("no_text", lambda r: r["no_text"] == "yes"))
    for label, has in rows:
        a = [has(x) for x, _ in pairs]
        b = [has(y) for _, y in pairs]
        if not any(a) and not any(b):
            continue
        both = sum(x and y for x, y in zip(a, b))
        p = f"{both / sum(b):.2f}" if sum(b) else "  - "
        r = f"{both / sum(a):.2f}" if sum(a) else "  - "
        k = kappa(a, b)
        print(f"  {label:<18} {sum(a):>5} {sum(b):>5} {both:>5}  {p:>5} {r:>6} {'  - ' if k is None else f'{k:6.2f}'}")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", default="dev3,held3", help="dev3, held3 or both (default)")
    ap.add_argument("--domain", action="append", choices=DOMAINS)
    a = ap.parse_args(argv)
    halves = set(a.half.split(","))
    everything = []
    for domain in a.domain or DOMAINS:
        first = read(label_sample.label_path(domain, 3))
        second = read(label_sample.second_opinion_path(domain))
        if [r["row"] for r in first] != [r["row"] for r in second]:
            print(f"label_agreement: {domain}: round3/ and iaa/ do not hold the same rows", file=sys.stderr)
            return 1
        pairs = [(x, y) for x, y in zip(first, second) if x["half"] in halves]
        report(domain, pairs)
        everything += pairs
    if len(a.domain or DOMAINS) > 1:
        report("all domains", everything)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

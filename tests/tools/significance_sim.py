#!/usr/bin/env python3
"""How often `fbkit stats --compare` calls a change significant: a seeded simulation.

    significance_sim.py FBKIT [--report]

Null: 200 groups, each a pair of months drawn from the same distributions (400
answers a month, five score dimensions, NPS, status), so every change is noise.
Nine metrics are compared (five means, csat, low_rate, nps, closure_rate).
  - per test: the share of tests with p < 0.05 must be within 3-7% (a test
    that is right at its level);
  - with --fdr-family period (one Benjamini-Hochberg family per group and month
    across the metrics) at most 7% of the months may show any flag; the per-metric
    family's figure is printed beside it (it is expected to be higher).
Power: 200 groups whose CSAT falls from 80% to 75% at 2,000 answers a month:
the csat change must be flagged in at least 90% of them, under either family.

The data come from random.Random(SEED) and (SEED + 1), so the figures are the same on every
run; the bounds are the ones issue #21 states. Exits 1 naming the figure that is
out of bounds.
"""
import csv
import io
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

SEED = 20251204
GROUPS = 200
REPORTS = 10  # months of the power set also run through fbkit report
DIMS = ["score_overall", "score_attitude", "score_speed", "score_expertise", "score_resolution"]
SCORE_P = [0.05, 0.07, 0.08, 0.35, 0.45]  # P(1..5): csat 80%
NPS_P = [0.02, 0.01, 0.02, 0.03, 0.03, 0.05, 0.08, 0.14, 0.2, 0.2, 0.22]  # P(0..10)


def draw(rng, probs, values):
    return rng.choices(values, weights=probs, k=1)[0]


def null_rows(rng, n):
    yield ["received_at", "product", *DIMS, "nps_score", "status"]
    for g in range(GROUPS):
        for month in (1, 2):
            for i in range(n):
                day = i % 28 + 1
                scores = [draw(rng, SCORE_P, range(1, 6)) for _ in DIMS]
                status = "closed" if rng.random() < 0.85 else "in_progress"
                yield [f"2025-{month:02d}-{day:02d}T10:00:00", f"g{g:03d}", *scores,
                       draw(rng, NPS_P, range(0, 11)), status]


def power_rows(rng, n):
    yield ["received_at", "product", "score_overall"]
    for g in range(GROUPS):
        for month, satisfied in ((1, 0.80), (2, 0.75)):
            for i in range(n):
                day = i % 28 + 1
                if rng.random() < satisfied:
                    score = 4 if rng.random() < 0.45 else 5
                else:
                    score = rng.choice([1, 2, 3])
                yield [f"2025-{month:02d}-{day:02d}T10:00:00", f"g{g:03d}", score]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def changes(fbkit, path, *args):
    cmd = [fbkit, "stats", str(path), "--by", "product", "--period", "month", "--compare", "--format", "csv", *args]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    # The metrics table comes first, then a blank line, then the changes table.
    tables = out.split("\n\n")
    rows = list(csv.DictReader(io.StringIO(tables[-1])))
    return [r for r in rows if r["basis"] == "prev" and r["period"] == "2025-02"]


def main():
    fbkit = sys.argv[1]
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        null_csv = Path(tmp) / "null.csv"
        write(null_csv, null_rows(random.Random(SEED), 400))
        by_metric = changes(fbkit, null_csv)
        tested = [r for r in by_metric if r["p_value"]]
        metrics = sorted({r["metric"] for r in tested})
        rate = sum(float(r["p_value"]) < 0.05 for r in tested) / len(tested)
        flagged_metric = {r["product"] for r in by_metric if r["significant"] == "true"}
        by_period = changes(fbkit, null_csv, "--fdr-family", "period")
        flagged_period = {r["product"] for r in by_period if r["significant"] == "true"}
        print(f"null: {len(tested)} tests over {len(metrics)} metrics ({', '.join(metrics)})")
        print(f"null: per-test rate of p < 0.05: {rate:.3f} (bounds 0.03-0.07)")
        print(f"null: months with any flag, family period: {len(flagged_period) / GROUPS:.3f} (at most 0.07); "
              f"family metric: {len(flagged_metric) / GROUPS:.3f}")
        if len(metrics) != 9:
            failed.append(f"expected 9 compared metrics, got {len(metrics)}")
        if not 0.03 <= rate <= 0.07:
            failed.append(f"per-test false-positive rate {rate:.3f} outside 0.03-0.07")
        if len(flagged_period) / GROUPS > 0.07:
            failed.append(f"{len(flagged_period)} of {GROUPS} null months flagged under the period family")

        power_csv = Path(tmp) / "power.csv"
        write(power_csv, power_rows(random.Random(SEED + 1), 2000))
        verdicts = {}
        for family in ("metric", "period"):
            rows = [r for r in changes(fbkit, power_csv, "--fdr-family", family) if r["metric"] == "csat"]
            hit = sum(r["significant"] == "true" for r in rows) / GROUPS
            print(f"power: csat 80% -> 75% at n = 2000 flagged in {hit:.3f} of months, family {family} (at least 0.90)")
            if hit < 0.90:
                failed.append(f"power {hit:.3f} < 0.90 under the {family} family")
            verdicts[family] = {r["product"]: r["significant"] == "true" for r in rows}
        # The report's verdict on a month is stats' with the period family: the first
        # REPORTS groups, each as its own export, must get the same verdict in the report.
        agree = report_flags = 0
        for g in range(REPORTS):
            one = Path(tmp) / f"g{g:03d}.csv"
            with open(power_csv, encoding="utf-8") as f:
                write(one, (r for i, r in enumerate(csv.reader(f)) if i == 0 or r[1] == f"g{g:03d}"))
            out = subprocess.run([fbkit, "report", str(one), "--format", "json", "--period", "2025-02", "--as-of",
                                  "2025-03-01T00:00:00"], capture_output=True, text=True)
            flagged = json.loads(out.stdout)["satisfaction"]["csat"]["significant"] is True
            report_flags += flagged
            agree += flagged == verdicts["period"][f"g{g:03d}"]
        print(f"report: csat flagged in {report_flags} of {REPORTS} monthly reports; "
              f"{agree} of {REPORTS} agree with stats --fdr-family period")
        if agree != REPORTS:
            failed.append(f"the report's verdict differs from stats' in {REPORTS - agree} of {REPORTS} months")
    for f in failed:
        print(f"significance_sim.py: {f}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

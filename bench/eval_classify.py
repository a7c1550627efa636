#!/usr/bin/env python3
"""Precision and recall of `fbkit classify` against hand-labelled rows.

usage:
  eval_classify.py FBKIT [--labels FILE ...] [--min-precision P] [--errors N]
                   [--show-errors] [-- CLASSIFY_ARGS ...]
  eval_classify.py --draw-sample [--data DIR]     # the row numbers of the sample
  eval_classify.py --check-sample [--data DIR]    # fixtures == source rows?

For each label file (default: tests/fixtures/classify/labels_waimai.csv and
labels_womens.csv) it writes canonical CSV (feedback_id,text,text_title), runs
`FBKIT classify` on it (extra arguments after `--` go to classify, e.g.
`-- --rules my.yaml`), and prints per category precision, recall, F1, support
(labelled rows) and predicted rows, overall category and issue accuracy, and
the most frequent confusions (labelled -> predicted). "lenient" counts a
prediction as right when it is the primary label or one listed in `also`.
With --min-precision P it exits 1 when a category predicted for at least one
row of a set has a (strict) precision below P; `other`, the fallback when no
rule fires (its precision measures coverage, not a judgement), is reported but
not gated unless --gate-other. Standard library only.

The sample (--draw-sample): waimai_10k.csv, 300 rows, stratified by label
(largest-remainder allocation: 100 positive, 200 negative); and
womens_clothing_reviews.csv, 100 rows among those with a non-empty Review Text,
stratified by Rating (54/23/13/7/3 for 5..1). Within each stratum
random.Random(20261129).sample (one generator, strata in sorted order), rows
sorted by number. `row` is the 1-based data record number of the source file
(header excluded; for waimai also the line number minus one, for womens the
first column plus one). A second, held-out sample (labels_*_holdout.csv: 60
waimai rows, 20 positive and 40 negative, and 40 womens rows, 22/9/5/3/1 for
5..1) is drawn the same way with random.Random(20261130) from the rows not in
the first; it was labelled after the default pack had been tuned on the first
sample, to estimate how the figures carry over (pass it with --labels).

Labelling guide (each row was read and labelled by hand without looking at
the classifier's output; `category` follows from `issue`):
- One primary label: the main complaint. Other issues of the same text go to
  `also` (;-separated). A review with any real complaint is not praise, even
  when mostly positive; a neutral fit note ("runs large, I sized down"), a
  minimised aside or praise with a worry is still praise (complaint in `also`).
- quality/product_quality: taste, freshness, temperature of the food itself
  when delivery is not blamed, hygiene (hair, stones, diarrhoea), cooking;
  clothes: material, construction, durability, colour or look differing from
  the photo, design details (neckline, buttons, elastic), an unflattering cut
  named without a dimension. "X 一般" about a dish is product_quality.
- quality/portion_size: too little food or a dish missing its main ingredient
  ("辣牛肉里面没有牛肉"); clothes: size and dimensions (too big, small, long,
  short, tight, loose, boxy, runs large or small, armholes, sleeves).
- quality/dissatisfied: negative with no concrete problem ("最差餐厅", "垃圾").
- service/logistics_delay: late delivery, wrong delivery time (also early),
  food gone cold *because* of the wait, courier makes the customer wait or come
  down. logistics_damage: spilled or crushed in transit. order_error: wrong or
  missing items, missing cutlery or sauce, notes ignored ("说了不要辣"), items
  out of stock after ordering. service_attitude: rude, lazy, dishonest staff or
  courier. response_speed: phone unanswered, late notice.
- process/returns_refund: refund or return refused or slow (a return because
  of fit is the fit problem, not this). process_friction: order cancelled,
  could not cancel, wrong order status, order split. account_payment: billing:
  invoice (发票) not given, discount not applied, paid several times.
- market/price_value: too expensive, not worth it, fees, asks for a bigger
  discount. competitor: names another shop or platform as better.
- suggestion/feature_request: an explicit wish or request ("希望", "I wish",
  "more colours please", "no pockets") when no complaint outranks it.
- praise: positive, no complaint. other: nothing classifiable (neutral remark,
  the customer's own mistake).
"""
import argparse, collections, csv, io, os, random, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(HERE)
FIXTURES = os.path.join(SOURCE, "tests", "fixtures", "classify")
CATEGORIES = ["quality", "service", "process", "market", "suggestion", "praise", "other"]
ISSUES = {  # the taxonomy of the default pack (config/classify.yaml)
    "quality": "product_fault product_quality portion_size dissatisfied",
    "service": "service_attitude response_speed logistics_delay logistics_damage order_error",
    "process": "returns_refund process_friction account_payment",
    "market": "price_value competitor",
    "suggestion": "feature_request", "praise": "praise", "other": "other"}
CATEGORY_OF = {i: c for c, issues in ISSUES.items() for i in issues.split()}
SEED = 20261129
HOLDOUT_SEED = 20261130


def shared_dir(arg):
    return arg or os.environ.get("FBKIT_SHARED", os.path.join(SOURCE, "..", "shared"))


def largest_remainder(sizes, n):
    total = sum(sizes.values())
    quota = {k: n * v / total for k, v in sizes.items()}
    alloc = {k: int(q) for k, q in quota.items()}
    for k in sorted(quota, key=lambda k: (-(quota[k] - alloc[k]), k))[: n - sum(alloc.values())]:
        alloc[k] += 1
    return alloc


def stratified(records, stratum, n, seed):
    rng = random.Random(seed)
    groups = {}
    for row, rec in records:
        groups.setdefault(stratum(rec), []).append((row, rec))
    alloc = largest_remainder({g: len(v) for g, v in groups.items()}, n)
    picked = []
    for g in sorted(groups):
        picked += rng.sample(groups[g], alloc[g])
    return sorted(picked, key=lambda p: p[0])


def draw(data_dir):
    """{set: [(row, text, title, source_label)]} drawn from the source files."""
    with open(os.path.join(data_dir, "waimai_10k.csv"), encoding="utf-8", newline="") as f:
        wrecs = list(enumerate(list(csv.reader(f))[1:], 1))
    with open(os.path.join(data_dir, "womens_clothing_reviews.csv"), encoding="utf-8", newline="") as f:
        mrecs = [(i, r) for i, r in enumerate(list(csv.reader(f))[1:], 1) if r[4].strip()]
    out = {}
    for suffix, seed, nw, nm in (("", SEED, 300, 100), ("_holdout", HOLDOUT_SEED, 60, 40)):
        taken_w = {row for name, rows in out.items() if name.startswith("waimai") for row, *_ in rows}
        out["waimai" + suffix] = [(row, r[1], "", r[0]) for row, r in
                                  stratified([x for x in wrecs if x[0] not in taken_w], lambda r: r[0], nw, seed)]
        taken_m = {row for name, rows in out.items() if name.startswith("womens") for row, *_ in rows}
        out["womens" + suffix] = [(row, r[4], r[3], r[5]) for row, r in
                                  stratified([x for x in mrecs if x[0] not in taken_m], lambda r: r[5], nm, seed)]
    return out


def read_labels(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        for key in ("row", "text", "category", "issue"):
            if not r.get(key):
                sys.exit(f"{path}: row {r.get('row')}: empty {key}")
        if CATEGORY_OF.get(r["issue"]) != r["category"]:
            sys.exit(f"{path}: row {r['row']}: issue {r['issue']} is not of category {r['category']}")
        r["also"] = [a for a in (r.get("also") or "").split(";") if a]
        for a in r["also"]:
            if a not in CATEGORY_OF:
                sys.exit(f"{path}: row {r['row']}: unknown issue {a} in also")
    return rows


def classify(fbkit, rows, extra):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["feedback_id", "text", "text_title"])
    for r in rows:
        w.writerow([f"r{r['row']}", r["text"], r.get("title", "")])
    out = subprocess.run([fbkit, "classify", *extra], input=buf.getvalue().encode(), capture_output=True)
    if out.returncode != 0:
        sys.exit(f"{fbkit} classify failed ({out.returncode}): {out.stderr.decode()[:2000]}")
    got = list(csv.DictReader(io.StringIO(out.stdout.decode())))
    if [g["feedback_id"] for g in got] != [f"r{r['row']}" for r in rows]:
        sys.exit("classify output rows do not match the input rows")
    return got


def pct(x):
    return "    -" if x is None else f"{x:5.2f}"


def evaluate(name, rows, got, args, out):
    gold = [r["category"] for r in rows]
    pred = [g["category"] for g in got]
    also_cats = [{CATEGORY_OF[a] for a in r["also"]} for r in rows]
    n = len(rows)
    print(f"== {name}: {n} labelled rows", file=out)
    print(f"{'category':<11} {'prec':>5} {'recall':>6} {'F1':>5} {'support':>7} {'predicted':>9}", file=out)
    low = []
    for c in CATEGORIES:
        tp = sum(g == c and p == c for g, p in zip(gold, pred))
        support = gold.count(c)
        predicted = pred.count(c)
        if support == 0 and predicted == 0:
            continue
        prec = tp / predicted if predicted else None
        rec = tp / support if support else None
        f1 = 2 * prec * rec / (prec + rec) if prec and rec else (0.0 if prec is not None and rec is not None else None)
        print(f"{c:<11} {pct(prec)} {pct(rec):>6} {pct(f1)} {support:>7} {predicted:>9}", file=out)
        if args.min_precision is not None and prec is not None and prec < args.min_precision \
                and (c != "other" or args.gate_other):
            low.append(f"{name}/{c} {prec:.2f}")
    acc = sum(g == p for g, p in zip(gold, pred)) / n
    lenient = sum(g == p or p in a for g, p, a in zip(gold, pred, also_cats)) / n
    iss = sum(r["issue"] == g["issue"] for r, g in zip(rows, got)) / n
    iss_len = sum(r["issue"] == g["issue"] or g["issue"] in r["also"] for r, g in zip(rows, got)) / n
    print(f"category accuracy {acc:.1%} (lenient {lenient:.1%}); issue accuracy {iss:.1%} (lenient {iss_len:.1%})",
          file=out)
    conf = collections.Counter((g, p) for g, p in zip(gold, pred) if g != p)
    if conf and args.errors:
        print("most frequent category errors (labelled -> predicted):", file=out)
        for (g, p), k in sorted(conf.items(), key=lambda x: (-x[1], x[0]))[: args.errors]:
            print(f"  {k:3d}  {g} -> {p}", file=out)
    iconf = collections.Counter((r["issue"], g["issue"]) for r, g in zip(rows, got) if r["issue"] != g["issue"])
    if iconf and args.errors:
        print("most frequent issue errors (labelled -> predicted):", file=out)
        for (g, p), k in sorted(iconf.items(), key=lambda x: (-x[1], x[0]))[: args.errors]:
            print(f"  {k:3d}  {g} -> {p}", file=out)
    if args.show_errors:
        for r, g in zip(rows, got):
            if r["category"] != g["category"] or (args.show_errors == "issue" and r["issue"] != g["issue"]):
                text = " ".join((r.get("title", "") + " | " + r["text"]).split()) if r.get("title") else r["text"]
                print(f"  row {r['row']}: {r['issue']} -> {g['issue']} [{g['matched_rules']}] {text[:160]}", file=out)
    return low


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fbkit", nargs="?")
    ap.add_argument("--labels", nargs="+")
    ap.add_argument("--min-precision", type=float)
    ap.add_argument("--errors", type=int, default=8, help="confusions to list per set (0: none)")
    ap.add_argument("--show-errors", nargs="?", const="category", choices=["category", "issue"],
                    help="print every misclassified row (category, or also issue errors)")
    ap.add_argument("--gate-other", action="store_true",
                    help="apply --min-precision to other (the fallback) too")
    ap.add_argument("--draw-sample", action="store_true")
    ap.add_argument("--check-sample", action="store_true")
    ap.add_argument("--data", help="folder of the source data (default $FBKIT_SHARED/data)")
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1:] if "--" in argv else []
    args = ap.parse_args(argv[: len(argv) - len(extra) - (1 if "--" in argv else 0)])
    args.extra = extra
    if args.draw_sample or args.check_sample:
        data = args.data or os.path.join(shared_dir(None), "data")
        if not os.path.isdir(data):
            print(f"SKIP: no {data}"); sys.exit(77)
        sample = draw(data)
        if args.draw_sample:
            w = csv.writer(sys.stdout, lineterminator="\n")
            w.writerow(["set", "row", "text", "title", "source_label"])
            for name, rows in sample.items():
                for row in rows:
                    w.writerow([name, *row])
            return 0
        bad = 0
        for name, rows in sample.items():
            labelled = read_labels(os.path.join(FIXTURES, f"labels_{name}.csv"))
            want = [(str(row), text, title) for row, text, title, _ in rows]
            have = [(r["row"], r["text"], r.get("title", "")) for r in labelled]
            ok = want == have
            bad += not ok
            print(f"{name}: {len(have)} labelled rows {'match' if ok else 'DO NOT match'} the drawn sample")
        return 1 if bad else 0
    if not args.fbkit:
        ap.error("FBKIT is required")
    paths = args.labels or [os.path.join(FIXTURES, f) for f in ("labels_waimai.csv", "labels_womens.csv")]
    low = []
    for path in paths:
        rows = read_labels(path)
        got = classify(args.fbkit, rows, args.extra)
        name = os.path.basename(path).removeprefix("labels_").removesuffix(".csv")
        low += evaluate(name, rows, got, args, sys.stdout)
    if args.min_precision is not None:
        if low:
            print(f"FAIL: precision below {args.min_precision:.2f}: {', '.join(low)}")
            return 1
        print(f"OK: every predicted category{'' if args.gate_other else ' except other'} has precision"
              f" >= {args.min_precision:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

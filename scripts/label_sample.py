#!/usr/bin/env python3
"""The hand-labelled samples of issue #17 (tests/data/labels/): which rows, and their texts.

    label_sample.py DATA_DIR DOMAIN [--round K]
                                               print the sample as CSV: source,row,text_sha1,half,text
    label_sample.py DATA_DIR DOMAIN --check    check tests/data/labels/DOMAIN.csv (and round2/, round3/
                                               DOMAIN.csv when they exist) against the data (same rows, same halves,
                                               same text_sha1); exit 1 if not
    label_sample.py --check-all [DATA_DIR]     check every domain (and the second opinion on round 3,
                                               tests/data/labels/iaa/), and that each label file holds
                                               known values only; exit 77 (skipped) without the data
                                               (DATA_DIR default: $FBKIT_SHARED/data)

DOMAIN is shampoo, dairy or clothing (evaluation), or tablets, fruit, books or food (training). DATA_DIR is ../shared/data (never copied into the
repository: the label files hold row references only).

The rule (tests/data/labels/README.md): a domain's candidate rows are the data rows of its
file (0-based, header excluded, as Python's csv module reads them) that belong to it; they are
sorted by sha1("DOMAIN:ROW") (hex digest, UTF-8) and the first 200 are taken. In that order,
positions 0, 2, 4, ... are the dev half and 1, 3, 5, ... the held half.

The training domains (tablets, fruit, books: os10 categories no eval sample is drawn from)
take 400 rows a round, labelled in tests/data/labels/train/DOMAIN.csv, for training and tuning.

Round 2 (labelled later, blind, once round 1's held half had been measured and so was spent)
takes the next 200 rows of the same order, positions 200 to 399: even positions are `dev2`,
odd ones `held2`. Its labels are in tests/data/labels/round2/DOMAIN.csv.

The training domains (and food, waimai_10k's reviews, from 2026-12-06) take more rounds
of 400 for bulk training data: round K is positions (K-1)*400 to K*400 - 1, halves devK /
heldK, in tests/data/labels/train/roundK/DOMAIN.csv (round 1 in train/DOMAIN.csv), up to
round 6.

Round 3 (2026-12-06, once held2 had been measured) takes positions 400 to 599 the same way:
`dev3` and `held3`, in tests/data/labels/round3/DOMAIN.csv.
Round 4 (2026-12-06, once held3 had been measured) takes positions 600 to 799: `dev4` and
`held4`, in tests/data/labels/round4/DOMAIN.csv.
Round 5 (2026-12-06, third session, while held4 was still unread) takes positions 800 to 999:
`dev5` and `held5`, in tests/data/labels/round5/DOMAIN.csv.
Round 6 (2026-12-06, fourth session, once held5 had been measured) takes positions 1000 to
1199: `dev6` and `held6`, in tests/data/labels/round6/DOMAIN.csv (shampoo and dairy; the
clothing file's 1,000 rows were all used by rounds 1-5).
Round 7 (2026-12-06, fifth session, once held6 had been measured) takes positions 1200 to
1399: `dev7` and `held7`, in tests/data/labels/round7/DOMAIN.csv (shampoo and dairy).
Round 8 (2026-12-06, sixth session, while held7 was still unread) takes positions 1400 to
1599: `dev8` and `held8`, in tests/data/labels/round8/DOMAIN.csv (shampoo and dairy).
Round 9 (2026-12-07, seventh session, while held8 was still unread) takes positions 1600 to
1799: `dev9` and `held9`, in tests/data/labels/round9/DOMAIN.csv (shampoo and dairy).
Round 10 (2026-12-07, seventh session, once held8 had been measured) takes positions 1800 to
1999: `dev10` and `held10`, in tests/data/labels/round10/DOMAIN.csv (shampoo and dairy; dairy
has 2,033 rows, so this is its last full round).
Round 11 (2026-12-07, ninth session, while held10 was still unread) takes positions 2000 to
2199: `dev11` and `held11`, in tests/data/labels/round11/DOMAIN.csv (shampoo only: dairy's
rows ran out after round 10).
Round 12 (2026-12-07, tenth session, while held11 was still unread) takes positions 2200 to
2399: `dev12` and `held12`, in tests/data/labels/round12/DOMAIN.csv (shampoo only).
Round 13 (2026-12-07, eleventh session, while held12 was still unread) takes positions 2400 to
2599: `dev13` and `held13`, in tests/data/labels/round13/DOMAIN.csv (shampoo only).
Round 14 (2026-12-07, twelfth session, after held13 was measured) takes positions 2600 to
2799: `dev14` and `held14`, in tests/data/labels/round14/DOMAIN.csv (shampoo only).
Round 15 (2026-12-08, fifteenth session, after held14 was measured) takes positions 2800 to
2999: `dev15` and `held15`, in tests/data/labels/round15/DOMAIN.csv (shampoo only).
Round 16 (2026-12-08, fifteenth session, while held15 was still unread) takes positions 3000 to
3199: `dev16` and `held16`, in tests/data/labels/round16/DOMAIN.csv (shampoo only).
"""
import csv
import functools
import hashlib
import os
import pathlib
import sys

SAMPLE_SIZE = 200

DOMAINS = {
    # domain: (file, os10 category or None)
    "shampoo": ("os10_train.csv", "洗发水"),
    "dairy": ("os10_train.csv", "蒙牛"),
    "clothing": ("womens_clothing_reviews.csv", None),
    # training domains (tests/data/labels/train/): labelled to train and tune on, never
    # measured as held-out text of a domain nobody tuned on
    "tablets": ("os10_train.csv", "平板"),
    "fruit": ("os10_train.csv", "水果"),
    "books": ("os10_train.csv", "书籍"),
    # food delivery (waimai_10k.csv, text = review): a training domain from 2026-12-06
    "food": ("waimai_10k.csv", "*review"),
}
EVAL_DOMAINS = ("shampoo", "dairy", "clothing")
TRAIN_SAMPLE_SIZE = 400


def sha1(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def clothing_text(title, review):
    """Title and Review Text as one text: a '. ' between them unless the title ends a sentence."""
    title, review = title.strip(), review.strip()
    if title and review:
        sep = " " if title[-1] in ".!?" else ". "
        return title + sep + review
    return title or review


@functools.lru_cache(maxsize=None)
def data_records(path):
    """The data rows of a data file (header excluded), read once per run: six domains share os10_train.csv."""
    with open(path, encoding="utf-8", newline="") as f:
        return tuple(csv.reader(f))[1:]


def domain_rows(data_dir, domain):
    """Every candidate row of DOMAIN as (row, text)."""
    name, cat = DOMAINS[domain]
    records = data_records(str(pathlib.Path(data_dir) / name))
    if cat == "*review":  # waimai_10k.csv: label, review (every row)
        return [(i, r[1]) for i, r in enumerate(records)]
    if cat is not None:
        return [(i, r[2]) for i, r in enumerate(records) if r[0] == cat]
    return [(i, clothing_text(r[3], r[4])) for i, r in enumerate(records)]


ROUNDS = {1: ("", "dev", "held"), 2: ("round2/", "dev2", "held2"), 3: ("round3/", "dev3", "held3")}
# The training domains are labelled in more rounds (bulk training data for a learned issue
# model and for rule writers): round K is positions (K-1)*400 to K*400 - 1, in train/roundK/.
ROUNDS.update({k: (f"round{k}/", f"dev{k}", f"held{k}") for k in range(4, 17)})
# The last round a domain has: the clothing reviews ran out of unlabelled rows after round 5
# (their 1,000 rows: 5 x 200), so rounds 6 to 10 are shampoo and dairy only; dairy's 2,033
# after round 10 (10 x 200), so rounds 11 to 16 are shampoo's alone.
LAST_ROUND = {"clothing": 5, "dairy": 10}
# The held halves not measured yet: for a final measurement only (eval_labels.py and
# issue_model_experiment.py refuse them without --final). held8 was measured once at the end
# of the seventh session (2026-12-07), held9 (round 9) once at the end of the eighth, held10
# (round 10) once at the end of the ninth, held11 (round 11) once at the end of the tenth and
# held12 (round 12) once at the end of the eleventh, held13 (round 13, shampoo's alone) once
# in the twelfth (2026-12-07, after the twenty-first pass and its review) and held14 (round 14,
# labelled blind in the twelfth session) once in the thirteenth (after the twenty-second pass and
# its review); held15 and held16 (rounds 15 and 16, labelled blind in the fifteenth session)
# together once at its end (2026-12-08, after the twenty-fourth and twenty-fifth passes and
# their review); all are tuning data since. A new round's held half goes here until it is
# measured; its labeller's hard cases are kept apart (roundN/DOMAIN.heldN-cases.md): a rule
# writer reads none of them before then.
UNREAD = ()


def has_round(domain, rnd):
    """Whether DOMAIN was labelled in round RND at all (not: whether its file is here)."""
    return rnd <= LAST_ROUND.get(domain, max(ROUNDS))


def label_path(domain, rnd=1):
    folder = ROUNDS[rnd][0] if domain in EVAL_DOMAINS else f"train/{ROUNDS[rnd][0]}"
    return pathlib.Path(__file__).resolve().parent.parent / "tests/data/labels" / f"{folder}{domain}.csv"


def sample(data_dir, domain, rnd=1):
    """Round RND's sample as dicts source,row,text_sha1,half,text, in hash order."""
    rows = sorted(domain_rows(data_dir, domain), key=lambda rt: sha1(f"{domain}:{rt[0]}"))
    size = SAMPLE_SIZE if domain in EVAL_DOMAINS else TRAIN_SAMPLE_SIZE
    first = (rnd - 1) * size
    _folder, even, odd = ROUNDS[rnd]
    out = []
    for pos, (row, text) in enumerate(rows[first:first + size]):
        out.append({"source": DOMAINS[domain][0], "row": row, "text_sha1": sha1(text),
                    "half": even if pos % 2 == 0 else odd, "text": text})
    return out


def check(data_dir, domain, rnd=1, path=None):
    want = sample(data_dir, domain, rnd)
    path = path or label_path(domain, rnd)
    with open(path, encoding="utf-8", newline="") as f:
        have = list(csv.DictReader(f))
    bad = 0
    if len(have) != len(want):
        print(f"{path}: {len(have)} rows, the rule gives {len(want)}")
        bad += 1
    for h, w in zip(have, want):
        for key in ("source", "row", "text_sha1", "half"):
            if h[key] != str(w[key]):
                print(f"{path}: row {h['row']}: {key} is {h[key]}, the rule gives {w[key]}")
                bad += 1
    return 1 if bad else 0


LABEL_VALUES = {
    "sentiment": {"positive", "negative", "neutral", "mixed"},
    "issues": {"product_fault", "product_quality", "portion_size", "dissatisfied",
               "service_attitude", "response_speed", "logistics_delay", "logistics_damage",
               "order_error", "returns_refund", "process_friction", "account_payment",
               "price_value", "competitor", "feature_request"},
    "praise": {"quality", "effect", "taste", "price_value", "logistics", "service", "packaging",
               "fit", "appearance", "comfort"},
    "urgent": {"yes", "no"},
    "no_text": {"yes", "no"},
}


def check_values(domain, rnd=1, path=None):
    path = path or label_path(domain, rnd)
    bad = 0
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            for key, allowed in LABEL_VALUES.items():
                values = r[key].split(";") if key in ("issues", "praise") else [r[key]]
                for v in (v for v in values if v or key not in ("issues", "praise")):
                    if v not in allowed:
                        print(f"{path}: row {r['row']}: {key} '{v}' is not one of the vocabulary")
                        bad += 1
    return bad


def second_opinion_path(domain):
    """Round 3 labelled again by a second labeller (scripts/label_agreement.py)."""
    return pathlib.Path(__file__).resolve().parent.parent / "tests/data/labels/iaa" / f"{domain}.csv"


def check_all(data_dir):
    if not (pathlib.Path(data_dir) / "os10_train.csv").is_file():
        print(f"label_sample: {data_dir}: no os10_train.csv; skipped")
        return 77
    bad = sum(check(data_dir, d, r) + check_values(d, r)
              for d in DOMAINS for r in ROUNDS if label_path(d, r).is_file())
    for d in EVAL_DOMAINS:
        path = second_opinion_path(d)
        if path.is_file():
            bad += check(data_dir, d, 3, path) + check_values(d, 3, path)
    return 1 if bad else 0


def main(argv):
    if len(argv) > 1 and argv[1] == "--check-all":
        shared = os.environ.get("FBKIT_SHARED", str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
        return check_all(argv[2] if len(argv) > 2 else str(pathlib.Path(shared) / "data"))
    if len(argv) < 3 or argv[2] not in DOMAINS:
        print(__doc__, file=sys.stderr)
        return 2
    if len(argv) > 3 and argv[3] == "--check":
        return sum(check(argv[1], argv[2], r) for r in ROUNDS if label_path(argv[2], r).is_file())
    rnd = int(argv[4]) if len(argv) > 4 and argv[3] == "--round" else 1
    if rnd not in ROUNDS:
        print(__doc__, file=sys.stderr)
        return 2
    if not has_round(argv[2], rnd):
        print(f"label_sample: {argv[2]} has no round {rnd}: its rows ran out (LAST_ROUND)", file=sys.stderr)
        return 2
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["source", "row", "text_sha1", "half", "text"])
    for s in sample(argv[1], argv[2], rnd):
        w.writerow([s["source"], s["row"], s["text_sha1"], s["half"], s["text"]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

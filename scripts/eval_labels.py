#!/usr/bin/env python3
"""fbkit classify against the blind hand labels of tests/data/labels/ (issue #17, section 3).

    eval_labels.py --fbkit BIN --half dev[,held,dev2,held2,dev3] [DATA_DIR] [options] [-- CLASSIFY_ARGS...]

DATA_DIR is ../shared/data (default: $FBKIT_SHARED/data, else ../shared/data next to the
repository). For each
domain (shampoo, dairy, clothing) the script rebuilds the labelled texts from the data files
with the sampling rule of scripts/label_sample.py, checks each against its text_sha1, writes
the rows of the chosen half as canonical CSV `feedback_id,text` (plus `score_overall` with
--with-score) to a temporary folder and runs `BIN classify` on it (with --multi unless
--single; CLASSIFY_ARGS after `--` are passed on, e.g. `-- --rules my.yaml`). It prints per
domain and for the three together:

- sentiment: exact agreement with the label (four classes; fbkit's neutral for a mixed label
  is a miss), agreement when a `mixed` label accepts positive, negative or mixed, and the
  confusion counts;
- precision and recall of every problem issue of the base taxonomy (a row's predicted issues
  are fbkit's `issue` column, ';'-separated; the issue of a domain pack counts as the base
  issue it renames (`base`) or is a kind of (`like`), config/packs/*.yaml; other ids outside
  the taxonomy are counted apart);
- praise: a row is predicted praise when fbkit's category or issue is `praise` or an output
  column whose name starts with `praise` (an aspect column) is non-empty; labelled praise is a
  non-empty `praise` label;
- urgent (`urgency` = urgent) and no_text (an output column `no_text` that is yes/true/1, or
  the value `no_text` in category, issue or sentiment).

Round 1's held half and the held2 ... held16 halves of rounds 2-16 were each measured once at
earlier stops and are now tuning data like dev (tests/data/labels/README.md); a new round's held
half is for the final measurement only: the halves of label_sample.UNREAD (none now) are refused
without `--final`. Scores: os10 label 1 -> 5, 0 -> 1; clothing Rating as given.
Exit 0, or 1 when a data file changed (a text_sha1 differs) or fbkit fails.
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
import label_sample  # noqa: E402  (the sampling rule and the texts)

ROOT = pathlib.Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests/data/labels"
ISSUES = ["product_fault", "product_quality", "portion_size", "dissatisfied", "service_attitude",
          "response_speed", "logistics_delay", "logistics_damage", "order_error",
          "returns_refund", "process_friction", "account_payment", "price_value", "competitor",
          "feature_request"]
SENTIMENTS = ["positive", "negative", "neutral", "mixed"]


def pack_issues():
    """Issue id of a domain pack -> the base issue it renames or is like (config/packs/*.yaml)."""
    import yaml  # PyYAML (Debian python3-yaml)
    out = {}
    for path in sorted((ROOT / "config/packs").glob("*.yaml")):
        for i in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("issues") or []:
            if i.get("base") or i.get("like"):
                out.setdefault(str(i["id"]), str(i.get("base") or i.get("like")))
    return out


PACK_ISSUES = pack_issues()


def split(value):
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def scores(data_dir, domain):
    """row -> score_overall text of DOMAIN's file."""
    name, _cat = label_sample.DOMAINS[domain]
    with open(pathlib.Path(data_dir) / name, encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))[1:]
    if domain == "clothing":
        return {i: r[5] for i, r in enumerate(records)}
    return {i: ("5" if r[1] == "1" else "1") for i, r in enumerate(records)}


HALVES = {h: rnd for rnd, (_folder, even, odd) in label_sample.ROUNDS.items() for h in (even, odd)}


def load(data_dir, domain, halves):
    """The labelled rows of HALVES with their texts (none of a round the domain never had, with a
    note); exits 1 when a text changed or a label file of a round the domain had is missing."""
    texts, labels = {}, []
    for rnd in sorted({HALVES[h] for h in halves}):
        if not label_sample.has_round(domain, rnd):
            print(f"eval_labels: {domain} has no round {rnd} (label_sample.LAST_ROUND); its halves "
                  f"{', '.join(h for h in halves if HALVES[h] == rnd)} skipped", file=sys.stderr)
            continue
        texts.update({s["row"]: s["text"] for s in label_sample.sample(data_dir, domain, rnd)})
        path = label_sample.label_path(domain, rnd)
        if not path.is_file():
            print(f"eval_labels: {path}: no such label file", file=sys.stderr)
            sys.exit(1)
        with open(path, encoding="utf-8", newline="") as f:
            labels += [r for r in csv.DictReader(f) if r["half"] in halves]
    bad = 0
    for r in labels:
        text = texts.get(int(r["row"]))
        if text is None or label_sample.sha1(text) != r["text_sha1"]:
            print(f"eval_labels: {domain}: row {r['row']} of {r['source']} is not the text "
                  "that was labelled (data file changed?)", file=sys.stderr)
            bad += 1
        r["text"] = text or ""
    if bad:
        sys.exit(1)
    return labels


def classify(fbkit, labels, score, tmp, domain, args):
    path = pathlib.Path(tmp) / f"{domain}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["feedback_id", "text"] + (["score_overall"] if score else []))
        for r in labels:
            w.writerow([f"{domain}-{r['row']}", r["text"]] + ([score[int(r["row"])]] if score else []))
    cmd = [fbkit, "classify"] + args + [str(path)]
    run = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if run.returncode not in (0, 3):
        print(f"eval_labels: {' '.join(cmd)}: exit {run.returncode}\n{run.stderr}", file=sys.stderr)
        sys.exit(1)
    out = {r["feedback_id"]: r for r in csv.DictReader(io.StringIO(run.stdout, newline=""))}
    for r in labels:
        r["out"] = out.get(f"{domain}-{r['row']}", {})


def predicted(out):
    """(sentiment, problem issues, other issue values, praise?, urgent?, no_text?) of a row."""
    cat = split(out.get("category"))
    issues = list(dict.fromkeys(PACK_ISSUES.get(i, i) for i in split(out.get("issue"))))
    praise = "praise" in cat or "praise" in issues or any(
        k.startswith("praise") and (v or "").strip() not in ("", "-", "none")
        for k, v in out.items() if k)
    nt_col = (out.get("no_text") or "").strip().lower() in ("yes", "true", "1")
    no_text = nt_col or "no_text" in cat + issues + [out.get("sentiment", "")]
    problems = [i for i in issues if i in ISSUES]
    others = [i for i in issues if i not in ISSUES and i not in ("praise", "other", "no_text")]
    return (out.get("sentiment", ""), problems, others, praise,
            out.get("urgency", "") == "urgent", no_text)


def pr(tp, npred, nlab):
    p = f"{tp / npred:.2f}" if npred else "  - "
    r = f"{tp / nlab:.2f}" if nlab else "  - "
    return p, r


def report(name, rows, show_errors):
    n = len(rows)
    print(f"\n== {name}: {n} rows")
    exact = lenient = 0
    confusion = {}
    for r in rows:
        s_lab, s_out = r["sentiment"], r["pred"][0]
        exact += s_lab == s_out
        lenient += s_lab == s_out or (s_lab == "mixed" and s_out in ("positive", "negative"))
        confusion[(s_lab, s_out)] = confusion.get((s_lab, s_out), 0) + 1
    print(f"sentiment agreement: {exact}/{n} = {exact / max(n, 1):.1%} exact; "
          f"{lenient}/{n} = {lenient / max(n, 1):.1%} when a mixed label accepts positive or negative")
    outs = sorted({k[1] for k in confusion})
    print("  label \\ fbkit  " + " ".join(f"{o or '(none)':>9}" for o in outs))
    for s in SENTIMENTS:
        print(f"  {s:<14} " + " ".join(f"{confusion.get((s, o), 0):>9}" for o in outs))

    print(f"  {'category':<18} {'labelled':>8} {'fbkit':>6} {'both':>5} {'prec':>5} {'recall':>6}")

    def line(label, lab, pred):
        tp = sum(1 for a, b in zip(lab, pred) if a and b)
        p, rc = pr(tp, sum(pred), sum(lab))
        if sum(lab) or sum(pred):
            print(f"  {label:<18} {sum(lab):>8} {sum(pred):>6} {tp:>5} {p:>5} {rc:>6}")

    for issue in ISSUES:
        line(issue, [issue in split(r["issues"]) for r in rows], [issue in r["pred"][1] for r in rows])
    line("any problem", [bool(split(r["issues"])) for r in rows], [bool(r["pred"][1]) for r in rows])
    line("praise", [bool(split(r["praise"])) for r in rows], [r["pred"][3] for r in rows])
    line("urgent", [r["urgent"] == "yes" for r in rows], [r["pred"][4] for r in rows])
    line("no_text", [r["no_text"] == "yes" for r in rows], [r["pred"][5] for r in rows])
    others = {}
    for r in rows:
        for o in r["pred"][2]:
            others[o] = others.get(o, 0) + 1
    if others:
        print("  issue values outside the base taxonomy (not scored): "
              + ", ".join(f"{k} {v}" for k, v in sorted(others.items())))
    if show_errors:
        for r in rows:
            s, probs, _o, praise, urgent, _nt = r["pred"]
            if (s != r["sentiment"] or set(probs) != set(split(r["issues"]))
                    or praise != bool(split(r["praise"]))):
                print(f"  [{r['domain']} {r['row']}] label {r['sentiment']}/{r['issues'] or '-'}"
                      f"/{'praise' if r['praise'] else '-'}  fbkit {s}/{';'.join(probs) or '-'}"
                      f"/{'praise' if praise else '-'}{' urgent' if urgent else ''}")


def main(argv):
    extra = []
    if "--" in argv:
        extra = argv[argv.index("--") + 1:]
        argv = argv[:argv.index("--")]
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = os.environ.get("FBKIT_SHARED", str(ROOT.parent / "shared"))
    ap.add_argument("data_dir", nargs="?", default=str(pathlib.Path(shared) / "data"))
    ap.add_argument("--fbkit", required=True)
    ap.add_argument("--half", required=True,
                    help="dev, held, dev2 ... dev16, held16, or several joined by commas (dev,held,dev2)")
    ap.add_argument("--final", action="store_true",
                    help=f"allow the unread halves {', '.join(label_sample.UNREAD)} (a final measurement)")
    ap.add_argument("--domain", action="append", choices=list(label_sample.DOMAINS))
    ap.add_argument("--with-score", action="store_true", help="give classify score_overall too")
    ap.add_argument("--single", action="store_true", help="run classify without --multi")
    ap.add_argument("--show-errors", action="store_true", help="list the rows where fbkit differs")
    a = ap.parse_args(argv)
    halves = a.half.split(",")
    if any(h not in HALVES for h in halves):
        ap.error(f"--half: one of {', '.join(HALVES)}, or several joined by commas")
    unread = [h for h in halves if h in label_sample.UNREAD]
    if unread and not a.final and set(a.domain or label_sample.EVAL_DOMAINS) & set(label_sample.EVAL_DOMAINS):
        ap.error(f"the {', '.join(unread)} half of the evaluation domains is for a final measurement only: add --final")
    if not pathlib.Path(a.data_dir, "os10_train.csv").is_file():
        print(f"eval_labels: {a.data_dir}: no os10_train.csv (../shared/data absent?)", file=sys.stderr)
        return 1
    args = ([] if a.single else ["--multi"]) + extra
    print(f"fbkit {a.fbkit} classify {' '.join(args)}; half {a.half}; "
          f"score {'given' if a.with_score else 'not given'}")
    everything = []
    with tempfile.TemporaryDirectory(prefix="fbkit-eval-labels-") as tmp:
        for domain in a.domain or list(label_sample.EVAL_DOMAINS):
            labels = load(a.data_dir, domain, halves)
            if not labels:
                continue
            score = scores(a.data_dir, domain) if a.with_score else None
            classify(a.fbkit, labels, score, tmp, domain, args)
            for r in labels:
                r["domain"] = domain
                r["pred"] = predicted(r["out"])
            report(domain, labels, a.show_errors)
            everything += labels
    if len(a.domain or label_sample.EVAL_DOMAINS) > 1:
        report("all domains", everything, False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

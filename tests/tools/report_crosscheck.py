#!/usr/bin/env python3
"""Cross-checks a `fbkit report --format json` model against `fbkit stats`.

Every stats result the report used is in the model under "stats", with the
arguments that give it. This runs `fbkit stats INPUT ARGS --format json` for
each (without --compare for the metrics table, with it for the changes table)
and requires the same rows to 6 decimals; then it checks that the numbers the
sections show are those rows' numbers: values, intervals, changes against the
period before and a year before, previous shares, statuses, departments, the
improvements' windows, new and high-value shares (one more stats run per
issue), what is liked by aspect (stats' rows by praise_aspect, split), and
the tests the report adds (share changes with Benjamini-Hochberg, the
improvements' CSAT test) re-computed from stats' counts.

Usage: report_crosscheck.py FBKIT INPUT REPORT.json   (prints a summary, exit 1 on a difference)
"""
import json
import math
import subprocess
import sys

fbkit, data, path = sys.argv[1:4]
model = json.load(open(path, encoding="utf-8"))
failures = []
checked = 0


def stats(args):
    out = subprocess.run([fbkit, "stats", data, *args, "--format", "json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["rows"]


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(b))
    return a == b


def compare_rows(name, mine, theirs):
    global checked
    if len(mine) != len(theirs):
        failures.append(f"{name}: {len(mine)} rows, stats gives {len(theirs)}")
        return
    for r, s in zip(mine, theirs):
        for k, v in s.items():
            checked += 1
            if not same(r.get(k), v):
                failures.append(f"{name}: {k}: report {r.get(k)!r}, stats {v!r}")


blocks = model["stats"]
for name, block in blocks.items():
    args = [a for a in block["args"] if a != "--compare"]
    compare_rows(name + ".metrics", block["metrics"], stats(args))
    if "changes" in block:
        compare_rows(name + ".changes", block["changes"], stats(block["args"]))


def expect(what, shown, value):
    global checked
    checked += 1
    if not same(shown, value):
        failures.append(f"{what}: the report shows {shown!r}, its stats row says {value!r}")


key = model["report"]["period"]["key"]
# Sections the data cannot make are absent (no scores, no status, no dates): nothing to check there.
model.setdefault("satisfaction", {"dimensions": []})
model.setdefault("followup", {})
trend = {r.get("period", key): r for r in blocks["trend"]["metrics"]}  # no period column without dates
cur = trend.get(key, {})
expect("overview.n", model["overview"]["n"], cur.get("n", 0))
for d in model["satisfaction"]["dimensions"]:
    expect(f"satisfaction.{d['column']}", d["mean"], cur.get(d["column"] + "_mean"))
    expect(f"satisfaction.{d['column']}_n", d["n"], cur.get(d["column"] + "_n"))
for k in ("csat", "low_rate", "nps"):
    if k in model["satisfaction"]:
        expect(f"satisfaction.{k}", model["satisfaction"][k]["value"], cur.get(k))
for k in ("closure_rate", "sla_rate", "revisit_rate", "second_sat", "resolution_hours_median", "open", "overdue"):
    if k in model["followup"]:
        expect(f"followup.{k}", model["followup"][k], cur.get(k))
# no csat in the trends without a score_overall column
trends = model.get("trends", {"periods": [], "n": [], "issues": []})  # none without dates
csat = trends.get("csat", [None] * len(trends["periods"]))
for p, n, c in zip(trends["periods"], trends["n"], csat):
    expect(f"trends.n[{p}]", n, trend.get(p, {}).get("n", 0))
    expect(f"trends.csat[{p}]", c, trend.get(p, {}).get("csat"))
if "channels" in blocks:
    rows = {r["channel"]: r for r in blocks["channels"]["metrics"] if r.get("period", key) == key}
    for c in model["overview"]["channels"]:
        expect(f"overview.channel.{c['channel']}.n", c["n"], rows[c["channel"]]["n"])
        expect(f"overview.channel.{c['channel']}.share", c["share"], rows[c["channel"]]["share"])
if "issues" in blocks:
    rows = {r["issue"]: r for r in blocks["issues"]["metrics"] if r.get("period", key) == key}
    for i in model["problems"]["issues"]:
        expect(f"problems.{i['issue']}.n", i["n"], rows[i["issue"]]["n"])
        expect(f"problems.{i['issue']}.share", i["share"], rows[i["issue"]]["share"])
    for s in trends["issues"]:
        for p, n in zip(trends["periods"], s["n"]):
            r = [x for x in blocks["issues"]["metrics"] if x["period"] == p and x["issue"] == s["issue"]]
            expect(f"trends.{s['issue']}[{p}]", n, r[0]["n"] if r else 0)
if "departments" in blocks:
    expect("followup.overdue_total", model["followup"]["overdue_total"],
           sum(r.get("overdue") or 0 for r in blocks["departments"]["metrics"]))
if "overdue_in_period" in model["followup"]:
    expect("followup.overdue_in_period", model["followup"]["overdue_in_period"],
           sum(r.get("overdue") or 0 for r in blocks["due_in_period"]["metrics"]))
if "agents" in model:
    rows = {r["agent_id"]: r for r in blocks["agents"]["metrics"]}
    for a in model["agents"]["best"] + model["agents"]["worst"]:
        for k in ("n", "score_overall_mean", "score_overall_mean_lo", "score_overall_mean_hi", "csat", "low_rate",
                  "rank", "low_n"):
            expect(f"agents.{a['agent_id']}.{k}", a.get(k), rows[a["agent_id"]].get(k))
    for a in model["agents"]["small"]:
        expect(f"agents.{a['agent_id']}.n", a["n"], rows[a["agent_id"]]["n"])
    expect("agents.ranked", model["agents"]["ranked"],
           sum(1 for r in blocks["agents"]["metrics"] if r.get("rank") is not None))


# The numbers beside those: intervals and changes (stats' changes table), the
# previous period's shares, the closed loop, statuses and departments, the
# improvements' windows; the share tests and the improvements' CSAT test are
# re-computed here from the counts stats gives (docs/metrics.md's formulas).
def z_test(x1, n1, x2, n2):
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return 1.0 if se == 0 else math.erfc(abs((x1 / n1 - x2 / n2) / se) / math.sqrt(2))


def bh(ps):
    order = sorted(range(len(ps)), key=lambda i: (ps[i], i))
    q, running = [0.0] * len(ps), 1.0
    for k in range(len(ps) - 1, -1, -1):
        running = min(running, ps[order[k]] * len(ps) / (k + 1))
        q[order[k]] = min(1.0, running)
    return q


changes = blocks["trend"].get("changes", [])


def change(metric, basis):
    return next((r for r in changes if r["metric"] == metric and r["basis"] == basis and r["period"] == key), None)


prev_key = model["report"]["period"]["previous"]
if prev_key is not None:  # no period before without dates (previous_n is null)
    expect("overview.previous_n", model["overview"]["previous_n"], trend.get(prev_key, {}).get("n", 0))
for d in model["satisfaction"]["dimensions"]:
    col = d["column"] + "_mean"
    expect(f"satisfaction.{col}_lo", d["mean_lo"], cur.get(col + "_lo"))
    expect(f"satisfaction.{col}_hi", d["mean_hi"], cur.get(col + "_hi"))
    c = change(col, "prev") or {}
    for mine, theirs in (("previous_mean", "base_value"), ("change", "change"), ("p_value", "p_value")):
        expect(f"satisfaction.{col}.{mine}", d[mine], c.get(theirs))
for k in ("csat", "low_rate", "nps"):
    if k in model["satisfaction"]:
        x, c, y = model["satisfaction"][k], change(k, "prev") or {}, change(k, "yoy") or {}
        expect(f"satisfaction.{k}.lo", x["lo"], cur.get(k + "_lo"))
        expect(f"satisfaction.{k}.hi", x["hi"], cur.get(k + "_hi"))
        for mine, theirs in (("previous", "base_value"), ("change", "change"), ("p_value", "p_value")):
            expect(f"satisfaction.{k}.{mine}", x[mine], c.get(theirs))
        expect(f"satisfaction.{k}.year_ago", x["year_ago"], y.get("base_value"))
for k in ("fcr_rate", "resolution_hours_mean"):
    if k in model["followup"]:
        expect(f"followup.{k}", model["followup"][k], cur.get(k))
if "complaints_per_1000" in trends:
    for p, v in zip(trends["periods"], trends["complaints_per_1000"]):
        expect(f"trends.complaints_per_1000[{p}]", v, trend.get(p, {}).get("complaints_per_1000"))


def period_counts(block, col):
    """Rows per value of `col` in the report period and in the period before (none without dates)."""
    now = {r[col]: r["n"] for r in block["metrics"] if r.get("period", key) == key}
    before = {r[col]: r["n"] for r in block["metrics"] if prev_key is not None and r.get("period") == prev_key}
    return now, before


def share_changes(block, col, shown, what):
    now, before = period_counts(block, col)
    tn, tb = sum(now.values()), sum(before.values())
    if not tn or not tb:
        return
    groups = sorted(now)
    ps = [z_test(now[g], tn, before.get(g, 0), tb) for g in groups]
    qs = dict(zip(groups, bh(ps)))
    for row in shown:
        g = row[col]
        expect(f"{what}.{g}.previous_share", row["previous_share"], before.get(g, 0) / tb)
        expect(f"{what}.{g}.change", row["change"], now[g] / tn - before.get(g, 0) / tb)
        expect(f"{what}.{g}.p_value", row["p_value"], ps[groups.index(g)])
        expect(f"{what}.{g}.q_value", row["q_value"], qs[g])


if "channels" in blocks:
    share_changes(blocks["channels"], "channel", model["overview"]["channels"], "overview.channel")
if "issues" in blocks:
    share_changes(blocks["issues"], "issue", model["problems"]["issues"], "problems")
    # The problem rows only: the issues query's own --where conditions (#16).
    args = blocks["issues"]["args"]
    tone = [x for k in range(len(args) - 1) if args[k] == "--where" for x in ("--where", args[k + 1])]
    for i in model["problems"]["issues"]:
        # Each share is there only where the data can tell (customer_type; annual_spend or a high tier).
        where = tone + ["--where", "issue=" + i["issue"], "--from", model["report"]["period"]["from"],
                 "--to", model["report"]["period"]["to"], "--metrics", "share"]
        for col, value, shown in (("customer_type", "new", "new_share"), ("value_tier", "high", "high_value_share")):
            if shown in i:
                rows = {r[col]: r["share"] for r in stats(where + ["--by", col])}
                expect(f"problems.{i['issue']}.{shown}", i[shown], rows.get(value, 0.0))
if "praise" in blocks:
    rows = {r["issue"]: r for r in blocks["praise"]["metrics"]}
    expect("praise.rows.n", model["praise"]["rows"]["n"], sum(r["n"] for r in rows.values()))
    for i in model["praise"]["issues"]:
        expect(f"praise.{i['issue']}.n", i["n"], rows[i["issue"]]["n"])
        expect(f"praise.{i['issue']}.share", i["share"], rows[i["issue"]]["share"])
if "praise_aspects" in blocks:
    # By aspect: stats' rows by praise_aspect ("fit;quality") split, each aspect once per row,
    # the share of all praise rows (the same rows as by issue).
    rows = blocks["praise_aspects"]["metrics"]
    total = sum(r["n"] for r in rows)
    expect("praise.aspects.total", total, sum(r["n"] for r in blocks["praise"]["metrics"]))
    liked, unnamed = {}, 0
    for r in rows:
        aspects = set(a for a in r["praise_aspect"].split(";") if a)
        unnamed += 0 if aspects else r["n"]
        for a in aspects:
            liked[a] = liked.get(a, 0) + r["n"]
    # No aspect named: the table by issue, as without the column.
    expect("praise.by_aspect", "aspects" in model["praise"], bool(liked))
    expect("praise.aspects_unnamed", model["praise"].get("aspects_unnamed"), unnamed if liked else None)
    ranked = sorted(liked, key=lambda a: (-liked[a], a))[:10]
    expect("praise.aspects", [a["aspect"] for a in model["praise"].get("aspects", [])], ranked)
    for a in model["praise"].get("aspects", []):
        expect(f"praise.aspect.{a['aspect']}.n", a["n"], liked.get(a["aspect"]))
        expect(f"praise.aspect.{a['aspect']}.share", a["share"], liked.get(a["aspect"], 0) / total)
if "urgent" in blocks:
    rows = blocks["urgent"]["metrics"]
    expect("urgent.n", model["urgent"]["n"], rows[0]["n"] if rows else 0)
if "status" in blocks:
    rows = {r["status"]: r for r in blocks["status"]["metrics"]}
    for s in model["followup"]["status"]:
        expect(f"followup.status.{s['status']}.n", s["n"], rows[s["status"]]["n"])
        expect(f"followup.status.{s['status']}.share", s["share"], rows[s["status"]]["share"])
if "departments" in blocks:
    col = blocks["departments"]["args"][1]
    rows = {r[col]: r for r in blocks["departments"]["metrics"]}
    for d in model["followup"]["by_department"]:
        r = rows.get(d["department"]) or rows.get("")
        expect(f"followup.department.{d['department']}.open", d["open"], r["open"])
        expect(f"followup.department.{d['department']}.overdue", d["overdue"], r["overdue"])
for i, imp in enumerate(model["followup"].get("improvements", [])):
    sides = {}
    for side in ("before", "after"):
        rows = blocks[f"improvement-{i}-{side}"]["metrics"]
        r = rows[0] if rows else {}
        for k in ("n", "score_overall_n"):
            expect(f"improvements.{i}.{side}.{k}", imp[side][k], r.get(k, 0))
        for k in ("score_overall_mean", "csat"):
            expect(f"improvements.{i}.{side}.{k}", imp[side][k], r.get(k))
        sides[side] = r
    if "p_value" in imp:
        b, a = sides["before"], sides["after"]
        xb, xa = round(b["csat"] * b["score_overall_n"]), round(a["csat"] * a["score_overall_n"])
        expect(f"improvements.{i}.csat_change", imp["csat_change"], a["csat"] - b["csat"])
        expect(f"improvements.{i}.p_value", imp["p_value"], z_test(xa, a["score_overall_n"], xb, b["score_overall_n"]))


# The summary's sentences and the KPI tiles: each names the stats rows its
# numbers were read from ("sources"); every row must be in its block with
# those values, and the tiles' numbers are checked against the trend as the
# sections' are. Share tests (the issue that rose most) are re-computed.
def share_tests(block, col):
    now, before = period_counts(block, col)
    tn, tb = sum(now.values()), sum(before.values())
    if not tn or not tb:
        return {}
    groups = sorted(now)
    ps = [z_test(now[g], tn, before.get(g, 0), tb) for g in groups]
    return {g: {"change": now[g] / tn - before.get(g, 0) / tb, "p_value": p, "q_value": q, "significant": q < 0.05}
            for g, p, q in zip(groups, ps, bh(ps))}


def check_sources(what, sources):
    for s in sources:
        if s["table"] == "share_changes":
            tests = share_tests(blocks[s["block"]], "issue")
            if "issue" in s["where"]:
                for k, v in tests[s["where"]["issue"]].items():
                    expect(f"{what}.{s['where']['issue']}.{k}", s["values"].get(k), v)
            continue
        rows = [r for r in blocks[s["block"]][s["table"]] if all(r.get(k) == v for k, v in s["where"].items())]
        if len(rows) != 1:
            failures.append(f"{what}: {len(rows)} rows of {s['block']}.{s['table']} where {s['where']}")
            continue
        for k, v in s["values"].items():
            expect(f"{what}.{k}", v, rows[0].get(k))


for sentence in model["summary"]["sentences"]:
    check_sources(f"summary.{sentence['rule']}", sentence["sources"])
tile_columns = {"volume": ("n", "n"), "csat": ("csat", "score_overall_n"), "nps": ("nps", "nps_n"),
                "low_rate": ("low_rate", "score_overall_n"), "closure_rate": ("closure_rate", "n"),
                "overdue": ("overdue", None)}
for t in model.get("kpi", {"tiles": []})["tiles"]:  # no tiles without dates
    if "absent" in t:
        continue
    col, n_col = tile_columns[t["key"]]
    check_sources(f"kpi.{t['key']}", t["sources"])
    expect(f"kpi.{t['key']}.value", t["value"], cur.get(col, 0 if col == "n" else None))
    if n_col:
        expect(f"kpi.{t['key']}.n", t["n"], cur.get(n_col, 0))
    for basis in ("prev", "yoy"):
        x = t[basis]
        if t["unit"] == "count":
            base = trend.get(x["period"], {}).get(col)
            expect(f"kpi.{t['key']}.{basis}.value", x["value"], base)
            expect(f"kpi.{t['key']}.{basis}.change", x["change"], None if base is None else t["value"] - base)
        else:
            c = change(col, basis) or {}
            for k in ("value", "change", "p_value", "q_value"):
                expect(f"kpi.{t['key']}.{basis}.{k}", x.get(k), c.get("base_value" if k == "value" else k))
if "sentiment" in blocks:
    mix = model["overview"]["sentiment"]
    counts = {}
    for r in blocks["sentiment"]["metrics"]:
        counts.setdefault(r.get("channel", ""), {}).setdefault(r["sentiment"], 0)
        counts[r.get("channel", "")][r["sentiment"]] += r["n"]
    every = {}
    for c in counts.values():
        for s, n in c.items():
            every[s] = every.get(s, 0) + n
    for row in mix["channels"] + [mix["all"]]:
        c = counts.get(row["channel"], {}) if row is not mix["all"] else every
        n = sum(c.values())
        expect(f"sentiment.{row['channel']}.n", row["n"], n)
        for s in ("positive", "neutral", "negative"):
            expect(f"sentiment.{row['channel']}.{s}", row[s], c.get(s, 0) / n if n else None)

for f in failures[:20]:
    print("DIFFERENT:", f)
print(f"{len(blocks)} stats tables, {checked} numbers checked, {len(failures)} different")
sys.exit(1 if failures else 0)

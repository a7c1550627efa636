#!/usr/bin/env python3
"""Cross-checks a `fbkit report --format json` model against `fbkit stats`.

Every stats result the report used is in the model under "stats", with the
arguments that give it. This runs `fbkit stats INPUT ARGS --format json` for
each (without --compare for the metrics table, with it for the changes table)
and requires the same rows to 6 decimals; then it checks that the numbers the
sections show are those rows' numbers.

Usage: report_crosscheck.py FBKIT INPUT REPORT.json   (prints a summary, exit 1 on a difference)
"""
import json
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
trend = {r["period"]: r for r in blocks["trend"]["metrics"]}
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
for p, n, c in zip(model["trends"]["periods"], model["trends"]["n"], model["trends"]["csat"]):
    expect(f"trends.n[{p}]", n, trend.get(p, {}).get("n", 0))
    expect(f"trends.csat[{p}]", c, trend.get(p, {}).get("csat"))
if "channels" in blocks:
    rows = {r["channel"]: r for r in blocks["channels"]["metrics"] if r["period"] == key}
    for c in model["overview"]["channels"]:
        expect(f"overview.channel.{c['channel']}.n", c["n"], rows[c["channel"]]["n"])
        expect(f"overview.channel.{c['channel']}.share", c["share"], rows[c["channel"]]["share"])
if "issues" in blocks:
    rows = {r["issue"]: r for r in blocks["issues"]["metrics"] if r["period"] == key}
    for i in model["problems"]["issues"]:
        expect(f"problems.{i['issue']}.n", i["n"], rows[i["issue"]]["n"])
        expect(f"problems.{i['issue']}.share", i["share"], rows[i["issue"]]["share"])
    for s in model["trends"]["issues"]:
        for p, n in zip(model["trends"]["periods"], s["n"]):
            r = [x for x in blocks["issues"]["metrics"] if x["period"] == p and x["issue"] == s["issue"]]
            expect(f"trends.{s['issue']}[{p}]", n, r[0]["n"] if r else 0)
if "departments" in blocks:
    expect("followup.overdue_total", model["followup"]["overdue_total"],
           sum(r.get("overdue") or 0 for r in blocks["departments"]["metrics"]))
if "agents" in model:
    rows = {r["agent_id"]: r for r in blocks["agents"]["metrics"]}
    for a in model["agents"]["rows"]:
        for k in ("n", "score_overall_mean", "csat", "low_rate", "rank", "low_n"):
            expect(f"agents.{a['agent_id']}.{k}", a.get(k), rows[a["agent_id"]].get(k))

for f in failures[:20]:
    print("DIFFERENT:", f)
print(f"{len(blocks)} stats tables, {checked} numbers checked, {len(failures)} different")
sys.exit(1 if failures else 0)

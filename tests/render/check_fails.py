#!/usr/bin/env python3
"""scripts/render_check.py must fail when it should (CTest render/chromium-fails, render/chromium-broken).

  check_fails.py pages --render-check PATH --out DIR
      Writes pages with faults (a blank chart, a chart drawn on one side without
      bars, a report that overflows a phone and prints on Letter paper, next to a
      good chart and a report that fits a desktop), runs render_check.py on them
      in headless Chromium and requires exit 1 with exactly the expected
      failures, and the good pages passing. Exit 77 when chromium is missing.

  check_fails.py browser --render-check PATH --out DIR
      Runs render_check.py with a fake chromium that dies at once, then one that
      hangs: each must end in seconds with exit 1 and a message naming the fault
      (no chromium needed).
"""

import argparse
import json
import os
import subprocess
import sys
import time

CSS = "*{box-sizing:border-box}body{margin:0;font:16px sans-serif}main{max-width:980px;margin:0 auto;padding:16px}"
HEAD = f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{CSS}</style></head><body><main>'
TAIL = "</main></body></html>\n"


def svg(body):
    return f'<figure><svg viewBox="0 0 480 270" width="100%" role="img" aria-label="chart">{body}</svg></figure>'


BARS = "".join(f'<rect x="{20 + 46 * i}" y="{60 + 10 * i}" width="30" height="{200 - 10 * i}" fill="#0072B2"/>'
               for i in range(10))
PAGES = {
    "chart-trend.html": HEAD + svg("") + TAIL,  # nothing drawn
    "chart-channels.html": HEAD + svg('<rect x="10" y="20" width="150" height="230" fill="#777"/>') + TAIL,
    "chart-pareto.html": HEAD + svg(BARS) + TAIL,  # good
    "chart-targets.html": HEAD + svg(BARS) + TAIL,  # good
    # Fits 1280 px; the 700 px table overflows a 390 px phone; prints on Letter.
    "report.html": HEAD.replace("</style>", "@page{size:letter}</style>")
    + "<h1>Report</h1><p>A short report written for this test.</p>" + svg(BARS)
    + '<table style="width:700px;border:1px solid #333"><tr><td>a table wider than a phone</td></tr></table>' + TAIL,
}
BLANK, ONE_SIDE, NO_BARS = "chart nearly blank", "chart drawn on one side only", "chart bars missing"
OVERFLOW, NOT_A4 = "content in the side margins (overflow)", "not A4 portrait"
EXPECTED = {
    ("charts", "trend-640"): {BLANK, ONE_SIDE, NO_BARS}, ("charts", "trend-390"): {BLANK, ONE_SIDE, NO_BARS},
    ("charts", "channels-640"): {ONE_SIDE, NO_BARS}, ("charts", "channels-390"): {ONE_SIDE, NO_BARS},
    ("charts", "pareto-640"): set(), ("charts", "pareto-390"): set(),
    ("charts", "targets-640"): set(), ("charts", "targets-390"): set(),
    ("pages", "desktop"): set(), ("pages", "phone"): {OVERFLOW}, ("pages", "print-pdf"): {NOT_A4},
}
KINDS = [BLANK, ONE_SIDE, NO_BARS, OVERFLOW, NOT_A4]


def kinds(failures):
    found = {k for k in KINDS for f in failures if k in f}
    unknown = [f for f in failures if not any(k in f for k in KINDS)]
    return found | {f"unexpected: {f}" for f in unknown}


def check_pages(render_check, out):
    pages = os.path.join(out, "pages")
    os.makedirs(pages, exist_ok=True)
    for name, html in PAGES.items():
        with open(os.path.join(pages, name), "w", encoding="utf-8") as f:
            f.write(html)
    run = subprocess.run([sys.executable, render_check, "--pages", pages, "--out", os.path.join(out, "shots"),
                          "--page-heights", "900,1400"], capture_output=True, text=True)
    print(run.stdout, run.stderr, sep="", end="")
    if run.returncode == 77:
        return 77
    problems = [] if run.returncode == 1 else [f"render_check.py exited {run.returncode}, not 1"]
    with open(os.path.join(out, "shots", "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    for (group, name), expected in EXPECTED.items():
        got = kinds(summary[group].get(name, {"failures": ["missing from summary.json"]})["failures"])
        if got != expected:
            problems.append(f"{group}/{name}: failures {sorted(got)}, expected {sorted(expected)}")
    for name in ("overflow", "blank"):
        if not summary["controls"][name]["detected"]:
            problems.append(f"control {name} not detected")
    return report(problems)


FAKES = {
    "dies": ("echo 'fake chromium: giving up' >&2; exit 3", "exit 3", 20),
    "hangs": ("exec sleep 600", "no answer from chromium within the 1 s of a capture", 20),
}


def check_browser(render_check, out):
    os.makedirs(out, exist_ok=True)
    problems = []
    for name, (body, message, limit) in FAKES.items():
        fake = os.path.join(out, f"chromium-{name}")
        with open(fake, "w", encoding="utf-8") as f:
            f.write(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "fake chromium that {name}"; exit 0; }}\n{body}\n')
        os.chmod(fake, 0o755)
        os.makedirs(os.path.join(out, f"pages-{name}"), exist_ok=True)
        start = time.monotonic()
        run = subprocess.run([sys.executable, render_check, "--pages", os.path.join(out, f"pages-{name}"),
                              "--out", os.path.join(out, f"shots-{name}"), "--chromium", fake, "--timeout", "1"],
                             capture_output=True, text=True, timeout=120)
        took = time.monotonic() - start
        text = run.stdout + run.stderr
        print(f"--- chromium that {name}: exit {run.returncode} in {took:.1f} s\n{text}", end="")
        if run.returncode != 1 or "FAILED: chromium failed twice on" not in text or message not in text:
            problems.append(f"chromium that {name}: exit {run.returncode}, message not as expected")
        if took > limit:
            problems.append(f"chromium that {name}: took {took:.0f} s (> {limit})")
    return report(problems)


def report(problems):
    for p in problems:
        print(f"check_fails: PROBLEM: {p}")
    print("check_fails: " + ("FAILED" if problems else "ok: render_check.py failed as it should"))
    return 1 if problems else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("case", choices=["pages", "browser"])
    ap.add_argument("--render-check", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.case == "pages":
        return check_pages(args.render_check, args.out)
    return check_browser(args.render_check, args.out)


if __name__ == "__main__":
    sys.exit(main())

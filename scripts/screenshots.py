#!/usr/bin/env python3
"""docs/img/report-desktop.png and report-phone.png: the report of samples/
(the demo's pipeline, as of 2025-11-03) in headless Chromium at 1280 and 390 px,
cropped to what a first screen shows (the header, the alerts, the summary, the
key figures, then the urgent items and the overview), margins cut, RGB.

Usage: python3 scripts/screenshots.py [--fbkit build/cmd/fbkit] [--out docs/img]
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render_check as rc  # noqa: E402
from chromium_pipe import Browser  # noqa: E402

# name, window width, window height, (left, right) kept, rows kept
SHOTS = [("desktop", 1280, 2300, (150, 1130), 1930), ("phone", 390, 2600, (0, 390), 1780)]


def crop(img, left, right, height):
    c = 3
    rows = []
    for row in img.rows[:height]:
        rgb = row if img.channels == 3 else b"".join(
            row[x * img.channels:x * img.channels + 3] for x in range(img.width))
        rows.append(rgb[left * c:right * c])
    return rc.Image(right - left, min(height, img.height), c, rows)


def main():
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fbkit", default=os.path.join(here, "build/cmd/fbkit"))
    ap.add_argument("--out", default=os.path.join(here, "docs/img"))
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("screenshots: chromium is not installed (scripts/setup.sh installs it)")
    fbkit = os.path.abspath(args.fbkit)
    with tempfile.TemporaryDirectory(prefix="fbkit-shots-") as tmp:
        os.makedirs(os.path.join(tmp, "out"))
        run = lambda *a: subprocess.run([fbkit, *a], cwd=tmp, check=False, stderr=subprocess.DEVNULL)  # noqa: E731
        samples = sorted(glob.glob(os.path.join(here, "samples/*.csv")) + glob.glob(os.path.join(here, "samples/*.xlsx")))
        run("import", *samples, "-o", "out/feedback.csv", "--summary", "out/import.json")
        run("clean", "out/feedback.csv", "-o", "out/clean.csv", "--summary", "out/clean.json")
        run("classify", "out/clean.csv", "-o", "out/classified.csv")
        # --as-of: the day after the samples' last row, as scripts/demo.sh (the default, today,
        # finds no rows in last month once the samples are older than a month)
        r = run("report", "out/classified.csv", "--as-of", "2025-11-03", "-o", "out/report.html", "--quality", "out/import.json", "--quality",
                "out/clean.json", "--events", os.path.join(here, "samples/calendar/events.csv"), "--improvements",
                os.path.join(here, "samples/calendar/improvements.csv"))
        if r.returncode not in (0, 3):
            sys.exit(f"screenshots: fbkit report exited {r.returncode}")
        # One browser for both shots (render_check's, driven over --remote-debugging-pipe).
        with Browser(chromium) as browser:
            for name, width, height, (left, right), rows in SHOTS:
                png = os.path.join(tmp, f"{name}.png")
                img = rc.screenshot(browser, os.path.join(tmp, "out/report.html"), png, width, height)
                out = os.path.join(args.out, f"report-{name}.png")
                small = crop(img, left, right, rows)
                rc.encode_png(small, out, small.height)
                print(f"{out}: {small.width} x {small.height}, {os.path.getsize(out)} bytes")


if __name__ == "__main__":
    main()

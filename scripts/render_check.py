#!/usr/bin/env python3
"""Checks that the HTML report renders in a real browser (issue #7).

Runs tests/render's render_sample to write sample pages, screenshots them in
headless Chromium (Debian's chromium package) at a desktop and a phone width,
decodes the PNGs (a small decoder below, standard library only) and checks:

  * each chart, alone on a page, is drawn: enough non-white pixels, in both
    the left and the right half, and the palette's blue (bars) present;
  * the whole report at 1280 and 390 px wide: not blank, and nothing in the
    margins outside the content column, i.e. no text, table or chart
    overflows sideways (an overflowing box shows up in the right margin);
  * printed to PDF (Page.printToPDF, as --print-to-pdf): every page is A4 (the CSS @page size).

Two control pages, one that overflows and one with an empty chart, must FAIL
the same checks, so a check that can no longer see anything is caught too
(tests/render/check_fails.py checks that whole runs fail on faulty pages).

One Chromium does every screenshot and the PDF, driven over the DevTools
protocol on a pipe (scripts/chromium_pipe.py): a start costs seconds of CPU.
A capture that takes over --timeout seconds (page load included), or a browser
that dies, gets a second try in a new browser; a second failure ends the run
with exit 1 and the cause.

Usage: render_check.py --sample PATH/render_sample --out DIR [--chromium BIN] [--timeout S]
       render_check.py --pages DIR --out DIR      (pages already written)
Exit 0 when all checks pass, 1 when one fails, 77 when chromium is missing
(the CTest "skipped" code). Screenshots and a summary.json stay in --out.
"""

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree from a test run
from chromium_pipe import Browser, ChromiumError  # noqa: E402  (scripts/chromium_pipe.py)

SKIP = 77
WHITE_TOLERANCE = 8  # a pixel is background when every channel is >= 255 - this
BLUE = (0x00, 0x72, 0xB2)  # Okabe-Ito blue, the charts' bars
VERMILLION = (0xD5, 0x5E, 0x00)
COLOUR_TOLERANCE = 40
CHARTS = ["trend", "channels", "pareto", "targets"]
CHART_WIDTHS = [(640, 560), (390, 460)]  # (width, height) of the window
PAGE_WIDTHS = [(1280, 2600), (390, 3600)]
CONTENT_MAX = 980  # main{max-width} of lib/render/html.cpp
MARGIN_STRIP = 8  # px of each side margin that must stay blank (main has 16 px padding)


# --- PNG ---------------------------------------------------------------------

class Image:
    def __init__(self, width, height, channels, rows):
        self.width, self.height, self.channels, self.rows = width, height, channels, rows

    def pixel(self, x, y):
        c = self.channels
        row = self.rows[y]
        if c >= 3:
            return row[x * c], row[x * c + 1], row[x * c + 2]
        return row[x * c], row[x * c], row[x * c]


def decode_png(path):
    """8-bit grey / grey+alpha / RGB / RGBA, non-interlaced: what Chromium writes."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace != 0:
        raise ValueError(f"{path}: unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    low7, high = int.from_bytes(b"\x7f" * stride, "big"), int.from_bytes(b"\x80" * stride, "big")
    for y in range(height):
        start = y * (stride + 1)
        kind = raw[start]
        cur = bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:  # Sub
            for i in range(channels, stride):
                cur[i] = (cur[i] + cur[i - channels]) & 0xFF
        elif kind == 2:  # Up, on every row of a fast-encoded screenshot: bytewise sums as one big integer
            a, b = int.from_bytes(cur, "big"), int.from_bytes(prev, "big")
            cur = bytearray((((a & low7) + (b & low7)) ^ ((a ^ b) & high)).to_bytes(stride, "big"))
        elif kind == 3:  # Average
            for i in range(stride):
                left = cur[i - channels] if i >= channels else 0
                cur[i] = (cur[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for i in range(stride):
                a = cur[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                cur[i] = (cur[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise ValueError(f"{path}: bad PNG filter {kind} in row {y}")
        rows.append(bytes(cur))
        prev = cur
    return Image(width, height, channels, rows)


def encode_png(img, path, height):
    """Writes the top `height` rows of img (filter 0, zlib level 6: 5% larger than 9, a fifth of its CPU)."""
    kind = {1: 0, 2: 4, 3: 2, 4: 6}[img.channels]

    def chunk(tag, body):
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in img.rows[:height])
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", img.width, height, 8, kind, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


# --- pixel measures ----------------------------------------------------------

def is_background(px):
    return min(px) >= 255 - WHITE_TOLERANCE


def near(px, colour):
    return all(abs(a - b) <= COLOUR_TOLERANCE for a, b in zip(px, colour))


# The tests above as byte tables: 1 where a channel value passes, else 0. A row's
# channel planes (bytes slices) translated through them and read as big integers
# give one 0/1 byte a pixel; AND/OR combine the channels and bit_count() counts
# the pixels, exactly what the per-pixel tests count, at C speed.
INK = bytes(0 if v >= 255 - WHITE_TOLERANCE else 1 for v in range(256))  # not is_background, one channel
NEAR = {colour: [bytes(1 if abs(v - colour[i]) <= COLOUR_TOLERANCE else 0 for v in range(256)) for i in range(3)]
        for colour in (BLUE, VERMILLION)}


def planes(img, row, x0, x1, step=1):
    """The red, green and blue values of the pixels x0, x0 + step, ... < x1 of a row (grey: three times)."""
    c = img.channels
    seg = row[x0 * c:x1 * c]
    if c < 3:
        grey = seg[::c * step]
        return grey, grey, grey
    return seg[0::c * step], seg[1::c * step], seg[2::c * step]


def count_near(rgb, ink, colour):
    r, g, b = (int.from_bytes(p.translate(t), "big") for p, t in zip(rgb, NEAR[colour]))
    return (ink & r & g & b).bit_count()


def measure(img, x0=0, x1=None, y0=0, y1=None):
    """Counts of (pixels, non-background, blue, vermillion) in a box."""
    x1 = img.width if x1 is None else x1
    y1 = img.height if y1 is None else y1
    ink = blue = red = 0
    blank = b"\xff" * ((x1 - x0) * img.channels)
    for y in range(y0, y1):
        if img.rows[y][x0 * img.channels:x1 * img.channels] == blank:  # the common all-white row, fast
            continue
        rgb = planes(img, img.rows[y], x0, x1)
        r, g, b = (int.from_bytes(p.translate(INK), "big") for p in rgb)
        row_ink = r | g | b
        if row_ink:
            ink += row_ink.bit_count()
            blue += count_near(rgb, row_ink, BLUE)
            red += count_near(rgb, row_ink, VERMILLION)
    return (x1 - x0) * max(0, y1 - y0), ink, blue, red


def ink_rows(img):
    """The first and last row holding a non-background pixel among its even columns (or None)."""
    first = last = None
    blank = b"\xff" * (img.width * img.channels)
    for y in range(img.height):
        if img.rows[y] != blank and any(b"\x01" in p.translate(INK) for p in planes(img, img.rows[y], 0, img.width, 2)):
            first = y if first is None else first
            last = y
    return first, last


def chart_checks(img):
    total, ink, blue, red = measure(img)
    half = img.width // 2
    _, left, _, _ = measure(img, 0, half)
    _, right, _, _ = measure(img, half, img.width)
    figures = {
        "ink_share": round(ink / total, 4),
        "left_half_ink": left,
        "right_half_ink": right,
        "blue_pixels": blue,
        "vermillion_pixels": red,
    }
    failures = []
    if ink / total < 0.02:
        failures.append(f"chart nearly blank: {ink / total:.2%} non-white pixels (< 2%)")
    if left < 500 or right < 500:
        failures.append(f"chart drawn on one side only: left {left}, right {right} px (< 500)")
    if blue + red < 300:  # bars are blue, or vermillion where a target is missed
        failures.append(f"chart bars missing: {blue} blue and {red} vermillion pixels (< 300)")
    return figures, failures


def page_checks(img):
    w = img.width
    margin = max(0, (w - CONTENT_MAX) // 2)
    strip = margin + MARGIN_STRIP
    total, ink, blue, _ = measure(img)
    _, left_ink, _, _ = measure(img, 0, strip)
    _, right_ink, _, _ = measure(img, w - strip, w)
    first, last = ink_rows(img)
    figures = {
        "ink_share": round(ink / total, 4),
        "blue_pixels": blue,
        "margin_strips_px": strip,
        "left_margin_ink": left_ink,
        "right_margin_ink": right_ink,
        "content_rows": [first, last],
    }
    failures = []
    if ink / total < 0.01:
        failures.append(f"page nearly blank: {ink / total:.2%} non-white pixels")
    if left_ink or right_ink:
        failures.append(f"content in the side margins (overflow): left {left_ink}, right {right_ink} px "
                        f"in the outer {strip} px")
    if blue < 1000:
        failures.append(f"charts missing on the page: {blue} blue pixels")
    if last is not None and last >= img.height - 4:
        failures.append(f"page taller than the {img.height} px screenshot: raise PAGE_WIDTHS heights")
    return figures, failures


# --- chromium ----------------------------------------------------------------

def find_chromium(given):
    for name in ([given] if given else []) + ["chromium", "chromium-browser", "google-chrome"]:
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(browser, page, png, width, height):
    with open(png, "wb") as f:
        f.write(browser.screenshot(page, width, height))
    return decode_png(png)


A4_POINTS = (595.28, 841.89)


def pdf_checks(browser, page, pdf):
    data = browser.pdf(page)
    with open(pdf, "wb") as f:
        f.write(data)
    boxes = [tuple(float(v) for v in m.groups())
             for m in re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+)\s*\]", data)]
    figures = {"pages": len(boxes), "media_boxes": sorted(set(boxes)), "bytes": len(data)}
    failures = []
    if not boxes:
        failures.append("no page sizes found in the PDF")
    for w, h in set(boxes):
        if abs(w - A4_POINTS[0]) > 1.5 or abs(h - A4_POINTS[1]) > 1.5:
            failures.append(f"a page is {w} x {h} pt, not A4 portrait {A4_POINTS[0]} x {A4_POINTS[1]}")
    return figures, failures


CONTROL_OVERFLOW = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head>
<body><main><p>A box wider than a phone:</p><div style="width:600px;height:40px;background:#333"></div>
</main></body></html>"""
CONTROL_BLANK = """<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body><main><svg viewBox="0 0 480 270" width="100%" role="img" aria-label="empty"></svg></main></body></html>"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", help="the render_sample program, run to write the pages")
    ap.add_argument("--pages", help="a folder with pages already written by render_sample")
    ap.add_argument("--out", required=True, help="where screenshots and summary.json go")
    ap.add_argument("--chromium", help="the browser binary (default: chromium on PATH)")
    ap.add_argument("--page-heights", default="2600,3600",
                    help="window heights of the desktop and phone page screenshots (a long report needs more)")
    ap.add_argument("--timeout", type=float, default=90,
                    help="seconds a screenshot or the PDF may take, page load included, before chromium is restarted")
    args = ap.parse_args()

    chromium = find_chromium(args.chromium)
    if not chromium:
        print("SKIP: chromium not found (scripts/setup.sh installs the 'chromium' package)")
        return SKIP
    try:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
    except subprocess.TimeoutExpired:
        print(f"render_check: FAILED: {chromium} --version gave no answer in 60 s")
        return 1
    print(f"render_check: {version}")

    os.makedirs(args.out, exist_ok=True)
    pages = args.pages or os.path.join(args.out, "pages")
    if args.sample:
        os.makedirs(pages, exist_ok=True)
        subprocess.run([args.sample, pages], check=True)
    with open(os.path.join(pages, "control-overflow.html"), "w", encoding="utf-8") as f:
        f.write(CONTROL_OVERFLOW.replace("{css}", "body{margin:0}main{max-width:980px;margin:0 auto;padding:16px}"))
    with open(os.path.join(pages, "control-blank.html"), "w", encoding="utf-8") as f:
        f.write(CONTROL_BLANK)

    summary = {"chromium": version, "charts": {}, "pages": {}, "controls": {}}
    heights = [int(h) for h in args.page_heights.split(",")]
    # One browser for every screenshot and the PDF (a start costs seconds of CPU).
    with Browser(chromium, args.timeout) as browser:
        try:
            failed = run_checks(browser, pages, args.out, heights, summary)
        except ChromiumError as e:
            print(f"render_check: FAILED: {e}; screenshots so far in {args.out}")
            return 1
        summary["chromium_starts"] = browser.starts

    with open(os.path.join(args.out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)
    if failed:
        print(f"render_check: FAILED ({len(failed)} problems); screenshots in {args.out}")
        return 1
    print(f"render_check: ok; screenshots in {args.out}")
    return 0


def run_checks(browser, pages, out, heights, summary):
    """Screenshots and checks every page; returns the failures (summary gets the figures)."""
    failed = []

    def record(group, name, figures, failures):
        summary[group][name] = dict(figures, failures=failures)
        state = "ok" if not failures else "FAIL"
        print(f"  {state:4} {group}/{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
        for f in failures:
            print(f"       - {f}")

    for chart in CHARTS:
        for width, height in CHART_WIDTHS:
            name = f"{chart}-{width}"
            img = screenshot(browser, os.path.join(pages, f"chart-{chart}.html"),
                             os.path.join(out, f"chart-{name}.png"), width, height)
            figures, failures = chart_checks(img)
            record("charts", name, figures, failures)
            failed += failures

    for (width, _), height in zip(PAGE_WIDTHS, heights):
        name = {1280: "desktop", 390: "phone"}.get(width, str(width))
        png = os.path.join(out, f"report-sample-{name}.png")
        img = screenshot(browser, os.path.join(pages, "report.html"), png, width, height)
        figures, failures = page_checks(img)
        last = figures["content_rows"][1]
        if last is not None:  # the saved screenshot ends below the content (for docs/)
            encode_png(img, png, min(img.height, last + 24))
        record("pages", name, figures, failures)
        failed += failures

    figures, failures = pdf_checks(browser, os.path.join(pages, "report.html"), os.path.join(out, "report-sample.pdf"))
    record("pages", "print-pdf", figures, failures)
    failed += failures

    # The controls must fail, or the checks above prove nothing.
    img = screenshot(browser, os.path.join(pages, "control-overflow.html"),
                     os.path.join(out, "control-overflow.png"), 390, 300)
    figures, failures = page_checks(img)
    overflow_seen = any("overflow" in f for f in failures)
    record("controls", "overflow", dict(figures, detected=overflow_seen), [])
    img = screenshot(browser, os.path.join(pages, "control-blank.html"),
                     os.path.join(out, "control-blank.png"), 640, 560)
    figures, failures = chart_checks(img)
    record("controls", "blank", dict(figures, detected=bool(failures)), [])
    if not overflow_seen:
        failed.append("the overflow control page was not detected as overflowing")
    if not failures:
        failed.append("the blank-chart control page was not detected as blank")
    return failed


if __name__ == "__main__":
    sys.exit(main())

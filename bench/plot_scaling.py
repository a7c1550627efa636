#!/usr/bin/env python3
"""Draws the scaling checks of docs/reliability.md as log-log curves.

    python3 bench/plot_scaling.py [docs/reliability.md] [docs/img/scaling.svg]

Reads the Markdown tables under "## Scaling checks" (the ones the
bench/bench_linear_*.sh runs printed, pasted there), and draws CPU seconds
against input size on log-log axes, one panel per dimension, with a line of
slope 1 (linear) and of slope 2 (quadratic) for comparison: a linear step runs
parallel to the first. Standard library only; writes an SVG.
"""
import math
import pathlib
import re
import sys

PANELS = [  # (title, table kind, first-column values)
    ("import: input files", "input", ["files"]),
    ("import: header columns", "input", ["header columns"]),
    ("classify: length of one text", "text", None),
    ("classify: number of rules", "rules", None),
]
COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"]
FLOOR = 0.01  # CPU seconds below this (too short to measure) are drawn at it


def tables(text):
    """(label, header, rows) of each table, label = the last 'Before'/'After' line above it."""
    section = text.split("## Scaling checks", 1)[1]
    label, out, lines = "", [], section.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if re.match(r"^(Before|After)\b", line):
            label = line.split()[0].rstrip(":(")
        if line.startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("| ---"):
            header = [c.strip() for c in line.strip("|").split("|")]
            rows, i = [], i + 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append([c.strip() for c in lines[i].strip("|").split("|")])
                i += 1
            out.append((label, header, rows))
            continue
        i += 1
    return out


def series(all_tables):
    """{panel index: {name: [(size, cpu)]}}."""
    found = {k: {} for k in range(len(PANELS))}
    for label, header, rows in all_tables:
        if "CPU s" not in header:
            continue
        cpu_col = header.index("CPU s")
        for row in rows:
            kind, first = header[0], row[0]
            for k, (_, want_kind, values) in enumerate(PANELS):
                if kind != want_kind:
                    continue
                if values and not any(first.startswith(v) for v in values):
                    continue
                try:
                    size = float(row[1].replace(",", ""))
                    cpu = float(row[cpu_col])
                except (ValueError, IndexError):
                    continue  # "> 120": did not finish
                name = re.sub(r"\s*\(.*\)", "", first)
                if "," in name:  # "header columns, distinct names": the panel says the first part
                    name = name.split(",", 1)[1].strip()
                name = f"{name} ({label.lower()})" if label else name
                found[k].setdefault(name, []).append((size, max(cpu, FLOOR)))
    return found


def panel(x0, y0, w, h, title, data):
    parts = [f'<g transform="translate({x0},{y0})">',
             f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="14" font-weight="bold">{title}</text>']
    pts = [p for s in data.values() for p in s]
    if not pts:
        return "\n".join(parts + ["</g>"])
    lx = [math.log10(p[0]) for p in pts]
    ly = [math.log10(p[1]) for p in pts]
    xmin, xmax = math.floor(min(lx)), math.ceil(max(lx))
    ymin, ymax = math.floor(min(ly)), math.ceil(max(ly))
    xmax, ymax = max(xmax, xmin + 1), max(ymax, ymin + 1)
    left, top, pw, ph = 60, 30, w - 80, h - 110

    def px(x):
        return left + (math.log10(x) - xmin) / (xmax - xmin) * pw

    def py(y):
        return top + ph - (math.log10(y) - ymin) / (ymax - ymin) * ph

    parts.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for e in range(xmin, xmax + 1):
        x = px(10 ** e)
        parts.append(f'<line x1="{x}" y1="{top}" x2="{x}" y2="{top + ph}" stroke="#eee"/>')
        parts.append(f'<text x="{x}" y="{top + ph + 14}" text-anchor="middle" font-size="10">1e{e}</text>')
    for e in range(ymin, ymax + 1):
        y = py(10 ** e)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{left + pw}" y2="{y}" stroke="#eee"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 3}" text-anchor="end" font-size="10">{10 ** e:g} s</text>')
    # Reference slopes through the lower-left corner.
    for slope, dash in ((1, "4,3"), (2, "1,3")):
        x1, y1 = 10 ** xmin, 10 ** ymin
        x2 = 10 ** min(xmax, xmin + (ymax - ymin) / slope)
        y2 = y1 * (x2 / x1) ** slope
        parts.append(f'<line x1="{px(x1)}" y1="{py(y1)}" x2="{px(x2)}" y2="{py(y2)}" stroke="#555" '
                     f'stroke-dasharray="{dash}"/>')
    legend_y = top + ph + 30
    for n, (name, s) in enumerate(sorted(data.items())):
        colour = COLOURS[n % len(COLOURS)]
        s = sorted(s)
        path = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in s)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for a, b in s:
            parts.append(f'<circle cx="{px(a):.1f}" cy="{py(b):.1f}" r="3" fill="{colour}"/>')
        lx_, ly_ = left + (n % 2) * (pw / 2), legend_y + (n // 2) * 14
        parts.append(f'<line x1="{lx_}" y1="{ly_ - 4}" x2="{lx_ + 14}" y2="{ly_ - 4}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{lx_ + 18}" y="{ly_}" font-size="10">{name}</text>')
    parts.append("</g>")
    return "\n".join(parts)


def main(argv):
    doc = pathlib.Path(argv[0] if argv else "docs/reliability.md")
    out = pathlib.Path(argv[1] if len(argv) > 1 else "docs/img/scaling.svg")
    data = series(tables(doc.read_text(encoding="utf-8")))
    w, h = 460, 340
    body = [panel((k % 2) * w, (k // 2) * h, w, h, PANELS[k][0], data[k]) for k in range(len(PANELS))]
    note = ("CPU seconds against input size, log-log; dashed: slope 1 (linear), dotted: slope 2 (quadratic). "
            "A run that did not finish (before) is not drawn.")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * w}" height="{2 * h + 24}" '
           f'font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(body) +
           f'\n<text x="10" y="{2 * h + 16}" font-size="11">{note}</text>\n</svg>\n')
    out.write_text(svg, encoding="utf-8")
    print(f"plot_scaling.py: {out} ({sum(len(v) for v in data.values())} series)")


if __name__ == "__main__":
    main(sys.argv[1:])

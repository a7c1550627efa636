#!/usr/bin/env python3
"""Prints the first day of the month after the newest received_at of a CSV
(cron's day for that data), or DEFAULT when it has none.

Usage: next_month.py FILE.csv DEFAULT"""
import csv
import sys

path, default = sys.argv[1:3]
newest = ""
with open(path, encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f):
        newest = max(newest, (row.get("received_at") or "")[:7])
if len(newest) < 7:
    print(default)
else:
    y, m = int(newest[:4]), int(newest[5:7])
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    print(f"{y:04d}-{m:02d}-01")

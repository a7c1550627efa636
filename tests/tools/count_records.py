#!/usr/bin/env python3
"""count_records.py OUT.csv REJECTS.csv: prints 'written W, rejected R, total T'
counting parsed CSV records (not lines), so a test can check that every input
record was accounted for."""
import csv
import sys

w = sum(1 for _ in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
r = sum(1 for _ in csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
print(f"written {w}, rejected {r}, total {w + r}")

#!/usr/bin/env python3
"""check_accounting.py SUMMARY.json [OUT.csv [REJECTS.csv]]: checks "nothing is
lost" for one import run. In the --summary JSON, read = written + rejected for
every file and in total, and the totals are the sums of the files; when given,
OUT.csv holds exactly `written` records and REJECTS.csv exactly `rejected`
(CSV records, not lines). Prints 'read R = written W + rejected J' and exits 0,
or prints what does not add up and exits 1."""
import csv
import json
import sys


csv.field_size_limit(sys.maxsize)


def records(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return sum(1 for _ in csv.reader(f)) - 1  # minus the header


def main():
    s = json.load(open(sys.argv[1], encoding="utf-8"))
    problems = []
    for f in s["files"]:
        if f["read"] != f["written"] + f["rejected"]:
            problems.append(f"{f['path']}: read {f['read']} != written {f['written']} + rejected {f['rejected']}")
        if sum(f["rejected_by_reason"].values()) != f["rejected"]:
            problems.append(f"{f['path']}: rejected {f['rejected']} != sum of reasons {f['rejected_by_reason']}")
    for key in ("read", "written", "rejected"):
        if s[key] != sum(f[key] for f in s["files"]):
            problems.append(f"total {key} {s[key]} != sum over files")
    if s["read"] != s["written"] + s["rejected"]:
        problems.append(f"total read {s['read']} != written {s['written']} + rejected {s['rejected']}")
    if len(sys.argv) > 2 and records(sys.argv[2]) != s["written"]:
        problems.append(f"{sys.argv[2]} holds {records(sys.argv[2])} records, the summary says {s['written']} written")
    if len(sys.argv) > 3 and records(sys.argv[3]) != s["rejected"]:
        problems.append(f"{sys.argv[3]} holds {records(sys.argv[3])} records, the summary says {s['rejected']} rejected")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"read {s['read']} = written {s['written']} + rejected {s['rejected']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

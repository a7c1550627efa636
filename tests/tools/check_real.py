#!/usr/bin/env python3
"""check_real.py DIR DATA [--report]: imports every real export under DATA
(one folder a platform, DATA/<platform>/; the files are third-party and not in
the repository, tests/data/real/README.md) the way a new user would, with no
flags, and checks it against DIR/<platform>/expect (tests/data/real/):

    # comment
    file NAME               starts the block of one file of the folder
    profile NAME            the profile the auto-pick must choose
    written N               records written (the true number of responses)
    rejected N              rows rejected (title, header, total, empty rows)
    reject LINE REASON      one of them: its source line and reason
    filled COLUMN N         records with COLUMN non-empty (received_at, text,
                            score_overall, nps_score ...: mapped where the
                            source has them)
    cleaned N               records `fbkit clean` keeps (default: written;
                            fewer when it removes speeders or duplicates)

Every folder must also have a README.md naming where the file came from (its
repository and commit). Each file then runs through
`fbkit import F | fbkit clean | fbkit classify`, which must exit 0 and give
`cleaned` records. Prints `ok PLATFORM/FILE` per file, the mismatches
otherwise (exit 1). --report also runs `fbkit report` on the chain's output
and says whether it produced a report (information, not checked).
"""
import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
import subprocess
import sys
import tempfile


def read_expect(path):
    blocks, cur = [], None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            key, _, rest = line.partition(" ")
            if key == "file":
                cur = {"file": rest.strip(), "filled": {}, "reject": [], "line": n}
                blocks.append(cur)
            elif cur is None:
                raise SystemExit(f"{path}:{n}: '{key}' before any 'file' line")
            elif key in ("profile", "written", "rejected", "cleaned"):
                cur[key] = rest.strip()
            elif key == "filled":
                col, count = rest.split()
                cur["filled"][col] = int(count)
            elif key == "reject":
                ln, reason = rest.split()
                cur["reject"].append((ln, reason))
            else:
                raise SystemExit(f"{path}:{n}: unknown key '{key}'")
    return blocks


def records(text):
    return list(csv.DictReader(io.StringIO(text)))


def import_file(path, work):
    out, rej = os.path.join(work, "out.csv"), os.path.join(work, "rej.csv")
    p = subprocess.run(["fbkit", "import", path, "-o", out, "--rejects", rej],
                       capture_output=True, text=True, check=False)
    if p.returncode != 0:
        return None, p.stderr
    profile = ""
    for line in p.stderr.splitlines():
        if ": profile " in line:
            profile = line.split(": profile ", 1)[1].split(" ", 1)[0]
            break
    with open(out, encoding="utf-8", newline="") as f:
        written = records(f.read())
    with open(rej, encoding="utf-8", newline="") as f:
        rejected = records(f.read())
    return (profile, written, rejected), p.stderr


def run_chain(path, report):
    cmd = f"set -o pipefail; fbkit import '{path}' 2>/dev/null | fbkit clean 2>/dev/null | fbkit classify 2>/dev/null"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, check=False)
    if p.returncode != 0:
        return f"chain exit {p.returncode}", None
    n = len(records(p.stdout))
    note = None
    if report:
        r = subprocess.run(["fbkit", "report", "--format", "md", "-o", "-"], input=p.stdout,
                           capture_output=True, text=True, check=False)
        # Exit 3 is an alert (a target missed): the report is written.
        if r.returncode in (0, 3) and r.stdout.count("\n") > 10:
            note = "report ok" + (" (alert)" if r.returncode == 3 else "")
        else:
            note = "report FAILS (exit %d): %s" % (r.returncode, " ".join(r.stderr.strip().splitlines()[-1:]))
    return n, note


def check_block(folder, block, report):
    name = os.path.basename(folder) + "/" + block["file"]
    path = os.path.join(folder, block["file"])
    problems = []
    with tempfile.TemporaryDirectory() as work:
        result, err = import_file(path, work)
    if result is None:
        return name, ["import failed: " + err.strip()], None
    profile, written, rejected = result
    if "profile" in block and profile != block["profile"]:
        problems.append(f"profile {profile}, expected {block['profile']}")
    if "written" in block and len(written) != int(block["written"]):
        problems.append(f"written {len(written)}, expected {block['written']}")
    if "rejected" in block and len(rejected) != int(block["rejected"]):
        problems.append(f"rejected {len(rejected)}, expected {block['rejected']}")
    got_rejects = [(r.get("source_line", ""), r.get("reason", "")) for r in rejected]
    for want in block["reject"]:
        if want not in got_rejects:
            problems.append(f"no reject {want[1]} on line {want[0]} (got {got_rejects})")
    for col, want in block["filled"].items():
        got = sum(1 for r in written if r.get(col, "").strip())
        if got != want:
            problems.append(f"{col} filled in {got} records, expected {want}")
    n, note = run_chain(path, report)
    if not isinstance(n, int):
        problems.append(n)
    elif n != int(block.get("cleaned", len(written))):
        problems.append(f"import | clean | classify gave {n} records, expected {block.get('cleaned', len(written))}")
    return name, problems, note


def check_readme(folder):
    readme = os.path.join(folder, "README.md")
    if not os.path.isfile(readme):
        return ["no README.md saying where the files came from"]
    text = open(readme, encoding="utf-8").read().lower()
    return [f"README.md names no {w}" for w in ("repository", "commit") if w not in text]


def main():
    root, data = sys.argv[1], sys.argv[2]
    report = "--report" in sys.argv[3:]
    failed = 0
    platforms = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    # Every file's checks run side by side (each is a few processes that mostly
    # wait); the lines are printed in order.
    jobs = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        for platform in platforms:
            folder = os.path.join(root, platform)
            expect = os.path.join(folder, "expect")
            if not os.path.isfile(expect):
                jobs.append((platform, [f"FAIL {platform}: no expect file"], []))
                continue
            problems = [f"FAIL {platform}: {p}" for p in check_readme(folder)]
            files = os.path.join(data, platform)
            if not os.path.isdir(files):
                problems.append(f"FAIL {platform}: no folder {files} (its README.md says where the files come from)")
            futures = [pool.submit(check_block, files, block, report) for block in read_expect(expect)]
            jobs.append((platform, problems, futures))
        for _, problems, futures in jobs:
            for line in problems:
                print(line)
                failed += 1
            for future in futures:
                name, block_problems, note = future.result()
                print(("ok " if not block_problems else "FAIL ") + name +
                      ("; " + "; ".join(block_problems) if block_problems else ""))
                if note:
                    print("  " + note)
                failed += bool(block_problems)
    print(f"{len(platforms)} platforms")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

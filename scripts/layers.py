#!/usr/bin/env python3
"""The layers of lib/: which module may include which, checked from the sources.

    layers.py                 check; exit 1 naming every violation
    layers.py --graph         print the Mermaid picture of the modules (from the includes)
    layers.py --doc FILE      also check that FILE holds that picture between the
                              <!-- layers:begin --> and <!-- layers:end --> markers
    layers.py --write FILE    rewrite that part of FILE
    layers.py --self-test     check that the checker finds a back edge and an undeclared link

A module (a folder of lib/) may include headers of its own folder and of modules in
lower layers only: never a module above it, nor a sibling of its own layer. Its
sources.cmake declares `fbkit_module(NAME DEPENDS ...)`: exactly the modules it
includes, so the libraries it links are the ones it uses. lib/ never includes
cmd/ nor CLI11 (the command line stays in cmd/).
"""
import pathlib
import re
import sys
import tempfile

# Lowest first. Adding a module means adding it here (the check fails until then).
LAYERS = [
    ("foundation", ["core"]),
    ("values and formats", ["values", "text", "csv", "config"]),
    ("file formats", ["xlsx", "render"]),
    ("pipeline stages", ["import", "clean", "classify", "stats"]),
    ("the report", ["report"]),
    ("the monthly run", ["run"]),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)
DECLARE = re.compile(r"fbkit_module\(\s*(\w+)((?:\s+DEPENDS)?[^)]*)\)")
BEGIN, END = "<!-- layers:begin -->", "<!-- layers:end -->"


def layer_of():
    return {m: i for i, (_, mods) in enumerate(LAYERS) for m in mods}


def scan(root):
    """{module: {included module: first file:line that includes it}}, declared deps, problems."""
    lib = root / "lib"
    modules = sorted(p.name for p in lib.iterdir() if p.is_dir())
    includes, declared, problems = {}, {}, []
    for m in modules:
        includes[m] = {}
        for f in sorted((lib / m).rglob("*")):
            if f.suffix not in (".cpp", ".hpp", ".h"):
                continue
            text = f.read_text(encoding="utf-8", errors="replace")
            for match in INCLUDE.finditer(text):
                target = match.group(1)
                line = text.count("\n", 0, match.start()) + 1
                where = f"{f.relative_to(root)}:{line}"
                head = target.split("/")[0]
                if head in ("cmd", "CLI") or target.startswith("CLI/"):
                    problems.append(f"{where}: lib/ includes the command line ({target})")
                elif "/" in target and head in modules and head != m:
                    includes[m].setdefault(head, where)
        cmake = lib / m / "sources.cmake"
        decl = DECLARE.search(cmake.read_text()) if cmake.exists() else None
        if not decl or decl.group(1) != m:
            problems.append(f"lib/{m}/sources.cmake: no fbkit_module({m} ...) declaration")
            declared[m] = set()
        else:
            declared[m] = set(decl.group(2).replace("DEPENDS", " ").split())
    return modules, includes, declared, problems


def check(root):
    modules, includes, declared, problems = scan(root)
    layers = layer_of()
    for m in modules:
        if m not in layers:
            problems.append(f"lib/{m}: not in a layer: add it to LAYERS in scripts/layers.py")
    for m in modules:
        if m not in layers:
            continue
        for dep, where in sorted(includes[m].items()):
            if dep in layers and layers[dep] >= layers[m]:
                kind = "a sibling" if layers[dep] == layers[m] else "a higher layer"
                problems.append(f"{where}: {m} includes {dep}, {kind} ({LAYERS[layers[dep]][0]})")
        used, linked = set(includes[m]), declared[m]
        for dep in sorted(used - linked):
            problems.append(f"lib/{m}/sources.cmake: includes {dep} ({includes[m][dep]}) but does not declare it in DEPENDS")
        for dep in sorted(linked - used):
            problems.append(f"lib/{m}/sources.cmake: declares {dep} in DEPENDS but includes none of its headers")
    for m in layers:
        if m not in modules:
            problems.append(f"scripts/layers.py: LAYERS names {m}, which is not a folder of lib/")
    return problems


def graph(root):
    modules, includes, _, _ = scan(root)
    lines = ["```mermaid", "flowchart BT"]
    for i, (title, mods) in enumerate(LAYERS):
        lines.append(f'  subgraph L{i}["{i}: {title}"]')
        for m in mods:
            if m in modules:
                lines.append(f"    {m}")
        lines.append("  end")
    for m in modules:
        for dep in sorted(includes[m]):
            if dep != "core":  # every module includes core: its edges would hide the rest
                lines.append(f"  {m} --> {dep}")
    lines.append("```")
    return "\n".join(lines) + "\n"


def doc_block(doc):
    text = doc.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        return text, None
    head, rest = text.split(BEGIN, 1)
    body, tail = rest.split(END, 1)
    return text, (head, body, tail)


def self_test():
    """The checker must catch a back edge, a sibling edge and an undeclared dependency."""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for _, mods in LAYERS:
            for m in mods:
                (root / "lib" / m).mkdir(parents=True)
                (root / "lib" / m / "sources.cmake").write_text(f"fbkit_module({m})\n")
                (root / "lib" / m / "a.hpp").write_text('#include "core/error.hpp"\n' if m != "core" else "")
                if m != "core":
                    (root / "lib" / m / "sources.cmake").write_text(f"fbkit_module({m} DEPENDS core)\n")
        assert check(root) == [], check(root)
        (root / "lib" / "core" / "b.cpp").write_text('#include "report/report.hpp"\n')
        (root / "lib" / "clean" / "c.cpp").write_text('#include <string>\n#include "classify/classify.hpp"\n')
        found = check(root)
        want = [
            "lib/clean/c.cpp:2: clean includes classify, a sibling (pipeline stages)",
            "lib/core/b.cpp:1: core includes report, a higher layer (the report)",
            "lib/clean/sources.cmake: includes classify (lib/clean/c.cpp:2) but does not declare it in DEPENDS",
        ]
        missing = [w for w in want if w not in found]
        assert not missing, f"not found: {missing}\nfound: {found}"
    print("layers self-test: a back edge, a sibling edge and an undeclared dependency are found")


def main(argv):
    root = pathlib.Path(__file__).resolve().parent.parent
    if "--self-test" in argv:
        self_test()
        return 0
    if "--graph" in argv:
        sys.stdout.write(graph(root))
        return 0
    problems = check(root)
    for flag in ("--doc", "--write"):
        if flag in argv:
            doc = pathlib.Path(argv[argv.index(flag) + 1])
            text, parts = doc_block(doc)
            want = "\n" + graph(root)
            if parts is None:
                problems.append(f"{doc}: no {BEGIN} ... {END} block for the picture")
            elif flag == "--write":
                doc.write_text(parts[0] + BEGIN + want + END + parts[2], encoding="utf-8")
            elif parts[1] != want:
                problems.append(f"{doc}: the picture of the layers is out of date: run scripts/layers.py --write {doc}")
    for p in problems:
        print(f"layers: {p}", file=sys.stderr)
    if problems:
        return 1
    modules, includes, _, _ = scan(root)
    edges = sum(len(v) for v in includes.values())
    print(f"layers: {len(modules)} modules in {len(LAYERS)} layers, {edges} include edges, none upward or sideways")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

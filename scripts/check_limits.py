#!/usr/bin/env python3
"""The size limits of issue #14, checked from the sources.

    check_limits.py               check lib/ and cmd/; exit 1 naming every file or function over a limit
    check_limits.py --list        print every function with its length, longest first (no check)
    check_limits.py --self-test   check that the checker finds an oversized file and function

The limits: no file under lib/ or cmd/ over 500 lines, no cmd/ file over 200 lines
(a command binds options and calls the library), no function over 80 lines.

A function is a definition at namespace or class scope, from the first line of its
signature (template header included) to its closing brace. The scan blanks comments,
string, character and raw-string literals and preprocessor lines first, so a brace
in them does not count; lambdas and local classes count towards the function that
holds them. A data table is exempt when the line before its signature carries the
marker comment `// limits: data table`.

scripts/limits_allow.txt lists what is still over a limit on purpose, one entry a
line with its reason after `#`: `PATH` (the file's length) or `PATH:FUNCTION` (a
function of it; shell-style wildcards allowed). The list is for files other work
is about to reshape; an entry that matches nothing is reported, to be removed.
"""
import fnmatch
import pathlib
import re
import sys
import tempfile

FILE_LIMIT = 500
CMD_FILE_LIMIT = 200
FUNCTION_LIMIT = 80
MARKER = "limits: data table"
SUFFIXES = (".cpp", ".hpp", ".h", ".cc")

RAW_STRING = re.compile(r'R"([^()\\\s"]{0,16})\(')
ACCESS = re.compile(r"\s*(public|private|protected)\s*:$")


def blank(text):
    """text with comments, literals and preprocessor lines turned into spaces (newlines kept)."""
    out, i, n = [], 0, len(text)

    def spaces(s):
        return re.sub(r"[^\n]", " ", s)

    def ident_before(k):
        j = k
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
            j -= 1
        return text[j:k]

    line_start = True  # only whitespace so far on this line
    while i < n:
        c = text[i]
        if c == "\n":
            out.append(c)
            i += 1
            line_start = True
            continue
        if line_start and c == "#":
            j = i
            while True:  # to the end of the line, following backslash continuations
                k = text.find("\n", j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] == "\\" or (text[k - 1] == "\r" and text[k - 2] == "\\"):
                    j = k + 1
                    continue
                break
            out.append(spaces(text[i:k]))
            i = k
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            k = text.find("\n", i)
            k = n if k < 0 else k
            out.append(" " * (k - i))
            i = k
        elif text.startswith("/*", i):
            k = text.find("*/", i + 2)
            k = n if k < 0 else k + 2
            out.append(spaces(text[i:k]))
            i = k
        elif c == "R" and ident_before(i) in ("", "u8", "u", "U", "L") and RAW_STRING.match(text, i):
            m = RAW_STRING.match(text, i)
            close = ")" + m.group(1) + '"'
            k = text.find(close, m.end())
            k = n if k < 0 else k + len(close)
            out.append('"' + spaces(text[i + 1 : k - 1]) + '"')
            i = k
        elif c == '"' or (c == "'" and not ident_before(i)[:1].isdigit()):
            # a string or a character literal (a quote after a number is a digit separator)
            k = i + 1
            while k < n and text[k] != c and text[k] != "\n":
                k += 2 if text[k] == "\\" else 1
            k = min(k + 1, n)
            out.append(c + spaces(text[i + 1 : k - 1]) + c)
            i = k
        else:
            out.append(c)
            i += 1
    return "".join(out)


def top_level(s):
    """Yield (index, char) of s outside (), [] and {} groups."""
    depth = 0
    for i, c in enumerate(s):
        if c in "([{":
            if depth == 0:
                yield i, c
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                yield i, c
        elif depth == 0:
            yield i, c


def strip_headers(p):
    """p without leading attributes and template<...> headers."""
    while True:
        q = re.sub(r"^\[\[.*?\]\]\s*", "", p)
        if q.startswith("template"):
            k = q.find("<")
            depth, j = 0, k
            while 0 <= j < len(q):
                depth += {"<": 1, ">": -1}.get(q[j], 0)
                if depth == 0:
                    break
                j += 1
            q = q[j + 1 :].lstrip() if k >= 0 else q
        if q == p:
            return p
        p = q


def classify(prefix):
    """What a '{' after prefix (at namespace or class scope) opens: ('ns'|'class'|'func'|'other', name)."""
    p = strip_headers(prefix.strip())
    if re.match(r"(inline\s+)?namespace\b", p) or re.match(r'extern\s*"', p):
        return "ns", None
    tops = "".join(c for _, c in top_level(p))
    if re.match(r"(typedef\s+)?(class|struct|union)\b", p) and "=" not in tops and "(" not in tops.replace("alignas(", ""):
        return "class", None
    if re.match(r"enum\b", p):
        return "other", None
    opens = [i for i, c in top_level(p) if c == "("]
    if not opens:
        return "other", None
    first = opens[0]
    before = p[:first]
    if re.search(r"\boperator\s*$", before) and p[first : first + 2] == "()" and len(opens) > 1:
        first = opens[1]  # operator()(...)
        before = p[:first]
    if "=" in re.sub(r"\boperator\s*\S+", "operator", before):
        return "other", None  # a variable initialised with a lambda or a call
    depth, close = 0, len(p)
    for j in range(first, len(p)):
        depth += {"(": 1, ")": -1}.get(p[j], 0)
        if depth == 0:
            close = j
            break
    tail = p[close + 1 :]
    name = re.search(r"(operator\s*\S+|~?[A-Za-z_][\w:~]*)\s*$", before)
    name = re.sub(r"\s+", "", name.group(1)) if name else "?"
    if re.search(r"(?<!:):(?!:)", "".join(c for _, c in top_level(tail))):
        # a constructor's member initialisers: the body opens after the last ')' or '}'
        return ("func", name) if tail.rstrip().endswith((")", "}")) else ("other", None)
    return "func", name


def functions(text):
    """[(name, first line, last line)] of the definitions at namespace or class scope."""
    t = blank(text)
    found = []
    stack = ["ns"]  # what each open brace opened
    starts = []  # (name, prefix start) of the open functions
    prefix, paren = 0, 0
    for i, c in enumerate(t):
        scope = stack[-1] in ("ns", "class")
        if scope and c in "([":
            paren += 1
        elif scope and c in ")]":
            paren -= 1
        elif scope and c == ";" and paren == 0:
            prefix = i + 1
        elif scope and c == ":" and paren == 0 and ACCESS.match(t[prefix : i + 1]):
            prefix = i + 1
        elif c == "{":
            if not scope or paren > 0:
                stack.append("inner")
                continue
            kind, name = classify(t[prefix:i])
            stack.append(kind)
            if kind == "func":
                starts.append((name, prefix))
            elif kind in ("ns", "class"):
                prefix = i + 1
        elif c == "}":
            kind = stack.pop() if len(stack) > 1 else "ns"
            if kind == "func":
                name, start = starts.pop()
                start += len(t[start:]) - len(t[start:].lstrip())
                found.append((name, t.count("\n", 0, start) + 1, t.count("\n", 0, i) + 1))
                prefix = i + 1
            elif kind in ("ns", "class"):
                prefix = i + 1
            # an initialiser's braces ('other') leave the statement going on
    return found


def line_count(text):
    return len(text.splitlines())


def measure(root):
    """[(key, message)] of everything over a limit; key is 'path' or 'path:function'."""
    over = []
    for top in ("lib", "cmd"):
        for f in sorted((root / top).rglob("*")):
            if f.suffix not in SUFFIXES or not f.is_file():
                continue
            rel = f.relative_to(root).as_posix()
            text = f.read_text(encoding="utf-8", errors="replace")
            lines = line_count(text)
            limit = CMD_FILE_LIMIT if top == "cmd" else FILE_LIMIT
            if lines > limit:
                over.append((rel, f"{rel}: {lines} lines (limit {limit})"))
            raw = text.splitlines()
            for name, first, last in functions(text):
                length = last - first + 1
                if length > FUNCTION_LIMIT and not (first >= 2 and MARKER in raw[first - 2]):
                    over.append((f"{rel}:{name}", f"{rel}:{first}: function {name} is {length} lines (limit {FUNCTION_LIMIT})"))
    return over


def read_allow(path):
    """[(pattern, line)] of the allowlist; problems for entries without a reason."""
    entries, problems = [], []
    if not path.exists():
        return entries, problems
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body, _, reason = line.partition("#")
        if not body.strip():
            continue
        if not reason.strip():
            problems.append(f"{path.name}:{n}: '{body.strip()}' has no reason (write it after '#')")
        entries.append((body.strip(), n))
    return entries, problems


def check(root, allow_file):
    """(problems, allowed, stale): what fails, what the allowlist excuses, entries that match nothing."""
    entries, problems = read_allow(allow_file)
    used, allowed = set(), []
    for key, message in measure(root):
        hit = [pat for pat, _ in entries if fnmatch.fnmatchcase(key, pat)]
        if hit:
            used.update(hit)
            allowed.append(message)
        else:
            problems.append(message)
    stale = [f"{allow_file.name}:{n}: '{pat}' matches nothing over a limit: remove it" for pat, n in entries if pat not in used]
    return problems, allowed, stale


def self_test():
    """The checker must catch a long file, a long cmd file and a long function, and nothing else."""
    body = "\n".join(f"  x += {i};" for i in range(79))
    tricky = (
        'int braces() {\n  const char* a = "}}}";\n  char b = \'}\';\n  auto c = R"x(}})x";\n'
        "  // }\n  /* } */\n  return 1'000;\n}\n"
    )
    cases = {
        "lib/m/long.cpp": "int f() { return 1; }\n" * 501,
        "lib/m/ok.cpp": "int f() { return 1; }\n" * 500,
        "cmd/cmd_long.cpp": "int f() { return 1; }\n" * 201,
        "lib/m/fn.cpp": (
            "namespace n {\nclass K {\n public:\n  int g(int x) const {\n" + body + "\n  return x;\n  }\n};\n"
            + tricky
            + "int ok() {\n" + body.split("\n", 1)[1] + "\n}\n"
            + "// limits: data table\nconst int* table() {\n" + body + "\n" + body + "\n}\n"
            + "S::S(int v) : a{v}, b(v) {\n" + body + "\n  y();\n}\n"
            + "std::vector<int> v = {\n" + body + "\n};\n}  // namespace n\n"
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for rel, text in cases.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(text)
        names = [(n, a, b) for n, a, b in functions(cases["lib/m/fn.cpp"])]
        assert ("braces", 87, 94) in names and ("ok", 95, 174) in names, names
        problems, _, _ = check(root, root / "allow.txt")
        want = [
            "lib/m/fn.cpp:4: function g is 82 lines (limit 80)",
            "lib/m/fn.cpp:336: function S::S is 82 lines (limit 80)",
            "lib/m/long.cpp: 501 lines (limit 500)",
            "cmd/cmd_long.cpp: 201 lines (limit 200)",
        ]
        assert problems == want, f"want {want}\nfound {problems}"
        (root / "allow.txt").write_text("lib/m/long.cpp  # reshaped elsewhere\nlib/m/fn.cpp:S::*  # too\nlib/gone.cpp  # fixed\n")
        problems, allowed, stale = check(root, root / "allow.txt")
        assert problems == [want[0], want[3]], problems
        assert allowed == [want[1], want[2]], allowed
        assert stale == ["allow.txt:3: 'lib/gone.cpp' matches nothing over a limit: remove it"], stale
    print("limits self-test: an oversized file, cmd file and function are found; braces in literals and comments, "
          "initialisers and marked data tables are not")


def main(argv):
    root = pathlib.Path(__file__).resolve().parent.parent
    if "--self-test" in argv:
        self_test()
        return 0
    if "--list" in argv:
        rows = []
        for top in ("lib", "cmd"):
            for f in sorted((root / top).rglob("*")):
                if f.suffix in SUFFIXES:
                    rel = f.relative_to(root).as_posix()
                    for name, first, last in functions(f.read_text(encoding="utf-8", errors="replace")):
                        rows.append((last - first + 1, f"{rel}:{first}", name))
        for length, where, name in sorted(rows, reverse=True):
            print(f"{length:5d}  {where}  {name}")
        return 0
    allow_file = root / "scripts" / "limits_allow.txt"
    problems, allowed, stale = check(root, allow_file)
    for message in allowed:
        print(f"limits: allowed ({allow_file.name}): {message}")
    for message in stale:
        print(f"limits: note: {message}")
    for message in problems:
        print(f"limits: {message}", file=sys.stderr)
    if problems:
        return 1
    print(f"limits: files within {FILE_LIMIT} lines (cmd/ {CMD_FILE_LIMIT}), functions within {FUNCTION_LIMIT}; "
          f"{len(allowed)} allowed by {allow_file.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Scores of a Stryker.NET run, per engine folder, with the kills that only a pinned whole output made
counted apart (issue 30).

  score.py REPORT                      the scores of one run, and how many kills need the second pass
  score.py REPORT --spans              the --mutate arguments of the second pass: every killed mutant
                                       whose killers all pin a whole output (tests/mutation.sh runs it
                                       with CONNECTORLINT_SNAPSHOTS=off)
  score.py REPORT --assertions REPORT2 the scores, where a kill of REPORT that REPORT2 (the second
                                       pass) shows surviving is a kill by a snapshot only
  score.py --merge OUT REPORT...       one report of several first passes over different folders (their
                                       second pass can then run once)

REPORT is Stryker's mutation-report.json (the mutation-testing-elements schema: files, mutants with
status, location and killedBy; testFiles with each test's id and name). A test "pins a whole output"
when its class calls WholeOutputSnapshot.Match (read from the test sources, not from a list here).
"""
import json, os, re, sys
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
KILLED = {"Killed", "Timeout"}
TESTED = KILLED | {"Survived", "NoCoverage"}


def snapshot_classes():
    """Full names of the test classes that pin a whole output."""
    names = set()
    root = os.path.join(REPO, "tests", "ConnectorLint.Tests")
    for folder, _, files in os.walk(root):
        if os.sep + "obj" in folder or os.sep + "bin" in folder:
            continue
        for f in files:
            if not f.endswith(".cs") or f == "WholeOutputSnapshot.cs":
                continue
            text = open(os.path.join(folder, f), encoding="utf-8").read()
            if "WholeOutputSnapshot.Match(" not in text:
                continue
            ns = re.search(r"^namespace\s+([\w.]+)", text, re.M)
            for cls in re.finditer(r"^\s*(?:public|internal)\s+(?:sealed\s+|static\s+|partial\s+)*class\s+(\w+)", text, re.M):
                names.add(f"{ns.group(1)}.{cls.group(1)}" if ns else cls.group(1))
    return names


def folder_of(path):
    parts = path.replace("\\", "/").split("/")
    if "ConnectorLint" in parts:
        rest = parts[parts.index("ConnectorLint") + 1:]
        return rest[0] + "/" if len(rest) > 1 else "(root)"
    return "(other)"


def key(path, m):
    loc = m["location"]
    return (path.replace("\\", "/").split("src/ConnectorLint/")[-1], loc["start"]["line"], loc["start"]["column"],
            loc["end"]["line"], loc["end"]["column"], m["mutatorName"], m.get("replacement", ""))


def tests_of(report):
    names = {}
    for tf in (report.get("testFiles") or {}).values():
        for t in tf.get("tests", []):
            names[t["id"]] = t["name"]
    return names


def only_snapshot_kills(report):
    """The killed mutants whose every killer is a test of a class that pins a whole output."""
    classes = snapshot_classes()
    names = tests_of(report)
    if not names:
        sys.exit("score.py: the report names no tests (testFiles is empty): run with coverage-analysis perTest")

    def pins(test_id):
        name = names.get(test_id, "")
        return any(name == c or name.startswith(c + ".") for c in classes)

    found = []
    for path, f in report["files"].items():
        for m in f["mutants"]:
            if m["status"] in KILLED and m.get("killedBy") and all(pins(t) for t in m["killedBy"]):
                found.append((path, f, m))
    return found


def offsets(source):
    starts = [0]
    for i, c in enumerate(source):
        if c == "\n":
            starts.append(i + 1)
    return starts


def spans(report):
    """--mutate patterns that select the mutants of only_snapshot_kills: Stryker.NET's {start..end} are
    character offsets into the file."""
    by_file = defaultdict(list)
    for path, f, m in only_snapshot_kills(report):
        lines = offsets(f["source"])
        loc = m["location"]
        start = lines[loc["start"]["line"] - 1] + loc["start"]["column"] - 1
        end = lines[loc["end"]["line"] - 1] + loc["end"]["column"] - 1
        by_file[path].append((start, end))
    for path, ranges in sorted(by_file.items()):
        rel = path.replace("\\", "/").split("src/ConnectorLint/")[-1]
        yield "**/" + rel + "".join(f"{{{s}..{e}}}" for s, e in sorted(set(ranges)))


def table(report, snapshot_only=None):
    rows = defaultdict(lambda: defaultdict(int))
    for path, f in report["files"].items():
        folder = folder_of(path)
        for m in f["mutants"]:
            status = m["status"]
            if status not in TESTED:
                continue
            row = rows[folder]
            row["tested"] += 1
            if status in KILLED:
                row["killed"] += 1
                if snapshot_only is not None and key(path, m) in snapshot_only:
                    row["snapshot"] += 1
            else:
                row[status] += 1
    print("| Folder | Tested | Killed + timeout | of them only by a snapshot | Survived | No coverage | Score | Score by assertion |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for folder in sorted(rows):
        r = rows[folder]
        score = 100 * r["killed"] / r["tested"]
        if snapshot_only is None:
            snap, by_assertion = "(not measured)", ""
        else:
            snap = str(r["snapshot"])
            by_assertion = f"{100 * (r['killed'] - r['snapshot']) / r['tested']:.1f}%"
        print(f"| `{folder}` | {r['tested']} | {r['killed']} | {snap} | {r['Survived']} | {r['NoCoverage']} | {score:.1f}% | {by_assertion} |")


def merge(out, paths):
    merged = {"schemaVersion": "1", "thresholds": {"high": 90, "low": 85}, "files": {}, "testFiles": {}}
    for path in paths:
        report = json.load(open(path, encoding="utf-8"))
        for name, f in report["files"].items():
            if name in merged["files"]:
                sys.exit(f"score.py: {name} is in two reports")
            merged["files"][name] = f
        merged["testFiles"].update(report.get("testFiles") or {})
    json.dump(merged, open(out, "w", encoding="utf-8"))


def main(argv):
    if not argv:
        sys.exit(__doc__)
    if argv[0] == "--merge":
        merge(argv[1], argv[2:])
        return
    report = json.load(open(argv[0], encoding="utf-8"))
    if "--spans" in argv:
        for pattern in spans(report):
            print(pattern)
        return
    if "--assertions" in argv:
        second = json.load(open(argv[argv.index("--assertions") + 1], encoding="utf-8"))
        candidates = {key(p, m) for p, _, m in only_snapshot_kills(report)}
        survived, seen = set(), set()
        for path, f in second["files"].items():
            for m in f["mutants"]:
                if key(path, m) in candidates and m["status"] in TESTED:
                    seen.add(key(path, m))
                    if m["status"] not in KILLED:
                        survived.add(key(path, m))
        if candidates - seen:
            sys.exit(f"score.py: {len(candidates - seen)} mutants of the first pass are not in the second: run it with the --spans patterns")
        table(report, survived)
        return
    table(report)
    print(f"\nkilled only by tests that pin a whole output (the second pass re-runs these): {len(only_snapshot_kills(report))}")


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Runs one test suite for CTest and keeps its count, so that `./run test` can close with
one line, `N passed, N failed`, over every suite.

  suite.py run --results DIR --name NAME --kind catch2|tap -- COMMAND...
  suite.py summary --results DIR [--status CTEST_EXIT_STATUS]

`run` passes the suite's output through, writes DIR/NAME.json ({"passed", "failed"}) and
exits as the suite did. Counts are test cases: Catch2's summary line or TAP's `# pass` /
`# fail`; a suite that crashes or prints no summary counts as one failure.
"""
import argparse
import json
import os
import re
import subprocess
import sys

CATCH_ALL_PASSED = re.compile(r"All tests passed \(\d+ assertions? in (\d+) test cases?\)")
CATCH_SUMMARY = re.compile(r"test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed")
TAP_PASS = re.compile(r"^# pass (\d+)", re.M)
TAP_FAIL = re.compile(r"^# fail (\d+)", re.M)


def counts(kind, code, out):
    if kind == "catch2":
        m = CATCH_ALL_PASSED.search(out)
        if m and code == 0:
            return int(m.group(1)), 0
        m = CATCH_SUMMARY.search(out)
        if m:
            return int(m.group(2)), max(int(m.group(3)), 1 if code != 0 else 0)
        return 0, 1
    passed = sum(int(x) for x in TAP_PASS.findall(out))
    failed = sum(int(x) for x in TAP_FAIL.findall(out))
    if code != 0 and failed == 0:
        failed = 1
    if passed + failed == 0:
        failed = 1  # ran nothing
    return passed, failed


def run(args):
    proc = subprocess.Popen(args.command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line)
    proc.wait()
    passed, failed = counts(args.kind, proc.returncode, "".join(lines))
    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, f"{args.name}.json"), "w") as f:
        json.dump({"passed": passed, "failed": failed}, f)
    print(f"[{args.name}] {passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and proc.returncode == 0 else 1


def summary(args):
    passed = failed = 0
    names = sorted(n for n in os.listdir(args.results) if n.endswith(".json")) if os.path.isdir(args.results) else []
    for name in names:
        with open(os.path.join(args.results, name)) as f:
            c = json.load(f)
        passed, failed = passed + c["passed"], failed + c["failed"]
    if args.status != 0 and failed == 0:
        print(f"ctest exited {args.status} with every counted suite green: a suite did not run")
        failed += 1
    print(f"\n{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="verb", required=True)
    r = sub.add_parser("run")
    r.add_argument("--results", required=True)
    r.add_argument("--name", required=True)
    r.add_argument("--kind", choices=["catch2", "tap"], required=True)
    r.add_argument("command", nargs=argparse.REMAINDER)
    s = sub.add_parser("summary")
    s.add_argument("--results", required=True)
    s.add_argument("--status", type=int, default=0, help="ctest's exit status")
    args = ap.parse_args()
    if args.verb == "run":
        if args.command and args.command[0] == "--":
            args.command = args.command[1:]
        return run(args)
    return summary(args)


if __name__ == "__main__":
    sys.exit(main())

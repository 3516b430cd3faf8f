#!/usr/bin/env python3
"""Runs every test suite of ./run test and prints the closing line `N passed, N failed`.

Suites: the native Catch2 binaries (core, abon-validate, demo endpoint), the C library's
suites (tests/capi/: C, Python ctypes, PHP FFI; TAP counts), then the browser
tests (node's test runner driving Debian's Chromium). Counts are test cases; a suite that
crashes or prints no summary counts as one failure.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

CATCH_ALL_PASSED = re.compile(r"All tests passed \(\d+ assertions? in (\d+) test cases?\)")
CATCH_SUMMARY = re.compile(r"test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed")
TAP_PASS = re.compile(r"^# pass (\d+)", re.M)
TAP_FAIL = re.compile(r"^# fail (\d+)", re.M)


def run(cmd, env=None, cwd=None):
    print(f"\n=== {' '.join(cmd)}", flush=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                            text=True, errors="replace")
    lines = []
    for line in proc.stdout:
        sys.stdout.write(line)
        lines.append(line)
    proc.wait()
    return proc.returncode, "".join(lines)


def catch2_counts(code, out):
    m = CATCH_ALL_PASSED.search(out)
    if m and code == 0:
        return int(m.group(1)), 0
    m = CATCH_SUMMARY.search(out)
    if m:
        return int(m.group(2)), max(int(m.group(3)), 1 if code != 0 else 0)
    return 0, 1


def tap_counts(code, out):
    p = sum(int(x) for x in TAP_PASS.findall(out))
    f = sum(int(x) for x in TAP_FAIL.findall(out))
    return p, f if code == 0 or f else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--root", required=True)
    args = ap.parse_args()

    passed = failed = 0
    native = os.path.join(args.build, "native", "tests")
    suites = [os.path.join(native, "abon_core_tests"), os.path.join(native, "abon_cli_tests"),
              os.path.join(native, "server", "abon_server_tests"),
              os.path.join(args.build, "native", "wasm", "abon_widget_tests")]
    for exe in suites:
        if not os.path.exists(exe):
            print(f"missing test binary {exe}")
            failed += 1
            continue
        code, out = run([exe, "--order", "rand", "--rng-seed", "time"])
        p, f = catch2_counts(code, out)
        passed, failed = passed + p, failed + f

    # The C library (libabon-core.so) from C, Python (ctypes) and PHP (FFI): tests/capi/.
    capi = os.path.join(args.root, "tests", "capi")
    for cmd in ([os.path.join(native, "abon_capi_c_tests")],
                [sys.executable, os.path.join(capi, "test_abon_ctypes.py"), args.build, args.root],
                ["php", os.path.join(capi, "test_abon_ffi.php"), args.build, args.root]):
        if not shutil.which(cmd[0]):
            print(f"missing {cmd[0]}")
            failed += 1
            continue
        p, f = tap_counts(*run(cmd))
        passed, failed = passed + p, failed + f

    browser_tests = sorted(glob.glob(os.path.join(args.root, "tests", "browser", "*.test.mjs")))
    if browser_tests:
        env = dict(os.environ, ABON_BUILD_DIR=args.build, ABON_ROOT=args.root)
        code, out = run(["node", "--test", "--test-reporter=tap", *browser_tests], env=env, cwd=args.root)
        p = sum(int(x) for x in TAP_PASS.findall(out))
        f = sum(int(x) for x in TAP_FAIL.findall(out))
        if code != 0 and f == 0:
            f = 1
        passed, failed = passed + p, failed + f

    print(f"\n{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

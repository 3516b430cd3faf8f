#!/usr/bin/env python3
"""The C library (abon/abon.h) from Python through ctypes, with no compiled binding.

Usage: test_abon_ctypes.py NATIVE_BUILD_DIR ROOT_DIR (CTest passes them). Prints unittest's report, then the counts
that tests/run_all.py reads ("# pass N", "# fail N"); exits 1 when any test failed.

- Every row of tests/vectors/*.json goes through the library and through abon-validate:
  the same code and the same bytes, and the verdict the vector expects.
- Four threads at once give the answers one thread gives.
- Hostile bytes (invalid UTF-8, NULs, deep nesting, truncations, random bytes) give 0 or 2
  and a JSON answer, never a crash.
- Only the abon_* symbols are exported, the SONAME is versioned, and the installed library
  works through pkg-config: the README's C, Python and PHP examples run against it.
"""
import ctypes
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

NATIVE, ROOT = (os.path.abspath(p) for p in sys.argv[1:3]) if len(sys.argv) >= 3 else (None, None)
BUILD = NATIVE
LIBRARY = os.path.join(NATIVE or "", "shared", "libabon-core.so")
CLI = os.path.join(NATIVE or "", "shared", "abon-validate")

lib = ctypes.CDLL(LIBRARY)
lib.abon_validate_json.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                   ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_size_t)]
lib.abon_validate_json.restype = ctypes.c_int
lib.abon_free.argtypes = [ctypes.c_void_p]
lib.abon_free.restype = None
lib.abon_version.restype = ctypes.c_char_p


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def validate(body: bytes, lang: bytes = b"uk"):
    """(code, answer bytes) from the library."""
    out, out_len = ctypes.c_void_p(), ctypes.c_size_t()
    code = lib.abon_validate_json(body, len(body), lang, ctypes.byref(out), ctypes.byref(out_len))
    try:
        return code, ctypes.string_at(out, out_len.value) if out else b""
    finally:
        lib.abon_free(out)


def cli(body: bytes, lang: str = "uk"):
    """(exit code, stdout) from abon-validate."""
    p = subprocess.run([CLI, "--lang", lang], input=body, capture_output=True, timeout=60)
    return p.returncode, p.stdout


def vector_cases():
    """(name, field, input object, row, valid?) for every row of every vector file."""
    cases = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "*.json"))):
        doc = json.loads(read(path))
        for kind in ("valid", "invalid"):
            for i, row in enumerate(doc.get(kind, [])):
                field = row.get("field", doc["field"])
                data = {field: row["input"]}
                for key in ("surname", "account", "email", "password"):  # personal data; a confirmation's pair
                    if key in row and key != field:
                        data[key] = row[key]
                data.update(row.get("config", {}))
                cases.append((f"{os.path.basename(path)} {kind}[{i}] {row.get('note', '')}", field,
                              json.dumps(data, ensure_ascii=False).encode(), row, kind == "valid"))
    return cases


CASES = vector_cases() if ROOT else []


class Vectors(unittest.TestCase):
    def test_every_vector_gives_the_cli_bytes_and_the_expected_verdict(self):
        self.assertGreater(len(CASES), 300)
        checked = 0
        for name, field, body, row, valid in CASES:
            with self.subTest(name):
                lang = "en" if len(name) % 2 else "uk"  # both languages, over the rows
                code, answer = validate(body, lang.encode())
                cli_code, cli_out = cli(body, lang)
                self.assertEqual(code, cli_code)
                self.assertEqual(answer if code == 0 else b"", cli_out)
                if code != 0:
                    # Unreadable for the CLI as well (it says why on stderr), e.g. a
                    # captcha_length beyond 16, which the JSON input cannot take.
                    self.assertEqual(code, 2)
                    self.assertIn("error", json.loads(answer))
                    continue
                self.assertTrue(answer.endswith(b"\n"))
                verdict = json.loads(answer)["fields"][field]
                if row.get("caps_lock"):
                    continue  # the widget's observation; the JSON input has no such key
                checked += 1
                if valid:
                    self.assertTrue(verdict["ok"], verdict)
                    if field not in ("password", "password_confirm"):
                        self.assertEqual(verdict["value"], row["value"])
                    else:
                        self.assertNotIn("value", verdict)
                    got = [w["code"] for w in verdict.get("warnings", [])]
                    for w in row.get("warnings", []):
                        self.assertIn(w, got)
                else:
                    self.assertFalse(verdict["ok"])
                    self.assertEqual(verdict["code"], row["code"])
                if "suggestion" in row:
                    self.assertEqual(verdict.get("suggestion"), row["suggestion"])
        self.assertGreater(checked, 300)

    def test_the_cli_and_the_library_agree_on_unreadable_input(self):
        for body in (b"", b"[1,2]", b"{account:", b'{"account": 1234567}', b'{"captcha_length": "5"}',
                     b'{"apostrophe": "x"}', b'{"patronymic_optional": "yes"}'):
            with self.subTest(body):
                code, answer = validate(body)
                self.assertEqual(code, 2)
                self.assertEqual(cli(body)[0], 2)
                self.assertIsInstance(json.loads(answer)["error"], str)


class Threads(unittest.TestCase):
    def test_four_threads_at_once_give_the_answers_of_one(self):
        expected = [validate(body) for _, _, body, _, _ in CASES]
        results, errors = {}, []

        def work(n):
            try:
                results[n] = [validate(body) for _, _, body, _, _ in CASES for _ in range(3)][::3]
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        for n in range(4):
            self.assertEqual(results[n], expected, f"thread {n}")


class Hostile(unittest.TestCase):
    FULL = json.dumps({"surname": "Шевченко", "given_name": "Тарас", "patronymic": "Григорович",
                       "account": "1-234-56-7", "password": "Zxcv-9137-secret",
                       "password_confirm": "Zxcv-9137-secret", "email": "taras@ukr.net",
                       "email_confirm": "taras@ukr.net", "captcha": "KXRTA", "last_payment": "1234,56",
                       "captcha_length": 5}, ensure_ascii=False).encode()

    def assert_answered(self, body, codes=(0, 2)):
        code, answer = validate(body)
        self.assertIn(code, codes, body[:80])
        parsed = json.loads(answer)
        self.assertIn("fields" if code == 0 else "error", parsed)
        return code, parsed

    def test_invalid_utf8_is_unreadable(self):
        for body in (b'{"surname":"\xff\xfe"}', b'{"surname":"\xc0\x80"}', b'{"email":"a\xed\xa0\x80@ukr.net"}',
                     b'{"surname":"\\ud800"}', b'\xef\xbb\xbf\xff{}'):
            with self.subTest(body):
                self.assert_answered(body, codes=(2,))

    def test_nul_bytes(self):
        self.assert_answered(b'{"surname":"a\x00b"}', codes=(2,))
        self.assert_answered(b"\x00" * 1000, codes=(2,))
        self.assert_answered('{"surname":"Ш"}\0'.encode(), codes=(2,))
        # Escaped, a NUL is valid JSON: the rule refuses it as text.
        _, parsed = self.assert_answered(b'{"surname":"\\u0000"}', codes=(0,))
        self.assertEqual(parsed["fields"]["surname"]["code"], "invalid_text")

    def test_huge_nesting(self):
        self.assert_answered(b'{"surname":' + b"[" * 1_000_000, codes=(2,))
        self.assert_answered(b"[" * 1_000_000 + b"]" * 1_000_000, codes=(2,))
        # The core's reader refuses nesting past 256 levels (kMaxJsonDepth), even in an
        # ignored key: before, nlohmann read 200 000 of them. Below the limit it is read.
        deep = lambda n: b'{"ignored":' + b"[" * n + b"]" * n + b',"account":"1234567"}'
        self.assert_answered(deep(200_000), codes=(2,))
        _, parsed = self.assert_answered(deep(200), codes=(0,))
        self.assertEqual(parsed["fields"]["account"]["value"], "1-234-56-7")

    def test_every_truncation_of_a_whole_form_is_unreadable(self):
        self.assertEqual(self.assert_answered(self.FULL, codes=(0,))[1]["ok"], True)
        for cut in range(len(self.FULL)):
            self.assert_answered(self.FULL[:cut], codes=(2,))

    def test_too_large(self):
        self.assert_answered(b'{"surname":"' + b"a" * (16 << 20) + b'"}', codes=(2,))

    def test_random_bytes_and_mutations(self):
        rng = random.Random(15)
        for _ in range(3000):
            self.assert_answered(bytes(rng.randrange(256) for _ in range(rng.randrange(64))))
        for _ in range(3000):
            body = bytearray(self.FULL)
            for _ in range(rng.randrange(1, 6)):
                body[rng.randrange(len(body))] = rng.randrange(256)
            self.assert_answered(bytes(body))

    def test_the_password_is_never_in_the_answer(self):
        _, parsed = self.assert_answered(self.FULL, codes=(0,))
        self.assertNotIn(b"Zxcv-9137-secret", validate(self.FULL)[1])
        self.assertTrue(parsed["fields"]["password"]["ok"])


def symbols(path, *nm_args):
    out = subprocess.run(["nm", *nm_args, path], capture_output=True, text=True, check=True).stdout
    return [line.split()[-1] for line in out.splitlines() if line.strip() and not line.endswith(":")]


class Linking(unittest.TestCase):
    def test_only_the_abon_symbols_are_exported(self):
        defined = [s for s in symbols(LIBRARY, "-D", "--defined-only") if s != "ABON_CORE_0"]
        self.assertEqual(sorted(s.split("@")[0] for s in defined),
                         ["abon_free", "abon_validate_json", "abon_version"])
        self.assertTrue(all(s.endswith("@@ABON_CORE_0") for s in defined), defined)

    def test_the_soname_is_versioned(self):
        dynamic = subprocess.run(["objdump", "-p", LIBRARY], capture_output=True, text=True, check=True).stdout
        self.assertRegex(dynamic, r"SONAME\s+libabon-core\.so\.0\n")
        self.assertEqual(os.path.realpath(LIBRARY), os.path.realpath(LIBRARY + ".0"))

    def test_the_static_twin_defines_the_api(self):
        archive = os.path.join(NATIVE, "shared", "libabon-core.a")
        defined = symbols(archive, "--defined-only", "-g")
        for name in ("abon_validate_json", "abon_free", "abon_version"):
            self.assertIn(name, defined)

    def test_abon_version(self):
        version = re.search(r"project\(abon_signup VERSION (\S+)", read(os.path.join(ROOT, "CMakeLists.txt")))
        self.assertEqual(lib.abon_version().decode(), version.group(1))


def readme_block(lang, holding=""):
    """The first ```lang block of the README's integrator guide that holds `holding`."""
    text = read(os.path.join(ROOT, "README.md"))
    section = text.split("\n## Validating on the server", 1)[1].split("\n## ", 1)[0]
    return next(b for b in re.findall(r"```" + lang + r"\n(.*?)```", section, re.S) if holding in b)


class Installed(unittest.TestCase):
    """cmake --install into a temporary prefix; the README's examples run against it."""

    @classmethod
    def setUpClass(cls):
        cls.prefix = tempfile.mkdtemp(prefix="abon-install-")
        subprocess.run(["cmake", "--install", NATIVE, "--prefix", cls.prefix, "--component", "abon-core"],
                       check=True, capture_output=True)
        pc = glob.glob(os.path.join(cls.prefix, "**", "abon-core.pc"), recursive=True)
        cls.pkgconfig_dir = os.path.dirname(pc[0]) if pc else None
        cls.libdir = os.path.dirname(cls.pkgconfig_dir) if pc else None
        cls.env = dict(os.environ, PKG_CONFIG_PATH=cls.pkgconfig_dir or "", LD_LIBRARY_PATH=cls.libdir or "")
        cls.body = Hostile.FULL

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.prefix, ignore_errors=True)

    def pkg_config(self, *args):
        return subprocess.run(["pkg-config", *args, "abon-core"], env=self.env, capture_output=True, text=True,
                              check=True).stdout.split()

    def test_the_files_are_in_place(self):
        self.assertIsNotNone(self.pkgconfig_dir)
        for name in ("libabon-core.so", "libabon-core.so.0", "libabon-core.a"):
            self.assertTrue(os.path.exists(os.path.join(self.libdir, name)), name)
        self.assertTrue(os.path.exists(os.path.join(self.prefix, "include", "abon", "abon.h")))
        self.assertEqual(self.pkg_config("--modversion"), [lib.abon_version().decode()])

    def compile_readme_c(self, out, link_args):
        src = os.path.join(self.prefix, "revalidate.c")
        with open(src, "w") as f:
            f.write(readme_block("c", holding="int main"))
        subprocess.run(["cc", "-std=c99", "-Wall", "-Werror", "-o", out, src, *self.pkg_config("--cflags"),
                        *link_args], env=self.env, check=True, capture_output=True)

    def test_the_readme_c_example_builds_with_pkg_config_and_answers_as_the_cli(self):
        exe = os.path.join(self.prefix, "revalidate")
        self.compile_readme_c(exe, self.pkg_config("--libs"))
        run = subprocess.run([exe], input=self.body, env=self.env, capture_output=True, timeout=60)
        self.assertEqual((run.returncode, run.stdout), cli(self.body))
        bad = subprocess.run([exe], input=b"{", env=self.env, capture_output=True, timeout=60)
        self.assertEqual(bad.returncode, 2)
        self.assertIn(b"error", bad.stderr)

    def test_the_static_twin_links_without_the_shared_library(self):
        exe = os.path.join(self.prefix, "revalidate-static")
        libs = [a for a in self.pkg_config("--static", "--libs") if a != "-labon-core"]
        self.compile_readme_c(exe, [os.path.join(self.libdir, "libabon-core.a"), *libs])
        needed = subprocess.run(["objdump", "-p", exe], capture_output=True, text=True, check=True).stdout
        self.assertNotIn("libabon-core", needed)
        run = subprocess.run([exe], input=self.body, capture_output=True, timeout=60)
        self.assertEqual((run.returncode, run.stdout), cli(self.body))

    def test_the_readme_python_example(self):
        script = readme_block("python") + (
            "\nimport sys\ncode, verdict = abon_validate(sys.stdin.buffer.read())\n"
            "print(code, json.dumps(verdict, ensure_ascii=False, sort_keys=True))\n"
            "print(json.dumps(widget_errors(abon_validate(b'{\"account\":\"12\",\"email\":\"a@ukr.net\"}')[1])))\n")
        run = subprocess.run([sys.executable, "-c", script], input=self.body, env=self.env, capture_output=True,
                             timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr)
        expected = json.dumps(json.loads(cli(self.body)[1]), ensure_ascii=False, sort_keys=True)
        self.assertEqual(run.stdout.decode().splitlines(),
                         ["0 " + expected, '{"errors": {"account": "account_digit_count"}}'])

    @unittest.skipUnless(shutil.which("php"), "php-cli is not installed")
    def test_the_readme_php_example(self):
        script = os.path.join(self.prefix, "example.php")
        with open(script, "w") as f:
            f.write("<?php\n" + readme_block("php") +
                    '\n[$code, $verdict] = abon_validate(file_get_contents("php://stdin"));\n'
                    'echo $code, " ", json_encode($verdict["fields"]["account"]), "\\n";\n')
        run = subprocess.run(["php", script], input=self.body, env=self.env, capture_output=True, timeout=60)
        self.assertEqual(run.returncode, 0, run.stderr + run.stdout)
        self.assertEqual(run.stdout.decode().strip(), '0 {"ok":true,"value":"1-234-56-7"}')


if __name__ == "__main__":
    if not BUILD:
        sys.exit("usage: test_abon_ctypes.py NATIVE_BUILD_DIR ROOT_DIR")
    result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"# pass {result.testsRun - failed - len(result.skipped)}\n# fail {failed}")
    sys.exit(1 if failed or not result.testsRun else 0)

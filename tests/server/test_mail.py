#!/usr/bin/python3
"""The letters' way out, with real peers: the demo endpoint's binary, a real SMTP server on
loopback (aiosmtpd, scripted to answer 4xx, 5xx or drop the line), dkimpy verifying the
signature against the test key (its DNS lookup stubbed) and SpamAssassin scoring the letter.

Usage: test_mail.py path/to/abon-demo-server (CTest passes it). Runs under Debian's python3
(/usr/bin/python3), where python3-aiosmtpd and python3-dkim are. Prints unittest's report,
then "# pass N" and "# fail N" for tests/suite.py.

- No fixed sleeps: every wait is for an event (a line of the server's log, a letter at the
  SMTP server, a row's state), bounded by a deadline.
- ABON_SMTP_RETRY_S=0.2 makes the growing waits 0.2 s, 0.4 s, 0.8 s …
"""
import base64
import email
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

import dkim
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

SERVER = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else None
SENDER = "noreply@te.pl.ua"
DOMAIN, SELECTOR = "te.pl.ua", "abon2026"
CAPTCHA = "KXMNA"  # spelt in the demo alphabet (ABON_CAPTCHA_FIXED must be)
ACCOUNTS = [  # the built-in demo accounts
    ("1-234-56-7", "Шевченко", "Тарас", "Григорович", 123456),
    ("2-345-67-8", "Петренко-Стельмах", "Оксана", "Іванівна", 98700),
    ("3-456-78-9", "Мʼякота", "Марʼяна", "Вʼячеславівна", 45050),
]
DEADLINE = 20  # seconds any one awaited event may take


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(predicate, what, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def openssl(*args, data=None):
    return subprocess.run(["openssl", *args], input=data, check=True, capture_output=True).stdout


class Keys:
    """An RSA key pair made once per run with openssl, and the DKIM TXT record of its public half."""
    dir = tempfile.mkdtemp(prefix="abon-mail-keys-")

    @classmethod
    def make(cls, bits):
        path = os.path.join(cls.dir, f"dkim-{bits}.pem")
        if not os.path.exists(path):
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}", "-out", path)
        return path

    @classmethod
    def txt_record(cls, path):
        der = openssl("pkey", "-in", path, "-pubout", "-outform", "DER")
        return b"v=DKIM1; k=rsa; p=" + base64.b64encode(der)


class Peer:
    """A real SMTP server (aiosmtpd) whose answers to RCPT follow a script: "accept", "451",
    "550" or "drop" (the line closed without an answer); after the script, it accepts."""

    def __init__(self, port=None, **smtp_options):
        self.port = port or free_port()
        self.options = smtp_options
        self.script = []
        self.tries = []      # (time, what it answered) per RCPT
        self.letters = []    # (mail_from, rcpt_tos, content bytes, over TLS, authenticated as)
        self.cond = threading.Condition()
        self.controller = None

    def start(self):
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()
        return self

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.cond:
            mode = self.script.pop(0) if self.script else "accept"
            self.tries.append((time.monotonic(), mode))
            self.cond.notify_all()
        if mode == "451":
            return "451 4.3.0 Try again later"
        if mode == "550":
            return "550 5.1.1 Mailbox unavailable"
        if mode == "drop":
            server.transport.close()
            return "421 4.3.0 closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.cond:
            self.letters.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                                 session.ssl is not None, session.authenticated))
            self.cond.notify_all()
        return "250 2.0.0 Ok: queued"

    def wait_letters(self, n):
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.letters) >= n, DEADLINE):
                raise AssertionError(f"{len(self.letters)} letters arrived, {n} expected")
            return list(self.letters)

    def wait_tries(self, n):
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.tries) >= n, DEADLINE):
                raise AssertionError(f"{len(self.tries)} tries, {n} expected")
            return list(self.tries)


class Demo:
    """The demo endpoint's binary over a data folder; its log is read as it comes."""

    def __init__(self, data_dir, env):
        self.data_dir, self.env = data_dir, env
        self.lines, self.cond, self.proc = [], threading.Condition(), None

    def start(self):
        site = os.path.join(self.data_dir, "site")
        os.makedirs(site, exist_ok=True)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "ABON_PORT": "0", "ABON_DATA_DIR": self.data_dir,
               "ABON_CAPTCHA_FIXED": CAPTCHA, "ABON_SENDER": SENDER, "ABON_RESEND_INTERVAL_S": "0",
               "ABON_SMTP_RETRY_S": "0.2", **self.env}
        self.proc = subprocess.Popen([SERVER, "--site", site], env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_line(r"listening on http://127\.0\.0\.1:(\d+)/")
        self.port = int(re.search(r":(\d+)/", line).group(1))
        return self

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append(line.rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.lines.append("<exit>")
            self.cond.notify_all()

    def wait_line(self, pattern, count=1):
        rx = re.compile(pattern)
        with self.cond:
            ok = self.cond.wait_for(lambda: sum(bool(rx.search(l)) for l in self.lines) >= count, DEADLINE)
            if not ok:
                raise AssertionError(f"no log line like {pattern!r} (×{count}); log:\n" + "\n".join(self.lines))
            return [l for l in self.lines if rx.search(l)][count - 1]

    def log(self):
        with self.cond:
            return "\n".join(self.lines)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=DEADLINE)
        if self.proc:
            with self.cond:
                self.cond.wait_for(lambda: "<exit>" in self.lines, DEADLINE)  # the reader is done with the pipe
            self.proc.stderr.close()
        self.proc = None

    def request(self, method, path, body=None, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", content_type)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def register(self, index, mail_to):
        account, surname, given, patronymic, kopecks = ACCOUNTS[index]
        status, body = self.request("GET", "/api/captcha")
        assert status == 200, body
        payload = {"surname": surname, "given_name": given, "patronymic": patronymic, "account": account,
                   "password": "Zorepad-7315-Lis", "email": mail_to, "last_payment_kopecks": kopecks, "lang": "uk",
                   "captcha": {"token": json.loads(body)["token"], "answer": CAPTCHA}}
        status, body = self.request("POST", "/api/register", json.dumps(payload))
        assert status == 201, (status, body)
        return json.loads(body)["handle"]

    def letter_rows(self):
        with sqlite3.connect(os.path.join(self.data_dir, "abon-demo.sqlite")) as db:
            return db.execute("SELECT id, kind, state, attempts, last_reply, message IS NULL FROM letters "
                              "ORDER BY id").fetchall()


def token_in(content):
    m = re.search(rb"/api/confirm\?token=([0-9a-f]{64})", content)
    return m.group(1).decode() if m else None


def headers_of(content):
    return content.split(b"\r\n\r\n", 1)[0].decode()


def verify(content, txt):
    def dns(name, timeout=5):
        return txt if name == f"{SELECTOR}._domainkey.{DOMAIN}.".encode() or name == f"{SELECTOR}._domainkey.{DOMAIN}." \
            else None
    return dkim.verify(content, dnsfunc=dns)


class MailTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="abon-mail-")
        self.peers, self.demos = [], []

    def tearDown(self):
        for d in self.demos:
            d.stop()
        for p in self.peers:
            p.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def peer(self, **options):
        p = Peer(**options)
        self.peers.append(p)
        return p

    def demo(self, **env):
        d = Demo(self.dir, env)
        self.demos.append(d)
        return d.start()

    def smtp_env(self, peer, **more):
        key = Keys.make(2048)
        return {"ABON_SMTP_URL": f"smtp://127.0.0.1:{peer.port}", "ABON_DKIM_DOMAIN": DOMAIN,
                "ABON_DKIM_SELECTOR": SELECTOR, "ABON_DKIM_KEY": key, **more}

    # --- Delivered, signed, clean ---------------------------------------------------------

    def test_a_registration_letter_reaches_the_smtp_server_signed_and_verifying(self):
        peer = self.peer().start()
        demo = self.demo(**self.smtp_env(peer))
        started = time.monotonic()
        demo.register(0, "taras.test@ukr.net")
        mail_from, rcpt, content, _, _ = peer.wait_letters(1)[0]
        took = time.monotonic() - started
        self.assertLess(took, 10)
        self.assertEqual((mail_from, rcpt), ("noreply@te.pl.ua", ["taras.test@ukr.net"]))
        msg = email.message_from_bytes(content)
        self.assertIn("noreply@te.pl.ua", msg["From"])
        sig = dict(kv.strip().split("=", 1) for kv in re.sub(r"\s+", "", msg["DKIM-Signature"]).split(";") if kv)
        self.assertEqual((sig["a"], sig["c"], sig["d"], sig["s"]), ("rsa-sha256", "relaxed/relaxed", DOMAIN, SELECTOR))
        signed = sig["h"].lower().split(":")
        for h in ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"]:
            self.assertIn(h, signed)
        self.assertEqual(signed.count("from"), 2)  # oversigned: no From can be added
        txt = Keys.txt_record(Keys.make(2048))
        self.assertTrue(verify(content, txt), "the signature does not verify")
        # One byte changed anywhere signed breaks it: in the body, and in the Subject.
        body_at = content.index(b"\r\n\r\n") + 10
        self.assertFalse(verify(content[:body_at] + bytes([content[body_at] ^ 1]) + content[body_at + 1:], txt))
        subject_at = content.index(b"\r\nSubject: =?UTF-8?B?") + 22
        self.assertFalse(verify(content[:subject_at] + b"Q" + content[subject_at + 1:], txt))
        # …and another domain's key does not verify it.
        self.assertFalse(verify(content, Keys.txt_record(Keys.make(3072))))
        self.assertEqual(demo.letter_rows()[0][1:4], ("confirmation", "sent", 1))
        self.assertTrue(demo.letter_rows()[0][5], "a sent letter's text (its live link) is not kept")
        print(f"\n# delivered in {took:.2f} s; its headers:\n# " + headers_of(content).replace("\r\n", "\n# "))

    @unittest.skipUnless(shutil.which("spamassassin"), "spamassassin is not installed")
    def test_spamassassin_scores_the_delivered_letter_at_most_half_a_point(self):
        peer = self.peer().start()
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "taras.test@ukr.net")
        content = peer.wait_letters(1)[0][2]
        run = subprocess.run(["spamassassin", "-L", "-t"], input=content, capture_output=True, timeout=120)
        report = run.stdout.decode(errors="replace")
        m = re.search(r"X-Spam-Status: \w+, score=(-?[\d.]+)", report)
        self.assertIsNotNone(m, report + run.stderr.decode(errors="replace"))
        score = float(m.group(1))
        tests = re.search(r"tests=([^\n]*(?:\n\t[^\n]*)*)", report)
        print(f"\n# SpamAssassin -L: score {score}, tests {tests.group(1).split() if tests else '?'}")
        self.assertLessEqual(score, 0.5, report)

    # --- Faults ---------------------------------------------------------------------------

    def test_letters_written_while_the_mail_server_is_down_arrive_once_it_is_up_none_twice(self):
        peer = self.peer()  # not started: connections are refused
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "first@ukr.net")
        demo.register(1, "second@ukr.net")
        demo.wait_line(r"mail: letter 2 queued after try 2 \(no reply\): .*, next try in")  # retried, waiting longer
        self.assertEqual({r[2] for r in demo.letter_rows()}, {"queued"})
        peer.start()
        letters = peer.wait_letters(2)
        demo.wait_line(r"mail: letter 2 sent")
        demo.wait_line(r"mail: letter 1 sent")
        self.assertEqual(sorted(l[1][0] for l in letters), ["first@ukr.net", "second@ukr.net"])
        self.assertEqual([r[2] for r in demo.letter_rows()], ["sent", "sent"])  # nothing left to send again
        self.assertEqual(len(peer.letters), 2)

    def test_4xx_is_retried_with_growing_waits_then_delivered(self):
        peer = self.peer().start()
        peer.script = ["451", "451", "451"]
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "taras.test@ukr.net")
        peer.wait_letters(1)
        demo.wait_line(r"mail: letter 1 sent")
        tries = peer.wait_tries(4)
        gaps = [b[0] - a[0] for a, b in zip(tries, tries[1:])]
        self.assertEqual([t[1] for t in tries], ["451", "451", "451", "accept"])
        self.assertGreaterEqual(gaps[0], 0.2)
        self.assertGreaterEqual(gaps[1], 0.4)
        self.assertGreaterEqual(gaps[2], 0.8)
        row = demo.letter_rows()[0]
        self.assertEqual(row[2:4], ("sent", 4))
        self.assertRegex(demo.log(), r"letter 1 queued after try 1 \(451\): .*, next try in 1 s")
        print(f"\n# 451 ×3 then 250: gaps {', '.join(f'{g:.2f}' for g in gaps)} s; 4 tries")

    def test_5xx_is_final_and_never_retried(self):
        peer = self.peer().start()
        peer.script = ["550"]
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "nobody@ukr.net")
        demo.wait_line(r"mail: letter 1 failed after try 1 \(550\)")
        demo.register(1, "second@ukr.net")  # the queue goes on; the refused letter stays refused
        self.assertEqual(peer.wait_letters(1)[0][1], ["second@ukr.net"])
        demo.wait_line(r"mail: letter 2 sent")
        rows = demo.letter_rows()
        self.assertEqual(rows[0][2:4], ("failed", 1))
        self.assertIn("550", rows[0][4])
        self.assertEqual(len(peer.tries), 2)
        print(f"\n# 550: failed after 1 try, last reply {rows[0][4]!r}")

    def test_a_dropped_connection_is_retried(self):
        peer = self.peer().start()
        peer.script = ["drop"]
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "taras.test@ukr.net")
        peer.wait_letters(1)
        demo.wait_line(r"mail: letter 1 sent after try 2")
        self.assertEqual([t[1] for t in peer.tries], ["drop", "accept"])
        self.assertEqual(len(peer.letters), 1)
        print(f"\n# dropped line: {demo.letter_rows()[0][2:4]}, log: "
              f"{demo.wait_line('mail: letter 1 queued after try 1')!r}")

    def test_the_mail_server_restarted_with_letters_waiting(self):
        peer = self.peer().start()
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "first@ukr.net")
        peer.wait_letters(1)
        peer.stop()
        demo.register(1, "second@ukr.net")
        demo.wait_line(r"mail: letter 2 queued after try 1")
        peer.start()  # the same port
        letters = peer.wait_letters(2)
        demo.wait_line(r"mail: letter 2 sent")
        self.assertEqual([l[1] for l in letters], [["first@ukr.net"], ["second@ukr.net"]])

    def test_the_demo_restarted_with_letters_waiting_sends_each_once_and_the_link_works(self):
        peer = self.peer()  # down
        demo = self.demo(**self.smtp_env(peer))
        demo.register(0, "taras.test@ukr.net")
        demo.wait_line(r"mail: letter 1 queued after try 1")
        demo.stop()
        state, tries = demo.letter_rows()[0][2:4]
        self.assertEqual(state, "queued")
        peer.start()
        again = self.demo(**self.smtp_env(peer))
        content = peer.wait_letters(1)[0][2]
        again.wait_line(r"mail: letter 1 sent")
        status, _ = again.request("POST", "/api/confirm", "token=" + token_in(content),
                                  "application/x-www-form-urlencoded")
        self.assertEqual(status, 200)
        self.assertEqual(len(peer.letters), 1)
        self.assertEqual(again.letter_rows()[0][2:4], ("sent", tries + 1))

    def test_a_newer_letter_makes_the_queued_older_ones_obsolete(self):
        peer = self.peer()  # down
        demo = self.demo(**self.smtp_env(peer))
        handle = demo.register(0, "taras.test@ukr.net")
        for _ in range(2):
            status, body = demo.request("POST", "/api/resend", json.dumps({"handle": handle}))
            self.assertEqual(status, 200, body)
        status, body = demo.request("POST", "/api/change-email", json.dumps({"handle": handle, "email": "new@ukr.net"}))
        self.assertEqual(status, 200, body)
        rows = demo.letter_rows()
        self.assertEqual([r[2] for r in rows], ["obsolete", "obsolete", "obsolete", "queued"])
        self.assertTrue(all(r[5] for r in rows[:3]), "an obsolete letter's text (a dead link) is dropped")
        peer.start()
        content = peer.wait_letters(1)[0][2]
        demo.wait_line(r"mail: letter 4 sent")
        self.assertEqual(peer.letters[0][1], ["new@ukr.net"])
        self.assertEqual(len(peer.letters), 1)
        status, _ = demo.request("POST", "/api/confirm", "token=" + token_in(content), "application/x-www-form-urlencoded")
        self.assertEqual(status, 200)

    # --- TLS and AUTH ---------------------------------------------------------------------

    def tls_peer(self, **options):
        cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        return self.peer(tls_context=context, **options), cert

    def test_starttls_and_auth_with_a_private_ca_and_the_password_never_logged(self):
        seen = []

        def authenticator(server, session, envelope, mechanism, auth_data):
            seen.append((auth_data.login, auth_data.password))
            return AuthResult(success=auth_data.login == b"abon" and auth_data.password == b"s3cret-Pa55")

        peer, cert = self.tls_peer(require_starttls=True, auth_required=True, authenticator=authenticator)
        peer.start()
        demo = self.demo(**self.smtp_env(peer, ABON_SMTP_TLS="required", ABON_SMTP_CA_FILE=cert,
                                         ABON_SMTP_USER="abon", ABON_SMTP_PASSWORD="s3cret-Pa55"))
        demo.register(0, "taras.test@ukr.net")
        _, _, _, over_tls, authenticated = peer.wait_letters(1)[0]
        self.assertTrue(over_tls and authenticated)
        self.assertEqual(seen, [(b"abon", b"s3cret-Pa55")])
        demo.wait_line(r"mail: letter 1 sent")
        self.assertNotIn("s3cret-Pa55", demo.log())

    def test_tls_required_never_sends_in_clear(self):
        peer = self.peer().start()  # offers no STARTTLS
        demo = self.demo(**self.smtp_env(peer, ABON_SMTP_TLS="required"))
        demo.register(0, "taras.test@ukr.net")
        demo.wait_line(r"mail: letter 1 queued after try 2")
        self.assertEqual(peer.letters, [])
        self.assertRegex(demo.letter_rows()[0][4], r"(?i)ssl|tls")

    # --- Without a mail server, and refused set-ups -----------------------------------------

    def test_without_abon_smtp_url_the_outbox_gets_the_signed_letter(self):
        env = self.smtp_env(Peer())
        del env["ABON_SMTP_URL"]
        demo = self.demo(**env)
        demo.register(0, "taras.test@ukr.net")
        outbox = os.path.join(self.dir, "outbox")
        files = [f for f in os.listdir(outbox) if f.endswith(".eml")]  # written before the 201
        self.assertEqual(len(files), 1)
        with open(os.path.join(outbox, files[0]), "rb") as f:
            self.assertTrue(verify(f.read(), Keys.txt_record(Keys.make(2048))))
        self.assertEqual(demo.letter_rows()[0][2], "sent")

    def test_a_short_dkim_key_or_an_unaligned_domain_stops_the_start(self):
        for env, message in [({"ABON_DKIM_KEY": Keys.make(1024)}, "at least 2048 bits"),
                             ({"ABON_DKIM_DOMAIN": "example.org"}, "does not align")]:
            site = os.path.join(self.dir, "site")
            os.makedirs(site, exist_ok=True)
            run = subprocess.run([SERVER, "--site", site], capture_output=True, text=True, timeout=DEADLINE,
                                 env={"ABON_PORT": "0", "ABON_DATA_DIR": self.dir, "ABON_SENDER": SENDER,
                                      **self.smtp_env(Peer()), **env})
            self.assertNotEqual(run.returncode, 0)
            self.assertIn(message, run.stderr)


if __name__ == "__main__":
    if not SERVER:
        sys.exit("usage: test_mail.py path/to/abon-demo-server")
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"], exit=False).result
    finally:
        shutil.rmtree(Keys.dir, ignore_errors=True)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"# pass {result.testsRun - failed - len(result.skipped)}\n# fail {failed}")
    sys.exit(1 if failed or not result.testsRun else 0)

"""Locust users of the load benchmarks: writers submitting, judges scoring, organizers, public.

The same people as the hand-written simulators (``_surge_writer``, ``_stack_users``),
driven by Locust (FastHttpUser, headless) instead of threads: ``locust_load.py``
starts the stack, writes the run's setup (accounts, codes, rubric, rates) to a JSON
file named by ``LOCUST_SETUP`` and runs ``locust -f benchmarks/locustfile.py``.

- Writer: log in, then every ``writer_interval`` s submit one whole entry as a browser
  does: new-entry form, save with the typed text and a .docx, review, declaration
  and submit, receipt (5 requests). A submit that redirects to its receipt is
  acknowledged (at its monotonic moment, for the check lag); the acknowledgements
  are checked against the database afterwards.
- Judge: alternately open an entry of their queue and autosave a score sheet on it
  (the version read from the score form; a 2xx save is acknowledged).
  Its whole time (form to receipt) is reported as the pseudo-endpoint
  ``submission`` in Locust's stats.
- Organizer: the dashboards in turn. Public: the public page.
Each user starts at i/N of its interval (no thundering herd), then keeps
``constant_pacing``. At the end (``test_stop``) every request (kind, monotonic start,
seconds, status, ok) and every acknowledgement go to JSON files in ``LOCUST_OUT``.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, constant_pacing, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _surge_http import multipart
from _surge_text import DocxFactory, story, story_words, submission_code

SETUP = json.loads(Path(os.environ["LOCUST_SETUP"]).read_text())
OUT = Path(os.environ["LOCUST_OUT"])
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
KEY = re.compile(r'name="key"[^>]*value="([^"]*)"')
REVIEW = re.compile(r"^/writer/entries/(\d+)/review$")
NUMBER = re.compile(r"\b[A-Z]{1,10}\d{4}-\d{6}\b")
VERSION = re.compile(
    r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"'
)

RECORDS: list[list] = []  # [kind, monotonic start, seconds, status, ok]
ACKS: list[dict] = []  # acknowledged submissions (the fields of _surge_writer.Ack)
SAVES: dict[str, dict] = {}  # "judge|code" -> last acknowledged save
UNKNOWN: set[str] = set()  # "judge|code" whose save had an unknown outcome


@events.request.add_listener
def _record(name, response_time, response, exception, **_kw) -> None:
    if name == "submission":
        return  # a whole submission (five requests), not one more request
    status = getattr(response, "status_code", 0) or 0
    label = str(status) if status else type(exception).__name__
    seconds = response_time / 1000
    RECORDS.append(
        [name, time.monotonic() - seconds, seconds, label, exception is None]
    )


@events.spawning_complete.add_listener
def _spawned(user_count, **_kw) -> None:
    partial = OUT / "spawned.part"  # renamed whole: a reader never sees it half-written
    partial.write_text(str(time.monotonic()))
    partial.replace(OUT / "spawned")


@events.test_stop.add_listener
def _dump(**_kw) -> None:
    (OUT / "records.json").write_text(json.dumps(RECORDS))
    (OUT / "acks.json").write_text(json.dumps(ACKS, ensure_ascii=False))
    (OUT / "saves.json").write_text(
        json.dumps({"saves": SAVES, "unknown": sorted(UNKNOWN)}, ensure_ascii=False)
    )


class Person(FastHttpUser):
    """Base: one account (from a shared pool), its cookies, a staggered start."""

    abstract = True
    pool: itertools.count
    accounts: ClassVar[list[str]] = []
    interval = 1.0
    network_timeout = connection_timeout = 30.0

    def on_start(self) -> None:
        self.index = next(self.pool)
        self.rng = random.Random(f"{type(self).__name__}-{self.index}")
        self.account = self.accounts[self.index] if self.accounts else ""
        if self.account:
            self.login()
        gevent.sleep(self.interval * self.index / max(1, self.fixed_count))

    def send(self, kind: str, method: str, path: str, expect: int, **kw):
        """One request named `kind`; a failure unless the status is `expect`."""
        with self.client.request(
            method, path, name=kind, catch_response=True, allow_redirects=False, **kw
        ) as reply:
            if reply.status_code != expect:
                reply.failure(f"{reply.status_code} instead of {expect}")
        location = reply.headers.get("Location") or "" if reply.headers else ""
        if reply.status_code == 302 and "/auth/login" in location and self.account:
            self.login()  # sent to the login page (session lost): log in again
        return reply

    def post_form(self, kind: str, path: str, fields: list, expect: int, **headers):
        body = urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.send(kind, "POST", path, expect, data=body, headers=headers)

    def login(self) -> None:
        """Log in through the real form (a few tries)."""
        for _ in range(5):
            page = self.send("login_form", "GET", "/auth/login", 200)
            token = CSRF.search(page.text or "")
            fields = [
                ("csrf_token", token.group(1) if token else ""),
                ("email", self.account),
                ("password", SETUP["password"]),
            ]
            if self.post_form("login", "/auth/login", fields, 302).status_code == 302:
                return
            gevent.sleep(1)


def _paced(cls, accounts: list[str], count: int, interval: float):
    cls.pool, cls.accounts, cls.fixed_count = itertools.count(), accounts, count
    cls.interval, cls.wait_time = interval, constant_pacing(interval)


class Writer(Person):
    """A writer submitting whole entries (see the module docstring)."""

    @task
    def submit(self) -> None:
        serial = getattr(self, "serial", 0) + 1
        self.serial = serial
        code = submission_code(self.index, serial, SETUP["run_id"])
        piece = story(self.rng, story_words(self.rng, SETUP["word_limit"]), code)
        docx = DOCX.make(piece.paragraphs)
        started = time.perf_counter()
        form = self.send("writer_form", "GET", "/writer/entries/new", 200)
        key, token = KEY.search(form.text or ""), CSRF.search(form.text or "")
        if form.status_code != 200 or not key or not token:
            return
        fields = [
            ("csrf_token", token.group(1)),
            ("key", key.group(1)),
            ("title", piece.title),
            ("track_id", str(SETUP["track_id"])),
            ("field_id", str(SETUP["field_id"])),
            ("genre", "Ký"),
            ("text", piece.text),
            ("authors-0-full_name", f"Tác giả {self.index:03d}"),
            ("authors-0-phone", "0912 345 678"),
            ("authors-0-email", self.account),
            ("featured-0-name", piece.featured),
            ("featured-0-unit_name", "Phường Hàng Bạc"),
            ("featured-0-summary", "Nhiều năm lặng lẽ giúp đỡ người khó khăn."),
            ("review", "1"),
        ]
        files = [("document", f"bai du thi {serial}.docx", DOCX_MIME, docx)]
        body, content_type = multipart(fields, files)
        saved = self.send(
            "writer_save",
            "POST",
            "/writer/entries/new",
            302,
            data=body,
            headers={"Content-Type": content_type},
        )
        review_path = urlsplit(saved.headers.get("Location") or "").path
        match = REVIEW.match(review_path)
        if saved.status_code != 302 or not match:
            return
        review = self.send("writer_review", "GET", review_path, 200)
        again = CSRF.search(review.text or "")
        declaration = [
            ("csrf_token", again.group(1) if again else token.group(1)),
            ("declaration", "y"),
        ]
        done = self.post_form("writer_submit", review_path, declaration, 302)
        receipt_path = urlsplit(done.headers.get("Location") or "").path
        if done.status_code != 302 or not receipt_path.endswith(
            f"/entries/{match.group(1)}/receipt"
        ):
            return
        ack = {
            "entry_id": int(match.group(1)),
            "number": None,
            "code": code,
            "owner_email": self.account,
            "docx_sha256": hashlib.sha256(docx).hexdigest(),
            "words": piece.words,
            "acked_at": time.monotonic(),  # the submit's answer (check lag)
        }
        ACKS.append(ack)  # acknowledged by the redirect, even if the receipt fails
        receipt = self.send("writer_receipt", "GET", receipt_path, 200)
        found = NUMBER.search(receipt.text or "")
        ack["number"] = found.group(0) if found else None
        events.request.fire(  # the whole submission, timed like one request
            request_type="FLOW",
            name="submission",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            response=None,
            exception=None,
            context={},
        )


class Judge(Person):
    """A judge opening entries and autosaving score sheets."""

    @task
    def read_or_score(self) -> None:
        codes = SETUP["judge_codes"].get(self.account) or []
        if not codes:
            return
        self.turn = getattr(self, "turn", 0) + 1
        if self.turn % 2:
            self.code = self.rng.choice(codes)
            self.send("judge_open", "GET", f"/judge/entries/{self.code}", 200)
            return
        self.save(self.code)

    def save(self, code: str) -> None:
        versions = self.__dict__.setdefault("versions", {})
        url = f"/judge/entries/{code}/score"
        if code not in versions or not getattr(self, "csrf", ""):
            form = self.send("judge_score_form", "GET", url, 200)
            if form.status_code != 200:
                return
            found = VERSION.search(form.text or "")
            versions[code] = int(next(g for g in found.groups() if g)) if found else 0
            token = CSRF.search(form.text or "")
            self.csrf = token.group(1) if token else ""
        values = {
            str(cid): str(self.rng.randint(0, int(top)))
            for cid, top, _step in SETUP["criteria"]
        }
        comment = f"Nhận xét {self.index}-{self.turn}"
        fields = [("csrf_token", self.csrf), ("version", str(versions[code]))]
        fields += [(f"value-{cid}", v) for cid, v in values.items()]
        fields.append(("overall_comment", comment))
        reply = self.post_form(
            "judge_save",
            url,
            fields,
            200,
            **{"X-Autosave": "1"},
            Accept="application/json",
        )
        key = f"{self.account}|{code}"
        if 200 <= reply.status_code < 300:
            try:
                versions[code] = int(json.loads(reply.text)["version"])
            except (ValueError, KeyError, TypeError):
                versions[code] = -1
            SAVES[key] = {
                "version": versions[code],
                "values": values,
                "comment": comment,
            }
            UNKNOWN.discard(key)
            return
        versions.pop(code, None)
        if reply.status_code in (400, 403, 404, 409, 422, 429):
            return  # refused by the app: nothing was written
        if key in SAVES:
            SAVES[key]["unknown_after"] = True
        else:
            UNKNOWN.add(key)


class Organizer(Person):
    """An organizer on the dashboards in turn."""

    @task
    def dashboard(self) -> None:
        base = f"/organizer/editions/{SETUP['edition_id']}"
        pages = [
            ("organizer_home", "/organizer/"),
            ("organizer_entries", f"{base}/entries"),
            ("organizer_participation", f"{base}/participation"),
        ]
        self.turn = getattr(self, "turn", self.index) + 1
        kind, path = pages[self.turn % len(pages)]
        self.send(kind, "GET", path, 200)


class Public(Person):
    """The public page, anonymously."""

    @task
    def visit(self) -> None:
        self.send("public", "GET", SETUP["public_path"], 200)


DOCX = DocxFactory()
MIX = SETUP["mix"]
_paced(Writer, SETUP["writers"], MIX["writers"], MIX["writer_interval"])
_paced(Judge, list(SETUP["judge_codes"]), MIX["judges"], MIX["judge_interval"])
_paced(Organizer, SETUP["organizer_pool"], MIX["organizers"], MIX["organizer_interval"])
_paced(Public, [], MIX["visitors"], MIX["public_interval"])

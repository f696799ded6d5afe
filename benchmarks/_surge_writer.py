"""One simulated writer of the surge: log in once, then submit entries until the deadline.

A submission is what a person does in a browser: open the new-entry form, post it
with the typed text and a .docx (the server reads the file and keeps its text), read
the review page, tick the declaration and submit, read the receipt. Every request's
status and wall time is recorded; an entry counts as acknowledged once the submit
POST redirects to its receipt (the receipt page then gives its number).
"""

from __future__ import annotations

import hashlib
import http.client
import random
import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from _surge_http import Browser, Reply
from _surge_text import DocxFactory, story, story_words, submission_code

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KEY = re.compile(r'name="key"[^>]*value="([^"]*)"')
REVIEW = re.compile(r"^/writer/entries/(\d+)/review$")
NUMBER = re.compile(r"\b[A-Z]{1,10}\d{4}-\d{6}\b")


@dataclass(frozen=True)
class Plan:
    """What every writer needs to know: the server, the form choices and the clock."""

    host: str
    port: int
    password: str
    track_id: int
    field_id: int
    run_id: str
    word_limit: int  # the track's; stories stay under it
    timeout: float
    clients: int
    upload: bool  # send a .docx with each entry
    interval: float  # seconds between one writer's submission starts; 0: back to back


@dataclass
class Clock:
    """The measured window, set once every writer has logged in."""

    start: float = 0.0
    deadline: float = 0.0


@dataclass(frozen=True)
class Ack:
    """An acknowledged submission: the entry, its receipt number, what was sent."""

    entry_id: int
    number: str | None
    code: str
    owner_email: str
    docx_sha256: str  # "" when no file was sent
    words: int  # of the story, the app's count
    acked_at: float = 0.0  # time.monotonic() when the submit answered (check lag)


@dataclass
class Failure:
    """A request that did not answer as a browser expects."""

    step: str
    status: str  # an HTTP status, or the network error's name
    request_id: str
    detail: str


@dataclass
class WriterResult:
    """Everything one writer saw."""

    acks: list[Ack] = field(default_factory=list)
    started_at: list[float] = field(default_factory=list)  # of acknowledged ones
    submission_seconds: list[float] = field(default_factory=list)
    step_seconds: dict[str, list[float]] = field(
        default_factory=lambda: defaultdict(list)
    )
    statuses: Counter = field(default_factory=Counter)  # (step, status) -> count
    errors: Counter = field(default_factory=Counter)  # (step, status) -> count
    failures: list[Failure] = field(
        default_factory=list
    )  # the first few, for the report
    login_failures: int = 0
    late_starts: int = (
        0  # paced submissions that started late (the previous one ran long)
    )


class StepFailed(Exception):
    """A step answered unexpectedly; the submission is abandoned."""

    def __init__(
        self, step: str, reply: Reply | None, status: str, detail: str = ""
    ) -> None:
        super().__init__(f"{step}: {status}")
        self.step, self.reply, self.status, self.detail = step, reply, status, detail


class Writer:
    """One writer account driving the app through its own cookie jar."""

    def __init__(self, index: int, email: str, plan: Plan) -> None:
        self.index, self.email, self.plan = index, email, plan
        self.browser = Browser(plan.host, plan.port, timeout=plan.timeout)
        self.result = WriterResult()
        self.rng = random.Random(f"{plan.run_id}-{index}")
        self.docx = DocxFactory()

    # -- requests with bookkeeping ---------------------------------------------------

    def _call(self, step: str, send, expect: int) -> Reply:
        try:
            reply = send()
        except (OSError, http.client.HTTPException) as error:
            self.result.statuses[(step, type(error).__name__)] += 1
            raise StepFailed(
                step, None, type(error).__name__, str(error)[:200]
            ) from None
        self.result.statuses[(step, str(reply.status))] += 1
        self.result.step_seconds[step].append(reply.seconds)
        if reply.status != expect:
            raise StepFailed(step, reply, str(reply.status), _snippet(reply))
        return reply

    def login(self) -> bool:
        """Log in through the real form (a few tries); False if it never worked."""
        for _attempt in range(5):
            try:
                page = self._call(
                    "login_form", lambda: self.browser.get("/auth/login"), 200
                )
                fields = [
                    ("csrf_token", page.csrf()),
                    ("email", self.email),
                    ("password", self.plan.password),
                ]
                self._call(
                    "login",
                    lambda f=fields: self.browser.post_form("/auth/login", f),
                    302,
                )
                return True
            except StepFailed as failure:
                self._record(failure)
                self.result.login_failures += 1
                time.sleep(1)
        return False

    def _record(self, failure: StepFailed) -> None:
        request_id = failure.reply.request_id if failure.reply else ""
        self.result.errors[(failure.step, failure.status)] += 1
        if len(self.result.failures) < 20:
            self.result.failures.append(
                Failure(failure.step, failure.status, request_id, failure.detail)
            )

    # -- one submission --------------------------------------------------------------

    def submit_one(self, serial: int) -> None:
        """Submit one entry from the empty form to the receipt."""
        code = submission_code(self.index, serial, self.plan.run_id)
        words = story_words(self.rng, self.plan.word_limit)
        piece = story(self.rng, words, code)
        docx = self.docx.make(piece.paragraphs) if self.plan.upload else b""
        browser = self.browser
        began, started = time.monotonic(), time.perf_counter()
        form = self._call("form", lambda: browser.get("/writer/entries/new"), 200)
        key = KEY.search(form.text)
        if key is None:
            raise StepFailed("form", form, "no-form", _snippet(form))
        fields = [
            ("csrf_token", form.csrf()),
            ("key", key.group(1)),
            ("title", piece.title),
            ("track_id", str(self.plan.track_id)),
            ("field_id", str(self.plan.field_id)),
            ("genre", "Ký"),
            ("text", piece.text),
            ("authors-0-full_name", f"Tác giả {self.index:03d}"),
            ("authors-0-phone", "0912 345 678"),
            ("authors-0-email", self.email),
            ("featured-0-name", piece.featured),
            ("featured-0-unit_name", "Phường Hàng Bạc"),
            ("featured-0-summary", "Nhiều năm lặng lẽ giúp đỡ người khó khăn."),
            ("review", "1"),
        ]
        files = (
            [("document", f"bai du thi {serial}.docx", DOCX_MIME, docx)] if docx else []
        )
        saved = self._call(
            "save",
            lambda: browser.post_multipart("/writer/entries/new", fields, files),
            302,
        )
        match = REVIEW.match(saved.path())
        if match is None:
            raise StepFailed("save", saved, "wrong-redirect", saved.location)
        entry_id = int(match.group(1))
        review = self._call("review", lambda: browser.get(saved.path()), 200)
        declaration = [
            ("csrf_token", review.csrf() or form.csrf()),
            ("declaration", "y"),
        ]
        done = self._call(
            "submit", lambda: browser.post_form(saved.path(), declaration), 302
        )
        if not done.path().endswith(f"/entries/{entry_id}/receipt"):
            raise StepFailed("submit", done, "wrong-redirect", done.location)
        acked_at = time.monotonic()
        number = None
        try:
            receipt = self._call("receipt", lambda: browser.get(done.path()), 200)
            found = NUMBER.search(receipt.text)
            number = found.group(0) if found else None
        finally:
            # Acknowledged by the submit redirect, even if the receipt page failed.
            sha = hashlib.sha256(docx).hexdigest() if docx else ""
            self.result.acks.append(
                Ack(entry_id, number, code, self.email, sha, piece.words, acked_at)
            )
        self.result.submission_seconds.append(time.perf_counter() - started)
        self.result.started_at.append(began)

    def run(
        self, ready: threading.Barrier, go: threading.Event, clock: Clock
    ) -> WriterResult:
        """Log in, wait for everyone, submit until the deadline (finishing the last one).

        Paced (interval > 0): writer i starts at start + i/N of an interval, then every
        interval, so N writers offer N/interval submissions per second. A writer whose
        previous submission ran past its next slot starts at once and counts it late;
        it never bunches up missed slots. Unpaced: back to back (the capacity).
        """
        logged_in = self.login()
        ready.wait()
        go.wait()
        if not logged_in:
            return self.result
        interval = self.plan.interval
        slot = clock.start + interval * self.index / max(1, self.plan.clients)
        serial = 0
        while slot < clock.deadline:
            time.sleep(max(0.0, slot - time.monotonic()))
            serial += 1
            try:
                self.submit_one(serial)
            except StepFailed as failure:
                self._record(failure)
                if (
                    failure.reply is not None
                    and "/auth/login" in failure.reply.location
                ):
                    self.login()
                time.sleep(0.2)  # a person would look at the error before retrying
            now = time.monotonic()
            slot = slot + interval if interval else now
            if slot < now:
                self.result.late_starts += 1
                slot = now
        return self.result


def _snippet(reply: Reply) -> str:
    """A short hint of what came back (page title or first characters)."""
    title = re.search(r"<title>(.*?)</title>", reply.text, re.S)
    hint = title.group(1).strip() if title else reply.text[:160]
    if reply.location:
        hint += f" -> {reply.location}"
    return " ".join(hint.split())[:200]

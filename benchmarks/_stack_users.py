"""The stack benchmark's simulated judges, organizers and public visitors.

Each user is a thread with its own cookie jar (``_surge_http.Browser``), logs in once
through the real form (judges, organizers), then acts on a paced schedule: user i of
N with interval T starts at i/N of T, then every T (a late action starts at once and
is counted late, missed slots are not bunched up), until the phase's deadline. Every
request is recorded as (kind, start, seconds, status) for the report and the drills.

A judge alternates: open an entry of their queue (``GET /judge/entries/<code>``, the
reading view), then save a score on it as the page's autosave does (``POST
/judge/entries/<code>/score`` with ``X-Autosave: 1``, the sheet's version, values per
criterion and a comment; JSON back). The version comes from the score form (``GET
…/score``) the first time a code is scored or after an unclear answer. A 2xx save is
acknowledged: (version, values, comment) become what the database must hold; a save
whose outcome is unknown (network error, 5xx, 502) is remembered as such.
"""

from __future__ import annotations

import http.client
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from _surge_http import Browser, Reply

CSRF_ANY = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(
    r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"'
)


@dataclass
class Schedule:
    """The phase's clock: when it starts and ends (monotonic seconds)."""

    start: float = 0.0
    deadline: float = 0.0


@dataclass
class Record:
    """One request: kind, start (monotonic), wall seconds, status or error name."""

    kind: str
    at: float
    seconds: float
    status: str
    ok: bool


@dataclass
class SaveAck:
    """The last acknowledged score save of one (judge, code), and what came after."""

    version: int
    values: dict[str, str]
    comment: str
    unknown_after: bool = False  # a later save's outcome is unknown


@dataclass
class UserLog:
    """Everything one simulated user saw."""

    records: list[Record] = field(default_factory=list)
    account: str = ""
    late: int = 0
    login_failed: bool = False
    saves: dict[str, SaveAck] = field(default_factory=dict)  # code -> last ack
    unknown: set[str] = field(default_factory=set)  # codes with an unclear first save


class Client(Browser):
    """A Browser that can add headers (X-Autosave) to a form POST."""

    def post_headers(self, path: str, fields: list[tuple[str, str]], extra: dict):
        """POST an urlencoded form with extra headers."""
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Connection": "close",
            "Content-Type": "application/x-www-form-urlencoded",
            **extra,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        connection = http.client.HTTPConnection(
            self.host, self.port, timeout=self.timeout
        )
        try:
            connection.request("POST", path, body=urlencode(fields), headers=headers)
            response = connection.getresponse()
            data = response.read()
            self._store_cookies(response.headers.get_all("Set-Cookie") or [])
            return Reply(
                response.status,
                response.headers.get("Location", ""),
                data.decode("utf-8", "replace"),
                time.perf_counter() - started,
                response.headers.get("X-Request-ID", ""),
            )
        finally:
            connection.close()


class PacedUser:
    """Base: a logged-in (or anonymous) user acting every `interval` seconds."""

    account: str | None = None

    def __init__(self, index: int, of: int, port: int, interval: float, password: str):
        self.index, self.of, self.interval = index, of, interval
        self.password = password
        self.browser = Client("127.0.0.1", port, timeout=30)
        self.log = UserLog()
        self.rng = random.Random(f"{type(self).__name__}-{index}")

    def call(self, kind: str, send, expect: tuple[int, ...] = (200,)) -> Reply | None:
        """Send one request and record it; None on a network error."""
        at = time.monotonic()
        try:
            reply = send()
        except (OSError, http.client.HTTPException) as error:
            seconds = time.monotonic() - at
            self.log.records.append(
                Record(kind, at, seconds, type(error).__name__, False)
            )
            return None
        ok = reply.status in expect
        self.log.records.append(Record(kind, at, reply.seconds, str(reply.status), ok))
        return reply

    def login(self) -> bool:
        """Log in through the form (a few tries)."""
        if self.account is None:
            return True
        for _ in range(5):
            page = self.call("login_form", lambda: self.browser.get("/auth/login"))
            if page is not None and page.status == 200:
                fields = [
                    ("csrf_token", page.csrf()),
                    ("email", self.account),
                    ("password", self.password),
                ]
                done = self.call(
                    "login",
                    lambda f=fields: self.browser.post_form("/auth/login", f),
                    (302,),
                )
                if done is not None and done.status == 302:
                    return True
            time.sleep(1)
        self.log.login_failed = True
        return False

    def act(self, serial: int) -> None:
        """One action (subclasses)."""
        raise NotImplementedError

    def run(
        self, ready: threading.Barrier, go: threading.Event, clock: Schedule
    ) -> None:
        """Log in, wait for everyone, act on schedule until the deadline."""
        logged_in = self.login()
        ready.wait()
        go.wait()
        if not logged_in:
            return
        slot = clock.start + self.interval * self.index / max(1, self.of)
        serial = 0
        while slot < clock.deadline:
            time.sleep(max(0.0, slot - time.monotonic()))
            serial += 1
            reply_before = len(self.log.records)
            self.act(serial)
            last = self.log.records[reply_before:]
            if any(r.status == "302" and r.kind != "login" for r in last):
                self.login()  # sent to the login page (session lost): log in again
            now = time.monotonic()
            slot += self.interval
            if slot < now:
                self.log.late += 1
                slot = now


class Visitor(PacedUser):
    """The public: the public page (results, or the landing page), anonymously."""

    path = "/"

    def act(self, serial: int) -> None:
        """GET the public page."""
        self.call("public", lambda: self.browser.get(self.path))


class Organizer(PacedUser):
    """An organizer looking at dashboards in turn."""

    def __init__(self, *args, account: str, edition_id: int) -> None:
        super().__init__(*args)
        self.account = account
        base = f"/organizer/editions/{edition_id}"
        self.pages = [
            ("organizer_home", "/organizer/"),
            ("organizer_entries", f"{base}/entries"),
            ("organizer_participation", f"{base}/participation"),
        ]

    def act(self, serial: int) -> None:
        """GET the next dashboard."""
        kind, path = self.pages[(serial + self.index) % len(self.pages)]
        self.call(kind, lambda: self.browser.get(path))


class Judge(PacedUser):
    """A judge reading entries and autosaving score sheets (see the module docstring)."""

    def __init__(self, *args, account: str, codes: list[str], criteria: list) -> None:
        super().__init__(*args)
        self.account, self.codes, self.criteria = account, codes, criteria
        self.log.account = account
        self.versions: dict[str, int] = {}
        self.csrf = ""
        self.code = codes[0] if codes else ""

    def act(self, serial: int) -> None:
        """Odd actions open an entry, even ones save a score on it."""
        if not self.codes:
            return
        if serial % 2:
            self.code = self.rng.choice(self.codes)
            self.call(
                "judge_open", lambda: self.browser.get(f"/judge/entries/{self.code}")
            )
            return
        code = self.code
        url = f"/judge/entries/{code}/score"
        if code not in self.versions or not self.csrf:
            form = self.call("judge_score_form", lambda: self.browser.get(url))
            if form is None or form.status != 200:
                return
            found = VERSION.search(form.text)
            self.versions[code] = (
                int(next(g for g in found.groups() if g)) if found else 0
            )
            token = CSRF_ANY.search(form.text)
            self.csrf = token.group(1) if token else self.csrf
        values = {
            str(cid): str(self.rng.randint(0, int(top)))
            for cid, top, _step in self.criteria
        }
        comment = f"Nhận xét {self.index}-{serial}"
        fields = [("csrf_token", self.csrf), ("version", str(self.versions[code]))]
        fields += [(f"value-{cid}", v) for cid, v in values.items()]
        fields.append(("overall_comment", comment))
        headers = {"X-Autosave": "1", "Accept": "application/json"}
        reply = self.call(
            "judge_save", lambda: self.browser.post_headers(url, fields, headers)
        )
        self._settle(code, reply, values, comment)

    def _settle(
        self, code: str, reply: Reply | None, values: dict, comment: str
    ) -> None:
        """Book the save: acknowledged, refused (nothing written) or unknown."""
        if reply is not None and 200 <= reply.status < 300:
            try:
                version = int(json.loads(reply.text)["version"])
            except (ValueError, KeyError, TypeError):
                version = -1
            self.versions[code] = version
            self.log.saves[code] = SaveAck(version, values, comment)
            self.log.unknown.discard(code)
            return
        self.versions.pop(code, None)  # read the version again before the next save
        if reply is not None and reply.status in (400, 403, 404, 409, 422, 429):
            return  # refused by the app: nothing was written
        if code in self.log.saves:
            self.log.saves[code].unknown_after = True
        else:
            self.log.unknown.add(code)

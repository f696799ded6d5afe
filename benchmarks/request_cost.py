"""What one request of each kind costs the app: SQL statements and CPU milliseconds.

The stack benchmark (``stack_load.py``) says how the whole set-up behaves under load;
this one says where a single request's time goes, so the cost of the heavy kinds
can be cut and checked. It builds a throw-away instance (SQLite file by default, or
``--database-url`` for a PostgreSQL schema), seeds it like the stack benchmark
(``_stack_seed``: an open edition, judges with committed readings, organizers, a
published 2025 edition for the public results page), then drives the app in this
process through Flask's test client, one request at a time: a judge opening an entry
(reading view), opening the score form and autosaving a score, and their queue; the public results
and landing pages; organizer dashboards; a writer's whole submission (form, save with
a .docx, review, submit, receipt) and the plagiarism check job it queues.

Per kind it prints the statements sent to the database (per request), the CPU
time of this process (median and p90 over ``--rounds``), the kind's CPU budget
(issue #19, meant for PostgreSQL) and whether the median meets it, as JSON on stdout.
``--profile KIND`` adds the top functions of a cProfile run of that kind to stderr;
``--pyinstrument DIR`` writes a pyinstrument call tree per kind to DIR/<kind>.txt.
The contest's scale (2,500 entries, five judges reading each entry twice: about
1,000 readings per judge) is ``--entries 2500 --judges 5 --readers 2``.
Run: ``PYTHONPATH=. .venv/bin/python benchmarks/request_cost.py [--rounds 30]``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import resource
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _stack_seed import seed, seed_results
from _stack_users import CSRF_ANY, VERSION
from _surge_server import PASSWORD, build_schema, make_instance, setup_app
from _surge_text import DocxFactory, story

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KEY = re.compile(r'name="key"[^>]*value="([^"]*)"')

# CPU per request (median, ms) each kind should stay within on PostgreSQL (issue #19);
# the organizer entries budget is for 2,500 entries, the queue's for 1,000 readings.
BUDGETS_MS = {
    "judge_queue": 30.0,
    "judge_open": 5.0,
    "judge_score_form": 5.0,
    "judge_save": 3.0,
    "public_results": 2.0,
    "public_landing": 2.0,
    "organizer_entries": 15.0,
    "writer_save": 10.0,
    "writer_submit": 8.0,
    "writer_plagiarism_check_job": 15.0,
}


class Meter:
    """Counts the statements sent by the app's engine; keeps the SQL of one kind."""

    def __init__(self, engine, show: str | None) -> None:
        from sqlalchemy import event

        self.statements = 0
        self.show, self.current = show, ""
        self.shown: list[str] = []
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, _conn, _cursor, statement: str, *_args) -> None:
        self.statements += 1
        if self.current and self.current == self.show:
            self.shown.append(" ".join(statement.split())[:160])

    def print(self) -> None:
        """The SQL of the first request of the kind asked for, on stderr."""
        for line in self.shown:
            print(line, file=sys.stderr)


def login(client, email: str) -> None:
    """Log in through the real form (CSRF token and all)."""
    page = client.get("/auth/login")
    assert page.status_code == 200, (email, page.status_code, page.location)
    token = CSRF_ANY.search(page.get_data(as_text=True)).group(1)
    reply = client.post(
        "/auth/login",
        data={"csrf_token": token, "email": email, "password": PASSWORD},
    )
    assert reply.status_code == 302, reply.status_code


class Profiles:
    """One cProfile profile for the kind asked for, summed over its requests; with
    `tree_dir`, a pyinstrument call tree of every kind, written as text there."""

    def __init__(
        self, kind: str | None, tree_dir: str | None = None, sort: str = "cumulative"
    ) -> None:
        self.kind, self.sort = kind, sort
        self.profile = cProfile.Profile() if kind and kind != "calls" else None
        self.each: dict[str, cProfile.Profile] = {}
        self.requests: dict[str, int] = {}
        self.tree_dir = Path(tree_dir) if tree_dir else None

    def of(self, kind: str) -> cProfile.Profile | None:
        """The profile to run `kind` under, if it is the one asked for (``calls``:
        every kind, each in a profile of its own, to count Python calls)."""
        if self.kind == "calls":
            self.requests[kind] = self.requests.get(kind, 0) + 1
            return self.each.setdefault(kind, cProfile.Profile())
        return self.profile if kind == self.kind else None

    def calls(self) -> dict:
        """Python function calls per request of each kind (``--profile calls``): a
        figure that does not move with the load of a shared machine."""
        return {
            kind: round(pstats.Stats(found).total_calls / self.requests[kind])
            for kind, found in self.each.items()
        }

    def tree(self, kind: str):
        """A pyinstrument profiler for `kind` (None without `tree_dir`)."""
        if self.tree_dir is None:
            return None
        from pyinstrument import Profiler

        return Profiler(interval=0.0002)

    def save_tree(self, kind: str, tree, note: str) -> None:
        """The call tree of `kind`'s requests, as text, under `tree_dir`."""
        self.tree_dir.mkdir(parents=True, exist_ok=True)
        text = tree.output_text(unicode=True, color=False, show_all=False)
        (self.tree_dir / f"{kind}.txt").write_text(f"# {kind}: {note}\n{text}")

    def print(self) -> None:
        """The top functions by cumulative time, on stderr."""
        if self.profile is not None and self.profile.getstats():
            out = io.StringIO()
            stats = pstats.Stats(self.profile, stream=out)
            stats.sort_stats(self.sort).print_stats(50)
            print(out.getvalue(), file=sys.stderr)


def measure(
    meter: Meter,
    kind: str,
    call,
    rounds: int,
    profiles: Profiles,
    tree: bool = True,
) -> dict:
    """Run `call(i)` `rounds` times; statements and CPU ms per request. With
    `tree` (and a tree directory), then `call` again under pyinstrument."""
    cpu, statements = [], []
    profiler = profiles.of(kind)
    for i in range(rounds):
        meter.current = kind if not meter.shown else ""
        before_sql, before_cpu = meter.statements, cpu_seconds()
        if profiler is not None:
            profiler.enable()
        status = call(i)
        if profiler is not None:
            profiler.disable()
        cpu.append((cpu_seconds() - before_cpu) * 1000)
        statements.append(meter.statements - before_sql)
        meter.current = ""
        assert status < 400, f"{kind}: HTTP {status}"
    tree = profiles.tree(kind) if tree else None
    if tree is not None:  # apart from the timed rounds: the profiler costs CPU
        with tree:
            for i in range(rounds, rounds + max(rounds, 5)):
                call(i)
        profiles.save_tree(kind, tree, f"{max(rounds, 5)} requests")
    cpu.sort()
    return {
        "statements": statistics.median(statements),
        "statements_max": max(statements),
        "cpu_ms_p50": round(statistics.median(cpu), 2),
        "cpu_ms_p90": round(cpu[int(0.9 * (len(cpu) - 1))], 2),
    }


def with_budgets(report: dict) -> dict:
    """Each kind's figures with its budget (ms, None without one) and whether the
    median meets it (None without a budget)."""
    for kind, figures in report.items():
        if isinstance(figures, dict) and "cpu_ms_p50" in figures:
            budget = BUDGETS_MS.get(kind)
            figures["budget_ms"] = budget
            figures["met"] = None if budget is None else figures["cpu_ms_p50"] <= budget
    return report


def cpu_seconds() -> float:
    """CPU time of this process, of its finished children (fresh readers) and of the
    reader zygote with the readers it forked (not our children: counted apart)."""
    from contest.documents.sandbox import READERS

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        own.ru_utime
        + own.ru_stime
        + children.ru_utime
        + children.ru_stime
        + READERS.cpu_seconds()
    )


def judge_kinds(app, setup: dict, meter: Meter, rounds: int, profile: Profiles) -> dict:
    """Open an entry, open its score form, autosave a score."""
    email, codes = next((e, c) for e, c in setup["judge_codes"].items() if c)
    client = app.test_client()
    login(client, email)
    criteria = setup["criteria"]
    form = client.get(f"/judge/entries/{codes[0]}/score").get_data(as_text=True)
    token = CSRF_ANY.search(form).group(1)
    versions = {}

    def open_entry(i: int) -> int:
        return client.get(f"/judge/entries/{codes[i % len(codes)]}").status_code

    def open_form(i: int) -> int:
        code = codes[i % len(codes)]
        page = client.get(f"/judge/entries/{code}/score")
        found = VERSION.search(page.get_data(as_text=True))
        versions[code] = int(next(g for g in found.groups() if g))
        return page.status_code

    def save(i: int) -> int:
        code = codes[i % len(codes)]
        data = {"csrf_token": token, "version": str(versions.get(code, 0))}
        data |= {f"value-{cid}": str(int(top) // 2) for cid, top, _ in criteria}
        data["overall_comment"] = f"Nhận xét {i}"
        reply = client.post(
            f"/judge/entries/{code}/score",
            data=data,
            headers={"X-Autosave": "1", "Accept": "application/json"},
        )
        versions[code] = reply.get_json()["version"]
        return reply.status_code

    def queue(_i: int) -> int:
        return client.get("/judge/").status_code

    return {
        "judge_queue": measure(meter, "judge_queue", queue, rounds, profile),
        "judge_open": measure(meter, "judge_open", open_entry, rounds, profile),
        "judge_score_form": measure(
            meter, "judge_score_form", open_form, rounds, profile
        ),
        "judge_save": measure(meter, "judge_save", save, rounds, profile),
    }


def page_kinds(
    app, setup: dict, results_id: int, meter, rounds, profile: Profiles
) -> dict:
    """The public pages (anonymous) and the organizer's dashboards."""
    public = app.test_client()
    organizer = app.test_client()
    login(organizer, setup["organizers"][0])
    base = f"/organizer/editions/{setup['edition_id']}"
    pages = {
        "public_results": (public, f"/editions/{results_id}/results"),
        "public_landing": (public, "/"),
        "organizer_home": (organizer, "/organizer/"),
        "organizer_entries": (organizer, f"{base}/entries"),
        "organizer_participation": (organizer, f"{base}/participation"),
    }
    return {
        kind: measure(
            meter, kind, lambda _i, c=c, p=p: c.get(p).status_code, rounds, profile
        )
        for kind, (c, p) in pages.items()
    }


def writer_kinds(app, setup: dict, meter, rounds: int, profile: Profiles) -> dict:
    """A whole submission, request by request, then the plagiarism checks it queued."""
    import random

    from werkzeug.datastructures import FileStorage
    from werkzeug.test import stream_encode_multipart as encode_multipart

    from contest.jobs.backends import next_queued_job
    from contest.jobs.runner import run_job

    client = app.test_client()
    login(client, setup["emails"][0])
    rng, docx = random.Random(7), DocxFactory()
    state: dict = {}

    def form(_i: int) -> int:
        reply = client.get("/writer/entries/new")
        page = reply.get_data(as_text=True)
        state["csrf"] = CSRF_ANY.search(page).group(1)
        state["key"] = KEY.search(page).group(1)
        return reply.status_code

    def body(i: int) -> tuple[bytes, str]:
        """The form post of entry i, encoded: the client's work, not measured."""
        piece = story(rng, min(1500, setup["word_limit"] // 2), f"COST-{i:04d}")
        data = {
            "csrf_token": state["csrf"],
            "key": state["key"],
            "title": piece.title,
            "track_id": str(setup["track_id"]),
            "field_id": str(setup["field_id"]),
            "genre": "Ký",
            "text": piece.text,
            "authors-0-full_name": "Tác giả thử",
            "authors-0-phone": "0912 345 678",
            "authors-0-email": setup["emails"][0],
            "featured-0-name": piece.featured,
            "featured-0-unit_name": "Phường Hàng Bạc",
            "featured-0-summary": "Nhiều năm lặng lẽ giúp đỡ người khó khăn.",
            "review": "1",
            "document": FileStorage(
                io.BytesIO(docx.make(piece.paragraphs)),
                filename="bai.docx",
                content_type=DOCX_MIME,
            ),
        }
        stream, length, boundary = encode_multipart(data)
        return stream.read(length), f"multipart/form-data; boundary={boundary}"

    def save(i: int) -> int:
        payload, content_type = state.pop("body")
        reply = client.post(
            "/writer/entries/new", data=payload, content_type=content_type
        )
        state["review"] = reply.headers["Location"]
        return reply.status_code

    def review(_i: int) -> int:
        return client.get(state["review"]).status_code

    def submit(_i: int) -> int:
        reply = client.post(
            state["review"], data={"csrf_token": state["csrf"], "declaration": "y"}
        )
        state["receipt"] = reply.headers["Location"]
        return reply.status_code

    def receipt(_i: int) -> int:
        return client.get(state["receipt"]).status_code

    def check(_i: int) -> int:
        job_id = next_queued_job(app)
        assert job_id is not None, "no queued plagiarism check"
        run_job(app, job_id, "request-cost")
        return 200

    steps = {"form": form, "save": save, "review": review, "submit": submit}
    steps |= {"receipt": receipt, "plagiarism_check_job": check}
    costs: dict[str, list[dict]] = {k: [] for k in steps}
    for i in range(rounds):
        for kind, step in steps.items():
            if kind == "save":
                state["body"] = body(i)
            costs[kind].append(
                measure(
                    meter,
                    f"writer_{kind}",
                    lambda _j, s=step, n=i: s(n),
                    1,
                    profile,
                    tree=False,
                )
            )
    trees = {kind: profile.tree(f"writer_{kind}") for kind in steps}
    if profile.tree_dir is not None:  # whole submissions again, each step profiled
        for i in range(rounds, rounds + max(rounds, 5)):
            for kind, step in steps.items():
                if kind == "save":
                    state["body"] = body(i)
                trees[kind].start()
                step(i)
                trees[kind].stop()
        for kind, tree in trees.items():
            profile.save_tree(f"writer_{kind}", tree, f"{max(rounds, 5)} requests")
    return {f"writer_{kind}": _over_rounds(found) for kind, found in costs.items()}


def _over_rounds(found: list[dict]) -> dict:
    """The figures of one-request measurements (a fresh entry each round) taken
    together: medians, the p90 and the largest statement count."""
    cpu = sorted(m["cpu_ms_p50"] for m in found)
    return {
        "statements": statistics.median(m["statements"] for m in found),
        "statements_max": max(m["statements_max"] for m in found),
        "cpu_ms_p50": round(statistics.median(cpu), 2),
        "cpu_ms_p90": round(cpu[int(0.9 * (len(cpu) - 1))], 2),
    }


def run(args: argparse.Namespace) -> dict:
    """Set up, seed, measure, tear down."""
    root = Path(tempfile.mkdtemp(prefix="request-cost-"))
    try:
        backend = "postgres" if args.database_url else "sqlite"
        instance = make_instance(backend, root, args.database_url or "")
        app = setup_app(instance)
        build_schema(instance, app)
        setup = seed(app, 4, args.judges, 2, args.entries, args.readers)
        results_id = seed_results(app)
        app.config["WTF_CSRF_ENABLED"] = True
        from contest.extensions import db

        with app.app_context():  # requests push their own context: not inside this one
            meter = Meter(db.engine, args.statements)
        readings = max(len(c) for c in setup["judge_codes"].values())
        report = {"backend": backend, "rounds": args.rounds}
        report |= {"entries": args.entries, "queue_readings": readings}
        profiles = Profiles(args.profile, args.pyinstrument, args.profile_sort)
        groups = set(args.groups.split(","))
        if "judge" in groups:
            report |= judge_kinds(app, setup, meter, args.rounds, profiles)
        if "pages" in groups:
            report |= page_kinds(app, setup, results_id, meter, args.rounds, profiles)
        if "writer" in groups:
            report |= writer_kinds(app, setup, meter, args.rounds, profiles)
        profiles.print()
        meter.print()
        if profiles.each:
            report["calls_per_request"] = profiles.calls()
        return with_budgets(report)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Parse the flags, run, print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--entries", type=int, default=120)
    parser.add_argument(
        "--groups", default="judge,pages,writer", help="kinds to run (comma-separated)"
    )
    parser.add_argument("--judges", type=int, default=4)
    parser.add_argument("--readers", type=int, default=3, help="readings per entry")
    parser.add_argument("--database-url", default="", help="PostgreSQL (else SQLite)")
    parser.add_argument(
        "--profile",
        default=None,
        help="a kind to profile (stderr); `calls`: Python calls per request of each",
    )
    parser.add_argument(
        "--profile-sort", default="cumulative", help="cumulative, tottime, calls…"
    )
    parser.add_argument("--statements", default=None, help="a kind whose SQL to show")
    parser.add_argument(
        "--pyinstrument", default=None, help="a directory for call trees per kind"
    )
    print(json.dumps(run(parser.parse_args()), indent=2))


if __name__ == "__main__":
    main()

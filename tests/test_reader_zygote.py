"""The reader zygote: uploads are read by children it forks, and it cleans up after
itself. A writer never notices it: not when many upload at once, not when it has
died, not after the web process forked; a stuck reader is still stopped on time,
and no reader process outlives its upload or the web process.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from contest.documents import (
    DocumentRejected,
    IntakeError,
    IntakeLimits,
    extract_document,
    sandbox,
    zygote_client,
)
from tests import docfactory as f

ROOT = Path(__file__).resolve().parent.parent


def children_of(pid: int) -> list[tuple[int, str]]:
    """(pid, state) of every process whose parent is ``pid``; "Z" = a zombie."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # it exited meanwhile
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid:
            found.append((int(entry.name), state))
    return found


def gone(pid: int) -> bool:
    """True if ``pid`` has exited (no such process, or a zombie nobody reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def wait_until(condition: Callable[[], object], seconds: float = 10.0) -> object:
    """Poll ``condition`` until it is truthy; fail the test after ``seconds``."""
    until = time.monotonic() + seconds
    while not (value := condition()):
        assert time.monotonic() < until, "timed out waiting"
        time.sleep(0.02)
    return value


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of an extracted text."""
    return [line for line in text.split("\n") if line.strip()]


@dataclass
class Readers:
    """The zygote keeper of one test, and how often the fresh fallback was used."""

    keeper: sandbox.ZygoteKeeper
    fallbacks: int = 0


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch):
    """A zygote keeper of this test alone; uses of the fresh fallback are counted."""
    used = Readers(sandbox.ZygoteKeeper(sandbox.ZYGOTE_COMMAND))
    fresh = sandbox.run_fresh

    def counted_fallback(*args):
        """The fresh reader, counted."""
        used.fallbacks += 1
        return fresh(*args)

    monkeypatch.setattr(sandbox, "READERS", used.keeper)
    monkeypatch.setattr(sandbox, "USE_ZYGOTE", True)
    monkeypatch.setattr(sandbox, "run_fresh", counted_fallback)
    yield used
    used.keeper.close()


@pytest.fixture(scope="module")
def heavy_pdf() -> bytes:
    """A small PDF that takes seconds of CPU to read: a reader that is busy."""
    return f.make_heavy_pdf()


def read_in_background(data: bytes, limits: IntakeLimits):
    """Start reading ``data`` in a thread; the future's result is the outcome."""
    pool = ThreadPoolExecutor(max_workers=1)

    def outcome():
        """The extracted document, or the refusal."""
        try:
            return extract_document(data, limits=limits)
        except DocumentRejected as error:
            return error

    future = pool.submit(outcome)
    pool.shutdown(wait=False)
    return future


def test_concurrent_uploads_each_get_their_own_text(readers) -> None:
    """Twelve writers uploading at once from six threads each see their own entry."""
    texts = [f.lorem_vi(300, seed=seed) for seed in range(12)]
    files = [
        f.make_docx(text) if i % 2 else f.make_odt(text) for i, text in enumerate(texts)
    ]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda data: extract_document(data).text, files))
    assert [paragraphs(text) for text in results] == texts
    assert readers.fallbacks == 0
    assert children_of(readers.keeper.pid()) == []  # every child reaped, no zombies


def test_cpu_of_forked_readers_is_accounted(readers) -> None:
    """Benchmarks can count what readers cost although they are not our children:
    the zygote reports each child's CPU time (and its own) as it reaps it."""
    extract_document(f.make_docx())
    before = readers.keeper.cpu_seconds()
    rusage_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    extract_document(f.make_docx(f.lorem_vi(2000)))
    assert 0 < readers.keeper.cpu_seconds() - before < 1
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime == rusage_before


def test_killed_zygote_is_replaced_without_the_writer_noticing(readers) -> None:
    """The zygote is killed between two uploads: the next one starts a new zygote."""
    extract_document(f.make_docx())
    first = readers.keeper.pid()
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: gone(first))
    assert paragraphs(extract_document(f.make_docx()).text) == list(f.VI_PARAGRAPHS)
    assert readers.keeper.pid() not in (None, first)
    assert readers.fallbacks == 0
    assert (first, "Z") not in children_of(os.getpid())  # the dead one was reaped


def test_zygote_killed_mid_upload_falls_back_and_takes_its_child_along(
    readers, heavy_pdf
) -> None:
    """A zygote dying while its child reads: the upload goes on in a fresh reader
    (here until the wall clock), and the orphaned child does not run on."""
    limits = IntakeLimits(cpu_seconds=30, wall_seconds=3)
    extract_document(f.make_docx())
    zygote = readers.keeper.pid()
    outcome = read_in_background(heavy_pdf, limits)
    child = wait_until(lambda: children_of(zygote))[0][0]
    os.kill(zygote, signal.SIGKILL)
    assert outcome.result(timeout=30).code is IntakeError.PARSE_TIMEOUT
    assert readers.fallbacks == 1
    wait_until(lambda: gone(child), seconds=0.5)  # it had 27 s of CPU left


def test_reader_child_has_the_workers_limits(readers, heavy_pdf) -> None:
    """A forked reader runs under exactly the limits a fresh reader sets itself."""
    limits = IntakeLimits(cpu_seconds=3, memory_bytes=768 << 20, wall_seconds=30)
    extract_document(f.make_docx())
    outcome = read_in_background(heavy_pdf, limits)
    child = wait_until(lambda: children_of(readers.keeper.pid()))[0][0]

    def limit_lines() -> dict[str, str]:
        """The child's /proc limits table, once it has lowered its CPU limit."""
        lines = Path(f"/proc/{child}/limits").read_text().splitlines()
        table = {line[:26].strip(): line[26:47].strip() for line in lines[1:]}
        return table if table["Max cpu time"] == "3" else {}

    table = wait_until(limit_lines)  # the child sets them as soon as it starts
    assert table["Max file size"] == "0"
    assert table["Max core file size"] == "0"
    assert table["Max address space"] == str(768 << 20)
    assert outcome.result(timeout=30).code is IntakeError.PARSE_CPU_LIMIT


def test_wall_clock_limit_kills_a_reader_stuck_in_a_loop(readers, heavy_pdf) -> None:
    """A reader still busy at the wall-clock limit is killed (and reaped) before the
    writer is told; the zygote itself carries on."""
    extract_document(f.make_docx())
    zygote = readers.keeper.pid()
    started = time.monotonic()
    with pytest.raises(DocumentRejected) as caught:
        extract_document(
            heavy_pdf, limits=IntakeLimits(wall_seconds=0.5, cpu_seconds=30)
        )
    assert caught.value.code is IntakeError.PARSE_TIMEOUT
    assert time.monotonic() - started < 3
    assert children_of(zygote) == []
    assert readers.keeper.pid() == zygote
    assert readers.fallbacks == 0


def test_crashed_reader_is_refused_and_its_zygote_retired(readers, heavy_pdf) -> None:
    """A reader dying of SIGSEGV (a parser bug or exploit) gives WORKER_FAILED; the
    zygote whose memory layout it shared is retired, exits, and a new one reads on."""
    extract_document(f.make_docx())
    zygote = readers.keeper.pid()
    outcome = read_in_background(heavy_pdf, IntakeLimits(cpu_seconds=30))
    child = wait_until(lambda: children_of(zygote))[0][0]
    os.kill(child, signal.SIGSEGV)
    error = outcome.result(timeout=30)
    assert error.code is IntakeError.WORKER_FAILED
    assert error.details["exit"] == -signal.SIGSEGV
    assert paragraphs(extract_document(f.make_docx()).text) == list(f.VI_PARAGRAPHS)
    assert readers.keeper.pid() not in (None, zygote)
    wait_until(lambda: gone(zygote))
    assert readers.fallbacks == 0


def test_zygote_is_renewed_after_its_fork_budget(
    readers, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After MAX_FORKS readers a zygote is retired (the next readers get a new memory
    layout): it exits once done, is reaped, and the next upload starts a new one."""
    monkeypatch.setattr(zygote_client, "MAX_FORKS", 3)
    extract_document(f.make_docx())
    first = readers.keeper.pid()
    extract_document(f.make_docx())
    assert readers.keeper.pid() == first
    extract_document(f.make_docx())  # the third reader: its budget is spent
    assert readers.keeper.pid() is None
    wait_until(lambda: gone(first))
    assert paragraphs(extract_document(f.make_docx()).text) == list(f.VI_PARAGRAPHS)
    assert readers.keeper.pid() not in (None, first)
    assert (first, "Z") not in children_of(os.getpid())
    assert readers.fallbacks == 0


def test_forked_web_process_starts_its_own_zygote(tmp_path) -> None:
    """A process forked after the zygote started (gunicorn's workers) never uses the
    parent's zygote: it starts its own; the parent's keeps working. Run in a fresh,
    single-threaded interpreter, as gunicorn's master is when it forks."""
    docx = tmp_path / "story.docx"
    docx.write_bytes(f.make_docx())
    script = textwrap.dedent(f"""
        import json, os, sys
        from pathlib import Path
        from contest.documents import extract_document, sandbox
        sandbox.USE_ZYGOTE = True
        data = Path({str(docx)!r}).read_bytes()
        def read():
            return [p for p in extract_document(data).text.split("\\n") if p.strip()]
        parent_text, parent_zygote = read(), sandbox.READERS.pid()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                report = {{"text": read(), "zygote": sandbox.READERS.pid()}}
                sandbox.READERS.close()
                os.write(write_end, json.dumps(report).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as pipe:
            child = json.loads(pipe.read())
        os.waitpid(pid, 0)
        print(json.dumps({{
            "parent_text": parent_text, "parent_zygote": parent_zygote,
            "child": child, "after": read(), "after_zygote": sandbox.READERS.pid(),
        }}))
    """)
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    expected = list(f.VI_PARAGRAPHS)
    assert report["parent_text"] == report["child"]["text"] == expected
    assert report["child"]["zygote"] not in (None, report["parent_zygote"])
    assert report["after"] == expected
    assert report["after_zygote"] == report["parent_zygote"]


def test_zygote_and_readers_go_when_the_web_process_dies(tmp_path, heavy_pdf) -> None:
    """A web process killed outright (SIGKILL) leaves no zygote and no reader."""
    pdf = tmp_path / "heavy.pdf"
    pdf.write_bytes(heavy_pdf)
    script = textwrap.dedent(f"""
        import sys, threading, time
        from pathlib import Path
        from contest.documents import IntakeLimits, extract_document, sandbox
        sandbox.USE_ZYGOTE = True
        data = Path({str(pdf)!r}).read_bytes()
        limits = IntakeLimits(cpu_seconds=60, wall_seconds=60)
        threading.Thread(target=extract_document, args=(data,),
                         kwargs={{"limits": limits}}, daemon=True).start()
        while sandbox.READERS.pid() is None:
            time.sleep(0.01)
        print(sandbox.READERS.pid(), flush=True)
        time.sleep(60)
    """)
    web = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        zygote = int(web.stdout.readline())
        child = wait_until(lambda: children_of(zygote))[0][0]
    finally:
        web.kill()
        web.wait()
        web.stdout.close()
    wait_until(lambda: gone(zygote) and gone(child))


def test_closing_the_keeper_stops_its_zygote(readers) -> None:
    """When the web side closes its end, the zygote exits and is reaped: no orphan."""
    extract_document(f.make_docx())
    zygote = readers.keeper.pid()
    readers.keeper.close()
    assert readers.keeper.pid() is None
    assert gone(zygote)
    assert (zygote, "Z") not in children_of(os.getpid())


def test_zygote_that_cannot_start_falls_back_with_one_warning(
    readers, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """If no zygote can be started, every upload is still read (one fresh reader
    each), and the organizers are warned once, not on every upload."""
    broken = sandbox.ZygoteKeeper([sys.executable, "-c", "raise SystemExit(3)"])
    monkeypatch.setattr(sandbox, "READERS", broken)
    for _ in range(2):
        assert paragraphs(extract_document(f.make_docx()).text) == list(f.VI_PARAGRAPHS)
    assert readers.fallbacks == 2
    warnings = [r for r in caplog.records if "reader zygote" in r.getMessage()]
    assert len(warnings) == 1
    assert broken.pid() is None

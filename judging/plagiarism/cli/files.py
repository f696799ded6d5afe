"""`flask plagiarism check-dir DIR`: find copied passages among the files of a folder.

An organizer drops a folder of entries (.txt, .docx, .pdf, .odt) and gets the pairs
that share copied passages, ranked by score, as a table or as JSON. Files are read by
contest.documents.extract_document (type by content, sandboxed parsing), so a hostile
or damaged file is listed with its IntakeError code instead of stopping the run. The
command needs no database. Progress goes to stderr, so ``--json`` output stays clean.

    flask plagiarism check-dir DIR [--threshold 0.08] [--json]

Pairs come in three kinds, listed in this order: "copy" (copied passages reach the
threshold), "template" (one template with changed numbers, e.g. two price bulletins)
and "quotation" (a long quotation with a short lead-in, for a human to judge).
Table columns: a, b, kind, score (the share that makes the kind), a_share, b_share,
passages. ``--json`` prints a list of {a, b, kind, score, a_share, b_share,
excluded_share, template_share, quoted_share, passages: [{a_start, a_end, b_start,
b_end, quoted, boilerplate, template, a_text, b_text}]} (offsets into the extracted
texts, excerpts ≤ 160 characters); unreadable files then go to stderr. The output is
byte-identical for the same files, whatever the process or hash seed. The exit
code is 0 whether or not pairs are found (2 for a usage error).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from flask.cli import AppGroup

from contest.documents import (
    DEFAULT_LIMITS,
    DocumentRejected,
    IntakeError,
    extract_document,
)
from judging.plagiarism.core import DEFAULT_THRESHOLD, Match, check_texts

SUFFIXES = frozenset({".txt", ".docx", ".pdf", ".odt"})
PROGRESS_MIN_FILES = 10  # below this a run is quick: no progress bar
EXCERPT_CHARS = 160  # longest excerpt of a passage in --json output
NAME_WIDTH = 40  # widest file-name column of the table

plagiarism_cli = AppGroup("plagiarism", help="Find copied passages between files.")


@dataclass(frozen=True)
class Unreadable:
    """A file that could not be read: its name and why (an IntakeError value, or
    "os_error" when the file system refused it)."""

    name: str
    code: str


def entry_files(folder: Path) -> list[Path]:
    """The entry files directly inside ``folder`` (by suffix), sorted by name."""
    return sorted(
        p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()
    )


def read_entry(path: Path) -> str:
    """Text of one entry file; raises DocumentRejected (with a code) when unreadable."""
    size = path.stat().st_size
    if size > DEFAULT_LIMITS.max_bytes:  # refuse before reading it into memory
        raise DocumentRejected(
            IntakeError.FILE_TOO_LARGE, size=size, limit=DEFAULT_LIMITS.max_bytes
        )
    document = extract_document(path.read_bytes(), path.name)
    if document.needs_typing:  # a scan: no text to compare
        raise DocumentRejected(IntakeError.NEEDS_TYPING)
    return document.text


def excerpt(text: str, start: int, end: int, limit: int = EXCERPT_CHARS) -> str:
    """``text[start:end]`` on one line, its middle elided when longer than ``limit``."""
    piece = " ".join(text[start:end].split())
    if len(piece) <= limit:
        return piece
    half = (limit - 3) // 2
    return piece[:half].rstrip() + " … " + piece[-half:].lstrip()


def match_dict(match: Match, texts: dict[str, str]) -> dict:
    """One suspicious pair as plain JSON values, passages with short excerpts."""
    a_text, b_text = texts[match.a], texts[match.b]
    return {
        "a": match.a,
        "b": match.b,
        "kind": match.kind,
        "score": round(match.score, 4),
        "a_share": round(match.a_share, 4),
        "b_share": round(match.b_share, 4),
        "excluded_share": round(match.excluded_share, 4),
        "template_share": round(match.template_share, 4),
        "quoted_share": round(match.quoted_share, 4),
        "passages": [
            {
                "a_start": p.a_start,
                "a_end": p.a_end,
                "b_start": p.b_start,
                "b_end": p.b_end,
                "quoted": p.quoted,
                "boilerplate": p.boilerplate,
                "template": p.template,
                "a_text": excerpt(a_text, p.a_start, p.a_end),
                "b_text": excerpt(b_text, p.b_start, p.b_end),
            }
            for p in match.passages
        ],
    }


def _cell(name: str) -> str:
    """A file name cut to the table's column width."""
    return name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"


def table_lines(matches: list[Match]) -> Iterator[str]:
    """The ranked pairs as an aligned text table."""
    wa = max(len("a"), *(len(_cell(m.a)) for m in matches))
    wb = max(len("b"), *(len(_cell(m.b)) for m in matches))
    yield (f"{'a':<{wa}}  {'b':<{wb}}  kind       score  a_share  b_share  passages")
    for m in matches:
        yield (
            f"{_cell(m.a):<{wa}}  {_cell(m.b):<{wb}}  {m.kind:<9}  "
            f"{m.kind_score:5.3f}  {m.a_share:7.1%}  {m.b_share:7.1%}  "
            f"{len(m.passages):8d}"
        )


@contextmanager
def _progress(label: str, total: int, shown: bool) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr; yields ``set_done(n)``."""
    with click.progressbar(
        length=max(total, 1),
        label=label,
        file=sys.stderr,  # looked up now: CliRunner swaps it
        hidden=not shown,
    ) as bar:
        state = {"done": 0}

        def set_done(done: int) -> None:
            bar.update(done - state["done"])
            state["done"] = done

        yield set_done


@plagiarism_cli.command("check-dir")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Report pairs whose score (share of copied text) reaches this.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
def check_dir(folder: Path, threshold: float, as_json: bool) -> None:
    """Compare every .txt/.docx/.pdf/.odt file in FOLDER with each other."""
    files = entry_files(folder)
    shown = len(files) >= PROGRESS_MIN_FILES
    texts: dict[str, str] = {}
    unreadable: list[Unreadable] = []
    with _progress("Reading files", len(files), shown) as set_done:
        for done, path in enumerate(files, 1):
            try:
                texts[path.name] = read_entry(path)
            except DocumentRejected as exc:
                unreadable.append(Unreadable(path.name, exc.code.value))
            except OSError:  # vanished or not readable by us
                unreadable.append(Unreadable(path.name, "os_error"))
            set_done(done)
    with _progress("Comparing", len(texts), shown) as set_done:
        # scan() reports (files checked, files to check) after each block
        matches = check_texts(
            texts, threshold=threshold, progress=lambda done, _total: set_done(done)
        )
    report(matches, texts, unreadable, len(files), as_json)


def report(
    matches: list[Match],
    texts: dict[str, str],
    unreadable: list[Unreadable],
    n_files: int,
    as_json: bool,
) -> None:
    """Print the pairs (stdout) and the unreadable files (stdout, stderr with --json)."""
    if as_json:
        click.echo(
            json.dumps([match_dict(m, texts) for m in matches], ensure_ascii=False)
        )
    elif matches:
        for line in table_lines(matches):
            click.echo(line)
    notes_to_stderr = as_json
    if not matches:
        click.echo(
            f"no suspicious pairs among {len(texts)} readable files",
            err=notes_to_stderr,
        )
    if unreadable:
        click.echo(
            f"{len(unreadable)} of {n_files} files could not be read:",
            err=notes_to_stderr,
        )
        for item in unreadable:
            click.echo(f"  {item.name}: {item.code}", err=notes_to_stderr)

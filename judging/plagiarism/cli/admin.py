"""Organizers' plagiarism commands on the database (``COMMANDS``), added to the
`flask plagiarism` group by judging.plagiarism.cli.register.

    flask plagiarism scan EDITION_ID            full scan (what the report's button runs)
    flask plagiarism import-reference DIR --source "Báo Hà Nội mới" --year 2023
    flask plagiarism import-archive EDITION_ID  a closed edition joins the open ones' indexes
    flask plagiarism index-dir DIR INDEX.npz    save an index of a folder (no database)
    flask plagiarism check PATH (--index INDEX.npz | --edition EDITION_ID) [--json]
        check one file, or each file of a folder, against a saved index or against
        an edition's saved index (its entries, archive and reference corpus); the
        index is not changed. Output as `check-dir` (a = the checked file).

Progress goes to stderr; each command commits its own work.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import click
from flask.cli import with_appcontext

from contest.documents import DocumentRejected
from contest.extensions import db
from contest.models import Edition, EditionStatus
from judging.plagiarism.cli.files import (
    Unreadable,
    entry_files,
    read_entry,
    report,
)
from judging.plagiarism.core import DEFAULT_THRESHOLD, SimilarityIndex
from judging.plagiarism.services.archive import sync_archive
from judging.plagiarism.services.corpus import boilerplate_of
from judging.plagiarism.services.decisions import import_reference
from judging.plagiarism.services.index import index_lock, open_index
from judging.plagiarism.services.scan import full_scan


def _edition(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(f"no edition {edition_id}")
    return edition


@click.command("scan")
@with_appcontext
@click.argument("edition_id", type=int)
def scan(edition_id: int) -> None:
    """Compare every entry of EDITION_ID with everything (rebuilds its index)."""
    edition = _edition(edition_id)
    if edition.status == EditionStatus.CLOSED:
        raise click.ClickException(
            "this edition is closed: its entries are the archive"
        )
    with click.progressbar(length=100, label="Scanning", file=sys.stderr) as bar:
        shown = {"percent": 0}

        def progress(percent: float, _message: str) -> None:
            step = int(percent) - shown["percent"]
            if step > 0:
                bar.update(step)
                shown["percent"] += step

        result = full_scan(edition_id, progress)
    click.echo(
        f"{result['entries']} entries compared with {result['documents']} documents: "
        f"{result['pairs']} suspicious pairs ({result['new_pairs']} new, "
        f"{result['open_pairs']} to decide)"
    )


@click.command("import-reference")
@with_appcontext
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--source", default="", help="Where the stories were published.")
@click.option("--year", type=click.IntRange(1945, 2100), default=None)
def import_reference_dir(folder: Path, source: str, year: int | None) -> None:
    """Add the .txt/.docx/.pdf/.odt files of FOLDER to the reference corpus."""
    files = entry_files(folder)
    added = present = 0
    refused: list[tuple[str, str]] = []
    with click.progressbar(files, label="Importing", file=sys.stderr) as bar:
        for path in bar:
            try:
                _doc, created = import_reference(
                    path.read_bytes(), path.name, actor=None, source=source, year=year
                )
            except DocumentRejected as rejected:
                refused.append((path.name, rejected.code.value))
                continue
            except OSError:
                refused.append((path.name, "os_error"))
                continue
            added += created
            present += not created
    db.session.commit()
    click.echo(f"{added} imported, {present} already in the corpus")
    for name, code in refused:
        click.echo(f"  not imported: {name}: {code}")
    if refused:
        sys.exit(1)


@click.command("import-archive")
@with_appcontext
@click.argument("edition_id", type=int)
def import_archive(edition_id: int) -> None:
    """Bring the entries of closed edition EDITION_ID into every open edition's index
    and check them against the open editions' entries."""
    edition = _edition(edition_id)
    if edition.status != EditionStatus.CLOSED:
        raise click.ClickException(
            "only a closed edition is an archive: close it first"
        )
    for open_id, result in sync_archive().items():
        click.echo(
            f"edition {open_id}: {result.get('pairs', 0)} suspicious pairs found "
            f"with new documents"
        )


def _read_files(paths: list[Path]) -> tuple[dict[str, str], list[Unreadable]]:
    """Texts of the readable files by name, and the refused ones."""
    texts: dict[str, str] = {}
    unreadable: list[Unreadable] = []
    for path in paths:
        try:
            texts[path.name] = read_entry(path)
        except DocumentRejected as exc:
            unreadable.append(Unreadable(path.name, exc.code.value))
        except OSError:
            unreadable.append(Unreadable(path.name, "os_error"))
    return texts, unreadable


@click.command("index-dir")
@with_appcontext
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("index_file", type=click.Path(dir_okay=False, path_type=Path))
def index_dir_command(folder: Path, index_file: Path) -> None:
    """Save an index of the files of FOLDER to INDEX_FILE, to check new files against."""
    texts, unreadable = _read_files(entry_files(folder))
    index = SimilarityIndex()
    index.add_many((name, text, "reference", None) for name, text in texts.items())
    index.save(str(index_file))
    click.echo(f"{len(index)} files indexed in {index_file}")
    for item in unreadable:
        click.echo(f"  not indexed: {item.name}: {item.code}")


@click.command("check")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--index",
    "index_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="An index saved by `flask plagiarism index-dir`.",
)
@click.option("--edition", "edition_id", type=int, help="Check against this edition.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=DEFAULT_THRESHOLD,
    show_default=True,
)
@click.option("--json", "as_json", is_flag=True, help="Print the pairs as JSON.")
def check_command(
    path: Path,
    index_file: Path | None,
    edition_id: int | None,
    threshold: float,
    as_json: bool,
) -> None:
    """Check the file PATH (or each file of the folder PATH) against a saved index."""
    if (index_file is None) == (edition_id is None):
        raise click.UsageError("give exactly one of --index and --edition")
    if index_file is not None:
        try:
            index = SimilarityIndex.load(str(index_file))
        except (ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:
            raise click.ClickException(f"not a similarity index: {exc}") from exc
    else:
        edition = _edition(edition_id)
        with index_lock(edition):  # a check may be appending to its journal
            saved = open_index(edition, boilerplate_of(edition.id))
        if saved is None:
            raise click.ClickException(
                f"edition {edition_id} has no saved index yet: run "
                f"`flask plagiarism scan {edition_id}` first"
            )
        index = saved.index
    files = entry_files(path) if path.is_dir() else [path]
    texts, unreadable = _read_files(files)
    matches = []
    for name, text in texts.items():
        found = index.check(text, threshold=threshold)
        matches += [replace(m, a=name) for m in found]
    for m in matches:
        texts.setdefault(m.b, index.text(m.b))
    report(matches, texts, unreadable, len(files), as_json)


COMMANDS = (
    scan,
    import_reference_dir,
    import_archive,
    index_dir_command,
    check_command,
)

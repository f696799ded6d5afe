"""Organizers' plagiarism commands on the database, added to the `flask plagiarism` group.

    flask plagiarism scan EDITION_ID            full scan (what the report's button runs)
    flask plagiarism import-reference DIR --source "Báo Hà Nội mới" --year 2023
    flask plagiarism import-archive EDITION_ID  a closed edition joins the open ones' indexes

Progress goes to stderr; each command commits its own work.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from contest.documents import DocumentRejected
from contest.extensions import db
from contest.models import Edition, EditionStatus
from contest.plagiarism_cli import entry_files, plagiarism_cli
from judging.plagiarism import full_scan
from judging.plagiarism_archive import sync_archive
from judging.plagiarism_decisions import import_reference


def _edition(edition_id: int) -> Edition:
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(f"no edition {edition_id}")
    return edition


@plagiarism_cli.command("scan")
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


@plagiarism_cli.command("import-reference")
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


@plagiarism_cli.command("import-archive")
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

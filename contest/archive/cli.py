"""`flask edition export ID FILE` and `flask edition import FILE`.

Both run in the command's own process (it is already out of the web requests) with a
progress bar on stderr, speak English like the other commands, and commit once at
the end. After an import, the open
editions' plagiarism indexes are brought in step with the archive right away.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from contest import hooks
from contest.archive.loader import import_edition
from contest.archive.reader import ArchiveError
from contest.archive.writer import export_edition
from contest.extensions import db
from contest.models import Edition

edition_cli = AppGroup("edition", help="Export or import a whole edition (archive).")


class _Bar:
    """Progress (percent, message) shown as a click progress bar."""

    def __init__(self, bar) -> None:
        self.bar, self.shown = bar, 0

    def __call__(self, percent: float, _message: str) -> None:
        step = int(percent) - self.shown
        if step > 0:
            self.bar.update(step)
            self.shown += step


@edition_cli.command("export")
@click.argument("edition_id", type=int)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(edition_id: int, file: Path) -> None:
    """Write edition EDITION_ID with its files to the archive FILE (a .zip)."""
    edition = db.session.get(Edition, edition_id)
    if edition is None:
        raise click.ClickException(f"no edition {edition_id}")
    with click.progressbar(length=100, label="Exporting", file=sys.stderr) as bar:
        manifest = export_edition(edition, file, _Bar(bar))
    db.session.commit()  # the edition's archive id, if it had none
    rows = manifest["rows"]
    click.echo(
        f"{file}: {rows.get('entry', 0)} entries, {len(manifest['members']) - 1} "
        f"files, archive id {manifest['archive_id']}"
    )
    for key in manifest["missing_files"]:
        click.echo(f"  missing from the storage, not in the archive: {key}")


@edition_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(file: Path) -> None:
    """Add the edition of the archive FILE as a closed edition (new ids)."""
    try:
        with (
            force_locale("en"),
            click.progressbar(length=100, label="Importing", file=sys.stderr) as bar,
        ):
            edition = import_edition(file, None, _Bar(bar))
    except ArchiveError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"imported as edition {edition.id}: {edition.title} ({edition.year})")
    # The features bring the open editions up to date now (e.g. plagiarism checks).
    for open_id, result in hooks.sync_archive_now.merged().items():
        click.echo(
            f"edition {open_id}: {result.get('pairs', 0)} suspicious pairs with "
            "the archive"
        )


def register(app: Flask) -> None:
    """Attach `flask edition …` to the app."""
    app.cli.add_command(edition_cli)

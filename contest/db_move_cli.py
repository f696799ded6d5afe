"""`flask database move --to URL` and `flask database checksums`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from contest.extensions import db

database_cli = AppGroup(
    "database", help="Move the contest to another database; count and checksum it."
)


@database_cli.command("move")
@click.option(
    "--to",
    "target_url",
    required=True,
    help="Target database: postgresql://user@host/name or sqlite:////path/file.",
)
@click.option(
    "--upload-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The target's UPLOAD_DIR (default: the same directory; files stay put).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Replace what the target holds (in the same transaction as the copy).",
)
@click.option("--batch-size", default=1000, show_default=True, type=int)
def database_move(
    target_url: str, upload_dir: Path | None, replace: bool, batch_size: int
) -> None:
    """Copy every table and the uploads into another database, then verify them."""
    from contest.backup_errors import MoveError
    from contest.db_move import move_database

    source = current_app._get_current_object()
    click.echo(f"source: {db.engine.url.render_as_string(hide_password=True)}")
    try:
        result = move_database(
            source,
            target_url,
            upload_dir=upload_dir,
            replace=replace,
            batch_size=max(1, batch_size),
            report=click.echo,
        )
    except MoveError as error:
        raise click.ClickException(str(error)) from error
    rows = sum(s.rows for s in result.sums.values())
    click.echo("verified (rows, sha256 of the normalised rows, same on both sides):")
    for name, table_sum in result.sums.items():
        click.echo(f"  {name:<32} {table_sum.rows:>8}  {table_sum.sha256[:16]}")
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    files = (
        "uploads shared"
        if result.shared_uploads
        else f"{result.files_copied} file(s) copied, {result.files_present} present"
    )
    click.echo(
        f"moved: {len(result.sums)} tables, {rows} rows at revision "
        f"{result.revision}; {files}. Point DATABASE_URL"
        + ("" if result.shared_uploads else " and UPLOAD_DIR")
        + " at the target and restart the app."
    )


@database_cli.command("checksums")
def database_checksums() -> None:
    """Rows and checksum of every table (compare two databases by hand)."""
    from contest.db_checksums import database_sums
    from contest.db_move import app_tables

    with db.engine.connect() as connection:
        sums = database_sums(connection, app_tables())
    for name, table_sum in sums.items():
        click.echo(f"{name:<32} {table_sum.rows:>8}  {table_sum.sha256}")

"""Edition export and import as background jobs, and where their files are kept.

Archive files live in EDITION_ARCHIVE_DIR (a setting, contest/config.py; by default
``edition-archives`` beside UPLOAD_DIR, so that every app server and worker sharing
the uploads sees them): the exports under server-made names, and uploaded archives
waiting for their import job.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l

from contest.archive.loader import import_edition
from contest.archive.reader import ArchiveError
from contest.archive.writer import export_edition
from contest.extensions import db
from contest.jobs import JobError, after_commit, job, submit_job
from contest.models import Edition, Job, User
from contest.signals import edition_archive_changed

EXPORT_KIND = "edition.export"
IMPORT_KIND = "edition.import"
UPLOAD_PREFIX = "upload-"
CHUNK = 1 << 20


def archive_dir() -> Path:
    """The folder of archive files (created on first use)."""
    configured = current_app.config.get("EDITION_ARCHIVE_DIR")
    folder = (
        Path(configured)
        if configured
        else Path(current_app.config["UPLOAD_DIR"]).resolve().parent
        / "edition-archives"
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def archive_file(name: str) -> Path | None:
    """The archive file of that plain name, if it is there (never outside the folder)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    path = archive_dir() / name
    return path if path.is_file() else None


def export_name(edition: Edition) -> str:
    """cuoc-thi-<year>-<id>-<UTC time>.zip"""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return f"cuoc-thi-{edition.year}-{edition.id}-{stamp}.zip"


def start_export(edition: Edition, user: User | None, origin_url: str | None) -> Job:
    """Queue the export of the edition (the caller commits)."""
    return submit_job(
        EXPORT_KIND, {"edition_id": edition.id}, user=user, origin_url=origin_url
    )


def save_upload(stream: IO[bytes]) -> Path:
    """Keep an uploaded archive under a server-made name until its job imports it."""
    path = archive_dir() / f"{UPLOAD_PREFIX}{uuid.uuid4().hex}.zip"
    with path.open("wb") as out:
        while block := stream.read(CHUNK):
            out.write(block)
    return path


def start_import(path: Path, user: User | None, origin_url: str | None) -> Job:
    """Queue the import of an uploaded archive kept in archive_dir()."""
    return submit_job(
        IMPORT_KIND,
        {"file": path.name, "user_id": user.id if user else None},
        user=user,
        origin_url=origin_url,
    )


@job(EXPORT_KIND, title=_l("Export of an edition to an archive file"))
def _export_job(ctx) -> dict:
    edition = db.session.get(Edition, int(ctx.params["edition_id"]))
    if edition is None:
        raise JobError(str(_l("This edition no longer exists.")))
    target = archive_dir() / export_name(edition)
    manifest = export_edition(edition, target, ctx.progress)
    return {
        "file": target.name,
        "size": target.stat().st_size,
        "entries": manifest["rows"].get("entry", 0),
        "files": len(manifest["members"]) - 1,
        "missing_files": len(manifest["missing_files"]),
    }


@job(IMPORT_KIND, title=_l("Import of an edition from an archive file"))
def _import_job(ctx) -> dict:
    path = archive_file(str(ctx.params.get("file") or ""))
    if path is None:
        raise JobError(str(_l("The uploaded archive is no longer on the server.")))
    user_id = ctx.params.get("user_id")
    actor = db.session.get(User, int(user_id)) if user_id else None
    try:
        edition = import_edition(path, actor, ctx.progress)
    except ArchiveError as error:
        path.unlink(missing_ok=True)  # refused for good: retrying cannot help
        raise JobError(str(error)) from error
    edition_archive_changed.send(edition, actor=actor, origin_url=None)
    after_commit(lambda: path.unlink(missing_ok=True))
    return {"edition_id": edition.id, "title": edition.title, "year": edition.year}

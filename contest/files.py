"""Serving stored files of entries, always through an access check.

The entry's owner (its writer, or the unit focal point who typed in a paper entry)
and the organizers get the file as uploaded; everyone else who may see the entry (a
unit's focal points) gets the metadata-free copy (contest.services.clean_copies), or
nothing when no clean copy can be made. Names are made from the entry number.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from contest.access import get_entry_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Attachment, AttachmentKind, Entry, Role
from contest.responses import download_response
from contest.services.clean_copies import ensure_clean_copy
from contest.storage import path_of

bp = Blueprint("files", __name__, url_prefix="/files")

EXTENSIONS = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/pdf": "pdf",
    "text/plain": "txt",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def gets_original(entry: Entry, user) -> bool:
    """Whether ``user`` receives the upload as it was sent (with its metadata)."""
    return entry.is_owned_by(user) or user.has_role(Role.ORGANIZER, Role.ADMIN)


def download_name(entry: Entry, row: Attachment) -> str:
    """The server-made name a stored file is sent under (never the uploaded one)."""
    extension = EXTENSIONS.get(row.mime, "bin")
    return f"{entry.number or 'nhap'}-{row.kind}-{row.id}.{extension}"


@bp.app_template_global("shown_file_name")
def shown_file_name(entry: Entry, row: Attachment, user) -> str:
    """The file name a page shows: the uploaded one only to those who get the
    original (it may carry the author's name), else the name it is sent under."""
    return (
        row.original_name if gets_original(entry, user) else download_name(entry, row)
    )


@bp.route("/<int:attachment_id>")
@bp.route("/<int:attachment_id>/<variant>")
@login_required
@writes_on_get
def attachment(attachment_id: int, variant: str = "file"):
    """A stored file; the name sent is server-made, never the uploaded one."""
    row = db.session.get(Attachment, attachment_id)
    if row is None or variant not in ("file", "thumbnail"):
        abort(404)
    entry = get_entry_or_404(row.entry_id, current_user)
    if variant == "thumbnail":
        key = row.thumbnail_key
    elif gets_original(entry, current_user):
        key = row.storage_key
    else:
        key = ensure_clean_copy(row)
        db.session.commit()  # an older row's copy, made just now, is kept
    if key is None:
        abort(404)
    inline = row.kind == AttachmentKind.PHOTO
    return download_response(
        path_of(key),
        download_name(entry, row),
        "image/jpeg" if variant == "thumbnail" else row.mime,
        inline=inline,
        cache=None,
    )

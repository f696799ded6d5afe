"""Serving stored files of entries, always through an access check."""

from __future__ import annotations

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from contest.access import get_entry_or_404
from contest.extensions import db
from contest.models import Attachment, AttachmentKind
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


@bp.route("/<int:attachment_id>")
@bp.route("/<int:attachment_id>/<variant>")
@login_required
def attachment(attachment_id: int, variant: str = "file"):
    """A stored file; the name sent is server-made, never the uploaded one."""
    row = db.session.get(Attachment, attachment_id)
    if row is None or variant not in ("file", "thumbnail"):
        abort(404)
    entry = get_entry_or_404(row.entry_id, current_user)
    key = row.thumbnail_key if variant == "thumbnail" else row.storage_key
    if key is None:
        abort(404)
    inline = row.kind == AttachmentKind.PHOTO
    return send_file(
        path_of(key),
        mimetype="image/jpeg" if variant == "thumbnail" else row.mime,
        as_attachment=not inline,
        download_name=f"{entry.number or 'nhap'}-{row.kind}-{row.id}.{EXTENSIONS.get(row.mime, 'bin')}",
        max_age=0,
    )

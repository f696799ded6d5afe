"""Send one registered export of an edition, or one issued official document, as a
download, and log who took it."""

from __future__ import annotations

from flask import Response, abort
from flask_babel import gettext as _
from flask_login import current_user

from contest.exports import registry as exports
from contest.exports.official.docx_writer import DOCX_MIME
from contest.extensions import db
from contest.models import Edition, IssuedDocument
from contest.responses import download_response
from contest.services.audit import audit
from contest.storage import read_stored


def download(subject, name: str, params: dict | None = None, **details) -> Response:
    """Run export ``name``; who took a copy of what (``subject``: an edition, a
    batch, a person…, with ``details``) is audit-logged.

    ``params`` (default: the edition ``subject``) go to the export; the award
    documents pass their own ``edition`` (an ``EditionInfo``) and ``items`` there.
    """
    result = exports.run(name, **(params or {"edition": subject}))
    audit(current_user, f"export.{name}", subject, **details)
    db.session.commit()
    return download_response(result.data, result.filename, result.mimetype)


FILE_STEMS = {
    "award_decision": "quyet-dinh-trao-giai",
    "certificates": "giay-chung-nhan",
    "payment_list": "danh-sach-chi-tra",
    "plan": "ke-hoach-the-le",
    "committee_decision": "quyet-dinh-thanh-lap-ban-to-chuc",
    "jury_decision": "quyet-dinh-thanh-lap-hoi-dong-giam-khao",
    "reminder_letter": "cong-van-don-doc",
    "final_report": "bao-cao-tong-ket",
}


def send_issued(
    edition: Edition, issued: IssuedDocument, fmt: str, key: str
) -> Response:
    """An issued document's stored file (Word, PDF, or the text for blanks)."""
    stem = f"{FILE_STEMS.get(issued.kind, 'van-ban')}-so-{issued.first_seq:02d}-{edition.year}"
    if fmt == "docx":
        mimetype, filename = DOCX_MIME, f"{stem}.docx"
    elif fmt == "blanks":
        mimetype, filename = "application/pdf", f"{stem}-in-len-phoi.pdf"
    else:
        mimetype, filename = "application/pdf", f"{stem}.pdf"
    try:
        content = read_stored(key)
    except FileNotFoundError:
        abort(404, _("The file of this document is missing from the server's storage."))
    audit(
        current_user, f"documents.download.{issued.kind}", edition, number=issued.number
    )
    db.session.commit()
    return download_response(content, filename, mimetype)

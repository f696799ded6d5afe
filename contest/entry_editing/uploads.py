"""Attaching the files of an entry form (document, video, photos) for writers and units."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from contest.documents import DocumentRejected
from contest.intake_messages import INTAKE_MESSAGES, VIDEO_MESSAGES
from contest.models import Entry, User
from contest.services import entry_files


@dataclass
class UploadOutcome:
    """What happened to the files of one form post."""

    ok: bool = True
    scan_kept: bool = False


def attach_uploads(
    entry: Entry, form, actor: User, *, allow_scan: bool = False
) -> UploadOutcome:
    """Attach the form's files; each refusal is written next to its field."""
    outcome = UploadOutcome()
    upload = form.document.data
    if upload and upload.filename:
        try:
            extracted = entry_files.attach_document(
                entry, actor, upload.read(), upload.filename, allow_scan=allow_scan
            )
        except DocumentRejected as refusal:
            form.document.errors.append(str(INTAKE_MESSAGES[refusal.code]))
            outcome.ok = False
        else:
            outcome.scan_kept = extracted.needs_typing
            if not extracted.needs_typing:
                form.text.data = extracted.text
    video = form.video.data
    if video and video.filename:
        try:
            entry_files.attach_video(
                entry,
                actor,
                video.read(),
                video.filename,
                max_bytes=current_app.config["VIDEO_MAX_BYTES"],
            )
        except entry_files.VideoRejected as refusal:
            form.video.errors.append(str(VIDEO_MESSAGES[refusal.code]))
            outcome.ok = False
    for photo in form.photos.data or []:
        if not photo or not photo.filename:
            continue
        try:
            entry_files.add_photo(entry, actor, photo.read(), photo.filename)
        except DocumentRejected as refusal:
            message = INTAKE_MESSAGES[refusal.code]
            if refusal.details.get("too_many_photos"):
                message = _(
                    "At most %(n)d photos per entry.",
                    n=refusal.details["too_many_photos"],
                )
            form.photos.errors.append(f"{photo.filename}: {message}")
            outcome.ok = False
    return outcome

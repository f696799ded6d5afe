"""What the focal point is told about a refused ZIP or an import row (one place)."""

from __future__ import annotations

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.documents import IntakeError
from contest.intake_messages import INTAKE_MESSAGES, PROBLEM_MESSAGES
from contest.organizer.units import TABLE_ERRORS
from contest.services.entries import Problem
from contest.services.unit_bundle import BundleError, BundleRejected, RowError
from contest.services.unit_import import RowOutcome

BUNDLE_MESSAGES = {
    BundleError.NOT_A_ZIP: _l("This is not a ZIP file, or the ZIP file is damaged."),
    BundleError.ENCRYPTED: _l(
        "The ZIP file is protected by a password. Please make it again without one."
    ),
    BundleError.TOO_MANY_FILES: _l("The ZIP file holds too many files."),
    BundleError.TOO_LARGE: _l(
        "The ZIP file is too large once unpacked. Please split it into several ZIP files."
    ),
    BundleError.NO_MANIFEST: _l(
        "No manifest was found: put manifest.csv or manifest.xlsx at the top of the ZIP file, or upload it beside the ZIP file."
    ),
    BundleError.SEVERAL_MANIFESTS: _l(
        "The ZIP file holds several lists (.csv or .xlsx) at its top level. Name the manifest manifest.csv or manifest.xlsx."
    ),
    BundleError.MANIFEST_UNREADABLE: _l("The manifest could not be read."),
    BundleError.NO_ROWS: _l("The manifest has no rows."),
}

COLUMN_LABELS = {
    "file": _l("File name"),
    "title": _l("Title"),
    "author": _l("Author"),
    "phone": _l("Phone"),
    "unit": _l("Unit"),
    "featured": _l("Featured person"),
    "featured_address": _l("Featured person's address"),
    "track": _l("Track"),
    "field": _l("Field"),
    "outlet": _l("Published in (newspaper, website, radio or TV channel)"),
    "link": _l("Link to the published work or video"),
}

ROW_MESSAGES = {
    RowError.MISSING_FILE: _l("The file is not in the ZIP file."),
    RowError.UNSAFE_FILE: _l(
        "The file has an unsafe or ambiguous name in the ZIP file and was not read."
    ),
    RowError.FILE_TOO_LARGE: INTAKE_MESSAGES[IntakeError.FILE_TOO_LARGE],
    RowError.ZIP_BOMB: INTAKE_MESSAGES[IntakeError.ZIP_BOMB],
    RowError.BAD_LINK: _l("The link must start with http:// or https://."),
    RowError.UNKNOWN_TRACK: _l("Unknown track: write “Bài viết” or “Báo chí”."),
    RowError.UNKNOWN_FIELD: _l("Unknown field: use a field of this year's rules."),
    RowError.BAD_DATE: _l("The publication date is not a date (dd/mm/yyyy)."),
    RowError.ALREADY_IMPORTED: _l("Already imported."),
}


def bundle_message(refusal: BundleRejected) -> str:
    """Why the whole ZIP (or its manifest) was refused, for the form's error."""
    if refusal.code == BundleError.MANIFEST_UNREADABLE:
        reason = refusal.details.get("reason", "")
        if reason in TABLE_ERRORS:
            return str(TABLE_ERRORS[reason])
        if reason in set(IntakeError):
            return str(INTAKE_MESSAGES[IntakeError(reason)])
    if refusal.code == BundleError.MISSING_COLUMNS:
        columns = refusal.details.get("columns", [])
        return _(
            "The manifest lacks these columns: %(columns)s.",
            columns=", ".join(str(COLUMN_LABELS[c]) for c in columns),
        )
    if refusal.code == BundleError.TOO_MANY_ROWS:
        return _(
            "The manifest has more than %(limit)d rows. Please split it into several ZIP files of at most %(limit)d entries.",
            limit=refusal.details["limit"],
        )
    return str(BUNDLE_MESSAGES[refusal.code])


def row_message(outcome: RowOutcome) -> str:
    """Why one row was not imported, in the user's language."""
    reason = outcome.reason
    if reason == RowError.BAD_DOCUMENT:
        return str(INTAKE_MESSAGES[IntakeError(outcome.detail)])
    if reason == RowError.INCOMPLETE:
        return str(PROBLEM_MESSAGES[Problem(outcome.detail)])
    if reason in (RowError.MISSING_CELLS, RowError.CELL_TOO_LONG):
        columns = ", ".join(
            str(COLUMN_LABELS[c])
            for c in outcome.detail.split(", ")
            if c in COLUMN_LABELS
        )
        if reason == RowError.MISSING_CELLS:
            return _("Missing: %(columns)s.", columns=columns)
        return _("Too long: %(columns)s.", columns=columns)
    if reason == RowError.TOO_LONG:
        return _(
            "The text has %(words)s words, more than the track's limit of %(limit)s.",
            words=format_decimal(outcome.words),
            limit=format_decimal(outcome.limit),
        )
    if reason == RowError.DUPLICATE_IN_FILE:
        return _(
            "Same file and title as row %(row)s of the manifest.", row=outcome.detail
        )
    return str(ROW_MESSAGES[reason]) if reason is not None else ""

"""Judge area, part 2: the score form beside the entry's text (on the judge blueprint).

GET shows the rubric form (or the read-only sheet once submitted) with the same
notes as the reading view (judging.reading.services.notes); POST saves a draft, submits, or,
with the ``X-Autosave`` header, autosaves and answers JSON. The entry is reached only
through ``reading_or_404`` (the judge's own active reading in an open round, read
with its sheet in one statement: judging.reading.services.opening), so anything
else is a 404, and templates get a BlindEntry only. A draft is saved by one
conditional statement (drafts.save_draft_seen: never over a newer version).
"""

from __future__ import annotations

from numbers import Number

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.extensions import db
from contest.models import utcnow
from contest.numbers import format_score
from judging.reading.services import notes as reading_notes
from judging.reading.services import opening
from judging.reading.services import queue as reading
from judging.reading.views.judge import bp, reading_or_404
from judging.rounds.services import rubric_of
from judging.scoring.core.rubric import running_total_100
from judging.scoring.services import drafts, sheets

MESSAGES = {
    "missing": _l("Please give a score."),
    "not_a_number": _l("Please enter a number, for example 7 or 7.5."),
    "negative": _l("The score cannot be below 0."),
    "above_max": _l("The score is above the maximum of this criterion."),
    "off_step": _l("This criterion is scored in whole points."),
    "off_step_half": _l("This criterion is scored in whole or half points."),
    "comment_required": _l("A comment is required for this criterion."),
    "note_required": _l("Please say briefly why you suspect copying."),
}
REFUSALS = {
    "locked": _l("This score sheet has been submitted and can no longer be changed."),
    "stale": _l(
        "This score sheet was changed in another window. Reload the page to see the "
        "latest version; what you typed here is kept in this browser."
    ),
    "closed": _l("This reading is no longer open for scoring."),
}


@bp.app_template_global()
def score_shown(value) -> str:
    """A score in the form: a number formatted as a score (no fixed digits), text
    (a draft keeps what was typed) as it is, nothing for None (a function, not a
    macro: it runs two or three times per criterion)."""
    if isinstance(value, Number):
        return format_score(value, None)
    return value or ""


def _sheet_from_form(criteria) -> sheets.SheetInput:
    """The typed sheet from the posted form (criterion ids the rubric knows only)."""
    form = request.form
    return sheets.SheetInput(
        values={c.id: form.get(f"value-{c.id}", "") for c in criteria},
        comments={c.id: form.get(f"comment-{c.id}", "") for c in criteria},
        overall_comment=form.get("overall_comment", ""),
        suspected_copying=form.get("suspected_copying") in ("y", "1", "on"),
        copying_note=form.get("copying_note", ""),
    )


def _saved_values(criteria, sheet) -> dict:
    """The saved sheet's values by criterion id ({} without a sheet)."""
    if sheet is None:
        return {}
    return {c.id: sheet.values.get(str(c.id)) for c in criteria}


def _version() -> int | None:
    """The sheet version the browser last saw (None when the form carries none)."""
    return request.form.get("version", type=int)


def _messages(errors: dict[str, str], criteria) -> dict[str, str]:
    """Error codes as sentences, by form field name."""
    half = {f"value-{c.id}" for c in criteria if (c.step or 1.0) < 1.0}
    out = {}
    for name, code in errors.items():
        if code == "off_step" and name in half:
            code = "off_step_half"
        out[name] = str(MESSAGES.get(code, MESSAGES["not_a_number"]))
    return out


@bp.route("/entries/<code>/score", methods=["GET", "POST"])
def score(code: str):
    """The score form of one reading: save a draft, autosave (JSON) or submit."""
    # The reading and its sheet in one statement (with the entry's columns for a
    # page; an autosave needs no BlindEntry), shared with the closed-edition guard.
    found = reading_or_404(code, page=request.method == "GET")
    row, code = found.row, found.code
    criteria = drafts.criteria_for(row, found.first_sheet)
    sheet = None
    errors: dict[str, str] = {}
    typed = None
    if request.method == "POST":
        autosave = request.headers.get("X-Autosave") == "1"
        typed = _sheet_from_form(criteria)
        round_ = row.round  # loaded with the reading
        now, zone = utcnow(), round_.edition.zone
        try:
            if request.form.get("action") == "submit" and not autosave:
                sheet = sheets.submit(
                    current_user, row, typed, _version(), now, criteria
                )
            else:
                sheet = drafts.save_draft_seen(
                    current_user, row, found.score, typed, _version(), now, criteria
                )
        except sheets.ScoreRefused as refused:
            db.session.rollback()
            message = str(REFUSALS.get(refused.code, REFUSALS["closed"]))
            if autosave:
                return jsonify(saved=False, reason=refused.code, message=message), 409
            flash(message, "danger")
            return redirect(url_for("judge.score", code=code))
        except sheets.SheetInvalid as invalid:
            errors = _messages(invalid.errors, criteria)
            sheet = sheets.score_of(row)  # the draft is saved even when refused
            db.session.commit()
            found = reading_or_404(code, page=True)  # the page shows the entry
        else:
            reading.mark_opened(row, now)
            # Read before the commit expires the objects (no reload for the answer).
            saved = dict(
                saved=True,
                version=sheet.version,
                saved_at=sheet.updated_at.astimezone(zone).strftime("%H:%M:%S"),
            )
            submitted = sheet.submitted
            db.session.commit()
            if autosave:
                return jsonify(saved)
            if submitted:
                flash(_("Your scores for %(code)s were submitted.", code=code))
            else:
                flash(_("Draft saved."), "success")
            return redirect(url_for("judge.score", code=code))
    else:
        sheet = found.score
    total = (
        sheets.total_100(criteria, sheet)
        if sheet is not None and sheet.submitted
        else None
    )
    # A round without criteria yet shows the form without a total (not an error).
    rubric = rubric_of(criteria) if criteria else None
    shown = typed.values if typed else _saved_values(criteria, sheet)
    page = render_template(
        "judge/score.html",
        entry=opening.blind_view(found),
        criteria=criteria,
        sheet=sheet,
        typed=typed,
        errors=errors,
        total=total,
        running=running_total_100(rubric, shown) if rubric else None,
        points_scale={c.id: 100.0 * c.weight / rubric.max_total for c in criteria},
        notes=reading_notes.reading_notes(row, found.fingerprint),
    )
    if request.method == "GET" and reading.mark_opened(row, utcnow()):
        db.session.commit()  # after rendering: nothing to reload
    return page, (422 if errors else 200)

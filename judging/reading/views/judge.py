"""Judge area: the declaration, the queue of codes, the blind reading view, recusal.

Every view here hands templates BlindEntry values only (DESIGN.md rule 4). An entry
is reached by its round code, and only through the judge's own active reading in an
open round; everything else answers 404. Photos are served from the metadata-free
copy under a name made of the code. Each new route must be visited by the canary
test (tests/test_anonymity.py), which fails until it is.
"""

from __future__ import annotations

from functools import lru_cache

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from contest.access import guard_blueprint
from contest.extensions import db
from contest.forms_base import BaseForm
from contest.locking import writes_on_get
from contest.models import Attachment, AttachmentKind, Role, utcnow
from contest.paragraphs import paragraphs
from contest.responses import download_response
from contest.storage import path_of
from judging.assignment.models import Assignment, JudgingCode
from judging.assignment.services import moves
from judging.assignment.services import pool as services
from judging.reading.core import filter_items
from judging.reading.services import notes as reading_notes
from judging.reading.services import opening
from judging.reading.services import queue as reading
from judging.reading.services.queue_list import queue_of
from judging.reading.views.forms import QueueFilterForm
from judging.reading.views.queue_lines import QueueLines
from judging.rounds.models import Round
from judging.scoring.services.drafts import criteria_for

bp = Blueprint("judge", __name__, url_prefix="/judge")
guard_blueprint(bp, Role.JUDGE)

PHOTO_SUFFIX = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


class DeclarationForm(BaseForm):
    """The conflict-of-interest declaration, signed once per edition."""

    accept = BooleanField(
        _l(
            "I declare that I have no conflict of interest with the entries I will "
            "read, that I will not try to find out who wrote them, and that I will "
            "declare a conflict as soon as I recognise an author or know a featured "
            "person."
        ),
        validators=[DataRequired(_l("Please tick the declaration to continue."))],
    )
    submit = SubmitField(_l("Sign the declaration"))


class RecuseForm(BaseForm):
    """ "I know this author or person": the judge stops reading the entry."""

    confirm = BooleanField(
        _l("I know the author or a person in this entry, or I have another conflict."),
        validators=[DataRequired(_l("Please tick the box to confirm."))],
    )
    submit = SubmitField(_l("Declare the conflict and stop reading"))


# Views that reach an entry by its code ask about the declaration with the reading
# (opening.find_reading: one statement for both), see reading_or_404.
_DECLARATION_WITH_READING = frozenset(
    {"judge.read", "judge.photo", "judge.recuse", "judge.score"}
)


@bp.before_request
def _declaration_first():
    """Judges sign the declaration before they see anything else."""
    if request.endpoint == "judge.declaration":
        return None
    if request.endpoint in _DECLARATION_WITH_READING:
        return None  # asked with the reading, before anything is shown or saved
    if services.has_pending_declaration(current_user):
        return redirect(url_for("judge.declaration"))
    return None


@bp.app_template_global()
@lru_cache(maxsize=256)
def reading_text_html(text: str) -> Markup:
    """A judge's text as its numbered paragraphs (contest.paragraphs' one
    separation; lines kept with <br>), escaped; made once per process per text (the
    same redacted text for every judge who opens the entry, and long: a loop in the
    template cost more than the rest of the page)."""
    return Markup(
        "\n".join(
            f'<p id="p-{n}"><span class="para-no" data-n="{n}" aria-hidden="true">'
            f"</span>{Markup('<br>').join(escape(line) for line in block.split(chr(10)))}"
            "</p>"
            for n, block in enumerate(paragraphs(text), start=1)
        )
    )


@bp.after_request
def _no_store(response):
    """Judges may read on shared computers: keep entries out of caches."""
    response.headers["Cache-Control"] = "no-store, private"
    return response


@bp.route("/")
def queue():
    """The judge's entries by code, per open round with progress and due date,
    filtered by state, track, field and a search on code or title (GET)."""
    found = queue_of(current_user)
    form = QueueFilterForm(formdata=request.args).prepare(found.items)
    items = filter_items(found.items, form.filters())
    return render_template(
        "judge/queue.html",
        items=items,
        total=len(found.items),
        rounds=found.progress(utcnow()),
        form=form,
        lines=QueueLines().by_round(items),
    )


@bp.route("/declaration", methods=["GET", "POST"])
def declaration():
    """Sign the conflict-of-interest declaration (once per edition judged)."""
    pending = services.pending_declarations(current_user)
    if not pending:
        return redirect(url_for("judge.queue"))
    edition = pending[0]
    form = DeclarationForm()
    if form.validate_on_submit():
        services.sign_declaration(current_user, edition, utcnow())
        db.session.commit()
        flash(_("Thank you. Your declaration has been recorded."), "success")
        return redirect(url_for("judge.queue"))
    return render_template("judge/declaration.html", form=form, edition=edition)


def find_reading(code: str, page: bool = False) -> opening.Reading | None:
    """The current judge's reading of this code (opening.find_reading), kept for the
    rest of the request: the closed-edition guard's resolver and the view share it.
    A reading found for a page also answers a later question without ``page``."""
    kept = g.setdefault("_judge_readings", {})
    judge, code = current_user.id, str(code).strip().upper()
    found = kept.get((judge, code, page)) or kept.get((judge, code, True))
    if found is None:
        found = opening.find_reading(current_user, code, page)
        if found is None:
            return None
        kept[(judge, code, page)] = found
    return found


class DeclarationPending(Exception):
    """The judge must sign a declaration before reading (answered by a redirect)."""


@bp.errorhandler(DeclarationPending)
def _to_declaration(_error):
    return redirect(url_for("judge.declaration"))


def reading_or_404(code: str, page: bool = False) -> opening.Reading:
    """The judge's reading of this code, or 404 (as for a code that does not exist);
    a judge with a declaration to sign is sent to it first (_declaration_first)."""
    found = find_reading(code, page)
    if found is None:
        if services.has_pending_declaration(current_user):
            raise DeclarationPending
        abort(404)
    if found.pending_declaration:
        raise DeclarationPending
    return found


@bp.route("/entries/<code>")
@writes_on_get
def read(code: str):
    """Read one entry: code, track, field, genre, title, text, featured people."""
    found = reading_or_404(code, page=True)
    row = found.row
    page = render_template(
        "judge/read.html",
        entry=opening.blind_view(found),
        criteria=criteria_for(row, found.first_sheet),
        notes=reading_notes.reading_notes(row, found.fingerprint),
    )
    if reading.mark_opened(row, utcnow()):  # after rendering: nothing to reload
        db.session.commit()
    return page


@bp.route("/entries/<code>/photos/<int:index>")
def photo(code: str, index: int):
    """A photo of the featured person: the copy without EXIF/GPS, named by the code."""
    entry = opening.blind_view(reading_or_404(code, page=True))
    if not 1 <= index <= len(entry.photo_ids):
        abort(404)
    attachment = db.session.get(Attachment, entry.photo_ids[index - 1])
    if (
        attachment is None
        or attachment.kind != AttachmentKind.PHOTO
        or not attachment.clean_key
    ):
        abort(404)
    return download_response(
        path_of(attachment.clean_key),
        f"{entry.code}-{index}.{PHOTO_SUFFIX.get(attachment.mime, 'jpg')}",
        attachment.mime,
        inline=True,
        cache=None,
    )


@bp.route("/entries/<code>/conflict", methods=["GET", "POST"])
def recuse(code: str):
    """ "I have a conflict": stop reading; another judge gets the entry."""
    found = reading_or_404(code, page=True)
    row, entry = found.row, opening.blind_view(found)
    form = RecuseForm()
    if form.validate_on_submit():
        moves.recuse(current_user, row, utcnow())
        db.session.commit()
        flash(
            _(
                "Thank you. Entry %(code)s has been removed from your list and will be "
                "read by another judge.",
                code=entry.code,
            ),
            "success",
        )
        return redirect(url_for("judge.queue"))
    return render_template("judge/recuse.html", entry=entry, form=form)


def edition_of_reading(code: str) -> int | None:
    """For contest.edition_guard (a write's first question): the edition of one of
    the current judge's own readings, when the guard must look at it; None for any
    other code (its view answers 404).

    The judge's readable reading (find_reading, kept for the view: one statement for
    both) is in an edition that is not closed by construction, so there is nothing
    for the guard to check (None); a pending declaration is answered by the view
    (a redirect, as before). Only a code that is not readable is looked up: a
    reading in a closed edition gets the guard's refusal, as before."""
    if find_reading(code) is not None:
        return None
    return db.session.scalar(
        select(Round.edition_id)
        .join(JudgingCode, JudgingCode.round_id == Round.id)
        .join(
            Assignment,
            (Assignment.round_id == Round.id)
            & (Assignment.entry_id == JudgingCode.entry_id),
        )
        .where(
            JudgingCode.code == str(code).strip().upper(),
            Assignment.judge_id == getattr(current_user, "id", None),
        )
        .limit(1)
    )

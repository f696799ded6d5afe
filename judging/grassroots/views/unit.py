"""Unit pages of the grassroots feature: the batches the unit forwarded upward, the
head's sign-off of each batch, its generated cover letter (Word and PDF), and returning an
entry to its writer with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from contest.access import get_entry_or_404
from contest.extensions import db
from contest.forms_base import BaseForm
from contest.locking import writes_on_get
from contest.organizer.downloads import download
from contest.services.audit import audit
from contest.services.unit_tree import subtree_ids
from contest.unit import bp
from judging.grassroots.models import ForwardBatch
from judging.grassroots.services.returns import may_return, return_to_writer


class SignOffForm(BaseForm):
    """The unit's head signs the batch's cover letter."""

    head_name = StringField(
        _l("Name of the unit's head"), validators=[DataRequired(), Length(max=120)]
    )
    head_title = StringField(
        _l("Title (e.g. Chủ tịch UBND xã)"),
        validators=[DataRequired(), Length(max=120)],
    )
    sign = SubmitField(_l("Sign the cover letter"))


def _batch_or_404(batch_id: int) -> ForwardBatch:
    """A batch forwarded by the user's unit or a unit below it."""
    batch = db.session.get(ForwardBatch, batch_id)
    if batch is None or batch.from_unit_id not in subtree_ids(current_user.unit_id):
        abort(404)
    return batch


@bp.route("/batches")
def forward_batches():
    """The batches forwarded by the unit and the units below it, newest first."""
    mine = sorted(subtree_ids(current_user.unit_id))
    batches = db.session.scalars(
        select(ForwardBatch)
        .where(ForwardBatch.from_unit_id.in_(mine))
        .order_by(ForwardBatch.created_at.desc(), ForwardBatch.id.desc())
    ).all()
    return render_template("unit/batches.html", batches=batches)


@bp.route("/batches/<int:batch_id>", methods=["GET", "POST"])
def forward_batch(batch_id: int):
    """One batch: its entries, and the head's sign-off."""
    batch = _batch_or_404(batch_id)
    form = SignOffForm(obj=batch)
    if form.validate_on_submit():
        if batch.signed_at is not None:
            flash(_("This cover letter is already signed."), "warning")
        else:
            batch.head_name = form.head_name.data.strip()
            batch.head_title = form.head_title.data.strip()
            batch.signed_at, batch.signed_by_id = datetime.now(UTC), current_user.id
            audit(current_user, "forward.sign", batch, head=batch.head_name)
            db.session.commit()
            flash(_("The cover letter is signed."), "success")
        return redirect(url_for("unit.forward_batch", batch_id=batch.id))
    return render_template("unit/batch.html", batch=batch, form=form)


@bp.route("/batches/<int:batch_id>/letter.pdf")
@writes_on_get
def forward_letter(batch_id: int, fmt: str = "pdf"):
    """The signed cover letter as PDF (an unsigned batch has none yet)."""
    batch = _batch_or_404(batch_id)
    if batch.signed_at is None:
        flash(_("The head of the unit must sign the cover letter first."), "warning")
        return redirect(url_for("unit.forward_batch", batch_id=batch.id))
    return download(
        batch, "forward_cover_letter", {"batch": batch, "fmt": fmt}, format=fmt
    )


@bp.route("/batches/<int:batch_id>/letter.docx")
def forward_letter_docx(batch_id: int):
    """The signed cover letter as an editable Word file (same rules as the PDF)."""
    return forward_letter(batch_id, "docx")


@bp.app_template_global("may_return_entry")
def may_return_entry(entry) -> bool:
    """Whether the current focal point may return this entry to its writer."""
    return may_return(entry, current_user.unit_id)


@bp.route("/entries/<int:entry_id>/return", methods=["POST"])
def return_entry(entry_id: int):
    """Return a writer's submitted entry with a reason (who and why are logged; the
    app's CSRF protection checks the form's token)."""
    entry = get_entry_or_404(entry_id, current_user)
    reason = (request.form.get("reason") or "").strip()
    if not may_return(entry, current_user.unit_id):
        flash(
            _("Only a writer's submitted entry held by your unit can be returned."),
            "warning",
        )
    elif not reason:
        flash(_("Please give the writer a reason."), "warning")
    elif len(reason) > 1000:
        flash(_("The reason is too long (at most 1,000 characters)."), "warning")
    else:
        return_to_writer(entry, current_user, reason)
        db.session.commit()
        flash(
            _("Entry %(number)s was returned to its writer.", number=entry.number),
            "success",
        )
        return redirect(url_for("unit.dashboard"))
    return redirect(url_for("unit.entry", entry_id=entry.id))

"""Organizer page of the winner notifications: the editable email templates, a preview
for a real recipient, "send" (once, unless "send again" is confirmed) and the send
log read from the outbox. Sending needs a published award list; a closed edition is
read-only (``contest.edition_guard`` refuses the posts).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from contest.access import get_or_404
from contest.extensions import db
from contest.models import Edition, EditionStatus
from contest.organizer import bp
from contest.organizer.ops import status_label
from judging.awards.core.notice import PLACEHOLDERS, Audience
from judging.awards.services import notices
from judging.awards.services.published import published_award_list
from judging.awards.views.notice_forms import (
    AUDIENCE_SHORT,
    AUDIENCE_TITLES,
    PLACEHOLDER_HELP,
    NoticeTemplateForm,
    SendForm,
)

BASE = "/editions/<int:edition_id>/awards/notifications"
REFUSALS = {
    "not_published": _l("The award list is not published yet: nothing was sent."),
    "invalid": _l(
        "The saved template has a placeholder problem: correct it, save it, then send."
    ),
    "no_recipients": _l("Nobody can receive this notice: no e-mail address is known."),
    "already_sent": _l(
        "This notice was already sent. Tick the box to send it again to everyone."
    ),
}


def _audience_or_404(value: str) -> Audience:
    if value not in set(Audience):
        abort(404)
    return Audience(value)


def _template_form(edition: Edition, audience: Audience) -> NoticeTemplateForm:
    """The audience's form filled with the stored (or default) template."""
    subject, body = notices.template_of(edition, audience)
    return NoticeTemplateForm(audience, formdata=None, subject=subject, body=body)


def _page(
    edition: Edition,
    *,
    forms: dict | None = None,
    send_forms: dict | None = None,
    refusals: dict | None = None,
    status: int = 200,
):
    """The page, with the forms a failed post leaves and the previews of the texts."""
    forms = forms or {}
    send_forms = send_forms or {}
    published = published_award_list(edition.id) is not None
    sections = []
    for audience in Audience:
        form = forms.get(audience) or _template_form(edition, audience)
        people = notices.recipients(edition, audience) if published else []
        reachable = [r for r in people if r.email]
        preview = None
        if reachable and not form.errors:
            preview = (
                reachable[0],
                *notices.rendered(form.subject.data, form.body.data, reachable[0]),
            )
        sections.append(
            {
                "audience": audience,
                "title": AUDIENCE_TITLES[audience],
                "form": form,
                "send_form": send_forms.get(audience)
                or SendForm(audience, formdata=None),
                "placeholders": [
                    (name, PLACEHOLDER_HELP[name]) for name in PLACEHOLDERS[audience]
                ],
                "recipients": people,
                "reachable": reachable,
                "preview": preview,
                "state": notices.sent_state(edition, audience),
                "refusal": (refusals or {}).get(audience),
            }
        )
    return render_template(
        "organizer/award_notify.html",
        edition=edition,
        published=published,
        read_only=edition.status == EditionStatus.CLOSED,
        sections=sections,
        log=notices.delivery_log(edition),
        audience_short=AUDIENCE_SHORT,
        status_label=status_label,
    ), status


@bp.route(BASE)
def award_notifications(edition_id: int):
    """Templates, previews, send buttons and the send log of the winner notices."""
    return _page(get_or_404(Edition, edition_id))


@bp.route(f"{BASE}/<audience>", methods=["POST"])
def award_notice_template(edition_id: int, audience: str):
    """Save an audience's template, or preview it unsaved ("Preview")."""
    edition = get_or_404(Edition, edition_id)
    kind = _audience_or_404(audience)
    form = NoticeTemplateForm(kind)
    if not form.validate():
        return _page(edition, forms={kind: form}, status=422)
    if form.preview.data:
        return _page(edition, forms={kind: form})
    notices.save_template(
        current_user, edition, kind, form.subject.data.strip(), form.body.data
    )
    db.session.commit()
    flash(_("The template was saved."), "success")
    return redirect(
        url_for("organizer.award_notifications", edition_id=edition.id)
        + f"#notice-{kind}"
    )


@bp.route(f"{BASE}/<audience>/send", methods=["POST"])
def award_notice_send(edition_id: int, audience: str):
    """Queue the audience's notice, one email per recipient (see the service)."""
    edition = get_or_404(Edition, edition_id)
    kind = _audience_or_404(audience)
    form = SendForm(kind)
    if not form.validate():
        return _page(edition, send_forms={kind: form}, status=400)
    try:
        deliveries = notices.send_notices(
            current_user, edition, kind, again=bool(form.again.data)
        )
    except notices.NoticeRefused as refused:
        db.session.rollback()
        message = str(REFUSALS[refused.code])
        if refused.code == "already_sent":
            form.again.errors = [message]
            return _page(edition, send_forms={kind: form}, status=409)
        return _page(
            edition, send_forms={kind: form}, refusals={kind: message}, status=409
        )
    db.session.commit()
    flash(
        _(
            "%(count)s emails were queued: they are sent in the background. "
            "Their state is in the send log below.",
            count=len(deliveries),
        ),
        "success",
    )
    return redirect(
        url_for("organizer.award_notifications", edition_id=edition.id) + "#send-log"
    )

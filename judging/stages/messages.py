"""The stage model's blockers in the organizers' words, each with the page that clears
it ("3 identity findings to check" → the identity review).

``judging.stages.core`` says *why* an action waits (a ``Blocker`` code and a count); this
module says it in Vietnamese or English and links to where the organizer can act.
Pages call ``describe_all`` beside the button the verdict concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context
from flask import url_for as _url_for
from flask_babel import gettext as _

from contest.models import Edition
from contest.timezones import format_datetime
from judging.stages.core import Block, Blocker, Verdict


@dataclass(frozen=True)
class Described:
    """A blocker in words, and where to clear it (``url`` may be None)."""

    code: str
    text: str
    url: str | None = None
    link: str | None = None
    overridable: bool = False


def url_for(endpoint: str, **values) -> str | None:
    """The link, or None outside a request (a refusal raised by a CLI command or a
    job still says why, in words)."""
    if not has_request_context() or values.get("edition_id") is None:
        return None
    return _url_for(endpoint, **values)


def _deadline(edition: Edition | None) -> str:
    from judging.stages.services import entries_close_at  # (it imports this module)

    when = entries_close_at(edition) if edition is not None else None
    return format_datetime(when, tz=edition.timezone) if when is not None else "—"


def describe(block: Block, edition: Edition | None, round_=None) -> Described:
    """One blocker in words, with its link (needs a request context for the URLs)."""
    code, n = block.code, block.count
    eid = edition.id if edition is not None else None
    text, url, link = "", None, None
    if code == Blocker.IDENTITY_PENDING:
        text = _("%(n)s entries with identity findings to check.", n=n)
        url, link = (
            url_for("organizer.judging_identity", edition_id=eid),
            _("Identity review"),
        )
    elif code == Blocker.PLAGIARISM_PENDING:
        text = _("%(n)s similar pairs still to decide.", n=n)
        url = url_for("organizer.plagiarism_report", edition_id=eid, status="open")
        link = _("Plagiarism report")
    elif code == Blocker.UNTYPED_SCANS:
        text = _(
            "%(n)s scanned paper entries nobody has typed yet are left out of the "
            "round. Typing deadline: %(when)s.",
            n=n,
            when=_deadline(edition),
        )
        url = url_for("organizer.entries", edition_id=eid, problem="needs_typing")
        link = _("Entries to type")
    elif code == Blocker.ENTRIES_OPEN:
        text = _(
            "Entries are still accepted (last deadline: %(when)s).",
            when=_deadline(edition),
        )
        url, link = url_for("organizer.edit_timeline", edition_id=eid), _("Timeline")
    elif code == Blocker.ROUNDS_NOT_CLOSED:
        text = _("A judging round is still open, or the last round is not closed.")
        url, link = url_for("organizer.judging_home", edition_id=eid), _("Judging")
    elif code == Blocker.AWARDS_SIGNING:
        text = _(
            "The award list is with the chair: return it to draft before changing a "
            "result."
        )
        url, link = url_for("organizer.awards", edition_id=eid), _("Award list")
    elif code == Blocker.RESULTS_PUBLISHED:
        text = _(
            "The results are published: reopen the award list, giving a reason, "
            "before changing a result."
        )
        url, link = url_for("organizer.awards", edition_id=eid), _("Award list")
    elif code == Blocker.EDITION_DRAFT:
        text = _("The edition is still being set up: publish it first.")
        url, link = url_for("organizer.edit_general", edition_id=eid), _("Set-up")
    elif code == Blocker.ARCHIVED:
        text = _("This edition is closed and read-only.")
    elif code == Blocker.NOT_ASSIGNED:
        text = _("No entry has readers yet: preview and commit the assignment first.")
    elif code == Blocker.ROUND_ALREADY_OPEN:
        text = _("The round is already open to judges.")
    elif code == Blocker.ROUND_NOT_OPEN:
        text = _("The round is not open.")
    elif code == Blocker.ROUND_CLOSED:
        text = _("The round is closed: open it again first.")
    elif code == Blocker.PREVIOUS_ROUND:
        text = _("Commit who advances from the previous round first.")
        url, link = url_for("organizer.judging_home", edition_id=eid), _("Judging")
    return Described(str(code), text, url, link, block.overridable)


def describe_all(verdict: Verdict, edition: Edition | None) -> list[Described]:
    """Every blocker of a verdict in words."""
    return [describe(block, edition) for block in verdict.blocks]


def result_change_blockers(edition: Edition) -> list[Described]:
    """Why the edition's results cannot change now, in words (contest.hooks)."""
    from judging.stages.core import EditionAction
    from judging.stages.services import edition_verdict  # (it imports this module)

    return describe_all(edition_verdict(edition, EditionAction.CHANGE_RESULTS), edition)


def describe_warnings(verdict: Verdict, edition: Edition | None) -> list[Described]:
    """The verdict's warnings (they do not block) in words."""
    return [describe(block, edition) for block in verdict.warnings]


def refused_response(error):
    """What a request the stage model refused gets back: JSON for scripts
    (autosave), else the page it came from with the reasons, else a page that
    lists them with their links (HTTP 409)."""
    from flask import flash, jsonify, redirect, render_template, request

    from contest.edition_guard import _same_site_referrer

    if request.headers.get("X-Autosave") or request.accept_mimetypes.best == (
        "application/json"
    ):
        return jsonify(saved=False, error=error.description), 409
    back = _same_site_referrer()
    if back is not None:
        flash(error.description, "danger")
        return redirect(back)
    blockers = describe_all(error.verdict, error.edition)
    return render_template("errors/stage_refused.html", blockers=blockers), 409


def register(app) -> None:
    """Answer every StageRefused raised by a service with ``refused_response``."""
    from judging.stages.services import StageRefused

    app.register_error_handler(StageRefused, refused_response)

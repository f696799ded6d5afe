"""Public pages: the contest's landing page, its rules, and the language switch."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from contest import hooks
from contest.auth.views import safe_next
from contest.queries import current_edition

bp = Blueprint("public", __name__)


def timeline(edition) -> list[tuple[str, datetime | None, datetime | None]]:
    """The edition's milestones in order, as (kind, start, end) for the template."""
    steps = [("submission", edition.submission_opens_at, edition.submission_closes_at)]
    if edition.unit_deadline_at:
        steps.append(("unit_deadline", None, edition.unit_deadline_at))
    steps += [(f"round:{r.name}", r.starts_at, r.ends_at) for r in edition.rounds]
    if edition.results_at:
        steps.append(("results", None, edition.results_at))
    if edition.ceremony_at:
        steps.append(("ceremony", None, edition.ceremony_at))
    return steps


@bp.route("/")
def index():
    """The landing page of the current edition."""
    edition = current_edition()
    now = datetime.now(UTC)
    # What the features say about the results (published? being corrected?).
    facts = {"results_published": False, "results_corrected": False}
    if edition:
        facts.update(hooks.landing_facts.merged(edition))
    return render_template(
        "public/index.html",
        edition=edition,
        now=now,
        steps=timeline(edition) if edition else [],
        **facts,
    )


@bp.route("/rules")
def rules():
    """The full rules (thể lệ) of the current edition."""
    edition = current_edition()
    if edition is None:
        abort(404)
    return render_template("public/rules.html", edition=edition)


@bp.route("/lang/<code>")
def set_language(code: str):
    """Switch the interface language and go back where the user was."""
    if code not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("public.index"))

"""Organizers' plagiarism pages: the ranked report and full scan, one pair side by side
with its decision, entries about the same person, boilerplate, the reference corpus."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.documents import DocumentRejected
from contest.extensions import db
from contest.intake_messages import INTAKE_MESSAGES
from contest.models import Edition, EditionStatus, utcnow
from contest.organizer import bp
from judging.plagiarism.models import ReferenceDocument, SimilarityMatch
from judging.plagiarism.services.checks import latest_scan, start_scan
from judging.plagiarism.services.corpus import boilerplate_of
from judging.plagiarism.services.decisions import (
    DecisionError,
    DecisionRefused,
    actionable_entries,
    decide,
    import_reference,
    reopen,
    save_boilerplate,
)
from judging.plagiarism.services.report import (
    ReportFilters,
    kind_counts,
    list_matches,
    pair_sides,
    report_kind,
    same_person_groups,
    status_counts,
)
from judging.plagiarism.views.forms import (
    DECISION_ERRORS,
    DECISION_LABELS,
    KIND_HELP,
    KIND_LABELS,
    SOURCE_LABELS,
    STATUS_LABELS,
    BoilerplateForm,
    DecisionForm,
    ReferenceForm,
    ReportFilterForm,
)
from judging.stages.core import EditionAction
from judging.stages.messages import describe_all
from judging.stages.services import edition_verdict

LABELS = {
    "kind_labels": KIND_LABELS,
    "kind_help": KIND_HELP,
    "status_labels": STATUS_LABELS,
    "source_labels": SOURCE_LABELS,
    "decision_labels": DECISION_LABELS,
}


@bp.route("/editions/<int:edition_id>/plagiarism")
def plagiarism_report(edition_id: int):
    """Suspicious pairs ranked by score, with filters and the full scan's progress."""
    edition = get_or_404(Edition, edition_id)
    form = ReportFilterForm(formdata=request.args).prepare()
    kind = report_kind(request.args.get("kind"))
    filters = ReportFilters(
        status=form.value("status"),
        source=form.value("source"),
        same_author=form.value("same_author"),
        kind=kind,
    )
    rows, total = list_matches(edition, filters)
    return render_template(
        "organizer/plagiarism_report.html",
        edition=edition,
        form=form,
        rows=rows,
        total=total,
        kind=kind,
        kind_counts=kind_counts(edition),
        counts=status_counts(edition, kind),
        scan=latest_scan(edition),
        **LABELS,
    )


@bp.route("/editions/<int:edition_id>/plagiarism/scan", methods=["POST"])
def plagiarism_scan(edition_id: int):
    """Start the full scan of the edition in the background."""
    edition = get_or_404(Edition, edition_id)
    report_url = url_for("organizer.plagiarism_report", edition_id=edition.id)
    if edition.status == EditionStatus.CLOSED:
        flash(_("This edition is closed: its entries are now the archive."), "warning")
        return redirect(report_url)
    start_scan(edition, current_user, origin_url=report_url)
    db.session.commit()
    flash(
        _("The full scan has started. Its progress is shown below."),
        "success",
    )
    return redirect(report_url)


def _pair_page(match: SimilarityMatch, form: DecisionForm, status: int = 200):
    a_side, b_side = pair_sides(match)
    return (
        render_template(
            "organizer/plagiarism_pair.html",
            match=match,
            edition=match.edition,
            a_side=a_side,
            b_side=b_side,
            form=form,
            counted=sum(1 for p in match.passages if not (p[4] or p[5])),
            actionable=actionable_entries(match),
            blockers=describe_all(
                edition_verdict(match.edition, EditionAction.CHANGE_RESULTS),
                match.edition,
            ),
            **LABELS,
        ),
        status,
    )


@bp.route("/plagiarism/pairs/<int:match_id>")
def plagiarism_pair(match_id: int):
    """Both texts side by side, matched passages highlighted and linked."""
    match = get_or_404(SimilarityMatch, match_id)
    return _pair_page(match, DecisionForm().prepare(match))


@bp.route("/plagiarism/pairs/<int:match_id>/decide", methods=["POST"])
def plagiarism_decide(match_id: int):
    """Decide a pair: not copying, the same entry twice, or copying."""
    match = get_or_404(SimilarityMatch, match_id)
    form = DecisionForm().prepare(match)
    if not form.validate_on_submit():
        return _pair_page(match, form, 422)
    target = next(
        (e for e in actionable_entries(match) if str(e.id) == form.target.data), None
    )
    status, merge = form.decision_status()
    try:
        decide(
            match,
            current_user,
            status,
            form.note.data or "",
            target,
            utcnow(),
            merge=merge,
        )
    except DecisionRefused as refused:
        field = {
            DecisionError.NO_TARGET: form.target,
            DecisionError.NO_REASON: form.note,
            DecisionError.CANNOT_MERGE: form.target,
        }.get(refused.code, form.decision)
        field.errors = [*field.errors, DECISION_ERRORS[refused.code]]
        db.session.rollback()
        return _pair_page(match, form, 422)
    db.session.commit()
    flash(
        _("Decision recorded: %(decision)s.", decision=STATUS_LABELS[match.status]),
        "success",
    )
    return redirect(
        url_for(
            "organizer.plagiarism_report", edition_id=match.edition_id, kind=match.kind
        )
    )


@bp.route("/plagiarism/pairs/<int:match_id>/reopen", methods=["POST"])
def plagiarism_reopen(match_id: int):
    """Put a decided pair back in the queue (entry rulings are undone separately)."""
    match = get_or_404(SimilarityMatch, match_id)
    if not match.is_open:
        reopen(match, current_user)
        db.session.commit()
        flash(_("The pair is open again."), "success")
    return redirect(url_for("organizer.plagiarism_pair", match_id=match.id))


@bp.route("/editions/<int:edition_id>/plagiarism/same-person")
def plagiarism_groups(edition_id: int):
    """Entries about the same featured person (allowed, but read together)."""
    edition = get_or_404(Edition, edition_id)
    return render_template(
        "organizer/plagiarism_groups.html",
        edition=edition,
        groups=same_person_groups(edition),
    )


@bp.route("/editions/<int:edition_id>/plagiarism/boilerplate", methods=["GET", "POST"])
def plagiarism_boilerplate(edition_id: int):
    """The edition's boilerplate phrases: shown in the evidence, never counted."""
    edition = get_or_404(Edition, edition_id)
    form = BoilerplateForm()
    if form.validate_on_submit():
        phrases = save_boilerplate(edition, current_user, form.phrases.data or "")
        db.session.commit()
        flash(
            _(
                "%(n)d phrases saved. Run the full scan again to apply them.",
                n=len(phrases),
            ),
            "success",
        )
        return redirect(url_for("organizer.plagiarism_report", edition_id=edition.id))
    if request.method == "GET":
        form.phrases.data = "\n".join(boilerplate_of(edition.id))
    return (
        render_template(
            "organizer/plagiarism_boilerplate.html", edition=edition, form=form
        ),
        422 if form.errors else 200,
    )


@bp.route("/plagiarism/references", methods=["GET", "POST"])
def plagiarism_references():
    """The reference corpus: published stories entries are checked against."""
    form = ReferenceForm()
    refused: list[tuple[str, str]] = []
    if form.validate_on_submit():
        added = 0
        for upload in form.files.data:
            name = upload.filename or ""
            try:
                _doc, created = import_reference(
                    upload.read(),
                    name,
                    actor=current_user,
                    source=form.source.data or "",
                    year=form.year.data,
                )
            except DocumentRejected as rejected:
                refused.append((name, str(INTAKE_MESSAGES[rejected.code])))
                continue
            added += created
        if not refused:  # all or nothing: a refused file leaves the corpus as it was
            db.session.commit()
            flash(
                _(
                    "%(n)d documents added to the reference corpus. Run the full "
                    "scan to check the entries against them.",
                    n=added,
                ),
                "success",
            )
            return redirect(url_for("organizer.plagiarism_references"))
        db.session.rollback()
    documents = db.session.scalars(
        select(ReferenceDocument).order_by(ReferenceDocument.id.desc())
    ).all()
    return (
        render_template(
            "organizer/plagiarism_references.html",
            form=form,
            documents=documents,
            refused=refused,
        ),
        422 if form.errors or refused else 200,
    )

"""Register pages. Organizers: the register of an edition with its counts against
the targets, bringing an edition in, the plan, a person's page (history across
years, details, standing per edition), the dossier (XLSX, PDF profiles), statistics.
The unit focal points' pages are in judging.commendation.views.unit."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition
from contest.organizer import bp
from contest.organizer.downloads import download
from contest.textnorm import search_key
from judging.commendation import core, services
from judging.commendation.models import Commendation, RegisterPerson
from judging.commendation.services.sync import sync_edition
from judging.commendation.views.forms import (
    LEVEL_LABELS,
    STATUS_LABELS,
    SUBJECT_LABELS,
    PersonForm,
    PlanForm,
    StandingForm,
    SyncForm,
)

REFUSALS = {
    "commended_needs_decision": _l("A commendation needs its level and its decision."),
}


def _editions() -> list[Edition]:
    return list(db.session.scalars(select(Edition).order_by(Edition.year.desc())))


@bp.route("/register")
def register_home():
    """The register of one edition: counts against the targets, people, filters."""
    editions = _editions()
    wanted = request.args.get("edition_id", type=int)
    edition = next((e for e in editions if e.id == wanted), None) or (
        editions[0] if editions else None
    )
    if edition is None:
        return render_template("organizer/register.html", edition=None, editions=[])
    rows = services.standings_of(edition)
    status = request.args.get("status", "")
    if status in set(core.Status):
        rows = [r for r in rows if r.status == status]
    if request.args.get("exemplar") == "1":
        rows = [r for r in rows if r.exemplar]
    query = request.args.get("q", "").strip()
    if query:
        key = search_key(query)
        rows = [r for r in rows if key in search_key(r.person.name)]
    return render_template(
        "organizer/register.html",
        edition=edition,
        editions=editions,
        rows=rows,
        counts=services.counts(edition),
        plan=services.plan_of(edition),
        status=status,
        query=query,
        statuses=STATUS_LABELS,
        subjects=SUBJECT_LABELS,
        levels=LEVEL_LABELS,
        sync_form=SyncForm(),
    )


@bp.route("/editions/<int:edition_id>/register/sync", methods=["POST"])
def register_sync(edition_id: int):
    """Bring the edition's featured people into the register."""
    edition = get_or_404(Edition, edition_id)
    if SyncForm().validate_on_submit():
        report = sync_edition(current_user, edition)
        db.session.commit()
        flash(
            _(
                "Register updated: %(new)d new people, %(matched)d already known, "
                "%(standings)d added to this edition.",
                new=report.new_people,
                matched=report.matched_people,
                standings=report.new_standings,
            ),
            "success",
        )
    return redirect(url_for("organizer.register_home", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/register/plan", methods=["GET", "POST"])
def register_plan(edition_id: int):
    """The edition's commendation targets, title and lists."""
    edition = get_or_404(Edition, edition_id)
    plan = services.plan_of(edition)
    form = PlanForm(obj=plan)
    if form.validate_on_submit():
        services.save_plan(
            current_user,
            edition,
            individuals_target=form.individuals_target.data or 0,
            exemplars_target=form.exemplars_target.data or 0,
            title_name=form.title_name.data.strip(),
            social_groups_text="\n".join(core.parse_list(form.social_groups_text.data)),
            movements_text="\n".join(core.parse_list(form.movements_text.data)),
        )
        db.session.commit()
        flash(_("The commendation plan has been saved."), "success")
        return redirect(url_for("organizer.register_home", edition_id=edition.id))
    return render_template("organizer/register_plan.html", edition=edition, form=form)


def _lists(person: RegisterPerson) -> tuple[list[str], list[str], bool]:
    """Social groups and movements offered (the lists of the person's editions)."""
    groups: dict[str, None] = {}
    movements: dict[str, None] = {}
    locality_required = False
    for standing in person.standings:
        plan = services.plan_of(standing.edition)
        groups |= dict.fromkeys(core.parse_list(plan.social_groups_text))
        movements |= dict.fromkeys(core.parse_list(plan.movements_text))
        locality_required |= bool(standing.edition.featured_locality_required)
    for value, bucket in ((person.social_group, groups), (person.movement, movements)):
        if value:
            bucket.setdefault(value, None)
    return list(groups), list(movements), locality_required


@bp.route("/register/people/<int:person_id>", methods=["GET", "POST"])
def register_person(person_id: int):
    """A person's page: details, and their standing in every edition."""
    person = get_or_404(RegisterPerson, person_id)
    groups, movements, locality_required = _lists(person)
    form = PersonForm(obj=person)
    form.social_group.choices = [("", "—")] + [(g, g) for g in groups]
    form.movement.choices = [("", "—")] + [(m, m) for m in movements]
    if form.save_person.data and form.validate_on_submit():
        if locality_required and not form.locality.data.strip():
            form.locality.errors.append(_("The locality is required in this edition."))
        else:
            services.save_person(
                current_user,
                person,
                name=form.name.data.strip(),
                subject_kind=core.SubjectKind(form.subject_kind.data),
                birth_year=form.birth_year.data,
                unit_name=form.unit_name.data.strip(),
                locality=form.locality.data.strip(),
                field_name=form.field_name.data.strip(),
                social_group=form.social_group.data,
                movement=form.movement.data,
                summary=form.summary.data.strip(),
            )
            db.session.commit()
            flash(_("The person has been saved."), "success")
            return redirect(url_for("organizer.register_person", person_id=person.id))
    forms = {
        s.id: StandingForm(prefix=f"s{s.id}", obj=s, formdata=None)
        for s in person.standings
    }
    return render_template(
        "organizer/register_person.html",
        person=person,
        form=form,
        standing_forms=forms,
        statuses=STATUS_LABELS,
        subjects=SUBJECT_LABELS,
        levels=LEVEL_LABELS,
    )


@bp.route("/register/standings/<int:standing_id>", methods=["POST"])
def register_standing(standing_id: int):
    """Save a person's standing in one edition."""
    standing = get_or_404(Commendation, standing_id)
    form = StandingForm(prefix=f"s{standing.id}")
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "danger")
    else:
        try:
            services.save_standing(
                current_user,
                standing,
                status=core.Status(form.status.data),
                level=form.level.data or "",
                decision=form.decision.data or "",
                decided_on=form.decided_on.data,
                exemplar=form.exemplar.data,
            )
        except services.StandingRefused as refusal:
            db.session.rollback()
            flash(str(REFUSALS[refusal.code]), "danger")
        else:
            db.session.commit()
            flash(_("The standing has been saved."), "success")
    return redirect(url_for("organizer.register_person", person_id=standing.person_id))


def _chosen(edition: Edition) -> list[Commendation]:
    """The exemplars, or every standing with ?all=1."""
    return services.standings_of(edition, exemplars_only=request.args.get("all") != "1")


@bp.route("/editions/<int:edition_id>/register/dossier.xlsx")
@writes_on_get
def register_dossier_xlsx(edition_id: int):
    """The dossier sheet of the exemplars (or of everyone)."""
    edition = get_or_404(Edition, edition_id)
    return download(
        edition,
        "register_dossier_xlsx",
        {"edition": edition, "standings": _chosen(edition)},
    )


@bp.route("/editions/<int:edition_id>/register/profiles.pdf")
@writes_on_get
def register_profiles_pdf(edition_id: int):
    """One PDF page per exemplar (or per person)."""
    edition = get_or_404(Edition, edition_id)
    return download(
        edition,
        "register_profiles_pdf",
        {"edition": edition, "standings": _chosen(edition)},
    )


@bp.route("/register/people/<int:person_id>/profile.pdf")
@writes_on_get
def register_profile_pdf(person_id: int):
    """One person's one-page profile."""
    person = get_or_404(RegisterPerson, person_id)
    return download(person, "register_profile_pdf", {"person": person})


@bp.route("/register/statistics")
def register_statistics():
    """The register year on year by social group, movement, level, unit, subject."""
    return render_template(
        "organizer/register_statistics.html",
        tables=services.statistics(),
        subjects=SUBJECT_LABELS,
        levels=LEVEL_LABELS,
    )

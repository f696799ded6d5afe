"""Units pages: the unit tree, create, edit and import units (đơn vị) and clusters."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from contest import unit_tree
from contest.access import get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Unit, UnitKind
from contest.organizer import bp
from contest.organizer.people_forms import UNIT_KIND_LABELS, UnitForm, UnitImportForm
from contest.services import units as service
from contest.services.unit_tree import subtree_ids
from contest.tabular import TableError, read_table
from contest.textnorm import search_key, vi_sort_key


@bp.route("/units")
def units():
    """All units as a tree (a search shows the matching units with their depth)."""
    query = request.args.get("q", "").strip()
    everything = {
        u.id: u
        for u in db.session.scalars(select(Unit).options(joinedload(Unit.cluster)))
    }
    parents = {u.id: u.parent_id for u in everything.values()}
    order = unit_tree.tree_order(parents, lambda i: vi_sort_key(everything[i].name))
    rows = [(everything[i], level) for i, level in order]
    if query:
        key = search_key(query)  # "" when only punctuation ("%") was typed
        rows = [
            (u, level)
            for u, level in rows
            if key
            and (key in search_key(u.name) or key in search_key(u.locality or ""))
        ]
    return render_template(
        "organizer/units.html",
        rows=rows,
        units=[u for u, _level in rows],
        query=query,
        kinds=UNIT_KIND_LABELS,
    )


def _parent_choices(unit: Unit | None) -> list[tuple[int, str]]:
    """Every unit that may be this one's parent (not itself nor one below it)."""
    below = subtree_ids(unit.id) if unit is not None and unit.id else set()
    others = [u for u in db.session.scalars(select(Unit)).all() if u.id not in below]
    others.sort(key=lambda u: vi_sort_key(u.name))
    return [(0, _("— none: reports to the city —"))] + [(u.id, u.name) for u in others]


def _unit_form_page(unit: Unit | None):
    form = UnitForm(
        obj=unit,
        cluster=unit.cluster.name if unit and unit.cluster else "",
        parent_id=unit.parent_id if unit and unit.parent_id else 0,
    )
    form.parent_id.choices = as_choices(_parent_choices(unit))
    if form.validate_on_submit():
        other = service.find_unit_by_name(form.name.data)
        if other is not None and other is not unit:
            form.name.errors.append(_("A unit with this name already exists."))
        else:
            service.save_unit(
                current_user,
                unit,
                name=form.name.data,
                kind=UnitKind(form.kind.data),
                cluster_name=form.cluster.data,
                locality=form.locality.data,
                code=form.code.data,
                is_active=form.is_active.data,
                parent=db.session.get(Unit, form.parent_id.data)
                if form.parent_id.data
                else None,
                staff_count=form.staff_count.data,
            )
            db.session.commit()
            flash(_("The unit has been saved."), "success")
            return redirect(url_for("organizer.units"))
    return render_template("organizer/unit_form.html", form=form, unit=unit)


@bp.route("/units/new", methods=["GET", "POST"])
def new_unit():
    """Add a unit."""
    return _unit_form_page(None)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def edit_unit(unit_id: int):
    """Edit a unit."""
    return _unit_form_page(get_or_404(Unit, unit_id))


TABLE_ERRORS = {
    "unsupported": _l("Please upload a .csv or .xlsx file."),
    "empty": _l("The file is empty."),
    "no_known_columns": _l(
        "No known column was found. The first row must name the columns."
    ),
    "too_many_rows": _l("The file has too many rows."),
    "not_utf8": _l(
        "The CSV file is not in UTF-8. Save it as 'CSV UTF-8' and try again."
    ),
    "corrupt": _l("The file could not be read. Is it a valid Excel file?"),
}

IMPORT_REASONS = {
    "missing_name": _l("the unit name is missing"),
    "duplicate_in_file": _l("this unit appears twice in the file"),
    "unknown_kind": _l("unknown kind of unit"),
    "code_taken": _l("this code belongs to another unit"),
    "bad_staff": _l("the number of staff is not a whole number"),
    "unknown_parent": _l("the parent unit is unknown"),
    "parent_cycle": _l("the unit cannot be placed under itself or a unit below it"),
    "parent_not_imported": _l(
        "its parent unit could not be imported (see that row), or the rows name "
        "each other as parents"
    ),
}


@bp.route("/units/import", methods=["GET", "POST"])
def import_units():
    """Import units from a CSV/XLSX list; each row is reported."""
    form = UnitImportForm()
    report = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = read_table(
                upload.read(), upload.filename or "", service.UNIT_COLUMNS
            )
        except TableError as error:
            form.file.errors.append(str(TABLE_ERRORS[error.code]))
        else:
            report = service.import_units(current_user, rows)
            db.session.commit()
    return render_template(
        "organizer/unit_import.html", form=form, report=report, reasons=IMPORT_REASONS
    )

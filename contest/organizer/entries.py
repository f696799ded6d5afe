"""Organizers' entries pages: list with filters and search, XLSX export, entry detail,
eligibility rulings, and the participation dashboard."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from threading import Lock

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_percent, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from contest import hooks
from contest.access import get_entry_or_404, get_or_404
from contest.extensions import db
from contest.locking import writes_on_get
from contest.models import Edition, Entry, EntryStatus
from contest.organizer import bp
from contest.organizer.downloads import download
from contest.organizer.entries_forms import (
    PROBLEM_LABELS,
    STATUS_COLORS,
    STATUS_LABELS,
    EntryFilterForm,
    ReasonForm,
)
from contest.services import entries as service
from contest.services import entry_queries as queries
from contest.services.entry_history import audit_trail, collapse_trail
from contest.services.entry_list_cache import FilterChoices, list_context
from contest.services.entry_stats import participation as participation_figures
from contest.textdiff import word_diff

# Statuses an organizer may rule "not eligible" (drafts were never entered; a
# withdrawn entry is already out).
RULABLE = frozenset(EntryStatus) - {
    EntryStatus.DRAFT,
    EntryStatus.WITHDRAWN,
    EntryStatus.NOT_ELIGIBLE,
}

AUDIT_LABELS = {
    "entry.save_draft": _l("Draft saved"),
    "entry.attach_document": _l("Document attached"),
    "entry.add_photo": _l("Photo added"),
    "entry.remove_photo": _l("Photo removed"),
    "entry.submit": _l("Submitted"),
    "entry.withdraw": _l("Withdrawn"),
    "entry.verify": _l("Verified by the unit"),
    "entry.not_eligible": _l("Ruled not eligible"),
    "entry.eligible_again": _l("Ruled eligible again"),
    "entry.merge": _l("Merged with a duplicate entry"),
}

# Keys of the audit details, as the history table names them.
DETAIL_LABELS = {
    "reason": _l("Reason"),
    "previous": _l("Previous status"),
    "status": _l("Status"),
    "number": _l("Number"),
    "version": _l("Version"),
    "kind": _l("File type"),
    "words": _l("Words"),
}


FILTER_NAMES = (
    "q",
    "track_id",
    "field_id",
    "unit_id",
    "cluster_id",
    "status",
    "problem",
    "sort",
)


_SLOT = 987654321  # an entry id no edition reaches, replaced in the rows' links


def _filter_form(choices: FilterChoices) -> EntryFilterForm:
    return EntryFilterForm(formdata=request.args).prepare(choices)


# The filter form's HTML per (edition, choices' stamp, language, values asked): its
# ~40 options cost a fifth of the page; the same few filter sets come back.
_FILTERS_HTML: OrderedDict[tuple, Markup] = OrderedDict()
_FILTERS_KEPT = 256
_FILTERS_LOCK = Lock()


def _filters_html(edition: Edition, form: EntryFilterForm, choices: FilterChoices):
    """The filter form, rendered (validated already: its errors are shown); kept
    per process unless templates reload (development)."""
    render = partial(
        render_template, "organizer/_entry_filters.html", edition=edition, form=form
    )
    if current_app.jinja_env.auto_reload:
        return Markup(render())
    key = (
        request.script_root,  # the form's links name the mount point
        edition.id,
        choices.stamp,
        str(get_locale()),
        tuple((name, tuple(request.args.getlist(name))) for name in FILTER_NAMES),
    )
    found = _FILTERS_HTML.get(key)
    if found is None:
        found = Markup(render())
        with _FILTERS_LOCK:
            _FILTERS_HTML[key] = found
            while len(_FILTERS_HTML) > _FILTERS_KEPT:
                _FILTERS_HTML.popitem(last=False)
    return found


def _filter_args() -> dict[str, str]:
    """The list's filters from the query string (for page links and the export)."""
    return {k: v for k in FILTER_NAMES if (v := request.args.get(k, ""))}


@bp.route("/editions/<int:edition_id>/entries")
def entries(edition_id: int):
    """Every entry of the edition, filtered, searched, sorted and paginated."""
    edition = get_or_404(Edition, edition_id)
    choices, shared = list_context(edition.id)
    form = _filter_form(choices)
    page = queries.list_entries(
        edition, form.filters(), request.args.get("page", 1, type=int), shared=shared
    )
    # One url_for for the 50 rows' links: the id goes between its two halves.
    detail = url_for("organizer.entry_detail", entry_id=_SLOT).split(str(_SLOT))
    return render_template(
        "organizer/entries.html",
        edition=edition,
        filters_html=_filters_html(edition, form, choices),
        result=page,
        detail=detail,
        filter_args=_filter_args(),
        # Translated once per page, not once per row (50 rows a page).
        problem_labels={flag: str(label) for flag, label in PROBLEM_LABELS.items()},
        status_badges={
            status: (str(label), STATUS_COLORS[status])
            for status, label in STATUS_LABELS.items()
        },
    )


@bp.route("/editions/<int:edition_id>/entries.xlsx")
@writes_on_get
def export_entries(edition_id: int):
    """The filtered list as an Excel file (every cell from users is plain text)."""
    edition = get_or_404(Edition, edition_id)
    # The file holds writers' phone numbers: who took a copy, and of what, is logged.
    return download(
        edition,
        "entries_list",
        {
            "edition": edition,
            "filters": _filter_form(list_context(edition.id)[0]).filters(),
        },
        filters=_filter_args(),
    )


def _detail_page(entry: Entry, form: ReasonForm | None = None, status: int = 200):
    versions = entry.versions
    diff = (
        word_diff(versions[-2].text, versions[-1].text) if len(versions) > 1 else None
    )
    return (
        render_template(
            "organizer/entry_detail.html",
            entry=entry,
            versions=versions,
            diff=diff,
            trail=collapse_trail(audit_trail(entry.id)),
            audit_labels=AUDIT_LABELS,
            detail_labels=DETAIL_LABELS,
            status_labels=STATUS_LABELS,
            form=form or ReasonForm(),
            rulable=entry.status in RULABLE,
            # Why a ruling cannot be made now (e.g. the results are published).
            blockers=hooks.result_change_blockers.joined(entry.edition),
        ),
        status,
    )


@bp.route("/entries/<int:entry_id>")
def entry_detail(entry_id: int):
    """Everything about one entry: identities, versions, files and its audit trail."""
    return _detail_page(get_entry_or_404(entry_id, current_user))


def _ruling(
    entry_id: int,
    allowed: Callable[[Entry], bool],
    verb: Callable[[Entry, object, str], None],
    done_message: str,
):
    """Apply a ruling with a mandatory reason, or show the page again with the error."""
    entry = get_entry_or_404(entry_id, current_user)
    if not allowed(entry):
        flash(
            _("The entry's status has changed meanwhile; nothing was done."), "warning"
        )
        return redirect(url_for("organizer.entry_detail", entry_id=entry.id))
    form = ReasonForm()
    if not form.validate_on_submit():
        return _detail_page(entry, form, 422)
    verb(entry, current_user, form.reason.data)
    db.session.commit()
    flash(done_message, "success")
    return redirect(url_for("organizer.entry_detail", entry_id=entry.id))


@bp.route("/entries/<int:entry_id>/not-eligible", methods=["POST"])
def entry_not_eligible(entry_id: int):
    """Rule an entry not eligible; its writer is emailed the reason."""
    return _ruling(
        entry_id,
        lambda entry: entry.status in RULABLE,
        service.mark_not_eligible,
        _("The entry is now not eligible. The writer has been told why by email."),
    )


@bp.route("/entries/<int:entry_id>/eligible", methods=["POST"])
def entry_eligible(entry_id: int):
    """Undo a "not eligible" ruling (the reason is kept in the audit log)."""
    return _ruling(
        entry_id,
        lambda entry: entry.status == EntryStatus.NOT_ELIGIBLE,
        service.mark_eligible_again,
        _("The entry is eligible again."),
    )


def _chart(kind: str, title: str, tallies, none_label: str) -> dict:
    """What charts.js needs to draw one chart (labels and values)."""
    return {
        "type": kind,
        "title": title,
        "labels": [t.label or none_label for t in tallies],
        "values": [t.count for t in tallies],
    }


@bp.route("/editions/<int:edition_id>/participation")
def participation(edition_id: int):
    """Entries by unit, cluster, field, track and day; units with no entry yet."""
    edition = get_or_404(Edition, edition_id)
    figures = participation_figures(edition)
    none = _("(none)")
    charts = {
        "cluster": _chart(
            "bar",
            _("Entries by emulation cluster"),
            figures.by_cluster,
            _("(no cluster)"),
        ),
        "unit": _chart("hbar", _("Entries by unit"), figures.by_unit, _("(no unit)")),
        "field": _chart("hbar", _("Entries by field"), figures.by_field, none),
        "track": _chart("bar", _("Entries by track"), figures.by_track, none),
        "day": {
            "type": "line",
            "title": _("Entries per day"),
            "labels": [day.strftime("%d/%m") for day, _n in figures.per_day],
            "values": [n for _day, n in figures.per_day],
        },
    }
    return render_template(
        "organizer/participation.html",
        edition=edition,
        figures=figures,
        charts=charts,
        rate=format_percent(figures.rate, "#,##0.0%"),
    )

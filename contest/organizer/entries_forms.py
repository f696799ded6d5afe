"""Forms of the organizers' entries pages: the list's filters and the eligibility rulings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from contest.forms_base import BaseForm, as_choices
from contest.models import EntryStatus
from contest.services.entry_filters import (
    ALL_STATUSES,
    EntryFilters,
    ProblemFlag,
    SortKey,
)
from contest.services.entry_list_cache import FilterChoices

# Same words as the writer's status badge (templates/writer/_status.html).
STATUS_LABELS = {
    EntryStatus.DRAFT: _l("Draft"),
    EntryStatus.SUBMITTED: _l("Submitted"),
    EntryStatus.FORWARDED: _l("Forwarded by the unit"),
    EntryStatus.UNDER_REVIEW: _l("Under review"),
    EntryStatus.SHORTLISTED: _l("Shortlisted"),
    EntryStatus.AWARDED: _l("Awarded"),
    EntryStatus.NOT_ELIGIBLE: _l("Not eligible"),
    EntryStatus.WITHDRAWN: _l("Withdrawn"),
}

# Bootstrap colours of the status badges (as in templates/writer/_status.html).
STATUS_COLORS = {
    EntryStatus.DRAFT: "secondary",
    EntryStatus.SUBMITTED: "primary",
    EntryStatus.FORWARDED: "primary",
    EntryStatus.UNDER_REVIEW: "info",
    EntryStatus.SHORTLISTED: "success",
    EntryStatus.AWARDED: "success",
    EntryStatus.NOT_ELIGIBLE: "danger",
    EntryStatus.WITHDRAWN: "dark",
}

PROBLEM_LABELS = {
    ProblemFlag.NEEDS_TYPING: _l("Needs typing (scanned paper entry)"),
    ProblemFlag.OVER_LIMIT: _l("Over the word limit"),
    ProblemFlag.UNVERIFIED: _l("Not verified by a unit"),
    ProblemFlag.SHARED_FEATURED: _l("Featured person also in another entry"),
    ProblemFlag.NEVER_SUBMITTED: _l("Draft never submitted"),
    ProblemFlag.NO_UNIT: _l("No unit"),
}

SORT_LABELS = {
    SortKey.NUMBER: _l("Number"),
    SortKey.NEWEST: _l("Newest first"),
    SortKey.OLDEST: _l("Oldest first"),
    SortKey.TITLE: _l("Entry title (A–Z)"),
    SortKey.AUTHOR: _l("Author's given name (A–Z)"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class EntryFilterForm(BaseForm):
    """The filters above the entries list (sent with GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Number, title, author or featured person"),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
    )
    track_id = SelectField(_l("Track"), coerce=int, default=0)
    field_id = SelectField(_l("Field"), coerce=int, default=0)
    unit_id = SelectField(_l("Unit"), coerce=int, default=0)
    cluster_id = SelectField(_l("Emulation cluster"), coerce=int, default=0)
    status = SelectField(_l("Status"), default="")
    problem = SelectField(_l("Problem"), default="")
    sort = SelectField(_l("Sort by"), default=SortKey.NUMBER.value)

    def prepare(self, choices: FilterChoices) -> EntryFilterForm:
        """Fill the choices that depend on the edition, units and clusters (kept per
        process: contest.services.entry_list_cache)."""
        every = _l("All")
        for select, pairs in (
            (self.track_id, choices.tracks),
            (self.field_id, choices.fields),
            (self.unit_id, choices.units),
            (self.cluster_id, choices.clusters),
        ):
            select.choices = as_choices([(0, every), *pairs])
        self.status.choices = as_choices(
            [("", _l("Every submitted entry")), (ALL_STATUSES, _l("All, with drafts"))]
            + [(s.value, label) for s, label in STATUS_LABELS.items()]
        )
        self.problem.choices = as_choices(
            [("", every)] + [(p.value, label) for p, label in PROBLEM_LABELS.items()]
        )
        self.sort.choices = as_choices([(k.value, v) for k, v in SORT_LABELS.items()])
        return self

    def filters(self) -> EntryFilters:
        """The filters as plain values; a value that is not a valid choice is ignored."""
        self.validate()

        def value(field, default):
            return default if field.errors or not field.data else field.data

        return EntryFilters(
            q=value(self.q, ""),
            track_id=value(self.track_id, None),
            field_id=value(self.field_id, None),
            unit_id=value(self.unit_id, None),
            cluster_id=value(self.cluster_id, None),
            status=value(self.status, ""),
            problem=ProblemFlag(p) if (p := value(self.problem, "")) else None,
            sort=SortKey(value(self.sort, SortKey.NUMBER.value)),
        )


class ReasonForm(BaseForm):
    """A ruling on an entry's eligibility; the reason is required and logged."""

    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=1000)],
        filters=[_strip],
    )
    submit = SubmitField(_l("Confirm"))

"""The judge queue's filter form (sent with GET: no CSRF token, nothing changes).

Track and field choices come from the judge's own queue, so the form offers only
what the judge already sees. A value that is not a choice is ignored (a stale
bookmark shows everything instead of an error page).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SearchField, SelectField
from wtforms.validators import Length, Optional

from contest.forms_base import BaseForm, as_choices
from contest.textnorm import vi_sort_key
from judging.reading.core import QueueFilters, QueueItem, ReadingState

STATE_LABELS = {
    ReadingState.NEW: _l("New"),
    ReadingState.OPENED: _l("Opened"),
    ReadingState.DRAFT: _l("Draft saved, not submitted"),
    ReadingState.SUBMITTED: _l("Submitted (locked)"),
}


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class QueueFilterForm(BaseForm):
    """Filters above the judge's queue."""

    class Meta:
        csrf = False

    state = SelectField(_l("State"), default="")
    track = SelectField(_l("Track"), default="")
    field = SelectField(_l("Field"), default="")
    q = SearchField(
        _l("Code or title"),
        validators=[Optional(), Length(max=200)],
        filters=[_strip],
    )

    def prepare(self, items: list[QueueItem]) -> QueueFilterForm:
        """Fill the choices from the judge's own queue."""
        every = _l("All")
        self.state.choices = as_choices(
            [("", every)] + [(s.value, label) for s, label in STATE_LABELS.items()]
        )
        for select, names in (
            (self.track, {i.entry.track for i in items}),
            (self.field, {i.entry.field for i in items}),
        ):
            ordered = sorted((n for n in names if n), key=vi_sort_key)
            select.choices = as_choices([("", every)] + [(n, n) for n in ordered])
        return self

    def filters(self) -> QueueFilters:
        """The filters as plain values; an invalid value counts as "all"."""
        self.validate()

        def value(field) -> str:
            return "" if field.errors or not field.data else str(field.data)

        return QueueFilters(
            state=value(self.state),
            track=value(self.track),
            field=value(self.field),
            q=value(self.q),
        )

    @property
    def active(self) -> bool:
        """True when any filter narrows the queue."""
        return any((self.state.data, self.track.data, self.field.data, self.q.data))

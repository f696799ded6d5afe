"""Forms of the grassroots pages: intake policy, targets per kind, reminders."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SubmitField
from wtforms.validators import NumberRange, Optional

from contest.forms_base import BaseForm, as_choices
from contest.models import UnitKind
from judging.grassroots.models import CityReads

CITY_READS_LABELS = {
    CityReads.FORWARDED: _l(
        "Entries forwarded to the city (and entries sent straight to the city)"
    ),
    CityReads.ALL: _l("All submitted entries, forwarded or not"),
}


class IntakeForm(BaseForm):
    """What the city's first round reads; whether conflicts follow the unit tree."""

    city_reads = RadioField(
        _l("The city's first round reads"),
        choices=as_choices(CITY_READS_LABELS.items()),
        default=CityReads.ALL.value,
    )
    conflicts_follow_tree = BooleanField(
        _l("A judge of a unit also may not read the entries of the units below it")
    )
    save_intake = SubmitField(_l("Save the intake policy"))


class TargetsForm(BaseForm):
    """A target per kind of unit: a number, or a share of the unit's staff."""

    save_targets = SubmitField(_l("Save the targets"))


for _kind in UnitKind:
    setattr(
        TargetsForm,
        f"min_{_kind.value}",
        IntegerField(validators=[Optional(), NumberRange(min=0, max=100000)]),
    )
    setattr(
        TargetsForm,
        f"pct_{_kind.value}",
        IntegerField(validators=[Optional(), NumberRange(min=0, max=100)]),
    )


class RemindForm(BaseForm):
    """Send reminders to the ticked units (their ids come as unit_ids)."""

    send = SubmitField(_l("Send reminders to the selected units"))

"""Forms of the grassroots pages: intake policy, targets per kind, reminders, and a
unit's own award list (levels, prizes, the head's signature, reopening)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

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


class LevelForm(BaseForm):
    """A new prize level of the unit's award list."""

    name = StringField(
        _l("Name of the prize level (e.g. Giải A, Khuyến khích)"),
        validators=[DataRequired(), Length(max=80)],
    )
    add_level = SubmitField(_l("Add the prize level"))


class RemoveLevelForm(BaseForm):
    """Drop a prize level no entry holds (its id comes as a hidden field)."""

    level_id = IntegerField(validators=[DataRequired()], widget=HiddenInput())


class AwardForm(BaseForm):
    """One entry's prize level on the unit's list (level 0: no prize)."""

    entry_id = IntegerField(validators=[DataRequired()], widget=HiddenInput())
    level_id = IntegerField(_l("Prize"), validators=[Optional()])


class SignListForm(BaseForm):
    """The unit's head signs the award list: it is locked from then on."""

    head_name = StringField(
        _l("Name of the unit's head"), validators=[DataRequired(), Length(max=120)]
    )
    head_title = StringField(
        _l("Title (e.g. Chủ tịch UBND xã)"),
        validators=[DataRequired(), Length(max=120)],
    )
    signed_on = DateField(_l("Date on the certificates"), validators=[DataRequired()])
    sign = SubmitField(_l("Sign the award list"))


class ReopenListForm(BaseForm):
    """Unlock a signed list, with the reason (logged)."""

    reason = TextAreaField(
        _l("Reason for reopening"), validators=[DataRequired(), Length(max=1000)]
    )
    reopen = SubmitField(_l("Reopen the award list"))

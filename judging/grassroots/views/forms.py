"""Forms of the grassroots pages: intake policy, targets per kind, reminders, and a
unit's own award list (levels, prizes, the head's signature, reopening) and the
unit's own round (the round, its judges, its shortlist)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from contest.forms_base import BaseForm, as_choices
from contest.models import UnitKind
from contest.organizer.setup_forms import LocalDateTimeField
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


class UnitRoundForm(BaseForm):
    """A unit's own round: name, reading window, judges per entry."""

    name = StringField(
        _l("Name of the round"), validators=[DataRequired(), Length(max=120)]
    )
    starts_at = LocalDateTimeField(_l("Starts"), validators=[Optional()])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[Optional()])
    readers_per_entry = IntegerField(
        _l("Judges per entry (empty = every judge of the round)"),
        validators=[Optional(), NumberRange(min=1, max=50)],
    )
    own_rubric = BooleanField(
        _l("Score on criteria of the unit's own (instead of the city's rubric)")
    )
    create = SubmitField(_l("Create the round"))

    def validate_ends_at(self, field) -> None:
        """The window ends after it starts."""
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))


class UnitJudgeForm(BaseForm):
    """Add one of the unit's accounts as a judge of the round."""

    user_id = SelectField(_l("Account of your unit"), coerce=int)
    add = SubmitField(_l("Add as a judge"))


class InviteJudgeForm(BaseForm):
    """A judge by email: an account of the unit, or a new one (invited by email)."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    invite = SubmitField(_l("Add this judge"))


class UnlockSheetForm(BaseForm):
    """Reopen a submitted score sheet of the unit's round for its judge."""

    score_id = SelectField(_l("Submitted score sheet"), coerce=int)
    reason = TextAreaField(
        _l("Reason for reopening"), validators=[DataRequired(), Length(max=1000)]
    )
    unlock = SubmitField(_l("Reopen the score sheet"))


class ShortlistForm(BaseForm):
    """The unit's selection from its ranking (ticked ids come as entry_ids), or the
    best N."""

    top = IntegerField(
        _l("Or shortlist the best"),
        validators=[Optional(), NumberRange(min=1, max=10000)],
    )
    save = SubmitField(_l("Save the shortlist"))

"""Forms of the register pages: the edition's plan, a person, a person's standing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from contest.forms_base import BaseForm, as_choices
from judging.commendation.core import Level, Status, SubjectKind

STATUS_LABELS = {
    Status.INTRODUCED: _l("Introduced by a unit"),
    Status.PROPOSED: _l("Proposed for commendation"),
    Status.COMMENDED: _l("Commended"),
    Status.TITLE_NOMINATED: _l("Nominated for the city's title"),
}
SUBJECT_LABELS = {
    SubjectKind.INDIVIDUAL: _l("Individual"),
    SubjectKind.COLLECTIVE: _l("Collective"),
    SubjectKind.HOUSEHOLD: _l("Household"),
}
LEVEL_LABELS = {
    Level.COMMUNE: _l("Commune level"),
    Level.DISTRICT: _l("District level"),
    Level.CITY: _l("City level"),
    Level.CENTRAL: _l("Central level"),
}


class PlanForm(BaseForm):
    """The edition's commendation targets, title and lists (the entry forms offer
    the lists; whether a locality is required is the edition's set-up)."""

    individuals_target = IntegerField(
        _l("Individuals to commend (at least)"),
        validators=[Optional(), NumberRange(min=0, max=100000)],
    )
    exemplars_target = IntegerField(
        _l("Exemplars to introduce to the central board and the press (at least)"),
        validators=[Optional(), NumberRange(min=0, max=10000)],
    )
    title_name = StringField(
        _l("The city's title (e.g. Công dân Thủ đô ưu tú)"),
        validators=[Length(max=200)],
    )
    social_groups_text = TextAreaField(
        _l("Social groups (one per line)"), validators=[Length(max=5000)]
    )
    movements_text = TextAreaField(
        _l("Emulation movements (one per line)"), validators=[Length(max=5000)]
    )
    submit = SubmitField(_l("Save"))


class PersonForm(BaseForm):
    """A person's details in the register (choices of the lists set by the view)."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    subject_kind = SelectField(
        _l("Subject"), choices=as_choices(SUBJECT_LABELS.items())
    )
    birth_year = IntegerField(
        _l("Birth year"), validators=[Optional(), NumberRange(min=1900, max=2100)]
    )
    unit_name = StringField(_l("Unit"), validators=[Length(max=200)])
    locality = StringField(_l("Locality"), validators=[Length(max=200)])
    field_name = StringField(_l("Field"), validators=[Length(max=200)])
    social_group = SelectField(_l("Social group"), default="")
    movement = SelectField(_l("Emulation movement"), default="")
    summary = TextAreaField(_l("Deeds"), validators=[Length(max=5000)])
    save_person = SubmitField(_l("Save the person"))


class StandingForm(BaseForm):
    """A person's standing in one edition."""

    status = SelectField(_l("Status"), choices=as_choices(STATUS_LABELS.items()))
    level = SelectField(
        _l("Level of the commendation"),
        choices=as_choices([("", "—"), *LEVEL_LABELS.items()]),
        default="",
    )
    decision = StringField(
        _l("Decision (number and issuer)"), validators=[Length(max=300)]
    )
    decided_on = DateField(_l("Decision date"), validators=[Optional()])
    exemplar = BooleanField(_l("Introduced to the central board and the press"))
    save_standing = SubmitField(_l("Save the standing"))


class SyncForm(BaseForm):
    """Bring the edition's featured people into the register."""

    sync = SubmitField(_l("Bring this edition's featured people into the register"))


class ConfirmForm(BaseForm):
    """A unit confirms that a person and the deeds are real."""

    confirm = SubmitField(_l("Confirm: the person and the deeds are real"))


class WithdrawConfirmationForm(BaseForm):
    """A unit takes back its confirmation of an entry's people."""

    withdraw = SubmitField(_l("Withdraw the confirmation"))

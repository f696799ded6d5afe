"""Forms of the units and accounts pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from contest.forms_base import BaseForm, as_choices
from contest.models import Role, UnitKind
from contest.organizer.setup_forms import MultiCheckboxField
from contest.validators import strip_text

UNIT_KIND_LABELS = {
    UnitKind.DISTRICT: _l("District / town"),
    UnitKind.COMMUNE: _l("Commune / ward"),
    UnitKind.DEPARTMENT: _l("Department / agency"),
    UnitKind.MASS_ORGANISATION: _l("Mass organisation"),
    UnitKind.PRESS: _l("Press agency"),
    UnitKind.SCHOOL: _l("School / university"),
    UnitKind.ENTERPRISE: _l("Enterprise"),
    UnitKind.ARMED_FORCES: _l("Armed forces"),
    UnitKind.OTHER: _l("Other"),
}

ROLE_LABELS = {
    Role.WRITER: _l("Writer"),
    Role.UNIT: _l("Unit focal point"),
    Role.JUDGE: _l("Judge"),
    Role.ORGANIZER: _l("Organizer"),
    Role.ADMIN: _l("Administrator"),
    Role.CHAIR: _l("Council chair"),
}


class UnitForm(BaseForm):
    """Create or edit a unit."""

    name = StringField(_l("Unit name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(_l("Kind"), choices=as_choices(UNIT_KIND_LABELS.items()))
    cluster = StringField(
        _l("Emulation cluster (cụm thi đua)"), validators=[Optional(), Length(max=160)]
    )
    locality = StringField(_l("Locality"), validators=[Optional(), Length(max=160)])
    code = StringField(_l("Code"), validators=[Optional(), Length(max=40)])
    # Choices (0 = none: the unit reports to the city) are set by the view.
    parent_id = SelectField(_l("Parent unit"), coerce=int, default=0)
    staff_count = IntegerField(
        _l("Number of staff"), validators=[Optional(), NumberRange(min=0)]
    )
    is_active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class UnitImportForm(BaseForm):
    """Upload a CSV or XLSX list of units."""

    file = FileField(_l("CSV or XLSX file"), validators=[FileRequired()])
    submit = SubmitField(_l("Import"))


class StaffAccountForm(BaseForm):
    """Create an account for a judge or unit focal point."""

    full_name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120)]
    )
    email = EmailField(
        _l("Email"),
        filters=[strip_text],
        validators=[DataRequired(), Email(), Length(max=254)],
    )
    unit_id = SelectField(_l("Unit"), coerce=int)
    roles = MultiCheckboxField(_l("Roles"), validators=[DataRequired()])
    judge_of_current = BooleanField(_l("Judge of the current edition"))
    submit = SubmitField(_l("Create account"))


class UserEditForm(BaseForm):
    """Change an account's roles, unit and status."""

    unit_id = SelectField(_l("Unit"), coerce=int)
    roles = MultiCheckboxField(_l("Roles"))
    judge_of_current = BooleanField(_l("Judge of the current edition"))
    is_active = BooleanField(_l("Account active"))
    submit = SubmitField(_l("Save"))

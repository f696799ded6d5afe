"""Forms of the organizers' judging pages (pool, conflicts, runs, moves, redactions)."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from contest.forms_base import BaseForm
from contest.organizer.setup_forms import MultiCheckboxField


class SettingsForm(BaseForm):
    """Edition-wide conflict options."""

    conflict_same_locality = BooleanField(
        _l("Judges also do not read entries from their own locality")
    )
    save_settings = SubmitField(_l("Save the option"))


class AddJudgeForm(BaseForm):
    """Add a judge account to the edition's pool."""

    user_id = SelectField(_l("Judge account"), coerce=int)
    add_judge = SubmitField(_l("Add to the pool"))


class ProfileForm(BaseForm):
    """A judge's locality, fields of expertise, maximum load and rounds."""

    locality = StringField(
        _l("Locality (empty: the locality of the judge's unit)"),
        validators=[Optional(), Length(max=160)],
    )
    fields = MultiCheckboxField(_l("Fields of expertise"), coerce=int)
    max_load = IntegerField(
        _l("Maximum entries per round (empty: no limit)"),
        validators=[Optional(), NumberRange(min=1, max=10_000)],
    )
    rounds = MultiCheckboxField(_l("Reads in the rounds"), coerce=int)
    submit = SubmitField(_l("Save"))


class ConflictForm(BaseForm):
    """Declare a conflict: a judge and an author (by email) or one entry (by number)."""

    judge_id = SelectField(_l("Judge"), coerce=int)
    author_email = StringField(
        _l("Author's email (every entry of this author)"),
        validators=[Optional(), Length(max=254)],
    )
    entry_number = StringField(
        _l("Or an entry number"), validators=[Optional(), Length(max=30)]
    )
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500)])
    add_conflict = SubmitField(_l("Declare the conflict"))


class RemoveConflictForm(BaseForm):
    """Withdraw one declared conflict."""

    conflict_id = HiddenField(validators=[DataRequired()])
    remove_conflict = SubmitField(_l("Remove"))


class CommitForm(BaseForm):
    """Commit the previewed assignment with the same seed and options."""

    seed = IntegerField(validators=[DataRequired(), NumberRange(min=0, max=2**31)])
    balance = BooleanField(_l("Balance the loads"))
    # Only when identity findings or plagiarism pairs are still undecided: why the
    # round opens anyway (audit-logged with the list of what was pending).
    override_reason = TextAreaField(
        _l("Open anyway: why (logged)"), validators=[Optional(), Length(max=1000)]
    )
    submit = SubmitField(_l("Commit this assignment"))


class MoveForm(BaseForm):
    """Give one entry's reading from one judge to another."""

    entry = StringField(
        _l("Entry number or code"), validators=[DataRequired(), Length(max=30)]
    )
    source_id = SelectField(_l("From judge"), coerce=int)
    target_id = SelectField(_l("To judge"), coerce=int)
    move = SubmitField(_l("Move the entry"))


class RoundStateForm(BaseForm):
    """Open the round to judges or close it."""

    state = HiddenField(validators=[DataRequired()])
    override_reason = TextAreaField(
        _l("Open anyway: why (logged)"), validators=[Optional(), Length(max=1000)]
    )
    change_state = SubmitField()


class RedactForm(BaseForm):
    """Blank one span of a version in the judges' copy."""

    version_id = HiddenField(validators=[DataRequired()])
    start = HiddenField(validators=[DataRequired()])
    end = HiddenField(validators=[DataRequired()])
    redact = SubmitField(_l("Hide from judges"))


class UnredactForm(BaseForm):
    """Show a redacted span to judges again."""

    redaction_id = HiddenField(validators=[DataRequired()])
    unredact = SubmitField(_l("Show again"))

"""Forms of the edition set-up pages."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    FieldList,
    FloatField,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from contest.defaults import DEFAULT_GENRES
from contest.forms_base import BaseForm, as_choices
from contest.models import FILE_TYPES, RoundKind
from contest.subjects import WritersSendTo
from contest.validators import RequiredIf


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input rendered in the normalised "yyyy-mm-ddThh:mm" form."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "format", ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        )
        super().__init__(*args, **kwargs)


ROUND_KIND_LABELS = {
    RoundKind.PRELIMINARY: _l("Preliminary (sơ khảo)"),
    RoundKind.FINAL: _l("Final (chung khảo)"),
}


class NewEditionForm(BaseForm):
    """Start a new edition from the defaults, or as a copy of an earlier one."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    year = IntegerField(
        _l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2100)]
    )
    clone_from = SelectField(_l("Start from"), coerce=int)
    submit = SubmitField(_l("Create edition"))


def genre_lines(value: str | None) -> str:
    """One genre per line: spaces trimmed, blank lines and repeats dropped; an empty
    list means the contest's usual genres (contest.defaults.DEFAULT_GENRES)."""
    seen: list[str] = []
    for line in (value or "").splitlines():
        genre = " ".join(line.split())
        if genre and genre.casefold() not in {g.casefold() for g in seen}:
            seen.append(genre)
    return "\n".join(seen or DEFAULT_GENRES)


class GeneralForm(BaseForm):
    """Name, rules and public texts of an edition."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    year = IntegerField(
        _l("Year"), validators=[DataRequired(), NumberRange(min=2000, max=2100)]
    )
    code_prefix = StringField(
        _l("Prefix of entry numbers"),
        validators=[
            DataRequired(),
            Regexp(r"^[A-Z]{1,6}$", message=_l("Use 1 to 6 capital letters, e.g. HN.")),
        ],
    )
    organizer_name = StringField(
        _l("Organized by"), validators=[Optional(), Length(max=300)]
    )
    intro = TextAreaField(_l("Introduction (landing page)"), validators=[Optional()])
    rules_text = TextAreaField(_l("Rules (thể lệ)"), validators=[Optional()])
    how_to_submit = TextAreaField(_l("How to submit"), validators=[Optional()])
    prizes_text = TextAreaField(_l("Prizes (text)"), validators=[Optional()])
    contact_text = TextAreaField(_l("Contact"), validators=[Optional()])
    genres_text = TextAreaField(
        _l("Genres offered on entry forms (one per line)"),
        filters=[genre_lines],
    )
    featured_locality_required = BooleanField(
        _l("The entry form requires each featured person's full address")
    )
    writers_send_to = RadioField(
        _l("Writers who belong to a unit send their entries"),
        choices=as_choices(
            [
                (WritersSendTo.UNIT, _l("to their unit, which forwards them upward")),
                (WritersSendTo.CITY, _l("straight to the city's organizing committee")),
                (WritersSendTo.CHOICE, _l("to their unit or the city, as they choose")),
            ]
        ),
        default=WritersSendTo.UNIT.value,
    )
    submit = SubmitField(_l("Save"))

    def validate_genres_text(self, field) -> None:
        too_long = [line for line in field.data.splitlines() if len(line) > 60]
        if too_long:
            raise ValidationError(
                _l("A genre has at most 60 characters: %(genre)s", genre=too_long[0])
            )


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TimelineForm(BaseForm):
    """Dates in the edition's time zone, grace period and upload settings."""

    submission_opens_at = LocalDateTimeField(
        _l("Submissions open"), validators=[DataRequired()]
    )
    submission_closes_at = LocalDateTimeField(
        _l("Submissions close"), validators=[DataRequired()]
    )
    grace_minutes = IntegerField(
        _l("Grace period after the deadline (minutes)"),
        default=0,
        validators=[NumberRange(min=0, max=1440)],
    )
    unit_deadline_at = LocalDateTimeField(
        _l("Deadline for units to forward entries"), validators=[Optional()]
    )
    results_at = LocalDateTimeField(_l("Results announced"), validators=[Optional()])
    ceremony_at = LocalDateTimeField(_l("Award ceremony"), validators=[Optional()])
    file_types = MultiCheckboxField(
        _l("Accepted file types"),
        choices=as_choices((t, "." + t) for t in FILE_TYPES),
        validators=[DataRequired()],
    )
    max_photos = IntegerField(
        _l("Photos of the featured person per entry"),
        default=5,
        validators=[NumberRange(min=0, max=20)],
    )
    submit = SubmitField(_l("Save"))

    def validate_submission_closes_at(self, field) -> None:
        opens = self.submission_opens_at.data
        if opens and field.data and field.data <= opens:
            raise ValidationError(
                _l("The closing date must come after the opening date.")
            )


class TierForm(BaseForm):
    """One prize level."""

    class Meta:
        csrf = False

    name = StringField(_l("Prize"), validators=[DataRequired(), Length(max=80)])
    count = IntegerField(
        _l("Number of prizes"), validators=[NumberRange(min=0, max=500)]
    )


class TrackForm(BaseForm):
    """One track with its word limit and prizes."""

    class Meta:
        csrf = False

    name = StringField(_l("Track name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    word_limit = IntegerField(
        _l("Word limit"), validators=[DataRequired(), NumberRange(min=100, max=50000)]
    )
    tiers = FieldList(FormField(TierForm))


class TracksForm(BaseForm):
    """All tracks of an edition."""

    tracks = FieldList(FormField(TrackForm))
    submit = SubmitField(_l("Save"))


class FieldsForm(BaseForm):
    """The fields (lĩnh vực), one per line."""

    names = TextAreaField(_l("Fields, one per line"), validators=[DataRequired()])
    submit = SubmitField(_l("Save"))


class CriterionForm(BaseForm):
    """One rubric criterion."""

    class Meta:
        csrf = False

    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional()])
    max_points = FloatField(
        _l("Maximum points"),
        validators=[
            RequiredIf("name", _l("Give the maximum points of this criterion.")),
            Optional(),
            NumberRange(min=0.5, max=1000),
        ],
    )
    weight = FloatField(
        _l("Weight"), default=1.0, validators=[Optional(), NumberRange(min=0, max=100)]
    )
    step = SelectField(
        _l("Points given in"),
        choices=as_choices([("1", _l("whole points")), ("0.5", _l("half points"))]),
        default="1",
    )
    comment_required = BooleanField(_l("Comment required"))
    remove = BooleanField(_l("Remove this criterion"))


class RubricForm(BaseForm):
    """The scoring rubric."""

    criteria = FieldList(FormField(CriterionForm), min_entries=1)
    add_row = SubmitField(_l("Add a criterion"))
    submit = SubmitField(_l("Save"))


class RoundForm(BaseForm):
    """One judging round."""

    class Meta:
        csrf = False

    name = StringField(_l("Round"), validators=[Optional(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=as_choices(ROUND_KIND_LABELS.items()))
    starts_at = LocalDateTimeField(_l("Starts"), validators=[Optional()])
    ends_at = LocalDateTimeField(_l("Ends"), validators=[Optional()])
    readers_per_entry = IntegerField(
        _l("Judges per entry (empty = every judge of the round)"),
        validators=[Optional(), NumberRange(min=1, max=50)],
    )
    show_previous_scores = BooleanField(
        _l(
            "Final round: show judges each entry's score from the previous round "
            "(the number only, never who gave it)"
        )
    )
    gap_spreads = FloatField(
        _l("Allowed gap between two markings, in spreads (empty = 2.5)"),
        validators=[Optional(), NumberRange(min=1.0, max=5.0)],
    )
    gap_points = FloatField(
        _l("Or a fixed allowed gap, in points on 100 (empty = use the spreads)"),
        validators=[Optional(), NumberRange(min=1, max=100)],
    )
    remove = BooleanField(_l("Remove this round"))

    def validate_ends_at(self, field) -> None:
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))


class RoundsForm(BaseForm):
    """The judging rounds in order."""

    rounds = FieldList(FormField(RoundForm), min_entries=1)
    add_row = SubmitField(_l("Add a round"))
    submit = SubmitField(_l("Save"))


class StatusForm(BaseForm):
    """Publish, unpublish or close the edition."""

    status = SelectField(_l("Status"))
    submit = SubmitField(_l("Change status"))

"""The entry form used by writers (and by units for paper entries)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, Email, Length, NumberRange, Optional

from contest.forms_base import BaseForm, as_choices
from contest.subjects import SubjectKind
from contest.validators import strip_text

SUBJECT_LABELS = {
    SubjectKind.INDIVIDUAL: _l("Individual"),
    SubjectKind.COLLECTIVE: _l("Collective"),
    SubjectKind.HOUSEHOLD: _l("Household"),
}


class AuthorForm(BaseForm):
    """One author (the first is the main author)."""

    class Meta:
        csrf = False

    full_name = StringField(
        _l("Full name"), filters=[strip_text], validators=[Optional(), Length(max=120)]
    )
    birth_year = IntegerField(
        _l("Year of birth"), validators=[Optional(), NumberRange(min=1900, max=2030)]
    )
    phone = StringField(
        _l("Phone"), filters=[strip_text], validators=[Optional(), Length(max=30)]
    )
    email = StringField(
        _l("Email"),
        filters=[strip_text],
        validators=[Optional(), Email(), Length(max=254)],
    )
    address = StringField(_l("Address"), validators=[Optional(), Length(max=255)])
    pen_names = StringField(
        _l("Pen names, if any (comma-separated)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
    )
    unit_name = StringField(
        _l("Unit (workplace, school or locality)"),
        validators=[Optional(), Length(max=200)],
    )


class FeaturedForm(BaseForm):
    """One featured person or collective (nhân vật)."""

    class Meta:
        csrf = False

    name = StringField(
        _l("Name of the person or collective"),
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
    )
    subject_kind = SelectField(
        _l("The story is about"),
        choices=as_choices(SUBJECT_LABELS.items()),
        default=SubjectKind.INDIVIDUAL.value,
    )
    birth_year = IntegerField(
        _l("Year of birth"), validators=[Optional(), NumberRange(min=1900, max=2030)]
    )
    collective_type = StringField(
        _l("Kind of collective"), validators=[Optional(), Length(max=120)]
    )
    unit_name = StringField(
        _l("Unit or workplace"), validators=[Optional(), Length(max=200)]
    )
    locality = StringField(
        _l("Locality (address)"),
        filters=[strip_text],
        validators=[Optional(), Length(max=200)],
    )
    # Choices from the edition's lists (contest.entry_editing.form); hidden when empty.
    social_group = SelectField(_l("Social group"), default="")
    movement = SelectField(_l("Emulation movement"), default="")
    field_name = StringField(
        _l("Field of work"), validators=[Optional(), Length(max=200)]
    )
    contact = StringField(
        _l("Contact (optional; never shown to judges)"),
        validators=[Optional(), Length(max=200)],
    )
    summary = TextAreaField(
        _l("What they did, in a few lines"), validators=[Optional(), Length(max=3000)]
    )


class EntryForm(BaseForm):
    """Track, field, title, text or file, press details, authors, featured people, photos."""

    key = HiddenField()
    title = StringField(
        _l("Title of the entry"),
        filters=[strip_text],
        validators=[Optional(), Length(max=300)],
    )
    track_id = SelectField(_l("Track"), coerce=int)
    field_id = SelectField(_l("Field"), coerce=int)
    genre = SelectField(_l("Genre"))
    text = TextAreaField(_l("Text of the entry"), validators=[Optional()])
    document = FileField(_l("Or upload the file (.docx, .odt, .pdf, .txt)"))
    outlet = StringField(
        _l("Published in (newspaper, website, radio or TV channel)"),
        validators=[Optional(), Length(max=200)],
    )
    published_on = DateField(_l("Publication date"), validators=[Optional()])
    link = URLField(
        _l("Link to the published work or video"),
        validators=[Optional(), URL(), Length(max=500)],
    )
    authors = FieldList(FormField(AuthorForm), min_entries=1, max_entries=10)
    featured = FieldList(FormField(FeaturedForm), min_entries=1, max_entries=10)
    video = FileField(_l("Or upload the video of a radio or TV work (MP4 or WebM)"))
    photos = MultipleFileField(_l("Photos of the featured person (JPEG, PNG, WebP)"))
    add_author = SubmitField(_l("Add a co-author"))
    add_featured = SubmitField(_l("Add another featured person"))
    save = SubmitField(_l("Save draft"))
    review = SubmitField(_l("Save and review before submitting"))


SEND_TO_LABELS = {
    "unit": _l("My unit, which forwards it upward"),
    "city": _l("Straight to the city's organizing committee"),
}


class SubmitEntryForm(BaseForm):
    """The final step: where the entry goes (when the writer may choose), the
    declaration and the submit button."""

    # Choices set by the view (contest.services.entries.destinations); the service
    # falls back to the edition's rule for a value it does not allow.
    send_to = RadioField(_l("Where should the entry go?"), validate_choice=False)

    declaration = BooleanField(
        _l(
            "I declare that this is a true story about a real person, that I wrote it (with my co-authors), and I agree to its publication in the contest's anthology."
        )
    )
    submit = SubmitField(_l("Submit the entry"))


class ConfirmForm(BaseForm):
    """A bare form for a confirmed action (withdraw, remove a photo)."""

    submit = SubmitField(_l("Confirm"))

"""Forms and labels of the organizers' plagiarism pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileRequired, MultipleFileField
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from contest.forms_base import BaseForm, as_choices
from judging.plagiarism.models import (
    KIND_COPY,
    KIND_QUOTATION,
    KIND_TEMPLATE,
    MatchStatus,
    SimilarityMatch,
)
from judging.plagiarism.services.decisions import DecisionError, actionable_entries

STATUS_LABELS = {
    MatchStatus.OPEN: _l("To decide"),
    MatchStatus.NOT_COPYING: _l("Not copying"),
    MatchStatus.DUPLICATE: _l("Same entry submitted twice"),
    MatchStatus.COPYING: _l("Copying"),
}

MERGE = "merge"  # a duplicate decision that merges the pair instead of withdrawing
DECISION_LABELS = {
    MatchStatus.NOT_COPYING: _l("Not copying: keep both"),
    MatchStatus.DUPLICATE: _l("Same entry submitted twice: withdraw one of them"),
    MERGE: _l(
        "Same entry submitted twice: merge them, keeping the chosen entry "
        "(it receives the other's verification, forwarding, photos and missing "
        "co-authors; the other is withdrawn)"
    ),
    MatchStatus.COPYING: _l("Copying: disqualify the entry"),
}

# The report's tabs, copies first (judging.plagiarism.core KINDS).
KIND_LABELS = {
    KIND_COPY: _l("Copying"),
    KIND_TEMPLATE: _l("Same template"),
    KIND_QUOTATION: _l("Quotation"),
}
KIND_HELP = {
    KIND_COPY: _l(
        "Copying: passages of one text are found in the other. The pair must be "
        "decided before the entries are judged."
    ),
    KIND_TEMPLATE: _l(
        "Same template: both texts follow one fixed wording in which only the "
        "numbers, names or dates change (a form, a bulletin, a citation). This is "
        "usually not copying; the pair does not hold judging back."
    ),
    KIND_QUOTATION: _l(
        "Quotation: one text quotes a long passage of the other in quotation marks, "
        "with only a short lead-in of its own. Check that the quotation is fair and "
        "its source named; the pair does not hold judging back."
    ),
}

SOURCE_LABELS = {
    "edition": _l("This edition"),
    "archive": _l("Archive of past editions"),
    "reference": _l("Reference corpus"),
}

DECISION_ERRORS = {
    DecisionError.ALREADY_DECIDED: _l(
        "This pair has been decided meanwhile; nothing was done."
    ),
    DecisionError.NO_TARGET: _l("Choose the entry the decision applies to."),
    DecisionError.NO_REASON: _l(
        "Write the reason: the writer sees it in “My entries” and by email."
    ),
    DecisionError.CANNOT_MERGE: _l(
        "A merge needs both entries of the pair in this edition, the other one not "
        "yet withdrawn or disqualified."
    ),
}


class ReportFilterForm(BaseForm):
    """The filters above the report (sent with GET, so no CSRF token)."""

    class Meta:
        csrf = False

    status = SelectField(_l("Decision"), default="")
    source = SelectField(_l("Source"), default="")
    same_author = SelectField(_l("Same author"), default="")

    def prepare(self) -> ReportFilterForm:
        """Fill the choices (translated at render time)."""
        every = _l("All")
        self.status.choices = as_choices(
            [("", every)] + [(s.value, label) for s, label in STATUS_LABELS.items()]
        )
        self.source.choices = as_choices([("", every), *SOURCE_LABELS.items()])
        self.same_author.choices = as_choices(
            [
                ("", every),
                ("yes", _l("Same author (likely a resubmission)")),
                ("no", _l("Different authors")),
            ]
        )
        return self

    def value(self, name: str) -> str:
        """A filter's value if it is one of its choices, else "" (all)."""
        field = getattr(self, name)
        data = field.data or ""
        return data if data in {str(c.value) for c in field.choices} else ""


class DecisionForm(BaseForm):
    """An organizer's decision on one pair."""

    decision = RadioField(
        _l("Decision"),
        choices=as_choices((str(s), label) for s, label in DECISION_LABELS.items()),
        validators=[DataRequired(message=_l("Choose a decision."))],
    )
    target = RadioField(
        _l("Entry the decision applies to (for a merge: the entry kept)"),
        validate_choice=False,
    )
    note = TextAreaField(
        _l("Reason (shown to the writer if the entry is withdrawn or disqualified)"),
        validators=[Optional(), Length(max=2000)],
    )

    def prepare(self, match: SimilarityMatch) -> DecisionForm:
        """The pair's entries of this edition as choices; A (the suspect) by default."""
        entries = actionable_entries(match)
        self.target.choices = as_choices(
            (str(e.id), f"{e.number or ''} · {e.title}") for e in entries
        )
        if not self.target.data:
            self.target.data = str(match.a_entry_id)
        return self

    def decision_status(self) -> tuple[MatchStatus, bool]:
        """The pair's new status, and whether the duplicate is to be merged."""
        if self.decision.data == MERGE:
            return MatchStatus.DUPLICATE, True
        return MatchStatus(self.decision.data), False


class BoilerplateForm(BaseForm):
    """The edition's boilerplate phrases, one per line."""

    phrases = TextAreaField(
        _l("Boilerplate phrases (one per line)"),
        validators=[Optional(), Length(max=50_000)],
    )


class ReferenceForm(BaseForm):
    """Files of published stories to add to the reference corpus."""

    files = MultipleFileField(
        _l("Files (.docx, .odt, .pdf, .txt)"),
        validators=[FileRequired(message=_l("Choose at least one file."))],
    )
    source = StringField(
        _l("Where it was published (newspaper, anthology, website)"),
        validators=[Optional(), Length(max=300)],
    )
    year = IntegerField(
        _l("Year of publication"),
        validators=[Optional(), NumberRange(min=1945, max=2100)],
    )

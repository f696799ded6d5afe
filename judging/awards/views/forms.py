"""Forms and labels of the award-list pages (every form carries the list's version)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)
from wtforms.validators import Optional as OptionalValue

from contest.forms_base import BaseForm, as_choices
from contest.organizer.setup_forms import MultiCheckboxField
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.core.overrides import OverrideAction
from judging.awards.models.lists import AwardStage
from judging.awards.views.collective_forms import TIER_LABELS

MAX_PRIZES = 500
STAGE_LABELS = {
    AwardStage.DRAFT: _l("Draft"),
    AwardStage.SUBMITTED: _l("Waiting for the council chair"),
    AwardStage.APPROVED: _l("Approved"),
    AwardStage.PUBLISHED: _l("Published"),
}
ACTION_LABELS = {
    OverrideAction.MOVE: _l("Move to a tier"),
    OverrideAction.REMOVE: _l("Remove from the list"),
}
NO_PRIZE = "none"


def _count(tier: Tier) -> IntegerField:
    return IntegerField(
        TIER_LABELS[tier],
        validators=[InputRequired(), NumberRange(min=0, max=MAX_PRIZES)],
    )


REASON_LABEL = _l("Reason (kept in the log)")


def _reason(label=REASON_LABEL) -> TextAreaField:
    return TextAreaField(label, validators=[DataRequired(), Length(max=2000)])


class VersionedForm(BaseForm):
    """A form posted against one version of the award list."""

    version = HiddenField()

    def version_number(self) -> int | None:
        """The list version the form was shown with (None when missing)."""
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None


class SettingsForm(VersionedForm):
    """Which round ranks the entries, and the tie-break rules."""

    round_id = SelectField(_l("Round that ranks the entries"), coerce=int)
    tie_rules = MultiCheckboxField(_l("Tie-break rules, in this order"))
    submit = SubmitField(_l("Rebuild the proposal"))


class CountsForm(VersionedForm):
    """How many prizes of each tier one track gives."""

    track_id = HiddenField(validators=[DataRequired()])
    count_dac_biet = _count(Tier.DAC_BIET)
    count_nhat = _count(Tier.NHAT)
    count_nhi = _count(Tier.NHI)
    count_ba = _count(Tier.BA)
    count_khuyen_khich = _count(Tier.KHUYEN_KHICH)
    reason = _reason()
    submit = SubmitField(_l("Save the counts"))

    def count_fields(self) -> list:
        """The per-tier count fields, best tier first."""
        return [getattr(self, f"count_{tier}") for tier in TIER_ORDER]

    def counts(self) -> dict:
        """Tier → count as typed."""
        return {tier: getattr(self, f"count_{tier}").data for tier in TIER_ORDER}


class OverrideForm(VersionedForm):
    """Move one entry to a tier, or take it off the list."""

    entry_id = SelectField(_l("Entry"), coerce=int)
    action = SelectField(
        _l("Change"),
        choices=as_choices((str(a), lbl) for a, lbl in ACTION_LABELS.items()),
    )
    tier = SelectField(
        _l("Tier (when moving)"),
        choices=as_choices(
            [("", "—")] + [(str(t), TIER_LABELS[t]) for t in TIER_ORDER]
        ),
        validators=[OptionalValue()],
    )
    reason = _reason()
    submit = SubmitField(_l("Apply the change"))

    def validate_tier(self, field) -> None:
        """Moving needs a tier."""
        if self.action.data == OverrideAction.MOVE and not field.data:
            raise ValidationError(_l("Choose the tier to move the entry to."))


class TieForm(VersionedForm):
    """The organizers' decision on one boundary tie (tier fields are read by name)."""

    reason = _reason(_l("Why this order (kept in the log)"))
    submit = SubmitField(_l("Decide the tie"))


class RevokeForm(VersionedForm):
    """Revoke one override."""

    override_id = HiddenField(validators=[DataRequired()])
    reason = StringField(_l("Reason for revoking"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Revoke"))


class StepForm(VersionedForm):
    """A sign-off step without a reason (submit, approve, publish)."""

    submit = SubmitField(_l("Confirm"))


class ReasonStepForm(VersionedForm):
    """A sign-off step that needs a reason (return to draft, reopen)."""

    reason = _reason()
    submit = SubmitField(_l("Confirm"))


class DocumentsForm(VersionedForm):
    """What the decision annex, certificates and anthology print."""

    decision_number = StringField(
        _l("Decision number (e.g. 125/QĐ-BTC)"), validators=[Length(max=60)]
    )
    decision_date = DateField(
        _l("Decision date"), validators=[OptionalValue()], format="%Y-%m-%d"
    )
    award_date = DateField(
        _l("Date printed on the certificates"),
        validators=[OptionalValue()],
        format="%Y-%m-%d",
    )
    place = StringField(
        _l("Place (as in “Hà Nội, ngày …”)"),
        validators=[DataRequired(), Length(max=120)],
    )
    preface = TextAreaField(
        _l("Preface of the anthology (one paragraph per line)"),
        validators=[Length(max=20000)],
    )
    submit = SubmitField(_l("Save the documents' details"))

    def values(self) -> dict:
        """The typed values, by field name of the award list."""
        return {
            "decision_number": self.decision_number.data or "",
            "decision_date": self.decision_date.data,
            "award_date": self.award_date.data,
            "place": self.place.data or "",
            "preface": (self.preface.data or "").replace("\r\n", "\n"),
        }


LOG_LABELS = {
    "start": _l("Proposed from the round's results"),
    "settings": _l("Round or tie rules changed"),
    "counts": _l("Prize counts changed"),
    "override": _l("Entry moved or removed"),
    "tie": _l("Tie decided"),
    "revoke": _l("Change revoked"),
    "submit": _l("Submitted to the council chair"),
    "approve": _l("Approved"),
    "return": _l("Returned to draft"),
    "publish": _l("Published"),
    "reopen": _l("Reopened"),
    "documents": _l("Documents' details changed"),
    "unit_weights": _l("Collective-award formula changed"),
}

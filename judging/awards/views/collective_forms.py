"""Forms and labels of the collective-awards and featured-people pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, HiddenField, IntegerField, SelectField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from contest.forms_base import BaseForm, as_choices
from judging.awards.core import TIER_ORDER, Tier
from judging.awards.core.collective import UnitWeights
from judging.awards.core.collective_cut import (
    MAX_POINTS,
    MAX_UNITS,
    CollectiveAward,
    Formula,
)
from judging.featured.models import KEY_LENGTH, MergeDecision

TIER_LABELS = {
    Tier.DAC_BIET: _l("Special prize"),
    Tier.NHAT: _l("First prize"),
    Tier.NHI: _l("Second prize"),
    Tier.BA: _l("Third prize"),
    Tier.KHUYEN_KHICH: _l("Consolation prize"),
}
AWARD_LABELS = {
    CollectiveAward.BANG_KHEN: _l("Certificate of merit (Bằng khen)"),
    CollectiveAward.GIAY_KHEN: _l("Letter of commendation (Giấy khen)"),
}


class PointsField(FloatField):
    """A number of points; a decimal comma ("1,5") is read as a point."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [str(valuelist[0]).strip().replace(",", ".")]
        super().process_formdata(valuelist)


def _points(label) -> PointsField:
    return PointsField(
        label, validators=[InputRequired(), NumberRange(min=0, max=MAX_POINTS)]
    )


def _units(label) -> IntegerField:
    return IntegerField(
        label, validators=[InputRequired(), NumberRange(min=0, max=MAX_UNITS)]
    )


class FormulaForm(BaseForm):
    """The collective-award formula and how many units each award goes to."""

    version = HiddenField()
    forwarded = _points(_l("Points per entry forwarded by the unit"))
    shortlisted = _points(_l("Points per entry that reached the final round"))
    prize_dac_biet = _points(_l("Points per Special prize"))
    prize_nhat = _points(_l("Points per First prize"))
    prize_nhi = _points(_l("Points per Second prize"))
    prize_ba = _points(_l("Points per Third prize"))
    prize_khuyen_khich = _points(_l("Points per Consolation prize"))
    bang_khen = _units(_l("Top units proposed for a Bằng khen"))
    giay_khen = _units(_l("Next units proposed for a Giấy khen"))
    submit = SubmitField(_l("Save and re-rank"))

    def prize_fields(self) -> list:
        """The per-tier point fields, best tier first."""
        return [getattr(self, f"prize_{tier}") for tier in TIER_ORDER]

    def fill(self, formula: Formula, version: int | None) -> None:
        """Show the stored formula."""
        self.version.data = "" if version is None else str(version)
        self.forwarded.data = formula.weights.forwarded
        self.shortlisted.data = formula.weights.shortlisted
        for tier in TIER_ORDER:
            getattr(self, f"prize_{tier}").data = formula.weights.prizes.get(tier, 0.0)
        self.bang_khen.data = formula.bang_khen
        self.giay_khen.data = formula.giay_khen

    def formula(self) -> Formula:
        """The formula typed in the form."""
        return Formula(
            UnitWeights(
                forwarded=self.forwarded.data,
                shortlisted=self.shortlisted.data,
                prizes={
                    tier: getattr(self, f"prize_{tier}").data for tier in TIER_ORDER
                },
            ),
            bang_khen=self.bang_khen.data,
            giay_khen=self.giay_khen.data,
        )

    def version_number(self) -> int | None:
        """The award list version the form was shown with (None: no list yet)."""
        value = (self.version.data or "").strip()
        return int(value) if value.isdigit() else None


class MergeForm(BaseForm):
    """Confirm or reject merging two rows of the featured-people table."""

    key_a = HiddenField(validators=[DataRequired(), Length(max=KEY_LENGTH)])
    key_b = HiddenField(validators=[DataRequired(), Length(max=KEY_LENGTH)])
    decision = SelectField(
        choices=as_choices((str(d), str(d)) for d in MergeDecision),
        validators=[DataRequired()],
    )

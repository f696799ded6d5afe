"""The refusals of a unit's award list and of its rounds, in the user's words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from judging.grassroots.services.unit_awards import UnitAwardError
from judging.grassroots.services.unit_rounds import UnitRoundError

UNIT_AWARD_MESSAGES = {
    UnitAwardError.LOCKED: _l(
        "The award list is signed and locked: reopen it, with a reason, to change it."
    ),
    UnitAwardError.NOT_SIGNED: _l("The award list is not signed: it is open already."),
    UnitAwardError.LEVEL_EXISTS: _l("The list already has a prize level of that name."),
    UnitAwardError.TOO_MANY_LEVELS: _l("A list has at most 20 prize levels."),
    UnitAwardError.LEVEL_IN_USE: _l(
        "Entries hold this prize level: give them another level or none first."
    ),
    UnitAwardError.UNKNOWN_LEVEL: _l("This prize level is not on your unit's list."),
    UnitAwardError.NOT_ELIGIBLE: _l(
        "Only a submitted entry your unit holds or held can get your unit's prize."
    ),
    UnitAwardError.NO_AWARDS: _l("Award at least one entry before the head signs."),
}

UNIT_ROUND_MESSAGES = {
    UnitRoundError.NOT_OF_UNIT: _l(
        "This account belongs to another unit: a unit's judges are its own people."
    ),
    UnitRoundError.ALREADY: _l("This person already judges the round."),
    UnitRoundError.HAS_READINGS: _l(
        "This judge already has entries to read and stays on the round's record."
    ),
    UnitRoundError.INACTIVE: _l("This account is disabled."),
    UnitRoundError.FOCAL_POINT: _l(
        "A focal point of the unit cannot judge its own round: the judges read blind, and a focal point knows who wrote each entry."
    ),
}

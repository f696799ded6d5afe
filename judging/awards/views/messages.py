"""What the award pages say when a change is refused (codes of judging.awards.services.ledger)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from judging.awards.core import Tier
from judging.awards.core.overrides import OverrideProblem
from judging.awards.services.ledger import AwardError, AwardRefused
from judging.awards.views.collective_forms import TIER_LABELS

REFUSALS = {
    AwardError.FROZEN: _l(
        "The award list is approved: reopen it (with a reason) to change it."
    ),
    AwardError.NOT_DRAFT: _l(
        "The award list is waiting for the council chair: it cannot change "
        "until it is returned to draft."
    ),
    AwardError.STALE: _l(
        "Someone changed the award list while you were editing: the page shows "
        "the current list, please check it and try again."
    ),
    AwardError.WRONG_STAGE: _l("This step is not possible at the list's stage."),
    AwardError.REASON_REQUIRED: _l("Give a reason: it is kept in the log."),
    AwardError.NO_ROUND: _l(
        "The edition has no judging round yet: set up and score a round first."
    ),
    AwardError.BAD_ROUND: _l("Choose a round of this edition."),
    AwardError.NO_RESULTS: _l("The list has no prize yet: there is nothing to submit."),
    AwardError.OPEN_TIES: _l("Decide every tie before submitting the list."),
    AwardError.OVERRIDES: _l("The change does not fit the award list:"),
    AwardError.BAD_TIE: _l(
        "Choose a tier for each tied entry so that the tied seats are filled exactly."
    ),
    AwardError.UNKNOWN_ENTRY: _l("This entry or track is not part of this edition."),
    AwardError.UNKNOWN_OVERRIDE: _l("This change was already revoked."),
    AwardError.NOT_CHAIR: _l(
        "Only a council chair can approve the award list or return it."
    ),
    AwardError.OWN_SUBMISSION: _l(
        "You submitted this list yourself: another council chair must approve it."
    ),
}
NOT_STARTED = _l("The award list has not been started yet.")


def problem_text(code: str, subject, numbers: dict[int, str]) -> str:
    """One override problem in words; ``numbers`` names entries by their number."""
    entry = numbers.get(subject, str(subject))
    if code == OverrideProblem.OVER_QUOTA:
        label = (
            TIER_LABELS.get(Tier(subject), subject) if subject in set(Tier) else subject
        )
        return _(
            "the tier %(tier)s would have more prizes than its count "
            "(raise the count or remove an entry first)",
            tier=label,
        )
    if code == OverrideProblem.UNKNOWN_ENTRY:
        return _(
            "entry %(entry)s is not ranked in this round (not eligible or withdrawn): "
            "revoke its change",
            entry=entry,
        )
    if code == OverrideProblem.NOT_IN_LIST:
        return _("entry %(entry)s has no prize to remove", entry=entry)
    return _("entry %(entry)s cannot be changed this way", entry=entry)


def refusal_text(refused: AwardRefused, numbers: dict[int, str]) -> str:
    """The whole message of a refusal, with the override problems listed."""
    text = str(REFUSALS[refused.code])
    if refused.problems:
        details = "; ".join(problem_text(c, s, numbers) for c, s in refused.problems)
        text = f"{text} {details}."
    return text

"""Organizer-facing explanations of judging refusals, in the user's language.

AssignmentInfeasible carries coded reasons with their numbers; each code becomes one
plain sentence naming the entries (by number) and judges (by name) concerned and
what to change. Organizers never see a stack trace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from judging.assignment.core import AssignmentInfeasible

SHOWN = 10  # names listed before "and N more"

MOVE_MESSAGES = {
    "not_assigned": _l("The first judge does not read this entry in this round."),
    "same_judge": _l("Choose two different judges."),
    "not_in_round": _l("The second judge does not read in this round."),
    "already_reads": _l("The second judge already reads this entry."),
    "conflict": _l("The second judge has a conflict with this entry."),
    "over_cap": _l("The second judge has reached their maximum load."),
}


def _names(ids: Sequence[object], labels: Mapping[object, str]) -> str:
    """Labels of the first few ids, then how many more."""
    shown = ", ".join(labels.get(i, str(i)) for i in ids[:SHOWN])
    if len(ids) > SHOWN:
        shown += " " + _("and %(n)s more", n=len(ids) - SHOWN)
    return shown


def explain_infeasible(
    error: AssignmentInfeasible,
    entries: Mapping[object, str],
    judges: Mapping[object, str],
) -> list[str]:
    """One sentence per reason; ``entries``/``judges`` map ids to numbers/names."""
    lines = []
    for reason in error.reasons:
        values = reason.params()
        code = getattr(reason, "code", "")
        if code == "entry_short_of_judges":
            lines.append(
                _(
                    "Entry %(entry)s needs %(required)s readers, but only %(eligible)s "
                    "judges of the round may read it (the others have a conflict with "
                    "it, have recused or do not read in this round). Add judges to the "
                    "round or review the conflicts.",
                    entry=entries.get(values["entry_id"], values["entry_id"]),
                    required=values["required"],
                    eligible=values["eligible"],
                )
            )
        elif code == "capacity_short":
            lines.append(
                _(
                    "The round still needs %(demand)s readings, but the judges can take "
                    "at most %(capacity)s more because of their maximum loads and "
                    "conflicts. Raise the maximum loads or add judges to the round.",
                    demand=values["demand"],
                    capacity=values["capacity"],
                )
            )
        elif code == "judge_over_cap":
            lines.append(
                _(
                    "Every judge of this round reads every entry, so %(judge)s would "
                    "read %(required)s entries, but their maximum load is %(cap)s. "
                    "Raise it or take them out of the round.",
                    judge=judges.get(values["judge_id"], values["judge_id"]),
                    required=values["required"],
                    cap=values["cap"],
                )
            )
        elif code == "entries_short_of_capacity":
            text = _(
                "%(count)s entries (%(entries)s) still need %(demand)s readings, but "
                "the judges allowed to read them can give at most %(capacity)s.",
                count=len(values["entry_ids"]),
                entries=_names(values["entry_ids"], entries),
                demand=values["demand"],
                capacity=values["capacity"],
            )
            if values["judge_ids"]:
                text += " " + _(
                    "These judges would be full: %(judges)s.",
                    judges=_names(values["judge_ids"], judges),
                )
            if values["balance_limited"]:
                text += " " + _(
                    "Balanced loads (at most %(max)s per judge) cause this: run it "
                    "again without balancing, or add judges.",
                    max=values["max_load"],
                )
            lines.append(text)
        elif code == "judges_below_balance":
            lines.append(
                _(
                    "Balanced loads need %(needed)s more readings for %(judges)s (at "
                    "least %(min)s each), but their conflicts leave only "
                    "%(available)s. Run it again without balancing, or review their "
                    "conflicts.",
                    needed=values["needed"],
                    judges=_names(values["judge_ids"], judges),
                    min=values["min_load"],
                    available=values["available"],
                )
            )
        else:
            lines.append(
                _(
                    "The assignment is not possible with the current judges, loads and "
                    "conflicts."
                )
            )
    return lines

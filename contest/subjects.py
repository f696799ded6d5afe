"""Who a story is about, pure: a person, a collective or a household (the kinds the
entry form asks and the commendation register counts), and where a writer's entry
goes when submitted. Plain enums: the models, forms and pure cores share them."""

from __future__ import annotations

from enum import StrEnum


class SubjectKind(StrEnum):
    """Who the story is about (cá nhân / tập thể / hộ gia đình)."""

    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"


class WritersSendTo(StrEnum):
    """Where a writer who belongs to a unit may send an entry (an edition's rule);
    a writer with no unit always sends to the city."""

    UNIT = "unit"  # to the unit, which forwards it upward
    CITY = "city"  # straight to the city's organizers
    CHOICE = "choice"  # the writer chooses on submitting

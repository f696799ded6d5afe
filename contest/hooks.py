"""Questions the platform asks the features, and their vetoes: one named hook each.

Where a platform page or verb needs something back from the features (a fact to
show, a reason to refuse), it calls a hook here; the features' answering functions
are added in one place, the app factory's ``register_feature_hooks``
(contest/wiring.py). With no feature connected a hook answers nothing, and the platform
works on its own. Notifications that need no answer are contest.signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named question: the functions connected to it, called in connection order."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self.functions: list[Callable[..., Any]] = []

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self.functions)} connected>"

    def connect(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """Add an answering function (once: connecting it again changes nothing)."""
        if function not in self.functions:
            self.functions.append(function)
        return function

    def answers(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Every connected function's answer, in order."""
        return [function(*args, **kwargs) for function in self.functions]

    def check(self, *args: Any, **kwargs: Any) -> None:
        """A veto: each connected function raises to refuse, else returns nothing."""
        for function in self.functions:
            function(*args, **kwargs)

    def merged(self, *args: Any, **kwargs: Any) -> dict:
        """The answers (dicts) merged into one, later ones winning."""
        result: dict = {}
        for answer in self.answers(*args, **kwargs):
            result.update(answer)
        return result

    def joined(self, *args: Any, **kwargs: Any) -> list:
        """The answers (lists) one after the other."""
        return [item for answer in self.answers(*args, **kwargs) for item in answer]

    def first(self, *args: Any, **kwargs: Any) -> Any:
        """The first answer that is not None (or None)."""
        for function in self.functions:
            answer = function(*args, **kwargs)
            if answer is not None:
                return answer
        return None


before_result_change = Hook(
    "before_result_change",
    "check(edition): an entry's status, a result, is about to change; raise to refuse.",
)
result_change_blockers = Hook(
    "result_change_blockers",
    "joined(edition): why results cannot change now, as described blockers "
    "(the organizer's entry page shows them beside the rulings).",
)
entry_suspects = Hook(
    "entry_suspects",
    "merged(edition, entries, unit_id): entry id -> why the entry looks like a "
    "duplicate, for a unit's entries (marked in its list, confirmed before forwarding).",
)
landing_facts = Hook(
    "landing_facts",
    "merged(edition): values for the public landing page (results_published, "
    "results_corrected).",
)
awaiting_approval = Hook(
    "awaiting_approval",
    "joined(user): what waits for this user's approval (the account dashboard).",
)
archive_sync_job = Hook(
    "archive_sync_job",
    "first(edition): the latest job that brings the edition's closing or reopening "
    "into the open editions (shown on the edition's archive page), or None.",
)
sync_archive_now = Hook(
    "sync_archive_now",
    "merged(): bring the open editions up to date with the archive now (the "
    "command line, after an import); open edition id -> its summary.",
)
featured_lists = Hook(
    "featured_lists",
    "merged(edition): {'social_groups': [...], 'movements': [...]}, the lists a "
    "featured person's social group and emulation movement are chosen from on the "
    "entry forms (an empty or missing list: the question is not asked).",
)

"""The lines of a judge's queue, rendered once per process rather than once per visit.

A judge may have 1,000 readings and opens the queue between readings: building each
line's two links with url_for, translating its labels and escaping its values cost
more than the queries. A line depends only on the QueueItem (code, title, track,
field, state), its translated labels and the two URL patterns, so its HTML is kept
in a bounded per-process cache under exactly those values (a new state, title or
language is another key). Codes are ASCII letters, digits and a dash (judging.assignment.services.runs:
"SK-7Q4M9X"), which a URL path carries as they are; any other code goes through
url_for and is not cached; nor is anything while templates auto-reload.
"""

from __future__ import annotations

import re
from functools import lru_cache

from flask import current_app, get_template_attribute, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from judging.reading.core import QueueItem
from judging.reading.views.forms import STATE_LABELS

_PLAIN = re.compile(r"[A-Za-z0-9-]+")  # what a URL path carries unquoted
_SLOT = "__code__"


class QueueLines:
    """The queue page's line renderer: links and labels built once per page."""

    def __init__(self) -> None:
        # While templates reload (development), a cached line would hide an edit.
        self._cache = not current_app.jinja_env.auto_reload
        self._read = url_for("judge.read", code=_SLOT)
        self._score = url_for("judge.score", code=_SLOT)
        self._labels = (
            _("Score %(code)s"),
            _("Score it"),
            tuple((str(state), str(label)) for state, label in STATE_LABELS.items()),
        )

    def by_round(self, items: list[QueueItem]) -> dict[int, Markup]:
        """Per round id, the <li> lines of its items, in their order."""
        lines: dict[int, list[str]] = {}
        for item in items:
            lines.setdefault(item.round_id, []).append(self.line(item))
        return {round_id: Markup("\n".join(found)) for round_id, found in lines.items()}

    def line(self, item: QueueItem) -> Markup:
        """The <li> of one reading."""
        if not _PLAIN.fullmatch(item.entry.code):
            return _render(item, self._labels, "", "")
        if not self._cache:
            return _render(item, self._labels, self._read, self._score)
        return _cached(item, self._labels, self._read, self._score)


@lru_cache(maxsize=16384)
def _cached(item: QueueItem, labels: tuple, read: str, score: str) -> Markup:
    """_render, kept per process (the key is every value the line shows)."""
    return _render(item, labels, read, score)


def _render(item: QueueItem, labels: tuple, read: str, score: str) -> Markup:
    """The line from the macro in judge/_queue_line.html ("" patterns: url_for)."""
    code = item.entry.code
    score_label, score_it, states = labels
    macro = get_template_attribute("judge/_queue_line.html", "queue_line")
    return Markup(
        macro(
            item,
            read.replace(_SLOT, code) if read else url_for("judge.read", code=code),
            score.replace(_SLOT, code) if score else url_for("judge.score", code=code),
            score_label % {"code": code},
            score_it,
            dict(states)[str(item.state)],
        )
    )

"""Public results of an edition: the winners by track and tier, the collective awards,
and a read page for each awarded entry whose writer agreed to its publication.

Nothing is public before the award list is published (404, for the read pages too).
The results block is rendered once per (edition, published_at, locale) and kept in a
small in-process cache: publishing again (a new ``published_at``) or another
language is another key, and entries expire after ``CACHE_SECONDS`` so that
a corrected title shows up without a restart.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from flask import Blueprint, abort, render_template
from flask_babel import get_locale
from markupsafe import Markup

from contest.contacts import scrub_contacts
from contest.extensions import db
from contest.models import Edition
from contest.paragraphs import paragraphs
from judging.awards.services import published as service
from judging.awards.services.collective import collective_awards
from judging.awards.views.collective_forms import AWARD_LABELS, TIER_LABELS
from judging.stages.services import being_corrected

bp = Blueprint("results", __name__)

CACHE_SIZE = 32  # editions × languages: a handful in practice
CACHE_SECONDS = 600.0


class RenderedCache:
    """A thread-safe, size-bounded map of rendered fragments with an expiry time."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self._items: OrderedDict[tuple, tuple[float, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def get(self, key: tuple) -> str | None:
        """The fragment stored under ``key`` if it has not expired."""
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < time.monotonic():
                self._items.pop(key, None)
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: tuple, value: str, ttl: float) -> None:
        """Store a fragment for ``ttl`` seconds, dropping the oldest when full."""
        with self._lock:
            self._items[key] = (time.monotonic() + ttl, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every fragment."""
        with self._lock:
            self._items.clear()


cache = RenderedCache()


def _published(edition_id: int):
    """The public edition and its published award list, or 404."""
    award_list = service.published_award_list(edition_id)
    if award_list is None:
        abort(404)
    return db.session.get(Edition, edition_id), award_list


@bp.route("/editions/<int:edition_id>/results")
def edition_results(edition_id: int):
    """The published results of an edition (winners, collective awards); while a
    published list is reopened, a page saying the results are being corrected."""
    award_list = service.published_award_list(edition_id)
    edition = db.session.get(Edition, edition_id)
    if award_list is None:
        if (
            edition is not None
            and edition.status in service.PUBLIC_EDITIONS
            and being_corrected(edition)
        ):
            return render_template("public/results_corrected.html", edition=edition)
        abort(404)
    published_at = (
        award_list.published_at.isoformat() if award_list.published_at else ""
    )
    key = (edition.id, award_list.id, published_at, str(get_locale()))
    body = cache.get(key)
    if body is None:
        body = render_template(
            "public/_results_body.html",
            edition=edition,
            award_list=award_list,
            tracks=service.edition_results(award_list),
            units=collective_awards(edition),
            tier_labels=TIER_LABELS,
            award_labels=AWARD_LABELS,
        )
        cache.put(key, body, CACHE_SECONDS)
    # Markup: the fragment is our own template's output, already escaped.
    return render_template("public/results.html", edition=edition, body=Markup(body))


@bp.route("/editions/<int:edition_id>/results/<int:entry_id>")
def read_entry(edition_id: int, entry_id: int):
    """An awarded entry's text, if its writer agreed to publication (else 404)."""
    edition, award_list = _published(edition_id)
    placement = service.readable_placement(award_list, entry_id)
    if placement is None:
        abort(404)
    entry = placement.entry
    # Contact details a writer typed into the text or title are not published.
    return render_template(
        "public/result_entry.html",
        edition=edition,
        entry=entry,
        title=scrub_contacts(entry.title),
        tier=TIER_LABELS.get(placement.tier, placement.tier),
        paragraphs=[
            scrub_contacts(p).split("\n") for p in paragraphs(entry.latest_version.text)
        ],
    )

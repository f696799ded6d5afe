"""Entry verbs: drafts (drafting), submission and versions (submission), withdrawal,
rulings, verification and forwarding (status); one namespace for their callers.

An entry's files (its document, a press work's video, photos) are
contest.services.entry_files.
"""

from __future__ import annotations

from contest.services.entries.drafting import (
    AuthorData,
    EntryData,
    FeaturedData,
    Problem,
    problems,
    refresh_search_text,
    save_draft,
    start_entry,
)
from contest.services.entries.status import (
    forward,
    mark_eligible_again,
    mark_not_eligible,
    verify,
    withdraw,
    withdraw_for_writer,
)
from contest.services.entries.submission import (
    AlreadySubmitted,
    destinations,
    has_unsubmitted_changes,
    next_number,
    submit,
)

__all__ = [
    "AlreadySubmitted",
    "AuthorData",
    "EntryData",
    "FeaturedData",
    "Problem",
    "destinations",
    "forward",
    "has_unsubmitted_changes",
    "mark_eligible_again",
    "mark_not_eligible",
    "next_number",
    "problems",
    "refresh_search_text",
    "save_draft",
    "start_entry",
    "submit",
    "verify",
    "withdraw",
    "withdraw_for_writer",
]

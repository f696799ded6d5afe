"""What the platform announces, for the features to react to: blinker signals.

A platform verb sends one of these after it did its own work; it neither knows nor
waits for who listens. The features' receivers are connected in one place, the app
factory's ``register_feature_hooks`` (contest/wiring.py), so the CLI, the job workers and
the tests (all built by ``create_app``) get the same wiring. A receiver runs inside
the sender's transaction: it may add rows or queue jobs (they start once the caller
commits), and never commits. Questions and vetoes, where the platform needs an
answer back, are contest.hooks.

Each signal is sent with the object as sender and the keywords listed:

- ``entry_submitted``: a version of the entry was submitted (sender: the entry).
- ``edition_created``: a new draft edition got its default tracks and fields and was
  added to the session, not flushed yet (sender: the edition).
- ``edition_cloned``: a clone got the source's set-up, not flushed yet (sender: the
  source edition; ``clone``; ``shift``, a function moving a date to the clone's year).
- ``edition_archive_changed``: an edition entered or left the archive, by closing,
  reopening or importing it (sender: the edition; ``actor``, a User or None;
  ``origin_url``, the page that asked, or None).
"""

from __future__ import annotations

from blinker import Namespace

platform = Namespace()

entry_submitted = platform.signal(
    "entry-submitted", doc="A version of the entry (the sender) was submitted."
)
edition_created = platform.signal(
    "edition-created", doc="A new draft edition (the sender) was added to the session."
)
edition_cloned = platform.signal(
    "edition-cloned", doc="The sender's set-up was copied into ``clone``."
)
edition_archive_changed = platform.signal(
    "edition-archive-changed",
    doc="The edition (the sender) was closed, reopened or imported from an archive.",
)

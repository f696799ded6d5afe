"""The writer's home: every entry of theirs with its status, and the prize each won
once the results are published."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from contest.extensions import db
from contest.models import Entry
from contest.queries import current_edition
from contest.writer import bp
from judging.awards.services.published import writer_prizes
from judging.awards.views.collective_forms import TIER_LABELS


@bp.route("/")
def my_entries():
    """Every entry of the writer with its status."""
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.owner_id == current_user.id)
        .order_by(Entry.created_at.desc())
    ).all()
    edition = current_edition()
    return render_template(
        "writer/my_entries.html",
        entries=entries,
        edition=edition,
        now=datetime.now(UTC),
        prizes=writer_prizes([entry.id for entry in entries]),
        tier_labels=TIER_LABELS,
    )

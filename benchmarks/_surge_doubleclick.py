"""After the surge: double clicks. Two identical POSTs at the same moment, as a browser
sends when a writer clicks twice (or retries a slow request), must give one entry,
one number and no error page.

Each round fills the new-entry form once and posts it twice at once (same form key,
the idempotency key), then posts the final submit twice at once.
"""

from __future__ import annotations

import threading
from collections import Counter

from _surge_http import Browser, Reply
from _surge_writer import KEY


def _twice(send) -> list[Reply | str]:
    """Run `send` in two threads released together; replies or error names."""
    replies: list[Reply | str] = ["", ""]
    gate = threading.Barrier(2)

    def one(i: int) -> None:
        gate.wait()
        try:
            replies[i] = send()
        except OSError as error:
            replies[i] = type(error).__name__

    threads = [threading.Thread(target=one, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return replies


def _status(reply: Reply | str) -> str:
    return str(reply.status) if isinstance(reply, Reply) else reply


def double_clicks(
    port: int, email: str, password: str, setup: dict, rounds: int
) -> dict:
    """Statuses of `rounds` doubled saves and doubled submits (one writer account)."""
    browser = Browser("127.0.0.1", port)
    page = browser.get("/auth/login")
    browser.post_form(
        "/auth/login",
        [("csrf_token", page.csrf()), ("email", email), ("password", password)],
    )
    saves: Counter = Counter()
    submits: Counter = Counter()
    for i in range(rounds):
        form = browser.get("/writer/entries/new")
        key = KEY.search(form.text)
        if form.status != 200 or key is None:
            saves[f"form {form.status}"] += 1
            continue
        fields = [
            ("csrf_token", form.csrf()),
            ("key", key.group(1)),
            ("title", f"Người tốt việc tốt số {i}"),
            ("track_id", str(setup["track_id"])),
            ("field_id", str(setup["field_id"])),
            ("genre", "Ký"),
            (
                "text",
                "Bà Nguyễn Thị Hoa nấu cơm miễn phí cho người nhà bệnh nhân. " * 20,
            ),
            ("authors-0-full_name", "Người viết thử"),
            ("featured-0-name", "Nguyễn Thị Hoa"),
            ("review", "1"),
        ]
        replies = _twice(lambda f=fields: browser.post_form("/writer/entries/new", f))
        saves.update(_status(r) for r in replies)
        saved = [r for r in replies if isinstance(r, Reply) and r.status == 302]
        if not saved:
            continue
        review_path = saved[0].path()
        review = browser.get(review_path)
        declaration = [("csrf_token", review.csrf()), ("declaration", "y")]
        replies = _twice(lambda d=declaration, p=review_path: browser.post_form(p, d))
        submits.update(_status(r) for r in replies)
    return {
        "rounds": rounds,
        "doubled_save_statuses": dict(saves),
        "doubled_submit_statuses": dict(submits),
    }


def count_entries(app, email: str) -> dict:
    """The prober's entries in the database: how many, how many numbered."""
    from sqlalchemy import func, select

    from contest.extensions import db
    from contest.models import Entry, User

    with app.app_context():
        owner = select(User.id).where(User.email == email).scalar_subquery()
        total = db.session.scalar(
            select(func.count(Entry.id)).where(Entry.owner_id == owner)
        )
        numbered = db.session.scalar(
            select(func.count(Entry.number)).where(Entry.owner_id == owner)
        )
        db.session.remove()
        db.engine.dispose()
    return {"entries_created": total, "entries_numbered": numbered}

"""Benchmark: do login, registration and reset take as long for unknown emails? JSON.

Runs the real views through the Flask test client on a temporary SQLite file, with
the production password hashing and the worker mail delivery (the outbox row is
written in the request; sending happens elsewhere). Known and unknown requests are
interleaved; the medians (ms) and their ratio are printed per form. A ratio near 1
means the time does not tell whether an account exists.

    .venv/bin/python -m benchmarks.auth_timing [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import tempfile
import time
from pathlib import Path

from contest.app import create_app
from contest.extensions import db
from contest.models import Role, User

PASSWORD = "Chuyen-nguoi-tot-2026"
KNOWN = "da.co@example.vn"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def make_app(instance: Path):
    """A fresh app and database with one confirmed account."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret",
            "INSTANCE_PATH": str(instance),
            "UPLOAD_DIR": str(instance / "uploads"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'bench.sqlite3'}",
            "MAIL_BACKEND": "memory",
            "OUTBOX_DELIVERY": "worker",
            "JOBS_AUTOSTART": False,
            "RATELIMIT_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    with app.app_context():
        db.create_all()
        user = User(email=KNOWN, full_name="Đã Có", email_confirmed_at=db.func.now())
        user.set_password(PASSWORD)
        user.set_roles({Role.WRITER})
        db.session.add(user)
        db.session.commit()
    return app


def timed_post(client, url: str, data: dict) -> float:
    """Milliseconds of one form post (the CSRF token is fetched before the clock)."""
    token = CSRF.search(client.get("/auth/forgot").get_data(as_text=True)).group(1)
    start = time.perf_counter()
    response = client.post(url, data={"csrf_token": token, **data})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code in (200, 302), response.status_code
    return elapsed


def forms(index: int) -> dict[str, tuple[tuple[str, dict], tuple[str, dict]]]:
    """Per form: the (url, data) of a known-email and of an unknown-email request."""
    unknown = f"chua.co.{index}@example.vn"  # a new one each time: register creates it
    wrong = {"password": "Khong-phai-mat-khau-1"}
    person = {"full_name": "Lê Thị Chi Mai", "password": PASSWORD, "confirm": PASSWORD}
    return {
        "login": (
            ("/auth/login", {"email": KNOWN, **wrong}),
            ("/auth/login", {"email": unknown, **wrong}),
        ),
        "register": (
            ("/auth/register", {"email": KNOWN, **person}),
            ("/auth/register", {"email": unknown, **person}),
        ),
        "reset": (
            ("/auth/forgot", {"email": KNOWN}),
            ("/auth/forgot", {"email": f"khac.{index}@example.vn"}),
        ),
    }


def main() -> None:
    """Run the benchmark and print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        app = make_app(Path(work))
        client = app.test_client()
        times = {name: ([], []) for name in forms(0)}
        for name in times:  # warm up templates, hash parameters and the connection
            for url, data in forms(-1)[name]:
                timed_post(client, url, data)
        for index in range(args.repeat):
            for name, pair in forms(index).items():
                for side, (url, data) in enumerate(pair):
                    times[name][side].append(timed_post(client, url, data))
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    result = {}
    for name, (known, unknown) in times.items():
        known_ms, unknown_ms = statistics.median(known), statistics.median(unknown)
        result[name] = {
            "known_ms": round(known_ms, 2),
            "unknown_ms": round(unknown_ms, 2),
            "ratio": round(unknown_ms / known_ms, 3),
        }
    print(json.dumps({"repeat": args.repeat, "forms": result}, indent=1))


if __name__ == "__main__":
    main()

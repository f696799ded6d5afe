"""A web worker warms up before its first request (contest.warmup, gunicorn.conf.py).

What a worker would otherwise pay on its first requests (ORM mappers, every template,
the catalogs, a database connection, the reader zygote) is done at boot; a step that
cannot be done (the database still starting) is logged and never stops the worker;
and `gunicorn wsgi:app` run in the checkout picks the hook up by itself.
"""

from __future__ import annotations

import http.client
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from _surge_procs import free_port

from contest.app import create_app
from contest.documents import sandbox
from contest.warmup import warm_up

REPO = Path(__file__).resolve().parents[1]


def test_warm_up_compiles_every_template_and_starts_the_reader(app, monkeypatch):
    """After warm_up, every page template is compiled and the reader zygote runs."""
    monkeypatch.setattr(sandbox, "USE_ZYGOTE", True)
    names = [n for n in app.jinja_env.list_templates() if n.endswith((".html", ".txt"))]
    assert len(names) > 50  # the app's templates, emails included
    took = warm_up(app)
    assert set(took) == {
        "mappers",
        "templates",
        "translations",
        "database",
        "reader zygote",
    }
    cached = {key[1] for key in app.jinja_env.cache}  # (loader ref, name)
    assert set(names) <= cached
    assert sandbox.READERS.pid() is not None


def test_a_step_that_fails_is_logged_and_the_others_still_run(tmp_path, caplog):
    """The database not answering yet: warm_up says so in the log and goes on."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:1/none",
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 2}},
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    with caplog.at_level(logging.WARNING, logger="contest.warmup"):
        took = warm_up(app)
    assert "warm-up step database failed" in caplog.text
    assert len(app.jinja_env.cache) > 50  # the templates were still compiled
    assert "reader zygote" in took


def test_gunicorn_in_the_checkout_warms_each_worker_before_serving(tmp_path):
    """`gunicorn -w 2 wsgi:app` (no -c) reads gunicorn.conf.py: both workers log
    their warm-up, then the site answers."""
    port = free_port()
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'contest.sqlite3'}",
        "SECRET_KEY": "warm-up-test-secret",
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "DOCUMENT_READER_ZYGOTE": "0",
    }
    env.pop("APP_ENV", None)
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "wsgi:app",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        warmed = 0
        while time.monotonic() < deadline and warmed < 2:
            assert server.poll() is None, log_path.read_text()
            warmed = log_path.read_text().count("worker warmed up")
            time.sleep(0.2)
        assert warmed == 2, log_path.read_text()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz")
        assert connection.getresponse().status == 200
        assert "warm-up step" not in log_path.read_text()  # no step failed
    finally:
        server.terminate()
        server.wait(timeout=30)

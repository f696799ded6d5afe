"""Every setting is read from the environment in one place, contest/config.py."""

import re
from pathlib import Path

from contest.config import build_config

ROOT = Path(__file__).resolve().parent.parent
READS_ENV = re.compile(r"os\.environ\.get|os\.getenv|os\.environ\[")


def test_only_config_reads_the_environment():
    """Code reads app.config; the environment is read by contest/config.py alone
    (contest/backup_db.py only hands it on to pg_dump)."""
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("contest", "judging")
        for path in (ROOT / package).rglob("*.py")
        if READS_ENV.search(path.read_text(encoding="utf-8"))
    )
    assert readers == ["contest/config.py"]


def test_settings_come_from_the_environment_with_their_defaults(tmp_path, monkeypatch):
    """Unset variables give the documented defaults; set ones are read as numbers,
    switches and names."""
    for name in ("JOBS_POLL_SECONDS", "DOCUMENT_READER_ZYGOTE", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    config = build_config(tmp_path)
    assert config["JOBS_POLL_SECONDS"] == 5
    assert config["OUTBOX_MAX_ATTEMPTS"] == 6
    assert config["DOCUMENT_READER_ZYGOTE"] is True
    assert config["REDIS_URL"] is None and config["JOBS_BACKEND"] is None
    monkeypatch.setenv("JOBS_POLL_SECONDS", "7")
    monkeypatch.setenv("DOCUMENT_READER_ZYGOTE", "off")
    monkeypatch.setenv("JOBS_WORKER_IDLE", "0")
    config = build_config(tmp_path)
    assert config["JOBS_POLL_SECONDS"] == 7.0
    assert config["DOCUMENT_READER_ZYGOTE"] is False
    assert config["JOBS_WORKER_IDLE"] is False


def test_settings_decided_at_start(app):
    """Defaults that depend on other settings are settled when the app is made."""
    assert app.config["JOBS_BACKEND"] == "thread"
    assert app.config["JOBS_AUTOSTART"] is False  # a test app
    assert app.config["OUTBOX_DELIVERY"] == "inline"  # memory mail in tests

"""Configuration read from environment variables, with safe development defaults.

Every setting of the app is here, with its default and what it does: the environment
is read in this module only (``build_config``), and code reads ``app.config``. A few
defaults depend on other settings or on the app (``None`` below, "decided at start"):
they are settled by the step that uses them, once overrides are applied (tests), e.g.
``contest.jobs.init_app``. README's Configuration tables list the same variables.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INSTANCE = PROJECT_ROOT / "instance"


def _env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_on(name: str) -> bool:
    """Read a switch that is on unless set to 0/false/no/off."""
    return os.environ.get(name, "1").strip().lower() not in {"0", "false", "no", "off"}


def _env_number(name: str, default: float) -> float:
    """Read a number; unset or empty gives the default."""
    value = os.environ.get(name)
    return float(value) if value else default


def _env_optional_number(name: str) -> float | None:
    """Read a number; None when unset or empty (the default is decided at start)."""
    value = os.environ.get(name)
    return float(value) if value else None


def _env_optional_bool(name: str) -> bool | None:
    """Read a yes/no variable; None when unset (the default is decided at start)."""
    value = os.environ.get(name)
    return None if value is None else _env_bool(name, False)


def load_secret_key(instance_path: Path) -> str:
    """Return SECRET_KEY from the environment, or one generated once into instance/."""
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for postgres:// and postgresql:// URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def engine_options(url: str) -> dict:
    """Connection pool settings; PostgreSQL connections give up after 5 s, not hang.

    No ``pool_pre_ping``: a connection idle for a while is pinged at checkout instead
    (``contest.pool_ping``), and any is replaced after 30 minutes.
    """
    options: dict = {"pool_recycle": 1800}
    if url.startswith("postgresql"):
        options["connect_args"] = {"connect_timeout": 5}
    return options


def instance_path_for(override: str | None = None) -> Path:
    """INSTANCE_PATH: the SQLite file, the secret key and (by default) the uploads."""
    return Path(override or os.environ.get("INSTANCE_PATH") or DEFAULT_INSTANCE)


def build_config(instance_path: Path) -> dict:
    """Build the Flask config mapping from the environment."""
    app_env = os.environ.get("APP_ENV", "production").lower()
    development = app_env == "development"
    database_url = normalize_database_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{instance_path / 'contest.sqlite3'}")
    )
    return {
        # "development": plain-HTTP cookies, no HSTS, emails printed to the log.
        "APP_ENV": app_env,
        # Signs sessions and email links; the same on every app server.
        "SECRET_KEY": load_secret_key(instance_path),
        # DATABASE_URL: SQLite in instance/ by default, or postgresql://…
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        # Uploaded files (a shared volume when several servers run the app).
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR", str(instance_path / "uploads")),
        # Uploads: a .docx or a short video; a long pasted text must fit in a form.
        "MAX_CONTENT_LENGTH": int(
            os.environ.get("MAX_CONTENT_LENGTH", 60 * 1024 * 1024)
        ),
        # A radio/TV press work may come as a short video (≤ 7 minutes in the rules).
        "VIDEO_MAX_BYTES": int(os.environ.get("VIDEO_MAX_BYTES", 50 * 1024 * 1024)),
        "MAX_FORM_MEMORY_SIZE": int(
            os.environ.get("MAX_FORM_MEMORY_SIZE", 4 * 1024 * 1024)
        ),
        # Sessions and cookies.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": not development,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # A writer may spend well over an hour on one form.
        "WTF_CSRF_TIME_LIMIT": int(os.environ.get("WTF_CSRF_TIME_LIMIT", 12 * 3600)),
        "HSTS_ENABLED": not development,
        # i18n
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "LANGUAGES": ("vi", "en"),
        # Mail: the console backend prints messages to the log in development.
        "MAIL_BACKEND": os.environ.get(
            "MAIL_BACKEND", "console" if development else "smtp"
        ),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", 25)),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": _env_bool("MAIL_USE_TLS", False),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Ban Thi đua - Khen thưởng <no-reply@localhost>"
        ),
        # Rate limits: in memory by default, Redis (redis://…) when set.
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Redis down: count in each process's memory (one warning is logged, Redis is
        # tried again later) instead of failing the login with a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": _env_bool(
            "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True
        ),
        "RATELIMIT_SWALLOW_ERRORS": _env_bool("RATELIMIT_SWALLOW_ERRORS", True),
        "LOGIN_RATE_LIMIT_PER_ACCOUNT": os.environ.get(
            "LOGIN_RATE_LIMIT_PER_ACCOUNT", "5 per minute;20 per hour"
        ),
        "LOGIN_RATE_LIMIT_PER_IP": os.environ.get(
            "LOGIN_RATE_LIMIT_PER_IP", "30 per minute;300 per hour"
        ),
        # Proxies in front of the app (nginx: 1) whose X-Forwarded-For/-Proto are
        # trusted: then rate limits and logs see the visitor's address, not nginx's.
        # 0 (the default): the headers are ignored, as anyone could forge them.
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", 0)),
        "PASSWORD_HASH_METHOD": "scrypt",
        # Shortest accepted password; links in emails (confirm, reset) expire after
        # EMAIL_TOKEN_MAX_AGE seconds (3 days).
        "PASSWORD_MIN_LENGTH": int(os.environ.get("PASSWORD_MIN_LENGTH", 10)),
        "EMAIL_TOKEN_MAX_AGE": int(
            os.environ.get("EMAIL_TOKEN_MAX_AGE", 3 * 24 * 3600)
        ),
        # The JSON request log on stderr; None: on, except in tests.
        "REQUEST_LOG": _env_optional_bool("REQUEST_LOG"),
        # Seconds a public page is kept per process for anonymous visitors
        # (contest.page_cache); 0: off; None: 10, except in tests (off).
        "PUBLIC_PAGE_CACHE_SECONDS": _env_optional_number("PUBLIC_PAGE_CACHE_SECONDS"),
        # Files kept beside the uploads; None: a folder next to UPLOAD_DIR
        # ("edition-archives", "similarity").
        "EDITION_ARCHIVE_DIR": os.environ.get("EDITION_ARCHIVE_DIR") or None,
        "SIMILARITY_DIR": os.environ.get("SIMILARITY_DIR") or None,
        # Documents are read in a sandboxed child forked from a per-process "zygote"
        # that has the parsers loaded; 0: a fresh interpreter per upload (slower).
        "DOCUMENT_READER_ZYGOTE": _env_on("DOCUMENT_READER_ZYGOTE"),
        **jobs_config(),
    }


def jobs_config() -> dict:
    """Background jobs and the email outbox (contest.jobs, contest.mail)."""
    return {
        # Redis for RQ jobs (and checked by /readyz); None: no Redis.
        "REDIS_URL": os.environ.get("REDIS_URL") or None,
        # "rq" or "thread"; None: "rq" when REDIS_URL is set, else "thread".
        "JOBS_BACKEND": os.environ.get("JOBS_BACKEND") or None,
        "JOBS_QUEUE": os.environ.get("JOBS_QUEUE", "contest"),  # RQ queue name
        # Start in-process workers with the first request; None: yes, except in tests.
        "JOBS_AUTOSTART": None,
        # Database-polling workers look for queued jobs this often.
        "JOBS_POLL_SECONDS": _env_number("JOBS_POLL_SECONDS", 5),
        # A running job beats this often; one silent for the lease is marked failed.
        "JOBS_HEARTBEAT_SECONDS": _env_number("JOBS_HEARTBEAT_SECONDS", 10),
        "JOBS_LEASE_SECONDS": _env_number("JOBS_LEASE_SECONDS", 120),
        # Longest run of one job under RQ (6 hours).
        "JOBS_TIMEOUT_SECONDS": int(_env_number("JOBS_TIMEOUT_SECONDS", 6 * 3600)),
        # `flask jobs worker` runs at this lower CPU priority (nice), 0 to keep it, and
        # (Linux) in the idle scheduling class: it runs when the web servers leave a CPU.
        "JOBS_WORKER_NICE": int(_env_number("JOBS_WORKER_NICE", 10)),
        "JOBS_WORKER_IDLE": _env_number("JOBS_WORKER_IDLE", 1) != 0,
        # "inline" (at commit) or "worker"; None: "inline" with the memory mail
        # backend (tests read sent mail right after the request), else "worker".
        "OUTBOX_DELIVERY": None,
        # Email retries: attempts, and the first wait (doubled each time).
        "OUTBOX_MAX_ATTEMPTS": int(_env_number("OUTBOX_MAX_ATTEMPTS", 6)),
        "OUTBOX_BACKOFF_SECONDS": _env_number("OUTBOX_BACKOFF_SECONDS", 60),
        # A worker sending an email holds it this long before another may retry.
        "OUTBOX_LEASE_SECONDS": _env_number("OUTBOX_LEASE_SECONDS", 300),
    }

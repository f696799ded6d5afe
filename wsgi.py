"""WSGI entry point: `gunicorn wsgi:app`; the `flask` command finds it too."""

from contest.app import create_app

app = create_app()

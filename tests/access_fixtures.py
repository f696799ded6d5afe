"""Helpers of the route walkers (tests/test_access.py, the closed-edition guard in
tests/test_edition_close.py): a concrete URL for every URL rule of the app."""

from __future__ import annotations


def fill(rule, objects: dict) -> str:
    """A concrete URL for a rule, with ids of real objects."""
    values = {
        "token": "not-a-real-token",
        "code": "vi",
        "filename": "css/app.css",
        "variant": "file",
        **objects,
    }
    url = rule.rule
    for argument in rule.arguments:
        for pattern in (f"<int:{argument}>", f"<path:{argument}>", f"<{argument}>"):
            url = url.replace(pattern, str(values[argument]))
    return url

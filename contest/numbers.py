"""One number format for scores, in the reader's language: "82,75" in Vietnamese
(decimal comma), "82.75" in English. Every page, email and flash message that shows
a score goes through ``format_score`` (the ``score`` Jinja filter)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

DEFAULT_LOCALE = "vi"


def _current_locale() -> str:
    """The request's language, else Vietnamese (outside a request: CLI, jobs)."""
    try:
        from flask_babel import get_locale

        locale = get_locale()
    except (RuntimeError, ImportError):  # no app or request context
        locale = None
    return str(locale) if locale else DEFAULT_LOCALE


@lru_cache(maxsize=64)
def _number_format(pattern: str, locale: str) -> tuple[NumberPattern, Locale]:
    """The parsed pattern and locale (what ``babel.numbers.format_decimal`` parses
    on every call), kept per process: a results page formats thousands of scores."""
    return parse_pattern(pattern), Locale.parse(locale)


def format_score(
    value: float | int | None,
    digits: int | None = 2,
    *,
    signed: bool = False,
    locale: str | None = None,
) -> str:
    """``value`` with ``digits`` decimals ("69,00"); ``digits=None`` shows only the
    decimals it has, up to two ("7,5", "8"); ``signed`` puts "+" before positives.
    "" for None."""
    if value is None:
        return ""
    decimals = "0" * digits if digits else ""
    if digits is None:
        decimals = "##"
    pattern = "#,##0" + (f".{decimals}" if decimals else "")
    if signed:
        pattern = f"+{pattern};-{pattern}"
    parsed, babel_locale = _number_format(pattern, locale or _current_locale())
    return parsed.apply(value, babel_locale, decimal_quantization=True)

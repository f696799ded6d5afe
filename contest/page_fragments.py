"""Parts of every page that are the same for everyone of one kind, rendered once.

The addresses base.html links on every page (style sheets, scripts, the home page,
login, logout) depend only on where the app is mounted: ``fixed_url`` builds each
once per process and mount point (the app registers no URL defaults or processors,
so ``url_for`` could answer nothing else for them); with auto-reload on, every call
builds it.

The main menu of base.html depends only on the language, on which roles the visitor
holds (none when logged out) and on where the app is mounted; building it costs a
dozen ``url_for`` and translations on every page. It is rendered once per process
for each such combination (a handful) and reused. With template auto-reload on
(development) nothing is kept, so an edited template shows at once.
"""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

_MENUS: dict[tuple, Markup] = {}
_URLS: dict[tuple, str] = {}


def fixed_url(endpoint: str, **values) -> str:
    """``url_for(endpoint, **values)`` for an address that depends on nothing of the
    request but the mount point (no path, query or user in it)."""
    key = (request.script_root, endpoint, *sorted(values.items()))
    url = _URLS.get(key)
    if url is None:
        url = url_for(endpoint, **values)
        if not current_app.jinja_env.auto_reload and len(_URLS) < 256:
            _URLS[key] = url
    return url


def main_menu() -> Markup:
    """The links of the main menu for the current visitor (templates/_main_menu.html)."""
    authenticated = current_user.is_authenticated
    roles = frozenset(current_user.roles) if authenticated else frozenset()
    key = (str(get_locale()), request.script_root, authenticated, roles)
    menu = _MENUS.get(key)
    if menu is None:
        menu = Markup(
            render_template("_main_menu.html", authenticated=authenticated, roles=roles)
        )
        if not current_app.jinja_env.auto_reload:
            _MENUS[key] = menu
    return menu

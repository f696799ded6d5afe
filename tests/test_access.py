"""Who may open what: every URL rule of the app, for every role, against one table.

A new route that is not in ACCESS fails this test until someone decides who may use it.
"""

import pytest

from contest.models import Role
from tests.conftest import csrf_token, login

ANON = "anonymous"
EVERYONE = frozenset({ANON, *Role})
LOGGED_IN = frozenset(Role)
ORGANIZERS = frozenset({Role.ORGANIZER, Role.ADMIN})

# endpoint -> roles that may use it
ACCESS = {
    "static": EVERYONE,
    "public.index": EVERYONE,
    "public.rules": EVERYONE,
    "public.set_language": EVERYONE,
    "auth.login": EVERYONE,
    "auth.register": EVERYONE,
    "auth.forgot_password": EVERYONE,
    "auth.confirm_email": EVERYONE,
    "auth.resend_confirmation": EVERYONE,
    "auth.reset_password": EVERYONE,
    "auth.logout": LOGGED_IN,
    "account.dashboard": LOGGED_IN,
    "account.profile": LOGGED_IN,
    "account.change_password": LOGGED_IN,
    "organizer.dashboard": ORGANIZERS,
    "organizer.new_edition": ORGANIZERS,
    "organizer.edit_general": ORGANIZERS,
    "organizer.edit_timeline": ORGANIZERS,
    "organizer.edit_tracks": ORGANIZERS,
    "organizer.edit_fields": ORGANIZERS,
    "organizer.edit_rubric": ORGANIZERS,
    "organizer.edit_rounds": ORGANIZERS,
    "organizer.set_status": ORGANIZERS,
    "organizer.units": ORGANIZERS,
    "organizer.new_unit": ORGANIZERS,
    "organizer.edit_unit": ORGANIZERS,
    "organizer.import_units": ORGANIZERS,
    "organizer.users": ORGANIZERS,
    "organizer.new_user": ORGANIZERS,
    "organizer.edit_user": ORGANIZERS,
}


def fill(rule, objects: dict) -> str:
    """A concrete URL for a rule, with ids of real objects."""
    values = {
        "token": "not-a-real-token",
        "code": "vi",
        "filename": "css/app.css",
        **objects,
    }
    url = rule.rule
    for argument in rule.arguments:
        for pattern in (f"<int:{argument}>", f"<path:{argument}>", f"<{argument}>"):
            url = url.replace(pattern, str(values[argument]))
    return url


def test_every_route_is_in_the_access_table(app):
    """A route nobody has decided on is a failure, not a silent default."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(ACCESS) == set(), "add the new routes to ACCESS"
    assert set(ACCESS) - endpoints == set(), "remove routes that no longer exist"


@pytest.mark.parametrize("role", [ANON, *Role], ids=str)
def test_each_role_reaches_exactly_what_the_table_allows(
    app, client, role, make_user, make_edition, make_unit
):
    """Allowed pages answer; forbidden ones send to login (anonymous) or 403; never 500."""
    objects = {
        "edition_id": make_edition(),
        "unit_id": make_unit(),
        "user_id": make_user(Role.JUDGE).id,
    }
    if role != ANON:
        person = make_user(role)
        assert login(client, person.email, person.password).status_code == 302
    token = csrf_token(client)
    # Logout last, so that every other rule is checked with the session alive.
    rules = sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint == "auth.logout")
    for rule in rules:
        url = fill(rule, objects)
        allowed = role in ACCESS[rule.endpoint]
        if "GET" in rule.methods:
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        status = response.status_code
        assert status != 500, f"{role} {url}: 500"
        if allowed:
            assert status not in (401, 403), f"{role} should reach {url}, got {status}"
            if rule.endpoint.startswith("auth.") and role != ANON and status == 302:
                continue  # logged-in users are sent on from the login/register pages
        elif role == ANON:
            assert status == 302 and "/auth/login" in response.headers["Location"], (
                f"{url}: {status}"
            )
        else:
            assert status == 403, f"{role} must not reach {url}, got {status}"

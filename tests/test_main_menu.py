"""The main menu of every page: the links of the visitor's roles, in their language.

The menu is rendered once per process for each language and set of roles
(contest/page_fragments.py); these tests check that it still follows the visitor:
logged out or in, which roles, which language, and a role granted or taken away
showing on the next page.
"""

from __future__ import annotations

import re

from contest.extensions import db
from contest.models import Role, User
from tests.conftest import login, page_text


def menu_of(response) -> str:
    """The text of the main menu's links."""
    html = page_text(response)
    menu = html[html.index('id="nav-main"') : html.index("align-items-lg-center")]
    return " | ".join(re.findall(r'class="nav-link" href="[^"]*">([^<]*)<', menu))


def set_roles(app, person, *roles: Role) -> None:
    """What an administrator's change of roles does to the account."""
    with app.app_context():
        user = db.session.get(User, person.id)
        user.set_roles(set(roles))
        db.session.commit()


def test_logged_out_visitors_see_the_rules_only(client):
    """No personal links before logging in; Vietnamese by default, English on ask."""
    assert menu_of(client.get("/")) == "Thể lệ"
    client.get("/lang/en")
    assert menu_of(client.get("/")) == "Rules"


def test_each_role_sees_its_own_links(app, make_user):
    """A writer, a judge and an organizer see their areas, not the others'."""
    expected = {
        Role.WRITER: "Rules | My page | My entries",
        Role.JUDGE: "Rules | My page | My entries | Judging",
        Role.ORGANIZER: "Rules | My page | My entries | Organizers",
        Role.CHAIR: "Rules | My page | My entries | Award lists",
    }
    for role, links in expected.items():
        person = make_user(role)
        client = app.test_client()
        assert login(client, person.email, person.password).status_code == 302
        client.get("/lang/en")
        assert menu_of(client.get("/account/")) == links, role


def test_a_role_granted_or_removed_shows_on_the_next_page(app, client, make_user):
    """The menu follows the account's roles from one page to the next."""
    person = make_user(Role.WRITER)
    assert login(client, person.email, person.password).status_code == 302
    assert "Chấm thi" not in menu_of(client.get("/account/"))

    set_roles(app, person, Role.WRITER, Role.JUDGE)
    assert "Chấm thi" in menu_of(client.get("/account/"))

    set_roles(app, person, Role.WRITER)
    assert "Chấm thi" not in menu_of(client.get("/account/"))

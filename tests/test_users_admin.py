"""Organizers and admins manage accounts: staff accounts, roles, deactivation, the CLI."""

import re

import pytest

from contest.extensions import db
from contest.models import Edition, Role, User
from tests.conftest import login, page_text, post_form


def user_row(app, email):
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        return user and (user.roles, user.is_active_account, user.unit_id)


def test_organizer_creates_a_judge_who_sets_a_password_by_email(
    app, client, login_as, make_edition, make_unit, outbox
):
    """The new judge gets an email link, chooses a password and can log in."""
    edition_id = make_edition()
    unit_id = make_unit("Sở Giáo dục và Đào tạo")
    login_as(Role.ORGANIZER)
    response = post_form(
        client,
        "/organizer/users/new",
        {
            "full_name": "Phạm Văn Đức",
            "email": "duc.gk@example.vn",
            "unit_id": str(unit_id),
            "roles": ["judge"],
            "judge_of_current": "y",
        },
    )
    assert response.status_code == 302
    assert user_row(app, "duc.gk@example.vn") == ({Role.JUDGE}, True, unit_id)
    with app.app_context():
        edition = db.session.get(Edition, edition_id)
        judge = db.session.scalar(db.select(User).filter_by(email="duc.gk@example.vn"))
        assert edition.is_staff(judge) and not edition.may_enter(judge)
    assert outbox[-1]["Subject"] == "Tài khoản của bạn tại Cuộc thi viết"
    link = re.search(
        r"http://localhost(/auth/reset/\S+)", outbox[-1].get_content()
    ).group(1)
    judge_client = app.test_client()
    post_form(
        judge_client,
        link,
        {"password": "Giam-khao-cong-tam-1", "confirm": "Giam-khao-cong-tam-1"},
    )
    assert (
        login(judge_client, "duc.gk@example.vn", "Giam-khao-cong-tam-1").status_code
        == 302
    )


def test_organizer_cannot_grant_organizer_or_admin(app, client, login_as, make_user):
    """Only admins hand out organizer and admin rights."""
    login_as(Role.ORGANIZER)
    target = make_user(Role.WRITER)
    html = page_text(client.get(f"/organizer/users/{target.id}"))
    assert (
        'value="judge"' in html
        and 'value="admin"' not in html
        and 'value="organizer"' not in html
    )
    response = post_form(
        client,
        f"/organizer/users/{target.id}",
        {"roles": ["writer", "admin"], "unit_id": "0", "is_active": "y"},
    )
    assert response.status_code == 200  # 'admin' is not a valid choice here
    assert "không phải là lựa chọn hợp lệ" in page_text(response)
    assert user_row(app, target.email)[0] == {Role.WRITER}


def test_admin_grants_organizer(app, client, login_as, make_user):
    """An admin may make someone an organizer."""
    login_as(Role.ADMIN)
    target = make_user(Role.WRITER)
    post_form(
        client,
        f"/organizer/users/{target.id}",
        {"roles": ["writer", "organizer"], "unit_id": "0", "is_active": "y"},
    )
    assert user_row(app, target.email)[0] == {Role.WRITER, Role.ORGANIZER}


def test_organizer_cannot_touch_an_admin_account(app, client, login_as, make_user):
    """Deactivating an admin is beyond an organizer's rights."""
    login_as(Role.ORGANIZER)
    admin = make_user(Role.ADMIN)
    response = post_form(
        client, f"/organizer/users/{admin.id}", {"roles": [], "unit_id": "0"}
    )
    assert response.status_code == 403
    assert user_row(app, admin.email)[1] is True


def test_deactivation_ends_the_sessions_at_once(app, client, login_as, make_user):
    """A deactivated judge is logged out everywhere and cannot log in again."""
    judge = make_user(Role.JUDGE)
    judge_client = app.test_client()
    login(judge_client, judge.email)
    assert judge_client.get("/account/").status_code == 200
    login_as(Role.ORGANIZER)
    post_form(
        client, f"/organizer/users/{judge.id}", {"roles": ["judge"], "unit_id": "0"}
    )
    assert user_row(app, judge.email)[1] is False
    assert judge_client.get("/account/").status_code == 302
    assert "Tài khoản này đã bị khóa" in page_text(
        login(app.test_client(), judge.email)
    )


def test_user_list_search_is_accent_insensitive_and_sorted_by_given_name(
    client, login_as, make_user
):
    """'duong' finds 'Dương'; names sort by given name the Vietnamese way."""
    login_as(Role.ORGANIZER, full_name="Ban Tổ Chức")
    make_user(full_name="Trần Văn Dương")
    make_user(full_name="Lê Thị Dư")
    make_user(full_name="Nguyễn Đặng")
    html = page_text(client.get("/organizer/users"))
    assert (
        html.index("Lê Thị Dư")
        < html.index("Trần Văn Dương")
        < html.index("Nguyễn Đặng")
    )
    found = page_text(client.get("/organizer/users?q=duong"))
    assert "Trần Văn Dương" in found and "Lê Thị Dư" not in found
    for wildcard in ("%25", "_"):  # "%" and "_" are not wildcards: nobody matches
        found = page_text(client.get(f"/organizer/users?q={wildcard}"))
        assert "Trần Văn Dương" not in found and "Lê Thị Dư" not in found


def test_duplicate_staff_email_is_refused(client, login_as, make_user):
    """An email that already has an account is refused at the field."""
    make_user(email="co.roi@example.vn")
    login_as(Role.ORGANIZER)
    html = page_text(
        post_form(
            client,
            "/organizer/users/new",
            {
                "full_name": "A",
                "email": "co.roi@example.vn",
                "unit_id": "0",
                "roles": ["judge"],
            },
        )
    )
    assert "Đã có tài khoản dùng email này." in html


def test_create_admin_command_prompts_without_echo(app, runner):
    """`flask users create-admin` asks twice for the password and never prints it."""
    secret = "Quan-tri-he-thong-2026"
    result = runner.invoke(
        args=["users", "create-admin", "admin@example.vn"],
        input=f"{secret}\n{secret}\n",
    )
    assert result.exit_code == 0, result.output
    assert "admin@example.vn" in result.output and secret not in result.output
    assert user_row(app, "admin@example.vn")[0] == {Role.ADMIN, Role.ORGANIZER}


@pytest.mark.parametrize("weak", ["123456789012", "ngan"])
def test_create_admin_refuses_weak_passwords(app, runner, weak):
    """A weak admin password is refused with a reason."""
    result = runner.invoke(
        args=["users", "create-admin", "admin@example.vn"], input=f"{weak}\n{weak}\n"
    )
    assert result.exit_code != 0 and "password refused" in result.output
    assert user_row(app, "admin@example.vn") is None

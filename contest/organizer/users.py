"""Accounts pages: list users, create judges and unit focal points, roles, deactivate."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from contest.access import get_or_404
from contest.extensions import db
from contest.forms_base import as_choices
from contest.models import Role, Unit, User
from contest.organizer import bp
from contest.organizer.people_forms import ROLE_LABELS, StaffAccountForm, UserEditForm
from contest.queries import current_edition, unit_choices
from contest.services import accounts, editions
from contest.textnorm import name_sort_key, search_key

PAGE_SIZE = 50


def _role_choices() -> list[tuple[str, str]]:
    grantable = accounts.grantable_roles(current_user)
    return [
        (role.value, label) for role, label in ROLE_LABELS.items() if role in grantable
    ]


@bp.route("/users")
def users():
    """Accounts, filtered by role and searched by name or email."""
    query = request.args.get("q", "").strip()
    role = request.args.get("role", "")
    rows = db.session.scalars(select(User)).all()
    if role in set(Role):
        rows = [u for u in rows if u.has_role(Role(role))]
    if query:
        key = search_key(query)  # "" when only punctuation ("%") was typed
        rows = [
            u
            for u in rows
            if key and (key in search_key(u.full_name) or key in u.email)
        ]
    rows.sort(key=lambda u: name_sort_key(u.full_name))
    page = max(request.args.get("page", 1, type=int), 1)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return render_template(
        "organizer/users.html",
        users=shown,
        total=len(rows),
        page=page,
        pages=max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        query=query,
        role=role,
        role_labels=ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    """Create an account for a judge or unit focal point (they get a set-password link)."""
    form = StaffAccountForm()
    form.roles.choices = as_choices(_role_choices())
    form.unit_id.choices = as_choices([(0, _("— None —")), *unit_choices()])
    if form.validate_on_submit():
        if accounts.find_user_by_email(form.email.data) is not None:
            form.email.errors.append(_("An account with this email already exists."))
        else:
            user = accounts.create_staff_account(
                current_user,
                email=form.email.data,
                full_name=form.full_name.data,
                roles={Role(r) for r in form.roles.data},
                unit=db.session.get(Unit, form.unit_id.data)
                if form.unit_id.data
                else None,
            )
            edition = current_edition()
            if form.judge_of_current.data and edition is not None:
                editions.set_judge(current_user, edition, user, True)
            db.session.commit()
            flash(
                _(
                    "The account has been created and an email sent to %(email)s.",
                    email=user.email,
                ),
                "success",
            )
            return redirect(url_for("organizer.users"))
    return render_template("organizer/user_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    """Change an account's roles, unit, judge membership and status."""
    user = get_or_404(User, user_id)
    edition = current_edition()
    is_judge_now = edition is not None and any(
        member.user_id == user.id for member in edition.staff
    )
    form = UserEditForm(
        data=None
        if request.method == "POST"
        else {
            "unit_id": user.unit_id or 0,
            "roles": [r.value for r in user.roles],
            "judge_of_current": is_judge_now,
            "is_active": user.is_active_account,
        }
    )
    form.roles.choices = as_choices(_role_choices())
    form.unit_id.choices = as_choices([(0, _("— None —")), *unit_choices()])
    grantable = accounts.grantable_roles(current_user)
    if form.validate_on_submit():
        # Roles the actor may not touch stay as they are.
        roles = {Role(r) for r in form.roles.data} | (user.roles - grantable)
        try:
            accounts.set_roles(current_user, user, roles)
            if form.is_active.data != user.is_active_account:
                accounts.set_active(current_user, user, form.is_active.data)
        except accounts.PermissionDenied:
            abort(403)
        user.unit_id = form.unit_id.data or None
        if edition is not None and form.judge_of_current.data != is_judge_now:
            editions.set_judge(current_user, edition, user, form.judge_of_current.data)
        db.session.commit()
        flash(_("The account has been saved."), "success")
        return redirect(url_for("organizer.users"))
    return render_template(
        "organizer/user_edit.html",
        form=form,
        user=user,
        edition=edition,
        role_labels=ROLE_LABELS,
    )

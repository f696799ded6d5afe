"""The user's own pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from contest import hooks
from contest.access import guard_blueprint
from contest.account.forms import ChangePasswordForm, ProfileForm
from contest.extensions import db
from contest.forms_base import as_choices
from contest.queries import current_edition, unit_choices
from contest.services import accounts

bp = Blueprint("account", __name__, url_prefix="/account")
guard_blueprint(bp)


@bp.route("/")
def dashboard():
    """Where a user lands after login: their roles and what they can do."""
    edition = current_edition()
    return render_template(
        "account/dashboard.html", edition=edition, awaiting=_awaiting_approval()
    )


def _awaiting_approval() -> list:
    """What waits for the current user's approval (e.g. a council chair's award
    lists), as the features answer it."""
    return hooks.awaiting_approval.joined(current_user)


@bp.route("/profile", methods=["GET", "POST"])
def profile():
    """Edit one's own details."""
    form = ProfileForm(obj=current_user)
    form.unit_id.choices = as_choices([(0, _("— None —")), *unit_choices()])
    if form.validate_on_submit():
        accounts.update_profile(
            current_user,
            full_name=form.full_name.data.strip(),
            birth_year=form.birth_year.data,
            phone=(form.phone.data or "").strip() or None,
            address=(form.address.data or "").strip() or None,
            pen_names=(form.pen_names.data or "").strip(),
            unit_id=form.unit_id.data or None,
            locale=form.locale.data,
        )
        db.session.commit()
        session["lang"] = form.locale.data
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("account.profile"))
    if form.unit_id.data is None:
        form.unit_id.data = 0
    return render_template("account/profile.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Change one's password; other sessions are logged out, this one stays."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(
                _("The current password is not correct.")
            )
        else:
            accounts.change_password(current_user, form.password.data)
            db.session.commit()
            login_user(
                current_user._get_current_object()
            )  # re-issue with the new version
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("account.dashboard"))
    return render_template("account/password.html", form=form)

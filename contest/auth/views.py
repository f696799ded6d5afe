"""Views of the account pages: thin wrappers around contest.services.accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from contest.auth.forms import (
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from contest.extensions import db, limiter
from contest.i18n import select_locale
from contest.locking import writes_on_get
from contest.models import Role
from contest.services import accounts

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit_per_ip() -> str:
    return current_app.config["LOGIN_RATE_LIMIT_PER_IP"]


def _login_limit_per_account() -> str:
    return current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"]


def _submitted_email() -> str:
    return "login:" + accounts.normalize_email(request.form.get("email", ""))


def safe_next(target: str | None) -> str | None:
    """Only follow 'next' to a path on this site (no open redirects)."""
    if not target:
        return None
    parts = urlsplit(target)
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
    ):
        return None
    return target


def landing_url(user) -> str:
    """Where a user goes after login: a judge straight to their queue (the one thing
    they come for); anyone who also organizes, chairs or administers to the account
    home, which leads to every role."""
    staff = (Role.ORGANIZER, Role.ADMIN, Role.CHAIR)
    if user.has_role(Role.JUDGE) and not any(user.has_role(r) for r in staff):
        return url_for("judge.queue")
    return url_for("account.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit_per_ip, methods=["POST"])
@limiter.limit(_login_limit_per_account, key_func=_submitted_email, methods=["POST"])
def login():
    """Log in; unknown emails and wrong passwords get the same answer."""
    if current_user.is_authenticated:
        return redirect(landing_url(current_user))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("The email or the password is not correct."))
        elif not user.is_active_account:
            form.email.errors.append(
                _("This account has been deactivated. Please contact the organizers.")
            )
        elif not user.email_confirmed:
            form.email.errors.append(
                _(
                    "Please confirm your email address first: follow the link we emailed you."
                )
            )
            return render_template(
                "auth/login.html",
                form=form,
                resend_form=ResendConfirmationForm(email=user.email),
            )
        else:
            login_user(user, remember=form.remember.data)
            accounts.record_login(user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or landing_url(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Log out everywhere: the session version moves on, so copied cookies die too."""
    current_user.invalidate_sessions()
    db.session.commit()
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_login_limit_per_ip, methods=["POST"])
def register():
    """Create a writer account; the answer does not reveal existing accounts."""
    if current_user.is_authenticated:
        return redirect(url_for("account.dashboard"))
    form = RegisterForm()
    if form.validate_on_submit():
        accounts.register(
            form.email.data, form.full_name.data, form.password.data, select_locale()
        )
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/register.html", form=form)


@bp.route("/confirm/<token>")
@writes_on_get
def confirm_email(token: str):
    """Follow the emailed confirmation link."""
    user = accounts.confirm_email(token)
    if user is None:
        return render_template(
            "auth/link_invalid.html", resend_form=ResendConfirmationForm()
        ), 400
    db.session.commit()
    flash(_("Your email address is confirmed. You can log in now."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/confirm/resend", methods=["POST"])
@limiter.limit(_login_limit_per_ip)
def resend_confirmation():
    """Send the confirmation link again (same answer for any email)."""
    form = ResendConfirmationForm()
    if form.validate_on_submit():
        user = accounts.find_user_by_email(form.email.data)
        if user is not None and not user.email_confirmed:
            accounts.send_confirmation(user)
            db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data)
    return render_template("auth/link_invalid.html", resend_form=form), 400


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit_per_ip, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same for known and unknown emails."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()  # the email is queued in the outbox with this commit
        return render_template(
            "auth/check_email.html", email=form.email.data, reset=True
        )
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link."""
    if accounts.user_from_token(accounts.RESET_SALT, token) is None:
        return render_template("auth/link_invalid.html", reset=True), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        accounts.reset_password(token, form.password.data)
        db.session.commit()
        logout_user()
        flash(
            _("Your password has been changed. Please log in with the new one."),
            "success",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)

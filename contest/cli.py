"""Command-line tools: `flask users create-admin EMAIL`, `flask demo`."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from contest.extensions import db
from contest.security import password_problem

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--name", default="Quản trị viên", help="Full name of the admin.")
@click.password_option(help="Password (prompted, never echoed).")
def create_admin(email: str, name: str, password: str) -> None:
    """Create an admin account (or make an existing account admin)."""
    from contest.services.accounts import create_admin as make_admin

    problem = password_problem(
        password,
        min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        personal=(email.split("@")[0],),
    )
    if problem:
        raise click.ClickException(f"password refused: {problem.replace('_', ' ')}")
    user = make_admin(email, name, password)
    db.session.commit()
    click.echo(f"Admin account ready: {user.email}")


@click.command("demo")
@with_appcontext
@click.option(
    "--if-empty", is_flag=True, help="Only when the database has no edition yet."
)
def demo(if_empty: bool) -> None:
    """Load the demo contest (does nothing if it is already there)."""
    from sqlalchemy import func, select

    from contest.demo import DEMO_PASSWORD, demo_logins, load_demo
    from contest.models import Edition

    if if_empty and db.session.scalar(select(func.count(Edition.id))):
        click.echo("The database already holds a contest: demo not loaded.")
        return
    created = load_demo()
    db.session.commit()
    click.echo("Demo contest loaded." if created else "Demo contest already present.")
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for role, email in demo_logins():
        click.echo(f"  {role:<12} {email}")


@click.command("demo-scores")
@with_appcontext
@click.argument("edition_id", type=int)
@click.option("--seed", default=2026, show_default=True, help="Same seed, same sheets.")
def demo_scores(edition_id: int, seed: int) -> None:
    """Demo only: submit a sheet for every pending reading of the edition's open round."""
    from contest.demo.scoring import open_rounds as open_rounds_of
    from contest.demo.scoring import score_round

    open_rounds = open_rounds_of(edition_id)
    if not open_rounds:
        raise click.ClickException(
            "No judging round of this edition is open: open one and run the "
            "assignment first."
        )
    done = score_round(open_rounds[0], seed=seed)
    db.session.commit()
    click.echo(f"{open_rounds[0].name}: {done} score sheets submitted.")


def register(app: Flask) -> None:
    """Attach the command groups to the app."""
    app.cli.add_command(users_cli)
    app.cli.add_command(demo)
    app.cli.add_command(demo_scores)

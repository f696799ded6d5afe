"""Accounts: register, confirm, log in and out, reset a forgotten password."""

from contest.auth.views import bp

__all__ = ["bp"]

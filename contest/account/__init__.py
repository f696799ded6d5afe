"""A logged-in user's own pages: dashboard, profile, password."""

from contest.account.views import bp

__all__ = ["bp"]

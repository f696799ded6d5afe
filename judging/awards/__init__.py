"""Award lists: prize tiers over the final ranking, overrides, sign-off, collective awards, notices, public results."""

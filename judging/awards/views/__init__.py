"""Award pages: the organizers' award list, sign-off, collective awards, notices, prizes; the public results."""

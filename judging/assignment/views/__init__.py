"""Organizer pages of judging: overview, judge pool, conflicts, identity scan, a round's assignment."""

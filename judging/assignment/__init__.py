"""Assigning judges to blind entries: the judge pool, conflicts of interest, assignment runs, moves."""

"""Blind reading verbs and queries: building the BlindEntry, the judge's queue, notes beside an entry."""

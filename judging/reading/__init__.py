"""Blind reading: what a judge may know of an entry, the judge's queue of codes and the reading view."""

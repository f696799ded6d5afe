"""Anonymity before judging: what in an entry's text could identify its authors, and the redactions of the judges' copy."""

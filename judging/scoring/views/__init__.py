"""Scoring pages: the judge's score form and the organizers' results and advancement pages."""

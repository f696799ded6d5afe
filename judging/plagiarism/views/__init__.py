"""Plagiarism pages: the organizers' ranked report and pair view, the unit's suspected duplicates."""

"""Judging rounds and their rubric: the tables every judging feature shares, and the rubric pages."""

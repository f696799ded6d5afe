"""Scoring verbs: score sheets, a round's results and advancement, third and targeted readings."""

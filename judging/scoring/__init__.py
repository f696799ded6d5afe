"""Scoring: score sheets, results (raw and calibrated), third and targeted readings, advancement."""

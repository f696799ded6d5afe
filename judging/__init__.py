"""Judging: who reads what, how scores combine, how copies are caught, who wins."""

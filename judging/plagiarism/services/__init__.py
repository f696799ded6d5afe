"""Plagiarism verbs and queries: checks, the persisted index, corpus, records, decisions, reports."""

"""Copy detection: the similarity engine, the check at submission, full scans, pairs and decisions."""

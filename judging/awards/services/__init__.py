"""Award verbs and queries: the list and its ledger, proposal, sign-off, collective awards, notices, published results."""

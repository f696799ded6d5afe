"""Assignment verbs: the judge pool and conflicts, assignment runs (preview, commit), moving readings."""

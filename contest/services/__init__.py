"""Contest verbs that change state; they flush, and only views or commands commit."""

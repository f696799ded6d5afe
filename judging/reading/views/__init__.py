"""The judge area: declaration, queue, blind reading view, recusal (the `judge` blueprint)."""

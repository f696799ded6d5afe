"""Featured people, pure: matching keys of names and places, and likely-same-person merges."""

"""The one error a backup or restore reports to the operator."""


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why, in plain words."""


class MoveError(BackupError):
    """A move of the database to another engine cannot go on (nothing was written)."""

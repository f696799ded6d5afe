"""`flask plagiarism …` commands: check a folder of files (files), and the organizers'
commands on the database (admin)."""

from __future__ import annotations

from flask import Flask

from judging.plagiarism.cli import admin, files


def register(app: Flask) -> None:
    """Attach the `plagiarism` command group, with the database commands, to the app."""
    for command in admin.COMMANDS:
        files.plagiarism_cli.add_command(command)
    app.cli.add_command(files.plagiarism_cli)

"""Organizer pages of the official documents: settings, issue buttons, downloads."""

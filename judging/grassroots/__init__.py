"""From grassroots to city: intake policy, forwarding history, unit targets, reminders.

core.py is pure (target maths); models.py its tables; services.py its verbs;
views.py the organizer pages (mounted on the organizer blueprint).
"""

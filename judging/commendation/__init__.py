"""The commendation register: every featured person across editions, deduplicated,
with a status per edition, the deciding document, counts against the edition's
targets, the exemplars introduced to the central board and the press, and dossiers.

core.py is pure; models.py its tables; services.py its verbs; views.py the
organizer pages; exports.py the dossier (XLSX) and the one-page PDF profile.
"""

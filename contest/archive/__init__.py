"""A whole edition in one file: export to, and import from, an edition archive (ZIP).

The archive holds ``edition.json`` (every row of the edition's tables, see
contest.archive.tables), ``files/<sha256>`` for every stored file its rows name, and
``manifest.json`` (format, version, the edition's archive id, rows per table, sha256
and size of every member). Importing checks all of it before anything is written,
then adds the edition as a closed edition (an archive) with new ids.
"""

from contest.archive.loader import import_edition
from contest.archive.reader import ArchiveError
from contest.archive.writer import export_edition

__all__ = ["ArchiveError", "export_edition", "import_edition"]

"""Read generated documents back as text, the way the office reads them: PDFs through
pdftotext, Word files through python-docx. Helpers of the official-documents tests."""

from __future__ import annotations

import io
import re
import subprocess

import docx


def pdf_text(data: bytes) -> str:
    """The text of a PDF, with runs of spaces and line ends made single spaces."""
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return re.sub(r"\s+", " ", out)


def word_text(data: bytes) -> str:
    """Every paragraph and table cell of a Word file, as one string."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.extend(p.text for p in cell.paragraphs)
                    cells(cell.tables)

    cells(document.tables)
    return "\n".join(parts)

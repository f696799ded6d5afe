"""The anthology in the one export registry: ``EXPORTS`` (name → export), registered
by the app factory (contest.app.register_exports)."""

from __future__ import annotations

from contest.exports.registry import document_export
from judging.anthology.exports.epub import EPUB_MIME, render_anthology_epub
from judging.anthology.exports.pdf import render_anthology_pdf

PDF_MIME = "application/pdf"

EXPORTS = {
    "anthology_epub": document_export(
        render_anthology_epub, EPUB_MIME, "nhung-bong-hoa-dep", "epub"
    ),
    "anthology_pdf": document_export(
        render_anthology_pdf, PDF_MIME, "nhung-bong-hoa-dep", "pdf"
    ),
}

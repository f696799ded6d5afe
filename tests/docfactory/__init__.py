"""Builders of REAL upload files for tests and benchmarks (docx, odt, pdf, txt, images).

Every builder returns the bytes a writer's computer would produce: python-docx,
odfpy, fpdf2 (with a Unicode TTF font), pypdf and Pillow write them. The hostile ones
(zip bombs, path traversal, an OLE "EncryptedPackage" container) are assembled by
hand with ``struct`` because no library writes them on purpose.

Modules by job: ``office`` (docx/odt/xlsx/txt and zip helpers), ``structured``
(headings, lists, tables, hidden text; LibreOffice conversions), ``pdfs``, ``hostile``
(bombs, bad names, OLE containers), ``images`` (photos with EXIF). Import the names
from here: ``from tests import docfactory as f; f.make_docx()``.
"""

from tests.docfactory.hostile import (
    make_cfb,
    make_encrypted_docx,
    make_hostile_docx,
    make_legacy_doc,
    make_nested_zip_docx,
    make_zip_bomb_docx,
)
from tests.docfactory.images import GPS_LATITUDE, make_image, make_png_bomb
from tests.docfactory.office import (
    AUTHOR_NAME,
    VI_PARAGRAPHS,
    lorem_vi,
    make_docx,
    make_docx_with_author_everywhere,
    make_docx_with_part,
    make_odt,
    make_txt,
    make_xlsx,
    read_zip,
    real_executable,
    write_zip,
)
from tests.docfactory.pdfs import (
    FONT_PATH,
    have_unicode_font,
    make_blank_pdf,
    make_encrypted_pdf,
    make_heavy_pdf,
    make_image_pdf,
    make_pdf,
    make_pdf_with_author_everywhere,
)
from tests.docfactory.structured import (
    FIELD_AUTHOR,
    RICH_VISIBLE,
    TITLE,
    TWENTY,
    add_hidden_text,
    have_libreoffice,
    hide_through_normal_style,
    libreoffice_convert,
    make_rich_docx,
    make_twenty_docx,
)

__all__ = [
    "AUTHOR_NAME",
    "FIELD_AUTHOR",
    "FONT_PATH",
    "GPS_LATITUDE",
    "RICH_VISIBLE",
    "TITLE",
    "TWENTY",
    "VI_PARAGRAPHS",
    "add_hidden_text",
    "have_libreoffice",
    "have_unicode_font",
    "hide_through_normal_style",
    "libreoffice_convert",
    "lorem_vi",
    "make_blank_pdf",
    "make_cfb",
    "make_docx",
    "make_docx_with_author_everywhere",
    "make_docx_with_part",
    "make_encrypted_docx",
    "make_encrypted_pdf",
    "make_heavy_pdf",
    "make_hostile_docx",
    "make_image",
    "make_image_pdf",
    "make_legacy_doc",
    "make_nested_zip_docx",
    "make_odt",
    "make_pdf",
    "make_pdf_with_author_everywhere",
    "make_png_bomb",
    "make_rich_docx",
    "make_twenty_docx",
    "make_txt",
    "make_xlsx",
    "make_zip_bomb_docx",
    "read_zip",
    "real_executable",
    "write_zip",
]

"""The anthology "Những bông hoa đẹp" as an EPUB 3 e-book (pure, valid for epubcheck).

The ZIP is built by hand: ``mimetype`` first and stored uncompressed (the EPUB rule
that lets readers sniff the type), then the container, the package document, the
navigation document, a cover (a PNG drawn with Pillow in DejaVu Sans, shown by an
XHTML page), the preface and one XHTML chapter per story. Every piece of user text
goes through ``xml_text`` (escaped, XML-illegal characters dropped), so a title with
"<script>" is printed, never run, and every page is well-formed XML. Photos are
re-encoded to JPEG by Pillow, which also drops their metadata (GPS, camera).
"""

from __future__ import annotations

import io
import logging
import uuid
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from PIL import Image, UnidentifiedImageError

from contest.exports.xml_text import xml_text
from contest.paragraphs import paragraphs
from judging.anthology.exports.cover import render_cover_png
from judging.anthology.exports.groups import group_stories
from judging.awards.exports.data import AnthologyStory, EditionInfo

__all__ = ["ANTHOLOGY_TITLE", "EPUB_MIME", "photo_jpeg", "render_anthology_epub"]

log = logging.getLogger(__name__)

EPUB_MIME = "application/epub+zip"
ANTHOLOGY_TITLE = "Những bông hoa đẹp"
MAX_PHOTO_SIDE = 1600  # px; enough for any e-reader screen
_XHTML_NS = (
    'xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'
)
_CSS = """body { font-family: serif; line-height: 1.5; margin: 0 5%; }
h1 { font-size: 1.5em; text-align: center; margin: 1.5em 0 0.5em; }
h2 { font-size: 1.2em; }
p { text-indent: 1.5em; margin: 0 0 0.4em; text-align: justify; }
p.meta { text-indent: 0; text-align: center; font-style: italic; }
p.author { text-indent: 0; text-align: center; font-weight: bold; }
figure { margin: 1em 0; text-align: center; }
figure img { max-width: 100%; }
figcaption { font-size: 0.9em; font-style: italic; }
nav ol { list-style: none; }
.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
"""


def render_anthology_epub(
    edition: EditionInfo,
    stories: Sequence[AnthologyStory],
    *,
    group_by: Literal["field", "tier"] = "field",
    modified: datetime | None = None,
) -> bytes:
    """The whole e-book: cover, preface, contents grouped by field or tier, stories.

    ``modified`` (default: now) is the book's dcterms:modified; with the same inputs and
    ``modified`` the bytes are identical, so a re-export can be compared with the last.
    """
    modified = (modified or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    book_title = f"{ANTHOLOGY_TITLE} – {edition.title} năm {edition.year}"
    groups = group_stories(stories, group_by)
    chapters: list[tuple[str, AnthologyStory, str | None]] = []  # (file, story, photo)
    photos: dict[str, bytes] = {}
    number = 0
    for _label, members in groups:
        for story in members:
            number += 1
            photo_name = None
            jpeg = photo_jpeg(story.photo) if story.photo else None
            if jpeg is not None:
                photo_name = f"images/photo-{number:04d}.jpg"
                photos[photo_name] = jpeg
            chapters.append((f"story-{number:04d}.xhtml", story, photo_name))

    files: dict[str, bytes] = {
        "META-INF/container.xml": _CONTAINER.encode(),
        "OEBPS/style.css": _CSS.encode(),
        "OEBPS/images/cover.png": render_cover_png(edition, ANTHOLOGY_TITLE),
        "OEBPS/cover.xhtml": _page(
            "Bìa",
            '<div class="cover"><img src="images/cover.png" alt="'
            + xml_text(book_title)
            + '"/></div>',
        ),
        "OEBPS/preface.xhtml": _page("Lời giới thiệu", _preface_body(edition)),
        "OEBPS/nav.xhtml": _nav(groups, chapters),
    }
    for name, data in photos.items():
        files[f"OEBPS/{name}"] = data
    for file_name, story, photo_name in chapters:
        files[f"OEBPS/{file_name}"] = _story_page(story, photo_name)
    files["OEBPS/content.opf"] = _package(edition, book_title, modified, chapters)
    return _zip(files, modified)


def _zip(files: dict[str, bytes], modified: datetime) -> bytes:
    """The EPUB container: mimetype first and stored, then everything deflated."""
    stamp = modified.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        mimetype = zipfile.ZipInfo("mimetype", date_time=stamp)
        mimetype.compress_type = zipfile.ZIP_STORED
        archive.writestr(mimetype, EPUB_MIME.encode("ascii"))
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def _page(title: str, body: str) -> bytes:
    """An XHTML content document in Vietnamese."""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html {_XHTML_NS} xml:lang="vi" lang="vi">\n<head>\n'
        f'<meta charset="utf-8"/>\n<title>{xml_text(title)}</title>\n'
        '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    ).encode()


def _paragraphs(text: str) -> str:
    """Each paragraph of ``text`` (textnorm's one separation) as an escaped <p>, its
    own line breaks kept."""
    return "\n".join(
        "<p>" + "<br/>".join(xml_text(line) for line in block.split("\n")) + "</p>"
        for block in paragraphs(text)
    )


def _preface_body(edition: EditionInfo) -> str:
    """The preface page (a default one when the organizers wrote none)."""
    preface = edition.preface or (
        f"Tập sách tập hợp các tác phẩm đoạt giải {edition.title} năm "
        f"{edition.year}, do {edition.organizer_name} tổ chức."
    )
    return (
        '<section epub:type="preface">\n<h1>Lời giới thiệu</h1>\n'
        f"{_paragraphs(preface)}\n"
        f'<p class="meta">{xml_text(edition.organizer_name)}</p>\n</section>'
    )


def _story_page(story: AnthologyStory, photo_name: str | None) -> bytes:
    """One story: title, author(s), featured person, prize, optional photo, text."""
    parts = [f"<h1>{xml_text(story.title)}</h1>"]
    if story.authors:
        parts.append(f'<p class="author">{xml_text(", ".join(story.authors))}</p>')
    if story.featured_line:
        parts.append(f'<p class="meta">{xml_text(story.featured_line)}</p>')
    if story.tier_label:
        parts.append(f'<p class="meta">Giải {xml_text(story.tier_label)}</p>')
    if photo_name:
        caption = story.photo_caption or story.featured_line or story.title
        parts.append(
            f'<figure><img src="{photo_name}" alt="{xml_text(caption)}"/>'
            f"<figcaption>{xml_text(caption)}</figcaption></figure>"
        )
    parts.append(_paragraphs(story.text))
    body = '<section epub:type="chapter">\n' + "\n".join(parts) + "\n</section>"
    return _page(story.title or "Tác phẩm", body)


def _nav(groups, chapters) -> bytes:
    """nav.xhtml: the table of contents, one nested list per group, and landmarks."""
    files = iter(chapters)
    items = ['<li><a href="preface.xhtml">Lời giới thiệu</a></li>']
    for label, members in groups:
        entries = []
        for _story in members:
            file_name, story, _photo = next(files)
            line = story.title or "Tác phẩm"
            if story.authors:
                line += f" – {', '.join(story.authors)}"
            entries.append(f'<li><a href="{file_name}">{xml_text(line)}</a></li>')
        items.append(
            f"<li><span>{xml_text(label)}</span>\n<ol>\n"
            + "\n".join(entries)
            + "\n</ol></li>"
        )
    body = (
        '<nav epub:type="toc" id="toc">\n<h1>Mục lục</h1>\n<ol>\n'
        + "\n".join(items)
        + '\n</ol>\n</nav>\n<nav epub:type="landmarks" hidden="hidden">\n<ol>\n'
        '<li><a epub:type="cover" href="cover.xhtml">Bìa</a></li>\n'
        '<li><a epub:type="toc" href="nav.xhtml">Mục lục</a></li>\n'
        '<li><a epub:type="bodymatter" href="'
        + (chapters[0][0] if chapters else "preface.xhtml")
        + '">Tác phẩm</a></li>\n</ol>\n</nav>'
    )
    return _page("Mục lục", body)


def _package(
    edition: EditionInfo, book_title: str, modified: datetime, chapters
) -> bytes:
    """content.opf: metadata, manifest of every file, reading order."""
    # A stable identifier: the same edition's anthology keeps its identity on re-export.
    identifier = uuid.uuid5(
        uuid.NAMESPACE_URL, f"nhung-bong-hoa-dep:{edition.title}:{edition.year}"
    )
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
        '<item id="css" href="style.css" media-type="text/css"/>',
        '<item id="cover-image" href="images/cover.png" media-type="image/png" properties="cover-image"/>',
        '<item id="cover" href="cover.xhtml" media-type="application/xhtml+xml"/>',
        '<item id="preface" href="preface.xhtml" media-type="application/xhtml+xml"/>',
    ]
    spine = [
        '<itemref idref="cover"/>',
        '<itemref idref="preface"/>',
        '<itemref idref="nav"/>',
    ]
    for index, (file_name, _story, photo_name) in enumerate(chapters, start=1):
        manifest.append(
            f'<item id="s{index:04d}" href="{file_name}" media-type="application/xhtml+xml"/>'
        )
        if photo_name:
            manifest.append(
                f'<item id="p{index:04d}" href="{photo_name}" media-type="image/jpeg"/>'
            )
        spine.append(f'<itemref idref="s{index:04d}"/>')
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        'unique-identifier="pub-id" xml:lang="vi">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'<dc:identifier id="pub-id">urn:uuid:{identifier}</dc:identifier>\n'
        f"<dc:title>{xml_text(book_title)}</dc:title>\n"
        "<dc:language>vi</dc:language>\n"
        f"<dc:creator>{xml_text(edition.organizer_name or edition.title)}</dc:creator>\n"
        f"<dc:publisher>{xml_text(edition.organizer_name or edition.title)}</dc:publisher>\n"
        f"<dc:date>{edition.year}</dc:date>\n"
        f'<meta property="dcterms:modified">{modified:%Y-%m-%dT%H:%M:%SZ}</meta>\n'
        '<meta name="cover" content="cover-image"/>\n'
        "</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + "\n</manifest>\n<spine>\n"
        + "\n".join(spine)
        + "\n</spine>\n</package>\n"
    ).encode()


def photo_jpeg(data: bytes) -> bytes | None:
    """The photo as a metadata-free JPEG, or None (logged) when it is not an image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
            rgb = image.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        # One unreadable photo must not stop the whole book: the story prints without it.
        log.warning("anthology: a story photo is not a readable image; left out")
        return None
    out = io.BytesIO()
    rgb.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


_CONTAINER = """<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""

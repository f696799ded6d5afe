"""Downloads: a unit focal point gets metadata-free copies; author and organizers the original."""

import io
import zipfile
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from contest.extensions import db
from contest.models import Attachment, Entry, Role, User
from contest.services import entries as service
from contest.services import entry_files
from contest.storage import check_files, iter_stored_keys, path_of
from tests import docfactory
from tests.conftest import login

CANARY = "Canary Zebra Quynh"


def canary_docx() -> bytes:
    """A Word file leaking the canary in props, comments, people and revisions."""
    return docfactory.make_docx_with_author_everywhere(CANARY)


def canary_odt() -> bytes:
    """An OpenDocument text with the canary in meta.xml and an annotation's author."""
    from odf import dc, meta
    from odf.office import Annotation
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.meta.addElement(dc.Creator(text=CANARY))
    document.meta.addElement(meta.InitialCreator(text=CANARY))
    document.meta.addElement(meta.UserDefined(name="Soạn bởi", text=CANARY))
    first = P(text=docfactory.VI_PARAGRAPHS[0])
    note = Annotation()
    note.addElement(dc.Creator(text=CANARY))
    note.addElement(P(text="Góp ý"))
    first.addElement(note)
    document.text.addElement(first)
    for text in docfactory.VI_PARAGRAPHS[1:]:
        document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def canary_pdf() -> bytes:
    """A text PDF with the canary in the Info dictionary, an XMP stream and a comment."""
    writer = PdfWriter(clone_from=io.BytesIO(docfactory.make_pdf()))
    writer.add_metadata({"/Author": CANARY, "/Title": CANARY, "/Creator": CANARY})
    xmp = StreamObject()
    xmp.set_data(
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/'
        '1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/'
        f'elements/1.1/"><dc:creator>{CANARY}</dc:creator></rdf:Description>'
        "</rdf:RDF></x:xmpmeta>".encode()
    )
    xmp.update({NameObject("/Type"): NameObject("/Metadata")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    comment = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Text"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (9, 9, 30, 30)]),
            NameObject("/T"): TextStringObject(CANARY),
            NameObject("/Contents"): TextStringObject("Sửa lại đoạn này"),
        }
    )
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(comment)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BUILDERS = {"docx": canary_docx, "odt": canary_odt, "pdf": canary_pdf}


def leaks(data: bytes, kind: str) -> list[str]:
    """Where the canary appears in a downloaded file (every zip part; PDF metadata)."""
    found = []
    if kind in ("docx", "odt"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found = [
                n for n in archive.namelist() if CANARY.encode() in archive.read(n)
            ]
    else:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata or {}
        found = [k for k, v in info.items() if CANARY in str(v)]
        if reader.xmp_metadata is not None:
            found.append("xmp")
        for page in reader.pages:
            for annot in page.get("/Annots") or []:
                if CANARY in str(annot.get_object().get("/T", "")):
                    found.append("annotation")
        if CANARY.encode() in data:
            found.append("raw bytes")
    return found


@pytest.fixture
def unit_id(make_unit):
    return make_unit("UBND quận Hoàn Kiếm")


def entry_with_file(app, make_entry, unit_id, kind: str) -> tuple:
    """A submitted entry of the unit whose document is a canary-laden ``kind`` file."""
    sample = make_entry(unit_id=unit_id, submit=False)
    data = BUILDERS[kind]()
    assert leaks(data, kind), "the builder must plant the canary"
    with app.test_request_context():
        entry = db.session.get(Entry, sample.id)
        owner = db.session.get(User, sample.owner.id)
        entry_files.attach_document(entry, owner, data, f"{CANARY}.{kind}")
        service.submit(entry, owner, datetime.now(UTC), notify=False)
        db.session.commit()
        return sample, entry.documents[-1].id, entry.number


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_unit_focal_point_downloads_a_copy_without_the_canary(
    app, make_entry, make_user, unit_id, kind
):
    """The unit's download has no author metadata and a name made of the entry number;
    the writer and an organizer still get the file exactly as uploaded."""
    sample, document_id, number = entry_with_file(app, make_entry, unit_id, kind)
    focal = app.test_client()
    login(focal, make_user(Role.UNIT, unit_id=unit_id).email)
    copy = focal.get(f"/files/{document_id}")
    assert copy.status_code == 200
    assert leaks(copy.data, kind) == []
    disposition = copy.headers["Content-Disposition"]
    assert number in disposition and "Canary" not in disposition
    with app.app_context():
        original = path_of(db.session.get(Attachment, document_id).storage_key)
        original_bytes = original.read_bytes()
    for person in (sample.owner, make_user(Role.ORGANIZER)):
        client = app.test_client()
        login(client, person.email)
        assert client.get(f"/files/{document_id}").data == original_bytes


def test_clean_copy_is_made_on_first_request_stored_once_and_checked(
    app, make_entry, make_user, unit_id
):
    """No copy at upload (the deadline's hot path); the unit's first download makes
    it under its own content key, the second reuses it, and `files check` finds
    neither orphans nor missing files."""
    _sample, document_id, _number = entry_with_file(app, make_entry, unit_id, "odt")
    with app.app_context():
        assert db.session.get(Attachment, document_id).clean_key is None
    focal = app.test_client()
    login(focal, make_user(Role.UNIT, unit_id=unit_id).email)
    first = focal.get(f"/files/{document_id}")
    assert first.status_code == 200 and leaks(first.data, "odt") == []
    with app.app_context():
        row = db.session.get(Attachment, document_id)
        key = row.clean_key
        assert key and key != row.storage_key
        assert key in set(iter_stored_keys())
    assert focal.get(f"/files/{document_id}").data == first.data
    with app.app_context():
        assert db.session.get(Attachment, document_id).clean_key == key
        report = check_files(db.session)  # other tests' files share UPLOAD_DIR
        assert not report.missing and report.referenced == 2
        assert key not in report.orphans


@pytest.mark.parametrize("kind", ["docx", "odt", "pdf"])
def test_the_clean_copy_keeps_the_text(kind):
    """Cleaning removes metadata, not the story: the copy reads the same."""
    from contest.documents import extract_document
    from contest.documents.clean_copy import SUFFIXES, clean_copy

    mime = next(m for m, s in SUFFIXES.items() if s == "." + kind)
    cleaned = extract_document(clean_copy(BUILDERS[kind](), mime), f"x.{kind}").text
    for paragraph in docfactory.VI_PARAGRAPHS[1:]:
        assert paragraph in cleaned


def mp4_box(kind: bytes, payload: bytes) -> bytes:
    """One MP4 box: 32-bit size, four-letter type, payload."""
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


def canary_mp4() -> bytes:
    """A tiny MP4: ftyp, moov with mvhd and a udta/©ART naming the canary, mdat."""
    artist = mp4_box(b"\xa9ART", CANARY.encode())
    moov = mp4_box(b"moov", mp4_box(b"mvhd", bytes(100)) + mp4_box(b"udta", artist))
    return (
        mp4_box(b"ftyp", b"isom\x00\x00\x02\x00isom")
        + moov
        + mp4_box(b"mdat", bytes(64))
    )


def ebml(element: int, payload: bytes) -> bytes:
    """One EBML element with an 8-byte size."""
    ident = element.to_bytes((element.bit_length() + 7) // 8, "big")
    return ident + (0x01 << 56 | len(payload)).to_bytes(8, "big") + payload


def canary_webm() -> bytes:
    """A tiny WebM: EBML header, a segment with Info/Title, Tags and a cluster."""
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    info = ebml(0x1549A966, ebml(0x7BA9, CANARY.encode()) + ebml(0x4D80, b"mux"))
    tags = ebml(
        0x1254C367,
        ebml(0x7373, ebml(0x45A3, b"ARTIST") + ebml(0x4487, CANARY.encode())),
    )
    cluster = ebml(0x1F43B675, ebml(0xE7, b"\x00") + bytes(10))
    return header + ebml(0x18538067, info + tags + cluster)


@pytest.mark.parametrize(
    ("mime", "build"), [("video/mp4", canary_mp4), ("video/webm", canary_webm)]
)
def test_a_video_reaches_the_unit_without_its_metadata(
    app, make_entry, make_user, unit_id, mime, build
):
    """A press work's video: the unit gets it with the metadata blanked (same length,
    so it still plays), the writer gets the upload."""
    from contest.documents.videometa import strip_video_metadata

    data = build()
    cleaned = strip_video_metadata(data, mime)
    assert len(cleaned) == len(data) and CANARY.encode() not in cleaned
    assert strip_video_metadata(cleaned, mime) == cleaned  # still a walkable file
    sample = make_entry(unit_id=unit_id)
    with app.test_request_context():
        entry = db.session.get(Entry, sample.id)
        owner = db.session.get(User, sample.owner.id)
        video = entry_files.attach_video(
            entry, owner, data, f"{CANARY}.v", max_bytes=10**6
        )
        db.session.commit()
        video_id = video.id
    focal = app.test_client()
    login(focal, make_user(Role.UNIT, unit_id=unit_id).email)
    assert focal.get(f"/files/{video_id}").data == cleaned
    writer = app.test_client()
    login(writer, sample.owner.email)
    assert writer.get(f"/files/{video_id}").data == data


def test_a_photo_inside_a_pdf_loses_its_exif():
    """A phone scan placed in a PDF as a JPEG carries GPS and the owner's name in its
    EXIF: the clean copy keeps the picture without them."""
    from fpdf import FPDF

    from contest.documents.clean_copy import PDF_MIME, clean_copy

    pdf = FPDF()
    pdf.add_page()
    photo = docfactory.make_image("JPEG", (200, 100), gps=True)
    pdf.image(io.BytesIO(photo), x=10, y=10, w=100)
    data = bytes(pdf.output())
    assert docfactory.AUTHOR_NAME.encode() in data
    cleaned = clean_copy(data, PDF_MIME)
    assert docfactory.AUTHOR_NAME.encode() not in cleaned
    image = PdfReader(io.BytesIO(cleaned)).pages[0].images[0].image
    assert image.size == (200, 100) and not image.getexif()

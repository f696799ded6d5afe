"""The plain model of an administrative document in the layout of Decree 30/2020/NĐ-CP
(pure: no Flask, no database, no file format).

A document is its heading (issuing bodies, number and symbol, place and date), its
name and summary (trích yếu), the issuing authority line, the legal grounds (Căn cứ),
a body of blocks (paragraphs, articles, tables), the recipients (Nơi nhận), the
signature block, and annexes each with a heading of their own. ``docx_writer`` and
``pdf_writer`` turn the same model into Word and PDF, so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from contest.textnorm import nfc

__all__ = [
    "Annex",
    "Article",
    "Chart",
    "Heading",
    "OfficialDocument",
    "Paragraph",
    "Signer",
    "Table",
    "administrative_date",
    "place_and_date",
]

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def administrative_date(day: date) -> str:
    """ "ngày 05 tháng 10 năm 2026": days below 10 and months below 3 get a zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_and_date(place: str, day: date) -> str:
    """ "Hà Nội, ngày 05 tháng 10 năm 2026"."""
    return f"{nfc(place).strip() or 'Hà Nội'}, {administrative_date(day)}"


@dataclass(frozen=True)
class Heading:
    """The heading block: issuing bodies on the left, national title on the right."""

    parent_body: str  # the body above the issuer, upper case ("" when none)
    issuer: str  # the issuing body, printed bold upper case
    number: str  # "05/QĐ-BTC"
    place: str
    day: date


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text (first line indented, justified)."""

    text: str
    bold: bool = False
    italic: bool = False
    centred: bool = False


@dataclass(frozen=True)
class Article:
    """ "Điều 1. …": the article label is bold, its text follows."""

    number: int
    text: str
    points: tuple[str, ...] = ()  # sub-paragraphs of the article


@dataclass(frozen=True)
class Table:
    """A table: headings, rows, column widths in mm; group and total rows are bold.

    ``groups`` maps a row index to a heading printed across the table before it (a
    track or a tier); ``totals`` are rows printed bold after the body.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    align: tuple[str, ...] = ()  # "L", "C" or "R" per column
    groups: tuple[tuple[int, str], ...] = ()
    totals: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Chart:
    """A grouped bar chart: one bar per series for each label (e.g. two years)."""

    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]  # (name, one value per label)


@dataclass(frozen=True)
class Signer:
    """The signature block: authority (TM./KT.), position, and the signer's name."""

    position: str  # "TRƯỞNG BAN"
    name: str
    authority: str = ""  # "TM. BAN TỔ CHỨC"


@dataclass(frozen=True)
class Annex:
    """An annex with its own heading: "PHỤ LỤC", its title, the note tying it to the
    document ("Kèm theo Quyết định số …"), then blocks."""

    label: str  # "PHỤ LỤC" or "PHỤ LỤC I"
    title: str
    note: str
    blocks: tuple[Paragraph | Table, ...]
    landscape: bool = True


Block = Paragraph | Article | Table | Chart


@dataclass(frozen=True)
class OfficialDocument:
    """A whole document; ``kind_name`` is "QUYẾT ĐỊNH", "DANH SÁCH", "CÔNG VĂN" …"""

    heading: Heading
    kind_name: str
    summary: str  # trích yếu: "Về việc trao giải …"
    body: tuple[Block, ...]
    signer: Signer
    authority_line: str = ""  # "TRƯỞNG BAN TỔ CHỨC CUỘC THI …" before Căn cứ
    grounds: tuple[str, ...] = ()  # "Căn cứ …;" lines
    enacting: str = ""  # "QUYẾT ĐỊNH:" between the grounds and the articles
    recipients: tuple[str, ...] = ()
    annexes: tuple[Annex, ...] = field(default=())
    landscape: bool = False
    title: str = ""  # document metadata (PDF title, Word core properties)
    # Signers printed side by side before ``signer`` (a payment list's preparer and
    # accountant); when set, the block has no recipients column.
    cosigners: tuple[Signer, ...] = ()
    # A letter (công văn) has no name line: its summary is printed "V/v …" under the
    # number, and it is addressed "Kính gửi: …" to these.
    addressees: tuple[str, ...] = ()

    @property
    def is_letter(self) -> bool:
        """A công văn: no document name, the summary under the number."""
        return not self.kind_name

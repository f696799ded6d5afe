"""What every official document of an edition says about who issues it (pure).

``Issuer`` holds the edition's document settings as plain values: the bodies in the
heading, the symbol after the number ("QĐ-BTC"), the place, the signer, the legal
grounds and the standing recipients. ``PrizeMoney`` maps (track, tier) to an amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from contest.exports.official.layout import Signer
from contest.textnorm import nfc
from judging.awards.core import Tier

__all__ = ["Issuer", "PrizeMoney", "contest_name", "quoted"]

_QUOTES = "\"'“”„‟«»‘’「」"


def quoted(title: str) -> str:
    """A title in curly quotes, once: quotes the writer typed are not doubled."""
    bare = nfc(title).strip()
    while len(bare) >= 2 and bare[0] in _QUOTES and bare[-1] in _QUOTES:
        bare = bare[1:-1].strip()
    return f"“{bare}”"


def contest_name(title: str, year: int) -> str:
    """ "Cuộc thi … năm 2026", without repeating a year the title already has."""
    title = nfc(title).strip()
    return title if str(year) in title else f"{title} năm {year}"


@dataclass(frozen=True)
class Issuer:
    """The issuing body, its signer and its usual wording, for one edition."""

    parent_body: str = "UBND THÀNH PHỐ HÀ NỘI"
    name: str = "BAN TỔ CHỨC CUỘC THI"
    symbol: str = "BTC"  # after the document kind: "QĐ-BTC", "GCN-BTC"
    place: str = "Hà Nội"
    signer: Signer = field(
        default_factory=lambda: Signer("TRƯỞNG BAN", "", "TM. BAN TỔ CHỨC")
    )
    authority_title: str = "TRƯỞNG BAN TỔ CHỨC CUỘC THI"
    short_name: str = "Ban Tổ chức Cuộc thi"  # "… của Ban Tổ chức Cuộc thi"
    grounds: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()

    def number(self, seq: int, kind: str) -> str:
        """ "05/QĐ-BTC": the register number, padded to two digits, and the symbol."""
        return f"{seq:02d}/{kind}-{self.symbol}"


@dataclass(frozen=True)
class PrizeMoney:
    """The amount (đồng) of one prize of each tier in each track (by track name)."""

    amounts: Mapping[tuple[str, Tier], int] = field(default_factory=dict)

    def of(self, track: str, tier: Tier) -> int:
        """The amount of a prize, 0 when none is set."""
        return int(self.amounts.get((track, Tier(tier)), 0))

    @property
    def any(self) -> bool:
        """True when some prize carries money."""
        return any(value > 0 for value in self.amounts.values())

"""Winner notifications: the placeholders of the organizers' email templates.

Pure (no Flask, no database). A template is plain text with placeholders in braces,
``{ten_tac_gia}``; each audience (the winners themselves, or the focal points of
their units) has its own set. ``problems`` lists what is wrong with a text (an
unknown placeholder, a brace left open) so that the form can say it next to the
field; ``render`` fills a text that has no problem. Nothing else is interpreted:
the values are inserted as they are, never evaluated (unlike ``str.format``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from judging.awards.core import TIER_LABELS_VI, Tier

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class Audience(StrEnum):
    """Who a notice is written for."""

    WINNER = "winner"  # one email per author of an awarded entry
    UNIT = "unit"  # one email per focal point of a unit with winners


PLACEHOLDERS: Mapping[Audience, tuple[str, ...]] = MappingProxyType(
    {
        Audience.WINNER: ("ten_tac_gia", "ten_bai", "giai", "bang", "cuoc_thi"),
        Audience.UNIT: ("ten_don_vi", "so_giai", "danh_sach_giai", "cuoc_thi"),
    }
)

# The texts an edition starts with (Vietnamese: they are what recipients read).
DEFAULTS: Mapping[Audience, tuple[str, str]] = MappingProxyType(
    {
        Audience.WINNER: (
            "Thông báo kết quả {cuoc_thi}",
            "Kính gửi {ten_tac_gia},\n\n"
            "Ban Tổ chức trân trọng thông báo: bài dự thi «{ten_bai}» của bạn đạt "
            "{giai} – Bảng {bang} của {cuoc_thi}.\n\n"
            "Ban Tổ chức sẽ thông báo thời gian và địa điểm lễ trao giải.\n\n"
            "Trân trọng,\nBan Tổ chức",
        ),
        Audience.UNIT: (
            "Kết quả {cuoc_thi}: {so_giai} giải của đơn vị",
            "Kính gửi {ten_don_vi},\n\n"
            "Ban Tổ chức trân trọng thông báo các bài dự thi của đơn vị đạt giải "
            "trong {cuoc_thi}:\n\n{danh_sach_giai}\n\n"
            "Đề nghị đơn vị thông báo tới các tác giả.\n\n"
            "Trân trọng,\nBan Tổ chức",
        ),
    }
)


@dataclass(frozen=True)
class Problem:
    """What is wrong in a template: ``unknown`` placeholder or ``unclosed`` brace."""

    kind: str
    name: str = ""


def problems(text: str, allowed: Iterable[str]) -> list[Problem]:
    """The problems of a template text, in the order they appear (none when valid)."""
    known = set(allowed)
    found: list[Problem] = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if name not in known and Problem("unknown", name) not in found:
            found.append(Problem("unknown", name))
    if "{" in PLACEHOLDER.sub("", text) or "}" in PLACEHOLDER.sub("", text):
        found.append(Problem("unclosed"))
    return found


def render(text: str, values: Mapping[str, str]) -> str:
    """Fill the placeholders of a valid text; an unknown one is left as typed."""
    return PLACEHOLDER.sub(
        lambda match: values.get(match.group(1).strip(), match.group(0)), text
    )


def prize_name(tier: str) -> str:
    """The Vietnamese name of a prize: "Giải Nhì"."""
    return f"Giải {TIER_LABELS_VI[Tier(tier)]}"


def prize_line(tier: str, track: str, title: str, authors: Iterable[str]) -> str:
    """One line of a unit's list: "- Giải Nhì – Bảng Bài viết: «Tên bài» (Tác giả)"."""
    names = ", ".join(authors)
    by = f" ({names})" if names else ""
    return f"- {prize_name(tier)} – Bảng {track}: «{title}»{by}"

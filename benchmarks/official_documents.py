"""How long the official documents take to render and how big they are, for an
edition of the usual size: 40 prizes in two tracks (60 authors with co-authors).

Run: .venv/bin/python benchmarks/official_documents.py  (prints one JSON object)
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from contest.exports.official.docx_writer import render_docx
from contest.exports.official.layout import Signer
from contest.exports.official.pdf_writer import render_pdf
from judging.awards.core import Tier
from judging.awards.exports.data import AwardRow, EditionInfo
from judging.official.core.award_decision import award_decision
from judging.official.core.blanks import overlay_pdf
from judging.official.core.certificates import (
    certificate_list,
    certificates_docx,
    certificates_pdf,
)
from judging.official.core.context import Issuer, PrizeMoney
from judging.official.core.payment import payment_list

TRACKS = ("Bài viết", "Tác phẩm báo chí")
COUNTS = {Tier.DAC_BIET: 1, Tier.NHAT: 2, Tier.NHI: 4, Tier.BA: 5, Tier.KHUYEN_KHICH: 8}


def rows() -> list[AwardRow]:
    out = []
    for order, track in enumerate(TRACKS):
        rank = 0
        for tier, count in COUNTS.items():
            for _ in range(count):
                rank += 1
                authors = (f"Nguyễn Thị Hương {order}-{rank}",)
                if rank % 2:
                    authors += (f"Trần Văn Dũng {order}-{rank}",)
                out.append(
                    AwardRow(
                        rank, tier, f"Người giữ lửa cho bản làng số {rank}", authors,
                        "UBND phường Hàng Bạc, quận Hoàn Kiếm", ("Bà Nguyễn Thị Hoa",),
                        track, f"HN2026-{order}{rank:04d}", track_order=order,
                    )
                )  # fmt: skip
    return out


def timed(function, *args, **kwargs) -> tuple[float, int]:
    start = time.perf_counter()
    data = function(*args, **kwargs)
    return round(time.perf_counter() - start, 3), len(data)


def main() -> None:
    awards = rows()
    issuer = Issuer(signer=Signer("TRƯỞNG BAN", "Lê Hồng Sơn", "TM. BAN TỔ CHỨC"))
    money = PrizeMoney(
        {(t, tier): 1_000_000 * (5 - i) for t in TRACKS for i, tier in enumerate(Tier)}
    )
    info = EditionInfo("Cuộc thi viết về gương điển hình tiên tiến", 2026, "BTC")
    day = date(2026, 10, 5)
    decision = award_decision(
        info, awards, issuer=issuer, number="05/QĐ-BTC", day=day, money=money
    )
    payment = payment_list(
        info.title,
        2026,
        awards,
        issuer=issuer,
        number="06/DS-BTC",
        day=day,
        money=money,
    )
    certificates = certificate_list(awards, 7, issuer, "gcn")
    figures = {"prizes": len(awards), "certificates": len(certificates)}
    for name, (function, *args) in {
        "decision_docx": (render_docx, decision),
        "decision_pdf": (render_pdf, decision),
        "payment_pdf": (render_pdf, payment),
        "certificates_pdf": (certificates_pdf, certificates, issuer, info.title, day, "gcn"),
        "certificates_docx": (certificates_docx, certificates, issuer, info.title, day, "gcn"),
        "blanks_pdf": (overlay_pdf, certificates, day, 0.0, 0.0),
    }.items():  # fmt: skip
        seconds, size = timed(function, *args)
        figures[name] = {"seconds": seconds, "bytes": size}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Benchmark of the identity scan (judging.identity.core.scan); prints one JSON object.

Measures the CPU time to scan one 2,000-word entry for its authors' identity (names,
phones, emails, units, declared addresses and pen names, author lines, signatures,
contacts and street/village addresses), and what that means for the organizers'
identity-scan page, which scans every entry of the edition on each load (2,500
entries is a large city edition). Medians of several runs of CPU time, so that other
work on the machine weighs less.

Run: ``.venv/bin/python benchmarks/identity_scan.py [--runs 5] [--entries 2500]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from judging.identity.core import Identity, scan
from tests.docfactory import lorem_vi

AUTHOR = {
    "names": ("Lê Văn An", "Trần Thị Bình"),
    "phones": ("0912 345 678",),
    "emails": ("le.van.an@example.vn",),
    "units": ("Trường THCS Thành Công",),
}
DECLARED = {
    "addresses": ("Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào, quận Hoàn Kiếm",),
    "pen_names": ("Hoài Sương, Mây Trắng",),
}
TAIL = (
    "\n\nNhà ở Số 77 ngõ 12 phố Hàng Bạc, phường Hàng Đào; về quê ở thôn Đông, xã "
    "Tiên Phong.\n\nTác giả: Lê Văn An – 0912 345 678"
)


def cpu_ms(action, repeat: int, runs: int) -> float:
    """Median CPU milliseconds of one ``action`` over ``runs`` runs of ``repeat``."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        for _ in range(repeat):
            action()
        samples.append((time.process_time() - start) / repeat * 1000)
    return round(statistics.median(samples), 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=2500)
    args = parser.parse_args()
    text = "\n\n".join(lorem_vi(2000, seed=3)) + TAIL
    plain = Identity(**AUTHOR)
    full = Identity(**AUTHOR, **DECLARED)
    hits = len(scan(text, full))
    without = cpu_ms(lambda: scan(text, plain), 40, args.runs)
    declared = cpu_ms(lambda: scan(text, full), 40, args.runs)
    print(
        json.dumps(
            {
                "entry_words": 2000,
                "hits_found": hits,
                "scan_cpu_ms": {
                    "no_declared_address_or_pen_name": without,
                    "with_declared_address_and_pen_names": declared,
                },
                "identity_page_cpu_seconds_for_edition": round(
                    declared * args.entries / 1000, 2
                ),
                "entries": args.entries,
                "runs": args.runs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()

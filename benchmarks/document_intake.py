"""Benchmark of the document intake; prints one JSON object.

Measures: time to refuse a ~300 KB .docx declaring 250 MB (zip bomb), time to
extract a 2,000-word .docx / .pdf / .odt end to end (sniff, zip checks, sandboxed
child, cleaning), the child process overhead (a "ping" reader that parses nothing),
and the parent's peak memory (before and after the measurements: the file
builders themselves import python-docx, odfpy, fpdf2…). Medians of several runs.

Run: ``.venv/bin/python benchmarks/document_intake.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contest.documents import (
    DEFAULT_LIMITS,
    DocumentRejected,
    IntakeError,
    extract_document,
)
from contest.documents.sandbox import run_worker
from tests import docfactory


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``action`` over ``runs`` runs, in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4)


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (children are separate processes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def refuse_bomb(data: bytes) -> None:
    """Run the intake on the bomb and check it is refused for the right reason."""
    try:
        extract_document(data, "bom.docx")
    except DocumentRejected as error:
        assert error.code is IntakeError.ZIP_BOMB, error
        return
    raise AssertionError("zip bomb accepted")


def main() -> None:
    """Build the files, time each step, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    bomb = docfactory.make_zip_bomb_docx(250)
    text = docfactory.lorem_vi(2000)
    files = {
        "docx": docfactory.make_docx(text),
        "odt": docfactory.make_odt(text),
    }
    if docfactory.have_unicode_font():
        files["pdf"] = docfactory.make_pdf(text)

    rss_after_building = peak_rss_mib()
    report: dict[str, object] = {
        "zip_bomb": {
            "file_bytes": len(bomb),
            "declared_unpacked_bytes": 250 << 20,
            "reject_seconds": median_seconds(lambda: refuse_bomb(bomb), runs),
        },
        "child_overhead_seconds": median_seconds(
            lambda: run_worker("ping", b"", DEFAULT_LIMITS), runs
        ),
    }
    extraction = {}
    for kind, data in files.items():
        words = extract_document(data).word_count
        extraction[kind] = {
            "file_bytes": len(data),
            "words": words,
            "seconds": median_seconds(lambda data=data: extract_document(data), runs),
        }
    report["extract_2000_words"] = extraction
    report["parent_peak_rss_mib"] = {
        "after_building_test_files": rss_after_building,
        "after_all_measurements": peak_rss_mib(),
    }
    report["machine"] = {"cpus": os.cpu_count(), "note": "shared with other engineers"}
    report["runs"] = runs
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

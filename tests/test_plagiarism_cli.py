"""`flask plagiarism check-dir`: an organizer checks a folder of real entry files.

The folder holds real .docx/.pdf/.odt/.txt files (tests/docfactory) made from the demo
stories: an entry resubmitted in another format, a paragraph lifted from one story
into another, two honest stories about blood donors, and damaged files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import docfactory as f
from tests.plagiarism_eval import load_stories

pytestmark = pytest.mark.skipif(
    not f.have_unicode_font(), reason="needs the DejaVu font for Vietnamese PDFs"
)

PASSAGE_KEYS = {"a_start", "a_end", "b_start", "b_end", "quoted", "a_text", "b_text"}


def paragraphs(sid: str) -> list[str]:
    """The paragraphs of one demo story."""
    return load_stories()[sid]["text"].split("\n\n")


def lifted_copy() -> list[str]:
    """Story s03 with the third paragraph of s01 slipped in after its second one."""
    host = paragraphs("s03")
    return [*host[:2], paragraphs("s01")[2], *host[2:]]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of entries: one resubmission, one lifted paragraph, two honest ones,
    one damaged .docx and a note that is not an entry."""
    files = {
        "s21-goc.odt": f.make_odt(paragraphs("s21")),
        "s21-nop-lai.txt": f.make_txt("\n\n".join(paragraphs("s21"))),
        "s01-nguon.docx": f.make_docx(paragraphs("s01")),
        "s03-chep.pdf": f.make_pdf(lifted_copy()),
        "s02-trung-thuc.txt": f.make_txt("\n\n".join(paragraphs("s02"))),
        "s05-trung-thuc.docx": f.make_docx(paragraphs("s05")),
        "hong.docx": f.make_docx()[:700],  # truncated upload
        "ghi-chu.md": b"not an entry",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_json_lists_the_copied_pairs_best_first(runner, folder: Path) -> None:
    """The resubmission comes first, the lifted paragraph second, honest pairs never;
    every pair carries its shares and passages with short excerpts."""
    result = runner.invoke(args=["plagiarism", "check-dir", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)
    assert [{p["a"], p["b"]} for p in pairs] == [
        {"s21-goc.odt", "s21-nop-lai.txt"},
        {"s01-nguon.docx", "s03-chep.pdf"},
    ]
    resubmitted, lifted = pairs
    assert resubmitted["score"] > 0.95
    assert 0.15 < lifted["score"] < 0.35
    assert lifted["score"] == max(lifted["a_share"], lifted["b_share"])
    for pair in pairs:
        assert pair["passages"]
        for passage in pair["passages"]:
            assert set(passage) >= PASSAGE_KEYS
            assert passage["a_start"] < passage["a_end"]
            assert len(passage["a_text"]) <= 160
    (copied,) = lifted["passages"]
    opening = " ".join(paragraphs("s01")[2].split()[:6])
    assert opening in copied["a_text"] and opening in copied["b_text"]
    assert copied["quoted"] is False
    assert "hong.docx: corrupt_file" in result.stderr  # not in the JSON


def test_table_ranks_pairs_and_lists_unreadable_files(runner, folder: Path) -> None:
    """Without --json the organizer reads a table, then the files that were refused."""
    result = runner.invoke(args=["plagiarism", "check-dir", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == [
        "a",
        "b",
        "kind",
        "score",
        "a_share",
        "b_share",
        "passages",
    ]
    assert {"s21-goc.odt", "s21-nop-lai.txt"} <= set(lines[1].split())
    assert {"s01-nguon.docx", "s03-chep.pdf"} <= set(lines[2].split())
    assert "1 of 7 files could not be read:" in lines[3]
    assert lines[4].strip() == "hong.docx: corrupt_file"
    assert "trung-thuc" not in result.stdout
    assert "ghi-chu.md" not in result.stdout


def test_threshold_keeps_only_the_stronger_copies(runner, folder: Path) -> None:
    """--threshold 0.5 keeps the resubmission and drops the lifted paragraph."""
    args = ["plagiarism", "check-dir", str(folder), "--json", "--threshold", "0.5"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert [{p["a"], p["b"]} for p in json.loads(result.stdout)] == [
        {"s21-goc.odt", "s21-nop-lai.txt"}
    ]


@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_honest_folder_reports_no_suspicious_pairs(
    runner, tmp_path: Path, as_json: bool
) -> None:
    """Two honest stories about blood donors: exit code 0, "no suspicious pairs"."""
    (tmp_path / "a.txt").write_bytes(f.make_txt("\n\n".join(paragraphs("s02"))))
    (tmp_path / "b.docx").write_bytes(f.make_docx(paragraphs("s05")))
    args = ["plagiarism", "check-dir", str(tmp_path)] + (["--json"] if as_json else [])
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    if as_json:
        assert json.loads(result.stdout) == []
        assert "no suspicious pairs" in result.stderr
    else:
        assert "no suspicious pairs" in result.stdout


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("hong.docx", f.make_docx()[:700], "corrupt_file"),
        ("scan.pdf", f.make_image_pdf(), "needs_typing"),
        ("cu.txt", f.make_txt("Bài viết về ông Hòa.", "cp1258"), "text_encoding"),
        ("rong.txt", b"", "empty_document"),
        ("doi-ten.pdf", b"MZ\x90\x00" + bytes(200), "unsupported_type"),
    ],
)
def test_unreadable_file_is_listed_with_its_code(
    runner, tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    """A damaged, scanned or mis-encoded file is named with the reason, no crash."""
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_bytes(f.make_txt())
    result = runner.invoke(args=["plagiarism", "check-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"{name}: {code}" in result.stdout
    assert "no suspicious pairs among 1 readable files" in result.stdout


def test_progress_goes_to_stderr_and_json_stays_clean(runner, tmp_path: Path) -> None:
    """A large folder shows progress on stderr; stdout is still one JSON document."""
    stories = load_stories()
    for sid in sorted(stories)[:12]:
        (tmp_path / f"{sid}.txt").write_bytes(f.make_txt(stories[sid]["text"]))
    (tmp_path / "copy.txt").write_bytes(f.make_txt(stories["s07"]["text"]))
    result = runner.invoke(args=["plagiarism", "check-dir", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    assert [{p["a"], p["b"]} for p in json.loads(result.stdout)] == [
        {"copy.txt", "s07.txt"}
    ]
    assert "Reading files" in result.stderr
    assert "Comparing" in result.stderr


def test_missing_folder_is_a_usage_error(runner, tmp_path: Path) -> None:
    """A mistyped folder name is refused with click's usage error, not a traceback."""
    result = runner.invoke(args=["plagiarism", "check-dir", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "does not exist" in result.output

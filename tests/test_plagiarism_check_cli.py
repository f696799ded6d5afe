"""`flask plagiarism index-dir` and `flask plagiarism check`: one new file or folder
checked against a saved index or against an edition's saved index, in milliseconds,
without rescanning everything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judging.plagiarism.services import checks as plagiarism
from tests.plagiarism_eval import load_stories
from tests.plagiarism_fixtures import add_entry, run_queued_jobs

STORIES = load_stories(archive=True)
SIDS = sorted(STORIES)[:12]


@pytest.fixture(autouse=True)
def similarity_dir(app, tmp_path):
    """Each test keeps its edition indexes in its own folder."""
    app.config["SIMILARITY_DIR"] = str(tmp_path / "similarity")


@pytest.fixture
def saved_index(runner, tmp_path: Path) -> Path:
    """Twelve published stories indexed with `flask plagiarism index-dir`."""
    folder = tmp_path / "published"
    folder.mkdir()
    for sid in SIDS:
        (folder / f"{sid}.txt").write_text(STORIES[sid]["text"], encoding="utf-8")
    index_file = tmp_path / "published.npz"
    result = runner.invoke(
        args=["plagiarism", "index-dir", str(folder), str(index_file)]
    )
    assert result.exit_code == 0, result.output
    assert "12 files indexed" in result.output
    return index_file


def _lifted(sid: str) -> str:
    """A new story with the second paragraph of story ``sid`` slipped in."""
    host = STORIES[SIDS[-1]]["text"].split("\n\n")
    return "\n\n".join([host[0], STORIES[sid]["text"].split("\n\n")[1], *host[1:]])


def test_one_file_is_checked_against_a_saved_index(runner, saved_index, tmp_path):
    """The organizer sees the published story the new file copies from, as JSON."""
    new = tmp_path / "bai-moi.txt"
    new.write_text(_lifted(SIDS[0]), encoding="utf-8")
    args = ["plagiarism", "check", str(new), "--index", str(saved_index), "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)
    sources = {p["b"] for p in pairs if p["a"] == "bai-moi.txt"}
    assert f"{SIDS[0]}.txt" in sources
    (lifted,) = [p for p in pairs if p["b"] == f"{SIDS[0]}.txt"]
    assert lifted["kind"] == "copy" and lifted["passages"]


def test_a_folder_is_checked_file_by_file(runner, saved_index, tmp_path):
    """Each file of a folder is checked; an honest one reports nothing."""
    folder = tmp_path / "moi"
    folder.mkdir()
    (folder / "chep.txt").write_text(_lifted(SIDS[1]), encoding="utf-8")
    honest = sorted(STORIES)[-1]
    (folder / "trung-thuc.txt").write_text(STORIES[honest]["text"], encoding="utf-8")
    result = runner.invoke(
        args=["plagiarism", "check", str(folder), "--index", str(saved_index)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["a", "b", "kind"]
    assert any(line.split()[:2] == ["chep.txt", f"{SIDS[1]}.txt"] for line in lines)
    assert "trung-thuc.txt" not in result.stdout


def test_a_file_that_is_not_an_index_gets_a_clear_message(runner, tmp_path):
    """A wrong --index file is refused with a message, not a traceback."""
    bogus = tmp_path / "not-an-index.npz"
    bogus.write_bytes(b"PK\x03\x04 not really")
    new = tmp_path / "a.txt"
    new.write_text("Một bài viết.", encoding="utf-8")
    result = runner.invoke(
        args=["plagiarism", "check", str(new), "--index", str(bogus)]
    )
    assert result.exit_code == 1
    assert "not a similarity index" in result.output


def test_exactly_one_source_of_comparison_is_required(runner, saved_index, tmp_path):
    """Giving neither or both of --index and --edition is a usage error."""
    new = tmp_path / "a.txt"
    new.write_text("Một bài viết.", encoding="utf-8")
    neither = runner.invoke(args=["plagiarism", "check", str(new)])
    index = ["--index", str(saved_index)]
    both = runner.invoke(
        args=["plagiarism", "check", str(new), *index, "--edition", "1"]
    )
    assert neither.exit_code == both.exit_code == 2
    assert "exactly one of --index and --edition" in neither.output


def test_a_file_is_checked_against_an_editions_saved_index(
    app, runner, make_edition, make_user, tmp_path
):
    """After a scan, a paper entry typed in later is checked against the edition."""
    from contest.models import Role

    edition_id = make_edition()
    writer = make_user(Role.WRITER, full_name="Lê Văn Thật")
    before = runner.invoke(
        args=["plagiarism", "check", str(tmp_path), "--edition", str(edition_id)]
    )
    assert before.exit_code == 1
    assert "no saved index yet" in before.output
    for sid in SIDS[:3]:
        add_entry(
            app, edition_id, writer.id, title=sid, text=STORIES[sid]["text"], author="A"
        )
    run_queued_jobs(app)
    with app.app_context():
        plagiarism.full_scan(edition_id)
    new = tmp_path / "giay.txt"
    new.write_text(_lifted(SIDS[2]), encoding="utf-8")
    args = ["plagiarism", "check", str(new), "--edition", str(edition_id), "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)
    assert pairs and pairs[0]["a"] == "giay.txt" and pairs[0]["kind"] == "copy"

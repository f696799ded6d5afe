"""Export the vietnews corpus (fetched as a bare git directory) as plain .txt files.

The corpus (github.com/ThanhChinhBK/vietnews) stores word-segmented articles: words
joined by "_", punctuation spaced out. This writes each of the first ``--limit``
train articles (sorted by path) as ``NNNNNN.txt`` with the words split back and the
punctuation re-attached, ready for benchmarks/plagiarism_real.py. Never commit the
output: it is third-party text.

    python -m benchmarks.plagiarism_real_export GIT_DIR OUT_DIR [--limit 40000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

FOLDER = "data/train_tokenized/"


def plain(text: str) -> str:
    """Segmented text back to ordinary Vietnamese writing."""
    text = text.replace("_", " ")
    text = re.sub(r" ([,.;:!?…)\]])", r"\1", text)
    text = re.sub(r"([(\[]) ", r"\1", text)
    return text.replace("“ ", "“").replace(" ”", "”")


def main() -> None:
    """Write the articles."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("git_dir")
    ap.add_argument("out", type=Path)
    ap.add_argument("--limit", type=int, default=40000)
    args = ap.parse_args()
    git = ["git", f"--git-dir={args.git_dir}"]
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "--name-only", "HEAD", FOLDER],
        capture_output=True,
        text=True,
        check=True,
    )
    names = sorted(listing.stdout.split())[: args.limit]
    args.out.mkdir(parents=True, exist_ok=True)
    cat = subprocess.Popen(
        [*git, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    for name in names:
        cat.stdin.write(f"HEAD:{name}\n".encode())
        cat.stdin.flush()
        size = int(cat.stdout.readline().split()[2])
        data = cat.stdout.read(size)
        cat.stdout.read(1)
        target = args.out / Path(name).name.replace(".txt.seg", ".txt")
        target.write_text(plain(data.decode("utf-8")), encoding="utf-8")
    cat.stdin.close()
    cat.wait()
    print(f"{len(names)} articles written to {args.out}")


if __name__ == "__main__":
    main()

"""Wall-clock stack sampling inside a gunicorn worker (py-spy ``--idle`` without py-spy).

``start(folder)`` runs a daemon thread that, every ``interval`` seconds, reads the
Python stack of every other thread of the process (``sys._current_frames``), waiting
ones included, and counts each stack; every few seconds it rewrites
``<folder>/wall-<pid>.txt`` in the collapsed format of flame graphs (one line per
stack, ``thread;frame;frame;… count``, outermost frame first). A thread blocked in C
(``select``, a socket read, psycopg waiting for the server) shows the Python frame
that called it, so the samples say where a request *waits*, not only where it burns
CPU. ``gunicorn.conf.py`` starts it in each worker when ``WALL_SAMPLE_DIR`` is set
(``benchmarks/capacity_waits.py`` does); ``summarize`` reads the files back.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

HOME = str(Path(__file__).resolve().parents[1])


def _frame_name(frame) -> str:
    code = frame.f_code
    path = code.co_filename
    if path.startswith(HOME):
        path = path[len(HOME) + 1 :]
    elif "site-packages/" in path:
        path = path.split("site-packages/", 1)[1]
    elif "/lib/python" in path:
        path = "stdlib/" + path.rsplit("/", 1)[1]
    return f"{path}:{code.co_name}:{frame.f_lineno}"


def _stack(frame) -> str:
    names = []
    while frame is not None:
        names.append(_frame_name(frame))
        frame = frame.f_back
    return ";".join(reversed(names))


class Sampler(threading.Thread):
    """The sampling thread (see the module docstring)."""

    def __init__(self, folder: Path, interval: float = 0.005) -> None:
        super().__init__(name="wall-sampler", daemon=True)
        self.folder, self.interval = folder, interval
        self.counts: Counter[str] = Counter()
        self.samples = 0

    def run(self) -> None:
        me = threading.get_ident()
        names = {}
        last_dump = time.monotonic()
        while True:
            time.sleep(self.interval)
            self.samples += 1
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                if ident not in names:
                    names.update((t.ident, t.name) for t in threading.enumerate())
                name = names.get(ident, str(ident)).split("_", 1)[0]
                self.counts[f"{name};{_stack(frame)}"] += 1
            if time.monotonic() - last_dump > 3:
                self.dump()
                last_dump = time.monotonic()

    def dump(self) -> None:
        path = self.folder / f"wall-{os.getpid()}.txt"
        partial = path.with_suffix(".part")
        lines = [f"# samples {self.samples} interval {self.interval}"]
        lines += [f"{stack} {n}" for stack, n in self.counts.most_common()]
        partial.write_text("\n".join(lines) + "\n")
        partial.replace(path)


def start(folder: str | os.PathLike, interval: float = 0.005) -> Sampler:
    """Start sampling this process into `folder`."""
    sampler = Sampler(Path(folder), interval)
    sampler.folder.mkdir(parents=True, exist_ok=True)
    sampler.start()
    return sampler


def read(folder: Path) -> Counter[str]:
    """Every worker's collapsed stacks, summed."""
    total: Counter[str] = Counter()
    for path in Path(folder).glob("wall-*.txt"):
        for line in path.read_text().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            stack, _, n = line.rpartition(" ")
            total[stack] += int(n)
    return total

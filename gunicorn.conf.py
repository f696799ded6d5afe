"""gunicorn settings read from the working directory (`gunicorn wsgi:app` run in the
checkout picks this file up by itself; `-c` names another).

- Each worker warms up (contest.warmup) once the app is loaded and before it
  accepts its first connection, so a worker started in the middle of a surge
  answers its first requests as fast as the others.
- Each worker serves `threads` requests at once (gunicorn's gthread worker), not one.
  A request spends most of its time waiting, not computing: for PostgreSQL (one
  round trip per statement), for the document reader's child (.docx of a writer's
  save, 250-500 ms) and for a core. With one request per worker (sync), a judge's
  score save queued behind the writers' saves and submits in the listen backlog
  while the workers waited (#8 mix at scale 0.2, `gunicorn -w 4`: a mean 141-1,176
  ms of waiting for a free worker per score save); with 4 threads per worker that
  wait is 8-55 ms, for the same CPU per request (docs/profiles/README.md, "Where
  the app servers wait"). What a request touches is safe to share between
  threads: the SQLAlchemy session is per request, the reader zygote locks, the
  in-process caches only get/set. Each worker holds up to `threads` PostgreSQL
  connections (the pool keeps 5), so count 4 per worker against max_connections. A
  gthread worker's heartbeat comes from its main loop: gunicorn's 30 s `timeout`
  no longer ends one stuck request (nginx answers 504 after 60 s; the document
  reader has its own deadline). `--threads 1` on the command line brings the sync
  worker back.
- Workers, bind address and the rest stay on the command line (README: deploy).

For benchmarks only: with WALL_SAMPLE_DIR set, each worker also samples its own
threads' stacks (waiting ones included) into that folder
(benchmarks/_wall_sampler.py, read by benchmarks/capacity_waits.py).
"""

import os
import sys
from pathlib import Path

# gthread workers (a `threads` above 1 with the default worker class means gthread).
threads = 4


def post_worker_init(worker) -> None:
    """Warm the worker's app (mappers, templates, catalogs, database, reader)."""
    from flask import Flask

    from contest.warmup import warm_up

    app = getattr(worker, "wsgi", None)
    if isinstance(app, Flask):
        warm_up(app)
    folder = os.environ.get("WALL_SAMPLE_DIR")
    if folder:
        sys.path.insert(0, str(Path(__file__).resolve().parent / "benchmarks"))
        from _wall_sampler import start

        start(folder)

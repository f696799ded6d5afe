"""gunicorn settings read from the working directory (`gunicorn wsgi:app` run in the
checkout picks this file up by itself; `-c` names another).

Only what the command line does not say: each worker warms up (contest.warmup)
once the app is loaded and before it accepts its first connection, so a worker
started in the middle of a surge answers its first requests as fast as the others.
Workers, bind address and the rest stay on the command line (README: deploy).
"""


def post_worker_init(worker) -> None:
    """Warm the worker's app (mappers, templates, catalogs, database, reader)."""
    from flask import Flask

    from contest.warmup import warm_up

    app = getattr(worker, "wsgi", None)
    if isinstance(app, Flask):
        warm_up(app)

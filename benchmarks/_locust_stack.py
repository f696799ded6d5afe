"""The stack that the Locust benchmarks load, started and stopped as one object.

``LocustStack`` is the set-up of ``stack_load.py`` (``_stack_infra``,
``_stack_seed``, ``_surge_server``, ``_surge_procs``, ``_stack_nginx``): a
throw-away PostgreSQL cluster and Redis on free ports, the schema from the
migrations, data from the app's services (optionally a published results edition
for the public page), ``app_servers`` × ``gunicorn -w workers`` with one
environment (``threads`` per worker: gunicorn.conf.py's unless given), one ``flask jobs worker`` and nginx (or the stdlib proxy) in front,
its upstream listing every app server. ``stop()`` tears everything down, also
after a failed start.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _stack_infra import (
    PgCluster,
    Proxy,
    RedisServer,
    cpu_now,
    snapshot_code,
    stop_stack,
    use_threads,
)
from _stack_nginx import NginxProxy
from _stack_report import workers_kind
from _stack_seed import seed, seed_results
from _surge_procs import Gunicorn, JobsWorker, app_servers
from _surge_server import build_schema, make_instance, setup_app


class LocustStack:
    """PostgreSQL, Redis, N app servers, the jobs worker and the proxy of one run."""

    def __init__(
        self, servers: int, workers: int, proxy: str, say, threads: int | None = None
    ) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="locust-load-"))
        self.count, self.workers, self.proxy_kind, self.say = (
            servers,
            workers,
            proxy,
            say,
        )
        self.threads = threads  # per worker; None: gunicorn.conf.py's
        self.cluster, self.redis = PgCluster(), RedisServer()
        self.servers: list[Gunicorn] = []
        self.worker: JobsWorker | None = None
        self.proxy = None
        self.app = None
        self.setup: dict = {}
        self.public_path = "/"

    def start(self, writers: int, judges: int, entries: int, results: bool) -> None:
        """Start everything, seed `writers` and `judges` accounts over `entries`
        pre-seeded entries (and, with `results`, a published results edition)."""
        began = time.monotonic()
        snapshot_code(self.root / "code")
        self.cluster.init()
        self.redis.start()
        instance = make_instance(
            "postgres", self.root, self.cluster.url, self.redis.url
        )
        instance.env |= {
            "RATELIMIT_STORAGE_URI": self.redis.url,
            "LOGIN_RATE_LIMIT_PER_ACCOUNT": "1000 per minute",
            "TRUSTED_PROXIES": "1",
        }
        self.threads = use_threads(instance.env, self.threads)
        self.app = setup_app(instance)
        build_schema(instance, self.app)
        self.say(f"seeding: {writers} writers, {judges} judges, {entries} entries")
        self.setup = seed(self.app, writers, max(3, judges), 2, entries, 3)
        if results:
            try:
                self.public_path = f"/editions/{seed_results(self.app)}/results"
            except Exception as error:  # no results page: the landing page
                self.say(f"no published results edition: {type(error).__name__}")
        self.servers = app_servers(instance, self.count, self.workers)
        for server in self.servers:
            server.start()
        self.worker = JobsWorker(instance)
        self.worker.start()
        chosen = NginxProxy if self.proxy_kind == "nginx" else Proxy
        self.proxy = chosen([s.port for s in self.servers], self.root)
        self.proxy.start()
        self.say(
            f"stack up in {time.monotonic() - began:.0f} s: {self.count} × gunicorn "
            f"-w {self.workers} --threads {self.threads} behind {self.proxy.kind} on port {self.proxy.port}"
        )

    @property
    def description(self) -> str:
        """What ran, in a few words (for the JSON)."""
        return (
            f"{self.count} × gunicorn -w {self.workers} ({workers_kind(self.threads or 1)})"
            f" behind {self.proxy_kind}"
            "; private PostgreSQL 15 and Redis; 1 RQ jobs worker; all on one machine"
        )

    def cpu(self) -> dict:
        """CPU seconds so far (see ``_stack_infra.cpu_now``), PostgreSQL included."""
        return cpu_now(self.servers, self.worker, self.proxy, self.cluster)

    def stop(self, keep: bool) -> None:
        """Stop whatever started; keep the run's folder when asked."""
        stop_stack(
            self.proxy,
            self.worker,
            self.servers,
            self.redis,
            self.cluster,
            self.root,
            keep,
        )

"""The stack benchmark's own servers: a throw-away PostgreSQL, a Redis, the proxy.

Nothing shared is touched: PostgreSQL 15 is a fresh cluster (`initdb` in a temporary
folder owned by the `postgres` user, on 127.0.0.1 at a free port, socket in that
folder), so the PostgreSQL drill restarts *this* server, not the machine's one that
other people's tests use; Redis is our own `redis-server` (no persistence) on a free
port, so the Redis drill stops only it. Each is stopped (and its folder removed) by
`stop()`, which is safe to call twice and after a failure. The stdlib proxy
(``_stack_proxy``) stands in for nginx (``_stack_nginx``) where nginx is not
installed or with ``--proxy python``. Also: the CPU time of the run's processes
(``cpu_now``; PostgreSQL's too) and the code snapshot the servers run (``snapshot_code``).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _surge_procs import free_port, tree_cpu_seconds, wait_listening

PG_BIN = Path("/usr/lib/postgresql/15/bin")
HERE = Path(__file__).resolve().parent
REPO = HERE.parent  # the working tree (snapshot_code points the servers elsewhere)


def _as_postgres(
    command: list[str], timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the `postgres` user (initdb refuses root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(
        prefix + command, capture_output=True, text=True, timeout=timeout, check=False
    )


class PgCluster:
    """A private PostgreSQL cluster for one run."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="stack-pg-"))
        self.data = self.folder / "data"
        self.started = False

    @property
    def url(self) -> str:
        """The admin URL (user postgres, trust on loopback)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        """initdb (trust auth, UTF-8) and start."""
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        done = _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            timeout=120,
        )
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip()[-400:]}")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.folder}'\nmax_connections = 200\n"
                "fsync = on\nshared_buffers = 128MB\n"
            )
        self.start()

    def start(self) -> float:
        """Start and wait until it accepts connections; seconds it took."""
        began = time.monotonic()
        done = _as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ]
        )
        if done.returncode:
            raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()[-400:]}")
        self.started = True
        return time.monotonic() - began

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (fast: roll back open transactions, close connections)."""
        if not self.started:
            return
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop"]
        )
        self.started = False

    def cpu_seconds(self) -> float:
        """CPU time of the postmaster and its live backends (and those it reaped)."""
        try:
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return 0.0
        return tree_cpu_seconds(pid)

    def destroy(self) -> None:
        """Stop (whatever state it is in) and delete the cluster."""
        try:
            self.started = self.started or (self.data / "postmaster.pid").exists()
            self.stop("immediate")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class RedisServer:
    """`redis-server` on a free loopback port, no persistence, in the foreground."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """Database 0 of our own server (nobody else uses it)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start and wait for PONG."""
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            ping = subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"],
                capture_output=True,
                text=True,
                check=False,
            )
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        """Stop our server (SIGTERM to its pid, a kill if it hangs)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Proxy:
    """The round-robin proxy (`_stack_proxy.py`) as a process of its own."""

    kind = "python"

    def __init__(self, backends: list[int], folder: Path) -> None:
        self.port, self.backends = free_port(), backends
        self.stats_path = folder / "proxy-stats.json"
        self.log_path = folder / "proxy.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start and wait until it listens."""
        command = [sys.executable, str(HERE / "_stack_proxy.py")]
        command += ["--listen", str(self.port), "--stats", str(self.stats_path)]
        for port in self.backends:
            command += ["--backend", str(port)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_listening(self.port, self.process, f"proxy (see {self.log_path})")

    def stats(self) -> dict:
        """The proxy's counters (retries, down marks, 502s, answers per backend)."""
        import http.client
        import json

        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            connection.request("GET", "/__proxy/stats")
            return json.loads(connection.getresponse().read())
        except (OSError, ValueError):
            return {"unavailable": True}

    def cpu_seconds(self) -> float:
        """CPU time the proxy process used so far."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:13]) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM (it writes its counters), a kill if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def kill_hard(pid: int) -> list[int]:
    """SIGKILL a gunicorn master and its workers (its session/group): their pids."""
    victims = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            victims.append(int(stat.parent.name))
    os.killpg(pid, signal.SIGKILL)  # started with start_new_session: group == master
    return victims


def cpu_now(servers: list, worker, proxy: Proxy, cluster=None) -> dict:
    """CPU seconds so far: the app servers, the jobs worker, the proxy, PostgreSQL
    (with `cluster`), this process, the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    fields = [int(x) for x in Path("/proc/stat").read_text().split()[1:9]]
    busy = (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")
    return {
        "app_servers_s": sum(s.cpu_seconds() for s in servers),
        "jobs_worker_s": worker.cpu_seconds(),
        "proxy_s": proxy.cpu_seconds(),
        **({"postgres_s": cluster.cpu_seconds()} if cluster is not None else {}),
        "load_generator_s": usage.ru_utime + usage.ru_stime,
        "machine_busy_s": busy,
    }


def snapshot_code(target: Path) -> None:
    """Run the servers from a copy of the code taken now (not the live working tree):
    colleagues edit the tree while the benchmark runs; an instance restarted in a
    drill must run the same code as the others, not a half-saved change."""
    import _surge_procs
    import _surge_server

    skip = shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.pyc", "tests", "instance"
    )
    shutil.copytree(REPO, target, ignore=skip, symlinks=True)  # not a past snapshot
    _surge_procs.REPO = _surge_server.REPO = target


def stop_stack(proxy, worker, servers, redis, cluster, root: Path, keep: bool) -> None:
    """Stop everything a run started (whatever of it started), in front-to-back
    order, and remove its folder unless asked to keep it."""
    if proxy is not None:
        proxy.stop()
    if worker is not None:
        worker.stop()
    for server in servers:
        server.stop()
    redis.stop()
    cluster.destroy()
    if not keep:
        shutil.rmtree(root, ignore_errors=True)


def configured_threads() -> int:
    """The `threads` of gunicorn.conf.py: what `gunicorn wsgi:app` run in the checkout
    uses when the command line does not say (1: sync workers; more: gthread)."""
    import runpy

    return int(runpy.run_path(str(REPO / "gunicorn.conf.py")).get("threads", 1))


def use_threads(env: dict, threads: int | None) -> int:
    """Have the app servers started with `env` run `threads` per worker (None: what
    gunicorn.conf.py says), through GUNICORN_CMD_ARGS (gunicorn's command-line
    arguments from the environment, which win over the file, also for 1); the
    threads per worker they will run."""
    if threads is None:
        return configured_threads()
    env["GUNICORN_CMD_ARGS"] = f"{env.get('GUNICORN_CMD_ARGS', '')} --threads {threads}"
    return threads


def pick_proxy(chosen: str) -> str:
    """`--proxy auto`: nginx when installed (as in deploy/), else the Python proxy."""
    if chosen != "auto":
        return chosen
    return "nginx" if shutil.which("nginx") else "python"


def run_and_print(parse, run) -> None:
    """A stack benchmark's main: parse, run, print the report as JSON. SIGTERM (e.g.
    `timeout`) unwinds like Ctrl-C, so `run` stops what it started."""
    import json

    args = parse()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    report = run(args)
    print(
        json.dumps(report, ensure_ascii=False, indent=2 if args.pretty else None),
        flush=True,
    )

"""The processes of a surge run: gunicorn (``app_servers``: N of them with one
environment) and, with RQ, `flask jobs worker`.

Both start in their own session with the instance's environment, log to a file in
the run's folder, report the CPU time they used (from /proc), and stop with SIGTERM
to our own process only (a kill if they hang).
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from _surge_server import REPO, VENV_BIN, Instance


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process and all its live descendants, each with the children
    it reaped (utime, stime, cutime, cstime from /proc)."""
    times: dict[int, int] = {}
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = sum(int(x) for x in fields[11:15])
    tree, grew = {root}, True
    while grew:
        found = {pid for pid, ppid in parents.items() if ppid in tree} - tree
        grew = bool(found)
        tree |= found
    return sum(times.get(pid, 0) for pid in tree) / os.sysconf("SC_CLK_TCK")


def wait_listening(port: int, process: subprocess.Popen, what: str) -> None:
    """Wait (10 s at most) until something accepts connections on the port; raise
    with `what` (where to look) if the process exits first or nothing listens."""
    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


class Gunicorn:
    """`gunicorn -w N [--threads T] -b 127.0.0.1:PORT wsgi:app` with the instance's
    environment (T > 1: gunicorn's gthread workers, T requests at once per worker)."""

    def __init__(self, instance: Instance, workers: int, threads: int = 1) -> None:
        self.instance, self.workers, self.port = instance, workers, free_port()
        self.threads = threads
        self.process: subprocess.Popen | None = None

    def start(self, wait: float = 90.0) -> None:
        """Start and wait until every worker has booted and /healthz answers."""
        log = self.instance.log_path.open("wb")
        command = [
            str(VENV_BIN / "gunicorn"),
            "-w",
            str(self.workers),
            *(["--threads", str(self.threads)] if self.threads > 1 else []),
            "-b",
            f"127.0.0.1:{self.port}",
            "wsgi:app",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.instance.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.instance.log_path}")
            booted = self.instance.log_path.read_text(errors="replace").count(
                "Booting worker"
            )
            if booted >= self.workers and self._healthy():
                return
            time.sleep(0.3)
        raise RuntimeError(
            f"gunicorn not ready after {wait} s; see {self.instance.log_path}"
        )

    def _healthy(self) -> bool:
        import http.client

        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            connection.request("GET", "/healthz")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def cpu_seconds(self) -> float:
        """CPU time of the master and every live descendant (workers, their document
        reader zygotes), each with the children it reaped (the readers)."""
        return tree_cpu_seconds(self.process.pid) if self.process else 0.0

    def stop(self) -> None:
        """Graceful stop (SIGTERM to our master only), then a kill if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def app_servers(instance, count: int, workers: int, threads: int = 1) -> list:
    """`count` gunicorn instances (not started) with the instance's environment; the
    first logs in the instance's folder, the others in sub-folders b, c, …"""
    servers = []
    for i in range(count):
        own = instance
        if i:
            own = dataclasses.replace(instance, root=instance.root / chr(ord("a") + i))
            own.root.mkdir(exist_ok=True)
        servers.append(Gunicorn(own, workers, threads))
    return servers


class JobsWorker:
    """`flask jobs worker` next to gunicorn (RQ mode), logging to jobs.log."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the worker process."""
        log = (self.instance.root / "jobs.log").open("wb")
        command = [str(VENV_BIN / "flask"), "--app", "wsgi", "jobs", "worker"]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.instance.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def cpu_seconds(self) -> float:
        """CPU time of the worker process (and the children it reaped)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        fields = stat.rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """SIGTERM (RQ finishes its current job first), then a kill if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

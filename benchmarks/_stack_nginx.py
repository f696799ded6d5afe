"""nginx in front of the stack benchmark's app servers, with the production config.

``NginxProxy`` renders ``deploy/nginx.conf.template`` (the file production uses) with
the backend ports (one ``server`` line of ``upstream contest`` per app server, 1 or
more: ``upstream_for``) and a free loopback port into ``<run folder>/nginx/``, wraps it
in the main context that Debian's ``/etc/nginx/nginx.conf`` gives in production
(``worker_processes auto``: one worker per core, as there; nginx's CPU is small next
to the app's either way), with the pid file, logs, cache and temp folders inside
that folder, and runs ``nginx -p <folder> -c <folder>/nginx.conf -g 'daemon off;'``
as a process of ours (as ``www-data`` when we are root, like Debian's workers). The
machine's nginx service and ``/etc/nginx`` are never touched (only mime.types is
read). Same interface as ``_stack_infra.Proxy``: ``start()``, ``stop()``, ``port``,
``stats()``, ``cpu_seconds()``; the counters come from nginx's logs (access log:
where each request went, the cache status; error log: refused connections, backends
marked down), under the Python proxy's names plus ``cache:<STATUS>``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

from _surge_procs import free_port, tree_cpu_seconds, wait_listening

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "deploy" / "nginx.conf.template"
PLACEHOLDER = re.compile(r"@[A-Z][A-Z0-9_]*@")
CACHED = ("HIT", "STALE", "UPDATING", "REVALIDATED")  # served from the cache
ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) \S+[^"]*" (?P<status>\d{3}) .*? '
    r'up="(?P<up>[^"]*)" ups="(?P<ups>[^"]*)" cache=(?P<cache>\S+) '
)
ERROR_EVENTS = (  # error-log text → counter (the Python proxy's names)
    ("(111: Connection refused) while connecting to upstream", "connect_failed"),
    ("upstream timed out", "timed_out"),
    ("upstream prematurely closed connection", "failed_after_send"),
    ("(104: Connection reset by peer) while reading response", "failed_after_send"),
    ("no live upstreams", "no_live_upstreams"),
)
DISABLED = re.compile(
    r'upstream server temporarily disabled.*?upstream: "[^"]*?:(\d+)/'
)
MAIN_CONF = """# The main context of Debian's /etc/nginx/nginx.conf, for one benchmark run.
worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    {types}
    default_type application/octet-stream;
    sendfile on;
    access_log off;
    client_body_temp_path {folder}/tmp/body;
    proxy_temp_path {folder}/tmp/proxy;
    fastcgi_temp_path {folder}/tmp/fastcgi;
    uwsgi_temp_path {folder}/tmp/uwsgi;
    scgi_temp_path {folder}/tmp/scgi;
    include {folder}/contest.conf;
}}
"""


def render(template: str, values: dict[str, str]) -> str:
    """The template with each ``@NAME@`` replaced (comment lines are left as they are).

    Raises ValueError if a placeholder outside a comment has no value.
    """
    lines = []
    for line in template.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            line = PLACEHOLDER.sub(lambda m: values.get(m.group(0)[1:-1], m[0]), line)
            left = PLACEHOLDER.search(line)
            if left:
                raise ValueError(f"no value for {left.group(0)} in: {line.strip()}")
        lines.append(line)
    return "".join(lines)


def upstream_for(template: str, backends: list[str]) -> str:
    """The template with its ``server @APP_SERVER_A@ …`` line repeated once per backend
    (same options) and the ``@APP_SERVER_B@`` line dropped: 1 to N app servers."""
    lines = []
    for line in template.splitlines(keepends=True):
        if "@APP_SERVER_B@" in line and not line.lstrip().startswith("#"):
            continue
        if "@APP_SERVER_A@" in line and not line.lstrip().startswith("#"):
            lines += [line.replace("@APP_SERVER_A@", b) for b in backends]
            continue
        lines.append(line)
    return "".join(lines)


def cache_hit_share(stats: dict) -> float | None:
    """Share of the cacheable (public) requests answered from the cache, or None."""
    looked_up = sum(v for k, v in stats.items() if k.startswith("cache:"))
    served = sum(stats.get(f"cache:{status}", 0) for status in CACHED)
    return round(served / looked_up, 3) if looked_up else None


class NginxProxy:
    """Our own nginx process on a free loopback port, in front of `backends`."""

    kind = "nginx"

    def __init__(self, backends: list[int], folder: Path) -> None:
        self.port, self.backends = free_port(), backends
        self.run_folder = folder
        self.folder = folder / "nginx"
        self.process: subprocess.Popen | None = None

    def _write_config(self) -> Path:
        """Render the site config and the main file into our folder; the main file."""
        for sub in ("tmp", "cache"):
            (self.folder / sub).mkdir(parents=True, exist_ok=True)
        import _surge_procs  # the code snapshot the app servers run, if one was taken

        static = Path(_surge_procs.REPO) / "contest" / "static"
        backends = [f"127.0.0.1:{port}" for port in self.backends]
        site = render(
            upstream_for(TEMPLATE.read_text(), backends),
            {
                "LISTEN": f"127.0.0.1:{self.port}",
                "SERVER_NAME": "localhost 127.0.0.1",
                "STATIC_ROOT": str(static),
                "CACHE_DIR": str(self.folder / "cache"),
                "LOG_DIR": str(self.folder),
            },
        )
        (self.folder / "contest.conf").write_text(site)
        types = Path("/etc/nginx/mime.types")
        main = self.folder / "nginx.conf"
        main.write_text(
            MAIN_CONF.format(
                folder=self.folder,
                types=f"include {types};" if types.exists() else "",
            )
        )
        return main

    def _as_www_data(self) -> dict:
        """Popen arguments that drop root to www-data (its folder handed over to it)."""
        if os.geteuid() != 0:
            return {}
        user = "www-data"
        try:
            shutil.chown(self.folder, user, user)
        except LookupError:
            user = "nobody"
            shutil.chown(self.folder, user)
        for path in self.folder.rglob("*"):
            shutil.chown(path, user, None if user == "nobody" else user)
        # The run folder (mkdtemp: 0700) must be passable to reach ours and the code's
        # static files; it stays unlistable.
        self.run_folder.chmod(0o711)
        group = "nogroup" if user == "nobody" else user
        return {"user": user, "group": group, "extra_groups": []}

    def start(self) -> None:
        """Check the config (`nginx -t`), start in the foreground, wait until it listens."""
        main = self._write_config()
        command = ["nginx", "-p", str(self.folder), "-c", str(main)]
        drop = self._as_www_data()
        test = subprocess.run(
            [*command, "-t"], capture_output=True, text=True, check=False, **drop
        )
        if test.returncode:
            raise RuntimeError(f"nginx -t failed: {test.stderr.strip()[-600:]}")
        with (self.folder / "nginx.out").open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "-g", "daemon off;"],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                **drop,
            )
        wait_listening(self.port, self.process, f"nginx (see {self.folder}/error.log)")

    def stats(self) -> dict:
        """Counters so far: answers per backend, retries, 502/504s, failures, cache."""
        stats: Counter = Counter()
        access = self.folder / "contest.access.log"
        text = access.read_text(errors="replace") if access.exists() else ""
        for found in ACCESS_LINE.finditer(text):
            method, status = found["method"], found["status"]
            stats["requests"] += 1
            tried = [a.strip() for a in found["up"].split(",") if a.strip() != "-"]
            if len(tried) > 1:
                stats[f"retried:{method}"] += 1
            last_status = found["ups"].split(",")[-1].strip()
            if status in ("502", "504"):
                stats[f"{status}:{method}"] += 1
            elif tried and last_status.isdigit():
                stats[f"ok:{tried[-1].rsplit(':', 1)[-1]}"] += 1
            if found["cache"] != "-":
                stats[f"cache:{found['cache']}"] += 1
        for log in ("contest.error.log", "error.log"):
            path = self.folder / log
            errors = path.read_text(errors="replace") if path.exists() else ""
            for mark, key in ERROR_EVENTS:
                if count := errors.count(mark):
                    stats[key] += count
            for port in DISABLED.findall(errors):
                stats[f"marked_down:{port}"] += 1
        return dict(stats)

    def cpu_seconds(self) -> float:
        """CPU time of the master and its workers (cache manager and loader too)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        return tree_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        """SIGTERM to the master (fast shutdown); its whole group killed if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)  # its own session: its group
            self.process.wait()

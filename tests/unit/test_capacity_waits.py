"""What benchmarks/capacity_waits.py reports must be right: the wait for a free worker
is nginx's upstream time less the time inside gunicorn for the same request id, and
the worker samples split into idle, in a request (by what it waits on) and other."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _wall_sampler import read
from capacity_waits import queueing, worker_report

NGINX = (
    '127.0.0.1 [2026-12-07T21:42:22+00:00] "{method} {path} HTTP/1.1" 200 35 '
    'rid={rid} up="127.0.0.1:1" ups="200" cache=- rt={rt} urt="{urt}"\n'
)


def test_the_wait_for_a_worker_is_upstream_time_less_app_time(tmp_path):
    nginx, app = tmp_path / "nginx.log", tmp_path / "gunicorn.log"
    nginx.write_text(
        NGINX.format(method="GET", path="/skipped", rid="r0", rt="1", urt="1")
        + NGINX.format(method="POST", path="/judge/entries/AB12/score", rid="r1", rt="0.300", urt="0.300")
        + NGINX.format(method="POST", path="/judge/entries/CD34/score", rid="r2", rt="0.050", urt="0.050")
        + NGINX.format(method="GET", path="/judge/entries/AB12", rid="r3", rt="0.1", urt="0.1")
        + NGINX.format(method="GET", path="/", rid="r4", rt="0.001", urt="-")  # cached
    )  # fmt: skip
    app.write_text(
        '- GET "/healthz" 200 900\n'
        'r1 POST "/judge/entries/AB12/score" 200 100000\n'
        'r2 POST "/judge/entries/CD34/score" 200 50000\n'
        'r3 GET "/judge/entries/AB12" 200 40000\n'
    )
    found = queueing(nginx, [app], since_line=1)
    assert set(found) == {"judge_save", "judge_open"}
    save = found["judge_save"]
    assert save["n"] == 2
    assert save["queue_mean_ms"] == 100.0  # (200 + 0) / 2
    assert save["queue_p95_ms"] == 200.0
    assert found["judge_open"]["queue_p50_ms"] == 60.0


def test_worker_samples_idle_busy_and_what_the_request_waits_on(tmp_path):
    sync_idle = "MainThread;gunicorn/arbiter.py:run:1;gunicorn/workers/sync.py:wait:2"
    in_db = (
        "MainThread;gunicorn/workers/sync.py:handle_request:3;"
        "contest/access.py:load_user:24;sqlalchemy/orm/scoping.py:get:5;"
        "psycopg/connection.py:wait:6"
    )
    pooled_idle = (
        "ThreadPoolExecutor-0;stdlib/thread.py:_worker:7;stdlib/queue.py:get:8"
    )
    heartbeat = "wall-sampler;stdlib/threading.py:run:9"
    (tmp_path / "wall-1.txt").write_text(
        f"# samples 10 interval 0.005\n{sync_idle} 6\n{in_db} 3\n{heartbeat} 1\n"
    )
    (tmp_path / "wall-2.txt").write_text(f"{pooled_idle} 2\n")
    before = Counter({sync_idle: 2})
    report = worker_report(before, read(tmp_path), top=3)
    assert report["samples_idle"] == 4 + 2
    assert report["samples_in_request"] == 3
    assert report["in_request"] == {"postgres round trip": 1.0}
    assert report["top_frames"][0]["frame"].startswith("contest/access.py:load_user:24")
    assert report["other_thread_samples"] == 1

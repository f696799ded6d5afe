"""Every pure module loads neither Flask nor SQLAlchemy nor the app, at run time.

The import-linter contract "pure-cores" (.importlinter) checks the import statements;
this test checks what importing each module really loads, in a bare interpreter: each
module is imported in its own child process, forked from a parent that has imported
nothing but the standard library, so no module is helped or hidden by another.

The modules are every module of every feature's core (``judging/<feature>/core.py`` or
``judging/<feature>/core/``) and every module of the platform listed in the contract.
"""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Top-level packages a pure module must not load, and the app's own modules.
FORBIDDEN_ROOTS = {
    "flask",
    "flask_babel",
    "flask_login",
    "flask_sqlalchemy",
    "flask_wtf",
    "sqlalchemy",
    "wtforms",
}
FORBIDDEN_APP = ("contest.app", "contest.extensions", "contest.models")

# Runs in a bare interpreter: forks one child per module (a few at a time); each child
# imports its module and reports the forbidden modules then loaded.
DRIVER = r"""
import json, os, sys

roots, app, modules, jobs = json.loads(sys.stdin.read())
roots = set(roots)


def pulled():
    return sorted(
        m for m in sys.modules
        if m.split(".")[0] in roots or any(m == a or m.startswith(a + ".") for a in app)
    )


assert not pulled(), pulled()
results, running, queue = {}, {}, list(modules)
while queue or running:
    while queue and len(running) < jobs:
        name = queue.pop(0)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            try:
                __import__(name)
                found = pulled()  # 40 names at most: the pipe is read after the exit
                more = [f"... {len(found)} in all"] if len(found) > 40 else []
                out = {"pulled": found[:40] + more}
            except BaseException as exc:  # report, never hang the parent
                out = {"error": f"{type(exc).__name__}: {exc}"}
            os.write(write, json.dumps(out).encode())
            os._exit(0)
        os.close(write)
        running[pid] = (name, read)
    pid, _ = os.wait()
    name, read = running.pop(pid)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    results[name] = json.loads(b"".join(chunks) or b'{"error": "no report"}')
print(json.dumps(results))
"""


def _modules_of(name: str) -> list[str]:
    """``name`` and, for a package, every module below it (from the files)."""
    path = ROOT.joinpath(*name.split("."))
    if path.with_suffix(".py").is_file():
        return [name]
    assert (path / "__init__.py").is_file(), f"{name} is neither a module nor a package"
    found = []
    for file in sorted(path.rglob("*.py")):
        parts = file.relative_to(ROOT).with_suffix("").parts
        found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def _contract_sources() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    sources = config["importlinter:contract:pure-cores"]["source_modules"]
    return sources.split()


def _feature_cores() -> list[str]:
    return sorted(
        f"judging.{path.parent.name}.core"
        for path in [*ROOT.glob("judging/*/core.py"), *ROOT.glob("judging/*/core")]
    )


PURE_MODULES = sorted(
    {m for name in {*_contract_sources(), *_feature_cores()} for m in _modules_of(name)}
)


@pytest.fixture(scope="module")
def loaded() -> dict[str, dict]:
    """Per module: the forbidden modules importing it loaded (or the error)."""
    jobs = max(2, min(8, 2 * (os.cpu_count() or 1)))
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps([sorted(FORBIDDEN_ROOTS), FORBIDDEN_APP, PURE_MODULES, jobs]),
        capture_output=True,
        text=True,
        cwd=ROOT,  # ``-c`` puts the working directory first on sys.path
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_feature_core_is_in_the_contract():
    """A new feature's core is checked by import-linter too, not only here."""
    assert set(_feature_cores()) <= set(_contract_sources())


@pytest.mark.parametrize("module", PURE_MODULES)
def test_importing_loads_no_flask_sqlalchemy_or_app(loaded, module):
    report = loaded[module]
    assert "error" not in report, report["error"]
    assert report["pulled"] == [], f"{module} loads {report['pulled']}"

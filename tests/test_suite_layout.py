"""The test suite's own floor plan: no module of tests/ imports a test module.

Shared helpers live in tests/conftest.py, in fixture modules (tests/*_fixtures.py,
tests/e2e/journey_fixtures.py) or other helper modules not named test_*.py. A helper
found in another feature's test module ties the two together: moving, renaming or
splitting one breaks the other, and a newcomer cannot tell helpers from tests.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def module_name(path: Path, root: Path) -> str:
    """The dotted name of a file under the tests folder (tests/e2e/x.py → tests.e2e.x)."""
    return ".".join((root.name, *path.relative_to(root).with_suffix("").parts))


def imported_modules(node: ast.AST, package: list[str]) -> list[str]:
    """The dotted names an import statement may load, relative imports resolved
    against ``package``; ``from a import b`` names both ``a`` and ``a.b``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            parent = package[: len(package) - node.level + 1]
            base = ".".join([*parent, *([base] if base else [])])
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return []


def is_test_module(name: str) -> bool:
    """A dotted name of (or inside) a test_*.py module of tests/."""
    parts = name.split(".")
    return parts[0] == "tests" and any(p.startswith("test_") for p in parts[1:])


def cross_imports(root: Path = TESTS) -> list[str]:
    """``file:line imports module`` for every import of a test module by another
    module of the suite (test, conftest or helper; at the top or inside a function)."""
    problems = []
    for path in sorted(root.rglob("*.py")):
        own = module_name(path, root)
        package = own.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            others = [
                name
                for name in imported_modules(node, package)
                if is_test_module(name)
                and name.split(".")[: len(package) + 1] != own.split(".")
            ]
            if others:
                where = path.relative_to(root.parent).as_posix()
                problems.append(f"{where}:{node.lineno} imports {others[0]}")
    return sorted(problems)


def test_no_module_of_the_suite_imports_a_test_module():
    """Move a helper two test modules share into conftest.py or a fixture module."""
    assert cross_imports() == []


def test_the_check_finds_every_form_of_import(tmp_path):
    """Absolute, from-package, aliased and relative imports of a test module are all
    caught, in test and helper modules alike; fixture modules and the library are
    not."""
    root = tmp_path / "tests"
    (root / "e2e").mkdir(parents=True)
    (root / "test_a.py").write_text(
        "import tests.test_b\n"
        "from tests import test_c as c\n"
        "from tests.test_d import helper\n"
        "from .test_e import helper\n"
        "from tests.judging_fixtures import add_judge\n"
        "import pytest\n",
        encoding="utf-8",
    )
    (root / "e2e" / "test_f.py").write_text(
        "from ..test_g import x\nfrom .journey_fixtures import log_in\n",
        encoding="utf-8",
    )
    (root / "helpers.py").write_text("from tests.test_h import x\n", encoding="utf-8")

    assert cross_imports(root) == [
        "tests/e2e/test_f.py:1 imports tests.test_g",
        "tests/helpers.py:1 imports tests.test_h",
        "tests/test_a.py:1 imports tests.test_b",
        "tests/test_a.py:2 imports tests.test_c",
        "tests/test_a.py:3 imports tests.test_d",
        "tests/test_a.py:4 imports tests.test_e",
    ]

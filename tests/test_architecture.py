"""The floor plan stays true: docs/ARCHITECTURE.md names every package, judging/ holds
only feature packages of one shape, and every route module is registered in the app
factory. Fast: files are read and the app is built, no database is touched."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
PLATFORM, FEATURES = "contest", "judging"
# Folders of data, not code: never packages, whatever they hold.
NOT_CODE = {"translations", "data", "static", "demo_data", "__pycache__"}

# The layers of a feature (see "The one shape of a feature" in docs/ARCHITECTURE.md).
LAYERS = {"core", "models", "services", "exports", "views", "cli"}
# Other names allowed at the top of a feature package, each with its reason; keep this
# list short and in step with docs/ARCHITECTURE.md.
ALLOWED_BESIDE_LAYERS = {
    # A feature's refusals in the user's words: raised by its services, shown by
    # other features' pages, so it cannot sit inside `views` (judging/stages).
    "messages": "the words of the feature's refusals, used by services and pages",
}


def packages(top: str) -> list[str]:
    """Dotted names of the packages under a top folder (folders with an __init__.py),
    data folders left out."""
    found = []
    for init in sorted((ROOT / top).rglob("__init__.py")):
        folder = init.parent
        parts = folder.relative_to(ROOT).parts
        if NOT_CODE & set(parts):
            continue
        found.append(".".join(parts))
    return found


def feature_names() -> list[str]:
    """The feature packages: the folders of judging/ with an __init__.py."""
    return [
        path.name
        for path in sorted((ROOT / FEATURES).iterdir())
        if path.is_dir() and (path / "__init__.py").exists()
    ]


def is_named(text: str, dotted: str) -> bool:
    """True when the text names the package by its dotted name or its path: the name
    not continued by more of a name (``contest.unit`` is not named by
    ``contest.unit_tree``, nor ``contest.exports`` by ``contest.exports.official``
    alone)."""
    return any(
        re.search(re.escape(name) + r"(?!\w)(?![./]\w)", text)
        for name in (dotted, dotted.replace(".", "/"))
    )


def covered_by_feature(dotted: str) -> bool:
    """A package inside a feature's layer (``judging.awards.views``, or deeper) is
    described by the feature's paragraph and the one shape of a feature."""
    parts = dotted.split(".")
    return parts[0] == FEATURES and len(parts) >= 3


def test_every_package_is_named_in_the_architecture_doc():
    """A newcomer finds every package of the platform and every feature on the map."""
    text = DOC.read_text(encoding="utf-8")
    missing = [
        dotted
        for dotted in packages(PLATFORM) + packages(FEATURES)
        if dotted not in (PLATFORM, FEATURES)
        and not covered_by_feature(dotted)
        and not is_named(text, dotted)
    ]
    assert missing == [], (
        "packages missing from docs/ARCHITECTURE.md (add a paragraph naming each): "
        + ", ".join(missing)
    )


def test_the_doc_names_the_two_top_packages_and_the_rule():
    """The doc states the dependency rule and where it is enforced."""
    text = DOC.read_text(encoding="utf-8")
    for needle in ("contest/", "judging/", ".importlinter", "import_route_modules"):
        assert needle in text, needle


def test_judging_holds_only_feature_packages():
    """judging/ has no loose modules: only its __init__.py and feature packages."""
    loose = [
        path.name
        for path in sorted((ROOT / FEATURES).iterdir())
        if path.name not in NOT_CODE
        and (
            (path.is_file() and path.suffix == ".py" and path.name != "__init__.py")
            or (path.is_dir() and not (path / "__init__.py").exists())
        )
    ]
    assert loose == [], f"judging/ must hold only feature packages, found: {loose}"


@pytest.mark.parametrize("feature", feature_names())
def test_each_feature_has_the_one_shape(feature):
    """A feature is made of layers (a module or a package each) and nothing else but
    the few allowed names listed above."""
    folder = ROOT / FEATURES / feature
    names = set()
    for path in folder.iterdir():
        if path.name in NOT_CODE or path.name.startswith("."):
            continue
        if path.is_file() and path.suffix == ".py" and path.name != "__init__.py":
            names.add(path.stem)
        elif path.is_dir():
            names.add(path.name)
    others = sorted(names - LAYERS - set(ALLOWED_BESIDE_LAYERS))
    assert others == [], (
        f"judging/{feature} has modules that are not layers "
        f"({', '.join(sorted(LAYERS))}): {others}; move them into a layer, or allow "
        "the name in tests/test_architecture.py with a reason and in "
        "docs/ARCHITECTURE.md"
    )


def test_the_allowed_extra_names_are_documented():
    """Every name allowed beside the layers is explained in the doc."""
    text = DOC.read_text(encoding="utf-8")
    for name in ALLOWED_BESIDE_LAYERS:
        assert f"`{name}`" in text or f"**`{name}`**" in text, name


# -- route modules ---------------------------------------------------------------------


def module_name(path: Path) -> str:
    """The dotted name of a source file (contest/unit/__init__.py → contest.unit)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def declares_routes(source: str) -> bool:
    """True when a module decorates a function with ``<something>.route(...)``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                call = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(call, ast.Attribute) and call.attr in {
                    "route",
                    "get",
                    "post",
                }:
                    return True
    return False


def route_modules_in_source() -> set[str]:
    """Every module of contest/ and judging/ that declares a route."""
    found = set()
    for top in (PLATFORM, FEATURES):
        for path in (ROOT / top).rglob("*.py"):
            if NOT_CODE & set(path.relative_to(ROOT).parts):
                continue
            if declares_routes(path.read_text(encoding="utf-8")):
                found.add(module_name(path))
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The app built as in production (every blueprint and route module), on a SQLite
    file that is never opened, and the factory's list of route modules."""
    from contest.app import create_app
    from contest.wiring import import_route_modules

    instance = tmp_path_factory.mktemp("architecture")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "architecture-test",
            "INSTANCE_PATH": str(instance),
            "UPLOAD_DIR": str(instance / "uploads"),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'unused.sqlite3'}",
            "MAIL_BACKEND": "memory",
        }
    )
    registered = {module.__name__ for module in import_route_modules()}
    return app, registered


def view_modules(app) -> dict[str, list[str]]:
    """Module → the endpoints whose view functions it defines (app code only)."""
    found: dict[str, list[str]] = {}
    for endpoint, view in app.view_functions.items():
        module = getattr(view, "__module__", "") or ""
        if module.split(".")[0] in (PLATFORM, FEATURES):
            found.setdefault(module, []).append(endpoint)
    return found


def blueprint_modules(app) -> set[str]:
    """The modules that define the app's blueprints (their own pages need no list)."""
    return {blueprint.import_name for blueprint in app.blueprints.values()}


def test_every_module_with_views_is_a_registered_route_module(built):
    """Pages come from the factory's one list (or the blueprint's own module), never
    from a module another route module happens to import."""
    app, registered = built
    unlisted = {
        module: sorted(endpoints)
        for module, endpoints in view_modules(app).items()
        if module not in registered | blueprint_modules(app)
    }
    assert unlisted == {}, (
        "add these route modules to contest.wiring.import_route_modules(): "
        f"{sorted(unlisted)}"
    )


def test_every_listed_route_module_adds_pages(built):
    """The list holds route modules only: each adds at least one page."""
    app, registered = built
    idle = registered - set(view_modules(app))
    assert idle == set(), f"listed in import_route_modules() without a page: {idle}"


def test_every_module_declaring_routes_is_registered(built):
    """A module with ``@bp.route`` that the factory never imports adds no page at all:
    every such module is listed (or is its blueprint's own module) and its pages are
    in the app."""
    app, registered = built
    declared = route_modules_in_source()
    assert declared, "no route module found: the scan is broken"
    unregistered = sorted(declared - registered - blueprint_modules(app))
    assert unregistered == [], (
        "route modules not in contest.wiring.import_route_modules(): "
        + ", ".join(unregistered)
    )
    without_pages = sorted(declared - set(view_modules(app)))
    assert without_pages == [], (
        f"route modules whose pages are missing: {without_pages}"
    )

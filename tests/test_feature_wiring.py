"""The app factory wires the features to the platform, once: their exports, their
receivers of the platform's signals and their answers to its hooks."""

from __future__ import annotations

import pytest

from contest import hooks, signals
from contest.exports import registry
from contest.wiring import register_exports, register_feature_hooks

FEATURE_EXPORTS = {
    "anthology_epub",
    "anthology_pdf",
    "award_annex",
    "award_certificates",
    "award_list",
    "collective_awards",
    "featured_people",
    "forward_cover_letter",
    "register_dossier_xlsx",
    "register_profile_pdf",
    "register_profiles_pdf",
    "round_readings",
    "round_results",
    "statistics_pdf",
}
SIGNALS = (
    signals.entry_submitted,
    signals.edition_created,
    signals.edition_cloned,
    signals.edition_archive_changed,
)
HOOKS = [value for value in vars(hooks).values() if isinstance(value, hooks.Hook)]


def test_every_feature_export_is_in_the_registry(app):
    """The documents of the features can be made by name once the app is built."""
    assert set(registry.names()) >= FEATURE_EXPORTS


def test_every_signal_and_hook_is_answered(app):
    """No announcement or question of the platform is left without a feature."""
    assert all(signal.receivers for signal in SIGNALS)
    assert HOOKS and all(hook.functions for hook in HOOKS)


def test_wiring_again_connects_nothing_twice(app):
    """A second app in the same process (the tests, a database move) does not make
    the features answer twice or their exports clash."""
    receivers = [len(signal.receivers) for signal in SIGNALS]
    functions = [len(hook.functions) for hook in HOOKS]
    register_exports()
    register_feature_hooks(app)
    assert [len(signal.receivers) for signal in SIGNALS] == receivers
    assert [len(hook.functions) for hook in HOOKS] == functions


def test_a_hook_combines_its_answers_and_vetoes():
    """Answers come in connection order; a veto is a function that raises."""
    hook = hooks.Hook("example", "a question for the test")

    def first(value):
        return {"a": value, "b": 1}

    def second(value):
        return {"b": value}

    assert hook.merged(5) == {} and hook.first(5) is None
    hook.connect(first)
    hook.connect(second)
    hook.connect(first)  # again: still once
    assert hook.merged(7) == {"a": 7, "b": 7}
    assert hook.first(7) == {"a": 7, "b": 1}
    assert hook.answers(2) == [{"a": 2, "b": 1}, {"b": 2}]

    lists = hooks.Hook("lists", "a question answered by lists")
    lists.connect(lambda value: [value])
    lists.connect(lambda value: [value, value])
    assert lists.joined(3) == [3, 3, 3]

    def refuse(value):
        raise ValueError(value)

    veto = hooks.Hook("veto", "a veto")
    veto.check(1)  # nobody refuses
    veto.connect(refuse)
    with pytest.raises(ValueError):
        veto.check(1)

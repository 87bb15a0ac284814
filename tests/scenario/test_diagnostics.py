"""How problems are counted and worded: as `backstop validate` counts them, notes aside."""

from __future__ import annotations

from game.scenario.diagnostics import Diagnostic, Severity, counted, tally


def _d(severity: Severity) -> Diagnostic:
    return Diagnostic("f.yaml", 0 if severity == "note" else 3, 1, severity, "something")


def test_notes_are_not_counted_as_warnings() -> None:
    assert tally([_d("error"), _d("error"), _d("error"), _d("warning"), _d("note")]) == \
        "3 errors and 1 warning"
    assert tally([_d("error"), _d("note")]) == "1 error"
    assert tally([_d("warning"), _d("warning")]) == "2 warnings"
    assert tally([_d("note")]) == ""


def test_counts_are_worded_without_a_bracketed_plural() -> None:
    assert [counted(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]

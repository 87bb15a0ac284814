"""`open_without_fallback`: the open clauses that leave a text unsignable."""

from __future__ import annotations

from game.core.model import Issue, Option
from game.core.scoring import open_without_fallback


def _issue(issue_id: str, if_open: str | None) -> Issue:
    return Issue(issue_id, issue_id.title(), (Option("a", "A"), Option("b", "B")), ("x",),
                 if_open=if_open)


def test_only_open_clauses_with_no_fallback_count() -> None:
    issues = (_issue("size", None), _issue("zone", None), _issue("air", "a"))
    assert open_without_fallback(issues, {"size": None, "zone": "b", "air": None}) == (
        issues[0],)
    assert open_without_fallback(issues, {}) == issues[:2]  # missing reads as open
    assert open_without_fallback(issues, {"size": "a", "zone": "a"}) == ()

"""Which of an event's effects take effect."""

from __future__ import annotations

from game.core.effects import taking_effect
from game.core.model import AdjustParty, EndGame, LockIssue, News


def test_effects_after_the_first_end_game_never_take_effect() -> None:
    lock, end, adjust = LockIssue("a", "x"), EndGame("walk-out"), AdjustParty("p", reservation=1)
    assert taking_effect((lock, end, adjust, EndGame("again"))) == (lock, end)
    assert taking_effect((News("n"), lock, adjust)) == (News("n"), lock, adjust)
    assert taking_effect(()) == ()

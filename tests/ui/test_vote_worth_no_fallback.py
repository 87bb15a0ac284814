"""The vote card's "Worth to you: A » B" when a side leaves a clause open with no fallback: that
side cannot be signed as it stands, so it is worth the walk-away. A trainer's scenario showed
"87.0 » 80.0 (–7.0 points)" in red on a proposal that made the text signable at 35 over the
walk-away: the draft's open clause had counted 0, as if the draft could be signed."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.actions import Pass, Propose
from game.core.scoring import utility, with_fallbacks
from game.core.words import signed
from game.ui.context import Context
from game.ui.layout import audit
from game.ui.scenes.private_common import points
from game.ui.scenes.vote import ProposalWorth, VoteScene, worth_words

from .conftest import make_ctx, show_ballot, start
from .test_vote_polish2 import TUTORIAL

DT = 1 / 60
ME = "ukraine"
PACKAGE = (("force_size", "about_15k"), ("us_backstop", "none"))
"""The UK's proposal: it settles the Force size, and gives up the US backstop's fallback."""


def _scenario(tmp_path: Path, *, force_size_fallback: bool) -> Path:
    """The tutorial with fallbacks for the US backstop (air power) and the zone (cities and
    ports); the Force size with one (trainers) only if `force_size_fallback`."""
    text = TUTORIAL.read_text(encoding="utf-8")
    for issue, option in (("us_backstop", "air_power"), ("zone", "cities_ports"),
                          ("force_size", "trainers_5k")):
        if issue == "force_size" and not force_size_fallback:
            continue
        head = f"  - id: {issue}\n"
        assert text.count(head) == 1
        text = text.replace(head, f"{head}    if_open: {option}\n")
    path = tmp_path / "fallbacks.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _ballot(ctx: Context, scenario: Path) -> VoteScene:
    """Ukraine's ballot on the UK's `PACKAGE`, every seat human."""
    start(ctx, scenario, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", PACKAGE))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    scene = show_ballot(ctx, ME)
    ctx.app.step([], DT)
    return scene


def _values(ctx: Context) -> tuple[float, float, float]:
    """Ukraine's utility for the draft and for the draft with `PACKAGE` (open clauses read as
    their fallback, else 0), and its walk-away."""
    assert ctx.table is not None
    view = ctx.table.view(ME)
    assert view.me is not None
    prefs = view.me.preferences
    ids = [i.id for i in view.issues]
    before = utility(prefs, with_fallbacks(view.issues, view.draft), ids)
    after = utility(prefs, with_fallbacks(view.issues, {**view.draft, **dict(PACKAGE)}), ids)
    return before, after, prefs.reservation


def _inks(ctx: Context, rect: pygame.Rect) -> set[bytes]:
    drawn = pygame.image.tobytes(ctx.app.surface.subsurface(rect), "RGB")
    return {drawn[k:k + 3] for k in range(0, len(drawn), 3)}


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0)])
def test_settling_the_last_clause_without_fallback_is_a_gain_over_the_walk_away(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        scene = _ballot(ctx, _scenario(tmp_path, force_size_fallback=False))
        before, after, walk = _values(ctx)
        # the case the trainer saw: counting the open clause 0, the draft read as worth more
        assert before > after > walk
        worth = scene.layout["p1.worth"]
        assert f"walk-away {walk:g}" in worth.text and "no deal yet" in worth.text
        assert f"» {points(after)} ({signed(after - walk)} " in worth.text
        assert points(before) not in worth.text and signed(after - before) not in worth.text
        assert ctx.table is not None
        name = ctx.table.view(ME).issue("force_size").name
        assert f"{name} is open with no fallback" in worth.tooltip
        assert not worth.truncated
        pal = ctx.style.palette
        inks = _inks(ctx, worth.rect)
        assert bytes(pal.good) in inks and bytes(pal.bad) not in inks  # a gain, in green
        assert audit(scene.layout) == []
    finally:
        ctx.end_game()


def test_with_every_clause_falling_back_the_line_is_as_before(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home")
    try:
        scene = _ballot(ctx, _scenario(tmp_path, force_size_fallback=True))
        before, after, _ = _values(ctx)
        worth = scene.layout["p1.worth"]
        assert worth.text == (f"Worth to you: {points(before)} » {points(after)} "
                              f"({signed(after - before)} points)")
        pal = ctx.style.palette
        ink = pal.good if after > before else pal.bad if after < before else pal.muted
        assert bytes(ink) in _inks(ctx, worth.rect)
    finally:
        ctx.end_game()


def test_a_proposal_leaving_such_a_clause_open_is_still_no_deal(tmp_path: Path) -> None:
    """Settling one clause of two with no fallback still leaves no text to sign: the line
    says so, and still shows how far the clauses it settles move the text towards the seat
    (what a vote in the flagship's middle rounds decides), coloured by that move."""
    ctx = make_ctx(tmp_path / "home")
    try:
        scene = _ballot(ctx, TUTORIAL)  # no clause of the tutorial has a fallback
        w = scene.worth[1]
        assert w.open_before and w.open_after and w.after != w.before
        worth = scene.layout["p1.worth"]
        assert "no deal" in worth.text and signed(w.after - w.before) in worth.text
        pal = ctx.style.palette
        assert bytes(pal.good if w.after > w.before else pal.bad) in _inks(ctx, worth.rect)
    finally:
        ctx.end_game()


def test_worth_words_compare_each_side_as_it_could_be_signed() -> None:
    """The honest comparison's sign: a side that cannot be signed counts as the walk-away."""
    walk = 45.0
    _, _, gain = worth_words(ProposalWorth(87.0, 80.0, [], ("Force size",), ()), walk)
    assert gain > 0
    _, _, gain = worth_words(ProposalWorth(87.0, 40.0, [], ("Force size",), ()), walk)
    assert gain < 0  # a signable text below the walk-away
    _, _, gain = worth_words(ProposalWorth(30.0, 60.0, [], ("Zone", "Force size"),
                                           ("Force size",)), walk)
    assert gain > 0  # still no deal, but the clauses it settles move the text towards it
    lines, _, gain = worth_words(ProposalWorth(87.0, 80.0, []), walk)
    assert gain < 0 and lines == [f"Worth to you: {points(87.0)} » {points(80.0)} "
                                  f"({signed(80.0 - 87.0)} points)"]

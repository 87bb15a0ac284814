"""The debrief's zone verdict agrees with the scores beside it (discounted to the deal's round)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from game.core.actions import parse_action
from game.ui import flow
from game.ui.context import Context
from game.ui.scenes import debrief
from game.ui.scenes.debrief import DebriefScene
from tests.core.test_analysis_game import LATE_DEAL_SCRIPT, SIGN_ALL
from tests.report.test_transcript import TUTORIAL_SCRIPT

from .conftest import start
from .test_private_screens import TUTORIAL, step, texts_on_screen


def debrief_after(ctx: Context, script: Sequence[str]) -> str:
    """Play the tutorial by hand from action lines, open the debrief with its assessment in,
    and return every text it shows."""
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    for line in script:
        table.apply(parse_action(line))
    assert table.over
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    scene.wait()
    step(ctx)
    return texts_on_screen(ctx)


def test_a_late_deal_below_a_walk_away_is_shown_outside_the_zone(ctx: Context) -> None:
    shown = debrief_after(ctx, LATE_DEAL_SCRIPT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    assert scene.layout["score.usa.score"].text == "49.3"
    assert "Outside the zone: United States scored below its walk-away value" in shown
    assert "Inside the zone" not in shown


def test_a_deal_above_every_walk_away_is_shown_inside_the_zone(ctx: Context) -> None:
    shown = debrief_after(ctx, [*TUTORIAL_SCRIPT, *SIGN_ALL])
    assert "Inside the zone of possible agreement" in shown
    assert "Outside the zone" not in shown


def test_an_analysis_that_fails_is_said_not_awaited_forever(
        ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(final: object) -> None:
        raise MemoryError("the outcome space did not fit")

    monkeypatch.setattr(debrief, "assess", broken)
    shown = debrief_after(ctx, [*TUTORIAL_SCRIPT, *SIGN_ALL])
    assert "Deal quality: not assessed (MemoryError: the outcome space did not fit)" in shown
    assert "Assessing the deal" not in shown


def test_a_no_deal_debrief_says_who_sank_the_last_rounds_proposals(ctx: Context) -> None:
    """After the last round there is no results card: the debrief says what its votes did,
    and the timeline names the parties (the rules' logged reasons use ids)."""
    from .test_private_screens import FLAGSHIP, finish_with_bots

    for seed in map(str, range(1, 20)):
        finish_with_bots(ctx, FLAGSHIP, seed)
        assert ctx.table is not None
        view = ctx.table.view("observer")
        if view.status == "no_deal" and any(p.round == view.rounds and p.result == "failed"
                                            for p in view.proposals):
            break
        ctx.end_game()
    else:
        pytest.fail("no seed ended without a deal after a failed last-round proposal")
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    lines = [scene.layout[f"quality.{k}"].text for k in range(2)]
    assert lines[0] == "No deal: there is no text to judge."
    assert lines[1].startswith(f"Round {view.rounds} results: ")
    assert "failed (opposed by " in lines[1]
    scene.handle(debrief.Intent("widget", widget="tab_story"))
    tips = [b.tooltip for b in scene.layout if b.name.startswith("round.") and b.tooltip]
    failed = [t for t in tips if "failed" in t and "opposed by" in t]
    assert failed and not any(f" {p} " in t or f" {p}," in t or t.endswith(f" {p})")
                              for t in failed for p in ctx.table.seats)

"""The debrief's labels never run into each other: the score table's column headers, and the
concession chart's level and round labels (clear of each other and of the curves)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pygame
import pytest

from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import Box, audit
from game.ui.scenes.debrief import DebriefScene

from .conftest import make_ctx
from .test_private_screens import FLAGSHIP, TUTORIAL, finish_with_bots, open_debrief, step

SIZES = [((1280, 720), 1.5), ((1920, 1080), 1.0), ((1280, 720), 1.0)]


def _debrief(tmp_path: Path, scenario: Path, size: tuple[int, int], scale: float
             ) -> tuple[Context, DebriefScene]:
    ctx = make_ctx(tmp_path / "home", size, scale)
    finish_with_bots(ctx, scenario)
    return ctx, open_debrief(ctx)


def _ink(box: Box, align: str) -> pygame.Rect:
    """Where a one-line label's text is drawn in its box (see `Layout.draw_text`)."""
    assert box.font is not None and len(box.lines) == 1
    w, h = box.font.size(box.lines[0])
    x = box.rect.right - w if align == "right" else box.rect.x
    return pygame.Rect(x, box.rect.y, w, h)


@pytest.mark.parametrize("scenario", [TUTORIAL, FLAGSHIP], ids=["tutorial", "flagship"])
@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_score_headers_stay_apart(tmp_path: Path, scenario: Path, size: tuple[int, int],
                                      scale: float) -> None:
    """At 1280x720 and 150% "Score" and "Walk-away" ran together (one space between them):
    each column is as wide as its header or its values, so the headers, as drawn, stand at
    least two spaces apart, and each sits over its own column of values."""
    ctx, scene = _debrief(tmp_path, scenario, size, scale)
    try:
        lay = scene.layout
        assert audit(lay) == []
        heads = [_ink(lay[f"scores.h.{key}"], "left" if key == "party" else "right")
                 for key in ("party", "score", "walk", "surplus")]
        font = lay["scores.h.score"].font
        assert font is not None
        apart = font.size("  ")[0]
        for left, right in pairwise(heads):
            assert left.right + apart <= right.x, (left, right)
        rows = [b for b in lay if b.name.startswith("score.") and b.name.count(".") == 2
                and b.name.rsplit(".", 1)[1] in ("score", "walk", "surplus")]
        assert rows
        for box in rows:
            head = lay[f"scores.h.{box.name.rsplit('.', 1)[1]}"].rect
            assert box.rect.right == head.right and not box.truncated, box.name
    finally:
        ctx.end_game()


@pytest.mark.parametrize("scenario", [TUTORIAL, FLAGSHIP], ids=["tutorial", "flagship"])
@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_chart_labels_stay_clear_of_each_other_and_the_curves(
        tmp_path: Path, scenario: Path, size: tuple[int, int], scale: float) -> None:
    """At 1280x720 and 150% the level label "75" sat under the "R1" round label and the
    curves crossed "25": the levels stand in a gutter left of the plot and the rounds in a
    strip above it, no two labels touching (a crowded one gives way), none on the plot."""
    ctx, scene = _debrief(tmp_path, scenario, size, scale)
    try:
        scene.handle(Intent("widget", widget="tab_story"))
        step(ctx)
        lay = scene.layout
        assert audit(lay) == []
        chart, plot = lay["chart"].rect, lay["chart.plot"].rect
        levels = [b for b in lay if b.name.startswith("chart.y.")]
        rounds = [b for b in lay if b.name.startswith("chart.r.")]
        assert "chart.y.0" in lay and "chart.y.100" in lay
        assert "chart.r.1" in lay and len(rounds) >= 2
        inks = ([_ink(b, "right") for b in levels] + [_ink(b, "left") for b in rounds])
        for k, ink in enumerate(inks):
            assert chart.contains(ink) and not ink.colliderect(plot), ink
            for other in inks[k + 1:]:
                assert not ink.colliderect(other), (ink, other)
        assert scene.curves is not None
        assert len(rounds) <= len(scene.curves.rounds)
    finally:
        ctx.end_game()

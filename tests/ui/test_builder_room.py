"""The proposal builder keeps its room: the worth line clear of the note and buttons when the
tutorial's tip comes and goes, a toast over neither the builder's head nor the debrief's
title, and option chips readable at a large UI scale (the map gives way for the turn)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pygame
import pytest

from game.core.view import OBSERVER
from game.ui.app import TOAST_LINES, TOAST_READ
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.table import TableScene
from tests.conftest import FLAGSHIP, TUTORIAL

from .conftest import make_ctx, show_table, start

SIZES = [((1280, 720), 1.0), ((1280, 720), 1.5), ((1920, 1080), 1.0)]
NEWS = ("News has changed your numbers: walk-away 50, now 55; Black Sea security weighs 12%, "
        "now 20%; Deployment zone (its options' values); European force size weighs 15%, now "
        "10% · Esc: Your briefing")
READABLE = 8
"""Fewer characters of an option's label than this read as nothing ("Up to…", "Citie…")."""


@pytest.fixture(autouse=True)
def _saved_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts in the map view and leaves the saved choice as it found it."""
    monkeypatch.setattr(TableScene, "show_map", True)


@contextmanager
def _game(tmp_path: Path, scenario: Path, me: str, size: tuple[int, int],
          scale: float) -> Iterator[tuple[Context, TableScene]]:
    """`scenario` with `me` the one human seat, at its first turn to propose, on the table."""
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, scenario, humans=(me,))
        table = ctx.table
        assert table is not None
        while me not in table.view(me).to_move:
            assert table.step_bot() is not None
        scene = show_table(ctx, me)
        assert scene.open
        yield ctx, scene
    finally:
        ctx.end_game()


def _widget_rects(scene: TableScene) -> dict[str, pygame.Rect]:
    return {w.object_ids[-1]: w.get_abs_rect() for w in scene.widgets}


def _footer_clear(ctx: Context, scene: TableScene) -> None:
    """The worth line whole, and clear of the note, Propose, Pass and Clear as drawn."""
    worth = scene.layout["builder:worth"]
    assert not worth.truncated, worth.lines
    drawn = _widget_rects(scene)
    for oid in ("#note", "#propose", "#pass", "#clear"):
        assert not worth.rect.colliderect(drawn[oid]), (oid, worth.rect, drawn[oid])
        assert not scene.layout["builder:msg"].rect.colliderect(drawn[oid]), oid
    assert audit(scene.layout) == []
    assert audit_gui(ctx.app.manager, scene.layout.size) == []


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_worth_line_stays_clear_of_the_note_and_buttons_as_the_tip_comes_and_goes(
        tmp_path: Path, scale: float) -> None:
    """The tutorial's first turn: the tip made the footer tall when the note and buttons were
    placed; the first click took the tip away and the footer shrank, but the widgets stayed
    where they were, over the worth line of a three-clause package."""
    with _game(tmp_path, TUTORIAL, "uk", (1280, 720), scale) as (ctx, scene):
        tip = scene.notice
        assert tip.startswith("Tip: ")
        for issue in scene.view.issues[:3]:  # an option not in the draft, in three clauses
            rect = next(r for r, i, o in scene._chips
                        if i == issue.id and o != scene.view.draft.get(issue.id))
            ctx.app.send(Intent("click", pos=rect.center))
            ctx.app.step([], 1 / 60)
        assert len(scene.builder.picks) == 3
        assert scene.layout["builder:worth"].text.startswith("This package")
        _footer_clear(ctx, scene)
        scene.notice = tip  # the tip over the package: the footer grows again
        scene._relayout()
        ctx.app.step([], 1 / 60)
        assert scene.layout["builder:msg"].text == tip
        _footer_clear(ctx, scene)


@pytest.mark.parametrize("show_map", [True, False])
@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_a_toast_covers_neither_the_builders_head_nor_its_controls(
        tmp_path: Path, show_map: bool, size: tuple[int, int], scale: float) -> None:
    """The news notice was a band across the top, over "My utility for this draft" and the
    first clause until the player acted. It goes at the foot of the map (or of the side
    column in the text view), whole, in three lines where there is the width."""
    TableScene.show_map = show_map
    with _game(tmp_path, FLAGSHIP, "france", size, scale) as (ctx, scene):
        ctx.app.toast(NEWS, 15.0)
        ctx.app.step([], 1 / 60)
        ctx.app.draw_scene(scene)
        box = ctx.app.toast_box
        lay = scene.layout
        first = f"clause:{scene.view.issues[0].id}"
        for name in ("mine", first, "builder", "draft:title", "ticker"):
            assert not box.colliderect(lay[name].rect), name
        for oid, rect in _widget_rects(scene).items():
            assert not box.colliderect(rect), oid
        assert ctx.app.toast_lines[-1].endswith("Your briefing")  # nothing cut
        if box.w >= ctx.app.size[0] // 2:  # room enough: a card of a few lines
            assert len(ctx.app.toast_lines) <= TOAST_LINES
        ctx.app.step([], TOAST_READ + 0.1)  # read: still put away by the next key
        ctx.app.step([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_x, mod=0, unicode="x",
                                         scancode=0)], 1 / 60)
        assert not ctx.app.toast_text


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_report_notice_leaves_the_debriefs_title_and_buttons_alone(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, TUTORIAL)
        table = ctx.table
        assert table is not None
        while not table.over:
            table.step_bot()
        scene = DebriefScene(ctx)
        ctx.app.push(scene)
        ctx.app.step([], 1 / 60)
        ctx.app.toast("Report saved in /home/student/.local/share/backstop/reports/"
                      "tutorial-backstop-bargain-1", 6.0)
        ctx.app.draw_scene(scene)
        box = ctx.app.toast_box
        for name in ("header.title", "header.subtitle", "header.right", "footer"):
            if name in scene.layout:
                assert not box.colliderect(scene.layout[name].rect), name
        for w in scene.widgets:
            assert not box.colliderect(w.get_abs_rect()), w.object_ids[-1]
        assert ctx.app.toast_lines[-1].endswith("-1")  # the folder's name whole
    finally:
        ctx.end_game()


def _labels_shown(scene: TableScene) -> dict[str, str]:
    """Each option chip's label as drawn, without its ellipsis."""
    return {b.text: b.lines[0].removesuffix("…").rstrip() for b in scene.layout
            if b.name.startswith("opt:") and b.name.endswith(":label")}


def test_at_scale_1_5_the_builder_takes_the_maps_room_for_its_turn(tmp_path: Path) -> None:
    """At 1280x720 and scale 1.5 the map left the flagship's five-option clauses chips of
    "Up to…" and "About…". The builder's turn shows the text view instead; the saved choice
    stays the map, which comes back when the turn is over. M still shows the map this turn."""
    with _game(tmp_path, FLAGSHIP, "france", (1280, 720), 1.5) as (ctx, scene):
        shown = _labels_shown(scene)
        assert shown
        for label, drawn in shown.items():
            assert len(drawn) >= min(len(label), READABLE), (label, drawn)
        assert "map" not in scene.layout and TableScene.show_map
        assert audit(scene.layout) == []
        ctx.app.send(Intent("key", key="m"))  # the player wants the map anyway: this turn
        assert "map" in scene.layout and TableScene.show_map
        ctx.app.send(Intent("key", key="m"))
        assert "map" not in scene.layout and TableScene.show_map
        ctx.app.send(Intent("key", key="s"))  # the turn passed: the map is back
        ctx.app.step([], 1 / 60)
        top = ctx.app.scenes.top
        assert isinstance(top, TableScene) and not top.open
        assert "map" in top.layout
        assert ctx.table is not None and ctx.table.view(OBSERVER).round == 1


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0)])
def test_where_the_chips_fit_beside_the_map_the_builder_keeps_it(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    with _game(tmp_path, FLAGSHIP, "france", size, scale) as (_, scene):
        assert "map" in scene.layout
        for label, drawn in _labels_shown(scene).items():
            assert len(drawn) >= min(len(label), READABLE), (label, drawn)

"""The voting screen's draft panel and double-click guard, and the main menu at a large UI
scale."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
import pytest

from game import paths
from game.core.actions import Pass, Propose, Vote
from game.core.scoring import utility, with_fallbacks
from game.core.view import OBSERVER
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import DT, Pilot
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.handover import HANDOVER_GUARD
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.private_common import hint_seen, option_label
from game.ui.scenes.table_parts import clause_points
from game.ui.scenes.vote import VOTE_PAUSE, VoteScene

from .conftest import make_ctx, start

FLAGSHIP = paths.bundled_scenario("ukraine-reassurance-2025")
TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")


def _button(scene: VoteScene, oid: str) -> pygame_gui.elements.UIButton:
    for w in scene.widgets:
        if isinstance(w, pygame_gui.elements.UIButton) and w.object_ids[-1] == f"#{oid}":
            return w
    raise KeyError(oid)


def test_open_clauses_in_the_vote_panel_show_what_they_count_as(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=("france",))
    assert ctx.table is not None
    scene = VoteScene(ctx, "france")
    ctx.app.push(scene)
    ctx.app.draw_scene(scene)
    view = ctx.table.view("france")
    assert view.me is not None
    prefs = view.me.preferences
    added = clause_points(view, prefs, view.draft).clauses  # what each clause adds, shown
    lay = scene.layout
    fallback_values, plain = [], 0
    for issue in view.issues:
        if view.draft.get(issue.id) is not None or f"clauses.{issue.id}" not in lay:
            continue
        row = f"clauses.{issue.id}"
        option, num = lay[f"{row}.option"].text, lay[f"{row}.num"].text
        if issue.if_open is not None:
            label = option_label(view, issue.id, issue.if_open)
            assert option == f"open (counts as {label})"
            value = prefs.values.get(issue.id, {}).get(issue.if_open, 0.0)
            assert num == f"{added[issue.id]:g}" and (added[issue.id] > 0) == (value > 0)
            assert label in lay[row].tooltip
            fallback_values.append(value)
        else:
            assert (option, num) == ("open", "0")
            plain += 1
    assert fallback_values and any(v != 0 for v in fallback_values) and plain
    # the rows and the meter read the draft the same way
    ids = [i.id for i in view.issues]
    worth = utility(prefs, with_fallbacks(view.issues, view.draft), ids)
    assert worth != utility(prefs, view.draft, ids)
    assert "count 0" not in lay["meter"].tooltip
    assert "count as their fallback" in lay["meter"].tooltip
    assert audit(lay) == []


def _two_proposals_for_ukraine(ctx: Context) -> VoteScene:
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"),), "Mid-sized"))
    table.apply(Propose("usa", (("zone", "west_only"),), "Far from the front"))
    table.apply(Pass("ukraine"))
    assert table.view().phase == "votes"
    for p in table.view(OBSERVER).proposals:  # the other seats have voted already
        for party in set(p.stakeholders) - set(p.voted) - {"ukraine"}:
            table.apply(Vote(party, p.id, True))
    hint_seen(ctx, "votes")  # no tutorial tip above the cards: it would go after a vote
    flow.show_game(ctx)
    for _ in range(4):  # hand over to Ukraine, past its briefing, to its ballot
        scene = ctx.app.scenes.top
        if isinstance(scene, VoteScene):
            break
        if not isinstance(scene, BriefingScene):
            ctx.app.step([], HANDOVER_GUARD)  # the hand-over card takes no answer at once
        ctx.app.send(Intent("widget", widget="to_table") if isinstance(scene, BriefingScene)
                     else Intent("confirm"))
        ctx.app.step([], 1 / 60)
    assert isinstance(scene, VoteScene) and scene.party == "ukraine"
    assert scene.shown[:2] == [1, 2]
    return scene


def _voted(ctx: Context) -> list[int]:
    assert ctx.table is not None
    return [p.id for p in ctx.table.view("ukraine").proposals if "ukraine" in p.voted]


def _click(pilot: Pilot, at: tuple[int, int]) -> None:
    """A mouse click, then the frame that reads the button press pygame_gui posted (as the
    game loop does)."""
    pilot.click(at)
    pilot.app.step(pygame.event.get(), DT)


def test_a_double_click_on_support_votes_on_one_proposal_only(ctx: Context) -> None:
    scene = _two_proposals_for_ukraine(ctx)
    pilot = Pilot(ctx.app)
    pygame.event.clear()
    at = _button(scene, "support_1").rect.center
    _click(pilot, at)
    assert _voted(ctx) == [1]
    # The card voted on keeps its place, marked and with its buttons off: nothing slides
    # under the pointer.
    assert not _button(scene, "support_1").is_enabled
    assert _button(scene, "support_1").rect.collidepoint(at)
    assert not _button(scene, "support_2").rect.collidepoint(at)
    _click(pilot, at)  # the second click of the double-click, 3 frames later
    assert _voted(ctx) == [1]
    pilot.frames(round(VOTE_PAUSE / DT) + 1)
    _click(pilot, at)  # even after the pause, the same spot votes on nothing new
    assert _voted(ctx) == [1]
    _click(pilot, _button(scene, "support_2").rect.center)  # its own button, after the pause
    assert _voted(ctx) == [1, 2]


def test_two_vote_presses_in_one_frame_cast_one_vote(ctx: Context) -> None:
    _two_proposals_for_ukraine(ctx)
    for oid in ("support_1", "oppose_2"):  # both before the next frame
        ctx.app.dispatch(Intent("widget", widget=oid))
    assert _voted(ctx) == [1]


def _menu_problems(ctx: Context) -> list[str]:
    scene = ctx.app.scenes.top
    assert isinstance(scene, MenuScene)
    problems = audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size)
    for w in scene.widgets:  # no button over the title, the message or the footer line
        for box in scene.layout:
            if w.get_abs_rect().colliderect(box.rect):
                problems.append(f"{w.most_specific_combined_id} covers {box.name}")
    return problems


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.5),
                                             ((1280, 720), 2.0), ((1024, 600), 1.0)])
def test_the_main_menu_fits_the_window_at_large_ui_scales(tmp_path: Path,
                                                          size: tuple[int, int],
                                                          scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    ctx.app.push(MenuScene(ctx))
    ctx.app.step([], 1 / 60)
    scene = ctx.app.scenes.top
    assert isinstance(scene, MenuScene)
    assert len(scene.widgets) == 6  # every item, Quit included
    window = pygame.Rect((0, 0), ctx.app.size)
    assert all(window.contains(w.get_abs_rect()) for w in scene.widgets)
    assert _menu_problems(ctx) == []
    scene.message = "The autosave could not be read"  # the message line fits too
    scene.rebuild()
    assert _menu_problems(ctx) == []

"""The debrief's zone verdict agrees with the scores beside it (discounted to the deal's round)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from game.core.actions import parse_action
from game.core.scoring import with_fallbacks
from game.core.view import View
from game.ui import flow
from game.ui.context import Context
from game.ui.layout import Box, audit, audit_gui
from game.ui.scenes import debrief
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.private_common import option_label, points
from tests.core.test_analysis_game import LATE_DEAL_SCRIPT, SIGN_ALL
from tests.report.test_transcript import TUTORIAL_SCRIPT

from .conftest import button_of, make_ctx, start
from .test_private_screens import TUTORIAL, open_debrief, step, texts_on_screen


def debrief_after(ctx: Context, script: Sequence[str]) -> str:
    """Play the tutorial by hand from action lines, open the debrief with its assessment in,
    and return every text it shows."""
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    for line in script:
        table.apply(parse_action(line))
    assert table.over
    open_debrief(ctx)
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
    scene = _no_deal_debrief(ctx, lambda view: any(
        p.round == view.rounds and p.result == "failed" for p in view.proposals))
    assert ctx.table is not None
    view = ctx.table.view("observer")
    lines = [scene.layout[f"quality.{k}"].text for k in range(2)]
    assert lines[0].startswith(("No deal, yet ", "No deal, and none was possible"))
    assert lines[1].startswith(f"Round {view.rounds} results: ")
    assert "failed (opposed by " in lines[1]
    scene.handle(debrief.Intent("widget", widget="tab_story"))
    tips = [b.tooltip for b in scene.layout if b.name.startswith("round.") and b.tooltip]
    failed = [t for t in tips if "failed" in t and "opposed by" in t]
    assert failed and not any(f" {p} " in t or f" {p}," in t or t.endswith(f" {p})")
                              for t in failed for p in ctx.table.seats)


def _no_deal_debrief(ctx: Context, also: Callable[[View], bool] = lambda view: True
                     ) -> DebriefScene:
    """The debrief, its analysis in, of the first flagship bot game from seed 1 that ends
    without a deal (and of which `also` holds, given the public view)."""
    from .test_private_screens import FLAGSHIP, finish_with_bots

    for seed in map(str, range(1, 20)):
        finish_with_bots(ctx, FLAGSHIP, seed)
        assert ctx.table is not None
        view = ctx.table.view("observer")
        if view.status == "no_deal" and also(view):
            break
        ctx.end_game()
    else:
        pytest.fail("no seed ended without a deal as asked")
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    scene.wait()
    return scene


def test_after_no_deal_the_debrief_shows_the_deal_all_would_have_signed(ctx: Context) -> None:
    """A student who got no deal learns what was possible: the Nash text on the map and clause
    by clause, the clauses where it differs from the last draft marked, and what it would have
    given each signatory against its walk-away."""
    from game.core.analysis import Analysis, analyze_game

    scene = _no_deal_debrief(ctx)
    assert ctx.table is not None
    view = ctx.table.view("observer")
    found = analyze_game(ctx.table.session.state)
    assert isinstance(scene.assessment, Analysis) and found.nash is not None
    assert scene.layout["quality.0"].text == (
        f"No deal, yet {found.zone_size:,} texts would have suited every signatory: see What "
        "was possible.")
    assert not scene.layout["quality.0"].truncated
    button_of(scene, "tab_possible")
    scene.handle(debrief.Intent("widget", widget="tab_possible"))
    step(ctx)
    lay = scene.layout
    assert lay["reading.0"].text == (
        f"No deal, yet {found.zone_size:,} of the {found.outcome_count:,} possible texts gave "
        "every signatory at least its walk-away.")
    nash = dict(found.nash.text)
    last = with_fallbacks(view.issues, view.draft)  # an open clause counts as its fallback
    assert any(view.draft.get(i.id) is None and last[i.id] == nash[i.id] for i in view.issues)
    for issue in view.issues:
        assert lay[f"clauses.{issue.id}.option"].text == option_label(view, issue.id,
                                                                     nash[issue.id])
        differs = last.get(issue.id) != nash[issue.id]
        assert (f"clauses.{issue.id}.changed" in lay) == differs
    signatories = view.signatories
    rows = [b.name.split(".")[1] for b in lay if b.name.startswith("score.")
            and b.name.count(".") == 1]
    # every signatory, in the scenario's order as on the Outcome tab
    assert rows == [p.id for p in view.parties if p.id in signatories]
    for p in signatories:
        assert lay[f"score.{p}.score"].text == points(found.nash.scores[p])
        assert found.nash.scores[p] >= view.all_preferences[p].reservation - 1e-6
    assert audit(lay) == []


def test_after_a_deal_there_is_no_what_was_possible_tab(ctx: Context) -> None:
    debrief_after(ctx, [*TUTORIAL_SCRIPT, *SIGN_ALL])
    with pytest.raises(KeyError):
        button_of(ctx.app.scenes.top, "tab_possible")


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_what_was_possible_lays_out_cleanly_with_every_signatory_in_sight(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        scene = _no_deal_debrief(ctx)
        scene.handle(debrief.Intent("widget", widget="tab_possible"))
        step(ctx)
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, size) == []
        assert "scores.more" not in scene.layout
        assert not scene.layout["reading.0"].truncated
    finally:
        ctx.end_game()


def _flagship_debrief(ctx: Context, seed: str = "1") -> DebriefScene:
    """The debrief of the flagship played by bots from `seed`, its assessment in."""
    from .test_private_screens import FLAGSHIP, finish_with_bots

    finish_with_bots(ctx, FLAGSHIP, seed)
    return open_debrief(ctx)


def _sheets_boxes(ctx: Context, scene: DebriefScene) -> dict[str, Box]:
    """Every box of the tab's pages, turned with Page Down (each page audited)."""
    seen: dict[str, Box] = {}
    for _ in range(len(scene.pager.pages)):
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, ctx.app.size) == []
        seen.update({b.name: b for b in scene.layout})
        scene.handle(debrief.Intent("key", key="page down"))
        step(ctx)
    return seen


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.0)])
def test_every_score_and_clause_of_the_flagship_deal_can_be_read(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    """On a projector (1280x720 at 150%) the Outcome tab showed "… and 2 more" parties and
    "… and 6 more" clauses in small type (75.png, 76b.png): every party's row and every
    clause now shows, whole, in at least small type, over two pages where one cannot hold
    them (Page Down turns to the text)."""
    from game.core.view import OBSERVER

    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        scene = _flagship_debrief(ctx)
        assert ctx.table is not None
        view = ctx.table.view(OBSERVER)
        assert view.status == "agreement"
        boxes = _sheets_boxes(ctx, scene)
        assert "scores.more" not in boxes and "clauses.more" not in boxes
        small = ctx.style.small.get_linesize()
        for p in view.parties:
            for key in ("name", "score", "walk", "surplus"):
                box = boxes[f"score.{p.id}.{key}"]
                assert not box.truncated, (p.id, key)
                assert box.font is not None and box.font.get_linesize() >= small
        for issue in view.issues:
            assert not boxes[f"clauses.{issue.id}.option"].truncated
        for k in range(3):  # the deal's quality in full, not cut at the panel's edge
            assert not boxes[f"quality.{k}"].truncated
        assert len(scene.pager.pages) == (2 if scale > 1 else 1)
    finally:
        ctx.end_game()


def test_a_walk_away_the_news_moved_says_what_it_was(ctx: Context) -> None:
    """The debrief showed the United Kingdom's walk-away as 45 where its briefing said 52,
    with nothing to say that events had moved it: it reads "45 (was 52)", and the row's
    tooltip names the news."""
    from game.core.log import replay
    from game.core.view import OBSERVER

    scene = _flagship_debrief(ctx)
    table = ctx.table
    assert table is not None
    view = table.view(OBSERVER)
    assert view.all_preferences is not None
    start_of = replay(table.session.scenario, table.session.records,
                      keep_states=True).states[0].prefs
    moved = [p.id for p in view.parties
             if start_of[p.id].reservation != view.all_preferences[p.id].reservation]
    assert moved, "the flagship's news moves some walk-aways"
    for p in view.parties:
        now, was = view.all_preferences[p.id].reservation, start_of[p.id].reservation
        walk = scene.layout[f"score.{p.id}.walk"]
        assert walk.text == (f"{now:g} (was {was:g})" if p.id in moved else f"{now:g}")
        assert not walk.truncated
        tip = scene.layout[f"score.{p.id}"].tooltip
        assert (f"it was {was:g} at the start; moved by: " in tip) == (p.id in moved)


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.0)])
def test_the_curves_say_they_are_drawn_before_the_urgency_discount(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    """The curves ended at 85 / 70 / 100 beside scores of 80 / 65.9 / 94.1 with no word why
    (20.png, 21.png): a caption on the chart says they are before the urgency discount."""
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        debrief_after(ctx, [*TUTORIAL_SCRIPT, *SIGN_ALL])
        scene = ctx.app.scenes.top
        assert isinstance(scene, DebriefScene)
        scene.handle(debrief.Intent("widget", widget="tab_story"))
        step(ctx)
        note = scene.layout["curves.note"]
        assert note.text == debrief.CURVES_NOTE and not note.truncated
        assert "before the urgency discount" in " ".join(note.lines)
        assert audit(scene.layout) == []
    finally:
        ctx.end_game()


def test_hovering_the_debriefs_map_names_the_places_there(ctx: Context) -> None:
    """A place whose label gave way to others is still named when hovered: the map's tooltip
    (its kind and control) over the map, the map region's own text elsewhere on it."""
    scene = _flagship_debrief(ctx)
    assert scene.map is not None and "map" in scene.layout
    at = scene.layout["map"].rect
    spec = ctx.table.map_spec if ctx.table is not None else None
    assert spec is not None
    dots = [(loc, scene.map.proj.to_screen(loc.lon, loc.lat)) for loc in spec.locations
            if loc.kind not in ("sea", "region")]
    loc, (x, y) = next((loc, xy) for loc, xy in dots if 0 <= xy[0] < at.w and 0 <= xy[1] < at.h)
    pos = (at.x + round(x), at.y + round(y))
    tip = scene.tooltip_at(pos)
    assert tip == scene.map.tooltip_at((pos[0] - at.x, pos[1] - at.y))
    assert f"{loc.name} (" in tip
    away = next((p for p in ((at.x + dx, at.y + dy) for dx in range(2, at.w, 7)
                             for dy in range(2, at.h, 7))
                 if not scene.map.tooltip_at((p[0] - at.x, p[1] - at.y))), None)
    assert away is not None
    assert scene.tooltip_at(away) == scene.layout.tooltip_at(away)


def test_page_keys_turn_the_sheets_and_leave_the_story_alone(tmp_path: Path) -> None:
    """At 150% the Outcome tab has two pages; on the story (one page) Page Down is not the
    sheets' any more: before, the Outcome's pages stayed and swallowed the keys there."""
    from game.ui.intents import Intent

    ctx = make_ctx(tmp_path / "home", (1280, 720), 1.5)
    try:
        scene = _flagship_debrief(ctx)
        assert scene.pager.needed and scene.pager.page == 0
        scene.handle(Intent("widget", widget="tab_story"))
        scene.handle(Intent("key", key="page down"))
        assert scene.tab == "story" and scene.pager.page == 0
        scene.handle(Intent("widget", widget="tab_outcome"))
        scene.handle(Intent("key", key="page down"))
        assert scene.pager.page == 1
        scene.handle(Intent("key", key="end"))
        assert scene.pager.page == 1  # no page past the last
    finally:
        ctx.end_game()

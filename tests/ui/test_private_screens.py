"""The hand-over, briefing, voting, signing, ceremony and debrief screens, driven by intents."""

from __future__ import annotations

from pathlib import Path

import pygame_gui
import pytest

from game.bots import make_bot, parse_spec, seat_rng
from game.core.actions import Pass, Propose
from game.core.view import OBSERVER
from game.ui import flow
from game.ui.context import Context, RunOptions
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.handover import HANDOVER_GUARD, HandOverScene
from game.ui.scenes.private_common import option_label, points
from game.ui.scenes.sign import CeremonyScene, SignScene
from game.ui.scenes.vote import VoteScene

from .conftest import make_ctx, start, tutorial_signing

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
OFFERS = SCENARIOS / "tutorial-alternating-offers.yaml"
DT = 1 / 60


def step(ctx: Context, n: int = 1) -> None:
    for _ in range(n):
        ctx.app.step([], DT)


def send(ctx: Context, intent: Intent) -> None:
    ctx.app.send(intent)
    step(ctx)


def top(ctx: Context) -> object:
    return ctx.app.scenes.top


def texts_on_screen(ctx: Context) -> str:
    """Every text the top screen laid out or put in a widget, tooltips included."""
    scene = ctx.app.scenes.top
    assert scene is not None
    parts = [f"{b.text} {b.tooltip} {' '.join(b.lines)}" for b in scene.layout]
    for w in scene.widgets:
        parts.append(str(getattr(w, "text", "")))
        parts.append(str(getattr(w, "html_text", "")))
        parts.append(str(getattr(w, "tool_tip_text", "") or ""))
    return "\n".join(parts)


def button(scene: object, oid: str) -> pygame_gui.elements.UIButton:
    for w in scene.widgets:  # type: ignore[attr-defined]
        if isinstance(w, pygame_gui.elements.UIButton) and w.object_ids[-1] == f"#{oid}":
            return w
    raise KeyError(oid)


def play_until(ctx: Context, human: str, done: object, seed: str = "1") -> None:
    """Let bots play every seat (the human's through a stand-in bot) until `done()`."""
    table = ctx.table
    assert table is not None
    stand_in = make_bot(human, parse_spec("linear"))
    rng = seat_rng(seed, human)
    for _ in range(5000):
        if table.over or done():  # type: ignore[operator]
            return
        if table.bot_to_move() is not None:
            table.step_bot()
        else:
            table.apply(stand_in.act(table.session.view(human), rng).action)


def finish_with_bots(ctx: Context, path: Path, seed: str = "1") -> None:
    start(ctx, path, seed=seed)
    table = ctx.table
    assert table is not None
    while not table.over:
        table.step_bot()


def open_debrief(ctx: Context) -> DebriefScene:
    """The debrief of the game just over, its assessment in."""
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    scene.wait()
    step(ctx)
    return scene


# -- hand-over and privacy -----------------------------------------------------------------


def test_the_hand_over_screen_draws_nothing_private_for_any_flagship_party(
        ctx: Context) -> None:
    loaded = ctx.load_scenario(FLAGSHIP)
    parties = [p.id for p in loaded.scenario.parties]
    start(ctx, FLAGSHIP, humans=tuple(parties))
    table = ctx.table
    assert table is not None
    for party in parties:
        scene = HandOverScene(ctx, party)
        ctx.app.push(scene)
        ctx.app.draw_scene(scene)
        shown = texts_on_screen(ctx)
        assert f"Pass to {table.view(OBSERVER).party(party).name}" in shown
        for other in parties:
            me = table.view(other).me
            assert me is not None
            secret = " ".join(me.confidential_briefing.split())
            assert secret[:40] not in " ".join(shown.split())
            for red in me.preferences.red_lines:
                assert red.reason not in shown
        assert "Walk-away" not in shown and "worth" not in shown.lower()
        assert not any(isinstance(w, pygame_gui.elements.UITextBox) for w in scene.widgets)
        ctx.app.pop()


def test_enter_on_the_hand_over_screen_hands_the_screen_over(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    table = ctx.table
    assert table is not None
    flow.show_game(ctx)
    assert isinstance(top(ctx), HandOverScene)
    assert table.looking is None
    ctx.app.step([], HANDOVER_GUARD)  # the card takes no answer at once
    send(ctx, Intent("confirm"))
    assert table.looking == "uk"
    assert isinstance(top(ctx), BriefingScene)
    assert "Walk-away: 55" in texts_on_screen(ctx)


def test_a_student_practising_alone_gets_no_hand_over_card(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("usa",))
    table = ctx.table
    assert table is not None
    flow.show_game(ctx)
    assert table.looking == "usa" and table.view().viewer == "usa"
    seen = set()
    for _ in range(600):  # bots move; the student's turn brings its briefing, never a card
        step(ctx)
        seen.add(type(top(ctx)).__name__)
        if isinstance(top(ctx), BriefingScene):
            send(ctx, Intent("widget", widget="to_table"))
    assert "BriefingScene" in seen and "HandOverScene" not in seen
    assert table.view().viewer == "usa"


# -- a hot-seat round through the private screens -------------------------------------------


def test_the_tutorial_hot_seat_votes_and_signs_through_the_screens(ctx: Context) -> None:
    humans = ("uk", "usa", "ukraine")
    start(ctx, TUTORIAL, humans=humans)
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"), ("us_backstop", "intel_logistics"),
                               ("zone", "cities_ports")), "A balanced package"))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    assert table.view().phase == "votes"
    flow.show_game(ctx)
    voters = [p for p in humans if p != "uk"]
    for party in voters:
        assert isinstance(top(ctx), HandOverScene)
        ctx.app.step([], HANDOVER_GUARD)
        send(ctx, Intent("confirm"))
        assert isinstance(top(ctx), BriefingScene)
        send(ctx, Intent("widget", widget="to_table"))
        scene = top(ctx)
        assert isinstance(scene, VoteScene) and scene.party == party
        assert "Proposal 1" in texts_on_screen(ctx)
        assert "European force size: open » About 15,000" in texts_on_screen(ctx)
        send(ctx, Intent("widget", widget="support_1"))
        assert party in table.view(party).proposals[0].voted
    view = table.view(OBSERVER)
    assert view.proposals[0].result == "passed"
    assert view.phase == "signing"
    signed_here = []
    for _ in range(12):  # the seat at the screen signs first, then the others after hand-over
        scene = top(ctx)
        if isinstance(scene, (HandOverScene, BriefingScene)):
            ctx.app.step([], HANDOVER_GUARD)
            send(ctx, Intent("confirm"))
        elif isinstance(scene, SignScene):
            assert "Worth to you" in texts_on_screen(ctx)
            signed_here.append(scene.party)
            send(ctx, Intent("widget", widget="sign"))
        else:
            break
    assert sorted(signed_here) == sorted(humans)
    assert table.over and table.view().status == "agreement"
    assert isinstance(top(ctx), CeremonyScene)


def test_a_text_across_a_red_line_cannot_be_signed_and_says_why(ctx: Context) -> None:
    scene = tutorial_signing(ctx, "none")
    table = ctx.table
    assert table is not None
    shown = texts_on_screen(ctx)
    assert ("United Kingdom cannot sign: the text puts “No US backstop” in US backstop, "
            "across its red line: Without a US backstop") in shown
    assert "Signing beats no deal" not in shown  # never "beats" over a text it cannot sign
    assert "You cannot sign this text" in shown
    assert not button(scene, "sign").is_enabled
    assert button(scene, "refuse").is_enabled
    send(ctx, Intent("widget", widget="sign"))  # a disabled button does nothing
    assert "uk" not in table.view("uk").decisions
    send(ctx, Intent("widget", widget="refuse"))
    assert table.view("uk").decisions["uk"] is False


# -- ceremony and debrief ------------------------------------------------------------------


def test_the_ceremony_comes_once_then_the_debrief(ctx: Context) -> None:
    finish_with_bots(ctx, TUTORIAL)
    assert ctx.table is not None and ctx.table.view().status == "agreement"
    flow.show_game(ctx)
    scene = top(ctx)
    assert isinstance(scene, CeremonyScene)
    assert not scene.complete  # the signatures appear one by one
    # what they signed, under the heading: every clause, in full on hover
    view = ctx.table.view()
    assert view.agreement is not None
    agreed = scene.layout["agreed"]
    for issue, option in view.agreement.items():
        said = f"{view.issue(issue).name}: {option_label(view, issue, option)}"
        assert said in agreed.text and said in agreed.tooltip
    send(ctx, Intent("confirm"))
    assert scene.complete and top(ctx) is scene
    send(ctx, Intent("confirm"))
    assert ctx.ceremony_shown
    assert isinstance(top(ctx), DebriefScene)


def test_the_ceremony_shows_every_signature_at_once_without_animations(ctx: Context) -> None:
    finish_with_bots(ctx, TUTORIAL)
    ctx.settings = ctx.settings.with_changes(animations=False)
    flow.show_game(ctx)
    scene = top(ctx)
    assert isinstance(scene, CeremonyScene) and scene.complete
    assert len(scene.signers) == 3


def test_the_debrief_shows_the_final_scores_and_the_deal_quality(ctx: Context) -> None:
    finish_with_bots(ctx, TUTORIAL)
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = top(ctx)
    assert isinstance(scene, DebriefScene)
    scene.wait()
    step(ctx)
    view = ctx.table.view()  # type: ignore[union-attr]
    assert view.scores is not None
    for party, value in view.scores.items():
        assert scene.layout[f"score.{party}.score"].text == points(value)
    shown = texts_on_screen(ctx)
    assert "Nash ratio" in shown and "areto-optimal" in shown
    send(ctx, Intent("widget", widget="tab_story"))
    assert scene.curves is not None
    assert set(scene.curves.values) == {p.id for p in view.parties}
    assert scene.curves.length == len(ctx.table.session.records) + 1  # type: ignore[union-attr]
    assert any(b.tooltip.startswith("Proposal 1 by") for b in scene.layout)


def test_exit_after_debrief_closes_the_window_after_the_debrief_was_drawn(
        ctx: Context) -> None:
    ctx.run = RunOptions(exit_after_debrief=True, speed=4.0)
    finish_with_bots(ctx, OFFERS)
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    frames = 0
    while ctx.app.running and frames < 600:
        step(ctx)
        frames += 1
    assert not ctx.app.running
    assert 1.5 / 4.0 * 60 <= frames <= 1.5 / 4.0 * 60 + 10


# -- every screen fits -----------------------------------------------------------------------


SIZES = (((1280, 720), 1.0), ((1920, 1080), 1.0), ((1280, 720), 1.5))


def _check(ctx: Context, scene: object) -> None:
    assert isinstance(scene, flow.GameScene)
    ctx.app.push(scene)
    if isinstance(scene, DebriefScene):
        scene.wait()
    ctx.app.draw_scene(scene)
    assert audit(scene.layout) == [], type(scene).__name__
    assert audit_gui(ctx.app.manager, ctx.app.size) == [], type(scene).__name__
    if isinstance(scene, DebriefScene):
        scene.handle(Intent("widget", widget="tab_story"))
        ctx.app.draw_scene(scene)
        assert audit(scene.layout) == [], "debrief story"
    ctx.app.pop()


@pytest.mark.parametrize(("size", "scale"), SIZES)
@pytest.mark.parametrize("path", [FLAGSHIP, TUTORIAL, OFFERS], ids=lambda p: p.stem)
def test_every_private_screen_passes_the_layout_audit(tmp_path: Path, path: Path,
                                                      size: tuple[int, int],
                                                      scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        human = "france" if path == FLAGSHIP else "uk"
        start(ctx, path, humans=(human,))
        table = ctx.table
        assert table is not None
        play_until(ctx, human, lambda: human in table.humans_to_move())
        _check(ctx, HandOverScene(ctx, human))
        _check(ctx, BriefingScene(ctx, human))
        if table.view().protocol == "single_text":
            play_until(ctx, human, lambda: table.view().phase == "votes"
                       and human in table.humans_to_move())
            if not table.over:
                _check(ctx, VoteScene(ctx, human))
            play_until(ctx, human, lambda: table.view().phase == "signing"
                       and human in table.humans_to_move())
            if not table.over:
                _check(ctx, SignScene(ctx, human))
        play_until(ctx, human, lambda: False)
        assert table.over
        if table.view().status == "agreement":
            _check(ctx, CeremonyScene(ctx))
        _check(ctx, DebriefScene(ctx))
    finally:
        ctx.end_game()


def test_an_alternating_offers_debrief_tells_the_story_of_the_offers(ctx: Context) -> None:
    """The story tab plotted the draft, which never moves under alternating offers (the curves
    lay flat at 0), and its timeline and header counted no proposals and showed no offer."""
    finish_with_bots(ctx, OFFERS)
    table = ctx.table
    assert table is not None
    made = [ev for rec in table.session.records for ev in rec["events"]
            if ev["kind"] == "OfferMade"]
    assert len(made) >= 2
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    scene.wait()
    assert scene.layout["header.right"].text.startswith(f"{len(made)} offers · ")
    scene.handle(Intent("widget", widget="tab_story"))
    ctx.app.draw_scene(scene)
    lay = scene.layout
    assert lay["curves.title"].text.endswith("UTILITY FOR THE STANDING OFFER")
    marks = [b.tooltip for b in lay if b.name.startswith("round.") and ".o" in b.name]
    assert len(marks) == len(made) and all(t.startswith("Offer by ") for t in marks)
    assert scene.curves is not None
    assert any(len(set(series)) > 2 for series in scene.curves.values.values())
    assert audit(lay) == []


def test_the_story_timeline_marks_the_signing_that_made_the_deal(ctx: Context) -> None:
    finish_with_bots(ctx, TUTORIAL)
    table = ctx.table
    assert table is not None and table.view().status == "agreement"
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    scene = ctx.app.scenes.top
    assert isinstance(scene, DebriefScene)
    scene.handle(Intent("widget", widget="tab_story"))
    ctx.app.draw_scene(scene)
    end = table.session.state.end_round
    marks = [b.tooltip for b in scene.layout if b.name.startswith(f"round.{end}.s")]
    assert marks[-1] == "Signing: agreement reached"
    assert not any(b.name.startswith("round.") and ".o" in b.name for b in scene.layout)

"""Projector mode: one shared screen that shows only the public view, worked by an operator.

A whole game is played through the real App with several human seats: the operator enters
each delegation's proposals, votes and signatures as a stand-in bot "calls them out". Every
string any font renders is recorded (the game's own fonts and pygame_gui's), with every laid-out
text and tooltip, and none may carry a party's confidential briefing, red-line reasons or
private worth.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygame
import pytest
from pygame_gui.core.gui_font_pygame import GUIFontPygame

from game.bots import make_bot, parse_spec, seat_rng
from game.core.actions import Action, Pass, Propose, Refuse, Sign, Vote, action_from_dict
from game.core.errors import GameError
from game.core.view import OBSERVER
from game.ui import flow, style
from game.ui.context import Context, GameOptions, RunOptions
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scene import Scene
from game.ui.scenes import table as table_scene
from game.ui.scenes.sign import ProjectorSignScene
from game.ui.scenes.table import TableScene
from game.ui.scenes.vote import ProjectorVoteScene

from .conftest import make_ctx

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
OFFERS = SCENARIOS / "tutorial-alternating-offers.yaml"
DT = 1 / 60
PRIVATE_WORDS = ("reservation", "walk-away", "worth", "utility", "to you", "red line")


# -- recording every text drawn ------------------------------------------------------------------


class Drawn:
    """Every string rendered by any font while recording (until the game is over: the debrief
    reveals everything, by design)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.on = False
        self.ctx: Context | None = None

    def add(self, text: object) -> None:
        over = self.ctx is not None and (self.ctx.table is None or self.ctx.table.over)
        if self.on and text and not over:
            self.texts.append(str(text))


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[Drawn]:
    """Record the text of every render: the game's fonts are made as a recording subclass of
    `pygame.font.Font`, and pygame_gui's font wrapper is wrapped."""
    rec = Drawn()
    base = pygame.font.Font

    class RecordingFont(base):  # type: ignore[misc, valid-type]
        def render(self, text: Any, *args: Any, **kwargs: Any) -> pygame.Surface:
            rec.add(text)
            return super().render(text, *args, **kwargs)

    def wrap(name: str) -> None:
        original = getattr(GUIFontPygame, name)

        def recording(self: GUIFontPygame, text: str, *args: Any, **kwargs: Any) -> Any:
            rec.add(text)
            return original(self, text, *args, **kwargs)
        monkeypatch.setattr(GUIFontPygame, name, recording)

    def forget() -> None:
        style.font.cache_clear()
        style.fit.cache_clear()
        table_scene._MAPS.clear()

    forget()
    monkeypatch.setattr(pygame.font, "Font", RecordingFont)
    wrap("render_premul")
    wrap("render_premul_to")
    yield rec
    monkeypatch.undo()
    forget()


def laid_out(scene: Scene) -> list[str]:
    """Every text and tooltip a screen laid out or put on a widget."""
    out = [f"{b.text}\n{b.tooltip}\n{' '.join(b.lines)}" for b in scene.layout]
    for w in scene.widgets:
        out.append(str(getattr(w, "text", "")))
        out.append(str(getattr(w, "tool_tip_text", "") or ""))
    return out


def secrets(ctx: Context) -> list[str]:
    """Fragments of every party's confidential briefing and its red-line reasons, leaving out
    any that the public scenario text also says."""
    table = ctx.table
    assert table is not None
    public = table.view(OBSERVER)
    corpus = " ".join([public.summary, public.briefing, public.title]
                      + [p.briefing for p in public.parties]
                      + [f"{n.title} {n.text}" for n in public.news]).lower()
    corpus = " ".join(corpus.split())
    out: list[str] = []
    for party in table.seats:
        me = table.view(party).me
        assert me is not None
        text = " ".join(me.confidential_briefing.split())
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if len(sentence) >= 30:
                out.append(sentence[:30])
        out += [r.reason for r in me.preferences.red_lines if len(r.reason) >= 8]
    return [s for s in out if " ".join(s.lower().split()) not in corpus]


# -- the operator ----------------------------------------------------------------------------------


def projector_game(ctx: Context, scenario: Path, humans: tuple[str, ...], seed: str) -> None:
    loaded = ctx.load_scenario(scenario)
    ctx.loaded = loaded
    from game.session.table import Seat
    from game.ui import launch
    seats = launch.bot_seats(ctx)
    for party in humans:
        seats[party] = Seat(party, "human", f"Player {party}")
    ctx.run = RunOptions(speed=1000.0)  # bots move every frame
    ctx.start_game(loaded, scenario.read_bytes(), seats,
                   GameOptions(seed=seed, timer=False, projector=True))
    flow.show_game(ctx)


def enter(ctx: Context, action: Action) -> None:
    """The operator enters a delegation's called-out move on the screen showing."""
    app = ctx.app
    scene = app.scenes.top
    if isinstance(action, Propose):
        assert isinstance(scene, TableScene) and scene.open
        order = [i.id for i in scene.view.issues]
        for issue, option in action.amendments:
            app.send(Intent("key", key=str((order.index(issue) + 1) % 10)))  # keep it in sight
            app.step([], DT)
            chip = next(r for r, i, o in scene._chips if (i, o) == (issue, option))
            app.send(Intent("click", pos=chip.center))
            app.step([], DT)
        app.send(Intent("widget", widget="propose"))
    elif isinstance(action, Pass):
        app.send(Intent("widget", widget="pass"))
    elif isinstance(action, Vote):
        assert isinstance(scene, ProjectorVoteScene)
        verb = "yes" if action.support else "no"
        app.send(Intent("widget", widget=f"{verb}_{action.proposal}_{action.party}"))
    elif isinstance(action, Sign | Refuse):
        assert isinstance(scene, ProjectorSignScene)
        verb = "sign" if isinstance(action, Sign) else "refuse"
        app.send(Intent("widget", widget=f"{verb}_{action.party}"))
    else:
        raise AssertionError(f"unexpected move {action}")
    app.step([], DT)


def as_entered(action: Action) -> Action:
    """A called-out move as the operator enters it (amendments in clause order, no note)."""
    if isinstance(action, Propose):
        return Propose(action.party, tuple(sorted(action.amendments)), "")
    return action


def play(ctx: Context, humans: tuple[str, ...], seed: str, drawn: Drawn | None = None,
         ) -> tuple[list[Action], set[str], list[str]]:
    """Play to the end; the moves called out, the screens shown and every text laid out."""
    table = ctx.table
    assert table is not None
    stand_ins = {p: make_bot(p, parse_spec("linear")) for p in humans}
    rngs = {p: seat_rng(seed, p) for p in humans}
    called: list[Action] = []
    screens: set[str] = set()
    texts: list[str] = []
    last: object = None
    if drawn is not None:
        drawn.on, drawn.ctx = True, ctx
    for _ in range(4000):
        if table.over:
            break
        ctx.app.step([], DT)
        scene = ctx.app.scenes.top
        assert scene is not None
        screens.add(scene.name)
        if scene.layout is not last and not table.over:
            last = scene.layout
            texts += laid_out(scene)
        waiting = table.humans_to_move()
        if not waiting or table.over:
            continue
        party = waiting[0]
        action = stand_ins[party].act(table.session.view(party), rngs[party]).action
        called.append(as_entered(action))
        before = len(table.session.records)
        enter(ctx, action)
        assert any(r["actor"] == party for r in table.session.records[before:]), \
            getattr(ctx.app.scenes.top, "error", "")
    if drawn is not None:
        drawn.on = False
    assert table.over
    return called, screens, texts


@pytest.mark.parametrize("case", [
    (TUTORIAL, ("uk", "usa", "ukraine"), "2"),
    (FLAGSHIP, ("uk", "france", "usa", "ukraine"), "3"),
], ids=["tutorial", "flagship"])
def test_projector_mode_never_draws_anything_private(
        tmp_path: Path, drawn: Drawn, monkeypatch: pytest.MonkeyPatch,
        case: tuple[Path, tuple[str, ...], str]) -> None:
    scenario, humans, seed = case
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    made: list[flow.Key] = []
    real_make = flow.make
    monkeypatch.setattr(flow, "make", lambda c, key: (made.append(key), real_make(c, key))[1])
    try:
        projector_game(ctx, scenario, humans, seed)
        called, screens, texts = play(ctx, humans, seed, drawn)
        hidden = secrets(ctx)
        assert hidden
        shown = texts + drawn.texts
        assert len(drawn.texts) > 200  # the recorder saw the game being drawn
        assert any("Propose" in t for t in drawn.texts)  # pygame_gui's button text too
        for text in shown:
            flat = " ".join(text.split())
            for secret in hidden:
                assert secret not in flat, (secret, flat)
            for word in PRIVATE_WORDS:
                assert word not in flat.lower(), (word, flat)
        assert not {"handover", "briefing"} & screens
        assert not [k for k in made if k[0] in ("handover", "briefing") or k[1]]
        kinds = {type(a) for a in called}
        assert {Propose, Vote} <= kinds and (Sign in kinds or Refuse in kinds or
                                             scenario == FLAGSHIP)
        assert "vote" in screens and "table" in screens
    finally:
        ctx.end_game()


def test_the_operator_s_entries_are_what_the_session_records(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    humans = ("uk", "usa", "ukraine")
    try:
        projector_game(ctx, TUTORIAL, humans, "5")
        called, screens, _ = play(ctx, humans, "5")
        table = ctx.table
        assert table is not None
        recorded = [as_entered(action_from_dict(r["action"])) for r in table.session.records
                    if r["actor"] in humans]
        assert recorded == called
        assert any(isinstance(a, Propose) for a in recorded)
        assert {"table", "vote", "sign"} <= screens
    finally:
        ctx.end_game()


def test_votes_show_openly_as_they_are_entered(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    humans = ("uk", "usa", "ukraine")
    try:
        projector_game(ctx, TUTORIAL, humans, "2")
        table = ctx.table
        assert table is not None
        stand_ins = {p: make_bot(p, parse_spec("linear")) for p in humans}
        for _ in range(400):
            ctx.app.step([], DT)
            scene = ctx.app.scenes.top
            if isinstance(scene, ProjectorVoteScene) and scene.pending:
                break
            if table.humans_to_move():
                p = table.humans_to_move()[0]
                enter(ctx, stand_ins[p].act(table.session.view(p), seat_rng("2", p)).action)
        assert isinstance(scene, ProjectorVoteScene)
        (pid, first), *_ = scene.pending
        ctx.app.send(Intent("key", key="n"))
        ctx.app.step([], DT)
        scene = ctx.app.scenes.top
        proposal = next(p for p in table.view(OBSERVER).proposals if p.id == pid)
        if isinstance(scene, ProjectorVoteScene) and f"p{pid}.v.{first}.said" in scene.layout:
            assert scene.layout[f"p{pid}.v.{first}.said"].text == "No"
            assert not proposal.revealed  # the public view still hides it
        else:  # that was the last vote: now everyone sees it
            assert proposal.votes[first] is False
        assert table.control_view().proposals[pid - 1].votes[first] is False
    finally:
        ctx.end_game()


def test_a_refusal_across_a_red_line_does_not_name_it(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        projector_game(ctx, TUTORIAL, ("uk", "usa", "ukraine"), "2")
        scene = ctx.app.scenes.top
        assert isinstance(scene, flow.GameScene)

        class Refused:
            def apply(self, action: Action) -> None:
                raise GameError("usa cannot sign: the text crosses its red line on secret",
                                "action/red_line")
        real = ctx.table
        scene.ctx.table = Refused()  # type: ignore[assignment]
        try:
            assert not scene.act(Sign("usa"))
        finally:
            scene.ctx.table = real
        assert scene.error == "This delegation cannot sign this text."
        ctx.game_options = GameOptions(projector=False)
        scene.ctx.table = Refused()  # type: ignore[assignment]
        try:
            scene.act(Sign("usa"))
        finally:
            scene.ctx.table = real
        assert "red line" in scene.error  # seat screens keep the rules' own words
    finally:
        ctx.end_game()


def test_options_keep_projector_mode_and_old_files_still_load(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        projector_game(ctx, TUTORIAL, ("uk",), "1")
        assert ctx._load_options().projector
        (ctx.places.root / "autosave.options.json").write_text(
            '{"seed": "9", "timer": true, "pin": ""}', encoding="utf-8")
        old = ctx._load_options()
        assert (old.seed, old.projector) == ("9", False)
    finally:
        ctx.end_game()


def test_setup_turns_projector_mode_on(tmp_path: Path) -> None:
    from game.ui.scenes.menu import MenuScene
    from game.ui.scenes.setup import SetupScene
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        ctx.app.push(MenuScene(ctx))
        ctx.app.push(SetupScene(ctx, TUTORIAL, ctx.load_scenario(TUTORIAL)))
        for wid in ("preset_humans", "projector", "start"):
            ctx.app.send(Intent("widget", widget=wid))
            ctx.app.step([], DT)
        assert ctx.game_options.projector
        assert ctx.table is not None and len(ctx.table.humans) == 3
        top = ctx.app.scenes.top
        assert isinstance(top, TableScene) and top.open and top.view.me is None
        assert top.layout["draft:title"].text == "PROPOSAL FOR UNITED KINGDOM"
    finally:
        ctx.end_game()


def test_the_builder_says_whose_turn_it_is_in_their_colour(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        projector_game(ctx, FLAGSHIP, ("uk", "france", "usa", "ukraine"), "3")
        table = ctx.table
        assert table is not None
        seen: set[str] = set()
        for _ in range(40):
            scene = ctx.app.scenes.top
            assert isinstance(scene, TableScene)
            speaker = table.humans_to_move()[0]
            party = table.view(OBSERVER).party(speaker)
            assert scene.open and scene.speaker(scene.view) == speaker
            banner = scene.layout["turn"].rect
            assert scene.layout["turn:text"].text.startswith(f"{party.name}'")
            assert scene.layout["turn:text"].text.endswith("turn: enter their proposal, or Pass")
            assert banner.bottom <= scene.layout["clauses"].rect.y  # above the clauses
            ctx.app.draw_scene(scene)
            stripe = ctx.app.surface.get_at((banner.x + 2, banner.centery))[:3]
            assert stripe == style.rgb(party.color)
            seen.add(speaker)
            if len(seen) == 2:
                break
            enter(ctx, Pass(speaker))
            for _ in range(200):
                if table.humans_to_move() and table.humans_to_move()[0] != speaker:
                    break
                ctx.app.step([], DT)
        assert len(seen) == 2  # the banner follows the turn
    finally:
        ctx.end_game()


# -- layout ----------------------------------------------------------------------------------------


def problems(ctx: Context) -> list[str]:
    scene = ctx.app.scenes.top
    assert scene is not None
    return audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size)


@pytest.mark.parametrize("scenario", [FLAGSHIP, TUTORIAL, OFFERS], ids=lambda p: p.stem)
def test_projector_screens_lay_out_cleanly(tmp_path: Path, scenario: Path) -> None:
    for n, (size, scale) in enumerate((((1280, 720), 1.0), ((1920, 1080), 1.0),
                                       ((1280, 720), 1.5))):
        ctx = make_ctx(tmp_path / f"h{n}", size, scale)
        try:
            parties = [p.id for p in ctx.load_scenario(scenario).scenario.parties]
            humans = tuple(parties[:4])
            projector_game(ctx, scenario, humans, "4")
            table = ctx.table
            assert table is not None
            if scenario != OFFERS:  # every delegation's row, page by page
                sign = ProjectorSignScene(ctx)
                ctx.app.push(sign)
                for _ in range(sign.page_count):
                    assert problems(ctx) == [], (size, scale, "sign", sign.page)
                    sign.handle(Intent("widget", widget="page_next"))
                ctx.app.pop()
            stand_ins = {p: make_bot(p, parse_spec("linear")) for p in humans}
            needed = {OFFERS: {"table"}, FLAGSHIP: {"table", "vote"}}.get(
                scenario, {"table", "vote", "sign"})
            checked: set[str] = set()
            for _ in range(2000):
                if table.over or needed <= checked:
                    break
                waiting = table.humans_to_move()
                if waiting:
                    flow.show_game(ctx)
                    ctx.app.step([], DT)
                    scene = ctx.app.scenes.top
                    assert scene is not None
                    if scene.name not in checked:
                        assert problems(ctx) == [], (size, scale, scene.name)
                        checked.add(scene.name)
                    p = waiting[0]
                    table.apply(stand_ins[p].act(table.session.view(p),
                                                 seat_rng("4", p)).action)
                else:
                    table.step_bot()
            assert needed <= checked
        finally:
            ctx.end_game()



def test_the_vote_screen_opens_on_the_page_of_the_first_vote_to_enter(tmp_path: Path) -> None:
    """The flagship at 1280x720, scale 1.5, every seat at the table: the votes on the first
    page's proposals are already in when the vote screen opens (say the room called them out
    before a restart); it opens on the page with the first vote still to enter, not on page 1."""
    ctx = make_ctx(tmp_path / "home", (1280, 720), 1.5)
    try:
        scenario = ctx.load_scenario(FLAGSHIP).scenario
        humans = scenario.party_ids
        projector_game(ctx, FLAGSHIP, humans, "1")
        table = ctx.table
        assert table is not None
        issues = iter(scenario.issues[:4])  # the first four to move table a clause each
        for _ in range(len(humans)):
            party = table.humans_to_move()[0]
            issue = next(issues, None)
            if issue is None:
                table.apply(Pass(party))
                continue
            for option in issue.option_ids:  # the first option the party may propose
                try:
                    table.apply(Propose(party, ((issue.id, option),)))
                    break
                except GameError:
                    continue
        ballot = [p for p in table.view(OBSERVER).proposals if p.result == "pending"]
        assert table.view(OBSERVER).phase == "votes" and len(ballot) == 4
        flow.show_game(ctx)
        scene = ctx.app.scenes.top
        assert isinstance(scene, ProjectorVoteScene)
        assert scene.page == 0 and scene.page_count > 1
        first_page = list(scene.shown)
        for pid in first_page:
            proposal = table.control_view().proposals[pid - 1]
            for party in proposal.stakeholders:
                if party not in proposal.votes:
                    table.apply(Vote(party, pid, True))
        flow.show_game(ctx)
        scene = ctx.app.scenes.top
        assert isinstance(scene, ProjectorVoteScene)
        assert scene.page > 0 and not set(scene.shown) & set(first_page)
        assert scene.current is not None and scene.current[0] in scene.shown
        assert scene.current_page == scene.page
        assert scene.layout["header.subtitle"].text.startswith(f"On proposal {scene.current[0]} ·")
        ctx.app.send(Intent("widget", widget="page_prev"))  # the operator may still look back
        scene = ctx.app.scenes.top
        assert isinstance(scene, ProjectorVoteScene) and scene.page == 0
    finally:
        ctx.end_game()

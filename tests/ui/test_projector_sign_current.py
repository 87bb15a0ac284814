"""Projector mode's signing screen names the decision being entered: the header ("Entering:
United Kingdom's decision", the party's badge, underlined in its colour), its row lit in that
colour; Tab onto another delegation's buttons makes it current, Y signs and N refuses for it,
Enter with nothing focused focuses its Sign (its Refuse once the rules refused its signature),
and after each decision the next delegation round the room is current, page by page."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import paths
from game.bots import make_bot, parse_spec, seat_rng
from game.core.actions import Action, Pass, Propose, Vote
from game.core.errors import GameError
from game.core.view import OBSERVER
from game.ui import flow, style
from game.ui.context import Context, RunOptions
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes.sign import ProjectorSignScene
from game.ui.scenes.vote import VOTE_PAUSE

from .conftest import make_ctx
from .test_projector import projector_game

FLAGSHIP = paths.bundled_scenario("ukraine-reassurance-2025")
TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")
HUMANS = ("uk", "usa", "ukraine")
DT = 1 / 60


def _signing(ctx: Context, humans: tuple[str, ...] = HUMANS) -> ProjectorSignScene:
    """The tutorial in projector mode with `humans` at the table (any other seat a bot too slow
    to move), at the signing after one package passed that settles every clause; the keys'
    opening hold run out."""
    projector_game(ctx, TUTORIAL, humans, "1")
    ctx.run = RunOptions(speed=0.001)  # a bot takes its time: its decision does not come yet
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"), ("us_backstop", "air_power"),
                               ("zone", "cities_ports"))))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    table.apply(Vote("usa", 1, True))
    table.apply(Vote("ukraine", 1, True))
    assert table.view(OBSERVER).phase == "signing"
    flow.show_game(ctx)
    return _settle(ctx)


def _settle(ctx: Context) -> ProjectorSignScene:
    """Let the keys' hold run out; the signing screen showing."""
    for _ in range(int(VOTE_PAUSE / DT) + 2):
        ctx.app.step([], DT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, ProjectorSignScene)
    assert scene.key_hold == 0
    return scene


def _pixel(ctx: Context, at: tuple[int, int]) -> tuple[int, int, int]:
    c = ctx.app.surface.get_at(at)
    return c.r, c.g, c.b


def _entering(ctx: Context, party: str) -> None:
    """The header and the lit row both name `party`, in its colour; no other row is lit."""
    scene = ctx.app.scenes.top
    assert isinstance(scene, ProjectorSignScene)
    view = scene.table.view(OBSERVER)
    info = view.party(party)
    lay = scene.layout
    assert scene.current == party
    owner = f"{info.name}'" if info.name.endswith("s") else f"{info.name}'s"
    assert lay["header.title"].text == f"Entering: {owner} decision"
    assert lay["header.badge"].text == party[:3].upper()
    scene.dirty = True
    ctx.app.step([], DT)  # the widgets as laid out now
    ctx.app.draw_scene(scene)
    header = lay["header"].rect
    assert _pixel(ctx, (header.centerx, header.bottom - 1)) == style.rgb(info.color)
    pal = ctx.style.palette
    plain = style.mix(pal.panel, pal.raised, 0.6)
    assert scene.rows
    for pid in scene.rows:  # only the row being entered is lit, in its colour
        row = lay[f"row.{pid}"].rect
        at = _pixel(ctx, (lay[f"row.{pid}.name"].rect.right - 1, row.y + ctx.style.px(4)))
        lit = style.mix(pal.panel, style.rgb(view.party(pid).color), 0.5)
        assert at == (lit if pid == party else plain), pid


def _decisions(ctx: Context) -> dict[str, bool]:
    assert ctx.table is not None
    return dict(ctx.table.control_view().decisions)


def test_the_header_and_the_lit_row_name_the_decision_being_entered(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _signing(ctx)
        _entering(ctx, "uk")  # the first delegation at the screen
        assert "Y sign · N refuse" in scene.layout["footer.hint"].text
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, ctx.app.size) == []
    finally:
        ctx.end_game()


def test_tab_moves_the_current_delegation_and_y_signs_for_it(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _signing(ctx)
        while scene.focused_id() != "refuse_usa":
            ctx.app.send(Intent("focus_next"))
        _entering(ctx, "usa")  # Tab onto its Refuse made it current
        assert scene.focused_id() == "refuse_usa"  # the focus stayed where Tab put it
        ctx.app.send(Intent("key", key="y"))  # Y signs for the current one, whatever is focused
        assert _decisions(ctx) == {"usa": True}
        scene = ctx.app.scenes.top  # type: ignore[assignment]
        assert isinstance(scene, ProjectorSignScene)
        assert scene.layout["row.usa.said"].text == "Decided"  # the public sees only that
        _entering(ctx, "ukraine")  # then on round the room: the one after it
        ctx.app.send(Intent("key", key="n"))  # held: a second press must not enter the next
        assert _decisions(ctx) == {"usa": True}
        scene = _settle(ctx)
        ctx.app.send(Intent("key", key="n"))
        assert _decisions(ctx) == {"usa": True, "ukraine": False}
        scene = ctx.app.scenes.top  # type: ignore[assignment]
        assert isinstance(scene, ProjectorSignScene)
        _entering(ctx, "uk")  # round the room back to the first one still to decide
    finally:
        ctx.end_game()


def test_enter_with_nothing_focused_focuses_the_current_sign(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _signing(ctx)
        scene.current = "ukraine"
        scene.rebuild()
        ctx.app.send(Intent("confirm"))
        assert scene.focused_id() == "sign_ukraine" and scene.current == "ukraine"
        ctx.app.send(Intent("confirm"))  # a second Enter presses it
        assert _decisions(ctx) == {"ukraine": True}
        scene = ctx.app.scenes.top  # type: ignore[assignment]
        assert isinstance(scene, ProjectorSignScene) and scene.focused_id() == ""
        _entering(ctx, "uk")
    finally:
        ctx.end_game()


def test_enter_focuses_refuse_once_the_rules_refused_the_signature(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _signing(ctx)
        assert ctx.table is not None
        real = ctx.table.apply

        def red_line(action: Action) -> None:
            if type(action).__name__ == "Sign":
                raise GameError("uk cannot sign: across its red line", "action/red_line")
            real(action)
        monkeypatch.setattr(ctx.table, "apply", red_line)
        ctx.app.send(Intent("key", key="y"))
        assert _decisions(ctx) == {}
        assert scene.error == "This delegation cannot sign this text."
        assert scene.current == "uk"  # still to decide: still current
        ctx.app.send(Intent("confirm"))
        assert scene.focused_id() == "refuse_uk"
        ctx.app.send(Intent("confirm"))
        assert _decisions(ctx) == {"uk": False}
    finally:
        ctx.end_game()


def test_the_header_waits_when_no_one_at_the_screen_has_a_decision_left(
        tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        _signing(ctx, ("uk", "usa"))  # Ukraine is a bot, too slow to decide yet
        for party in ("uk", "usa"):
            _settle(ctx)
            _entering(ctx, party)
            ctx.app.send(Intent("key", key="y"))
        assert _decisions(ctx) == {"uk": True, "usa": True}
        assert not isinstance(ctx.app.scenes.top, ProjectorSignScene)  # the flow moved on
        scene = ProjectorSignScene(ctx)
        ctx.app.push(scene)
        assert scene.current is None
        assert scene.layout["header.title"].text == "Signing: waiting for the other delegations"
        assert "header.badge" not in scene.layout
        assert scene.accent == ctx.style.palette.accent
        assert not scene.focusable()  # nothing left to enter
        ctx.app.send(Intent("key", key="y"))
        assert _decisions(ctx) == {"uk": True, "usa": True}
    finally:
        ctx.end_game()


def test_after_the_last_on_the_page_the_next_page_s_first_is_current(tmp_path: Path) -> None:
    """The flagship at 1280x720, scale 1.5: four delegations a page. Deciding those of the
    first page by key turns to the page of the next one, and makes it current."""
    ctx = make_ctx(tmp_path / "home", (1280, 720), 1.5)
    try:
        humans = ("uk", "france", "usa", "ukraine", "germany", "poland", "italy", "turkey")
        projector_game(ctx, FLAGSHIP, humans, "1")
        table = ctx.table
        assert table is not None
        ctx.run = RunOptions(speed=0.001)
        stand_ins = {p: make_bot(p, parse_spec("linear")) for p in humans}
        for _ in range(5000):
            if table.view(OBSERVER).phase == "signing" or table.over:
                break
            waiting = table.humans_to_move()
            if waiting:
                p = waiting[0]
                table.apply(stand_ins[p].act(table.session.view(p), seat_rng("1", p)).action)
            else:
                table.step_bot()
        assert table.view(OBSERVER).phase == "signing"
        flow.show_game(ctx)
        scene = _settle(ctx)
        assert scene.page_count > 1 and scene.page == 0
        first_page = list(scene.rows)
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, ctx.app.size) == []
        for party in [p for p in first_page if p in humans]:
            _entering(ctx, party)
            ctx.app.send(Intent("key", key="n"))
            assert _decisions(ctx).get(party) is False
            scene = _settle(ctx)
        assert scene.page == 1 and scene.rows[0] not in first_page
        nxt = next(p for p in scene.rows if p in humans)
        _entering(ctx, nxt)
        # paging back: nothing left to enter there, the header points at page 2
        ctx.app.send(Intent("widget", widget="page_prev"))
        scene = ctx.app.scenes.top  # type: ignore[assignment]
        assert isinstance(scene, ProjectorSignScene) and scene.page == 0
        assert scene.current == nxt and scene.current_page == 1
        assert scene.layout["header.subtitle"].text.startswith("On page 2 (Y or N shows it)")
        ctx.app.send(Intent("key", key="y"))  # shows it first, enters nothing
        assert scene.page == 1 and nxt not in _decisions(ctx)
        _entering(ctx, nxt)
    finally:
        ctx.end_game()

"""Polish of the voting and signing screens: projector mode names the vote being entered, the
vote buttons look alike until a choice is made (and a choice made looks neither like a button
nor like the keyboard focus), a refused vote by key turns no page later, and the signing
screen's value column is as wide as its numbers."""

from __future__ import annotations

from pathlib import Path

import pygame
import pygame_gui
import pytest

from game import paths
from game.bots import make_bot, parse_spec, seat_rng
from game.core.actions import Action, Sign, Vote
from game.core.errors import GameError
from game.core.view import OBSERVER
from game.ui import style
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes import table_parts as tp
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.sign import ProjectorSignScene, SignScene
from game.ui.scenes.vote import VOTE_PAUSE, ProjectorVoteScene

from .conftest import button_of, make_ctx, pixel, start, tutorial_signing, ukraine_ballot
from .test_private_screens import play_until
from .test_projector import enter, projector_game

FLAGSHIP = paths.bundled_scenario("ukraine-reassurance-2025")
TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")
DT = 1 / 60
SIZES = (((1280, 720), 1.0), ((1920, 1080), 1.0), ((1280, 720), 1.5))


def _inside(rect: pygame.Rect, ctx: Context) -> tuple[int, int]:
    """A point inside a button's face, clear of its border and its label."""
    return rect.x + ctx.style.px(6), rect.centery


def _draw(ctx: Context) -> None:
    scene = ctx.app.scenes.top
    assert scene is not None
    scene.dirty = True
    ctx.app.step([], DT)
    ctx.app.draw_scene(scene)


# -- projector mode: the vote being entered ----------------------------------------------------


def _projector_vote(ctx: Context) -> ProjectorVoteScene:
    """The flagship in projector mode with four seats at the table, at the first vote with
    at least two of their votes to enter and no bot left to vote."""
    humans = ("uk", "france", "usa", "ukraine")
    projector_game(ctx, FLAGSHIP, humans, "3")
    table = ctx.table
    assert table is not None
    stand_ins = {p: make_bot(p, parse_spec("linear")) for p in humans}
    for _ in range(2000):
        ctx.app.step([], DT)
        scene = ctx.app.scenes.top
        if isinstance(scene, ProjectorVoteScene) and len(scene.pending) >= 2 \
                and table.bot_to_move() is None:
            return scene
        if table.humans_to_move() and not isinstance(scene, ProjectorVoteScene):
            p = table.humans_to_move()[0]
            enter(ctx, stand_ins[p].act(table.session.view(p), seat_rng("3", p)).action)
    raise AssertionError("no vote to enter")


def _entering(ctx: Context, scene: ProjectorVoteScene, entry: tuple[int, str]) -> None:
    """The header and the lit cell both name `entry`, in its party's colour."""
    pid, party = entry
    view = scene.table.view(OBSERVER)
    info = view.party(party)
    lay = scene.layout
    assert scene.current == entry
    owner = f"{info.name}'" if info.name.endswith("s") else f"{info.name}'s"
    assert lay["header.title"].text == f"Entering: {owner} vote"
    assert lay["header.subtitle"].text.startswith(f"On proposal {pid} · ")
    assert lay["header.badge"].text == party[:3].upper()
    _draw(ctx)
    color = style.rgb(info.color)
    header = lay["header"].rect
    assert pixel(ctx, (header.centerx, header.bottom - 1)) == color  # underlined in it
    pal = ctx.style.palette
    plain = style.mix(pal.panel, pal.raised, 0.6)
    for p_id, s in scene.pending:  # only the cell being entered is lit, in its colour
        cell = lay[f"p{p_id}.v.{s}"].rect
        at = pixel(ctx, (cell.x + ctx.style.px(46), cell.centery))
        lit = style.mix(pal.panel, style.rgb(view.party(s).color), 0.5)
        assert at == (lit if (p_id, s) == entry else plain), (p_id, s)


def test_projector_mode_marks_the_vote_being_entered(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _projector_vote(ctx)
        table = ctx.table
        assert table is not None
        first, second = scene.pending[:2]
        _entering(ctx, scene, first)
        # Tab onto the second delegation's buttons: its vote is the one being entered now,
        # and Y enters it (not the first one's)
        while scene.focused_id() != f"yes_{second[0]}_{second[1]}":
            ctx.app.send(Intent("focus_next"))
        _entering(ctx, scene, second)
        ctx.app.send(Intent("key", key="y"))
        ctx.app.step([], DT)
        votes = {p.id: p.votes for p in table.control_view().proposals}
        assert votes[second[0]].get(second[1]) is True
        assert first[1] not in votes[first[0]]
        scene = ctx.app.scenes.top  # type: ignore[assignment]
        assert isinstance(scene, ProjectorVoteScene)
        # then on round the room: the next one after it (or back to the first)
        assert scene.current is not None and scene.current != second
        _entering(ctx, scene, scene.current)
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, ctx.app.size) == []
        # a second Y straight after (a double press) enters nothing; one a moment later does
        nxt = scene.current
        ctx.app.send(Intent("key", key="y"))
        votes = {p.id: p.votes for p in table.control_view().proposals}
        assert nxt[1] not in votes[nxt[0]]
        ctx.app.step([], VOTE_PAUSE)
        ctx.app.send(Intent("key", key="y"))
        votes = {p.id: p.votes for p in table.control_view().proposals}
        assert votes[nxt[0]].get(nxt[1]) is True
    finally:
        ctx.end_game()


def test_enter_without_focus_focuses_the_vote_being_entered(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _projector_vote(ctx)
        pid, party = scene.pending[1]
        scene.current = (pid, party)
        scene.rebuild()
        ctx.app.send(Intent("confirm"))
        assert scene.focused_id() == f"yes_{pid}_{party}"
    finally:
        ctx.end_game()


# -- choices look neutral until made -------------------------------------------------------------


def _classes(b: pygame_gui.elements.UIButton) -> list[str | None]:
    return list(b.class_ids)


def test_support_and_oppose_look_alike_until_a_vote_is_cast(ctx: Context) -> None:
    scene = ukraine_ballot(ctx)
    _draw(ctx)
    for pid in (1, 2):
        support, oppose = button_of(scene, f"support_{pid}"), button_of(scene, f"oppose_{pid}")
        assert _classes(support) == _classes(oppose) and "@primary" not in _classes(support)
        assert pixel(ctx, _inside(support.rect, ctx)) == pixel(ctx, _inside(oppose.rect, ctx))
    ctx.app.send(Intent("focus_next"))  # the keyboard focus: on Support of proposal 1
    _draw(ctx)
    focused = pixel(ctx, _inside(button_of(scene, "support_1").rect, ctx))
    assert focused != pixel(ctx, _inside(button_of(scene, "oppose_1").rect, ctx))
    ctx.app.send(Intent("widget", widget="support_1"))
    ctx.app.send(Intent("focus_next"))  # focus on Support of proposal 2
    _draw(ctx)
    support, oppose = button_of(scene, "support_1"), button_of(scene, "oppose_1")
    assert not support.is_enabled and not oppose.is_enabled  # both stay, switched off
    assert scene.layout["p1.support_1.stamp"].text == "Supported"
    assert "p1.oppose_1.stamp" not in scene.layout
    chosen = pixel(ctx, _inside(support.rect, ctx))
    pal = ctx.style.palette
    assert chosen == style.mix(pal.panel, pal.good, 0.45)  # filled in the colour of "yes"
    others = {pixel(ctx, _inside(oppose.rect, ctx)),  # not chosen: switched off
              pixel(ctx, _inside(button_of(scene, "support_2").rect, ctx)),  # focused
              pixel(ctx, _inside(button_of(scene, "oppose_2").rect, ctx))}  # waiting
    assert len(others) == 3 and chosen not in others
    assert audit(scene.layout) == []


def test_an_opposed_proposal_is_stamped_opposed(ctx: Context) -> None:
    scene = ukraine_ballot(ctx)
    ctx.app.send(Intent("widget", widget="oppose_2"))
    _draw(ctx)
    assert scene.layout["p2.oppose_2.stamp"].text == "Opposed"
    pal = ctx.style.palette
    at = _inside(button_of(scene, "oppose_2").rect, ctx)
    assert pixel(ctx, at) == style.mix(pal.panel, pal.bad, 0.45)


def test_projector_yes_no_and_sign_refuse_look_alike(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720))
    try:
        scene = _projector_vote(ctx)
        for pid, party in scene.pending:
            yes, no = button_of(scene, f"yes_{pid}_{party}"), button_of(scene, f"no_{pid}_{party}")
            assert _classes(yes) == _classes(no) and "@primary" not in _classes(yes)
        sign = ProjectorSignScene(ctx)
        ctx.app.push(sign)
        for party in sign.rows:
            if any(f"sign_{party}" in str(w.object_ids) for w in sign.widgets):
                a, b = button_of(sign, f"sign_{party}"), button_of(sign, f"refuse_{party}")
                assert _classes(a) == _classes(b) and "@primary" not in _classes(a)
    finally:
        ctx.end_game()


def test_sign_and_refuse_look_alike(ctx: Context) -> None:
    scene = tutorial_signing(ctx, "air_power")
    _draw(ctx)
    sign, refuse = button_of(scene, "sign"), button_of(scene, "refuse")
    assert _classes(sign) == _classes(refuse) and "@primary" not in _classes(sign)
    assert pixel(ctx, _inside(sign.rect, ctx)) == pixel(ctx, _inside(refuse.rect, ctx))


# -- a refused vote by key -----------------------------------------------------------------------


def _refusing(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> list[Action]:
    """Make the rules refuse every action from now on; the actions tried."""
    tried: list[Action] = []

    def refuse(action: Action) -> None:
        tried.append(action)
        raise GameError("Voting is closed.", "action/wrong_phase")
    assert ctx.table is not None
    monkeypatch.setattr(ctx.table, "apply", refuse)
    return tried


def test_a_refused_vote_by_key_leaves_no_turn_of_the_page_pending(
        ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    scene = ukraine_ballot(ctx)
    tried = _refusing(ctx, monkeypatch)
    ctx.app.send(Intent("key", key="y"))
    assert tried == [Vote("ukraine", 1, True)]
    assert scene.error.endswith("Voting is closed.")
    assert not scene.to_next and scene.key_hold == 0  # Y may be pressed again at once
    # Even when the screen is not laid out again at once (another screen over it), the
    # refused vote leaves nothing behind to fire at a later layout.
    ctx.app.push(PauseScene(ctx))
    scene.handle(Intent("key", key="n"))
    assert len(tried) == 2 and not scene.to_next
    monkeypatch.undo()
    ctx.app.pop()
    assert ctx.app.scenes.top is scene


# -- the signing screen's value column ---------------------------------------------------------


def _numbers_whole(scene: SignScene) -> list[str]:
    """The value texts of the signing screen; asserts none is cut."""
    nums = [b for b in scene.layout if b.name.startswith("clauses.") and b.name.endswith(".num")]
    assert nums
    for b in nums:
        assert b.lines == (b.text,) and "…" not in b.lines[0], (b.name, b.text, b.lines)
        assert b.font is not None and b.font.size(b.text)[0] <= b.rect.w
    return [b.text for b in nums]


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_no_value_or_decision_line_on_the_signing_screen_is_cut(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, FLAGSHIP, humans=("france",))
        table = ctx.table
        assert table is not None
        play_until(ctx, "france", lambda: table.view().phase == "signing")
        assert table.view().phase == "signing"
        for party in table.seats:  # every seat's own numbers
            scene = SignScene(ctx, party)
            ctx.app.push(scene)
            ctx.app.step([], DT)
            _numbers_whole(scene)
            for key in ("verdict", "rule", "decided"):  # what signing needs, never cut short
                assert not scene.layout[key].truncated, (party, scene.layout[key].text)
            assert audit(scene.layout) == [], party
            ctx.app.pop()
    finally:
        ctx.end_game()


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_a_value_with_a_decimal_is_shown_whole(tmp_path: Path, size: tuple[int, int],
                                               scale: float) -> None:
    """The United States values US air power at 26.7 in the tutorial: once shown as "2…".
    The column now shows what each clause adds (its weight times that value): every seat's
    figures are those points, shown whole (the flagship's decimals are checked above)."""
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        tutorial_signing(ctx, "air_power")
        assert ctx.table is not None
        for party in ("uk", "usa", "ukraine"):
            ctx.table.hand_to(party)
            scene = SignScene(ctx, party)
            ctx.app.push(scene)
            ctx.app.step([], DT)
            view = ctx.table.view(party)
            assert view.me is not None
            added = tp.clause_points(view, view.me.preferences, view.draft).clauses
            shown = _numbers_whole(scene)
            assert shown == [f"{added[i.id]:g}" for i in view.issues]
            assert audit(scene.layout) == []
            ctx.app.pop()
    finally:
        ctx.end_game()


def test_the_signing_screen_says_what_this_rounds_votes_did(ctx: Context) -> None:
    """The votes just before a signing show nowhere else: the round's results card comes only
    with the next round, and after the last round there is none."""
    scene = tutorial_signing(ctx, "air_power")
    assert ctx.table is not None
    view = ctx.table.view()
    said = " + ".join(tp.amendments_text(view, ((i, o),)) for i, o in (
        ("force_size", "about_15k"), ("us_backstop", "air_power"), ("zone", "cities_ports")))
    assert scene.layout["results"].text == f"Round 1 results: #1 passed: {said}"
    assert "European force size › About 15,000 + " in said
    assert not scene.layout["results"].truncated
    assert audit(scene.layout) == []


def test_a_decided_delegations_chip_shows_that_it_decided_not_in_its_own_colour(
        ctx: Context) -> None:
    """A chip filled in the party's colour read as the decision: the US's red as "refused".
    A decided chip is neutral, with a bar of the party's colour; an undecided one an outline."""
    scene = tutorial_signing(ctx, "intel_logistics")
    table = ctx.table
    assert table is not None
    table.apply(Sign("usa"))
    ctx.app.step([], DT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, SignScene) and table.view("uk").decided == ("usa",)
    st, view = ctx.style, table.view("uk")
    for party, decided in (("usa", True), ("uk", False)):
        rect = scene.layout[f"chip.{party}"].rect
        colour = style.rgb(view.party(party).color)
        face = pixel(ctx, (rect.x + st.px(7), rect.y + st.px(3)))  # clear of bar and tag
        bar = pixel(ctx, (rect.x + st.px(2), rect.centery))
        edge = pixel(ctx, (rect.centerx, rect.y))
        assert face != colour
        if decided:
            assert bar == colour and face == st.palette.raised
        else:
            assert edge == colour and face != st.palette.raised


def test_the_signing_rule_names_the_quorum_only_when_it_asks_for_more(ctx: Context) -> None:
    """"Needs UK, USA, UKR and 3 signatures" said the same thing twice."""
    scene = tutorial_signing(ctx, "intel_logistics")
    assert scene.layout["rule"].text == "Needs UK, USA and UKR to sign"


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_final_signing_says_what_passed_in_the_last_round(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    """Round 8's results were cut after the failures, tooltip too, so the student never saw
    what passed in the last round (58.png, 59.png): what passed leads the line, which takes
    the room the clauses leave; where even that is short, the round in short names what
    passed (the options are in the text above), the whole line the tooltip."""
    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, FLAGSHIP, humans=("poland",))
        table = ctx.table
        assert table is not None
        play_until(ctx, "poland", lambda: table.view().final_signing
                   and "poland" in table.humans_to_move())
        view = table.view(OBSERVER)
        passed = [p for p in view.proposals if p.round == view.round and p.result == "passed"]
        assert passed and len([p for p in view.proposals if p.round == view.round]) > 3
        table.hand_to("poland")
        scene = SignScene(ctx, "poland")
        ctx.app.push(scene)
        ctx.app.step([], DT)
        results = scene.layout["results"]
        shown = " ".join(results.lines)
        assert not results.truncated
        whole = tp.round_results(view, view.round, passed_first=True)
        for p in passed:
            said = " + ".join(tp.amendments_text(view, ((i, o),)) for i, o in p.amendments)
            assert f"#{p.id} passed: {said}" in whole
            if scale == 1.0:
                assert results.text == whole
            else:
                assert f"#{p.id}" in shown and " passed" in shown
                assert results.tooltip in ("", whole)
        assert audit(scene.layout) == []
    finally:
        ctx.end_game()

"""The negotiating table: the builder makes real proposals, the rules' refusals show, the
observer sees nothing private, the map follows the draft, and nothing overflows anywhere."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from game.core.actions import Inject, Propose
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes import table_parts as tp
from game.ui.scenes.table import TableScene
from tests.ui.conftest import make_ctx, show_table, start

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
OFFERS = SCENARIOS / "tutorial-alternating-offers.yaml"
DT = 1 / 60


def _until_turn(ctx: Context, party: str) -> None:
    """Let the bots move until `party` may table a proposal (or an offer)."""
    assert ctx.table is not None
    for _ in range(300):
        view = ctx.table.view(party)
        if party in view.to_move and view.phase in ("proposals", "offers"):
            return
        assert ctx.table.step_bot() is not None, f"stuck in {view.phase}"
    raise AssertionError(f"{party} never got the floor")


def _seat(ctx: Context, scenario: Path, party: str) -> TableScene:
    """A game with `party` human, its turn to propose, the table on screen for it."""
    start(ctx, scenario, humans=(party,))
    assert ctx.table is not None
    _until_turn(ctx, party)
    return show_table(ctx, party)


def _click(ctx: Context, scene: TableScene, box: str) -> None:
    ctx.app.send(Intent("click", pos=scene.layout[box].rect.center))
    ctx.app.step([], DT)


def _other_options(scene: TableScene, count: int) -> list[tuple[str, str]]:
    """`count` (clause, option) pairs that change the draft, on unlocked clauses."""
    view = scene.view
    out = []
    for issue in view.issues:
        if issue.id in view.locked:
            continue
        option = next(o for o in issue.option_ids if o != view.draft.get(issue.id))
        out.append((issue.id, option))
        if len(out) == count:
            break
    return out


def _problems(ctx: Context, scene: TableScene) -> list[str]:
    return audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size)


def test_a_trade_is_two_clicks_and_propose(ctx: Context) -> None:
    scene = _seat(ctx, FLAGSHIP, "uk")
    assert scene.open and "btn:propose" in scene._slots
    give, take = _other_options(scene, 2)
    before = len(ctx.table.view().proposals)  # type: ignore[union-attr]
    _click(ctx, scene, f"opt:{give[0]}:{give[1]}")
    _click(ctx, scene, f"opt:{take[0]}:{take[1]}")
    assert scene.builder.picks == dict([give, take])
    assert "builder:worth" in scene.layout and "worth" in scene.layout["builder:worth"].text
    ctx.app.send(Intent("widget", widget="propose"))
    ctx.app.step([], DT)
    view = ctx.table.view("uk")  # type: ignore[union-attr]
    assert len(view.proposals) == before + 1
    made = view.proposals[-1]
    assert made.party == "uk"
    assert dict(made.amendments) == dict([give, take])


def test_a_proposal_note_is_sent_once_and_does_not_carry_over(ctx: Context) -> None:
    scene = _seat(ctx, FLAGSHIP, "uk")
    (pick,) = _other_options(scene, 1)
    _click(ctx, scene, f"opt:{pick[0]}:{pick[1]}")
    assert scene._note is not None
    scene._note.set_text("Europe leads")
    ctx.app.send(Intent("widget", widget="propose"))
    ctx.app.step([], DT)
    assert ctx.table is not None and ctx.table.view("uk").proposals[-1].note == "Europe leads"
    scene._relayout()  # the next layout must not read the sent note back in
    assert scene.builder.note == ""
    assert scene._note is None or scene._note.get_text() == ""


def test_enter_in_the_note_proposes_or_says_what_is_missing(ctx: Context) -> None:
    scene = _seat(ctx, FLAGSHIP, "uk")
    assert scene._note is not None
    scene._note.set_text("Europe leads")
    ctx.app.send(Intent("widget", widget="note"))  # Enter in the note, nothing picked yet
    ctx.app.step([], DT)
    assert ctx.table is not None
    before = len(ctx.table.view("uk").proposals)
    assert scene.notice.startswith("Choose at least one option")
    (pick,) = _other_options(scene, 1)
    _click(ctx, scene, f"opt:{pick[0]}:{pick[1]}")
    ctx.app.send(Intent("widget", widget="note"))
    ctx.app.step([], DT)
    view = ctx.table.view("uk")
    assert len(view.proposals) == before + 1
    assert view.proposals[-1].note == "Europe leads"
    assert dict(view.proposals[-1].amendments) == dict([pick])


def test_a_second_click_takes_an_amendment_back_and_keys_work(ctx: Context) -> None:
    scene = _seat(ctx, TUTORIAL, "uk")
    (issue, option), = _other_options(scene, 1)
    _click(ctx, scene, f"opt:{issue}:{option}")
    assert scene.builder.picks == {issue: option}
    _click(ctx, scene, f"opt:{issue}:{option}")
    assert scene.builder.picks == {}
    ctx.app.send(Intent("key", key="1"))
    ctx.app.send(Intent("key", key="right"))
    assert len(scene.builder.picks) == 1
    ctx.app.send(Intent("key", key="s"))  # pass
    ctx.app.step([], DT)
    assert ctx.table is not None
    assert "uk" not in ctx.table.view("uk").to_move or ctx.table.view("uk").round > 1


def test_an_illegal_proposal_shows_the_rules_message_and_changes_nothing(
        ctx: Context) -> None:
    scene = _seat(ctx, FLAGSHIP, "uk")
    assert ctx.table is not None
    state = ctx.table.session.state
    too_many = _other_options(scene, scene.view.max_amendments + 1)
    # The builder itself refuses a clause beyond the limit, with a notice ...
    for issue, option in too_many:
        _click(ctx, scene, f"opt:{issue}:{option}")
    assert len(scene.builder.picks) == scene.view.max_amendments
    assert "at most" in scene.notice
    # ... and what the rules refuse shows their message and leaves the game as it was.
    scene.builder.picks = dict(too_many)
    ctx.app.send(Intent("key", key="p"))
    ctx.app.step([], DT)
    assert scene.error and ctx.table.session.state is state
    assert scene.layout["builder:msg"].text == scene.error
    scene.builder.picks = {}
    ctx.app.send(Intent("widget", widget="propose"))
    assert ctx.table.session.state is state and "at least one" in scene.notice


def test_the_observer_sees_no_private_data(ctx: Context) -> None:
    start(ctx, FLAGSHIP)
    assert ctx.table is not None and ctx.table.looking is None
    scene = show_table(ctx)
    assert scene.view.me is None and not scene.open
    assert "mine" not in scene.layout and "mine:bar" not in scene.layout
    assert "builder" not in scene.layout and "status" in scene.layout
    assert not any("Worth" in box.tooltip for box in scene.layout)


def test_the_seat_sees_its_utility_against_its_reservation(ctx: Context) -> None:
    scene = _seat(ctx, FLAGSHIP, "uk")
    assert "mine:bar" in scene.layout
    prefs = scene.view.me.preferences  # type: ignore[union-attr]
    assert f"reservation {prefs.reservation:.0f}" in scene.layout["mine:value"].text


def test_the_map_follows_the_draft(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    scene = show_table(ctx)
    area = scene._map_rect
    assert area is not None and scene.map is not None
    first = pygame.image.tobytes(ctx.app.surface.subsurface(area), "RGB")
    layers = scene.map.visible_layers
    draft = dict(ctx.table.view().draft)
    for _ in range(200):
        assert ctx.table.step_bot() is not None
        ctx.app.step([], DT)
        if dict(ctx.table.view().draft) != draft:
            break
    top = ctx.app.scenes.top
    assert isinstance(top, TableScene) and top.map is not None
    ctx.app.draw_scene(top)
    assert top.map.visible_layers != layers
    assert pygame.image.tobytes(ctx.app.surface.subsurface(area), "RGB") != first
    assert "legend:0" in top.layout



def test_hovering_the_map_names_every_place_there(ctx: Context) -> None:
    """The table's map tooltip is the map's own: every place under the pointer with its kind
    and who controls it (it named one place, "controlled by Russian-controlled")."""
    scene = _seat(ctx, FLAGSHIP, "uk")
    area, spec = scene._map_rect, ctx.table.map_spec if ctx.table is not None else None
    assert area is not None and scene.map is not None and spec is not None
    controlled = [loc for loc in spec.locations if loc.control and loc.kind not in ("sea",
                                                                                   "region")]
    for loc in controlled:
        x, y = scene.map.proj.to_screen(loc.lon, loc.lat)
        if 0 <= x < area.w and 0 <= y < area.h:
            break
    else:
        pytest.fail("no controlled place in sight")
    pos = (area.x + round(x), area.y + round(y))
    ctx.app.send(Intent("pointer", pos=pos))
    assert scene._tip == scene.map.tooltip_at((pos[0] - area.x, pos[1] - area.y))
    assert f"{loc.name} (" in scene._tip and f"– {loc.control}" in scene._tip
    assert "controlled by" not in scene._tip

@pytest.mark.parametrize("scenario", [FLAGSHIP, TUTORIAL, OFFERS], ids=lambda p: p.stem)
def test_nothing_overflows_at_any_size(tmp_path: Path, scenario: Path) -> None:
    for n, (size, scale) in enumerate((((1280, 720), 1.0), ((1920, 1080), 1.0),
                                       ((1280, 720), 1.5))):
        party = "uk"
        # the seat, builder open
        c = make_ctx(tmp_path / f"seat{n}", size, scale)
        try:
            scene = _seat(c, scenario, party)
            assert scene.open
            assert _problems(c, scene) == [], (size, scale, "builder")
            picks = _other_options(scene, 2)
            for issue, option in picks:
                _click(c, scene, f"opt:{issue}:{option}")
            ctx_view = c.table.view(party)  # type: ignore[union-attr]
            if ctx_view.protocol != "alternating_offers":
                scene.act(Propose(party, tuple(picks), "A fair trade: a long note " * 6))
            else:
                c.app.send(Intent("widget", widget="offer"))
            c.app.step([], DT)
            top = c.app.scenes.top
            assert isinstance(top, TableScene)
            assert _problems(c, top) == [], (size, scale, "after proposing")
            c.app.send(Intent("key", key="m"))  # the full-width draft text
            c.app.step([], DT)
            assert _problems(c, top) == [], (size, scale, "text mode")
            c.app.send(Intent("key", key="m"))
        finally:
            c.end_game()
        # the public view, bots moving
        c = make_ctx(tmp_path / f"obs{n}", size, scale)
        try:
            start(c, scenario)
            scene = TableScene(c)
            c.app.push(scene)
            seen = 0
            for _ in range(12):
                top = c.app.scenes.top
                if not isinstance(top, TableScene):
                    break  # the game ended (alternating offers can end in a few moves)
                assert _problems(c, top) == [], (size, scale, "observer")
                seen += 1
                c.table.step_bot()  # type: ignore[union-attr]
                c.app.step([], DT)
            assert seen >= 3
        finally:
            c.end_game()


def test_pointer_shows_tooltips_and_the_wheel_scrolls(tmp_path: Path) -> None:
    c = make_ctx(tmp_path / "small", (1280, 720), 1.5)
    try:
        scene = _seat(c, FLAGSHIP, "uk")
        row = scene.layout["clause:force_size:name"].rect
        c.app.send(Intent("pointer", pos=row.center))
        assert "Force size" in scene._tip
        assert "clauses:more" in scene.layout  # ten clauses do not fit at 150 %
        c.app.send(Intent("wheel", pos=row.center, step=-3))
        assert scene.scroll["clauses"] == 3 and "clause:force_size" not in scene.layout
        assert _problems(c, scene) == []
    finally:
        c.end_game()


def _table_for(ctx: Context, party: str) -> TableScene:
    assert ctx.table is not None
    ctx.table.hand_to(party)
    scene = TableScene(ctx)
    ctx.app.push(scene)
    ctx.app.step([], DT)
    return scene


def test_ready_toggles_end_the_talking_once_every_delegation_is_ready(tmp_path: Path) -> None:
    ctx = make_ctx(tmp_path / "home")
    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    table.briefed.update(table.humans)
    order = list(table.session.state.order)
    first, second, third = order
    scene = _table_for(ctx, first)
    # at a hot-seat screen only the delegation at it has a Ready toggle
    assert f"party:{first}:ready" in scene.layout.boxes
    assert not any(f"party:{p}:ready" in scene.layout.boxes for p in (second, third))
    assert not audit(scene.layout)
    _click(ctx, scene, f"party:{first}:ready")  # ready at its own turn: it passes now
    assert table.ready == {first}
    assert table.session.records[-1]["text"] == f"pass {first}"
    scene = _table_for(ctx, second)
    box = f"party:{first}:ready"
    assert scene.layout[box].text == "Ready"  # the others see it, and cannot undo it
    _click(ctx, scene, box)
    assert table.ready == {first}
    table.apply(Propose(second, ((table.session.state.issues[0].id,
                                  table.session.state.issues[0].option_ids[0]),)))
    assert table.session.state.phase == "proposals"
    table.set_ready(second)  # ready after speaking: nothing passes, the round goes on
    scene = _table_for(ctx, third)
    seq = table.session.state.seq
    _click(ctx, scene, f"party:{third}:ready")  # the last one: the talking ends
    assert table.session.state.seq > seq
    assert f"pass {third}" in [r["text"] for r in table.session.records]
    assert table.session.state.phase == "votes"  # the second's proposal goes to the vote
    ctx.end_game()


@pytest.mark.parametrize("animations", [True, False], ids=["scrolling", "still"])
def test_a_long_headline_is_drawn_once_in_the_ticker(tmp_path: Path, animations: bool) -> None:
    """The news line is never painted into the cached frame: only the (scrolling) copy shows,
    so a headline too long for the bar cannot draw over itself."""
    c = make_ctx(tmp_path / "home")
    try:
        c.change_settings(c.settings.with_changes(animations=animations))
        _seat(c, TUTORIAL, "uk")
        assert c.table is not None
        c.table.apply(Inject("A headline far too long for the ticker " * 3,
                             "And a news text that goes on and on about the force " * 3, ()))
        for _ in range(240):  # a few seconds: the line scrolls
            c.app.step([], 1 / 30)
        top = c.app.scenes.top
        assert isinstance(top, TableScene) and top._frame is not None
        box = top.layout["tick:news"]
        assert box.truncated  # the test is about a line that does not fit
        under = top._frame.subsurface(box.rect)
        assert len({under.get_at((x, y))[:3] for x in range(box.rect.w)
                    for y in range(box.rect.h)}) == 1  # nothing painted there in the frame
        c.app.draw_scene(top)
        shown = c.app.surface.subsurface(box.rect)
        assert pygame.image.tobytes(shown, "RGB") != pygame.image.tobytes(under, "RGB")
        if animations:
            assert top._news_x > 0  # it scrolled, and the still copy is gone
    finally:
        c.end_game()


def test_the_ticker_opens_a_round_with_what_the_last_votes_did() -> None:
    from game.core.actions import parse_action
    from game.core.view import player_view
    from game.scenario import load_scenario
    from game.session.session import Session
    from game.ui.scenes.table import results_line
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "1", {})
    for line in ("propose uk force_size=about_15k us_backstop=air_power",
                 "propose usa force_size=up_to_30k zone=dmz_line",
                 "propose ukraine zone=cities_ports",
                 "vote usa 1 no", "vote ukraine 1 yes", "vote uk 2 no", "vote ukraine 2 no",
                 "vote uk 3 yes", "vote usa 3 yes"):
        assert results_line(player_view(session.state, "uk")) == ""  # round 1: nothing yet
        session.apply(parse_action(line))
    view = player_view(session.state, "uk")
    assert view.round == 2 and view.phase == "proposals"
    name = {p.id: p.name for p in view.parties}
    assert results_line(view) == (
        f"Round 1 results: #1 failed (opposed by {name['usa']}); "
        f"#2 failed (opposed by {name['uk']}, {name['ukraine']}); "
        f"#3 passed: {view.issue('zone').name} › "
        f"{tp.option_label(view.issue('zone'), 'cities_ports')}")
    session.apply(parse_action("propose " + view.order[0] + " zone=dmz_line"))
    assert results_line(player_view(session.state, "uk")) == ""  # the new round has begun


def test_the_results_line_says_who_refused_a_failed_signing() -> None:
    from game.core.actions import ForceSigning, Refuse, Sign
    from game.core.model import LockIssue, UnlockIssue
    from game.core.view import player_view
    from game.scenario import load_scenario
    from game.session.session import Session
    from game.ui.scenes.table import results_line
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "1", {})
    state = session.state
    banned = {(r.issue, o) for p in state.prefs.values() for r in p.red_lines for o in r.options}
    signable = {i.id: next(o for o in i.option_ids if (i.id, o) not in banned)
                for i in state.issues}
    session.apply(Inject("Settled", "", tuple(
        e for i, o in signable.items() for e in (LockIssue(i, o), UnlockIssue(i)))))
    session.apply(ForceSigning())
    parties = loaded.scenario.party_ids
    refuser = parties[-1]
    for p in parties:
        session.apply(Refuse(p) if p == refuser else Sign(p))
    view = player_view(session.state, parties[0])
    assert view.round == 2 and view.phase == "proposals"
    assert results_line(view, session.records) == (
        f"Round 1 results: signing failed: {view.party(refuser).name} refused")
    assert results_line(view) == ""  # without the records nothing is known of the signing


def test_the_builder_warns_of_a_copy_and_of_completing_the_text_below_the_walk_away(
        ctx: Context) -> None:
    """A play-tester tabled an exact copy of a package already on the table, and built one
    that settled the text below the walk-away, with no word from the builder."""
    from game.core.actions import Propose
    from game.core.scoring import score

    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    assert table.view().order[0] == "uk"
    table.apply(Propose("uk", (("force_size", "about_15k"),)))
    scene = show_table(ctx, "usa")
    assert scene.open

    def said(picks: dict[str, str]) -> str:
        scene.builder.picks = dict(picks)
        scene._relayout()
        return scene.layout["builder:worth"].text

    assert said({"force_size": "about_15k"}) == (
        "This package is already on the table as #1: a copy would lapse")
    assert not scene.layout["builder:worth"].truncated
    text = {"force_size": "trainers_5k", "us_backstop": "none", "zone": "cities_ports"}
    low = said(text)
    prefs = table.view("usa").me.preferences  # type: ignore[union-attr]
    worth = score(prefs, text, list(text), 0)
    assert worth < prefs.reservation
    assert low == (f"This package completes the text at {worth:.1f} if signed now, below "
                   f"your walk-away {prefs.reservation:g}")
    assert not scene.layout["builder:worth"].truncated
    assert "already" not in said({"force_size": "up_to_30k"})


def test_a_package_that_makes_the_text_signable_is_weighed_against_the_walk_away(
        ctx: Context) -> None:
    """No clause of the tutorial has a fallback, so its draft cannot be signed until all are
    settled: a package that settles the last of them is weighed against the walk-away (what
    the draft is worth as it stands), not against the draft counting those clauses 0."""
    from game.core.scoring import utility
    from game.core.words import signed

    start(ctx, TUTORIAL, humans=("uk",))
    table = ctx.table
    assert table is not None
    scene = show_table(ctx, "uk")
    assert scene.open
    prefs = table.view("uk").me.preferences  # type: ignore[union-attr]

    def said(picks: dict[str, str]) -> str:
        scene.builder.picks = dict(picks)
        scene._relayout()
        assert not scene.layout["builder:worth"].truncated
        return scene.layout["builder:worth"].text

    text = {"force_size": "up_to_30k", "us_backstop": "air_power", "zone": "cities_ports"}
    worth = utility(prefs, text, list(text))
    assert worth >= prefs.reservation
    assert said(text) == (f"This package makes a text you could sign, worth {worth:.1f} to "
                          f"you ({signed(worth - prefs.reservation)} on your walk-away)")
    assert said({"zone": "cities_ports"}).endswith("on the draft)")  # still two open


def test_under_alternating_offers_the_builder_shows_the_standing_offers_worth(
        ctx: Context) -> None:
    """"My utility for this draft 0.0": the draft never moves under alternating offers."""
    from game.core.actions import Offer
    from game.core.scoring import score, utility

    start(ctx, OFFERS, humans=("uk", "usa"))
    table = ctx.table
    assert table is not None
    scene = show_table(ctx, "uk")
    assert scene.layout["mine:label"].text == "No offer on the table yet"
    view = table.view("uk")
    text = tuple((i.id, i.option_ids[-1]) for i in view.issues)
    table.apply(Offer("uk", text))
    ctx.app.pop()
    scene = show_table(ctx, "usa")
    usa = table.view("usa")
    assert usa.me is not None
    worth = utility(usa.me.preferences, dict(text), tuple(i.id for i in usa.issues))
    assert scene.layout["mine:label"].text == "The standing offer, accepted now"
    assert scene.layout["mine:value"].text.startswith(f"{worth:.1f}  ·  reservation ")
    # a round on, accepting scores less: urgency comes off, as the debrief will count it
    table.apply(Offer("usa", text))
    assert table.view().round == 2
    ctx.app.pop()
    scene = show_table(ctx, "uk")
    uk = table.view("uk")
    assert uk.me is not None
    now = score(uk.me.preferences, dict(text), tuple(i.id for i in uk.issues), 1)
    assert now < utility(uk.me.preferences, dict(text), tuple(i.id for i in uk.issues))
    assert scene.layout["mine:value"].text.startswith(f"{now:.1f}  ·  reservation ")


def test_while_paused_the_table_says_the_bot_to_move_waits(ctx: Context) -> None:
    """"France is thinking…" stood on the table while the control seat's pause held the bots."""
    start(ctx, TUTORIAL, humans=("ukraine",))
    table = ctx.table
    assert table is not None
    scene = show_table(ctx, "ukraine")
    bot = table.view().to_move[0]
    name = table.view().party(bot).name
    assert scene.layout["status:head"].text == f"{name} is thinking…"
    table.pause(True)
    ctx.app.pop()
    scene = show_table(ctx, "ukraine")
    assert scene.layout["status:head"].text == f"Paused by the control seat: {name} waits."


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_the_builders_warning_and_the_tutorial_tip_show_whole(
        tmp_path: Path, size: tuple[int, int], scale: float) -> None:
    """The warning was cut before the walk-away ("...53.4, below your…", 13.png) and the
    tutorial's tip mid-sentence (06.png): both now take the lines they need."""
    from tests.conftest import TUTORIAL

    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
        table = ctx.table
        assert table is not None
        table.apply(Propose("uk", (("force_size", "about_15k"),)))
        scene = show_table(ctx, "usa")
        tip = scene.layout["builder:msg"]
        assert tip.text.startswith("Tip: ") and not tip.truncated
        scene.builder.picks = {"force_size": "trainers_5k", "us_backstop": "none",
                               "zone": "cities_ports"}
        scene._relayout()
        ctx.app.step([], 1 / 60)
        walk = table.view("usa").me.preferences.reservation  # type: ignore[union-attr]
        warning = scene.layout["builder:worth"]
        assert warning.text.startswith("This package completes the text at ")
        assert not warning.truncated
        assert f"below your walk-away {walk:g}" in " ".join(warning.lines)
        assert audit(scene.layout) == [] and audit_gui(ctx.app.manager, size) == []
    finally:
        ctx.end_game()

"""The table screen as a play-test left it: the round-results card uses the room it has and
drops nothing (long reasons wrap, a busy round pages whole proposals under a line naming the
rest), the last rounds' no-fallback banner leaves every clause in sight at 1280x720, and
projector mode's results strip covers neither the operator's header nor a control."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pygame
import pytest
from pygame_gui.core import UIElement

from game.core.actions import Pass, Propose
from game.core.view import OBSERVER
from game.session.table import Table
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import Box, audit, audit_gui
from game.ui.pilot import DT, Pilot
from game.ui.scenes import table_parts as tp
from game.ui.scenes.table import (
    RESULTS_STRIP_SECONDS,
    STRIP_PAGE_SECONDS,
    TableScene,
)
from tests.conftest import FLAGSHIP

from .conftest import make_ctx, play_as, show_table, start
from .test_control import PIN, _open

ME = "france"
SIZES = [((1280, 720), 1.0), ((1920, 1080), 1.0), ((1280, 720), 1.5)]


def _play(table: Table, done: Callable[[], bool]) -> None:
    """France proposes in rounds 1 and 2 (see `play_as`). With seed 1 the bots leave clauses
    with no fallback open into round 7 (busy rounds: see `_to_busy_round`)."""
    play_as(table, ME, done, propose_until=2)


def _to_round(ctx: Context, round_: int, *, my_turn: bool = False) -> Table:
    """The flagship with France human, played into `round_` (at France's turn to propose)."""
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)
    _play(table, lambda: table.view(OBSERVER).round >= round_ and (
        not my_turn or (table.view(ME).phase == "proposals" and ME in table.view(ME).to_move)))
    assert not table.over and table.view(OBSERVER).round == round_
    return table


def _to_busy_round(ctx: Context, *, my_turn: bool = False) -> tuple[Table, int]:
    """The flagship with France human, played into the first round after one in which eight
    proposals or more were tabled (at France's turn to propose); and that busy round."""
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)

    def busy() -> bool:
        view = table.view(OBSERVER)
        return sum(p.round == view.round - 1 for p in view.proposals) >= 8

    _play(table, lambda: busy() and (
        not my_turn or (table.view(ME).phase == "proposals" and ME in table.view(ME).to_move)))
    assert not table.over
    return table, table.view(OBSERVER).round - 1


def _clean(ctx: Context, scene: TableScene) -> None:
    assert audit(scene.layout) == []
    assert audit_gui(ctx.app.manager, scene.layout.size) == []


@pytest.fixture
def text_view(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Show the map (True) or the full-width draft text (False), put back after the test."""
    def choose(show_map: bool) -> None:
        monkeypatch.setattr(TableScene, "show_map", show_map)
    return choose


# -- the results card ---------------------------------------------------------------------------


def test_a_reason_names_its_delegation_once_then_says_why() -> None:
    said = "Italy opposes #3: “About 15,000” for Force size would cost it too much"
    assert tp.opposer_reason("Italy", 3, said) == (
        "Italy opposes: “About 15,000” for Force size would cost it too much")
    assert tp.opposer_reason("Italy", 4, said) == said  # another proposal: left whole
    assert tp.opposer_reason("Italy", 3, "Italy plays at random (vote), as a baseline") == (
        "Italy plays at random (vote), as a baseline")
    assert tp.opposer_reason("Italy", 3, "it expects a better text") == (
        "Italy: it expects a better text")
    assert tp.opposer_reason("Italy", 3, "") == ""


def _card(*whys: int, group: int = 1, short: int = 0, note: int = 0) -> list[tp.CardLine]:
    """A proposal with one reason per count, each needing that many lines (fake metrics:
    a line is 10 px and an entry's text says how many lines it needs); with `short`, its
    one-line form needs that many lines; with `note`, its note needs that many."""
    lines = [tp.CardLine(group, "head", "head|2", (0, 0, 0), "a", "A",
                         short=f"short|{short}" if short else "")]
    if note:
        lines.append(tp.CardLine(group, "note", f"note|{note}", (0, 0, 0), "a", "A"))
    lines.append(tp.CardLine(group, "against", "against|1", (0, 0, 0)))
    lines += [tp.CardLine(group, "why", f"why{k}|{n}", (0, 0, 0), f"p{k}", f"P{k}")
              for k, n in enumerate(whys)]
    return lines


def _needs(line: tp.CardLine) -> int:
    return int(line.text.rsplit("|", 1)[1]) if "|" in line.text else 1


def _height(line: tp.CardLine) -> int:
    return 10 * line.lines


def test_the_card_wraps_in_full_when_it_has_the_room() -> None:
    lines = _card(3, 2)
    blocks = tp.plan_card(lines, 100, 10, _needs, _height)
    assert [[n.lines for n in b] for b in blocks] == [[2, 1, 3, 2]]


def test_short_of_room_the_reasons_shorten_and_get_back_what_is_left() -> None:
    lines = _card(3, 3, short=1) + _card(3, group=2, short=1)  # 15 lines wanted, 10 at least
    blocks = tp.plan_card(lines, 110, 10, _needs, _height)
    assert len(blocks) == 2 and sum(_height(n) for b in blocks for n in b) == 110
    # the room left after shortening goes back to the reasons in order; none is dropped
    assert [n.lines for b in blocks for n in b if n.kind == "why"] == [3, 2, 2]
    heads = [n for b in blocks for n in b if n.kind == "head"]
    assert [n.lines for n in heads] == [1, 1]
    assert [n.shown for n in heads] == ["short|1", "short|1"]  # the one-line form, not cut


@pytest.mark.parametrize(("short", "room", "floor"), [
    (1, 90, 2),  # one-line proposals and two-line reasons take 10 lines: no room
    (2, 110, 2),  # the proposals' short form wraps: they keep their two lines (12)
    (1, 110, 3),  # a large window keeps three lines a reason (13)
])
def test_rather_than_cut_below_its_floor_the_card_pages(short: int, room: int,
                                                       floor: int) -> None:
    """The play-test's round 7: nine proposals squeezed to one cut-off line an entry. A reason
    keeps `floor` lines and a proposal one line that reads, or the card pages, in full."""
    lines = _card(3, 3, short=short) + _card(3, group=2, short=short)
    blocks = tp.plan_card(lines, room, 0, _needs, _height, floor)
    assert [[n.lines for n in b] for b in blocks] == [[2, 1, 3, 3], [2, 1, 3]]
    assert all(n.shown == n.text for b in blocks for n in b)


def test_a_proposal_too_long_to_wrap_shows_its_short_form_with_no_blank_line() -> None:
    (head, *_), = tp.plan_card(_card(1, short=2), 100, 10, _needs, _height)
    head.text = "head|5"  # more than a proposal's three lines: its short form, in full
    (head, *_), = tp.plan_card([head], 100, 10, _needs, _height)
    assert head.lines == 2 and head.shown == "short|2"
    head.text = "head|3"
    (head, *_), = tp.plan_card([head], 100, 10, _needs, _height)
    assert head.lines == 3 and head.shown == "head|3"


def test_a_note_gives_way_before_the_reasons_and_the_proposals() -> None:
    lines = _card(2, 2, short=1, note=2)  # 9 lines wanted
    (block,) = tp.plan_card(lines, 80, 10, _needs, _height)
    assert [n.lines for n in block] == [2, 1, 1, 2, 2]


def test_a_card_that_pages_shows_its_proposals_whole() -> None:
    lines = _card(2, 2) + _card(2, 2, group=2) + _card(2, group=3)  # 19 lines
    blocks = tp.plan_card(lines, 80, 10, _needs, _height)  # 11 at the most shortened
    assert [n.lines for b in blocks for n in b] == [_needs(n) for n in lines]
    assert [len(b) for b in blocks] == [4, 4, 3]


def test_a_proposal_too_long_for_a_page_folds_its_last_reasons_naming_them() -> None:
    lines = _card(2, 2, 2, 2, 2, 2)  # at least 8 lines, the page holds 5
    (block,) = tp.plan_card(lines, 60, 10, _needs, _height)
    assert sum(_height(n) for n in block) <= 50
    kept = [n.text for n in block if n.kind == "why"]
    more = block[-1]
    assert more.kind == "more" and more.text.startswith("+")
    folded = more.tip.split("\n")
    assert kept + folded == [n.text for n in lines if n.kind == "why"]  # every reason kept
    assert all(f"P{k}" in more.text for k in range(len(kept), 6))  # and its party named


def _reachable(boxes: list[Box]) -> set[str]:
    """What the card lets a player read: a box's whole text when it shows all of it, and
    every line of its tooltip."""
    seen: set[str] = set()
    for box in boxes:
        if not box.truncated:
            seen.add(box.text)
        seen.update(box.tooltip.split("\n"))
    return seen


def _expected(table: Table, round_: int) -> list[str]:
    """Every fact the card owes the player: each proposal, who opposed it and each bot's
    reason."""
    view = table.view(ME)
    out = []
    for p in (p for p in view.proposals if p.round == round_):
        out.append(f"#{p.id} {view.party(p.party).name}: "
                   f"{tp.amendments_text(view, p.amendments)}")
        against = [q for q, yes in p.votes.items() if not yes]
        if p.result == "failed" and against:
            out.append("Opposed by " + ", ".join(view.party(q).name for q in against))
            out += [tp.opposer_reason(view.party(q).name, p.id, tp.vote_reason(table, q, p.id))
                    for q in against if table.seats[q].is_bot]
    return [t for t in out if t]


@pytest.mark.parametrize("show_map", [True, False])
@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1280, 720), 1.5)])
def test_a_busy_rounds_card_pages_and_drops_nothing(tmp_path: Path, text_view: Callable[
        [bool], None], show_map: bool, size: tuple[int, int], scale: float) -> None:
    text_view(show_map)
    ctx = make_ctx(tmp_path / "home", size=size, scale=scale)
    try:
        table, busy = _to_busy_round(ctx)
        scene = show_table(ctx, ME)
        assert scene.results_round == busy
        assert scene._card_pages  # eight proposals or more and their opposers: over a card
        owed = _expected(table, busy)
        assert len(owed) > 30
        seen: set[str] = set()
        for _ in range(20):
            _clean(ctx, scene)
            lay = scene.layout
            boxes = [b for b in lay if b.name.startswith("results:")]
            assert all(lay["results"].rect.contains(b.rect) for b in boxes)
            entries = [b for b in boxes if b.name.split(":")[1].isdigit()
                       and b.name.count(":") == 1]
            # nothing squeezed to one cut-off line: what is cut keeps two lines at least
            assert [b.text for b in entries if b.truncated and len(b.lines) < 2] == []
            seen |= _reachable(boxes)
            more = lay["results:more"]
            assert more.rect.bottom <= lay["results"].rect.bottom
            if "below" not in more.text:
                break
            ctx.app.send(Intent("key", key="page down"))
            ctx.app.step([], DT)
            assert scene.results_round == busy  # Page Down turns the card; it stays up
        else:
            raise AssertionError("the card never reached its last page")
        ctx.app.send(Intent("key", key="page down"))  # on the last page: nothing to turn to
        ctx.app.step([], DT)
        assert scene.results_round == busy and "below" not in scene.layout["results:more"].text
        missing = [t for t in owed if t not in seen]
        assert missing == []
        ctx.app.send(Intent("wheel", pos=scene.layout["results"].rect.center, step=50))
        ctx.app.step([], DT)
        assert scene.scroll["results"] == 0 and "above" not in scene.layout["results:more"].text
    finally:
        ctx.end_game()


def test_page_keys_and_the_wheel_never_close_a_one_page_card(ctx: Context) -> None:
    _to_round(ctx, 2)
    scene = show_table(ctx, ME)
    assert scene.results_round == 1 and not scene._card_pages
    before = [(b.name, b.text) for b in scene.layout if b.name.startswith("results:")]
    for intent in (Intent("key", key="page down"), Intent("key", key="page up"),
                   Intent("wheel", pos=scene.layout["results"].rect.center, step=-1),
                   Intent("wheel", pos=scene.layout["results"].rect.center, step=1)):
        ctx.app.send(intent)
        ctx.app.step([], DT)
        assert scene.results_round == 1, intent  # still up, and unchanged
        assert [(b.name, b.text) for b in scene.layout
                if b.name.startswith("results:")] == before
    ctx.app.send(Intent("key", key="down"))  # any other key still closes it
    ctx.app.step([], DT)
    assert scene.results_round == 0


NOTE = "We can live with 20,000 if Washington backs us in the air"


def test_the_proposers_note_follows_its_proposal_quoted_in_italics(ctx: Context) -> None:
    table = _to_round(ctx, 2, my_turn=True)
    size = table.view(ME).issue("force_size")
    pick = next(o.id for o in size.options if o.label.startswith("20,000"))
    table.apply(Propose(ME, (("force_size", pick),), NOTE))
    _play(table, lambda: table.view(OBSERVER).round >= 3)
    mine = next(p for p in table.view(ME).proposals if p.round == 2 and p.party == ME)
    assert mine.note == NOTE
    scene = show_table(ctx, ME)
    assert scene.results_round == 2
    names = [b.name for b in scene.layout if b.name.startswith("results:")]
    head = next(n for n in names if scene.layout[n].text.startswith(f"#{mine.id} France: "))
    note = scene.layout[names[names.index(head) + 1]]  # just after the proposal
    assert note.text == f"“{NOTE}”" and note.font is not None and note.font.get_italic()
    assert not note.truncated
    _clean(ctx, scene)


def test_the_card_gives_its_room_to_the_reasons(ctx: Context,
                                               text_view: Callable[[bool], None]) -> None:
    """Round 1's one proposal and three opposing bots on the narrower card of the text view:
    each reason wraps in full, over more than one line, where they used to be cut to one line
    each."""
    text_view(False)
    table = _to_round(ctx, 2)
    scene = show_table(ctx, ME)
    assert scene.results_round == 1 and not scene._card_pages
    reasons = [b for b in scene.layout if b.name.startswith("results:")
               and b.text in _expected(table, 1) and " opposes: " in b.text]
    assert len(reasons) == 3
    assert all(not b.truncated for b in reasons)
    assert any(len(b.lines) > 1 for b in reasons)
    _clean(ctx, scene)


# -- the no-fallback banner ---------------------------------------------------------------------


@pytest.mark.parametrize("round_", [7, 8])
@pytest.mark.parametrize("who", ["seat", "projector"])
def test_every_clause_stays_in_sight_under_the_no_fallback_banner(ctx: Context, round_: int,
                                                                  who: str) -> None:
    table = _to_round(ctx, round_, my_turn=True)
    assert tp.unsettled(table.view(OBSERVER))  # clauses with no fallback are still open
    if who == "projector":
        ctx.game_options = replace(ctx.game_options, projector=True)
    scene = show_table(ctx, None if who == "projector" else ME)
    if scene.results_round:
        scene.handle(Intent("confirm"))
    assert scene.open  # the builder, whose footer is the tallest
    if who == "projector":
        assert "turn" in scene.layout  # the banner naming whose turn it is, too
    lay = scene.layout
    assert "deadline" in lay and "clauses:more" not in lay
    window = pygame.Rect((0, 0), lay.size)
    for issue in scene.view.issues:
        row = lay[f"clause:{issue.id}"].rect
        assert window.contains(row) and lay["clauses"].rect.contains(row)
        assert lay["draft"].rect.contains(row)
    assert lay["deadline"].rect.bottom <= lay["clauses"].rect.top
    _clean(ctx, scene)


@pytest.mark.parametrize(("size", "scale"), SIZES)
def test_the_banner_and_the_clauses_lay_out_cleanly_at_every_size(tmp_path: Path,
                                                                 size: tuple[int, int],
                                                                 scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", size=size, scale=scale)
    try:
        _to_round(ctx, 7, my_turn=True)
        scene = show_table(ctx, ME)
        scene.handle(Intent("confirm"))
        assert "deadline" in scene.layout
        _clean(ctx, scene)
    finally:
        ctx.end_game()


# -- projector mode's results strip --------------------------------------------------------------


@pytest.mark.parametrize("show_map", [True, False])
@pytest.mark.parametrize("screen", SIZES)
@pytest.mark.parametrize("busy", [False, True])
def test_the_projectors_results_strip_covers_no_header_or_control(
        tmp_path: Path, text_view: Callable[[bool], None], show_map: bool,
        screen: tuple[tuple[int, int], float], busy: bool) -> None:
    text_view(show_map)
    ctx = make_ctx(tmp_path / "home", size=screen[0], scale=screen[1])
    try:
        table, done = (_to_busy_round(ctx, my_turn=True) if busy
                       else (_to_round(ctx, 2, my_turn=True), 1))
        ctx.game_options = replace(ctx.game_options, projector=True)
        scene = show_table(ctx)
        lay = scene.layout
        assert scene.strip_round == done and "results" not in lay
        assert ctx.app.toast_text == ""  # not the App's toast, drawn over the header
        strip = lay["strip"]
        assert lay["strip:text"].text.startswith(f"Round {done} results")
        # every proposal's outcome and who opposed it, in full (eight or more when busy), on
        # pages that turn by themselves when the room is short (text view at scale 1.5)
        parts = tp.result_parts(table.view(OBSERVER), done, table.session.records)
        assert len(parts) >= (8 if busy else 1)
        shown = []
        for _ in range(scene._strip_pages):
            said = scene.layout["strip:text"]
            assert not said.truncated
            shown.append(said.text)
            ctx.app.step([], STRIP_PAGE_SECONDS)
        assert all(any(part in text for text in shown) for part in parts)
        assert scene._strip_pages == 1 or screen[1] > 1
        assert lay[strip.parent].rect.contains(strip.rect)
        # (the map gives way to the text view when the operator's chips would be too narrow)
        assert strip.parent == ("map" if show_map and not scene._cramped else "table")
        for header in ("ticker", "turn", "draft", "roster"):
            assert not strip.rect.colliderect(lay[header].rect), header
        for name, rect in scene._slots.items():
            assert not strip.rect.colliderect(rect), name
        for element in ctx.app.manager.get_sprite_group().sprites():
            if isinstance(element, UIElement) and element.visible and \
                    element.most_specific_combined_id != "#root_container":
                assert not strip.rect.colliderect(element.get_abs_rect()), \
                    element.most_specific_combined_id
        for rect, party in scene._ready:
            assert not strip.rect.colliderect(rect), party
        _clean(ctx, scene)
    finally:
        ctx.end_game()


def test_the_strip_goes_after_its_seconds_or_at_a_click(ctx: Context) -> None:
    assert RESULTS_STRIP_SECONDS >= 20  # a room reads it, not one player
    _to_round(ctx, 2, my_turn=True)
    ctx.game_options = replace(ctx.game_options, projector=True)
    scene = show_table(ctx)
    assert "strip" in scene.layout
    for _ in range(round(RESULTS_STRIP_SECONDS / 0.1) - 2):
        ctx.app.step([], 0.1)
    assert "strip" in scene.layout  # still up just before its time
    for _ in range(3):
        ctx.app.step([], 0.1)
    assert scene.strip_round == 0 and "strip" not in scene.layout
    ctx.app.pop()
    ctx.results_seen.clear()  # the next screen shows the strip again
    scene = show_table(ctx)
    ctx.app.send(Intent("click", pos=scene.layout["strip"].rect.center))
    ctx.app.step([], DT)
    assert scene.strip_round == 0 and "strip" not in scene.layout
    assert ctx.app.scenes.top is scene


def test_the_operators_next_entry_takes_the_strip_away(ctx: Context) -> None:
    table = _to_round(ctx, 2, my_turn=True)
    ctx.game_options = replace(ctx.game_options, projector=True)
    scene = show_table(ctx)
    ctx.app.send(Intent("key", key="down"))  # working the builder leaves it up
    ctx.app.step([], DT)
    assert scene.strip_round == 1 and "strip" in scene.layout
    ctx.app.send(Intent("key", key="s"))  # France passes: the room has moved on
    ctx.app.step([], DT)
    assert ME not in table.view(OBSERVER).to_move
    assert scene.strip_round == 0 and "strip" not in scene.layout


def test_a_reason_on_a_later_page_is_word_for_word(ctx: Context) -> None:
    """Round 3's eight proposals page at 1280x720; the reasons naming Technical monitoring
    (which used to be squeezed onto one page) read word for word on whichever page they are,
    the issue's id never swapped for its name ("Technical Technical monitoring")."""
    table = _to_round(ctx, 4)
    scene = show_table(ctx, ME)
    assert scene.results_round == 3 and scene._card_pages
    shown: list[str] = []
    for _ in range(10):
        shown += [b.text for b in scene.layout
                  if b.name.startswith("results:") and " opposes: " in b.text]
        if "below" not in scene.layout["results:more"].text:
            break
        scene.handle(Intent("key", key="page down"))
    said = [r for r in _expected(table, 3) if " monitoring" in r and " opposes" in r]
    assert said and all(r in shown for r in said)
    assert not any("Technical Technical" in t for t in shown)


def test_the_strip_is_still_up_after_the_control_seat_is_opened_and_closed(
        ctx: Context) -> None:
    """Opening the control seat over the projector builds the table screen afresh on closing:
    the strip the room had not finished reading came back gone. Results count as seen only
    once put away."""
    _to_round(ctx, 2, my_turn=True)
    ctx.game_options = replace(ctx.game_options, projector=True, pin=PIN)
    show_table(ctx)
    pilot = Pilot(ctx.app)
    assert isinstance(pilot.scene, TableScene) and "strip" in pilot.scene.layout
    for _ in range(2):
        _open(pilot)
        pilot.send(Intent("back"))
        pilot.frames(2)
        scene = pilot.scene
        assert isinstance(scene, TableScene)
        assert scene.strip_round == 1 and "strip" in scene.layout
        assert scene.layout["strip:text"].text.startswith("Round 1 results")
    ctx.app.send(Intent("click", pos=scene.layout["strip"].rect.center))  # put away
    pilot.frames(1)
    _open(pilot)
    pilot.send(Intent("back"))
    pilot.frames(2)
    scene = pilot.scene
    assert isinstance(scene, TableScene) and "strip" not in scene.layout


def test_a_human_delegation_to_move_keeps_its_whole_name_beside_the_ready_toggle(
        tmp_path: Path) -> None:
    """"Upland · t…": the "to move" mark and the player's name pushed the delegation's name
    under the Ready? toggle. The player's own name gives way ("You"), then the mark."""
    ctx = make_ctx(tmp_path / "home")
    try:
        start(ctx, FLAGSHIP, humans=("russia", "uk"))
        table = ctx.table
        assert table is not None
        while table.view().to_move != ("russia",):
            assert table.step_bot() is not None or table.apply(Pass(table.view().to_move[0]))
        scene = show_table(ctx, "russia")
        box = scene.layout["party:russia:name"]
        assert "party:russia:ready" in scene.layout
        assert box.text.startswith("Russian Federation") and not box.truncated
        assert scene.layout["party:russia:seat"].text == "You"
        assert scene.layout["party:uk:seat"].text == "Player uk"  # no toggle there: whole
    finally:
        ctx.end_game()


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_the_note_box_hint_is_never_cut(tmp_path: Path, size: tuple[int, int],
                                        scale: float) -> None:
    """"Note to the table (optional; Enter propo": the hint was cut at 1280×720."""
    from game.ui.scenes.table import NOTE_HINTS

    ctx = make_ctx(tmp_path / "home", size, scale)
    try:
        start(ctx, FLAGSHIP, humans=("france",))
        table = ctx.table
        assert table is not None
        while table.view().to_move != ("france",):  # its turn: the builder shows
            assert table.step_bot() is not None
        scene = show_table(ctx, "france")
        note = next(w for w in scene.widgets if w.object_ids[-1] == "#note")
        hint = note.placeholder_text
        assert hint in NOTE_HINTS
        assert note.font.size(hint)[0] <= note.rect.w - 8
        if size == (1920, 1080):
            assert hint == NOTE_HINTS[0]  # room for the whole hint
    finally:
        ctx.end_game()

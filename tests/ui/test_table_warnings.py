"""Two things the table must tell students in time: clauses with no fallback that are still open
near the end (left open, they leave nothing to sign), and that a round has brought no news
(rather than showing last round's headline again as if it were new)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.core.actions import Inject, Pass, parse_action
from game.core.model import LockIssue, UnlockIssue
from game.core.rules import to_move
from game.core.view import OBSERVER, player_view
from game.scenario import load_scenario
from game.session.session import Session
from game.ui.context import Context
from game.ui.layout import audit, audit_gui
from game.ui.scenes import table_parts as tp
from game.ui.scenes.table import NEWS_SECONDS, TableScene
from tests.ui.conftest import make_ctx, show_table, start

SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
"""Four rounds; no clause has a fallback; news in round 2 only."""
DT = 1 / 60


def _pass_to(session: Session, round_: int) -> None:
    """Every delegation passes until round `round_`'s talking opens (nothing is tabled, so the
    draft stays as it started)."""
    while session.state.round < round_:
        session.apply(Pass(to_move(session.state)[0]))


def _table_at(ctx: Context, scenario: Path, round_: int, seat: str | None) -> TableScene:
    """The table at the start of round `round_`, for `seat` (None: the public, bots seated)."""
    start(ctx, scenario, humans=(seat,) if seat else ())
    assert ctx.table is not None
    _pass_to(ctx.table.session, round_)
    return show_table(ctx, seat)


def _settle(session: Session, settled: dict[str, str]) -> None:
    """Put options into the draft through the control seat (locked, then unlocked again)."""
    session.apply(Inject("Settled", "", tuple(
        e for i, o in settled.items() for e in (LockIssue(i, o), UnlockIssue(i)))))


def test_the_warning_names_the_open_clauses_without_a_fallback_in_the_last_two_rounds() -> None:
    loaded = load_scenario(FLAGSHIP)
    session = Session(loaded.scenario, loaded.sha256, "1", {})
    rounds = loaded.scenario.rounds
    _pass_to(session, rounds - 2)
    assert tp.deadline_warning(player_view(session.state, OBSERVER)) == ""  # not yet
    _pass_to(session, rounds - 1)
    view = player_view(session.state, OBSERVER)
    # Force size, Deployment zone and US backstop have no `if_open`; the others do, and
    # Command and mandate starts settled
    assert [i.id for i in tp.unsettled(view)] == ["force_size", "deployment_zone", "us_backstop"]
    assert tp.deadline_warning(view) == (
        "This round and the last: Force size, Deployment zone and US backstop "
        "have no fallback. "
        "Settle them, or there will be nothing to sign.")
    _settle(session, {"force_size": "about_15k", "deployment_zone": "west_only"})
    _pass_to(session, rounds)
    assert tp.deadline_warning(player_view(session.state, "uk")) == (
        "Last round: US backstop has no fallback. Settle it, or there will be nothing to sign.")
    _settle(session, {"us_backstop": "none"})
    assert tp.deadline_warning(player_view(session.state, "uk")) == ""  # all settled


def test_an_open_clause_says_whether_it_has_a_fallback(ctx: Context) -> None:
    scene = _table_at(ctx, FLAGSHIP, 1, "uk")
    view = scene.view
    shown = {i.id: scene.layout[f"clause:{i.id}:now"].text for i in view.issues
             if f"clause:{i.id}:now" in scene.layout and view.draft.get(i.id) is None}
    assert shown["force_size"] == "OPEN, no fallback"
    assert shown["monitoring"] == "OPEN (counts as National means)"
    assert "no deal" in scene.layout["clause:force_size"].tooltip
    assert "deadline" not in scene.layout  # round 1: the rows say it, no banner yet


@pytest.mark.parametrize("seat", ["uk", None], ids=["seat", "public"])
@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_every_seat_is_warned_before_the_last_round(tmp_path: Path, seat: str | None,
                                                     scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale)
    try:
        scene = _table_at(ctx, TUTORIAL, 3, seat)
        text = scene.layout["deadline:text"].text
        assert text.startswith("This round and the last: European force size, US backstop and "
                               "Deployment zone have no fallback.")
        box = scene.layout["deadline:text"]
        assert not box.truncated  # the whole sentence shows, not just its tooltip
        assert audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
        assert ctx.table is not None
        _pass_to(ctx.table.session, 4)
        ctx.app.step([], DT)
        top = ctx.app.scenes.top
        assert isinstance(top, TableScene)
        assert top.layout["deadline:text"].text.startswith("Last round: ")
        assert audit(top.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
    finally:
        ctx.end_game()


def test_a_round_without_news_does_not_replay_the_last_headline(ctx: Context) -> None:
    scene = _table_at(ctx, TUTORIAL, 2, "uk")
    headline = scene.layout["tick:news"].text
    assert headline.startswith("Round 2 · Washington repeats")
    assert scene._news_lines == (headline,)
    assert ctx.table is not None
    _pass_to(ctx.table.session, 3)  # round 3 brings no news
    for _ in range(round(2 * NEWS_SECONDS * 30)):  # long enough for the ticker to turn over
        ctx.app.step([], 1 / 30)
    top = ctx.app.scenes.top
    assert isinstance(top, TableScene) and top.view.round == 3
    box = top.layout["tick:news"]
    assert box.text == "No news this round."
    assert top._news_lines == ()  # nothing for the animation to turn to
    assert headline in box.tooltip.split("Earlier:")[1]  # still to be found, marked as past


def test_the_ticker_opens_a_round_with_the_last_votes_then_its_news(ctx: Context) -> None:
    """With animations on the ticker turns through this round's lines, the results line first
    (it used to draw only the news items, so the results never showed)."""
    start(ctx, TUTORIAL, humans=("uk",))
    assert ctx.table is not None and ctx.settings.animations
    for line in ("propose uk force_size=about_15k us_backstop=air_power",
                 "propose usa force_size=up_to_30k zone=dmz_line",
                 "propose ukraine zone=cities_ports",
                 "vote usa 1 no", "vote ukraine 1 yes", "vote uk 2 no", "vote ukraine 2 no",
                 "vote uk 3 yes", "vote usa 3 yes"):
        ctx.table.apply(parse_action(line))
    scene = show_table(ctx, "uk")
    assert scene.view.round == 2
    first, second = scene._news_lines
    assert first.startswith("Round 1 results: #1 failed") and second.startswith("Round 2 · ")
    assert scene._news_index == 0
    for _ in range(round(NEWS_SECONDS * 30)):  # a line is up at least this long
        ctx.app.step([], 1 / 30)
    assert scene._news_index == 0
    for _ in range(60 * 30):  # a line too long for the ticker scrolls through first
        ctx.app.step([], 1 / 30)
        if scene._news_index:
            break
    assert scene._news_index == 1  # then the round's headline

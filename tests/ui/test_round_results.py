"""What a lone student (or any seat) is shown of a round's votes, and the voting and signing
screens' keyboard paths: the round-results card over the table, Y / N moving on to the next
proposal left, Enter signing only when the seat may, and the open-clause wording."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from game.core.view import OBSERVER
from game.session.table import Table
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import DT
from game.ui.scenes.help import SECTIONS
from game.ui.scenes.table import TableScene
from game.ui.scenes.table_parts import vote_reason
from game.ui.scenes.vote import VOTE_PAUSE, VoteScene, left_line, my_ballot
from tests.conftest import FLAGSHIP, TUTORIAL

from .conftest import make_ctx, play_as, show_table, start, tutorial_signing

ME = "france"


def _play(table: Table, done: Callable[[], bool]) -> None:
    """France proposes in round 1 only (see `play_as`)."""
    play_as(table, ME, done, propose_until=1)


def _round_two(ctx: Context) -> Table:
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)
    _play(table, lambda: table.view(OBSERVER).round >= 2)
    return table


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_seat_at_the_screen_sees_the_last_rounds_results_once(tmp_path: Path,
                                                                 scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", scale=scale)
    try:
        table = _round_two(ctx)
        first = next(p for p in table.view(ME).proposals if p.round == 1)
        assert first.party == ME and first.result == "failed"
        against = [table.view(ME).party(q).name for q, yes in first.votes.items() if not yes]
        scene = show_table(ctx, ME)
        assert scene.results_round == 1
        lay = scene.layout
        shown = [b.text for b in lay if b.name.startswith("results:")]
        assert "Round 1 results" in shown
        assert any(t.startswith(f"#{first.id} France: Force size › 20,000") for t in shown)
        assert "Failed" in shown
        assert "Opposed by " + ", ".join(against) in shown
        # each opposing bot's reason, by name ("Germany opposes: …"), not by id
        reasons = [t for t in shown if " opposes: " in t]
        assert reasons and all(any(t.startswith(n + " opposes: ") for n in against)
                               for t in reasons)
        # ...word for word as the bot gave it (shortened to fit at most), ids never swapped in
        said = {vote_reason(table, q, first.id).replace(f" opposes #{first.id}: ", " opposes: ")
                for q, yes in first.votes.items() if not yes}
        assert all(any(r.startswith(t.rstrip("…")) for r in said) for t in reasons), reasons
        assert audit(lay) == [] and audit_gui(ctx.app.manager, lay.size) == []
        ctx.app.draw_scene(scene)
        ctx.app.send(Intent("confirm"))  # Enter closes it
        ctx.app.step([], DT)
        assert scene.results_round == 0 and "results" not in scene.layout
        ctx.app.pop()
        again = show_table(ctx, ME)  # the same seat, the same round: not again
        assert again.results_round == 0
    finally:
        ctx.end_game()


def test_starting_to_build_closes_the_results_card_and_acts(ctx: Context) -> None:
    _round_two(ctx)
    scene = show_table(ctx, ME)
    assert scene.results_round == 1
    selected = scene.builder.selected
    ctx.app.send(Intent("key", key="down"))  # picks a clause as the card goes
    ctx.app.step([], DT)
    assert scene.results_round == 0 and scene.builder.selected != selected


def test_a_vote_key_still_held_leaves_the_card_up(ctx: Context) -> None:
    _round_two(ctx)
    scene = show_table(ctx, ME)
    for key in ("y", "n"):
        ctx.app.send(Intent("key", key=key))
        ctx.app.step([], DT)
    assert scene.results_round == 1


def test_switching_map_and_text_keeps_the_card_up(ctx: Context) -> None:
    _round_two(ctx)
    scene = show_table(ctx, ME)
    shown = scene.show_map
    ctx.app.send(Intent("key", key="m"))
    ctx.app.step([], DT)
    assert scene.show_map is not shown
    assert scene.results_round == 1 and "results" in scene.layout
    ctx.app.send(Intent("widget", widget="table_view"))  # the Text / Map button
    ctx.app.step([], DT)
    assert scene.show_map is shown and "results" in scene.layout
    assert audit(scene.layout) == []


def test_the_cards_tooltip_goes_with_the_card(ctx: Context) -> None:
    _round_two(ctx)
    scene = show_table(ctx, ME)
    ctx.app.send(Intent("pointer", pos=scene.layout["results"].rect.center))
    ctx.app.step([], DT)
    assert scene._tip  # resting on the card shows its hint
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert scene.results_round == 0
    assert scene._tip == scene.layout.tooltip_at(scene._pointer)  # what is there now, if any


def test_esc_on_the_results_card_closes_it_rather_than_pausing(ctx: Context) -> None:
    _round_two(ctx)
    scene = show_table(ctx, ME)
    ctx.app.send(Intent("back"))
    ctx.app.step([], DT)
    assert ctx.app.scenes.top is scene and scene.results_round == 0


def test_the_card_comes_up_when_the_round_turns_under_the_table(ctx: Context) -> None:
    """The lone student's path: the table stays up while the bots vote, then the next round
    begins under it."""
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)
    _play(table, lambda: table.view(OBSERVER).phase == "votes" and not my_ballot(
        table.view(ME), ME))
    scene = show_table(ctx, ME)
    assert scene.results_round == 0  # the votes are not all in yet
    _play(table, lambda: table.view(OBSERVER).round >= 2)
    scene.update(DT)
    assert scene.results_round == 1 and "results" in scene.layout


def test_projector_mode_shows_the_results_in_a_strip_instead(ctx: Context) -> None:
    _round_two(ctx)
    ctx.game_options = replace(ctx.game_options, projector=True)
    scene = show_table(ctx)
    assert scene.results_round == 0 and "results" not in scene.layout
    assert scene.layout["strip:text"].text.startswith("Round 1 results: #1 failed (opposed by ")


# -- voting by key ------------------------------------------------------------------------


def test_the_left_to_vote_line_says_which_and_where() -> None:
    pages = {13: 0, 14: 1, 15: 1, 16: 1, 17: 1}
    assert left_line([], pages, 0) == "Nothing left to vote on"
    assert left_line([14], pages, 0) == "Left to vote on: #14 (page 2)"
    assert left_line([14], pages, 1) == "Left to vote on: #14"
    assert left_line([13, 14], pages, 0) == "Left to vote on: #13 and #14 (page 2)"
    assert left_line([14, 15, 16, 17], pages, 0) == (
        "Left to vote on: 4 proposals (next: #14, page 2)")
    # The next is the one Y / N vote on: the first left on the page in sight.
    assert left_line([13, 14, 15, 16], pages, 1) == (
        "Left to vote on: 4 proposals (next: #14)")
    assert left_line([13, 14, 15, 16], pages, 0) == (
        "Left to vote on: 4 proposals (next: #13)")


def test_y_moves_on_to_the_page_of_the_next_proposal_left(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)
    _play(table, lambda: table.view(OBSERVER).phase == "votes"
          and len(my_ballot(table.view(ME), ME)) >= 3)
    flow.show_game(ctx)
    ctx.app.step([], DT)
    scene = ctx.app.scenes.top
    assert isinstance(scene, VoteScene) and scene.page_count > 1
    ballot = [p.id for p in my_ballot(table.view(ME), ME)]
    later = [pid for pid in ballot if pid not in scene.shown]
    assert f"Left to vote on: {len(ballot)} proposals (next: #{ballot[0]})" in (
        scene.layout["header.subtitle"].text)
    def wait() -> None:
        for _ in range(round(VOTE_PAUSE / DT) + 2):
            ctx.app.step([], DT)

    first_page = list(scene.shown)
    for n, pid in enumerate(first_page):  # Y on each proposal of the first page
        ctx.app.send(Intent("key", key="y"))
        ctx.app.step([], DT)
        assert ME in next(p for p in table.view(ME).proposals if p.id == pid).voted
        if n + 1 < len(first_page):  # a quick second press is held back...
            ctx.app.send(Intent("key", key="y"))
            ctx.app.step([], DT)
            nxt = first_page[n + 1]
            assert ME not in next(p for p in table.view(ME).proposals if p.id == nxt).voted
            wait()  # ...until the pause is over
    assert scene.page == 1 and later[0] in scene.shown  # on to the next one left
    ctx.app.send(Intent("key", key="y"))  # at once: held back, the page just turned
    ctx.app.step([], DT)
    assert ME not in next(p for p in table.view(ME).proposals if p.id == later[0]).voted
    wait()
    ctx.app.send(Intent("key", key="y"))
    ctx.app.step([], DT)
    assert ME in next(p for p in table.view(ME).proposals if p.id == later[0]).voted


# -- signing by Enter -----------------------------------------------------------------------


def test_enter_signs_when_the_seat_can_sign(ctx: Context) -> None:
    scene = tutorial_signing(ctx, "intel_logistics")
    assert scene.can_sign and "Enter: sign" in scene.layout["footer.hint"].text
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert ctx.table is not None and ctx.table.view("uk").decisions["uk"] is True


def test_one_tab_then_enter_refuses_as_the_footer_says(ctx: Context) -> None:
    scene = tutorial_signing(ctx, "intel_logistics")
    assert "Tab to Refuse" in scene.layout["footer.hint"].text
    ctx.app.send(Intent("focus_next"))
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert ctx.table is not None and ctx.table.view("uk").decisions["uk"] is False


def test_enter_does_not_sign_a_text_worth_less_than_no_deal(ctx: Context) -> None:
    """A play-tester pressed Enter on the hand-over card and again on the signing screen, and
    signed the UK below its walk-away. Below it, Enter signs nothing; Tab reaches Sign."""
    scene = tutorial_signing(ctx, "intel_logistics", zone="west_only")
    assert scene.can_sign and not scene.enter_signs
    assert scene.layout["verdict"].text.startswith("No deal is worth more to you")
    assert "Enter: sign" not in scene.layout["footer.hint"].text
    assert "Tab to Refuse, twice to Sign" in scene.layout["footer.hint"].text
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert ctx.table is not None and "uk" not in ctx.table.view("uk").decisions
    assert scene.layout["error"].text.startswith("Enter does not sign below your walk-away")
    assert audit(scene.layout) == []
    for _ in range(2):  # an explicit choice still signs
        ctx.app.send(Intent("focus_next"))
    ctx.app.send(Intent("confirm"))
    ctx.app.step([], DT)
    assert ctx.table.view("uk").decisions["uk"] is True


def test_enter_does_nothing_across_a_red_line(ctx: Context) -> None:
    scene = tutorial_signing(ctx, "none")
    assert not scene.can_sign and "Enter: sign" not in scene.layout["footer.hint"].text
    for _ in range(2):  # neither signs nor, a second time, refuses
        ctx.app.send(Intent("confirm"))
        ctx.app.step([], DT)
    assert ctx.table is not None and "uk" not in ctx.table.view("uk").decisions
    assert scene.focus == -1


# -- wording --------------------------------------------------------------------------------


def test_help_explains_the_open_clause_labels() -> None:
    text = " ".join(body for _, body in SECTIONS)
    assert "OPEN (counts as" in text and "OPEN, no fallback" in text


def test_the_results_card_is_not_shown_before_any_vote(ctx: Context) -> None:
    start(ctx, FLAGSHIP, humans=(ME,))
    scene = show_table(ctx, ME)
    assert isinstance(scene, TableScene) and scene.results_round == 0


def test_the_bots_reasons_on_the_card_are_word_for_word(ctx: Context) -> None:
    # A reason about "Technical monitoring" must not have the issue id "monitoring" swapped
    # for the name ("Technical Technical monitoring"): bots word reasons with names.
    start(ctx, FLAGSHIP, humans=(ME,))
    table = ctx.table
    assert table is not None
    table.briefed.add(ME)

    def monitoring_reasons() -> list[str]:
        view = table.view(OBSERVER)
        if view.phase != "proposals":
            return []
        return [vote_reason(table, q, p.id) for p in view.proposals
                if p.round == view.round - 1 and p.result == "failed"
                for q, yes in p.votes.items() if not yes and table.seats[q].is_bot
                and " monitoring" in vote_reason(table, q, p.id)]

    _play(table, lambda: bool(monitoring_reasons()))
    assert not table.over
    scene = show_table(ctx, ME)
    shown: list[str] = []
    for _ in range(10):  # a busy round pages: read every page
        shown += [b.text for b in scene.layout
                  if b.name.startswith("results:") and " opposes: " in b.text]
        if not scene._card_pages or "below" not in scene.layout["results:more"].text:
            break
        scene.handle(Intent("key", key="page down"))
    assert any("monitoring" in t for t in shown), shown
    assert not any("Technical Technical" in t for t in shown), shown


def test_in_the_signing_phase_the_card_shows_this_rounds_votes(ctx: Context) -> None:
    """Watching the table while delegations sign (an all-bot game, or the public screen), the
    results card shows the votes that brought the text to signing, not the round before's."""
    tutorial_signing(ctx, "air_power")
    scene = show_table(ctx)
    assert scene.view.phase == "signing" and scene.view.round == 1
    assert scene.results_round == 1
    shown = [b.text for b in scene.layout if b.name.startswith("results:")]
    assert "Round 1 results" in shown


def test_a_toast_shows_over_the_draft_while_the_results_card_is_up(tmp_path: Path) -> None:
    """The news notice came down over the card's heading for its 15 seconds; beside the card
    it wraps over the draft instead, whole."""
    ctx = make_ctx(tmp_path / "home")
    try:
        _round_two(ctx)
        scene = show_table(ctx, ME)
        assert scene.results_round == 1
        news = ("News has changed your numbers: walk-away 50, now 55; Black Sea security "
                "weighs 12%, now 20%; Deployment zone (its options' values); European force "
                "size weighs 15%, now 10% · Esc: Your briefing")
        ctx.app.toast(news)
        ctx.app.draw_scene(scene)
        box, card = ctx.app.toast_box, scene.layout["results"].rect
        assert scene.layout["draft"].rect.contains(box) and not box.colliderect(card)
        assert ctx.app.toast_lines[-1].endswith("Your briefing")  # nothing cut
        ctx.app.send(Intent("confirm"))  # the card put away: the toast takes its usual place
        ctx.app.step([], DT)
        ctx.app.draw_scene(scene)
        usual = scene.toast_area()
        assert usual is not None and usual.contains(ctx.app.toast_box)
        assert ctx.app.toast_box.centerx == usual.centerx
    finally:
        ctx.end_game()


def test_a_paused_game_says_so_on_every_private_screen(ctx: Context) -> None:
    """The control seat's Pause stops the bots too: a vote screen waiting on them looked
    frozen, with nothing saying why."""
    scene = tutorial_signing(ctx, "air_power")
    table = ctx.table
    assert table is not None
    assert not scene.layout["header.right"].text.startswith("Paused")
    table.pause(True)
    ctx.app.step([], DT)
    assert scene.layout["header.right"].text.startswith("Paused · Round 1 of ")
    table.pause(False)
    ctx.app.step([], DT)
    assert not scene.layout["header.right"].text.startswith("Paused")


def test_the_card_says_why_a_bot_refused_to_sign(ctx: Context) -> None:
    """A trainer's bot refused to sign a text it had voted for and the card only said "The
    signing failed: … refused": it now gives the bot's reason, as it does for votes."""
    from game.bots.decision import Decision
    from game.core.actions import Pass, Propose, Refuse, Sign, Vote
    from game.session.table import BotMove
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    table = ctx.table
    assert table is not None and table.seats["ukraine"].is_bot
    table.briefed.update(("uk", "usa"))
    table.apply(Propose("uk", (("force_size", "about_15k"),
                               ("us_backstop", "intel_logistics"), ("zone", "cities_ports"))))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    table.apply(Vote("usa", 1, True))
    table.apply(Vote("ukraine", 1, True))
    assert table.view(OBSERVER).phase == "signing"
    table.apply(Sign("uk"))
    table.apply(Sign("usa"))
    reason = "Ukraine refuses: the text is worth less to it than walking away"
    table.apply(Refuse("ukraine"))
    table.moves.append(BotMove("ukraine", Decision(Refuse("ukraine"), reason)))
    assert table.view(OBSERVER).round == 2
    scene = show_table(ctx, "uk")
    shown = [b.text for b in scene.layout if b.name.startswith("results:")]
    assert "The signing failed: Ukraine refused" in shown
    assert reason in shown

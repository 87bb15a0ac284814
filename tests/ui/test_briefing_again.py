"""A seat's briefing can be read again: from the pause menu at once, and unasked when news
changes what the clauses are worth to it (the change named in gold at the top)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from game.core.actions import FireEvent
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit
from game.ui.pilot import Pilot
from game.ui.scenes.briefing import BriefingScene, what_changed
from game.ui.scenes.pause import PauseScene
from game.ui.scenes.table import TableScene
from tests.conftest import TUTORIAL
from tests.ui.conftest import button_of, start

DT = 1 / 60


def _at_table(ctx: Context, party: str = "uk") -> Pilot:
    start(ctx, TUTORIAL, humans=(party,))
    table = ctx.table
    assert table is not None
    table.brief(party)
    flow.show_game(ctx)
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    assert isinstance(pilot.scene, TableScene)
    return pilot


def test_the_pause_menu_opens_the_briefing_at_once_and_it_leads_back(ctx: Context) -> None:
    pilot = _at_table(ctx)
    pilot.send(Intent("back"))
    pilot.frames(1)
    assert isinstance(pilot.scene, PauseScene)
    assert [oid for oid, _, _ in pilot.scene.items()][:2] == ["resume", "briefing"]
    pilot.widget("briefing")
    pilot.frames(2)
    scene = pilot.scene
    assert isinstance(scene, BriefingScene) and scene.party == "uk"
    assert not scene.news  # nothing changed: the usual caption
    pilot.send(Intent("confirm"))
    pilot.frames(2)
    assert isinstance(pilot.scene, TableScene)


def test_projector_mode_offers_no_briefing(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    ctx.game_options = replace(ctx.game_options, projector=True)
    flow.show_game(ctx)
    pilot = Pilot(ctx.app)
    pilot.frames(2)
    pilot.send(Intent("back"))
    pilot.frames(1)
    assert isinstance(pilot.scene, PauseScene)
    assert "briefing" not in [oid for oid, _, _ in pilot.scene.items()]


def test_news_that_changes_the_seats_numbers_is_told_once_and_shown_in_the_briefing(
        ctx: Context) -> None:
    pilot = _at_table(ctx)
    table = ctx.table
    assert table is not None
    before = table.view("uk").me
    assert before is not None
    table.apply(FireEvent("legitimate_targets"))  # the UK's walk-away rises by 5
    pilot.frames(3)
    assert isinstance(pilot.scene, TableScene)  # the game goes on: no screen pops up
    after = table.view("uk").me
    assert after is not None
    old, new = before.preferences.reservation, after.preferences.reservation
    assert new == old + 5
    told = f"News has changed your numbers: walk-away {old:g}, now {new:g}"
    assert ctx.app.toast_text == told + " · Esc: Your briefing"
    ctx.app.toast_text = ""
    pilot.frames(3)
    assert ctx.app.toast_text == ""  # once
    pilot.send(Intent("back"))
    pilot.frames(1)
    pilot.widget("briefing")
    pilot.frames(2)
    scene = pilot.scene
    assert isinstance(scene, BriefingScene) and scene.news == told
    assert scene.layout["header.subtitle"].text == told and scene.subtitle_warns
    assert audit(scene.layout) == []
    pilot.send(Intent("confirm"))  # read: back to the table
    pilot.frames(3)
    assert isinstance(pilot.scene, TableScene)


def test_what_changed_names_the_clauses_whose_values_moved(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk",))
    assert ctx.table is not None
    view = ctx.table.view("uk")
    assert view.me is not None
    prefs = view.me.preferences
    issue = view.issues[0]
    option = issue.option_ids[0]
    values = dict(prefs.values)
    values[issue.id] = type(prefs.values[issue.id])(
        {**prefs.values[issue.id], option: prefs.values[issue.id][option] + 10})
    moved = replace(prefs, values=type(prefs.values)(values), urgency=prefs.urgency + 0.01)
    text = what_changed(view, prefs, moved)
    assert text.startswith("News has changed your numbers: urgency ")
    assert text.endswith(f"; {issue.name} (its options' values)")
    assert "walk-away" not in text
    weights = dict(prefs.weights)
    weights[issue.id] = weights[issue.id] * 2  # its share grows, every other clause's falls
    heavier = replace(prefs, weights=type(prefs.weights)(weights))
    shares = what_changed(view, prefs, heavier)
    # only the clause the news weighed anew: the others' shares merely rescale around it
    assert shares.startswith(f"News has changed your numbers: {issue.name} ")
    assert "%, now " in shares and "values" not in shares and "; " not in shares
    assert not any(i.name in shares for i in view.issues[1:])


def test_a_second_notice_names_only_what_changed_since_the_first(ctx: Context) -> None:
    from game.core.actions import Inject
    from game.core.model import AdjustParty

    start(ctx, TUTORIAL, humans=("uk",))
    table = ctx.table
    assert table is not None
    table.brief("uk")
    assert table.untold_news("uk") is None
    table.apply(Inject("Talks in Paris", "", (AdjustParty("uk", reservation=5.0),)))
    first = table.untold_news("uk")
    assert first is not None and first[1].reservation == first[0].reservation + 5
    assert table.untold_news("uk") is None  # told once
    table.apply(Inject("Talks in London", "", (AdjustParty("uk", urgency=0.01),)))
    second = table.untold_news("uk")
    assert second is not None and second[0] is first[1]
    assert what_changed(table.view("uk"), *second) == (
        f"News has changed your numbers: urgency {second[0].urgency * 100:g}%, now "
        f"{second[1].urgency * 100:g}%")


def test_news_told_to_one_seat_is_gone_before_the_screen_changes_hands(ctx: Context) -> None:
    """Hot-seat: the notice is that seat's private business, so the hand-over card and the next
    delegation's screen never show it."""
    from game.core.actions import Pass
    from game.ui.scenes.handover import HandOverScene

    start(ctx, TUTORIAL, humans=("uk", "usa"))
    table = ctx.table
    assert table is not None
    for party in ("uk", "usa"):
        table.brief(party)
    pilot = Pilot(ctx.app)
    flow.show_game(ctx)
    pilot.until(lambda: (table.next_human() == "uk" and table.looking == "uk")
                or isinstance(pilot.scene, HandOverScene))
    if isinstance(pilot.scene, HandOverScene):
        table.hand_to("uk")
        pilot.frames(2)
    assert table.looking == "uk" and "uk" in table.humans_to_move()
    table.apply(FireEvent("legitimate_targets"))  # the UK's walk-away rises
    pilot.frames(2)
    assert ctx.app.toast_text.startswith("News has changed your numbers: walk-away")
    table.apply(Pass("uk"))
    pilot.until(lambda: isinstance(pilot.scene, HandOverScene))
    assert ctx.app.toast_text == ""
    pilot.send(Intent("back"))  # the pause menu at the card offers no briefing
    pilot.frames(1)
    assert isinstance(pilot.scene, PauseScene) and pilot.scene.reader() is None


def test_a_seat_handed_to_someone_else_is_briefed_afresh(ctx: Context) -> None:
    from game.session.table import Seat

    start(ctx, TUTORIAL, humans=("uk",))
    table = ctx.table
    assert table is not None
    table.brief("uk")
    table.reseat("uk", Seat("uk", "human", "Group B"))
    assert "uk" not in table.briefed and "uk" not in table.briefed_on


def test_the_news_notice_goes_when_the_briefing_opens(ctx: Context) -> None:
    """The notice ends "Esc: Your briefing": over the briefing itself it only got in the way,
    and the briefing shows the change in its own gold line."""
    pilot = _at_table(ctx)
    table = ctx.table
    assert table is not None
    table.apply(FireEvent("legitimate_targets"))
    pilot.frames(3)
    assert ctx.app.toast_text.startswith("News has changed your numbers")
    pilot.send(Intent("back"))
    pilot.frames(1)
    pilot.widget("briefing")
    pilot.frames(2)
    assert isinstance(pilot.scene, BriefingScene) and pilot.scene.news
    assert ctx.app.toast_text == ""
    pilot.send(Intent("confirm"))
    pilot.frames(3)
    assert isinstance(pilot.scene, TableScene) and ctx.app.toast_text == ""  # told once


def test_the_briefings_button_names_where_the_seat_goes_next(ctx: Context) -> None:
    """After a resume in the votes phase the briefing said "To the table ›", and the vote
    screen came up."""
    from game.core.actions import Pass, Propose

    start(ctx, TUTORIAL, humans=("uk", "usa", "ukraine"))
    table = ctx.table
    assert table is not None
    table.apply(Propose("uk", (("force_size", "about_15k"),)))
    table.apply(Pass("usa"))
    table.apply(Pass("ukraine"))
    assert table.view().phase == "votes"
    labels = {}
    for party in ("uk", "usa"):  # the proposer does not vote on its own proposal
        table.hand_to(party)
        scene = BriefingScene(ctx, party)
        ctx.app.push(scene)
        labels[party] = button_of(scene, "to_table").text
        ctx.app.pop()
    assert labels == {"uk": "To the table ›", "usa": "To the vote ›"}


def test_the_walk_away_and_urgency_lines_are_never_cut(tmp_path: Path) -> None:
    """On a projector (1280x720 at 150%) the flagship's briefing cut "… is worse tha…" and
    "… cuts a deal's worth by th…": a narrow panel says them in fewer words, figures whole,
    the full sentence on hover; a wide one says them in full."""
    from game.ui.scenes.briefing import urgency_text, walk_away_text
    from tests.conftest import FLAGSHIP
    from tests.ui.conftest import make_ctx

    for size, scale, short in (((1280, 720), 1.5, True), ((1920, 1080), 1.0, False)):
        ctx = make_ctx(tmp_path / f"home{scale}", size, scale)
        try:
            start(ctx, FLAGSHIP, humans=("poland",))
            flow.show_game(ctx)
            ctx.app.push(BriefingScene(ctx, "poland"))  # as the pause menu's Briefing opens it
            scene = ctx.app.scenes.top
            assert isinstance(scene, BriefingScene)
            view = scene.table.view("poland")
            assert view.me is not None
            prefs = view.me.preferences
            for name, said in (("walkaway", walk_away_text), ("urgency", urgency_text)):
                box = scene.layout[name]
                assert not box.truncated, (size, name)
                full = said(prefs) if name == "walkaway" else said(prefs, view.rounds)
                assert (box.text != full) == short and (box.tooltip == full) == short
                assert f"{prefs.reservation:g}" in box.text if name == "walkaway" else (
                    f"{prefs.urgency * 100:g}%" in box.text)
            assert not scene.layout["legend"].truncated
            assert audit(scene.layout) == []
        finally:
            ctx.end_game()

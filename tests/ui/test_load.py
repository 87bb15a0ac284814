"""The Load screen a trainer can trust: each entry says the scenario, where the game stands,
who played it, whether it is a "what if", when it was played and its length; the game in
progress comes first; near-duplicates are explained; a bad file is listed, never a crash."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from game import paths
from game.ui import control_ops
from game.ui.context import Context
from game.ui.layout import audit, audit_gui
from game.ui.pilot import Pilot
from game.ui.scenes.load import LoadScene, when
from game.ui.scenes.replay import ReplayScene
from tests.ui.conftest import button_of, forget_autosave, make_ctx, start

TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")


def play(ctx: Context, actions: int | None = None) -> None:
    """Let the bots of the game in progress play `actions` actions (to the end when None)."""
    table = ctx.table
    assert table is not None
    n = 0
    while not table.over and (actions is None or n < actions):
        assert table.step_bot() is not None
        n += 1


def open_load(ctx: Context) -> LoadScene:
    scene = LoadScene(ctx)
    ctx.app.push(scene)
    ctx.app.step([], 1 / 60)
    return scene


def row(scene: LoadScene, k: int) -> dict[str, str]:
    """The texts of row `k`, by part (tag, name, what, who, when, id, file)."""
    return {part: scene.layout[f"{part}{k}"].text
            for part in ("tag", "name", "what", "who", "when", "id", "file")
            if f"{part}{k}" in scene.layout}


def test_the_game_in_progress_comes_first_and_opens_as_continue(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=("uk",))
    play(ctx, 0)
    ctx.end_game()
    scene = open_load(ctx)
    first = row(scene, 0)
    assert first["tag"] == "In progress (Continue)"
    assert first["name"] == "Tutorial: The Backstop Bargain"
    assert first["what"] == "Round 1 of 4 · running · 0 actions"
    assert first["who"] == "Played by Player uk (United Kingdom)"
    assert first["when"].startswith("today ")
    assert first["file"] == "autosave.jsonl"
    Pilot(ctx.app).widget("open_current")
    assert ctx.table is not None and ctx.table.humans == ("uk",)
    assert not ctx.places.save_files()  # resumed in place, as Continue does: nothing kept


def test_a_running_save_says_its_round_and_seats(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    play(ctx, 12)
    assert ctx.table is not None
    state = ctx.table.session.state
    ctx.save_as("seminar")
    start(ctx, TUTORIAL, humans=("usa",), seed="2")  # keeps nothing new: the seminar is saved
    ctx.end_game()
    scene = open_load(ctx)
    entries = {s.path.name: n for n, s in enumerate(scene.saves)}
    seminar = row(scene, 1 + entries["seminar.jsonl"])
    assert "tag" not in seminar
    assert seminar["what"] == f"Round {state.round} of 4 · running · 12 actions"
    assert seminar["who"] == "All bots"
    assert seminar["file"] == "seminar.jsonl" and seminar["id"] == "tutorial-backstop-bargain"


def test_a_finished_game_says_it_reached_agreement(ctx: Context) -> None:
    start(ctx, TUTORIAL, humans=())
    play(ctx)
    assert ctx.table is not None
    state = ctx.table.session.state
    assert state.status == "agreement"
    ctx.save_as("done")
    ctx.end_game()
    scene = open_load(ctx)
    current, done = row(scene, 0), row(scene, 1)
    assert current["tag"] == "Last game (Continue)"
    assert current["what"].startswith(f"Agreement in round {state.end_round} · ")
    # the same game as the autosave: marked, and placed right under it
    assert done["tag"] == "Saved copy"
    assert done["who"] == "A copy of the game played last; Open resumes it"


def test_a_what_if_branch_names_its_round_and_the_game_it_came_from(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    table = ctx.table
    assert table is not None
    while table.session.state.round < 2:
        assert table.step_bot() is not None
    actions = len(table.session.records)
    parent = control_ops.branch_game(ctx, 1)
    os.utime(parent, (1_700_000_000, 1_700_000_000))
    assert ctx.table is not None
    restart = len(ctx.table.session.records)
    ctx.end_game()
    scene = open_load(ctx)
    branch = row(scene, 0)
    assert branch["tag"] == "In progress (Continue)"
    assert branch["what"] == (f"Round 1 of 4 · running · {restart} action"
                              f"{'' if restart == 1 else 's'} · What if from round 1")
    assert branch["who"] == (f"Branched from the {actions}-action game saved "
                             f"{when(1_700_000_000)} · All bots")
    original = row(scene, 1)
    assert "tag" not in original and original["file"] == parent.name


def test_near_duplicates_show_once_or_as_an_earlier_copy(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    play(ctx, 6)
    early = ctx.save_as("early")
    play(ctx, 6)
    late, twin = ctx.save_as("late"), ctx.save_as("twin")
    ctx.end_game()
    forget_autosave(ctx)
    for path, t in ((early, 3_000_000), (late, 2_000_000), (twin, 1_000_000)):
        os.utime(path, (t, t))
    scene = open_load(ctx)
    # the oldest of the identical files stays (the tooltip names the other)
    assert [s.path for s in scene.saves] == [twin, early]
    assert "late.jsonl" in scene.layout["row0"].tooltip
    assert row(scene, 1)["tag"] == "Earlier copy"
    assert row(scene, 1)["who"] == (f"The first 6 of the 12 actions of the game saved "
                                    f"{when(1_000_000)}")


def test_a_corrupt_or_foreign_file_is_listed_as_unreadable(ctx: Context) -> None:
    ctx.places.saves.mkdir(parents=True)
    (ctx.places.saves / "junk.jsonl").write_bytes(b"\xff\x00 not a log\n")
    (ctx.places.saves / "foreign.jsonl").write_text('{"format": "chess/pgn"}\n', "utf-8")
    scene = open_load(ctx)
    assert len(scene.saves) == 2
    for k in range(2):
        entry = row(scene, k)
        assert entry["tag"] == "Unreadable" and "not a Backstop log" in entry["what"]
        assert entry["who"] == "It cannot be opened or replayed"
        # ...and its buttons are off: nothing to open or watch, and Enter opens nothing
        for button in (f"open{k}", f"replay{k}"):
            assert not button_of(scene, button).is_enabled
            assert button_of(scene, button).class_ids[-1] == "@button"
    pilot = Pilot(ctx.app)
    pilot.widget("open0")
    assert ctx.table is None and scene.saves[0].path.name in scene.layout["message"].text
    pilot.widget("replay1")
    assert ctx.app.scenes.top is scene
    assert audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []


def test_the_game_in_progress_replays_from_its_row(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    play(ctx, 5)
    ctx.end_game()
    open_load(ctx)
    Pilot(ctx.app).widget("replay_current")
    top = ctx.app.scenes.top
    assert isinstance(top, ReplayScene) and top.rep.length == 5
    assert ctx.table is None


def test_dates_read_as_today_or_a_day(ctx: Context) -> None:
    now = datetime(2026, 11, 26, 9, 0)
    assert when(datetime(2026, 11, 26, 8, 5).timestamp(), now) == "today 08:05"
    assert when(datetime(2026, 11, 25, 14, 5).timestamp(), now) == "25 Nov 14:05"
    assert when(datetime(2025, 3, 2, 14, 5).timestamp(), now) == "2 Mar 2025 14:05"
    assert when(0, now) == "date unknown"


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_many_saves_page_and_lay_out_cleanly(tmp_path: Path, scale: float) -> None:
    ctx = make_ctx(tmp_path / "home", (1280, 720), scale)
    start(ctx, TUTORIAL, humans=("uk", "usa"))
    play(ctx, 0)
    for n in range(1, 4):  # different games, so none is a copy of another
        start(ctx, TUTORIAL, seed=str(n))
        play(ctx, n * 4)
        ctx.save_as(f"game {n}")
    ctx.end_game()
    for n in range(8):
        (ctx.places.saves / f"broken {n}.jsonl").write_text("{}\n", "utf-8")
    scene = open_load(ctx)
    assert scene.pager.needed
    pilot = Pilot(ctx.app)
    seen: set[str] = set()
    for _ in scene.pager.pages:
        assert audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
        seen |= {b.name for b in scene.layout if b.name.startswith("row")}
        pilot.widget("saves_next")
    assert len(seen) == 1 + len(scene.saves)
    ctx.end_game()


def test_over_a_button_only_the_buttons_tooltip_shows(ctx: Context) -> None:
    """Two tooltips showed at once over a row's Open button, the row's (its file name) under
    the button's."""
    from game.ui.intents import Intent

    start(ctx, TUTORIAL)
    play(ctx, 4)
    ctx.save_as("seminar")
    ctx.end_game()
    scene = open_load(ctx)
    k = next(k for k, (_, s) in enumerate(scene.entries()) if s.path.stem == "seminar")
    key = scene.entries()[k][0]
    opener = button_of(scene, f"open{key}")
    scene.handle(Intent("pointer", pos=opener.rect.center))
    assert scene.tip == "" and opener.tool_tip_text == "Resume this game"
    inside = scene.layout[f"row{k}"].rect
    scene.handle(Intent("pointer", pos=(inside.x + 5, inside.centery)))
    assert scene.tip.startswith("seminar.jsonl")

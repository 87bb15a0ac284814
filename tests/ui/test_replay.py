"""The replay viewer: opened from the Load screen and the debrief, stepped with keys and buttons,
checked against the rules core's own replay, for the control seat and for one delegation."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pygame
import pytest

from game import paths
from game.core.log import replay
from game.core.model import Scenario
from game.core.state import GameState
from game.session.store import read_log
from game.ui import flow
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.pilot import Pilot
from game.ui.scene import Scene
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.load import LoadScene
from game.ui.scenes.replay import Replay, ReplayScene
from game.ui.scenes.table_parts import option_label, phase_name
from tests.ui.conftest import forget_autosave, make_ctx, start

TUTORIAL = paths.bundled_scenario("tutorial-backstop-bargain")
FLAGSHIP = paths.bundled_scenario(paths.FLAGSHIP)


def finish(ctx: Context, scenario: Path, seed: str = "1") -> None:
    """A game on `scenario` played to the end by bots."""
    start(ctx, scenario, seed=seed)
    table = ctx.table
    assert table is not None
    while not table.over:
        assert table.step_bot() is not None


def top(ctx: Context) -> Scene:
    scene = ctx.app.scenes.top
    assert scene is not None
    return scene


def shown(ctx: Context) -> ReplayScene:
    scene = top(ctx)
    assert isinstance(scene, ReplayScene)
    return scene


def drawn_draft(scene: ReplayScene) -> dict[str, str]:
    """The option label each clause row shows."""
    return {i.id: scene.layout[f"clause.{i.id}.option"].text for i in scene.model.view.issues
            if f"clause.{i.id}.option" in scene.layout}


def labels(state: GameState) -> dict[str, str]:
    out = {}
    for issue in state.issues:
        option = state.draft.get(issue.id)
        if option is None:  # the wording spelled out, not read back from the helper
            label = (f"OPEN (counts as {option_label(issue, issue.if_open)})" if issue.if_open
                     else "OPEN, no fallback")
        else:
            label = option_label(issue, option)
        out[issue.id] = label
    return out


def texts(scene: Scene) -> str:
    return "\n".join(f"{b.text} {b.tooltip}" for b in scene.layout)


def core_states(ctx: Context, path: Path) -> tuple[Scenario, tuple[GameState, ...]]:
    """The rules core's own replay of a saved log (not the screen's)."""
    log = read_log(path)
    scenario = ctx.load_scenario(ctx.places.scenario_for(log.header["scenario_sha256"])).scenario
    return scenario, replay(scenario, log.records, keep_states=True).states


def test_a_saved_game_replays_from_the_load_screen_step_by_step(ctx: Context) -> None:
    finish(ctx, TUTORIAL)
    path = ctx.save_as("seminar")
    ctx.end_game()
    autosave = ctx.places.autosave.read_bytes()
    _, states = core_states(ctx, path)
    n = len(states) - 1
    pilot = Pilot(ctx.app)
    ctx.app.push(LoadScene(ctx))
    pilot.widget("replay0")
    scene = shown(ctx)
    assert ctx.table is None  # nothing was resumed
    assert scene.k == 0 and scene.rep.length == n
    pilot.press(pygame.K_LEFT)
    assert scene.k == 0  # no stepping before the start
    for _ in range(3):
        pilot.press(pygame.K_RIGHT)
    assert scene.k == 3
    assert scene.model.view.draft == states[3].draft
    assert drawn_draft(scene) == labels(states[3])
    assert f"Action 3 of {n}" in scene.layout["where.pos"].text
    # The header says where the action was taken: the round and phase of the state before it.
    last_vote = next(k for k in range(1, n + 1) if states[k].round != states[k - 1].round)
    scene.go(last_vote)
    assert f"Round {states[last_vote - 1].round} of" in scene.layout["where.pos"].text
    assert phase_name(states[last_vote - 1].phase) in scene.layout["where.pos"].text
    # ... and that it ends that round, as the round picker and the panels show the next one
    assert scene.layout["where.pos"].text.endswith(
        f", which ends it: now round {states[last_vote].round}")
    assert not scene.layout["where.pos"].truncated
    scene.go(3)
    assert "which ends it" not in scene.layout["where.pos"].text
    pilot.widget("replay_back")
    assert scene.k == 2 and scene.model.view.draft == states[2].draft
    pilot.press(pygame.K_END)
    assert scene.k == n and scene.model.view.draft == states[n].draft
    assert drawn_draft(scene) == labels(states[n])
    pilot.press(pygame.K_RIGHT)
    pilot.widget("replay_forward")
    assert scene.k == n  # no stepping past the end
    forward = next(w for w in scene.widgets if w.object_ids[-1] == "#replay_forward")
    assert not forward.is_enabled
    pilot.press(pygame.K_HOME)
    assert scene.k == 0
    pilot.press(pygame.K_PAGEDOWN)  # the start of round 2
    assert states[scene.k].round == 2 and states[scene.k - 1].round == 1
    round_two = scene.k
    pilot.press(pygame.K_PAGEDOWN)
    pilot.press(pygame.K_PAGEUP)
    assert scene.k == round_two
    # The round drop-down: Tab to it (after the viewer's), Right picks the next round.
    pilot.press(pygame.K_HOME)
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_TAB)
    pilot.press(pygame.K_RIGHT)
    pilot.frames(1)
    assert scene.k == round_two
    assert scene.model.view.draft == states[round_two].draft
    pilot.press(pygame.K_ESCAPE)
    assert isinstance(top(ctx), LoadScene)
    assert ctx.places.autosave.read_bytes() == autosave  # read-only


def _hidden_vote_position(states: Sequence[GameState]) -> tuple[int, int, str, str]:
    """A position while voting is open where two stakeholders have voted on a proposal:
    (k, the proposal, one voter, another voter who looks)."""
    for k, state in enumerate(states):
        if state.phase != "votes":
            continue
        for p in state.proposals:
            if p.revealed or len(p.votes) < 2:
                continue
            voter = next(iter(p.votes))
            looking = next(q for q in p.votes if q != voter)
            return k, p.id, voter, looking
    raise AssertionError("the game never had two hidden votes at once")


def test_a_delegation_sees_only_its_own_vote_until_the_votes_are_revealed(
        ctx: Context) -> None:
    finish(ctx, TUTORIAL)
    table = ctx.table
    assert table is not None
    scenario = table.session.scenario
    rep = Replay.of("tutorial", scenario, table.session.records)
    k, proposal, voter, looking = _hidden_vote_position(rep.states)
    state = rep.states[k]
    ctx.app.push(ReplayScene(ctx, rep))
    scene = shown(ctx)
    scene.go(k)
    ctx.app.draw_scene(scene)
    pending = [p for p in state.proposals if not p.revealed and p.round == state.round]
    control_votes = scene.model.votes
    for p in pending:
        assert control_votes[p.id] == dict(p.votes)  # control sees every vote as cast
    # As `looking`, picked with the viewer drop-down (Tab to it, Right to the party).
    party_ids = [p.id for p in scenario.parties]
    pilot = Pilot(ctx.app)
    pilot.press(pygame.K_TAB)
    for _ in range(party_ids.index(looking) + 1):
        pilot.press(pygame.K_RIGHT)
    pilot.frames(1)
    assert scene.viewer == looking and scene.k == k
    for p in pending:
        own = {looking: p.votes[looking]} if looking in p.votes else {}
        assert scene.model.votes[p.id] == own
        assert voter not in scene.model.votes[p.id]
    assert set(scene.model.utilities) == {looking}  # only its own utility
    words = texts(scene)
    voter_name = scenario.party(voter).name
    assert f"{voter_name}: yes" not in words and f"{voter_name}: no" not in words
    assert f"{voter_name}: voted (hidden)" in words
    # The same position in the control view names the vote.
    scene.look_as("control")
    cast = "yes" if state.proposal(proposal).votes[voter] else "no"
    assert f"{voter_name}: {cast}" in texts(scene)
    assert set(scene.model.utilities) == set(party_ids)


def test_the_debrief_replays_the_game_just_played_and_esc_returns(ctx: Context) -> None:
    finish(ctx, TUTORIAL)
    table = ctx.table
    assert table is not None
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    debrief = top(ctx)
    assert isinstance(debrief, DebriefScene)
    records = [dict(r) for r in table.session.records]
    autosave = ctx.places.autosave.read_bytes()
    Pilot(ctx.app).widget("replay")
    scene = shown(ctx)
    assert scene.rep.length == len(records)
    scene.go(scene.rep.length)
    assert scene.model.view.draft == table.session.state.draft
    Pilot(ctx.app).press(pygame.K_ESCAPE)
    assert top(ctx) is debrief
    assert table.session.records == records
    assert ctx.places.autosave.read_bytes() == autosave


def _damage(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    rec: dict[str, Any] = json.loads(lines[3])
    rec["hash"] = "0" * 16
    lines[3] = json.dumps(rec)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_a_damaged_or_unreadable_log_says_why_and_the_list_stays(ctx: Context) -> None:
    finish(ctx, TUTORIAL)
    path = ctx.save_as("edited")
    ctx.end_game()
    _damage(path)
    (ctx.places.saves / "junk.jsonl").write_text("not a log\n", "utf-8")
    pilot = Pilot(ctx.app)
    ctx.app.push(LoadScene(ctx))
    load = top(ctx)
    for n, save in enumerate(load.saves):  # type: ignore[attr-defined]
        pilot.widget(f"replay{n}")
        assert top(ctx) is load
        message = load.layout["message"].text
        assert save.path.name in message and "\n" not in message
        assert "Traceback" not in message
    assert audit(load.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []


@pytest.fixture(scope="module")
def flagship_game(tmp_path_factory: pytest.TempPathFactory
                  ) -> tuple[Scenario, list[Mapping[str, Any]]]:
    ctx = make_ctx(tmp_path_factory.mktemp("flagship"))
    finish(ctx, FLAGSHIP)
    assert ctx.table is not None
    scenario, records = ctx.table.session.scenario, list(ctx.table.session.records)
    ctx.end_game()
    return scenario, records


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.0), ((1920, 1080), 1.0),
                                             ((1280, 720), 1.5)])
def test_the_replay_lays_out_cleanly(tmp_path: Path, size: tuple[int, int], scale: float,
                                     flagship_game: tuple[Scenario, list[Mapping[str, Any]]]
                                     ) -> None:
    ctx = make_ctx(tmp_path / "home", size, scale)
    scenario, records = flagship_game
    rep = Replay.of("flagship", scenario, records)
    ctx.app.push(ReplayScene(ctx, rep))
    scene = shown(ctx)
    firsts: dict[str, int] = {}
    for k, state in enumerate(rep.states):
        firsts.setdefault(state.phase, k)
    positions = sorted({0, rep.length // 2, rep.length, *firsts.values()})
    assert {"votes", "signing"} <= set(firsts)
    for viewer in ("control", scenario.parties[0].id):
        scene.look_as(viewer)
        for k in positions:
            scene.go(k)
            ctx.app.draw_scene(scene)
            problems = audit(scene.layout) + audit_gui(ctx.app.manager, ctx.app.size)
            assert problems == [], (viewer, k)
    ctx.app.send(Intent("click", pos=scene.layout["progress"].rect.midright))
    assert scene.k == rep.length  # a click on the bar jumps there


def test_a_finished_game_is_kept_among_the_saves_once(ctx: Context) -> None:
    finish(ctx, TUTORIAL)
    table = ctx.table
    assert table is not None
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    debrief = top(ctx)
    assert isinstance(debrief, DebriefScene) and debrief.kept is not None
    kept = read_log(debrief.kept)
    assert kept.records == table.session.records and kept.header == table.session.header
    flow.show_game(ctx)  # the debrief again: no second copy
    assert ctx.places.save_files() == [debrief.kept]
    load = LoadScene(ctx)  # the same as the autosave: listed once, as the last game
    assert load.current is not None and load.current.same_files == (debrief.kept,)
    assert load.saves == []
    ctx.end_game()
    forget_autosave(ctx)  # another game replaced it: the kept copy is listed
    assert [s.path for s in LoadScene(ctx).saves] == [debrief.kept]


def test_hovering_a_place_on_the_replay_map_names_it_with_its_kind(ctx: Context) -> None:
    """The tooltip is the map's own (`MapView.tooltip_at`): every place under the pointer, its
    kind and who controls it, as on the table; the replay showed the bare name of one."""
    finish(ctx, TUTORIAL)
    ctx.ceremony_shown = True
    flow.show_game(ctx)
    Pilot(ctx.app).widget("replay")
    scene = shown(ctx)
    assert scene.map is not None
    at = scene.layout["map.view"].rect
    spec = scene.rep.scenario.map
    assert spec is not None
    inside = [(loc, scene.map.proj.to_screen(loc.lon, loc.lat)) for loc in spec.locations
              if loc.kind not in ("sea", "region")]
    loc, (x, y) = next((loc, xy) for loc, xy in inside
                       if 0 <= xy[0] < at.w and 0 <= xy[1] < at.h)
    pos = (at.x + round(x), at.y + round(y))
    ctx.app.send(Intent("pointer", pos=pos))
    assert scene.tip == scene.map.tooltip_at((pos[0] - at.x, pos[1] - at.y))
    assert scene.tip.startswith(f"{loc.name} (") or f"\n{loc.name} (" in scene.tip


def test_the_replay_names_an_issue_the_control_seat_added() -> None:
    """The replay screen words one record at a time: a lapse on an issue an earlier inject
    added read "share was already changed" without the records before it."""
    from game.ui.scenes.replay import consequences
    from tests.report.test_transcript import lapse_on_an_added_issue

    loaded, session = lapse_on_an_added_issue()
    records = session.records
    said = [consequences(loaded.scenario, rec, records[:k]) for k, rec in enumerate(records)]
    lapsed = [s for s in said if "lapsed" in s]
    assert lapsed and all("Cost share was already changed" in s for s in lapsed), lapsed

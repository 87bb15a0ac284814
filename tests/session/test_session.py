"""Sessions, log files, saves and resume: the log is the game, and no action is ever lost."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from game.core.actions import Pass, parse_action
from game.core.errors import GameError
from game.core.log import LogError, replay
from game.core.state import canonical, state_hash
from game.scenario import load_scenario
from game.session.session import Session, chance_roll
from game.session.store import mirror_of, read_autosave, read_log, write_atomic
from tests.conftest import FLAGSHIP, ROOT, TUTORIAL
from tests.core.playing import random_action

TUT = load_scenario(TUTORIAL)
FLAG = load_scenario(FLAGSHIP)

OPENING = ["propose uk force_size=up_to_30k us_backstop=air_power -- 'a trade'", "pass usa",
           "propose ukraine zone=cities_ports", "vote usa 1 yes", "vote ukraine 1 yes",
           "vote uk 2 yes", "vote usa 2 no"]


def tutorial_session(path: Path | None = None, seed: str = "s1") -> Session:
    return Session(TUT.scenario, TUT.sha256, seed, {"uk": "human:Ann", "usa": "bot:linear"},
                   autosave=path)


def test_every_action_is_on_disk_before_apply_returns(tmp_path: Path) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    for n, text in enumerate(OPENING, start=1):
        session.apply(parse_action(text))
        lines = path.read_text().splitlines()
        assert len(lines) == 1 + n  # header plus one line per action
        assert json.loads(lines[-1])["text"] == str(parse_action(text))
    session.close()


def test_an_illegal_action_changes_nothing_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    before = path.read_bytes()
    with pytest.raises(GameError):
        session.apply(Pass("usa"))
    assert path.read_bytes() == before and session.records == []


def test_resume_restores_exactly_and_keeps_appending(tmp_path: Path) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    for text in OPENING:
        session.apply(parse_action(text))
    session.close()
    loaded = read_log(path, TUT.sha256)
    resumed = Session.resume(TUT.scenario, loaded, autosave=path)
    assert state_hash(resumed.state) == state_hash(session.state)
    resumed.apply(Pass(resumed.state.order[0]))
    resumed.close()
    assert len(read_log(path).records) == len(OPENING) + 1


def test_a_torn_last_line_is_dropped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    for text in OPENING[:3]:
        session.apply(parse_action(text))
    session.close()
    with path.open("a") as fh:
        fh.write('{"seq": 4, "round": 1, "act')  # the process died mid-write
    loaded = read_log(path, TUT.sha256)
    assert len(loaded.records) == 3
    assert "cut off" in loaded.warnings[0]
    resumed = Session.resume(TUT.scenario, loaded)
    assert resumed.state.seq == 3


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda text: "", "empty"),
        (lambda text: "not json\n" + text, "not a Backstop log"),
        (lambda text: text.replace('"format":"backstop/log@1"', '"format":"other@9"'),
         "not a Backstop log of format"),
        (lambda text: text.replace("\n", "\n{garbage\n", 2), "damaged"),
        (lambda text: text.replace('"scenario_sha256":"', '"scenario_sha256":"0'),
         "different version of scenario"),
    ],
)
def test_a_corrupt_log_is_a_one_line_error_and_the_file_is_kept(tmp_path: Path, damage,  # type: ignore[no-untyped-def]
                                                                 message: str) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    for text in OPENING:
        session.apply(parse_action(text))
    session.close()
    path.write_text(damage(path.read_text()))
    before = path.read_bytes()
    with pytest.raises(LogError) as info:
        read_log(path, TUT.sha256)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert path.read_bytes() == before


def test_an_edited_action_fails_verification(tmp_path: Path) -> None:
    path = tmp_path / "auto.jsonl"
    session = tutorial_session(path)
    for text in OPENING:
        session.apply(parse_action(text))
    session.close()
    path.write_text(path.read_text().replace('"support":false', '"support":true'))
    with pytest.raises(LogError) as info:
        replay(TUT.scenario, read_log(path).records, verify=True)
    assert "hash does not match" in str(info.value)


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    path = tmp_path / "save.jsonl"
    write_atomic(path, "old\n")
    with pytest.raises(TypeError):
        write_atomic(path, 42)  # type: ignore[arg-type]
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["save.jsonl"]


def test_chance_is_rolled_by_the_session_from_its_seed() -> None:
    outcomes = set()
    for seed in range(12):
        session = Session(FLAG.scenario, FLAG.sha256, str(seed), {})
        rng = random.Random(seed)
        while session.state.running and session.state.round < 4:
            session.apply(random_action(session.state, rng, extras=False))
        rolls = [r["text"] for r in session.records if r["actor"] == "chance"]
        outcomes.add(tuple(rolls))
        again = Session(FLAG.scenario, FLAG.sha256, str(seed), {})
        for rec in session.records:
            if rec["actor"] != "chance":
                again.apply(parse_action(rec["text"]))
        assert [r["text"] for r in again.records] == [r["text"] for r in session.records]
    assert len(outcomes) > 5  # different seeds really roll differently


def test_chance_roll_depends_only_on_seed_round_and_event(minimal_text: str) -> None:
    from game.core.rules import new_game
    from game.scenario import load_bytes

    sc = load_bytes(minimal_text.replace("trigger: {round: 2}", "trigger: {chance: 0.5}")
                    .encode(), "m.yaml").scenario
    state = new_game(sc)[0]
    assert state.pending_rolls == ("storm",)
    rolls = {chance_roll(str(seed), state).fired for seed in range(30)}
    assert rolls == {True, False}
    assert chance_roll("7", state) == chance_roll("7", replace(state, seq=99))


def test_save_is_a_complete_log(tmp_path: Path) -> None:
    session = tutorial_session()
    for text in OPENING:
        session.apply(parse_action(text))
    session.save(tmp_path / "save.jsonl")
    loaded = read_log(tmp_path / "save.jsonl", TUT.sha256)
    assert canonical(replay(TUT.scenario, loaded.records, verify=True).state) == canonical(
        session.state)


SCRIPT = """
import random, sys
from game.scenario import load_scenario
from game.session.session import Session
from tests.core.playing import random_action
l = load_scenario(sys.argv[1])
s = Session(l.scenario, l.sha256, "det", {}, autosave=__import__("pathlib").Path(sys.argv[2]))
rng = random.Random(11)
while s.state.running:
    s.apply(random_action(s.state, rng))
s.close()
"""


def test_logs_are_byte_identical_under_different_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for hashseed in ("1", "4242"):
        out = tmp_path / f"log-{hashseed}.jsonl"
        env = {**os.environ, "PYTHONHASHSEED": hashseed}
        subprocess.run([sys.executable, "-c", SCRIPT, str(FLAGSHIP), str(out)], env=env,
                       cwd=ROOT, check=True, timeout=120)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].count(b"\n") > 20


KILLABLE = """
import random, sys, pathlib
from game.scenario import load_scenario
from game.session.session import Session
from tests.core.playing import random_action
l = load_scenario(sys.argv[1])
s = Session(l.scenario, l.sha256, "kill", {}, autosave=pathlib.Path(sys.argv[2]))
rng = random.Random(3)
while s.state.running:
    s.apply(random_action(s.state, rng, extras=False))
    print(s.state.seq, flush=True)
"""


def test_a_killed_game_loses_no_applied_action(tmp_path: Path) -> None:
    import signal

    log = tmp_path / "auto.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", KILLABLE, str(FLAGSHIP), str(log)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = 0
    for line in proc.stdout:
        acknowledged = int(line)
        if acknowledged >= 60:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    loaded = read_log(log, FLAG.sha256)
    assert len(loaded.records) >= acknowledged  # every acknowledged action is on disk
    resumed = Session.resume(FLAG.scenario, loaded)  # replays and checks every state hash
    assert resumed.state.seq >= acknowledged
    assert resumed.records[: len(loaded.records)] == loaded.records


# -- a damaged autosave: its mirror copy ---------------------------------------------------------


def _autosaved(tmp_path: Path) -> tuple[Path, Session]:
    path = tmp_path / "autosave.jsonl"
    session = tutorial_session(path)
    for text in OPENING:
        session.apply(parse_action(text))
    session.close()
    return path, session


@pytest.mark.parametrize("damage", [
    lambda b: b[:len(b) // 2],  # cut short (a half copy, a full disk)
    lambda b: b[:b.rindex(b"\n", 0, len(b) - 1) + 1],  # one whole line gone
    lambda b: b"",  # emptied
    lambda b: b.replace(b"\n", b"\n{garbage\n", 2),  # damaged inside
], ids=["half", "last-line", "empty", "garbage"])
def test_a_damaged_autosave_is_read_from_its_mirror_with_every_action(
        tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path, session = _autosaved(tmp_path)
    mirror = mirror_of(path)
    assert mirror.read_bytes() == path.read_bytes()  # written line for line together
    path.write_bytes(damage(path.read_bytes()))
    loaded = read_autosave(path)
    assert loaded.records == session.records
    (warning,) = loaded.warnings
    assert warning.startswith(("autosave.jsonl was cut short at ",
                               "autosave.jsonl could not be read ("))
    assert warning.endswith(f"read from its mirror copy, {len(OPENING)} actions")
    resumed = Session.resume(TUT.scenario, loaded, autosave=path)  # both written afresh
    resumed.close()
    assert path.read_bytes() == mirror.read_bytes()
    assert len(read_log(path).records) == len(OPENING)


def test_a_sound_autosave_is_read_as_it_is_and_both_lost_is_its_own_error(
        tmp_path: Path) -> None:
    path, session = _autosaved(tmp_path)
    loaded = read_autosave(path)
    assert loaded.records == session.records and loaded.warnings == []
    mirror_of(path).write_text("not a log\n")  # a damaged mirror changes nothing
    assert read_autosave(path).warnings == []
    path.write_text("")
    with pytest.raises(LogError, match="empty"):
        read_autosave(path)
    # a longer mirror of another game (files copied about) is never taken for this one
    path, session = _autosaved(tmp_path)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:3]))
    other = tutorial_session(tmp_path / "other.jsonl", seed="s2")
    for text in OPENING:
        other.apply(parse_action(text))
    other.close()
    mirror_of(path).write_bytes((tmp_path / "other.jsonl").read_bytes())
    assert read_autosave(path).records == session.records[:2]


def test_a_crash_while_rewriting_the_autosave_never_leaves_an_older_longer_mirror(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening an earlier save of the same game rewrites the autosave shorter: a crash before
    the mirror was rewritten left the longer mirror, which reading took for the autosave
    damaged, and the game came back longer than the save opened."""
    from game.session import store

    path, session = _autosaved(tmp_path)
    earlier = read_log(path)
    earlier.records = earlier.records[:3]
    writes: list[Path] = []

    def crash_on_the_mirror(target: Path, text: str, *, sync: bool = True) -> None:
        if target == mirror_of(path):
            raise OSError("killed")
        writes.append(target)
        write_atomic(target, text, sync=sync)

    monkeypatch.setattr(store, "write_atomic", crash_on_the_mirror)
    with pytest.raises(OSError):
        Session.resume(TUT.scenario, earlier, autosave=path)
    assert writes == [path] and not mirror_of(path).exists()
    assert read_autosave(path).records == session.records[:3]


def test_with_both_copies_cut_short_the_notice_says_later_actions_are_lost(
        tmp_path: Path) -> None:
    """Both copies cut: the longer part goes on, but the notice must not promise every action."""
    path, session = _autosaved(tmp_path)
    mirror = mirror_of(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    mirror.write_bytes(mirror.read_bytes()[: mirror.stat().st_size * 3 // 4])
    loaded = read_autosave(path)
    assert 0 < len(loaded.records) < len(session.records)
    assert loaded.records == session.records[:len(loaded.records)]
    (warning,) = loaded.warnings
    assert warning.endswith("the mirror was damaged too, so any actions after those are lost")


def test_an_offers_game_saved_before_turns_stopped_rotating_says_why_it_cannot_resume() -> None:
    """Under alternating offers the order used to rotate between rounds: such a log fails at
    round 2 under today's rules, and must say so rather than only "not your turn"."""
    from game.core.actions import Offer, to_dict
    from game.session.store import LoadedLog

    offers = load_scenario(ROOT / "scenarios" / "tutorial-alternating-offers.yaml")
    session = Session(offers.scenario, offers.sha256, "old", {})
    first, second = offers.scenario.party_ids[:2]
    from itertools import product

    from game.core.scoring import red_lines_crossed

    issues = offers.scenario.issues
    text = next(t for t in (tuple(zip([i.id for i in issues], combo, strict=True))
                            for combo in product(*(i.option_ids for i in issues)))
                if not any(red_lines_crossed(p.preferences, dict(t))
                           for p in offers.scenario.parties))
    session.apply(Offer(first, text))
    session.apply(Offer(second, text))
    assert session.state.round == 2 and session.state.order[0] == first
    # as 0.1.0 logged it: the second party opened round 2
    old = {"seq": session.state.seq + 1, "round": 2,
           "action": to_dict(Offer(second, text)), "events": []}
    head = {**session.header, "game_version": "0.1.0"}
    with pytest.raises(LogError) as info:
        Session.resume(offers.scenario, LoadedLog(head, [*session.records, old]))
    message = str(info.value)
    assert "not_your_turn" in message
    assert message.endswith("saved by Backstop 0.1.0, whose turns rotated between rounds, and "
                            "this version's rules cannot replay it")
    with pytest.raises(LogError) as today:  # the same failure in a log of today says no more
        Session.resume(offers.scenario, LoadedLog(session.header, [*session.records, old]))
    assert "rotated" not in str(today.value)

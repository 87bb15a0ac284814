"""Listing saved games: read from the header and the last record, never replayed; identical
files once, an earlier copy tied to the longer game, and a bad file listed with the reason."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.core.actions import parse_action
from game.core.log import header_hash
from game.scenario import load_scenario
from game.session.places import Places
from game.session.saves import autosave_summary, list_games, summarise
from game.session.session import Session
from game.session.store import mirror_of, read_autosave, save_log
from game.session.table import Seat, Table
from tests.conftest import TUTORIAL

TUT = load_scenario(TUTORIAL)


@pytest.fixture
def places(tmp_path: Path) -> Places:
    places = Places(tmp_path / "home")
    assert places.keep_scenario(TUTORIAL.read_bytes()) == TUT.sha256
    places.saves.mkdir(parents=True)
    return places


def bot_table(seed: str = "1", humans: dict[str, str] | None = None) -> Table:
    """A tutorial table with bots in every seat but `humans` (party -> player name)."""
    humans = humans or {}
    seats = {p.id: Seat(p.id, "human", humans[p.id]) if p.id in humans
             else Seat(p.id, "bot", p.bot.strategy) for p in TUT.scenario.parties}
    return Table.new(TUT.scenario, TUT.sha256, seed, seats)


def play(table: Table, actions: int | None = None) -> Session:
    """Let the bots play `actions` actions (to the end when None)."""
    n = 0
    while not table.over and (actions is None or n < actions):
        assert table.step_bot() is not None
        n += 1
    return table.session


def stamp(path: Path, seconds: float) -> None:
    os.utime(path, (seconds, seconds))


def test_a_running_game_says_its_round_seats_and_length(places: Places) -> None:
    session = Session(TUT.scenario, TUT.sha256, "s1",
                      {"uk": "human:Group A", "usa": "human:United States delegation",
                       "ukraine": "bot:linear"})
    for text in ("propose uk force_size=up_to_30k us_backstop=air_power -- 'a trade'",
                 "pass usa", "propose ukraine zone=cities_ports"):
        session.apply(parse_action(text))
    path = places.saves / "seminar.jsonl"
    session.save(path)
    save = summarise(path, places)
    assert save.problem == ""
    assert save.scenario == TUT.scenario.title and save.scenario_id == TUT.scenario.id
    assert (save.status, save.round, save.rounds) == ("running", 1, TUT.scenario.rounds)
    assert save.actions == len(session.records) == 3
    assert save.humans == ("Group A (United Kingdom)", "United States delegation")
    assert save.last_hash == session.records[-1]["hash"]
    assert save.header_hash == header_hash(session.header) and not save.parent


def test_the_round_moves_on_with_the_record_that_starts_it(places: Places) -> None:
    session = play(bot_table())
    records = session.records
    first_of_two = next(n for n, r in enumerate(records) if r["round"] == 2)
    path = places.saves / "cut.jsonl"
    save_log(path, session.header, records[:first_of_two])  # its last record starts round 2
    assert summarise(path, places).round == 2


def test_a_finished_game_says_how_it_ended(places: Places) -> None:
    session = play(bot_table())
    path = places.saves / "done.jsonl"
    session.save(path)
    save = summarise(path, places)
    state = session.state
    assert state.status in ("agreement", "no_deal")
    assert (save.status, save.round) == (state.status, state.end_round)
    assert save.humans == ()


def test_a_branch_names_its_parent_and_round(places: Places) -> None:
    session = play(bot_table())
    parent = places.saves / "parent.jsonl"
    session.save(parent)
    stamp(parent, 1_000)
    branch = session.branch(2)
    path = places.saves / "branch.jsonl"
    branch.save(path)
    stamp(path, 2_000)
    listing = list_games(places)
    shown = {s.path.name: s for s in listing.saves}
    assert shown["branch.jsonl"].parent == header_hash(session.header)
    assert shown["branch.jsonl"].branch_round == 2
    assert shown["branch.jsonl"].branch_of is not None
    assert shown["branch.jsonl"].branch_of.path == parent
    assert shown["parent.jsonl"].branch_of is None and shown["parent.jsonl"].copy_of is None


@pytest.mark.parametrize(("content", "words"), [
    (b"not a log\n", "not a Backstop log"),
    (b"", "empty"),
    (b"\xff\xfe\x00garbage\n", "not a Backstop log"),
    (b'{"format": "someone-else/v2"}\n', "not a Backstop log of format"),
    (b"[1, 2]\n", "not a Backstop log"),
])
def test_a_bad_file_is_listed_with_the_reason(places: Places, content: bytes,
                                              words: str) -> None:
    path = places.saves / "bad.jsonl"
    path.write_bytes(content)
    listing = list_games(places)
    assert [s.path for s in listing.saves] == [path]
    assert words in listing.saves[0].problem


def test_a_torn_or_damaged_last_line_is_left_out_as_reading_would(places: Places) -> None:
    session = play(bot_table(), 6)
    path = places.saves / "torn.jsonl"
    session.save(path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"seq": 7, "half a rec')
    save = summarise(path, places)
    assert (save.actions, save.last_hash) == (6, session.records[-1]["hash"])
    path.write_text(path.read_text("utf-8") + "ord\n", "utf-8")  # now a damaged full line
    save = summarise(path, places)
    assert (save.actions, save.last_hash) == (6, session.records[-1]["hash"])


def test_a_missing_scenario_shows_its_id(places: Places) -> None:
    session = play(bot_table(), 2)
    path = places.saves / "orphan.jsonl"
    session.save(path)
    places.scenario_for(TUT.sha256).unlink()
    save = summarise(path, places)
    assert (save.scenario, save.rounds, save.problem) == (TUT.scenario.id, 0, "")


def test_identical_files_show_once_and_an_earlier_copy_follows_the_longer_game(
        places: Places) -> None:
    table = bot_table()
    session = play(table, 10)
    early = places.saves / "early.jsonl"
    session.save(early)
    stamp(early, 3_000)  # the newest file, but the shorter game
    play(table, 10)
    late, twin = places.saves / "late.jsonl", places.saves / "twin.jsonl"
    session.save(late)
    session.save(twin)
    stamp(late, 2_000)
    stamp(twin, 1_000)
    other = places.saves / "other.jsonl"
    play(bot_table(seed="2"), 5).save(other)
    stamp(other, 1_500)
    listing = list_games(places)
    # the oldest of identical files stays; an earlier copy follows the game it starts
    assert [s.path.name for s in listing.saves] == ["other.jsonl", "twin.jsonl",
                                                    "early.jsonl"]
    other_s, twin_s, early_s = listing.saves
    assert twin_s.same_files == (late,) and twin_s.copy_of is None
    assert early_s.copy_of is not None and early_s.copy_of.path == twin
    assert (early_s.actions, early_s.copy_of.actions) == (10, 20)
    assert other_s.copy_of is None


def test_the_autosave_comes_first_and_holds_its_earlier_copies(places: Places) -> None:
    table = bot_table()
    session = play(table, 4)
    kept = places.saves / "kept.jsonl"
    session.save(kept)
    play(table, 4)
    session.save(places.autosave)
    listing = list_games(places)
    assert listing.current is not None and listing.current.current
    assert listing.current.actions == 8
    (save,) = listing.saves
    assert save.copy_of is not None and save.copy_of.current


def test_a_save_identical_to_the_autosave_is_listed_once_as_the_autosave(
        places: Places) -> None:
    """A finished game is kept in the saves at once: the Load screen showed it twice, as
    "Last game (Continue)" and as an "Earlier copy" of it with as many actions."""
    table = bot_table()
    session = play(table, 6)
    session.save(places.autosave)
    kept = places.kept("tutorial", str(session.records[-1]["hash"]), True)
    session.save(kept)
    # a player's own save is listed, as its copy, even when named like the game's own
    named = places.save_name("seminar-finished")
    assert not places.is_kept(named) and places.is_kept(kept)
    assert places.is_kept(places.saves / "tutorial-0123abcd-unfinished.jsonl")  # as once kept
    session.save(named)
    listing = list_games(places)
    assert listing.current is not None and listing.current.same_files == (kept,)
    (save,) = listing.saves
    assert save.path == named and save.copy_of is not None and save.copy_of.current
    play(table, 2)  # the autosave moves on: the kept file is its earlier copy again
    session.save(places.autosave)
    listing = list_games(places)
    assert listing.current is not None and listing.current.same_files == ()
    (save,) = listing.saves  # the two identical files once, as the autosave's earlier copy
    assert {save.path, *save.same_files} == {kept, named}
    assert save.copy_of is not None and save.copy_of.current


def test_listing_does_not_read_past_the_header_for_the_scenario(places: Places) -> None:
    """A save whose records would not replay is still listed from its last record."""
    session = play(bot_table(), 5)
    path = places.saves / "edited.jsonl"
    session.save(path)
    lines = path.read_text("utf-8").splitlines()
    rec = json.loads(lines[2])
    rec["action"] = {"type": "nonsense"}
    lines[2] = json.dumps(rec)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    save = summarise(path, places)
    assert save.problem == "" and save.actions == 5


def test_a_record_of_a_longer_game_is_read_once_per_listing(places: Places,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """Two short saves of the same length and header that differ at their end (a game taken
    another way after a resume) are both compared with the long game at the same record."""
    from game.session import saves

    table = bot_table()
    session = play(table, 6)
    start, other = places.saves / "start.jsonl", places.saves / "other.jsonl"
    session.save(start)
    session.save(other)
    lines = other.read_text("utf-8").splitlines()
    rec = json.loads(lines[-1])
    rec["hash"] = "0" * len(rec["hash"])  # listing never replays, so only this end differs
    lines[-1] = json.dumps(rec)
    other.write_text("\n".join(lines) + "\n", "utf-8")
    play(table, 6)
    session.save(places.saves / "long.jsonl")
    reads: list[tuple[Path, int]] = []
    real = saves._hash_after
    monkeypatch.setattr(saves, "_hash_after",
                        lambda path, n: reads.append((path, n)) or real(path, n))
    listing = list_games(places)
    assert reads == [(places.saves / "long.jsonl", 6)]
    by_name = {s.path.name: s for s in listing.saves}
    assert by_name["start.jsonl"].copy_of is not None  # the real start of the long game
    assert by_name["other.jsonl"].copy_of is None


def test_the_autosave_listed_is_the_copy_continue_reads(places: Places) -> None:
    """The menu's and Load's summary of the autosave chose its copy by length alone: a longer
    mirror of another game (an older version wrote no mirror) was described, and Continue
    opened the autosave."""
    auto, mirror = places.autosave, mirror_of(places.autosave)
    this = play(bot_table("1"), 4)
    this.save(auto)
    other = play(bot_table("2"), 8)
    other.save(mirror)
    summary = autosave_summary(places)
    assert summary is not None and summary.path == auto and summary.actions == 4
    assert read_autosave(auto).records == this.records
    longer = play(bot_table("1"), 6)  # the same game, further on: both take the mirror
    longer.save(mirror)
    summary = autosave_summary(places)
    assert summary is not None and summary.path == mirror and summary.actions == 6
    assert read_autosave(auto).records == longer.records


def test_a_kept_scenario_is_found_only_by_a_real_sha256(places: Places) -> None:
    assert places.scenario_for(TUT.sha256).is_file()
    for bad in ("../../etc/passwd", TUT.sha256.upper(), TUT.sha256[:-1], ""):
        with pytest.raises(FileNotFoundError):
            places.scenario_for(bad)
